/**
 * Apollo Server 5 on bare node:http, without listening: `index.ts` listens, and tests listen on
 * port 0. Routes (http/router.ts): `/graphql` (the subgraph, Sandbox landing page, CORS for Apollo
 * Studio), `/healthz` (process up), `/readyz` (this replica can serve; provider reachability in
 * the body, see readiness.ts), `/metrics` and `/graphiql` (docs/architecture.md#runtime-contract).
 */
import http from "node:http";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Config } from "./config.js";
import { PartialErrorCollector, type GraphQLContext } from "./graphql/context.js";
import { createCustomerLoader } from "./graphql/customer.loader.js";
import { createLinkLoader } from "./graphql/customer-links.loader.js";
import { CursorCodec } from "./graphql/customer-list.cursor.js";
import { partialErrorsPlugin } from "./graphql/partial-errors.plugin.js";
import { createFormatError } from "./graphql/to-graphql-error.js";
import { graphiqlRoutes } from "./graphiql/graphiql-page.js";
import { createGraphQLHandler } from "./http/graphql-handler.js";
import {
  answerClientErrors,
  createRequestListener,
  deferContinue,
  GET_ROUTE_METHODS,
  guarded,
  type Routes,
} from "./http/router.js";
import type { Logger } from "./observability/logger.js";
import { graphqlTelemetryPlugin } from "./observability/graphql-telemetry.plugin.js";
import { METRICS_PATH, serveMetrics } from "./observability/metrics-endpoint.js";
import { createTracing } from "./observability/tracing.js";
import { createCustomerSources, type CustomerSources } from "./providers/registry.js";
import { Readiness } from "./readiness.js";
import { buildSubgraphSchemaFromCode } from "./schema.js";
import { createHttpGuards } from "./security/graphql-guards.js";
import { callerOf } from "./security/guard.js";
import { sendJson } from "./security/http-rejection.js";
import { createQueryLimits } from "./security/query-limits.js";
import { createStateBackends, type StateBackends } from "./state/state-backends.js";

export { ALLOWED_ORIGINS } from "./http/graphql-handler.js";
export { requestIdFor } from "./http/router.js";

export interface ServerOptions {
  /**
   * Carries the provider module list `loadConfig` was given (`providerModules`) and the
   * configured ones (`providers`): the one list, passed once, from which the sources are built.
   */
  config: Config;
  /** Sources to serve instead of the ones `config.providers` builds (test fakes). */
  sources?: CustomerSources;
  logger: Logger;
  /**
   * The customers' write lock and the idempotency store. Absent: made from `config.state` (in
   * Redis when `REDIS_URL` is set, else in this process), used by the sources this server builds,
   * and closed when the server stops.
   */
  state?: StateBackends;
}

export interface CustomerSubgraphServer {
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** The `METRICS_PORT` server (not listening yet) when one is configured, else null. */
  metricsServer: http.Server | null;
  /** The sources this server serves, one per configured provider. */
  sources: CustomerSources;
  /** Starts Apollo and mounts `/graphql`; call before listening. */
  start(): Promise<void>;
  /** `/readyz` state: ready after `start()`, 503 from `beginShutdown()` on. */
  readiness: Readiness;
  /** `/readyz` answers 503 from now on; the server still serves (the drain delay follows). */
  beginShutdown(): void;
  /** Stops Apollo, which drains and closes the HTTP server. */
  stop(): Promise<void>;
}

/**
 * One access log line per GraphQL request: no variables, no query text
 * (docs/architecture.md#privacy).
 */
function accessLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, errors, response }) {
          const singleErrors =
            response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          const errorCount = errors?.length ?? singleErrors?.length ?? 0;
          contextValue.logger.info(
            {
              operationName: operationName ?? null,
              durationMs: Math.round(performance.now() - started),
              hasErrors: errorCount > 0,
              errorCount,
            },
            "graphql request",
          );
        },
      };
    },
  };
}

