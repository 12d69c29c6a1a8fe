/**
 * Child process: the LoanPro and SimPay simulators on loopback with a fixed latency, shared by our
 * server and the floor so both face the same upstream, seeded with the bench's customers
 * (bench-seed.ts); and an OTLP/HTTP sink that accepts and drops spans, for the run with tracing on.
 * Commands: `count` (requests received per simulator since the last `clear`), `requests` (those
 * requests' method, path and query), `clear`, `spans` (bytes of spans received).
 *
 * Arguments: latency in ms, bench customers per provider.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordedRequest } from "../simulators/http-simulator.js";
import { startLoanProSimulator } from "../simulators/loanpro/loanpro.simulator.js";
import { startSimPaySimulator } from "../simulators/simpay/simpay.simulator.js";
import { benchLoanProSeed, benchSimPaySeed } from "./bench-seed.js";
import { serveParent } from "./child-protocol.js";

export interface SimulatorsInfo {
  loanpro: { apiUrl: string; token: string; instanceId: string };
  simpay: { apiUrl: string; username: string; password: string };
  /** Where the OTLP sink takes spans (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). */
  otlpTracesUrl: string;
}

export interface SimulatorCounts {
  loanpro: number;
  simpay: number;
  /** Requests per method and path with the ids blanked out, e.g. "GET /api/customers/{id}". */
  routes: Record<string, number>;
}

export interface SpanSinkCounts {
  posts: number;
  bytes: number;
}

function routesOf(requests: RecordedRequest[], routes: Record<string, number>): void {
  for (const request of requests) {
    const route = `${request.method} ${request.path.replace(/\d+/g, "{id}")}`;
    routes[route] = (routes[route] ?? 0) + 1;
  }
}

/** Accepts OTLP/HTTP posts and answers 200 `{}` (an empty ExportTraceServiceResponse). */
async function startSpanSink(): Promise<{ url: string; counts: SpanSinkCounts }> {
  const counts: SpanSinkCounts = { posts: 0, bytes: 0 };
  const server = http.createServer((request, response) => {
    request.on("data", (chunk: Buffer) => {
      counts.bytes += chunk.length;
    });
    request.on("end", () => {
      counts.posts += 1;
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/traces`, counts };
}

async function main(): Promise<void> {
  const latencyMs = Number(process.argv[2] ?? "0");
  const customers = Number(process.argv[3] ?? "60");
  const loanpro = await startLoanProSimulator({
    port: 0,
    latencyMs,
    seed: benchLoanProSeed(customers),
  });
  const simpay = await startSimPaySimulator({
    port: 0,
    latencyMs,
    seed: benchSimPaySeed(customers),
  });
  const sink = await startSpanSink();
  const info: SimulatorsInfo = {
    loanpro: { apiUrl: loanpro.apiUrl, token: loanpro.token, instanceId: loanpro.instanceId },
    simpay: { apiUrl: simpay.apiUrl, username: simpay.username, password: simpay.password },
    otlpTracesUrl: sink.url,
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
      case "requests":
        return [...loanpro.requests, ...simpay.requests].map(
          (request) => `${request.method} ${request.path}?${decodeURIComponent(request.rawQuery)}`,
        );
      case "clear":
        loanpro.clearLog();
        simpay.clearLog();
        return null;
      case "spans":
        return { ...sink.counts } satisfies SpanSinkCounts;
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
