/**
 * Child process: the LoanPro and SimPay simulators on loopback with a fixed latency, shared by our
 * server and the floor so both face the same upstream. Commands: `count` (requests received per
 * simulator since the last `clear`), `clear`.
 */
import type { RecordedRequest } from "../simulators/http-simulator.js";
import { startLoanProSimulator } from "../simulators/loanpro/loanpro.simulator.js";
import { startSimPaySimulator } from "../simulators/simpay/simpay.simulator.js";
import { serveParent } from "./child-protocol.js";

export interface SimulatorsInfo {
  loanpro: { apiUrl: string; token: string; instanceId: string };
  simpay: { apiUrl: string; username: string; password: string };
}

export interface SimulatorCounts {
  loanpro: number;
  simpay: number;
  /** Requests per method and path with the ids blanked out, e.g. "GET /api/customers/{id}". */
  routes: Record<string, number>;
}

function routesOf(requests: RecordedRequest[], routes: Record<string, number>): void {
  for (const request of requests) {
    const route = `${request.method} ${request.path.replace(/\d+/g, "{id}")}`;
    routes[route] = (routes[route] ?? 0) + 1;
  }
}

async function main(): Promise<void> {
  const latencyMs = Number(process.argv[2] ?? "0");
  const loanpro = await startLoanProSimulator({ port: 0, latencyMs });
  const simpay = await startSimPaySimulator({ port: 0, latencyMs });
  const info: SimulatorsInfo = {
    loanpro: { apiUrl: loanpro.apiUrl, token: loanpro.token, instanceId: loanpro.instanceId },
    simpay: { apiUrl: simpay.apiUrl, username: simpay.username, password: simpay.password },
  };
  serveParent(info, (command) => {
    switch (command) {
      case "count": {
        const routes: Record<string, number> = {};
        routesOf(loanpro.requests, routes);
        routesOf(simpay.requests, routes);
        return {
          loanpro: loanpro.requests.length,
          simpay: simpay.requests.length,
          routes,
        } satisfies SimulatorCounts;
      }
      case "clear":
        loanpro.clearLog();
        simpay.clearLog();
        return null;
      default:
        throw new Error(`unknown command ${command}`);
    }
  });
}

main().catch((error: unknown) => {
  console.error(
    "bench simulators could not start:",
    error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
