/**
 * Resilience around one provider's HTTP, built from cockatiel policies:
 *
 *   deadline (whole call, queue and retries included) -> concurrency limit -> circuit breaker
 *     -> retries (reads only) -> the provider's HTTP
 *
 * - The deadline aborts the underlying request through an AbortSignal, so a response that drips
 *   slowly is ended too (a socket idle timeout would not end it).
 * - Reads are retried with jittered exponential backoff only on 502/503/504/429 and on transport
 *   failures, honouring `Retry-After` (seconds or HTTP-date), never past the deadline: when the
 *   next wait would not fit, the last answer is returned as it is. Writes are never retried here.
 * - The breaker opens on a failure rate over a sampling window with a minimum number of calls.
 *   Only provider-side failures count (5xx, 429, timeouts, transport), never 4xx; and a resource
 *   that keeps failing counts once per window, so one broken customer cannot open the breaker
 *   for every other customer.
 */
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  DelegateBackoff,
  SamplingBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from "cockatiel";
import type { CustomerProvider } from "../model/customer.js";
import { DomainError, UpstreamTimeoutError, UpstreamUnavailableError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import type {
  ProviderHttp,
  RequestKind,
  UpstreamRequest,
  UpstreamResponse,
} from "./provider-http.js";

export interface ResilienceOptions {
  /** Overall deadline of one upstream call, queueing and retries included. */
  deadlineMs: number;
  /** Attempts of a read in all (1 = no retry). */
  readAttempts: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Failure ratio (0-1) over the window that opens the breaker. */
  breakerFailureRatio: number;
  breakerWindowMs: number;
  /** Calls needed in the window before the breaker may open. */
  breakerMinimumCalls: number;
  /** How long the breaker stays open before letting a trial call through. */
  breakerHalfOpenAfterMs: number;
  /** Upstream calls in flight at once, and how many more may wait. */
  maxConcurrent: number;
  maxQueued: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  deadlineMs: 10_000,
  readAttempts: 3,
  retryInitialDelayMs: 100,
  retryMaxDelayMs: 2_000,
  breakerFailureRatio: 0.5,
  breakerWindowMs: 30_000,
  breakerMinimumCalls: 20,
  breakerHalfOpenAfterMs: 10_000,
  maxConcurrent: 64,
  maxQueued: 256,
};

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** What one attempt yields inside the policies: the answer plus what the breaker should think. */
interface Attempt {
  response: UpstreamResponse;
  /** Whether this answer is a provider-side failure the breaker counts. */
  countsAgainstProvider: boolean;
  deadlineAt: number;
}

/** `Retry-After` in milliseconds (delta-seconds or HTTP-date); undefined when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The resource a request is about: "GET odata.svc/Customers(1001)". The params are part of it,
 * because LoanPro reads many customers through one path with `$filter=id eq …` (loanpro.md §4.3):
 * without them every batched read would be "one resource" and a LoanPro-wide outage of reads
 * would count once per window and never open the breaker.
 */
function resourceKey(request: UpstreamRequest): string {
  const params = request.params ? JSON.stringify(request.params) : "";
  return `${request.method} ${request.url.split("?")[0]} ${params}`;
}

/**
 * Remembers which resources failed in the current window, so a resource that keeps failing
 * counts against the provider once per window.
 */
class FailingResources {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs: number) {}

  /** True when this failure should count (first for this resource in the window). */
  firstInWindow(key: string, now: number): boolean {
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.seen.set(key, now);
    if (this.seen.size > 10_000) {
      for (const [oldKey, at] of this.seen) if (now - at >= this.windowMs) this.seen.delete(oldKey);
    }
    return true;
  }
}

/** No HTTP answer at all: the breaker counts these. */
function isTransportFailure(error: Error): boolean {
  return error instanceof UpstreamUnavailableError || error instanceof UpstreamTimeoutError;
}

/** Only a reset connection is retried among transport failures (the list). */
function isConnectionReset(error: Error): boolean {
  return error instanceof UpstreamUnavailableError && error.transportCode === "ECONNRESET";
}

