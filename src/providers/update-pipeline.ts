/**
 * The one update path every provider goes through (docs/architecture.md):
 *
 *   resolve the id → read the current record → validate (the capability table and the provider's
 *   own rules, every finding in one pass) → plan (pure: record + patch → the write request, or
 *   none) → write once → settle the outcome (`write-outcome.ts`) → read back.
 *
 * A provider contributes an `UpdatableProvider`: small pure pieces (parse, validate, plan,
 * classify a write response) and its HTTP calls (`read`, `send`). `planUpdate` stops before the
 * write, so a dry run shows the exact requests; `runUpdate` wraps read → write → read back in
 * `runExclusive` (a per-customer lock and idempotency store plug in there).
 */
import type { Customer, CustomerPatch, ProviderName } from "../model/customer.js";
import { formatCustomerId } from "../model/customer-id.js";
import { customerVersion } from "../model/customer-version.js";
import type { UpdateOptions, UpdateResult } from "../model/customer-source.js";
import { DomainError, type FieldError } from "../model/errors.js";
import { validateCapabilities, type ProviderCapabilities } from "../model/capabilities.js";
import type { Logger } from "../observability/logger.js";
import type { UpstreamMethod, UpstreamRequest, UpstreamResponse } from "./provider-http.js";
import {
  beforeAnyWrite,
  classifyWriteFailure,
  classifyWriteStatus,
  readBackAfterWrite,
  settleWriteOutcome,
  type CompareWriteOptions,
  type WriteFailureKind,
} from "./write-outcome.js";

/** One write the provider would receive: what a dry run shows and what `send` sends. */
export interface WriteRequest {
  method: Extract<UpstreamMethod, "PUT" | "PATCH" | "POST">;
  /** Relative to the provider's base URL. */
  path: string;
  body: unknown;
}

/** What a write's HTTP answer means, decided by the provider (pure). */
export type WriteClassification =
  | { kind: "ok" }
  | { kind: "not-found" }
  /** The input's fault: the findings become userErrors, nothing was written. */
  | { kind: "rejected"; fieldErrors: FieldError[] }
  /** A failure that is not the input's: settled by reading back, then thrown. */
  | { kind: "failed"; error: DomainError; failure: WriteFailureKind };

/** What a provider implements to join the pipeline. `Wire` is its raw record. */
export interface UpdatableProvider<Wire> {
  readonly provider: ProviderName;
  /** Which patch fields exist, can be written, cleared, how long they may be (`model/capabilities.ts`). */
  readonly capabilities: ProviderCapabilities;
  readonly logger: Logger;
  isValidProviderId(providerId: string): boolean;
  /** HTTP: the current raw record; null when the provider has no such customer. */
  read(providerId: string): Promise<Wire | null>;
  /** Pure: the raw record as the model's Customer. */
  toCustomer(wire: Wire): Customer;
  /** Pure: the provider's own rules the capability table cannot express (merged addresses, codes). */
  validate(patch: CustomerPatch, current: Customer): FieldError[];
  /** Pure: the write that brings `wire` to `patch`; null when nothing would change. */
  plan(patch: CustomerPatch, wire: Wire, providerId: string): WriteRequest | null;
  /** HTTP: sends one planned write (session, headers). Throws a DomainError on transport failure. */
  send(request: WriteRequest): Promise<UpstreamResponse>;
  /** Pure: what the write's answer means (may log counts, never values). */
  classify(response: UpstreamResponse, patch: CustomerPatch): WriteClassification;
  /** How a failed write's read-back is compared with what was sent (`write-outcome.ts`). */
  readonly settle?: CompareWriteOptions & { mayStillRunStatuses?: readonly number[] };
  /** Keys of the write body that hold write-only values, masked in a plan (`update-plan.ts`). */
  readonly writeOnlyBodyKeys?: readonly string[];
  /** A record's version (for conditional writes later); not used yet. */
  version?(wire: Wire): string;
}

/** The outcome of the steps before the write. */
export type PlannedUpdate<Wire> =
  | { kind: "invalid"; userErrors: FieldError[] }
  | {
      kind: "planned";
      wire: Wire;
      current: Customer;
      /** Zero (nothing changes) or one request, in sending order. */
      requests: WriteRequest[];
    };

/** What `runExclusive` hands the update it wraps. */
export interface ExclusiveGuard {
  /**
   * Throws (a retryable `LockTimeoutError`) when the customer's lock was lost meanwhile (a shared
   * lease that could not be extended): the pipeline calls it right before its write.
   */
  assertHeld(): void;
}

/**
 * Wraps read → write → read back for one customer: the customer's write lock
 * (`state/keyed-lock.ts`), so two updates of one customer never interleave. The default runs `fn`
 * as is. `customerKey` is the public id, e.g. "loanpro:555".
 */
export type RunExclusive = <T>(
  customerKey: string,
  fn: (guard: ExclusiveGuard) => Promise<T>,
) => Promise<T>;

const ALWAYS_HELD: ExclusiveGuard = { assertHeld: () => undefined };

export const passThrough: RunExclusive = (_customerKey, fn) => fn(ALWAYS_HELD);

export interface PipelineHooks {
  runExclusive?: RunExclusive;
}

export const STALE_VERSION: FieldError = {
  path: ["expectedVersion"],
  code: "CONFLICT",
  message: "The customer changed since this version was read; read it again and retry.",
};

function notFound<Wire>(provider: UpdatableProvider<Wire>): FieldError {
  const label = provider.capabilities.label;
  return { path: ["id"], code: "NOT_FOUND", message: `No ${label} customer has this id.` };
}

