/**
 * LoanPro HTTP failures -> domain errors (docs/providers/loanpro.md §9). Pure. Provider text is
 * read to classify a failure and is never copied into an error, a userError or a log line:
 * duplicate warnings quote values and other customers' names (docs/providers/loanpro.md §9.2).
 */
import type { DomainError, FieldError } from "../../model/errors.js";
import { isRecord } from "../json.js";
import { errorForStatus } from "../provider-http.js";

/** What a LoanPro error body says, in either documented family (docs/providers/loanpro.md §9.1). */
export interface LoanProErrorSummary {
  /** `error.type`, e.g. "TransactionWarningException"; null when absent. */
  type: string | null;
  /** Texts from `error.message` (string or `.value`), `message`, `context.errors[]`: for classifying only. */
  messages: string[];
  /** The `warnings[]` lines: for classifying only. */
  warnings: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/**
 * Reads both body families, looking under `d` first as the SDK does
 * (docs/providers/loanpro.md §9.1).
 */
export function readLoanProErrorBody(body: unknown): LoanProErrorSummary {
  const root = isRecord(body) && isRecord(body.d) ? body.d : body;
  const summary: LoanProErrorSummary = { type: null, messages: [], warnings: [] };
  if (!isRecord(root)) return summary;
  if (isRecord(root.error)) {
    if (typeof root.error.type === "string") summary.type = root.error.type;
    const message = root.error.message;
    if (typeof message === "string") summary.messages.push(message);
    else if (isRecord(message) && typeof message.value === "string") {
      summary.messages.push(message.value);
    }
  }
  if (typeof root.message === "string") summary.messages.push(root.message);
  if (isRecord(root.context)) summary.messages.push(...strings(root.context.errors));
  summary.warnings.push(...strings(root.warnings));
  return summary;
}

/**
 * A status that is not success on a read (or ping) -> the domain error. 404/409 on a single read
 * may mean "no such customer" (docs/providers/loanpro.md §4.1): the datasource tells that apart
 * before calling this, so here they mean the request itself failed. 5xx includes LoanPro's
 * timeouts (docs/providers/loanpro.md §10).
 */
export function toLoanProReadError(status: number): DomainError {
  return errorForStatus("LOANPRO", status);
}

/**
 * The field a duplicate warning names, from its leading "(Kind)" tag only
 * (docs/providers/loanpro.md §9.1).
 */
function warningPath(warning: string): string[] {
  const tag = /^\s*\(([^)]+)\)/.exec(warning)?.[1]?.replace(/\s+/g, "").toLowerCase();
  switch (tag) {
    case "email":
      return ["email"];
    case "ssn":
    case "sin":
      return ["governmentId"];
    case "primaryaddress":
      return ["primaryAddress"];
    case "mailaddress":
      return ["mailingAddress"];
    default:
      return [];
  }
}

export interface LoanProRejection {
  fieldErrors: FieldError[];
  /** For the log: counts and kinds only, never text. */
  log: { status: number; errorType: string | null; warningCount: number; warningFields: string[] };
}

/**
 * A PUT refused with 409 (or another 4xx that is not auth) -> userErrors with fixed, safe
 * messages: CONFLICT for transaction warnings (duplicates), REJECTED_BY_PROVIDER otherwise.
 */
export function toLoanProRejection(status: number, body: unknown): LoanProRejection {
  const summary = readLoanProErrorBody(body);
  const isWarning = summary.warnings.length > 0 || summary.type === "TransactionWarningException";
  let fieldErrors: FieldError[];
  if (isWarning) {
    const paths = summary.warnings.length > 0 ? summary.warnings.map(warningPath) : [[]];
    const unique = [...new Map(paths.map((path) => [path.join("."), path])).values()];
    fieldErrors = unique.map((path) => ({
      path,
      code: "CONFLICT",
      message: "LoanPro found another customer with the same details.",
    }));
  } else {
    fieldErrors = [
      { path: [], code: "REJECTED_BY_PROVIDER", message: "LoanPro rejected the update." },
    ];
  }
  return {
    fieldErrors,
    log: {
      status,
      errorType: summary.type,
      warningCount: summary.warnings.length,
      warningFields: fieldErrors.map((error) => error.path.join(".") || "(none)"),
    },
  };
}
