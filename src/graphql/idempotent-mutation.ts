/**
 * Idempotency keys of mutations: the final outcome of a key (a payload, with or without
 * userErrors, or a top-level error whose write outcome is APPLIED or UNKNOWN) is kept for 24 hours
 * and replayed for a retry with the same key and the same input; a retryable failure with nothing
 * applied releases the key so a retry runs again; the same key with another input is a CONFLICT;
 * a retry arriving while the first request runs waits for it (`state/idempotency-store.ts`).
 * Keys are scoped to the authenticated caller when authentication is on.
 */
import type { Customer, ProviderName } from "../model/customer.js";
import { DomainError, type ErrorCode, type WriteOutcome } from "../model/errors.js";
import type { Caller } from "../security/caller.js";
import {
  fingerprintOf,
  isValidIdempotencyKey,
  type IdempotencyClaim,
} from "../state/idempotency-store.js";
import type { GraphQLContext } from "./context.js";
import type { UpdateCustomerPayload, UserError } from "./update-customer.payload.js";

export const INVALID_IDEMPOTENCY_KEY: UserError = {
  field: ["idempotencyKey"],
  code: "INVALID",
  message: "The idempotency key must be 1 to 255 printable ASCII characters.",
};

export const IDEMPOTENCY_KEY_CONFLICT: UserError = {
  field: ["idempotencyKey"],
  code: "CONFLICT",
  message: "This idempotency key was already used with a different input.",
};

/** What is kept of a final outcome: JSON only, nothing the original answer did not carry. */
type StoredOutcome =
  | { kind: "payload"; customer: Customer | null; userErrors: UserError[] }
  /** Another mutation's payload (`runIdempotentOperation`), as JSON. */
  | { kind: "value"; value: unknown }
  | {
      kind: "error";
      code: ErrorCode;
      message: string;
      provider: ProviderName | null;
      retryable: boolean;
      writeOutcome: WriteOutcome;
    };

/** A stored top-level error, thrown again for a retry: same code, message and extensions. */
class ReplayedError extends DomainError {
  readonly code: ErrorCode;
  override readonly retryable: boolean;
  override readonly provider: ProviderName | null;
  constructor(stored: Extract<StoredOutcome, { kind: "error" }>) {
    super(stored.message);
    this.name = "ReplayedError";
    this.code = stored.code;
    this.retryable = stored.retryable;
    this.provider = stored.provider;
    this.writeOutcome = stored.writeOutcome;
  }
}

/** Whose keys these are: the token's subject when authentication is on, else everyone's. */
export function idempotencyScope(caller: Caller): string | null {
  return caller.kind === "token" ? `subject:${caller.subject ?? ""}` : null;
}

export function revive(customer: Customer | null): Customer | null {
  if (!customer) return null;
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  return { ...customer, createdAt: date(customer.createdAt), updatedAt: date(customer.updatedAt) };
}

function replay(stored: StoredOutcome): UpdateCustomerPayload {
  if (stored.kind === "error") throw new ReplayedError(stored);
  if (stored.kind === "value") throw new Error("An idempotency key stored another operation.");
  return { customer: revive(stored.customer), userErrors: stored.userErrors };
}

/** Whether a thrown error is a final outcome (something may have been written) to keep. */
function finalError(error: unknown): Extract<StoredOutcome, { kind: "error" }> | null {
  if (!(error instanceof DomainError)) return null;
  if (error.writeOutcome !== "APPLIED" && error.writeOutcome !== "UNKNOWN") return null;
  return {
    kind: "error",
    code: error.code,
    message: error.message,
    provider: error.provider,
    retryable: error.retryable,
    writeOutcome: error.writeOutcome,
  };
}

/**
 * Runs `run` once per key and input: a malformed key is an INVALID userError, another input under
 * the key a CONFLICT one, and neither runs anything. Without a key, `run` simply runs.
 */