/** One finding per path and code, first kept: the same rule may be checked at two levels. */
function unique(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path.join(".")}:${error.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every finding on `patch` for this provider, in one pass: the table's, then the provider's. */
export function validateForProvider<Wire>(
  provider: UpdatableProvider<Wire>,
  patch: CustomerPatch,
  current: Customer,
): FieldError[] {
  return unique([
    ...validateCapabilities(patch, current, provider.capabilities),
    ...provider.validate(patch, current),
  ]);
}

/**
 * Read, validate and plan, without writing: the dry run. `options.inputErrors` (the GraphQL
 * edge's findings) are reported together with the provider's.
 */
export async function planUpdate<Wire>(
  provider: UpdatableProvider<Wire>,
  providerId: string,
  patch: CustomerPatch,
  options: UpdateOptions = {},
): Promise<PlannedUpdate<Wire>> {
  const inputErrors = options.inputErrors ?? [];
  if (inputErrors.length > 0) {
    // An input the edge refused costs the provider no request: the table's findings that need
    // no record join the edge's (a field already reported keeps the edge's finding).
    const reported = new Set(inputErrors.map((error) => error.path.join(".")));
    const more = validateCapabilities(patch, null, provider.capabilities).filter(
      (error) => !reported.has(error.path.join(".")),
    );
    return { kind: "invalid", userErrors: unique([...inputErrors, ...more]) };
  }
  if (!provider.isValidProviderId(providerId)) {
    return { kind: "invalid", userErrors: [notFound(provider)] };
  }
  const wire = await provider.read(providerId).catch(beforeAnyWrite);
  if (wire === null) return { kind: "invalid", userErrors: [notFound(provider)] };
  const current = provider.toCustomer(wire);
  if (
    options.expectedVersion !== undefined &&
    customerVersion(current) !== options.expectedVersion
  ) {
    // The record changed since the caller read it: their form would overwrite what they never saw.
    return { kind: "invalid", userErrors: [STALE_VERSION] };
  }
  const userErrors = validateForProvider(provider, patch, current);
  if (userErrors.length > 0) return { kind: "invalid", userErrors };
  const request = provider.plan(patch, wire, providerId);
  return { kind: "planned", wire, current, requests: request ? [request] : [] };
}

/** A planned write as the request `ProviderHttp` sends. */
export function toUpstreamRequest(request: WriteRequest): UpstreamRequest {
  return { method: request.method, url: request.path, data: request.body };
}

/** The whole update: plan, write once, settle, read back. */
export function runUpdate<Wire>(
  provider: UpdatableProvider<Wire>,
  providerId: string,
  patch: CustomerPatch,
  options: UpdateOptions = {},
  hooks: PipelineHooks = {},
): Promise<UpdateResult> {
  // An input the edge refused touches no record: no lock, no idempotency entry.
  if (options.inputErrors && options.inputErrors.length > 0) {
    return update(provider, providerId, patch, options, ALWAYS_HELD);
  }
  const runExclusive = hooks.runExclusive ?? passThrough;
  const key = formatCustomerId(provider.provider, providerId);
  // The customer's write lock: read → write → read back, one update of a customer at a time.
  return runExclusive(key, (guard) => update(provider, providerId, patch, options, guard));
}

async function update<Wire>(
  provider: UpdatableProvider<Wire>,
  providerId: string,
  patch: CustomerPatch,
  options: UpdateOptions,
  guard: ExclusiveGuard,
): Promise<UpdateResult> {
  const planned = await planUpdate(provider, providerId, patch, options);
  if (planned.kind === "invalid") {
    return { customer: null, userErrors: planned.userErrors, written: false };
  }
  const [request] = planned.requests;
  if (!request) return { customer: planned.current, userErrors: [], written: false };

  const settle = (error: DomainError, failure: WriteFailureKind): Promise<DomainError> =>
    settleWriteOutcome({
      ...provider.settle,
      error,
      kind: failure,
      sent: request.body,
      before: planned.wire,
      readBack: () => provider.read(providerId),
      // Counts and the outcome under the provider's key ({ loanpro: … }), never values.
      log: (details) =>
        provider.logger.warn(
          { [provider.provider.toLowerCase()]: details },
          `${provider.capabilities.label} write failed ambiguously`,
        ),
    });

  // A hold that lapsed while reading would let another update interleave: write nothing.
  guard.assertHeld();
  let response: UpstreamResponse;
  try {
    response = await provider.send(request);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // Already known (e.g. a login before the write failed): no read-back needed.
    if (error.writeOutcome !== undefined) throw error;
    throw await settle(error, classifyWriteFailure(error, provider.settle?.mayStillRunStatuses));
  }
  const outcome = provider.classify(response, patch);
  switch (outcome.kind) {
    case "not-found":
      return { customer: null, userErrors: [notFound(provider)], written: false };
    case "rejected":
      return { customer: null, userErrors: outcome.fieldErrors, written: false };
    case "failed":
      throw await settle(outcome.error, outcome.failure);
    case "ok": {
      // Read back, never echo the input: a provider may answer success without applying all.
      const after = await readBackAfterWrite(provider.provider, () => provider.read(providerId));
      return { customer: provider.toCustomer(after), userErrors: [], written: true };
    }
  }
}

/** The failure kind of a write's HTTP status, for `classify` (see `write-outcome.ts`). */
export function failedWrite(
  error: DomainError,
  status: number,
  mayStillRunStatuses?: readonly number[],
): WriteClassification {
  return { kind: "failed", error, failure: classifyWriteStatus(status, mayStillRunStatuses) };
}
