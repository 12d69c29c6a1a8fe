/**
 * `updateLinkedCustomers` (docs/architecture.md#linked-customers): one input applied to every
 * record of one person (every record sharing the external id of the record named by `id`, itself
 * included), with every record's lock held from before the first read to after the last
 * compensation, every record validated before the first write, writes in the stable order, and a
 * verdict that says only what was read back.
 *
 * A failure during the fan-out stops it: the records after the failed one are not attempted
 * (NOT_APPLIED), so what holds the new values is always a prefix of the stable order. Then:
 * - the failed write NOT_APPLIED (refused, or settled as not applied): with COMPENSATE, the
 *   earlier applied records are written back to their previous values, latest first, each read
 *   back (COMPENSATED when it equals the record before); with KEEP they stay APPLIED.
 * - the failed write UNKNOWN (a timeout after sending: the provider may still apply it): nothing
 *   is compensated. Writing the earlier records back would race a write that may still land, and
 *   could leave the person split either way; the update is convergent (it writes only what
 *   differs), so the safe next step is to read and run the same update again, which completes the
 *   records that lack the values. The verdict is `consistent: false`.
 */
import type { Customer, CustomerPatch } from "../model/customer.js";
import { formatCustomerId } from "../model/customer-id.js";
import { compareLinkedOrder, linkKey } from "../model/customer-links.js";
import type { CustomerSource, UpdateOptions } from "../model/customer-source.js";
import { DomainError, LockTimeoutError, type FieldError } from "../model/errors.js";
import {
  holdsPreviousValues,
  isConsistent,
  reversePatch,
  skippedByAll,
  splitPatch,
  type LinkedWriteOutcome,
  type PatchSplit,
} from "../model/linked-update.js";
import type { Logger } from "../observability/logger.js";
import type { CustomerSources } from "../providers/registry.js";
import type { KeyedLock } from "../state/keyed-lock.js";
import { withLocks } from "../state/held-locks.js";

/** Said on every path that no linked record's provider has. */
export const NO_LINKED_PROVIDER_HAS_FIELD =
  "None of this customer's linked records has this field.";

/** The code of a result whose write-back to its previous values failed or was impossible. */
export const COMPENSATION_FAILED = "COMPENSATION_FAILED";

export type Policy = "COMPENSATE" | "KEEP";

export interface LinkedResult {
  customer: Customer | null;
  outcome: LinkedWriteOutcome;
  skippedFields: string[][];
  /** Relative to the input (the resolver prefixes "input"). */
  userErrors: FieldError[];
  error: { code: string; retryable: boolean } | null;
  /** Whether `outcome` was established by reading the record (the verdict needs it). */
  readBack: boolean;
}

export interface LinkedUpdateAnswer {
  results: LinkedResult[];
  consistent: boolean;
  /** Relative to the input; non-empty = nothing was written anywhere. */
  userErrors: FieldError[];
}

export interface LinkedUpdateRequest {
  /** The record named by `input.id` (already parsed and checked). */
  named: { source: CustomerSource; providerId: string };
  patch: CustomerPatch;
  expectedVersion?: string | null;
  policy: Policy;
}

export interface LinkedUpdateDependencies {
  sources: CustomerSources;
  /** The customers' write lock, the one every single-record update takes too. */
  lock: KeyedLock | null;
  logger: Logger;
}

interface Target {
  source: CustomerSource;
  providerId: string;
  key: string;
  named: boolean;
  split: PatchSplit;
  before: Customer;
  willWrite: boolean;
  result: LinkedResult;
}

function notFound(): FieldError {
  return { path: ["id"], code: "NOT_FOUND", message: "No customer has this id." };
}

type ResolvedTargets = Array<{ source: CustomerSource; providerId: string }>;

/** Lookups of the linked set, each under locks, before giving up on a set that keeps changing. */
const LINKED_SET_ATTEMPTS = 3;

/**
 * The set of linked records kept changing under the locks: their locks could not be had for a
 * stable set, so this is `LOCK_TIMEOUT` (retryable, nothing written), not a finding on the input:
 * an idempotency key is released for the retry, never kept with this answer.
 */
const LINKED_SET_CHANGING_MESSAGE =
  "The records linked to this customer kept changing; nothing was written.";