export class ResilientProviderHttp implements ProviderHttp {
  readonly breaker: CircuitBreakerPolicy;
  private readonly readPolicy: IPolicy;
  private readonly writePolicy: IPolicy;
  private readonly failing: FailingResources;

  constructor(
    private readonly inner: ProviderHttp,
    private readonly provider: CustomerProvider,
    private readonly logger: Logger,
    private readonly options: ResilienceOptions = DEFAULT_RESILIENCE,
  ) {
    this.failing = new FailingResources(options.breakerWindowMs);

    const retryPolicy = retry(
      handleWhen(isConnectionReset).orWhenResult((result) => {
        const attempt = result as Attempt;
        if (!RETRYABLE_STATUSES.has(attempt.response.status)) return false;
        // Retry only when the wait fits before the deadline; otherwise hand back this answer.
        const wait = parseRetryAfter(attempt.response.headers["retry-after"]);
        return Date.now() + (wait ?? options.retryInitialDelayMs) < attempt.deadlineAt;
      }),
      {
        maxAttempts: Math.max(0, options.readAttempts - 1),
        backoff: new DelegateBackoff((context) => {
          const result = context.result;
          if ("value" in result) {
            const wait = parseRetryAfter((result.value as Attempt).response.headers["retry-after"]);
            if (wait !== undefined) return wait;
          }
          const ceiling = Math.min(
            options.retryMaxDelayMs,
            options.retryInitialDelayMs * 2 ** (context.attempt - 1),
          );
          // Full jitter: spreads the retries of many callers.
          return Math.round(Math.random() * ceiling);
        }),
      },
    );
    retryPolicy.onRetry((event) =>
      this.logger.info(
        { provider, attempt: event.attempt, delayMs: event.delay },
        "upstream retry",
      ),
    );

    this.breaker = circuitBreaker(
      handleWhen(isTransportFailure).orWhenResult(
        (result) => (result as Attempt).countsAgainstProvider,
      ),
      {
        halfOpenAfter: options.breakerHalfOpenAfterMs,
        breaker: new SamplingBreaker({
          threshold: options.breakerFailureRatio,
          duration: options.breakerWindowMs,
          minimumRps: options.breakerMinimumCalls / (options.breakerWindowMs / 1000),
        }),
      },
    );
    this.breaker.onBreak(() => this.logger.error({ provider }, "circuit breaker opened"));
    this.breaker.onReset(() => this.logger.info({ provider }, "circuit breaker closed"));

    const deadline = timeout(options.deadlineMs, TimeoutStrategy.Aggressive);
    const limit = bulkhead(options.maxConcurrent, options.maxQueued);
    this.readPolicy = wrap(deadline, limit, this.breaker, retryPolicy);
    this.writePolicy = wrap(deadline, limit, this.breaker);
  }

  async send<T>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>> {
    const deadlineAt = Date.now() + this.options.deadlineMs;
    const policy = kind === "read" ? this.readPolicy : this.writePolicy;
    try {
      const attempt = (await policy.execute(async ({ signal }) => {
        const response = await this.inner.send({ ...request, signal }, kind);
        const providerSide = response.status >= 500 || response.status === 429;
        return {
          response,
          countsAgainstProvider:
            providerSide && this.failing.firstInWindow(resourceKey(request), Date.now()),
          deadlineAt,
        } satisfies Attempt;
      })) as Attempt;
      return attempt.response as UpstreamResponse<T>;
    } catch (error) {
      throw this.toDomainError(error);
    }
  }

  private toDomainError(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof TaskCancelledError) return new UpstreamTimeoutError(this.provider);
    if (error instanceof BrokenCircuitError) {
      return new UpstreamUnavailableError(this.provider, { retryable: true, notSent: true });
    }
    if (error instanceof BulkheadRejectedError) {
      this.logger.warn({ provider: this.provider }, "upstream concurrency limit reached");
      return new UpstreamUnavailableError(this.provider, { retryable: true, notSent: true });
    }
    this.logger.error(
      { provider: this.provider, errorName: error instanceof Error ? error.name : typeof error },
      "unexpected failure around an upstream call",
    );
    return new UpstreamUnavailableError(this.provider, { retryable: false });
  }
}
