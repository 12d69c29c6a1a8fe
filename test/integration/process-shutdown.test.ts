/**
 * SIGTERM delivered to the real server process (`src/index.ts`, compiled and run with `node`):
 * `/readyz` fails at once, a request already running finishes with its data, a request arriving
 * during SHUTDOWN_DRAIN_DELAY_MS is still served, then the process closes its port and exits 0 on
 * its own, keep-alive connections included. What it logged on the way carries no credential.
 */
import http from "node:http";
import axios from "axios";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  buildServer,
  killServerProcess,
  startServerProcess,
  type ServerProcess,
} from "../support/server-process.js";

const TOKEN = "lp-shutdown-token-7d41e2";
const READ = '{ customer(id: "loanpro:1001") { id displayName } }';
const DRAIN_DELAY_MS = 3_000;
const SLOW_MS = DRAIN_DELAY_MS + 1_000;

describe("the server process on SIGTERM", () => {
  let loanpro: LoanProSimulator;
  let server: ServerProcess | undefined;
  // Keep-alive, as a router's pool: the process must not wait on idle pooled connections.
  const agent = new http.Agent({ keepAlive: true });
  const client = axios.create({ httpAgent: agent, validateStatus: () => true, timeout: 15_000 });

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ token: TOKEN, instanceId: "lp-shutdown" });
    server = await startServerProcess(buildServer(), {
      LOANPRO_API_URL: loanpro.apiUrl,
      LOANPRO_API_TOKEN: TOKEN,
      LOANPRO_INSTANCE_ID: "lp-shutdown",
      SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_DELAY_MS),
      // Far above the slow read's delay: it must end with its data, never at the deadline.
      UPSTREAM_TIMEOUT_MS: "20000",
      LOG_LEVEL: "debug",
    });
  }, 240_000);

  afterAll(async () => {
    agent.destroy();
    await killServerProcess(server);
    await loanpro?.close();
  });

  const read = () =>
    client.post<{ data?: unknown; errors?: unknown }>(
      `${server!.origin}/graphql`,
      { query: READ },
      { headers: { "content-type": "application/json" } },
    );

  it("fails readiness, finishes running requests, serves through the delay, exits 0", async () => {
    const { origin, child, exited, output } = server!;
    // A pooled connection left idle, as a router leaves it.
    expect((await read()).status).toBe(200);

    // A read still running when the signal comes, and still running when the drain delay ends:
    // LoanPro answers it only after the delay (the close must wait for it).
    const before = loanpro.requests.length;
    loanpro.inject({ method: "GET", path: /odata\.svc\/Customers/, delayMs: SLOW_MS });
    const running = read();
    for (let tries = 0; loanpro.requests.length === before && tries < 200; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(loanpro.requests.length).toBe(before + 1);
    const signalled = Date.now();
    child.kill("SIGTERM");

    // Readiness fails at once, without a provider call.
    let readiness = await client.get<{ status: string }>(`${origin}/readyz`);
    for (let tries = 0; readiness.status !== 503 && tries < 20; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      readiness = await client.get<{ status: string }>(`${origin}/readyz`);
    }
    expect(readiness.status).toBe(503);
    expect(readiness.data.status).toBe("shutting_down");

    // A request routed here during the drain delay is still served.
    const during = await read();
    expect(during.status).toBe(200);
    expect(during.data).toEqual({
      data: { customer: { id: "loanpro:1001", displayName: expect.any(String) } },
    });
    expect(Date.now() - signalled).toBeLessThan(DRAIN_DELAY_MS);

    // The running one ends with its data, not a reset.
    const slow = await running;
    expect(slow.status).toBe(200);
    expect(slow.data).toEqual(during.data);

    // Then the process exits by itself with 0 (the shutdown deadline would make it 1), and the
    // port is closed.
    expect(await exited).toBe(0);
    // Soon after the delay: idle pooled connections did not hold the close for a grace period.
    expect(Date.now() - signalled).toBeLessThan(SLOW_MS + 5_000);
    await expect(axios.get(`${origin}/healthz`)).rejects.toMatchObject({ code: "ECONNREFUSED" });

    const logs = output.join("");
    expect(logs).toMatch(/"state":"memory".*"customer-subgraph listening"/);
    expect(logs).toContain("shutting down: readiness now fails");
    expect(logs).toContain("drain delay over: closing the server");
    expect(logs).not.toContain(TOKEN);
  }, 60_000);
});
