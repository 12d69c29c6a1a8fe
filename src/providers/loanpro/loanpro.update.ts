/**
 * LoanPro's pure pieces of the update pipeline (`../update-pipeline.ts`): the write a patch needs
 * and what LoanPro's answer to it means (docs/providers/loanpro.md §6, §9, §10).
 */
import type { CustomerPatch } from "../../model/customer.js";
import { UpstreamUnavailableError } from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import { isRecord } from "../json.js";
import { isProviderFailureStatus, type UpstreamResponse } from "../provider-http.js";
import { failedWrite, type WriteClassification, type WriteRequest } from "../update-pipeline.js";
import { parseLoanProDate } from "./loanpro.dates.js";
import { toLoanProReadError, toLoanProRejection } from "./loanpro.errors.js";
import { LOANPRO_CUSTOMERS_PATH } from "./loanpro.list.js";
import { toLoanProCustomerUpdate, type LoanProUpdateOptions } from "./loanpro.mappers.js";
import type { LoanProCustomerWire } from "./loanpro.wire.js";

/** Statuses that may be a timeout with the write still running (docs/providers/loanpro.md §10: timeouts are 500). */
export const LOANPRO_TIMEOUT_STATUSES: readonly number[] = [500, 504];

/** How a failed PUT's read-back is compared with what was sent. */
export const LOANPRO_SETTLE = {
  mayStillRunStatuses: LOANPRO_TIMEOUT_STATUSES,
  // docs/providers/loanpro.md §4.2: accessPassword is write-only and always reads back null.
  ignoreKeys: ["accessPassword"],
  normalize: (_key: string, value: unknown): unknown =>
    typeof value === "string" && value.startsWith("/Date(") ? parseLoanProDate(value) : value,
};

/**
 * Body keys holding write-only values (docs/providers/loanpro.md §4.2): the SSN, the SIN or
 * employer number, the driver license and the portal password. Masked in a plan only.
 */
export const LOANPRO_WRITE_ONLY_KEYS: readonly string[] = [
  "ssn",
  "customerId",
  "driverLicense",
  "accessPassword",
];

/**
 * The one PUT to the top-level parent, which carries the nested address changes too
 * (docs/providers/loanpro.md §6); null when nothing would change.
 */
export function planLoanProUpdate(
  patch: CustomerPatch,
  wire: LoanProCustomerWire,
  options: LoanProUpdateOptions,
): WriteRequest | null {
  const plan = toLoanProCustomerUpdate(patch, wire, options);
  if (!plan.changed) return null;
  return { method: "PUT", path: `${LOANPRO_CUSTOMERS_PATH}(${wire.id})`, body: plan.body };
}

/** What LoanPro's answer to the PUT means; logs a rejection's counts and kinds, never its text. */
export function classifyLoanProWrite(
  response: UpstreamResponse,
  logger: Logger,
): WriteClassification {
  const { status } = response;
  if (status === 401 || status === 403 || isProviderFailureStatus(status)) {
    // A 5xx may come after the write applied (docs/providers/loanpro.md §10): settled by reading back.
    return failedWrite(toLoanProReadError(status), status, LOANPRO_TIMEOUT_STATUSES);
  }
  const answered = isRecord(response.data) && "d" in response.data;
  if (status >= 200 && status < 300 && !answered) {
    // A success status without `d`: perhaps a cut-off answer (docs/providers/loanpro.md §10)
    // after the write applied. Not a rejection: read back and report what happened.
    const error = new UpstreamUnavailableError("LOANPRO", { retryable: true, status });
    return { kind: "failed", error, failure: "AMBIGUOUS" };
  }
  if (status !== 200) {
    const rejection = toLoanProRejection(status, response.data);
    // Counts and kinds only: the warning text quotes values and other customers' names.
    logger.warn({ loanpro: rejection.log }, "LoanPro rejected an update");
    return { kind: "rejected", fieldErrors: rejection.fieldErrors };
  }
  return { kind: "ok" };
}
