/**
 * Prometheus metrics (prom-client), one registry per process, served at `GET /metrics`
 * (metrics-endpoint.ts). Every label is bounded by construction: providers, HTTP methods, route
 * templates (never an id or a query value), status classes, error codes from the schema's enum,
 * and GraphQL operation labels from a fixed set (`operationLabels`). Nothing here ever takes a
 * customer value, a header or a body.
 *
 * Other modules record through the `metrics` object, e.g. `metrics.idempotentReplays.inc()`;
 * README.md "Operating it" lists every family.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { Kind, type DocumentNode } from "graphql";
import * as generatedOperations from "../generated/graphql.js";

export const METRIC_PREFIX = "customer_subgraph_";

/** Seconds: from a cached 2 ms answer to the 10 s default upstream deadline. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What a GraphQL response was: no error, data and errors, or errors only. */
export type GraphQLOutcome = "success" | "partial" | "error";

/** The breaker's state as a number, so `max by (provider)` and alerts work on it. */
export const BREAKER_STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

export function createMetrics(registry: Registry = new Registry()) {
  const name = (suffix: string) => `${METRIC_PREFIX}${suffix}`;
  return {
    registry,
    graphqlRequests: new Counter({
      name: name("graphql_requests_total"),
      help: "GraphQL requests by operation label, root field and outcome (success, partial, error).",
      labelNames: ["operation", "root_field", "outcome"] as const,
      registers: [registry],
    }),
    graphqlDuration: new Histogram({
      name: name("graphql_request_duration_seconds"),
      help: "GraphQL request latency, from the start of the request to the response.",
      labelNames: ["operation", "root_field", "outcome"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    userErrors: new Counter({
      name: name("graphql_user_errors_total"),
      help: "userErrors returned in mutation payloads, by UserErrorCode.",
      labelNames: ["code"] as const,
      registers: [registry],
    }),
    entityBatchSize: new Histogram({
      name: name("entity_batch_size"),
      help: "Customers read together in one provider batch (federation _entities and lists).",
      labelNames: ["provider"] as const,
      buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500],
      registers: [registry],
    }),
    upstreamRequests: new Counter({
      name: name("upstream_requests_total"),
      help: "HTTP requests to a provider (each attempt), by route template and status class.",
      labelNames: ["provider", "method", "route", "status_class"] as const,
      registers: [registry],
    }),
    upstreamDuration: new Histogram({
      name: name("upstream_request_duration_seconds"),
      help: "Latency of one HTTP request to a provider (one attempt).",
      labelNames: ["provider", "method", "route", "status_class"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    upstreamRetries: new Counter({
      name: name("upstream_retries_total"),
      help: "Reads retried after a 429/502/503/504 or a reset connection.",
      labelNames: ["provider", "method", "route"] as const,
      registers: [registry],
    }),
    upstreamRejected: new Counter({
      name: name("upstream_rejected_total"),
      help: "Upstream calls refused before sending: breaker open or concurrency limit reached.",
      labelNames: ["provider", "reason"] as const,
      registers: [registry],
    }),
    breakerState: new Gauge({
      name: name("circuit_breaker_state"),
      help: "Circuit breaker per provider: 0 closed, 1 half-open, 2 open.",
      labelNames: ["provider"] as const,
      registers: [registry],
    }),
    breakerOpened: new Counter({
      name: name("circuit_breaker_opened_total"),
      help: "Times the provider's circuit breaker opened.",
      labelNames: ["provider"] as const,
      registers: [registry],
    }),
    simpayLogins: new Counter({
      name: name("simpay_logins_total"),
      help: "SimPay logins by outcome: success, refused (401/403), failed (any other failure).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    /**
     * For the per-customer write lock: seconds a write waited for the lock, with `outcome`
     * "acquired" or "timeout" (README.md "Operating it").
     */
    lockWait: new Histogram({
      name: name("lock_wait_seconds"),
      help: "Time a write waited for its per-customer lock, by outcome (acquired, timeout).",
      labelNames: ["outcome"] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    /**
     * Requests answered before GraphQL ran (404, 405, a guard's 401, a body's 400/413/415, Node's
     * 400/408/431, an unexpected failure's 500): `status` is the HTTP status, `code` the answer's
     * error code.
     */
    httpRefusals: new Counter({
      name: name("http_refusals_total"),
      help: "Requests answered before GraphQL ran, by HTTP status and error code.",
      labelNames: ["status", "code"] as const,
      registers: [registry],
    }),
    /** For the idempotency store: a mutation answered from a stored result instead of re-run. */
    idempotentReplays: new Counter({
      name: name("idempotent_replays_total"),
      help: "Mutations answered from the idempotency store instead of being applied again.",
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** The process's metrics, with Node's default process metrics (CPU, memory, event loop, GC). */
export const metrics: Metrics = createMetrics();
collectDefaultMetrics({ register: metrics.registry, prefix: METRIC_PREFIX });

/** HTTP status -> "2xx" … "5xx"; transport failures are named by the caller. */
export function statusClass(status: number): string {
  if (status >= 100 && status < 600) return `${Math.floor(status / 100)}xx`;
  return "other";
}

// ---------------------------------------------------------------------------------------------
// Route templates
// ---------------------------------------------------------------------------------------------

/** A path segment kept as it is: letters, dots, dashes and underscores, no digit. */
const STATIC_SEGMENT = /^[A-Za-z][A-Za-z._-]{0,63}$/;
/** Distinct routes per provider before any new one is counted as "other" (a safety net). */
const MAX_ROUTES_PER_PROVIDER = 50;
const knownRoutes = new Map<string, Set<string>>();

/**
 * The route template of a provider path: no query string, a parenthesised key as `({id})`
 * (LoanPro's OData `Customers(555)`), and every segment holding anything but letters as `{key}`
 * (SimPay's `customers/48213`). Call sites that put an alphabetic id in a path pass `route`
 * themselves. Past MAX_ROUTES_PER_PROVIDER distinct templates, a new one is "other".
 */
export function routeTemplate(provider: string, path: string, explicit?: string): string {
  const template =
    explicit ??
    path
      .split("?")[0]
      .split("/")
      .map((segment) => {
        if (segment === "") return segment;
        const open = segment.indexOf("(");
        if (open > 0 && segment.endsWith(")")) {
          const head = segment.slice(0, open);
          return STATIC_SEGMENT.test(head) ? `${head}({id})` : "{key}";
        }
        return STATIC_SEGMENT.test(segment) ? segment : "{key}";
      })
      .join("/");
  const normalised = template.startsWith("/") ? template : `/${template}`;
  let routes = knownRoutes.get(provider);
  if (!routes) {
    routes = new Set();
    knownRoutes.set(provider, routes);
  }
  if (routes.has(normalised)) return normalised;
  if (routes.size >= MAX_ROUTES_PER_PROVIDER) return "other";
  routes.add(normalised);
  return normalised;
}

// ---------------------------------------------------------------------------------------------
// Operation labels
// ---------------------------------------------------------------------------------------------

/** Label of every operation whose name is not a known one (including anonymous operations). */
export const OTHER_OPERATION = "other";
/** root_field of a request that never reached a valid operation (parse or validation error). */
export const NO_ROOT_FIELD = "(none)";
/** root_field of an operation selecting more than one distinct root field. */
export const MULTIPLE_ROOT_FIELDS = "(multiple)";

/**
 * The operation names this service knows: every operation in examples/ and the end-to-end
 * tests' documents (compiled into src/generated/graphql.ts by `npm run codegen`).
 */
export const KNOWN_OPERATION_NAMES: ReadonlySet<string> = new Set(
  Object.values(generatedOperations as Record<string, unknown>)
    .filter(
      (value): value is DocumentNode =>
        typeof value === "object" && value !== null && (value as DocumentNode).kind === "Document",
    )
    .flatMap((document) => document.definitions)
    .flatMap((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.name
        ? [definition.name.value]
        : [],
    ),
);

/**
 * The two bounded labels of a GraphQL request:
 * - `operation`: the client's operation name when it is a known one, else "other";
 * - `root_field`: the one root field the operation selects (a field of the schema's Query or
 *   Mutation type, so validation bounds it), "(multiple)" for several, "(none)" when the request
 *   never reached a valid operation.
 * A router's generated names (`Op__customers__0`) and any caller-chosen name are never labels.
 */
export function operationLabels(
  operationName: string | null | undefined,
  rootFields: readonly string[] | undefined,
  schemaRootFields: ReadonlySet<string>,
): { operation: string; root_field: string } {
  const operation =
    operationName && KNOWN_OPERATION_NAMES.has(operationName) ? operationName : OTHER_OPERATION;
  let root_field = NO_ROOT_FIELD;
  if (rootFields && rootFields.length > 0) {
    const distinct = new Set(rootFields);
    if (distinct.size > 1) root_field = MULTIPLE_ROOT_FIELDS;
    else {
      const [only] = distinct;
      root_field = schemaRootFields.has(only) ? only : NO_ROOT_FIELD;
    }
  }
  return { operation, root_field };
}
