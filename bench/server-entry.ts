/**
 * Child process: our server as `src/index.ts` builds it (loadConfig, createServer), listening on loopback, with the bench-only memory commands over IPC. The product
 * entry has no such controls; this file is never shipped as a route.
 *
 * `--transport undici` swaps axios's default adapter for the undici prototype before the provider
 * clients are created (axios.create copies the defaults), to measure it without editing src/.
 */
import "reflect-metadata";
import type { AddressInfo } from "node:net";
import axios from "axios";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/observability/logger.js";
import { createServer } from "../src/server.js";
import { serveParent } from "./child-protocol.js";
import { memorySnapshot } from "./memory.js";
import { profilerCommand } from "./profiler.js";
import { createUndiciAdapter } from "./undici-adapter.js";

async function main(): Promise<void> {
  if (process.argv.includes("--transport=undici")) {
    axios.defaults.adapter = createUndiciAdapter();
  }
  const config = loadConfig({ ...process.env, PORT: "0", HOST: "127.0.0.1" });
  const logger = createLogger({ level: config.logLevel });
  const server = await createServer({ config, logger });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  serveParent({ port }, (command) =>
    command.startsWith("profile:") ? profilerCommand(command) : memorySnapshot(command),
  );
  process.on("SIGTERM", () => {
    server.stop().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error("bench server could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
