/**
 * OpenTelemetry traces: one SERVER span per GraphQL request, continuing the caller's W3C
 * `traceparent`, and one CLIENT span per upstream call under it (resilient-http.ts). Spans are
 * parented explicitly through the request context (request-context.ts), so no global context
 * manager or auto-instrumentation is installed: nothing traces an HTTP request by its URL, which
 * would carry ids and query values.
 *
 * Off unless an OTLP endpoint is configured (telemetry-config.ts): then no tracer exists, no span
 * is created and the only per-request work is reading a `traceparent` header, whose trace id the
 * log lines carry. On: spans are batched and posted as OTLP/HTTP (JSON) to the endpoint; the
 * standard `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT`, `OTEL_TRACES_SAMPLER`
 * (default parent-based always-on) and `OTEL_BSP_*` variables apply.
 *
 * Attributes are fixed names with bounded values: provider, method, route template, status,
 * retry count, write outcome, operation label. Never an id, a query value, a header or a body.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  isSpanContextValid,
  type Span,
  type TextMapGetter,
  type Tracer,
} from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from "@opentelemetry/sdk-trace";
import type { IncomingHttpHeaders } from "node:http";
import type { Logger } from "./logger.js";
import { currentRequestContext } from "./request-context.js";

export type { RequestTrace } from "./request-context.js";
import type { TelemetryConfig } from "./telemetry-config.js";

export interface Tracing {
  /** Null when tracing is off. */
  readonly tracer: Tracer | null;
  /** Exports what is buffered and stops (server stop). */
  shutdown(): Promise<void>;
}

const propagator = new W3CTraceContextPropagator();
const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

export const TRACER_NAME = "customer-subgraph";

export function createTracing(config: TelemetryConfig, logger: Logger): Tracing {
  if (!config.otlpTracesEndpoint) {
    return { tracer: null, shutdown: async () => {} };
  }
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    sampler: samplerFor(config.sampler),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: config.otlpTracesEndpoint }),
      }),
    ],
  });
  // The endpoint only: its URL may carry credentials in a query string, never logged.
  logger.info({ otlpEndpointHost: new URL(config.otlpTracesEndpoint).host }, "tracing on (OTLP)");
  return {
    tracer: provider.getTracer(TRACER_NAME),
    async shutdown() {
      await provider.shutdown();
    },
  };
}

/** The sampler `OTEL_TRACES_SAMPLER` names (the SDK itself reads no environment variable). */
export function samplerFor({ name, ratio }: TelemetryConfig["sampler"]): Sampler {
  const base = name.endsWith("always_off")
    ? new AlwaysOffSampler()
    : name.endsWith("traceidratio")
      ? new TraceIdRatioBasedSampler(ratio)
      : new AlwaysOnSampler();
  return name.startsWith("parentbased_") ? new ParentBasedSampler({ root: base }) : base;
}

/**
 * The operation span of one `/graphql` request, called inside its request context
 * (request-context.ts): starts the span (child of an incoming `traceparent`) and ends it when the
 * response is done. Off: records the caller's trace id for the logs when there is a
 * `traceparent`, nothing else.
 */
export function createRequestTracer(tracing: Tracing) {
  const { tracer } = tracing;
  return (
    request: { headers: IncomingHttpHeaders; method?: string },
    response: { once(event: "close", listener: () => void): unknown; statusCode: number },
  ): void => {
    const requestContext = currentRequestContext();
    if (!requestContext || (!tracer && request.headers.traceparent === undefined)) return;
    const parent = propagator.extract(ROOT_CONTEXT, request.headers, headerGetter);
    if (!tracer) {
      const caller = trace.getSpanContext(parent);
      if (caller && isSpanContextValid(caller)) {
        requestContext.trace = {
          tracer: null,
          span: null,
          context: parent,
          traceId: caller.traceId,
          spanId: caller.spanId,
        };
      }
      return;
    }
    const span = tracer.startSpan(
      "graphql",
      { kind: SpanKind.SERVER, attributes: { "http.request.method": request.method ?? "POST" } },
      parent,
    );
    const { traceId, spanId } = span.spanContext();
    requestContext.trace = {
      tracer,
      span,
      context: trace.setSpan(parent, span),
      traceId,
      spanId,
    };
    response.once("close", () => {
      span.setAttribute("http.response.status_code", response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
  };
}

/** The attributes of an upstream call span. */
export interface UpstreamSpanAttributes {
  provider: string;
  method: string;
  route: string;
  kind: "read" | "write";
}

/**
 * A CLIENT span for one upstream call (retries included) under the current request's operation
 * span; undefined when tracing is off or outside a request (readiness checks).
 */
export function startUpstreamSpan(attributes: UpstreamSpanAttributes): Span | undefined {
  const requestTrace = currentRequestContext()?.trace;
  if (!requestTrace?.tracer) return undefined;
  return requestTrace.tracer.startSpan(
    `${attributes.method} ${attributes.route}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "customer_subgraph.provider": attributes.provider,
        "http.request.method": attributes.method,
        "url.template": attributes.route,
        "customer_subgraph.request_kind": attributes.kind,
      },
    },
    requestTrace.context,
  );
}

/**
 * Ends an upstream call span: the final status (or the failure's domain error name and code, never
 * its message), the retries made, and for a write what the HTTP exchange says of it: ACCEPTED
 * (2xx), REFUSED (4xx), or the failure kind (NOT_SENT, AMBIGUOUS, MAY_STILL_RUN).
 */
export function endUpstreamSpan(
  span: Span | undefined,
  outcome: {
    attempts: number;
    status?: number;
    error?: { name: string; code?: string };
    writeOutcome?: string;
  },
): void {
  if (!span) return;
  span.setAttribute("customer_subgraph.retry_count", Math.max(0, outcome.attempts - 1));
  if (outcome.status !== undefined) {
    span.setAttribute("http.response.status_code", outcome.status);
    if (outcome.status >= 500 || outcome.status === 429) {
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  if (outcome.error) {
    span.setAttribute("error.type", outcome.error.code ?? outcome.error.name);
    span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.name });
  }
  if (outcome.writeOutcome)
    span.setAttribute("customer_subgraph.write_outcome", outcome.writeOutcome);
  span.end();
}
