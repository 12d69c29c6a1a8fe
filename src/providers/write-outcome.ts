/**
 * What became of a write that failed without a clear answer (docs/architecture.md#write-outcomes).
 * A write is never sent again: the datasource reads the record back and these pure functions
 * compare the fields it tried to write with the record before and after.
 *
 * - `classifyWriteFailure` says, from the failure alone, whether the write cannot have been sent
 *   (`NOT_SENT`), whether it may have been applied (`AMBIGUOUS`), or whether it may even still be
 *   running at the provider (`MAY_STILL_RUN`: a timeout or a gateway timeout, where an unchanged
 *   read-back proves nothing, so it is reported UNKNOWN, never NOT_APPLIED).
 * - `compareWrite` compares the sent body's leaves with the record before and after.
 * - `settleWriteOutcome` puts the two together around a read-back the caller supplies.
 */
import type { ProviderName } from "../model/customer.js";
import {
  DomainError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type WriteOutcome,
} from "../model/errors.js";
import { isRecord } from "./json.js";

export type WriteFailureKind = "NOT_SENT" | "AMBIGUOUS" | "MAY_STILL_RUN";

/** Transport failures that happen before a request leaves this process or reaches the provider. */
const NOT_SENT_TRANSPORT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ERR_INVALID_URL",
]);

/**
 * What a failed write's error says by itself. `notSent` marks the resilience layer refusing
 * before sending (open breaker, concurrency limit: `resilient-http.ts`), so nothing reached the
 * provider; an unavailability without an HTTP status or a transport code is otherwise ambiguous.
 */
export function classifyWriteFailure(
  error: unknown,
  mayStillRunStatuses: readonly number[] = GATEWAY_TIMEOUT,
): WriteFailureKind {
  if (error instanceof UpstreamTimeoutError) return "MAY_STILL_RUN";
  if (error instanceof UpstreamUnavailableError) {
    if (error.status !== undefined) return classifyWriteStatus(error.status, mayStillRunStatuses);
    if (error.notSent) return "NOT_SENT";
    if (error.transportCode === undefined) return "AMBIGUOUS";
    return NOT_SENT_TRANSPORT_CODES.has(error.transportCode) ? "NOT_SENT" : "AMBIGUOUS";
  }
  // Auth failures, bad input and the like are answered before the provider applies anything.
  return "NOT_SENT";
}

/** 504: a gateway stopped waiting while the provider may still be working on the write. */
const GATEWAY_TIMEOUT: readonly number[] = [504];

/**
 * What a write's HTTP status says: a status in `mayStillRunStatuses` is a timeout on the
 * provider's side (504 by default; LoanPro adds 500, docs/providers/loanpro.md §10: "Timeouts come
 * back as 500"); any other 5xx may come after the write applied; 4xx, 429 and auth failures are
 * refusals.
 */
export function classifyWriteStatus(
  status: number,
  mayStillRunStatuses: readonly number[] = GATEWAY_TIMEOUT,
): WriteFailureKind {
  if (mayStillRunStatuses.includes(status)) return "MAY_STILL_RUN";
  if (status >= 500) return "AMBIGUOUS";
  return "NOT_SENT";
}

export interface CompareWriteOptions {
  /** Keys never compared: markers (`__id`) and write-only fields that read back as null. */
  ignoreKeys?: readonly string[];
  /** Brings a read value and a sent value to one form (e.g. LoanPro `/Date(n)/` dates). */
  normalize?: (key: string, value: unknown) => unknown;
}

export interface WriteComparison {
  outcome: WriteOutcome;
  /** Counts only, for logs: never the values. */
  applied: number;
  unchanged: number;
  different: number;
}

/** The member `key` of `record`, matched case-insensitively (SimPay: CustomerId vs CustomerID). */
function member(record: unknown, key: string): unknown {
  if (!isRecord(record)) return undefined;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  const found = Object.keys(record).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? undefined : record[found];
}

/** Absent, null and "" are one value: SimPay omits null members, LoanPro answers "" or null. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === "") return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(comparable(left)) === JSON.stringify(comparable(right));
}

/**
 * Compares every leaf of `sent` with the same place in `before` and `after`. A leaf whose sent
 * value equals its old value says nothing and is skipped. APPLIED when every informative leaf now
 * holds the sent value; NOT_APPLIED when every one still holds its old value; UNKNOWN when they
 * disagree (partial), when a leaf holds a third value, or when no leaf is informative.
 */