export async function createServer(options: ServerOptions): Promise<CustomerSubgraphServer> {
  const { config, logger } = options;
  const ownState = options.state === undefined;
  const state =
    options.state ??
    createStateBackends(config.state, { logger, upstreamTimeoutMs: config.upstreamTimeoutMs });
  const sources = options.sources ?? createCustomerSources(config, logger, state.lock);
  const routes: Routes = new Map();
  // Slow clients cannot pin memory: headers and the whole request must arrive in time. Node checks
  // these deadlines on an interval (30 s by default), so the interval follows the shorter one.
  // The METRICS_PORT server takes the same deadlines. An idle keep-alive connection stays open
  // longer than a router keeps its pooled ones (README "Configuration"), so a router never sends
  // a request on a connection this server is closing.
  const serverOptions: http.ServerOptions = {
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(
      50,
      Math.min(1_000, Math.floor(config.http.headersTimeoutMs / 4)),
    ),
  };
  const httpServer = http.createServer(serverOptions, createRequestListener(routes, logger));
  answerClientErrors(httpServer, logger);
  // `100 Continue` only once the guards have let the request through (http/router.ts).
  deferContinue(httpServer);
  const readiness = new Readiness(() => sources.all(), config.readiness.cacheMs);
  const schema = await buildSubgraphSchemaFromCode();
  // One key per server: CURSOR_SECRET, else random (cursors then end with the process).
  const cursorCodec = new CursorCodec(config.cursorSecret, sources.known());
  const queryLimits = createQueryLimits(config.queryLimits, { production: config.production });

  // OpenTelemetry: a tracer only when an OTLP endpoint is configured.
  const tracing = createTracing(config.telemetry, logger);
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    introspection: config.introspection,
    // Off unless GRAPHQL_STACK_TRACES turns them on (demo mode does): traces carry server paths.
    includeStacktraceInErrorResponses: config.stackTraces,
    // AS5's default, stated: a GET or a non-JSON POST needs a preflight-forcing header.
    csrfPrevention: true,
    // Over-limit operations fail in parsing/validation, before any resolver (src/security).
    validationRules: queryLimits.validationRules,
    parseOptions: queryLimits.parseOptions,
    formatError: createFormatError(logger, schema),
    // index.ts owns signal handling (drain, close simulators, exit); Apollo's own handler would
    // re-send the signal to the process.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo federated traces (ftv1), only when the router asks for them with
      // `apollo-federation-include-trace: ftv1`; error messages masked (they may carry details).
      config.telemetry.federatedTracing
        ? ApolloServerPluginInlineTrace({ includeErrors: { masked: true } })
        : ApolloServerPluginInlineTraceDisabled(),
      // No field has a cache hint and customer data is never cached
      // (docs/architecture.md#no-cross-request-cache): the default
      // cache-control plugin only wrapped every field resolution to compute "no cache".
      ApolloServerPluginCacheControlDisabled(),
      config.landingPage
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
      // Before the access log: it counts the partial errors this one adds to the response.
      partialErrorsPlugin(logger),
      accessLogPlugin(),
      graphqlTelemetryPlugin(schema),
      ...queryLimits.plugins,
    ],
  });

  routes.set("/healthz", {
    methods: GET_ROUTE_METHODS,
    handle: (_request, response) => sendJson(response, 200, { status: "ok" }),
  });
  routes.set("/readyz", {
    methods: GET_ROUTE_METHODS,
    handle: async (_request, response) => {
      const report = await readiness.report();
      const unreachable = Object.entries(report.providers)
        .filter(([, state]) => state !== undefined && !state.reachable)
        .map(([provider]) => provider);
      if (unreachable.length > 0) logger.warn({ unreachable }, "readiness: provider unreachable");
      sendJson(response, report.status === "ready" ? 200 : 503, report);
    },
  });

  // The offline developer page (GraphiQL, assets from this process) goes with the landing page.
  if (config.landingPage) {
    for (const [path, handle] of graphiqlRoutes()) {
      routes.set(path, { methods: GET_ROUTE_METHODS, handle });
    }
  }

  const guards = createHttpGuards(config, logger);
  // Metrics: on their own port when METRICS_PORT is set, else here behind /graphql's guards.
  const metricsServer =
    config.telemetry.metricsPort === null
      ? null
      : http.createServer(
          serverOptions,
          createRequestListener(
            new Map([[METRICS_PATH, { methods: GET_ROUTE_METHODS, handle: serveMetrics }]]),
            logger,
          ),
        );
  if (metricsServer) answerClientErrors(metricsServer, logger);
  else {
    routes.set(METRICS_PATH, {
      methods: GET_ROUTE_METHODS,
      handle: guarded(guards.metrics, serveMetrics),
    });
  }

  return {
    httpServer,
    apollo,
    metricsServer,
    sources,
    async start() {
      await apollo.start();
      const graphql = createGraphQLHandler({
        apollo,
        guards: guards.graphql,
        tracing,
        upstreamCallLimit: config.limits.maxUpstreamCallsPerRequest,
        context: async (requestState) => ({
          sources,
          requestId: requestState.requestId,
          // No child logger per request: the logger's mixin adds this request's id to every
          // line from the request context (http/graphql-handler.ts), deep calls included.
          logger,
          // A new loader per request: no customer data outlives the request
          // (docs/architecture.md#no-cross-request-cache).
          customerLoader: createCustomerLoader(sources, logger),
          linkLoader: createLinkLoader(sources, logger),
          caller: callerOf(requestState),
          cursorCodec,
          partialErrors: new PartialErrorCollector(),
          limits: { maxEntitiesPerRequest: config.limits.maxEntitiesPerRequest },
          idempotency: { store: state.idempotency, waitMs: state.idempotencyWaitMs },
          writeLock: state.lock,
        }),
      });
      // Every method: Apollo answers the ones GraphQL over HTTP does not take (405 with Allow).
      routes.set("/graphql", { handle: graphql });
      routes.set("/graphql/", { handle: graphql });
      readiness.markReady();
    },
    readiness,
    beginShutdown() {
      readiness.markShuttingDown();
    },
    async stop() {
      readiness.markShuttingDown();
      if (metricsServer?.listening) {
        const closed = new Promise<void>((resolve) => metricsServer.close(() => resolve()));
        metricsServer.closeAllConnections();
        await closed;
      }
      await apollo.stop();
      await tracing.shutdown();
      if (ownState) await state.close();
    },
  };
}
