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
 * - The breaker opens on a failure rate over a sampling window with a minimum number of calls, or
 *   on `breakerConsecutiveFailures` provider-side failures in a row (any success resets the
 *   count): after a long healthy run and an idle period, the window still holds the healthy calls,
 *   so the rate alone would need as many failures again before opening. Only provider-side failures count (5xx, 429, timeouts, transport), never 4xx. It opens only
 *   when the failures are spread over the provider: provider-wide signals (429, 502, 503, 504,
 *   timeouts, transport failures) or failures of at least two distinct resources. One customer
 *   whose record keeps answering 500 cannot open it for every other customer.
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
  CircuitState,
  type CircuitBreakerPolicy,
  type IBreaker,
  type IPolicy,
} from "cockatiel";
import type { ProviderName } from "../model/customer.js";
import {
  DomainError,
  UpstreamBudgetExceededError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from "../model/errors.js";
import { providerLogger, type Logger } from "../observability/logger.js";
import { BREAKER_STATE_VALUE, metrics, routeTemplate } from "../observability/metrics.js";
import { currentRequestContext } from "../observability/request-context.js";
import { endUpstreamSpan, startUpstreamSpan } from "../observability/tracing.js";
import {
  isProviderFailureStatus,
  type ProviderHttp,
  type RequestKind,
  type UpstreamRequest,
  type UpstreamResponse,
} from "./provider-http.js";
import { classifyWriteFailure, classifyWriteStatus } from "./write-outcome.js";

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
  /** Provider-side failures in a row that open the breaker whatever the rate (0: off). */
  breakerConsecutiveFailures: number;
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
  breakerConsecutiveFailures: 20,
  maxConcurrent: 64,
  maxQueued: 256,
};

/** cockatiel's CircuitState as the `circuit_breaker_state` gauge's value (0, 1, 2). */
const BREAKER_STATE_VALUES: Record<CircuitState, number> = {
  [CircuitState.Closed]: BREAKER_STATE_VALUE.closed,
  [CircuitState.HalfOpen]: BREAKER_STATE_VALUE.half_open,
  [CircuitState.Open]: BREAKER_STATE_VALUE.open,
  [CircuitState.Isolated]: BREAKER_STATE_VALUE.open,
};

/**
 * The provider failures (`isProviderFailureStatus`) a read is retried on at once: 500 is left
 * out because LoanPro answers its own timeouts with 500 (docs/providers/loanpro.md §10), and
 * repeating a query that timed out adds load without a better chance.
 */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** What one attempt yields inside the policies: the answer plus what the breaker should think. */
interface Attempt {
  response: UpstreamResponse;
  /** Whether this answer is a provider-side failure (5xx, 429) the breaker counts. */
  providerFailure: boolean;
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
 * because LoanPro reads many customers through one path with `$filter=id eq …`
 * (docs/providers/loanpro.md §4.3): without them every batched read would be "one resource".
 */
function resourceKey(request: UpstreamRequest): string {
  const params = request.params ? JSON.stringify(request.params) : "";
  return `${request.method} ${request.url.split("?")[0]} ${params}`;
}

/** Statuses that speak for the whole provider (or a gateway in front of it), not one record. */
const PROVIDER_WIDE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * The provider-side failures of the current window: which resources failed, and how many
 * failures were provider-wide. Its `spread` says whether failures concern more than one record.
 */
export class FailureSpread {
  private readonly resources = new Map<string, number>();
  private providerWide: number[] = [];
  constructor(private readonly windowMs: number) {}

  record(scope: "resource" | "provider", key: string, now: number): void {
    if (scope === "provider") this.providerWide.push(now);
    else this.resources.set(key, now);
    this.forget(now);
  }

  /** Distinct failing resources plus provider-wide failures, within the window. */
  spread(now: number): number {
    this.forget(now);
    return this.resources.size + this.providerWide.length;
  }

  private forget(now: number): void {
    const oldest = now - this.windowMs;
    while (this.providerWide.length > 0 && this.providerWide[0] <= oldest)
      this.providerWide.shift();
    for (const [key, at] of this.resources) if (at <= oldest) this.resources.delete(key);
  }
}

/**
 * cockatiel's SamplingBreaker (failure rate over a window, minimum number of calls), opening only
 * when the failures are spread over the provider (see FailureSpread). Every call counts as a
 * success or a failure, so repeated failures of one record are never mistaken for successes.
 */
export class ProviderBreaker implements IBreaker {
  /** Provider-side failures since the last success. */
  private consecutive = 0;

  constructor(
    private readonly sampling: SamplingBreaker,
    private readonly failures: FailureSpread,
    /** Failures in a row that open it whatever the rate; 0 turns the rule off. */
    private readonly consecutiveLimit: number = 0,
  ) {}

  get state(): unknown {
    return { sampling: this.sampling.state, consecutive: this.consecutive };
  }

  set state(value: unknown) {
    const saved = value as { sampling: unknown; consecutive: number };
    this.sampling.state = saved.sampling;
    this.consecutive = saved.consecutive;
  }

  success(state: CircuitState): void {
    this.consecutive = 0;
    this.sampling.success(state);
  }