/** The records of the person: the named one's external id in every configured provider. */
async function resolveTargets(
  request: LinkedUpdateRequest,
  sources: CustomerSources,
): Promise<ResolvedTargets | null> {
  const { source, providerId } = request.named;
  const named = await source.get(providerId);
  if (named === null) return null;
  const key = linkKey(named.externalId);
  if (key === null) return [{ source, providerId }];
  const found: Customer[] = [];
  for (const candidate of sources.all()) {
    const answer = (await candidate.findByExternalIds([key])).get(key);
    // The set of records is unknown without every provider: nothing is written.
    if (answer instanceof Error) throw answer;
    found.push(...(answer ?? []));
  }
  if (!found.some((customer) => customer.id === named.id)) found.push(named);
  return found.sort(compareLinkedOrder).map((customer) => ({
    source: sources.get(customer.provider),
    providerId: customer.providerId,
  }));
}

function optionsFor(target: Target, request: LinkedUpdateRequest): UpdateOptions {
  // Optimistic concurrency applies to the record the caller named (and read).
  return target.named && typeof request.expectedVersion === "string"
    ? { expectedVersion: request.expectedVersion }
    : {};
}

function uniqueErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path.join(".")}|${error.code}|${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A thrown write failure as a result: the write-outcome rules decide the outcome. */
function failedResult(error: unknown, base: LinkedResult): LinkedResult {
  if (!(error instanceof DomainError)) {
    return {
      ...base,
      outcome: "UNKNOWN",
      readBack: false,
      error: { code: "INTERNAL_SERVER_ERROR", retryable: false },
    };
  }
  // A write that applied, or may have, is never "retry me" (the write-outcome rules).
  const code = {
    code: error.code,
    retryable:
      error.retryable && error.writeOutcome !== "UNKNOWN" && error.writeOutcome !== "APPLIED",
  };
  switch (error.writeOutcome) {
    case "APPLIED":
      // Applied, but the record could not be read back: true, yet not verified.
      return { ...base, customer: null, outcome: "APPLIED", readBack: false, error: code };
    case "UNKNOWN":
      return { ...base, customer: null, outcome: "UNKNOWN", readBack: false, error: code };
    default:
      // NOT_APPLIED, or refused before sending: the record is as it was.
      return { ...base, outcome: "NOT_APPLIED", readBack: false, error: code };
  }
}

/** Writes `target` back to its previous values (COMPENSATE), read back and compared. */
async function compensate(target: Target, logger: Logger): Promise<void> {
  const applied = target.split.applicable;
  const back = reversePatch(applied, target.before, target.source.capabilities);
  const failed = (outcome: LinkedWriteOutcome, readBack: boolean): void => {
    target.result = {
      ...target.result,
      outcome,
      readBack,
      error: { code: COMPENSATION_FAILED, retryable: false },
    };
  };
  if (back === null) {
    // A write-only value (government id, license, password) cannot be read, so not restored.
    failed("APPLIED", target.result.readBack);
    return;
  }
  try {
    const result = await target.source.update(target.providerId, back);
    if (result.userErrors.length > 0 || result.customer === null) {
      failed("APPLIED", target.result.readBack);
      return;
    }
    if (holdsPreviousValues(applied, target.before, result.customer)) {
      target.result = {
        ...target.result,
        customer: result.customer,
        outcome: "COMPENSATED",
        readBack: true,
      };
    } else {
      // Written back, but it does not read back as it was: neither value set is certain.
      target.result = { ...target.result, customer: result.customer };
      failed("UNKNOWN", true);
    }
  } catch (error) {
    const outcome = error instanceof DomainError ? error.writeOutcome : undefined;
    logger.warn(
      {
        customer: target.key,
        code: error instanceof DomainError ? error.code : "INTERNAL",
        outcome,
      },
      "linked update: compensation failed",
    );
    if (outcome === "APPLIED") {
      // The write-back applied (settled by reading back): the previous values are there.
      target.result = {
        ...target.result,
        customer: null,
        outcome: "COMPENSATED",
        readBack: true,
        error: null,
      };
    } else if (outcome === "UNKNOWN") {
      target.result = { ...target.result, customer: null };
      failed("UNKNOWN", false);
    } else {
      failed("APPLIED", target.result.readBack);
    }
  }
}

/** The whole linked update. Throws only when nothing was written (targets, locks, reads). */
export async function updateLinkedCustomers(
  request: LinkedUpdateRequest,
  dependencies: LinkedUpdateDependencies,
): Promise<LinkedUpdateAnswer> {
  const { sources, lock, logger } = dependencies;
  const namedKey = formatCustomerId(request.named.source.provider, request.named.providerId);
  const keysOf = (resolved: ResolvedTargets) =>
    resolved.map(({ source, providerId }) => formatCustomerId(source.provider, providerId));
  const notFoundAnswer: LinkedUpdateAnswer = {
    results: [],
    consistent: true,
    userErrors: [notFound()],
  };

  const run = async (resolved: ResolvedTargets, keys: string[]): Promise<LinkedUpdateAnswer> => {
    // Under every lock: read and validate every record before the first write.
    const targets: Target[] = [];
    const userErrors: FieldError[] = [];
    for (const [index, { source, providerId }] of resolved.entries()) {
      const key = keys[index];
      const named = key === namedKey;
      const before = await source.get(providerId);
      if (before === null) {
        // Gone since the lookup: the named one is NOT_FOUND; another simply is no target.
        if (named) userErrors.push(notFound());
        continue;
      }
      const split = splitPatch(request.patch, source.capabilities);
      const target: Target = {
        source,
        providerId,
        key,
        named,
        split,
        before,
        willWrite: false,
        result: {
          customer: before,
          outcome: "NOT_APPLIED",
          skippedFields: split.skipped,
          userErrors: [],
          error: null,
          readBack: true,
        },
      };
      const plan = await source.plan(providerId, split.applicable, optionsFor(target, request));
      userErrors.push(...plan.userErrors);
      target.willWrite = plan.requests.length > 0;
      targets.push(target);
    }
    for (const path of skippedByAll(targets.map((target) => target.split))) {
      userErrors.push({ path, code: "UNSUPPORTED_FIELD", message: NO_LINKED_PROVIDER_HAS_FIELD });
    }
    const results = (): LinkedResult[] => targets.map((target) => target.result);
    if (userErrors.length > 0) {
      return { results: results(), consistent: true, userErrors: uniqueErrors(userErrors) };
    }

    // Writes in the stable order; the first failure stops the fan-out.
    let failure: Target | null = null;
    for (const target of targets) {
      if (!target.willWrite) {
        target.result = { ...target.result, outcome: "UNCHANGED" };
        continue;
      }
      try {
        const result = await target.source.update(
          target.providerId,
          target.split.applicable,
          optionsFor(target, request),
        );
        if (result.userErrors.length > 0) {
          target.result = {
            ...target.result,
            outcome: "NOT_APPLIED",
            userErrors: result.userErrors,
          };
        } else {
          target.result = {
            ...target.result,
            customer: result.customer,
            outcome: result.written ? "APPLIED" : "UNCHANGED",
            readBack: result.customer !== null,
          };
        }
      } catch (error) {
        target.result = failedResult(error, target.result);
      }
      if (target.result.outcome === "NOT_APPLIED" || target.result.outcome === "UNKNOWN") {
        failure = target;
        break;
      }
    }

    if (
      failure !== null &&
      failure.result.outcome === "NOT_APPLIED" &&
      request.policy === "COMPENSATE"
    ) {
      const applied = targets.filter((target) => target.result.outcome === "APPLIED");
      for (const target of applied.reverse()) await compensate(target, logger);
    }
    if (failure !== null) {
      logger.warn(
        {
          failed: failure.key,
          outcomes: targets.map((target) => `${target.key}=${target.result.outcome}`),
          policy: request.policy,
        },
        "linked update: a write failed during the fan-out",
      );
    }
    return { results: results(), consistent: isConsistent(results()), userErrors: [] };
  };

  if (lock === null) {
    const resolved = await resolveTargets(request, sources);
    return resolved === null ? notFoundAnswer : run(resolved, keysOf(resolved));
  }
  // Which records to lock is known only from a lookup, which cannot itself be under their locks.
  // So the set is looked up again once every lock is held: the locks cover it only if it did not
  // change in between (another update gave a record this external id, or took it away). If it
  // did, the locks are released and taken again for the new set; nothing is read for the update
  // or written before the set under the locks is the one they were taken for. (A record outside
  // the set may still be given the external id after that check: it is not locked, and is not
  // written either.)
  for (let attempt = 0; attempt < LINKED_SET_ATTEMPTS; attempt += 1) {
    const resolved = await resolveTargets(request, sources);
    if (resolved === null) return notFoundAnswer;
    const keys = keysOf(resolved);
    // The stable order (LoanPro, then SimPay, by provider id): two fan-outs over one person take
    // their locks in the same order, so they cannot deadlock; a single-record update waits.
    const answer = await withLocks(lock, keys, async () => {
      const locked = await resolveTargets(request, sources);
      if (locked === null) return notFoundAnswer;
      const lockedKeys = keysOf(locked);
      if (lockedKeys.join("\u0000") !== keys.join("\u0000")) return null;
      return run(locked, lockedKeys);
    });
    if (answer !== null) return answer;
    logger.info(
      { attempt: attempt + 1 },
      "linked update: the linked records changed; locking again",
    );
  }
  throw new LockTimeoutError(LINKED_SET_CHANGING_MESSAGE);
}
