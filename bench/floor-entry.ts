/**
 * Child process: the floor proxy (floor-proxy.ts), configured by the driver through the
 * environment variables our server reads, so both point at the same simulators.
 */
import { serveParent } from "./child-protocol.js";
import { startFloorProxy } from "./floor-proxy.js";
import { memorySnapshot } from "./memory.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function main(): Promise<void> {
  const floor = await startFloorProxy({
    loanpro: {
      apiUrl: required("LOANPRO_API_URL"),
      token: required("LOANPRO_API_TOKEN"),
      instanceId: required("LOANPRO_INSTANCE_ID"),
    },
    simpay: {
      apiUrl: required("SIMPAY_API_URL"),
      username: required("SIMPAY_USERNAME"),
      password: required("SIMPAY_PASSWORD"),
    },
  });
  serveParent({ port: floor.port, node: process.version }, (command) => memorySnapshot(command));
}

main().catch((error: unknown) => {
  console.error("bench floor could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
