/**
 * Process entry only: load the configuration, start the simulators in demo mode, start the
 * server, shut down gracefully on SIGTERM/SIGINT (readiness fails first: shutdown.ts;
 * docs/architecture.md#layers).
 */
import "reflect-metadata";
import { ConfigError, isDemoMode, loadConfig, type Config } from "./config.js";
import { createLogger } from "./observability/logger.js";
import { createServer } from "./server.js";
import { installShutdownHandlers } from "./shutdown.js";
import { startDemo, type DemoStack } from "./demo.js";

/**
 * A second signal, or this long after the drain delay, ends the process without waiting for
 * open requests.
 */
const SHUTDOWN_DEADLINE_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  let config = readConfig();
  let demo: DemoStack | null = null;
  if (isDemoMode(config)) {
    demo = await startDemo();
    // The providers only: the settings that depend on demo mode (stack traces) stay as loaded.
    config = { ...config, providers: demo.config.providers };
    // The first lines printed say what is running and where to look, so a newcomer sees
    // something working at once (docs/architecture.md#runtime-contract).
    const port = config.port;
    const names = config.providers.map(({ module }) => module.name).join(", ");
    console.log(
      `customer-subgraph: no provider configured, running the built-in simulators of ${names} (demo mode)`,
    );
    console.log(`Open http://localhost:${port}/graphql in a browser (Apollo Sandbox)`);
    if (config.landingPage) {
      console.log(
        `Offline, or without access to Apollo's CDN: http://localhost:${port}/graphiql (GraphiQL served by this process)`,
      );
    }
    console.log(
      `Example ids to query: ${demo.exampleIds.map((id) => `"${id}"`).join(" and ")}, e.g. { customer(id: "${demo.exampleIds[0]}") { displayName email } }`,
    );
  }

  const logger = createLogger({ level: config.logLevel });
  const server = await createServer({ config, logger });
  await server.start();
  server.httpServer.on("error", (error: NodeJS.ErrnoException) => {
    logger.fatal({ errorCode: error.code, port: config.port }, "could not listen");
    process.exit(1);
  });
  server.httpServer.listen(config.port, config.host, () => {
    logger.info(
      {
        port: config.port,
        host: config.host,
        demo: demo !== null,
        providers: server.sources.all().map((source) => source.provider),
        // Where to look: the offline developer page (with the landing page) and the metrics.
        graphiql: config.landingPage ? "/graphiql" : null,
        metrics: config.telemetry.metricsPort === null ? "/metrics" : null,
        tracing: config.telemetry.otlpTracesEndpoint !== null,
        // Where the write locks and idempotency keys live (never the URL: it may hold a password).
        state: config.state.redisUrl === null ? "memory" : "redis",
      },
      "customer-subgraph listening",
    );
  });

  if (server.metricsServer && config.telemetry.metricsPort !== null) {
    const metricsPort = config.telemetry.metricsPort;
    server.metricsServer.on("error", (error: NodeJS.ErrnoException) => {
      logger.fatal({ errorCode: error.code, port: metricsPort }, "could not listen for /metrics");
      process.exit(1);
    });
    server.metricsServer.listen(metricsPort, config.host, () => {
      logger.info({ port: metricsPort, host: config.host }, "metrics listening on /metrics");
    });
  }

  installShutdownHandlers({
    server,
    logger,
    drainDelayMs: config.readiness.shutdownDrainDelayMs,
    deadlineMs: SHUTDOWN_DEADLINE_MS,
    afterStop: async () => {
      await demo?.close();
    },
    exit: (code) => process.exit(code),
  });
}

main().catch((error: unknown) => {
  console.error(
    "customer-subgraph could not start:",
    error instanceof Error ? error.message : String(error),
  );
  process.exit(1);
});