export async function runIdempotent(
  context: GraphQLContext,
  operation: string,
  idempotencyKey: string | null | undefined,
  input: unknown,
  run: () => Promise<UpdateCustomerPayload>,
): Promise<UpdateCustomerPayload> {
  if (idempotencyKey === undefined || idempotencyKey === null) return run();
  if (!isValidIdempotencyKey(idempotencyKey)) {
    return { customer: null, userErrors: [INVALID_IDEMPOTENCY_KEY] };
  }
  const claim = await claimKey(context, operation, idempotencyKey, input);
  if (claim.status === "conflict")
    return { customer: null, userErrors: [IDEMPOTENCY_KEY_CONFLICT] };
  if (claim.status === "replay") return replay(claim.outcome);
  return settle(context, claim, run, (payload) => ({
    kind: "payload",
    customer: payload.customer,
    userErrors: payload.userErrors,
  }));
}

/** How one mutation's payload is kept and answered by `runIdempotentOperation`. */
export interface IdempotentPayload<T> {
  /** The payload answering a malformed key or a key used with another input. */
  refused(userError: UserError): T;
  /** The stored payload as it goes back to the caller (dates revived). */
  revive(stored: unknown): T;
}

/**
 * `runIdempotent` for any mutation payload (the linked update's): the same key rules and store;
 * the payload is kept as JSON and revived for a replay.
 */
export async function runIdempotentOperation<T>(
  context: GraphQLContext,
  operation: string,
  idempotencyKey: string | null | undefined,
  input: unknown,
  payload: IdempotentPayload<T>,
  run: () => Promise<T>,
): Promise<T> {
  if (idempotencyKey === undefined || idempotencyKey === null) return run();
  if (!isValidIdempotencyKey(idempotencyKey)) return payload.refused(INVALID_IDEMPOTENCY_KEY);
  const claim = await claimKey(context, operation, idempotencyKey, input);
  if (claim.status === "conflict") return payload.refused(IDEMPOTENCY_KEY_CONFLICT);
  if (claim.status === "replay") {
    const stored = claim.outcome;
    if (stored.kind === "error") throw new ReplayedError(stored);
    if (stored.kind !== "value") throw new Error("An idempotency key stored another operation.");
    return payload.revive(stored.value);
  }
  // JSON only: what the store keeps is what a replay answers.
  return settle(context, claim, run, (answer) => ({
    kind: "value",
    value: JSON.parse(JSON.stringify(answer)) as unknown,
  }));
}

/**
 * Claims `idempotencyKey` for this operation and input. The fingerprint is keyed by the scope and
 * the key, so a stored fingerprint of an input cannot be reversed by trying inputs.
 */
function claimKey(
  context: GraphQLContext,
  operation: string,
  idempotencyKey: string,
  input: unknown,
): Promise<IdempotencyClaim<StoredOutcome>> {
  const scope = idempotencyScope(context.caller);
  return context.idempotency.store.claim<StoredOutcome>({
    scope,
    key: idempotencyKey,
    fingerprint: fingerprintOf({ operation, input }, `${scope ?? ""}\u0000${idempotencyKey}`),
    waitMs: context.idempotency.waitMs,
  });
}

/**
 * Runs the claimed operation and settles its key: the answer (as `toStored` keeps it) or a final
 * error is stored for replays; a failure with nothing applied (or nothing known to be) releases
 * the key for a retry.
 */
async function settle<T>(
  context: GraphQLContext,
  claim: Extract<IdempotencyClaim<StoredOutcome>, { status: "owner" }>,
  run: () => Promise<T>,
  toStored: (answer: T) => StoredOutcome,
): Promise<T> {
  let answer: T;
  try {
    answer = await run();
  } catch (error) {
    const final = finalError(error);
    if (final) await storeOrLog(context, () => claim.complete(final));
    else await claim.release();
    throw error;
  }
  const stored = toStored(answer);
  await storeOrLog(context, () => claim.complete(stored));
  return answer;
}

async function storeOrLog(context: GraphQLContext, complete: () => Promise<boolean>) {
  if (!(await complete())) {
    // The answer stands; only its replay is lost, so a retry would run again.
    context.logger.warn("idempotency outcome not stored");
  }
}
