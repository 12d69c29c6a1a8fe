/**
 * `/readyz` and shutdown over real HTTP: readiness follows this replica, not the providers; the
 * provider checks behind it are cached and single-flight, so probes do not multiply provider
 * calls; on SIGTERM readiness fails first, the server keeps serving through the drain delay, and
 * only then closes.
 */
import axios from "axios";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { installShutdownHandlers } from "../../src/shutdown.js";
import { startStack } from "./harness.js";

const probe = (origin: string) =>
  axios.get<Record<string, unknown>>(`${origin}/readyz`, { validateStatus: () => true });

function providerCalls(simulator: LoanProSimulator | SimPaySimulator, from = 0): number {
  return simulator.requests.length - from;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("/readyz", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;

  beforeAll(async () => {
    loanpro = await startLoanProSimulator();
    simpay = await startSimPaySimulator();
  });

  afterAll(async () => {
    await loanpro.close();
    await simpay.close();
  });

  it("answers 100 probes with at most a few provider calls", async () => {
    const stack = await startStack({ loanpro, simpay });
    try {
      loanpro.clearLog();
      simpay.clearLog();
      // 50 at once, then 50 one after the other: concurrent probes share one check per provider,
      // later ones reuse the cached result (5 s by default).
      const together = await Promise.all(Array.from({ length: 50 }, () => probe(stack.origin)));
      const oneByOne = [];
      for (let index = 0; index < 50; index += 1) oneByOne.push(await probe(stack.origin));
      for (const response of [...together, ...oneByOne]) expect(response.status).toBe(200);
      const loanproCalls = providerCalls(loanpro);
      // SimPay's first check logs in: one POST /authenticate plus one GET.
      const simpayCalls = simpay.customerRequests().length;
      console.log(
        `100 probes -> LoanPro calls ${loanproCalls}, SimPay customer calls ${simpayCalls}`,
      );
      // A refresh happens at most once per 5 s; the loop cannot take that long twice over.
      expect(loanproCalls).toBeGreaterThanOrEqual(1);
      expect(loanproCalls).toBeLessThanOrEqual(3);
      expect(simpayCalls).toBeGreaterThanOrEqual(1);
      expect(simpayCalls).toBeLessThanOrEqual(3);
    } finally {
      await stack.close();
    }
  });

  it("refreshes a result older than READINESS_CACHE_MS with one call per provider", async () => {
    const stack = await startStack({ loanpro, simpay, env: { READINESS_CACHE_MS: "200" } });
    try {
      await probe(stack.origin);
      const first = (await probe(stack.origin)).data as {
        providers: Record<string, { checkedAt: string }>;
      };
      await sleep(400);
      const before = providerCalls(loanpro);
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 20 }, () => probe(stack.origin)));
      const elapsed = Date.now() - started;
      // One refresh for the 20 probes; on a loaded machine the burst may outlast the 200 ms
      // cache, and each expiry then allows exactly one more call, never one per probe.
      const calls = providerCalls(loanpro, before);
      expect(calls).toBeGreaterThanOrEqual(1);
      expect(calls).toBeLessThanOrEqual(1 + Math.floor(elapsed / 200));
      const later = answers[0].data as { providers: Record<string, { checkedAt: string }> };
      expect(Date.parse(later.providers.LOANPRO.checkedAt)).toBeGreaterThan(
        Date.parse(first.providers.LOANPRO.checkedAt),
      );
    } finally {
      await stack.close();
    }
  });

  it("reports a provider that comes back once the cache expires", async () => {
    const stack = await startStack({ loanpro, simpay, env: { READINESS_CACHE_MS: "100" } });
    try {
      loanpro.inject({ method: "GET", status: 503, times: Infinity });
      const down = await probe(stack.origin);
      expect(down.status).toBe(200);
      expect(down.data.providers).toMatchObject({
        LOANPRO: { reachable: false, code: "UPSTREAM_UNAVAILABLE" },
        SIMPAY: { reachable: true },
      });
      loanpro.clearLog();
      await sleep(300);
      const back = await probe(stack.origin);
      expect(back.data.providers).toMatchObject({ LOANPRO: { reachable: true } });
    } finally {
      loanpro.clearLog();
      await stack.close();
    }
  });
});

describe("shutdown on SIGTERM", () => {
  it("fails readiness first, serves through the drain delay, then closes", async () => {
    const loanpro = await startLoanProSimulator();
    const stack = await startStack({ loanpro, env: { SHUTDOWN_DRAIN_DELAY_MS: "1500" } });
    const exits: number[] = [];
    const remove = installShutdownHandlers(
      {
        server: stack.server,
        logger: { info: () => {}, warn: () => {}, error: () => {} } as never,
        drainDelayMs: stack.config.readiness.shutdownDrainDelayMs,
        deadlineMs: 10_000,
        exit: (code) => exits.push(code),
      },
      ["SIGTERM"],
    );
    try {
      expect((await probe(stack.origin)).status).toBe(200);
      // The listeners run as for a delivered signal (a real one would reach the test runner too).
      process.emit("SIGTERM", "SIGTERM");
      await sleep(100);
      // Readiness fails at once, without asking any provider.
      const calls = providerCalls(loanpro);
      const draining = await probe(stack.origin);
      expect(draining.status).toBe(503);
      expect(draining.data).toEqual({ status: "shutting_down", providers: {} });
      expect(providerCalls(loanpro, calls)).toBe(0);
      // Requests already routed here are still served during the delay.
      const served = await stack.graphql('{ customer(id: "loanpro:1001") { id } }');
      expect(served.body.data).toEqual({ customer: { id: "loanpro:1001" } });
      expect(exits).toEqual([]);
      // After the delay the server drains and closes, and the process would exit with 0.
      const closed = await waitFor(() => exits.length > 0, 10_000);
      expect(closed).toBe(true);
      expect(exits).toEqual([0]);
      await expect(probe(stack.origin)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    } finally {
      remove();
      await loanpro.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}
