/**
 * SimPay HTTP failures -> domain errors (docs/providers/simpay.md §9: ServiceStack's
 * `ResponseStatus` envelope and status table). Pure. The provider's messages are never passed on:
 * FluentValidation-style texts can quote the rejected value, so every message here is a fixed
 * sentence.
 */
import type { DomainError, FieldError } from "../../model/errors.js";
import { errorForStatus } from "../provider-http.js";
import { SIMPAY_ADDRESS_FIELDS, SIMPAY_CONTACT_FIELDS } from "./simpay.mappers.js";
import type { SimPayErrorBody, SimPayFieldError } from "./simpay.wire.js";

const TOP_LEVEL_MEMBERS: Record<string, string> = {
  customername: "displayName",
  customerid: "externalId",
  activationstatus: "status",
  defaultcontact: "defaultContact",
  billingaddress: "billingAddress",
  shippingaddress: "shippingAddress",
};

function invert(table: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(table).map(([model, wire]) => [wire.toLowerCase(), model]),
  );
}

const CONTACT_MEMBERS: Record<string, string> = {
  ...invert(SIMPAY_CONTACT_FIELDS),
  billingaddress: "billingAddress",
  shippingaddress: "shippingAddress",
};
const ADDRESS_MEMBERS = invert(SIMPAY_ADDRESS_FIELDS);

/**
 * A ServiceStack `FieldName` ("DefaultContact.EmailAddress", "BillingAddress.PostalCode",
 * "CustomerName") -> the input path (["defaultContact","email"], ...). Matched case-insensitively;
 * as much of the path as is known is kept, and [] when not even the first member is known.
 */
export function fromSimPayFieldName(fieldName: string | undefined): string[] {
  if (!fieldName) return [];
  const members = fieldName.split(".").map((member) =>
    member
      .replace(/\[\d+\]$/, "")
      .trim()
      .toLowerCase(),
  );
  const path: string[] = [];
  let table: Record<string, string> = TOP_LEVEL_MEMBERS;
  for (const member of members) {
    const mapped = table[member];
    if (!mapped) break;
    path.push(mapped);
    table =
      mapped === "defaultContact"
        ? CONTACT_MEMBERS
        : mapped === "billingAddress" || mapped === "shippingAddress"
          ? ADDRESS_MEMBERS
          : {};
  }
  return path;
}

function fieldErrorsOf(body: unknown): SimPayFieldError[] {
  const errors = (body as SimPayErrorBody | null | undefined)?.ResponseStatus?.Errors;
  return Array.isArray(errors) ? errors : [];
}

/** The provider-side error code, for logs only (never the message: it may quote a value). */
export function simPayErrorCode(body: unknown): string | undefined {
  const code = (body as SimPayErrorBody | null | undefined)?.ResponseStatus?.ErrorCode;
  return typeof code === "string" ? code.slice(0, 64) : undefined;
}

/** 400 on a write: each `Errors[]` entry becomes REJECTED_BY_PROVIDER at its input path. */
export function fromSimPayRejection(body: unknown): FieldError[] {
  const entries = fieldErrorsOf(body);
  if (entries.length === 0) {
    return [{ path: [], code: "REJECTED_BY_PROVIDER", message: "SimPay rejected the update." }];
  }
  return entries.map((entry) => ({
    path: fromSimPayFieldName(entry.FieldName),
    code: "REJECTED_BY_PROVIDER",
    message: "SimPay rejected this value.",
  }));
}

/**
 * A write answered 400 or 409 -> the userErrors (docs/providers/simpay.md §9); null for any other
 * status, which `fromSimPayStatus` turns into an error. 409 is a concurrency conflict, not retried.
 */
export function simPayWriteRejection(status: number, body: unknown): FieldError[] | null {
  if (status === 400) return fromSimPayRejection(body);
  if (status === 409) {
    return [
      { path: [], code: "CONFLICT", message: "The SimPay record changed meanwhile; try again." },
    ];
  }
  return null;
}

/**
 * A SimPay response status that is not success (and not a write rejection) -> the error to throw
 * (docs/providers/simpay.md §9), by the one rule of `errorForStatus`.
 */
export function fromSimPayStatus(status: number): DomainError {
  return errorForStatus("SIMPAY", status);
}
