/**
 * Graceful shutdown on SIGTERM/SIGINT: `/readyz` turns 503 at once (load balancers stop routing
 * new requests here), the server keeps serving for `drainDelayMs` while they notice, then Apollo
 * drains open requests and the HTTP server closes. A second signal, or a drain that outlasts
 * `deadlineMs` after the delay, ends the process at once.
 */
import type { Logger } from "./observability/logger.js";

export interface Stoppable {
  beginShutdown(): void;
  stop(): Promise<void>;
}

export interface ShutdownOptions {
  server: Stoppable;
  logger: Logger;
  /** How long `/readyz` answers 503 while requests are still served (SHUTDOWN_DRAIN_DELAY_MS). */
  drainDelayMs: number;
  /** After the drain delay, how long closing may take before the process exits anyway. */
  deadlineMs: number;
  /** Runs after the server closed (e.g. stops the demo simulators). */
  afterStop?: () => Promise<void>;
  /** Ends the process (process.exit in production). */
  exit: (code: number) => void;
}

/** Installs the handlers; returns a function that removes them. */
export function installShutdownHandlers(
  options: ShutdownOptions,
  signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"],
): () => void {
  const { server, logger, drainDelayMs, deadlineMs, exit } = options;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, "second signal, exiting now");
      exit(1);
      return;
    }
    stopping = true;
    server.beginShutdown();
    logger.info({ signal, drainDelayMs }, "shutting down: readiness now fails");
    setTimeout(() => {
      logger.error("shutdown took too long, exiting now");
      exit(1);
    }, drainDelayMs + deadlineMs).unref();
    new Promise<void>((resolve) => setTimeout(resolve, drainDelayMs))
      .then(() => {
        logger.info("drain delay over: closing the server");
        return server.stop();
      })
      .then(() => options.afterStop?.())
      .then(() => exit(0))
      .catch((error: unknown) => {
        logger.error(
          { errorName: error instanceof Error ? error.name : typeof error },
          "shutdown failed",
        );
        exit(1);
      });
  };
  for (const signal of signals) process.on(signal, shutdown);
  return () => {
    for (const signal of signals) process.off(signal, shutdown);
  };
}
