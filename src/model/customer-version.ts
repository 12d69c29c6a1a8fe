/**
 * `Customer.version`: a stable digest of every field this API maps, so it is the same whichever
 * query returned the record (`customer`, `customers`, `_entities`) and changes whenever one of
 * those fields changes. Neither provider offers a stamp that is reliable for this (LoanPro's
 * `lastUpdate` is in whole seconds; SimPay's list and detail timestamps are zone-less), so the
 * digest is taken over the mapped record itself. Opaque to callers.
 */
import { hash } from "node:crypto";
import type { Customer } from "./customer.js";

/**
 * JSON with object keys sorted and `undefined` members left out (`null` kept), so equal values
 * give equal text whatever order their keys were built in. Dates as ISO 8601.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
  return `{${members.join(",")}}`;
}

/** The digest of `value`'s canonical JSON (SHA-256, base64url). */
export function digestOf(value: unknown): string {
  return hash("sha256", canonicalJson(value), "base64url");
}

/**
 * The fields the version covers: every field of the model, listed so that nothing a layer adds
 * to the object (federation's `__typename`, say) changes it. The compiler keeps the list complete.
 */
const VERSIONED_FIELDS: Record<keyof Customer, true> = {
  id: true,
  provider: true,
  providerId: true,
  externalId: true,
  displayName: true,
  status: true,
  statusLabel: true,
  customerType: true,
  firstName: true,
  middleName: true,
  lastName: true,
  companyName: true,
  contactName: true,
  email: true,
  birthDate: true,
  gender: true,
  generationCode: true,
  governmentId: true,
  creditLimit: true,
  portalUsername: true,
  ofacMatch: true,
  ofacTested: true,
  defaultContact: true,
  primaryAddress: true,
  mailingAddress: true,
  billingAddress: true,
  shippingAddress: true,
  createdAt: true,
  updatedAt: true,
};
const FIELD_NAMES = Object.keys(VERSIONED_FIELDS) as Array<keyof Customer>;

export function customerVersion(customer: Customer): string {
  const mapped: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) mapped[name] = customer[name] ?? null;
  return digestOf(mapped);
}
