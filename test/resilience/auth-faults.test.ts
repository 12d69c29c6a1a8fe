/**
 * Session expiry and refused credentials through the real server (docs/providers/simpay.md §2,
 * docs/providers/loanpro.md §2, docs/architecture.md#privacy): an expired SimPay session costs
 * exactly one new login, and a refused credential is this service's configuration problem
 * (UPSTREAM_AUTH_FAILED), never the caller's.
 */
import { startLoanProSimulator } from "../../simulators/loanpro/loanpro.simulator.js";
import { startSimPaySimulator } from "../../simulators/simpay/simpay.simulator.js";
import { startStack } from "../integration/harness.js";
import {
  LOANPRO_INSTANCE_ID,
  READ_QUERY,
  RESILIENCE_ENV,
  UPDATE_MUTATION,
  onlyError,
  sleep,
  startSimPayStack,
  type SimPayStack,
} from "./resilience.harness.js";

describe("SimPay session expiry", () => {
  let sp: SimPayStack;

  beforeAll(async () => {
    sp = await startSimPayStack();
    // Log in once before the tests.
    await sp.stack.graphql(READ_QUERY, { id: "simpay:48201" });
  });
  afterAll(() => sp.close());
  beforeEach(() => sp.simulator.clearLog());

  it("logs in exactly once more when the session ended between two calls", async () => {
    const loginsBefore = sp.simulator.loginCount();
    sp.simulator.expireSessions();
    const result = await sp.stack.graphql(READ_QUERY, { id: "simpay:48210" });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "simpay:48210" });
    expect(sp.simulator.loginCount() - loginsBefore).toBe(1);
  });

  it("shares one new login among concurrent requests that all met the expired session", async () => {
    const loginsBefore = sp.simulator.loginCount();
    sp.simulator.expireSessions();
    const keys = [48211, 48212, 48214, 48215, 48216];
    const results = await Promise.all(
      keys.map((key) => sp.stack.graphql(READ_QUERY, { id: `simpay:${key}` })),
    );
    for (const result of results) expect(result.body.errors).toBeUndefined();
    expect(sp.simulator.loginCount() - loginsBefore).toBe(1);
  });

  it("repeats a PATCH refused with 401 once after the new login and applies it once", async () => {
    const loginsBefore = sp.simulator.loginCount();
    const patchesBefore = sp.simulator.customerRequests("PATCH").length;
    const email = `session.${Date.now()}@example.test`;
    // The session ends while the PATCH is on its way: SimPay answers it 401 (not applied).
    sp.simulator.inject({ method: "PATCH", path: "/customers/48217", delayMs: 300 });
    const pending = sp.stack.graphql(UPDATE_MUTATION, {
      input: { id: "simpay:48217", email },
    });
    // Expire once the PATCH has reached the simulator (it is recorded on arrival, then delayed).
    const deadline = Date.now() + 5_000;
    while (
      sp.simulator.customerRequests("PATCH").length === patchesBefore &&
      Date.now() < deadline
    ) {
      await sleep(10);
    }
    sp.simulator.expireSessions();
    const result = await pending;
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.updateCustomer).toMatchObject({
      userErrors: [],
      customer: { id: "simpay:48217", email },
    });
    expect(sp.simulator.loginCount() - loginsBefore).toBe(1);
    // The first PATCH was refused with 401 and changed nothing; the second applied.
    expect(sp.simulator.customerRequests("PATCH").length - patchesBefore).toBe(2);
    expect(sp.simulator.customer(48217)?.DefaultContact?.EmailAddress).toBe(email);
  });
});

describe("refused credentials", () => {
  it("answers UPSTREAM_AUTH_FAILED when SimPay refuses the configured password", async () => {
    const simulator = await startSimPaySimulator({ username: "u", password: "right-password" });
    const stack = await startStack({
      simpay: { apiUrl: simulator.apiUrl, username: "u", password: "wrong-password" },
      env: RESILIENCE_ENV,
    });
    try {
      const result = await stack.graphql(READ_QUERY, { id: "simpay:48201" });
      expect(onlyError(result).extensions).toEqual({
        code: "UPSTREAM_AUTH_FAILED",
        provider: "SIMPAY",
        retryable: false,
      });
      expect(simulator.customerRequests()).toEqual([]);
    } finally {
      await stack.close();
      await simulator.close();
    }
  });

  it("answers UPSTREAM_AUTH_FAILED, never UNAUTHENTICATED, when LoanPro answers 401", async () => {
    const simulator = await startLoanProSimulator({
      token: "the-right-token",
      instanceId: LOANPRO_INSTANCE_ID,
    });
    const stack = await startStack({
      loanpro: {
        apiUrl: simulator.apiUrl,
        token: "a-wrong-token",
        instanceId: LOANPRO_INSTANCE_ID,
      },
      env: RESILIENCE_ENV,
    });
    try {
      const read = await stack.graphql(READ_QUERY, { id: "loanpro:1001" });
      expect(onlyError(read).extensions).toEqual({
        code: "UPSTREAM_AUTH_FAILED",
        provider: "LOANPRO",
        retryable: false,
      });
      const write = await stack.graphql(UPDATE_MUTATION, {
        input: { id: "loanpro:1001", email: "nobody@example.test" },
      });
      expect(onlyError(write).extensions.code).toBe("UPSTREAM_AUTH_FAILED");
      expect(simulator.requests.filter((request) => request.method === "PUT")).toEqual([]);
      // A 401 is not retried: one GET per operation.
      expect(simulator.requests.length).toBe(2);
    } finally {
      await stack.close();
      await simulator.close();
    }
  });
});