  failure(state: CircuitState): boolean {
    this.consecutive += 1;
    const overThreshold = this.sampling.failure(state);
    const inARow = this.consecutiveLimit > 0 && this.consecutive >= this.consecutiveLimit;
    const open = (overThreshold || inARow) && this.failures.spread(Date.now()) >= 2;
    if (open) this.consecutive = 0;
    return open;
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
  private readonly failures: FailureSpread;
  private readonly logger: Logger;

  constructor(
    private readonly inner: ProviderHttp,
    private readonly provider: ProviderName,
    logger: Logger,
    private readonly options: ResilienceOptions = DEFAULT_RESILIENCE,
  ) {
    // `provider` is bound on the logger, never repeated in a line's object (no duplicate keys).
    this.logger = providerLogger(logger, provider);
    this.failures = new FailureSpread(options.breakerWindowMs);

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
      this.logger.info({ attempt: event.attempt, delayMs: event.delay }, "upstream retry"),
    );

    this.breaker = circuitBreaker(
      handleWhen(isTransportFailure).orWhenResult((result) => (result as Attempt).providerFailure),
      {
        halfOpenAfter: options.breakerHalfOpenAfterMs,
        breaker: new ProviderBreaker(
          new SamplingBreaker({
            threshold: options.breakerFailureRatio,
            duration: options.breakerWindowMs,
            minimumRps: options.breakerMinimumCalls / (options.breakerWindowMs / 1000),
          }),
          this.failures,
          options.breakerConsecutiveFailures,
        ),
      },
    );
    this.breaker.onBreak(() => {
      metrics.breakerOpened.inc({ provider });
      this.logger.error("circuit breaker opened");
    });
    this.breaker.onReset(() => this.logger.info("circuit breaker closed"));
    metrics.breakerState.set({ provider }, 0);
    this.breaker.onStateChange((state) =>
      metrics.breakerState.set({ provider }, BREAKER_STATE_VALUES[state]),
    );

    // Aggressive: the deadline ends the call even when the response drips. `abortOnReturn: false`:
    // cockatiel otherwise aborts its AbortController after EVERY call, building a DOMException
    // each time (2-3% of a read's CPU, bench/RESULTS.md); when the call has returned there is
    // nothing left to abort, and on expiry the timer still aborts the request's signal.
    const deadline = timeout(options.deadlineMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    const limit = bulkhead(options.maxConcurrent, options.maxQueued);
    this.readPolicy = wrap(deadline, limit, this.breaker, retryPolicy);
    this.writePolicy = wrap(deadline, limit, this.breaker);
  }

  async send<T>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>> {
    const deadlineAt = Date.now() + this.options.deadlineMs;
    const policy = kind === "read" ? this.readPolicy : this.writePolicy;
    const budget = currentRequestContext()?.upstreamBudget;
    // Spent already: fail before queueing behind the concurrency limit.
    if (budget && budget.calls >= budget.limit) {
      throw new UpstreamBudgetExceededError(this.provider, budget.limit);
    }
    const route = routeTemplate(this.provider, request.url, request.route);
    // One span per call, retries included (none when tracing is off).
    const span = startUpstreamSpan({
      provider: this.provider,
      method: request.method,
      route,
      kind,
    });
    let attempts = 0;
    try {
      const attempt = (await policy.execute(async ({ signal }) => {
        attempts += 1;
        if (attempts > 1) {
          metrics.upstreamRetries.inc({ provider: this.provider, method: request.method, route });
        }
        // Every attempt is a provider call: a retry takes from the request's budget too. The
        // refusal fails fast, sends nothing, and is no provider failure for the breaker.
        if (budget && !budget.take()) {
          throw new UpstreamBudgetExceededError(this.provider, budget.limit);
        }
        let response: UpstreamResponse;
        try {
          // The template goes along: the inner client labels its metrics without recomputing it.
          response = await this.inner.send({ ...request, signal, route }, kind);
        } catch (error) {
          // No HTTP answer (timeout, reset, refused): a provider-wide signal.
          if (isTransportFailure(error as Error)) {
            this.failures.record("provider", resourceKey(request), Date.now());
          }
          throw error;
        }
        const providerFailure = isProviderFailureStatus(response.status);
        if (providerFailure) {
          const scope = PROVIDER_WIDE_STATUSES.has(response.status) ? "provider" : "resource";
          this.failures.record(scope, resourceKey(request), Date.now());
        }
        return { response, providerFailure, deadlineAt } satisfies Attempt;
      })) as Attempt;
      const { status } = attempt.response;
      endUpstreamSpan(span, {
        attempts,
        status,
        writeOutcome:
          kind !== "write"
            ? undefined
            : status < 300
              ? "ACCEPTED"
              : status < 500
                ? "REFUSED"
                : classifyWriteStatus(status),
      });
      return attempt.response as UpstreamResponse<T>;
    } catch (error) {
      const domainError = this.toDomainError(error);
      endUpstreamSpan(span, {
        attempts,
        error: domainError,
        writeOutcome: kind === "write" ? classifyWriteFailure(domainError) : undefined,
      });
      throw domainError;
    }
  }

  private toDomainError(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    if (error instanceof TaskCancelledError) return new UpstreamTimeoutError(this.provider);
    if (error instanceof BrokenCircuitError) {
      metrics.upstreamRejected.inc({ provider: this.provider, reason: "breaker_open" });
      return new UpstreamUnavailableError(this.provider, { retryable: true, notSent: true });
    }
    if (error instanceof BulkheadRejectedError) {
      metrics.upstreamRejected.inc({ provider: this.provider, reason: "concurrency_limit" });
      this.logger.warn("upstream concurrency limit reached");
      return new UpstreamUnavailableError(this.provider, { retryable: true, notSent: true });
    }
    this.logger.error(
      { errorName: error instanceof Error ? error.name : typeof error },
      "unexpected failure around an upstream call",
    );
    return new UpstreamUnavailableError(this.provider, { retryable: false });
  }
}
