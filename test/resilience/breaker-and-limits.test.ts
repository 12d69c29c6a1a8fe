/**
 * The per-provider circuit breaker and concurrency limit through the real server
 * (docs/architecture.md#the-breaker): it opens on a provider-wide failure rate, not on one broken
 * customer, not on 4xx; an open breaker answers at once without calling the provider.
 */
import {
  READ_QUERY,
  UPDATE_MUTATION,
  onlyError,
  requestsTo,
  startLoanProStack,
  startSimPayStack,
  timed,
  type LoanProStack,
  type SimPayStack,
} from "./resilience.harness.js";

/** Opens after 10 provider failures at 50% within 10 s; stays open for a minute. */
const BREAKER_ENV = {
  BREAKER_MINIMUM_CALLS: "10",
  BREAKER_FAILURE_PERCENT: "50",
  BREAKER_WINDOW_MS: "10000",
  BREAKER_HALF_OPEN_AFTER_MS: "60000",
  UPSTREAM_READ_ATTEMPTS: "1",
};

describe("SimPay breaker", () => {
  let sp: SimPayStack;
  beforeAll(async () => {
    sp = await startSimPayStack(BREAKER_ENV);
  });
  afterAll(() => sp.close());

  it("opens on sustained 503s across many customers and then answers without calling SimPay", async () => {
    sp.simulator.inject({ method: "GET", path: "/customers/", status: 503, times: Infinity });
    for (let key = 48201; key <= 48212; key += 1) {
      const result = await sp.stack.graphql(READ_QUERY, { id: `simpay:${key}` });
      expect(onlyError(result).extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    }
    sp.simulator.clearLog();

    const { value: result, ms } = await timed(() =>
      sp.stack.graphql(READ_QUERY, { id: "simpay:48220" }),
    );
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "SIMPAY",
      retryable: true,
    });
    expect(ms).toBeLessThan(1000);
    expect(sp.simulator.requests).toEqual([]);
    expect(sp.stack.logLines.some((line) => line.includes("circuit breaker opened"))).toBe(true);
  });

  it("refuses a write at once while open and reports it NOT_APPLIED", async () => {
    sp.simulator.clearLog();
    const result = await sp.stack.graphql(UPDATE_MUTATION, {
      input: { id: "simpay:48221", email: "open.breaker@example.test" },
    });
    // The update's own first read is refused: nothing was sent, so nothing was written.
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "SIMPAY",
      retryable: true,
      writeOutcome: "NOT_APPLIED",
    });
    expect(sp.simulator.requests).toEqual([]);
  });
});

describe("LoanPro breaker", () => {
  let lp: LoanProStack;
  beforeEach(async () => {
    lp = await startLoanProStack(BREAKER_ENV);
  });
  afterEach(() => lp.close());

  it("opens on sustained 503s across many customers read in batches", async () => {
    lp.simulator.inject({
      method: "GET",
      path: /odata\.svc\/Customers(\(\d+\))?$/,
      status: 503,
      times: Infinity,
    });
    for (let id = 1011; id <= 1022; id += 1) {
      const result = await lp.stack.graphql(READ_QUERY, { id: `loanpro:${id}` });
      expect(onlyError(result).extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    }
    lp.simulator.clearLog();
    const result = await lp.stack.graphql(READ_QUERY, { id: "loanpro:1030" });
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "LOANPRO",
      retryable: true,
    });
    expect(lp.simulator.requests).toEqual([]);
  });

  it("keeps serving other customers while one customer keeps answering 500", async () => {
    // Every read of customer 1001 by key fails (the update path reads it so).
    lp.simulator.inject({ method: "GET", path: "Customers(1001)", status: 500, times: Infinity });
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const result = await lp.stack.graphql(UPDATE_MUTATION, {
        input: { id: "loanpro:1001", email: `attempt.${attempt}@example.test` },
      });
      expect(onlyError(result).extensions.code).toBe("UPSTREAM_UNAVAILABLE");
    }
    lp.simulator.clearLog();
    const read = await lp.stack.graphql(READ_QUERY, { id: "loanpro:1002" });
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data?.customer).toMatchObject({ id: "loanpro:1002" });
    const write = await lp.stack.graphql(UPDATE_MUTATION, {
      input: { id: "loanpro:1002", email: "still.served@example.test" },
    });
    expect(write.body.errors).toBeUndefined();
    expect(requestsTo(lp.simulator.requests, "PUT").length).toBe(1);
  });

  it("does not open on LoanPro's 409 answers (missing customers)", async () => {
    for (let id = 990_001; id <= 990_025; id += 1) {
      const result = await lp.stack.graphql(UPDATE_MUTATION, {
        input: { id: `loanpro:${id}`, email: "nobody@example.test" },
      });
      expect(result.body.data?.updateCustomer).toMatchObject({
        userErrors: [expect.objectContaining({ code: "NOT_FOUND" })],
      });
    }
    lp.simulator.clearLog();
    const read = await lp.stack.graphql(READ_QUERY, { id: "loanpro:1002" });
    expect(read.body.errors).toBeUndefined();
    expect(lp.simulator.requests.length).toBeGreaterThan(0);
  });
});

describe("concurrency limit per provider", () => {
  let sp: SimPayStack;
  beforeAll(async () => {
    sp = await startSimPayStack({ UPSTREAM_MAX_CONCURRENCY: "2" });
    await sp.stack.graphql(READ_QUERY, { id: "simpay:48201" });
  });
  afterAll(() => sp.close());

  it("keeps at most the configured number of SimPay calls in flight", async () => {
    sp.simulator.setLatency(100);
    sp.simulator.resetInFlight();
    const keys = [48202, 48203, 48204, 48205, 48206, 48207, 48208, 48209];
    const { value: results, ms } = await timed(() =>
      Promise.all(keys.map((key) => sp.stack.graphql(READ_QUERY, { id: `simpay:${key}` }))),
    );
    sp.simulator.setLatency(0);
    for (const result of results) expect(result.body.errors).toBeUndefined();
    expect(sp.simulator.maxInFlight()).toBe(2);
    // 8 calls of 100 ms, 2 at a time: at least 4 rounds.
    expect(ms).toBeGreaterThanOrEqual(390);
  });
});
