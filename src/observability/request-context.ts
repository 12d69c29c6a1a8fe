/**
 * The GraphQL request a piece of work belongs to, carried through async calls with
 * AsyncLocalStorage, so log lines written deep in a provider (upstream calls, retries, breaker)
 * carry the request id without threading a logger through every signature
 * (docs/architecture.md#logging).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Context, Span, Tracer } from "@opentelemetry/api";

/** The tracing part of one request's context (started by tracing.ts). */
export interface RequestTrace {
  /** Null when tracing is off: only the caller's trace id is known (for the logs). */
  tracer: Tracer | null;
  /** The operation's span; null when tracing is off. */
  span: Span | null;
  /** The context whose active span is `span`: the parent of upstream call spans. */
  context: Context;
  traceId: string;
  /** Our operation span's id, or the caller's span id when tracing is off. */
  spanId: string;
}

export interface RequestContext {
  requestId: string;
  /** The operation name the client sent, when it sent one; the access log has the resolved one. */
  operationName?: string;
  /**
   * Provider calls this request may still make (`MAX_UPSTREAM_CALLS_PER_REQUEST`); the provider
   * HTTP layer takes one per call. Absent: no limit (start-up, readiness checks).
   */
  upstreamBudget?: UpstreamCallBudget;
  /** The request's trace (tracing.ts): its operation span, or the caller's trace id only. */
  trace?: RequestTrace;
}

/** A per-request counter of provider calls. */
export class UpstreamCallBudget {
  private made = 0;
  constructor(readonly limit: number) {}

  /** Takes one call; false when the limit is reached (the call must not be sent). */
  take(): boolean {
    if (this.made >= this.limit) return false;
    this.made += 1;
    return true;
  }

  get calls(): number {
    return this.made;
  }
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `work` (and everything it starts) inside `context`. */
export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the current request; undefined outside one (start-up, readiness pings). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,127}$/;

/**
 * The context of one GraphQL request, made once its body is read (the client's operation name is
 * in it): run the rest of the request in it with `runWithRequestContext`. With `upstreamCallLimit`
 * (`MAX_UPSTREAM_CALLS_PER_REQUEST`) it carries a provider call budget of that many calls.
 */
export function requestContextFor(
  body: unknown,
  requestId: string,
  upstreamCallLimit?: number,
): RequestContext {
  const name = (body as { operationName?: unknown } | null | undefined)?.operationName;
  return {
    requestId,
    // Only a well-formed GraphQL name: never arbitrary caller text in a log line.
    ...(typeof name === "string" && OPERATION_NAME.test(name) ? { operationName: name } : {}),
    ...(upstreamCallLimit === undefined
      ? {}
      : { upstreamBudget: new UpstreamCallBudget(upstreamCallLimit) }),
  };
}
