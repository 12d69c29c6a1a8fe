/**
 * Process entry only: load the configuration, start the simulators in demo mode, start the
 * server, shut down gracefully on SIGTERM/SIGINT (readiness fails first: shutdown.ts;
 * docs/architecture.md#layers).
 */
import "reflect-metadata";
import { ConfigError, isDemoMode, loadConfig, type Config } from "./config.js";
import { createLogger } from "./observability/logger.js";
import { createCustomerSources } from "./providers/registry.js";
import { createServer } from "./server.js";
import { installShutdownHandlers } from "./shutdown.js";
import { DEMO_EXAMPLE_IDS, startDemoSimulators, type DemoSimulators } from "../simulators/demo.js";

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
  let demo: DemoSimulators | null = null;
  if (isDemoMode(config)) {
    // The first lines printed say what is running and where to look, so a newcomer sees
    // something working at once (docs/architecture.md#runtime-contract).
    const port = config.port;
    console.log(
      "customer-subgraph: no provider configured, running the built-in LoanPro and SimPay simulators (demo mode)",
    );
    console.log(`Open http://localhost:${port}/graphql in a browser (Apollo Sandbox)`);
    console.log(
      `Example ids to query: ${DEMO_EXAMPLE_IDS.map((id) => `"${id}"`).join(" and ")}, e.g. { customer(id: "${DEMO_EXAMPLE_IDS[0]}") { displayName email } }`,
    );
    demo = await startDemoSimulators();
    config = { ...config, loanpro: demo.loanpro, simpay: demo.simpay };
  }

  const logger = createLogger({ level: config.logLevel });
  const sources = createCustomerSources(config, logger);
  const server = await createServer({ config, sources, logger });
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
        providers: sources.all().map((source) => source.provider),
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
