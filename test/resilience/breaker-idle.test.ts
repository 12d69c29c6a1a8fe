/**
 * The breaker opens after BREAKER_CONSECUTIVE_FAILURES (default 20) provider-wide failures in a
 * row whatever came before: 1 000 healthy calls, 12 s idle, then LoanPro answering 503 to
 * everything. With the failure rate alone, the healthy calls still in the 30 s window diluted it
 * and LoanPro took ~150 failing calls before the breaker opened.
 */
import {
  READ_QUERY,
  onlyError,
  sleep,
  startLoanProStack,
  type LoanProStack,
} from "./resilience.harness.js";

/** The production defaults of the breaker (the harness otherwise keeps it from opening). */
const DEFAULT_BREAKER_ENV = {
  BREAKER_MINIMUM_CALLS: "20",
  BREAKER_FAILURE_PERCENT: "50",
  BREAKER_WINDOW_MS: "30000",
  BREAKER_HALF_OPEN_AFTER_MS: "60000",
  UPSTREAM_READ_ATTEMPTS: "1",
};

const LOANPRO_IDS = Array.from({ length: 40 }, (_, index) => 1001 + index);

async function read(lp: LoanProStack, index: number) {
  const id = LOANPRO_IDS[index % LOANPRO_IDS.length];
  return lp.stack.graphql(READ_QUERY, { id: `loanpro:${id}` });
}

/** Reads one at a time until an answer needed no LoanPro call; returns the failing calls made. */
async function failuresUntilOpen(lp: LoanProStack, limit: number): Promise<number> {
  lp.simulator.clearLog();
  lp.simulator.inject({ method: "GET", status: 503, times: Infinity });
  for (let index = 0; index < limit; index += 1) {
    const before = lp.simulator.requests.length;
    const result = await read(lp, index);
    expect(onlyError(result).extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    if (lp.simulator.requests.length === before) return before;
  }
  return lp.simulator.requests.length;
}

describe("breaker after a long healthy run and an idle period", () => {
  let lp: LoanProStack;
  afterEach(() => lp.close());

  it("opens after 20 consecutive failures (default), not after ~150", async () => {
    lp = await startLoanProStack(DEFAULT_BREAKER_ENV);
    // 1 000 healthy reads, 10 at a time.
    for (let batch = 0; batch < 100; batch += 1) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, offset) => read(lp, batch * 10 + offset)),
      );
      for (const result of results) expect(result.body.errors).toBeUndefined();
    }
    await sleep(12_000);
    const failures = await failuresUntilOpen(lp, 400);
    console.log(`breaker opened after ${failures} failing LoanPro calls (1000 healthy, 12 s idle)`);
    expect(failures).toBe(20);
    expect(lp.stack.logLines.some((line) => line.includes("circuit breaker opened"))).toBe(true);
  }, 120_000);

  it("follows BREAKER_CONSECUTIVE_FAILURES", async () => {
    lp = await startLoanProStack({ ...DEFAULT_BREAKER_ENV, BREAKER_CONSECUTIVE_FAILURES: "5" });
    for (let index = 0; index < 200; index += 1) {
      expect((await read(lp, index)).body.errors).toBeUndefined();
    }
    expect(await failuresUntilOpen(lp, 100)).toBe(5);
  }, 60_000);

  it("does not open on failures of one record interleaved with successes", async () => {
    lp = await startLoanProStack({ ...DEFAULT_BREAKER_ENV, BREAKER_CONSECUTIVE_FAILURES: "5" });
    for (let index = 0; index < 200; index += 1) {
      expect((await read(lp, index)).body.errors).toBeUndefined();
    }
    lp.simulator.clearLog();
    // One record answers 500 every time; each failure is followed by a healthy read.
    lp.simulator.inject({ method: "GET", path: "Customers(1001)", status: 500, times: Infinity });
    for (let round = 0; round < 30; round += 1) {
      const broken = await lp.stack.graphql(READ_QUERY, { id: "loanpro:1001" });
      expect(onlyError(broken).extensions.code).toBe("UPSTREAM_UNAVAILABLE");
      const healthy = await lp.stack.graphql(READ_QUERY, { id: "loanpro:1002" });
      expect(healthy.body.errors).toBeUndefined();
    }
    expect(lp.stack.logLines.some((line) => line.includes("circuit breaker opened"))).toBe(false);
  }, 60_000);
});
