/**
 * Child process: our server as `src/index.ts` builds it (loadConfig, createServer), listening on loopback, with the bench-only memory commands over IPC. The product
 * entry has no such controls; this file is never shipped as a route.
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/observability/logger.js";
import { createServer } from "../src/server.js";
import { serveParent } from "./child-protocol.js";
import { loopDelay } from "./loop-delay.js";
import { memorySnapshot } from "./memory.js";
import { profilerCommand } from "./profiler.js";

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
  const logger = createLogger({ level: config.logLevel });
  const server = await createServer({ config, logger });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  serveParent({ port, node: process.version }, (command) =>
    command === "loop"
      ? loopDelay()
      : command.startsWith("profile:") || command.startsWith("heap:")
        ? profilerCommand(command)
        : memorySnapshot(command),
  );
  process.on("SIGTERM", () => {
    server.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error("bench server could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
