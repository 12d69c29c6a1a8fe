/**
 * The work one `_entities` request can cause (README.md "Limits on work and input"): at most
 * MAX_ENTITIES_PER_REQUEST representations (more is one BAD_USER_INPUT and no provider call), at
 * most MAX_UPSTREAM_CALLS_PER_REQUEST provider calls (past it, UPSTREAM_BUDGET_EXCEEDED for the
 * entries left), and a malformed representation is null plus BAD_USER_INPUT for that entry alone,
 * with nothing of it in the logs.
 */
import { startLoanProSimulator } from "../../simulators/loanpro/loanpro.simulator.js";
import { startSimPaySimulator } from "../../simulators/simpay/simpay.simulator.js";
import { startStack, useSimulatorStack } from "../integration/harness.js";

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Customer { id } }
}`;
const SENTINEL = "SENTINEL-REP-73519";

interface EntitiesData {
  _entities: Array<{ id: string } | null>;
}

const customers = (ids: string[]) => ({
  representations: ids.map((id) => ({ __typename: "Customer", id })),
});
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe("_entities limits", () => {
  const sim = useSimulatorStack({ env: { UPSTREAM_READ_ATTEMPTS: "1" } });
  const providerCalls = () => sim.loanpro.requests.length + sim.simpay.requests.length;

  it("refuses 20 000 SimPay representations with one BAD_USER_INPUT and no provider call", async () => {
    const variables = customers(range(100_000, 20_000).map((key) => `simpay:${key}`));
    expect(JSON.stringify(variables).length).toBeLessThan(1024 * 1024);
    const result = await sim.stack.graphql<EntitiesData>(ENTITIES, variables);
    expect(result.body.data).toBeNull();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.body.errors?.[0].message).toBe(
      "At most 500 representations are accepted in one request.",
    );
    console.log(`20000 SimPay representations -> ${providerCalls()} provider calls`);
    expect(providerCalls()).toBe(0);
  });

  it("refuses 501 representations; 500 LoanPro ones cost only the batched reads", async () => {
    const refused = await sim.stack.graphql(
      ENTITIES,
      customers(range(1001, 501).map((id) => `loanpro:${id}`)),
    );
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(providerCalls()).toBe(0);

    const result = await sim.stack.graphql<EntitiesData>(
      ENTITIES,
      customers(range(1001, 500).map((id) => `loanpro:${id}`)),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toHaveLength(500);
    expect(result.body.data?._entities[0]).toEqual({ id: "loanpro:1001" });
    console.log(`500 LoanPro representations -> ${sim.loanpro.requests.length} LoanPro calls`);
    // LoanPro reads 50 ids per `$filter` GET.
    expect(sim.loanpro.requests.length).toBeLessThanOrEqual(10);
  });

  it("stops 500 SimPay representations at the 200-call budget, failing only the rest", async () => {
    const keys = range(48201, 500);
    const result = await sim.stack.graphql<EntitiesData>(
      ENTITIES,
      customers(keys.map((key) => `simpay:${key}`)),
    );
    const calls = sim.simpay.requests.length;
    const errors = result.body.errors ?? [];
    console.log(
      `500 SimPay representations -> ${calls} SimPay calls, ${errors.length} budget errors`,
    );
    expect(calls).toBe(200);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.extensions).toEqual({
        code: "UPSTREAM_BUDGET_EXCEEDED",
        provider: "SIMPAY",
        retryable: false,
      });
    }
    // Every entry either resolved (a customer or null for an unknown key) or has its own error.
    const entities = result.body.data?._entities ?? [];
    expect(entities).toHaveLength(500);
    expect(entities.filter((entity) => entity !== null).length).toBeGreaterThan(0);
    // Calls that were made answered (login included): 200 in all, the rest never sent.
    expect(errors.length + 200 - 1).toBe(500);
  });

  it("makes malformed representations null with BAD_USER_INPUT, logging none of their text", async () => {
    const representations = [
      { __typename: "Customer", id: "loanpro:1001" },
      { __typename: "Customer", id: 1001 },
      { __typename: "Customer", id: { nested: SENTINEL } },
      { __typename: "Customer" },
      { __typename: `Unknown${SENTINEL}`, id: "loanpro:1002" },
      { __typename: "Customer", id: "simpay:48213" },
    ];
    const result = await sim.stack.graphql<EntitiesData>(ENTITIES, { representations });
    expect(result.body.data?._entities).toEqual([
      { id: "loanpro:1001" },
      null,
      null,
      null,
      null,
      { id: "simpay:48213" },
    ]);
    const errors = result.body.errors ?? [];
    expect(errors.map((error) => error.path)).toEqual([
      ["_entities", 1],
      ["_entities", 2],
      ["_entities", 3],
      ["_entities", 4],
    ]);
    for (const error of errors) {
      expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(error.message).toBe(
        'A representation must be an object with __typename "Customer" and a string id.',
      );
    }
    expect(result.raw).not.toContain(SENTINEL);
    expect(sim.stack.logLines.join("\n")).not.toContain(SENTINEL);
    expect(sim.stack.logLines.join("\n")).not.toContain("INTERNAL_SERVER_ERROR");
  });
});

describe("MAX_UPSTREAM_CALLS_PER_REQUEST", () => {
  it("fails fast past the budget for those fields only, and resets per request", async () => {
    const simpay = await startSimPaySimulator();
    const stack = await startStack({ simpay, env: { MAX_UPSTREAM_CALLS_PER_REQUEST: "4" } });
    try {
      // One login and one GET per customer: the budget of 4 covers the login and 3 customers.
      const query = `{ ${range(0, 6)
        .map((index) => `c${index}: customer(id: "simpay:${48201 + index}") { id }`)
        .join(" ")} }`;
      const result = await stack.graphql<Record<string, { id: string } | null>>(query);
      expect(simpay.requests.length).toBe(4);
      const served = Object.values(result.body.data ?? {}).filter((value) => value !== null);
      expect(served).toHaveLength(3);
      expect(result.body.errors).toHaveLength(3);
      for (const error of result.body.errors ?? []) {
        expect(error.extensions).toEqual({
          code: "UPSTREAM_BUDGET_EXCEEDED",
          provider: "SIMPAY",
          retryable: false,
        });
      }
      simpay.clearLog();
      const next = await stack.graphql('{ customer(id: "simpay:48213") { id } }');
      expect(next.body).toEqual({ data: { customer: { id: "simpay:48213" } } });
    } finally {
      await stack.close();
      await simpay.close();
    }
  });

  it("refuses a write past the budget without sending it (NOT_APPLIED)", async () => {
    const loanpro = await startLoanProSimulator();
    const stack = await startStack({ loanpro, env: { MAX_UPSTREAM_CALLS_PER_REQUEST: "1" } });
    try {
      const result = await stack.graphql(
        `mutation { updateCustomer(input: { id: "loanpro:1001", email: "budget@example.test" }) {
          customer { id } userErrors { code } } }`,
      );
      expect(result.body.errors?.[0].extensions).toMatchObject({
        code: "UPSTREAM_BUDGET_EXCEEDED",
        provider: "LOANPRO",
        writeOutcome: "NOT_APPLIED",
      });
      expect(loanpro.requests.filter((request) => request.method === "PUT")).toEqual([]);
      expect(loanpro.customer(1001)?.email).not.toBe("budget@example.test");
    } finally {
      await stack.close();
      await loanpro.close();
    }
  });
});