export function compareWrite(
  sent: unknown,
  before: unknown,
  after: unknown,
  options: CompareWriteOptions = {},
): WriteComparison {
  const ignore = new Set(options.ignoreKeys ?? []);
  const normalize = options.normalize ?? ((_key: string, value: unknown) => value);
  const counts = { applied: 0, unchanged: 0, different: 0 };

  const walk = (sentValue: unknown, beforeValue: unknown, afterValue: unknown): void => {
    if (!isRecord(sentValue)) return;
    for (const [key, value] of Object.entries(sentValue)) {
      if (key.startsWith("__") || ignore.has(key)) continue;
      const old = member(beforeValue, key);
      const now = member(afterValue, key);
      if (isRecord(value)) {
        walk(value, old, now);
        continue;
      }
      const wanted = normalize(key, value);
      const oldValue = normalize(key, old);
      const newValue = normalize(key, now);
      if (same(wanted, oldValue)) continue;
      if (same(newValue, wanted)) counts.applied += 1;
      else if (same(newValue, oldValue)) counts.unchanged += 1;
      else counts.different += 1;
    }
  };
  walk(sent, before, after);

  let outcome: WriteOutcome = "UNKNOWN";
  if (counts.different === 0 && counts.applied > 0 && counts.unchanged === 0) outcome = "APPLIED";
  if (counts.different === 0 && counts.unchanged > 0 && counts.applied === 0) {
    outcome = "NOT_APPLIED";
  }
  return { outcome, ...counts };
}

/** The outcome once the read-back is known; `after` undefined means the read-back failed. */
export function writeOutcomeAfterReadBack(
  kind: WriteFailureKind,
  comparison: WriteComparison | undefined,
): WriteOutcome {
  if (kind === "NOT_SENT") return "NOT_APPLIED";
  if (comparison === undefined) return "UNKNOWN";
  // Unchanged now proves nothing when the write may still be running at the provider.
  if (kind === "MAY_STILL_RUN" && comparison.outcome === "NOT_APPLIED") return "UNKNOWN";
  return comparison.outcome;
}

export interface SettleWriteOptions extends CompareWriteOptions {
  /** The write's failure: a thrown error, or the DomainError made from its HTTP status. */
  error: DomainError;
  kind: WriteFailureKind;
  sent: unknown;
  before: unknown;
  /** Reads the record again; null when it is gone. Only called when the write may have applied. */
  readBack: () => Promise<unknown>;
  /** Receives counts and the outcome, never values. */
  log: (details: Record<string, unknown>) => void;
}

/**
 * Reads back when the write may have applied, sets `error.writeOutcome` and returns the error for
 * the caller to throw. Never sends the write again.
 */
export async function settleWriteOutcome(options: SettleWriteOptions): Promise<DomainError> {
  const { error, kind } = options;
  if (kind === "NOT_SENT") {
    error.writeOutcome = "NOT_APPLIED";
    return error;
  }
  let comparison: WriteComparison | undefined;
  let readBackFailed = false;
  try {
    const after = await options.readBack();
    if (after !== null) comparison = compareWrite(options.sent, options.before, after, options);
  } catch {
    // The read-back's own failure is already logged by the HTTP layer; the outcome is UNKNOWN.
    readBackFailed = true;
  }
  error.writeOutcome = writeOutcomeAfterReadBack(kind, comparison);
  options.log({
    writeOutcome: error.writeOutcome,
    failure: kind,
    errorCode: error.code,
    readBackFailed,
    ...(comparison
      ? {
          applied: comparison.applied,
          unchanged: comparison.unchanged,
          different: comparison.different,
        }
      : {}),
  });
  return error;
}

/**
 * The read-back after a write the provider answered with success
 * (docs/architecture.md#read-back-after-a-write: the payload's customer is read back, not echoed).
 * Whatever the read-back says, the write reached the provider: a failure here, or a record that is
 * gone, is reported with `writeOutcome: APPLIED`.
 */
export async function readBackAfterWrite<T>(
  provider: ProviderName,
  read: () => Promise<T | null>,
): Promise<T> {
  let after: T | null;
  try {
    after = await read();
  } catch (error) {
    if (error instanceof DomainError) error.writeOutcome = "APPLIED";
    throw error;
  }
  if (after === null) {
    const error = new UpstreamUnavailableError(provider, { retryable: false });
    error.writeOutcome = "APPLIED";
    throw error;
  }
  return after;
}

/**
 * For a failure before any write was sent (the read that precedes the merge): nothing can have
 * been applied. Use as `.catch(beforeAnyWrite)`.
 */
export function beforeAnyWrite(error: unknown): never {
  if (error instanceof DomainError) error.writeOutcome = "NOT_APPLIED";
  throw error;
}
