/**
 * SimPay's pure pieces of the update pipeline (`../update-pipeline.ts`): the PATCH a patch needs
 * and what SimPay's answer to it means (docs/providers/simpay.md §5, §9).
 */
import type { CustomerPatch } from "../../model/customer.js";
import type { FieldError } from "../../model/errors.js";
import type { UpstreamResponse } from "../provider-http.js";
import { failedWrite, type WriteClassification, type WriteRequest } from "../update-pipeline.js";
import { fromSimPayStatus, simPayWriteRejection } from "./simpay.errors.js";
import { toSimPayCustomerPatch } from "./simpay.mappers.js";
import type { SimPayCustomerDetail } from "./simpay.wire.js";

export function simPayCustomerPath(providerId: string): string {
  return `customers/${encodeURIComponent(providerId)}`;
}

/** PATCH /customers/{customerKey}: only the supplied members change; null when nothing would. */
export function planSimPayUpdate(
  patch: CustomerPatch,
  wire: SimPayCustomerDetail,
  providerId: string,
): WriteRequest | null {
  const plan = toSimPayCustomerPatch(patch, wire);
  if (!plan.changed) return null;
  return { method: "PATCH", path: simPayCustomerPath(providerId), body: plan.body };
}

/** What SimPay's answer to the PATCH means. 401/403 never get here: the session handles them. */
export function classifySimPayWrite(
  response: UpstreamResponse,
  patch: CustomerPatch,
  notFoundStatuses: readonly number[],
): WriteClassification {
  const { status } = response;
  if (notFoundStatuses.includes(status)) return { kind: "not-found" };
  if (status >= 200 && status < 300) return { kind: "ok" };
  const rejection = simPayWriteRejection(status, response.data);
  if (rejection) return { kind: "rejected", fieldErrors: remapEmailPaths(rejection, patch) };
  return failedWrite(fromSimPayStatus(status), status);
}

/** A rejection of DefaultContact.EmailAddress points at `email` when the input used `email`. */
function remapEmailPaths(errors: FieldError[], patch: CustomerPatch): FieldError[] {
  if (patch.email === undefined || patch.defaultContact?.email !== undefined) return errors;
  return errors.map((error) =>
    error.path.join(".") === "defaultContact.email" ? { ...error, path: ["email"] } : error,
  );
}
