/**
 * Domain errors: what a provider failure means for a caller, with no provider detail inside.
 *
 * Providers translate their HTTP failures into these (`providers/<p>/<p>.errors.ts`); the GraphQL
 * layer translates these into GraphQL errors at one border (`graphql/to-graphql-error.ts`).
 * Messages are fixed sentences: never a provider response body, never an input value.
 */
import type { ProviderName } from "./customer.js";

export const USER_ERROR_CODES = [
  "INVALID",
  "TOO_LONG",
  "REQUIRED",
  "UNSUPPORTED_FIELD",
  "NOT_FOUND",
  "CONFLICT",
  "REJECTED_BY_PROVIDER",
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

/** A finding about one input field. `path` is relative to the input object: ["billingAddress", "postalCode"]. */
export interface FieldError {
  path: string[];
  code: UserErrorCode;
  /** Safe to show to an end user; never contains the rejected value. */
  message: string;
}

export type ErrorCode =
  | "UPSTREAM_UNAVAILABLE"
  | "UPSTREAM_TIMEOUT"
  | "UPSTREAM_AUTH_FAILED"
  | "PROVIDER_NOT_CONFIGURED"
  | "BAD_USER_INPUT"
  | "UPSTREAM_BUDGET_EXCEEDED"
  | "LOCK_TIMEOUT"
  | "STATE_STORE_UNAVAILABLE";

/** Whether a write that failed ambiguously reached the provider (issue: resilience). */
export type WriteOutcome = "APPLIED" | "NOT_APPLIED" | "UNKNOWN";

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly retryable: boolean = false;
  readonly provider: ProviderName | null = null;
  private outcome: WriteOutcome | undefined;

  /**
   * Set after an ambiguous write failure. A write that APPLIED is never retryable, whatever the
   * failure around it was: a retry would apply it a second time; nor is one whose outcome is
   * UNKNOWN, since it may have applied (docs/architecture.md#write-outcomes).
   */
  get writeOutcome(): WriteOutcome | undefined {
    return this.outcome;
  }

  set writeOutcome(outcome: WriteOutcome | undefined) {
    this.outcome = outcome;
    if (outcome === "APPLIED" || outcome === "UNKNOWN") {
      (this as { retryable: boolean }).retryable = false;
    }
  }
}

/** The provider is down, answered 5xx, reset the connection, or its circuit is open. */
export class UpstreamUnavailableError extends DomainError {
  readonly code = "UPSTREAM_UNAVAILABLE";
  override readonly retryable: boolean;
  override readonly provider: ProviderName;
  /** The provider's HTTP status, for logs only. */
  readonly status: number | undefined;
  /** The transport failure ("ECONNRESET", "ECONNREFUSED", …) when there was no HTTP answer. */
  readonly transportCode: string | undefined;
  /** True when the call was refused before anything was sent (open breaker, concurrency limit). */
  readonly notSent: boolean;
  constructor(
    provider: ProviderName,
    options: {
      retryable?: boolean;
      status?: number;
      transportCode?: string;
      notSent?: boolean;
    } = {},
  ) {
    super(`${provider} is unavailable.`);
    this.name = "UpstreamUnavailableError";
    this.provider = provider;
    this.retryable = options.retryable ?? true;
    this.status = options.status;
    this.transportCode = options.transportCode;
    this.notSent = options.notSent ?? false;
  }
}

/** The provider did not answer within the deadline. */
export class UpstreamTimeoutError extends DomainError {
  readonly code = "UPSTREAM_TIMEOUT";
  override readonly retryable = true;
  override readonly provider: ProviderName;
  constructor(provider: ProviderName) {
    super(`${provider} did not answer in time.`);
    this.name = "UpstreamTimeoutError";
    this.provider = provider;
  }
}

/** The provider refused our credentials: our configuration is wrong, not the caller's. */
export class UpstreamAuthError extends DomainError {
  readonly code = "UPSTREAM_AUTH_FAILED";
  override readonly provider: ProviderName;
  readonly status: number | undefined;
  constructor(provider: ProviderName, status?: number) {
    super(`${provider} refused this service's credentials.`);
    this.name = "UpstreamAuthError";
    this.provider = provider;
    this.status = status;
  }
}

/**
 * This GraphQL request already made `MAX_UPSTREAM_CALLS_PER_REQUEST` provider calls: the call was
 * not sent. Not retryable as it is: the same request would hit the same limit.
 */
export class UpstreamBudgetExceededError extends DomainError {
  readonly code = "UPSTREAM_BUDGET_EXCEEDED";
  override readonly provider: ProviderName;
  /** Nothing was sent (a write refused here is NOT_APPLIED). */
  readonly notSent = true;
  constructor(provider: ProviderName, limit: number) {
    super(`This request reached its limit of ${limit} provider calls.`);
    this.name = "UpstreamBudgetExceededError";
    this.provider = provider;
  }
}

/** The id names a provider this deployment does not talk to. */
export class ProviderNotConfiguredError extends DomainError {
  readonly code = "PROVIDER_NOT_CONFIGURED";
  override readonly provider: ProviderName;
  constructor(provider: ProviderName) {
    super(`The ${provider} provider is not configured on this server.`);
    this.name = "ProviderNotConfiguredError";
    this.provider = provider;
  }
}

/** The caller's argument is wrong (an id that does not parse, a forged cursor, …). */
export class BadUserInputError extends DomainError {
  readonly code = "BAD_USER_INPUT";
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = "BadUserInputError";
    this.field = field;
  }
}

/**
 * Another update of the same customer (or an earlier request with the same idempotency key) held
 * on longer than this request may wait, or this request's hold on the customer's write lock
 * lapsed before its write. Nothing was written; a retry may succeed.
 */
export class LockTimeoutError extends DomainError {
  readonly code = "LOCK_TIMEOUT";
  override readonly retryable = true;
  constructor(message = "Another update of this customer is still running; nothing was written.") {
    super(message);
    this.name = "LockTimeoutError";
  }
}

/**
 * The shared state store (Redis) is configured but cannot be reached. Writes never run without
 * their lock, so nothing was written; a retry may succeed once the store is back.
 */
export class StateStoreUnavailableError extends DomainError {
  readonly code = "STATE_STORE_UNAVAILABLE";
  override readonly retryable = true;
  constructor() {
    super("The shared state store is unavailable; nothing was written.");
    this.name = "StateStoreUnavailableError";
  }
}
