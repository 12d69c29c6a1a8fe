/**
 * Read faults through the real server over HTTP (docs/architecture.md#resilience-is-a-wrapper):
 * retries only on 502/503/504/429/reset, `Retry-After` honoured but never past the deadline, the
 * deadline ends a slow or dripping answer. Timings are measured, not assumed.
 */
import type { GraphQLResult } from "../integration/harness.js";
import {
  DEADLINE_MS,
  READ_QUERY,
  onlyError,
  requestsTo,
  startLoanProStack,
  startSimPayStack,
  timed,
  type LoanProStack,
  type SimPayStack,
} from "./resilience.harness.js";

/**
 * LoanPro reads of the `customer` field go through the batched collection path
 * (docs/providers/loanpro.md §4.3).
 */
/** A customer read: by key (`Customers(N)`, one id) or as a collection (`$filter`, several). */
const COLLECTION = /odata\.svc\/Customers(\(\d+\))?$/;
/** Slack for the server's own work on top of the deadline. */
const SLACK_MS = 1_000;

describe("LoanPro read faults", () => {
  let lp: LoanProStack;
  const read = (): Promise<GraphQLResult> => lp.stack.graphql(READ_QUERY, { id: "loanpro:1001" });
  const reads = () => requestsTo(lp.simulator.requests, "GET", "odata.svc/Customers");

  beforeAll(async () => {
    lp = await startLoanProStack();
  });
  afterAll(() => lp.close());
  beforeEach(() => lp.simulator.clearLog());

  it("retries a 503 once and answers the data", async () => {
    lp.simulator.inject({ method: "GET", path: COLLECTION, status: 503 });
    const result = await read();
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      customer: { id: "loanpro:1001", email: "ada.example@example.test" },
    });
    expect(reads().length).toBe(2);
  });

  it("waits the Retry-After of a 503 and then answers the data", async () => {
    lp.simulator.inject({
      method: "GET",
      path: COLLECTION,
      status: 503,
      headers: { "retry-after": "1" },
    });
    const { value: result, ms } = await timed(read);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "loanpro:1001" });
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(DEADLINE_MS);
    expect(reads().length).toBe(2);
  });

  it("answers UPSTREAM_UNAVAILABLE at once when Retry-After lies past the deadline", async () => {
    lp.simulator.inject({
      method: "GET",
      path: COLLECTION,
      status: 503,
      headers: { "retry-after": "30" },
    });
    const { value: result, ms } = await timed(read);
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "LOANPRO",
      retryable: true,
    });
    expect(ms).toBeLessThan(500);
    expect(reads().length).toBe(1);
  });

  it("does not retry a 500 and answers UPSTREAM_UNAVAILABLE", async () => {
    lp.simulator.inject({ method: "GET", path: COLLECTION, status: 500 });
    const result = await read();
    expect(onlyError(result).extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "LOANPRO",
    });
    expect(reads().length).toBe(1);
  });

  it("retries a 429 and answers the data", async () => {
    lp.simulator.inject({ method: "GET", path: COLLECTION, status: 429 });
    const result = await read();
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "loanpro:1001" });
    expect(reads().length).toBe(2);
  });

  it("answers UPSTREAM_TIMEOUT within the deadline when LoanPro is slower than it", async () => {
    lp.simulator.inject({ method: "GET", path: COLLECTION, delayMs: DEADLINE_MS + 2_000 });
    const { value: result, ms } = await timed(read);
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_TIMEOUT",
      provider: "LOANPRO",
      retryable: true,
    });
    expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(reads().length).toBe(1);
  });

  it("ends an answer that drips slowly at the deadline with UPSTREAM_TIMEOUT", async () => {
    // Headers come at once, then one byte every 20 ms: a socket idle timeout would never fire.
    lp.simulator.inject({ method: "GET", path: COLLECTION, dripMs: 20 });
    const { value: result, ms } = await timed(read);
    expect(onlyError(result).extensions).toMatchObject({ code: "UPSTREAM_TIMEOUT" });
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  it("retries a dropped connection and answers the data", async () => {
    lp.simulator.inject({ method: "GET", path: COLLECTION, drop: true });
    const result = await read();
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "loanpro:1001" });
    expect(reads().length).toBe(2);
  });
});

describe("SimPay read faults", () => {
  let sp: SimPayStack;
  const read = (): Promise<GraphQLResult> => sp.stack.graphql(READ_QUERY, { id: "simpay:48201" });
  const reads = () => sp.simulator.customerRequests("GET");

  beforeAll(async () => {
    sp = await startSimPayStack();
  });
  afterAll(() => sp.close());
  beforeEach(() => sp.simulator.clearLog());

  it("retries a 502 once and answers the data", async () => {
    sp.simulator.inject({ method: "GET", path: "/customers/", status: 502 });
    const result = await read();
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "simpay:48201" });
    expect(reads().length).toBe(2);
  });

  it("gives up after the configured attempts on a lasting 503", async () => {
    sp.simulator.inject({ method: "GET", path: "/customers/", status: 503, times: 10 });
    const result = await read();
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "SIMPAY",
      retryable: true,
    });
    // UPSTREAM_READ_ATTEMPTS defaults to 3.
    expect(reads().length).toBe(3);
  });

  it("answers UPSTREAM_TIMEOUT within the deadline when SimPay is slower than it", async () => {
    sp.simulator.inject({ method: "GET", path: "/customers/", delayMs: DEADLINE_MS + 2_000 });
    const { value: result, ms } = await timed(read);
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_TIMEOUT",
      provider: "SIMPAY",
      retryable: true,
    });
    expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS);
  });

  it("retries a dropped connection and answers the data", async () => {
    sp.simulator.inject({ method: "GET", path: "/customers/", drop: true });
    const result = await read();
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "simpay:48201" });
    expect(reads().length).toBe(2);
  });
});
