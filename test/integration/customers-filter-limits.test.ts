/**
 * The `customers` filter within bounds (README.md "Limits on work and input"): a `name` of more
 * than 10 words or 100 characters is BAD_USER_INPUT with no provider call; LoanPro's query string
 * stays within 2 000 characters (name words that do not fit are applied by us), and a filter that
 * cannot fit is BAD_USER_INPUT, never an outage. SimPay gets the name only when
 * SIMPAY_NAME_PUSH_DOWN is on.
 */
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { startStack, useSimulatorStack } from "./harness.js";

const FIND = `query Find($filter: CustomerFilter) {
  customers(filter: $filter, first: 20) { edges { node { id displayName } } }
}`;
interface FindData {
  customers: { edges: Array<{ node: { id: string; displayName: string } }> };
}

describe("customers filter limits", () => {
  // A gateway in front of LoanPro refusing query strings over 2 000 characters.
  const sim = useSimulatorStack({ loanpro: { maxQueryLength: 2_000 } });
  const providerCalls = () => sim.loanpro.requests.length + sim.simpay.requests.length;

  const refusedWithoutCalls = async (filter: Record<string, unknown>, field: string) => {
    const result = await sim.stack.graphql<FindData>(FIND, { filter });
    expect(result.body.data).toBeNull();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.body.errors?.[0].extensions?.provider ?? null).toBeNull();
    expect(result.body.errors?.[0].message).toContain(field);
    expect(providerCalls()).toBe(0);
    return result;
  };

  it("refuses 60 short words with BAD_USER_INPUT and no provider call", async () => {
    const name = Array.from({ length: 60 }, () => "ab").join(" ");
    await refusedWithoutCalls({ name }, "name filter");
  });

  it("refuses 11 words, and a single word of 101 characters", async () => {
    await refusedWithoutCalls({ name: "a b c d e f g h i j k" }, "name filter");
    await refusedWithoutCalls({ name: "x".repeat(101) }, "name filter");
  });

  it("answers 10 words within 100 characters, keeping LoanPro's query within 2 000", async () => {
    // Each word costs ~300 characters of `$filter`: not all 10 fit, the rest are applied by us.
    const name = "john q public doe xavier yolanda zed quinn rho tau";
    const result = await sim.stack.graphql<FindData>(FIND, {
      filter: { name, provider: "LOANPRO" },
    });
    // The simulator answers 414 past 2 000 characters: no error means every call fitted.
    expect(result.body.errors).toBeUndefined();
    expect(sim.loanpro.requests.length).toBeGreaterThan(0);
    // `displayName` contains the whole name: no seeded customer does.
    expect(result.body.data?.customers.edges).toEqual([]);
  });

  it("still finds by a name that fits", async () => {
    const result = await sim.stack.graphql<FindData>(FIND, {
      filter: { name: "john dow", provider: "LOANPRO" },
    });
    expect(result.body.data?.customers.edges.map((edge) => edge.node.id)).toContain("loanpro:1002");
  });

  it("refuses a filter LoanPro cannot be sent as BAD_USER_INPUT, calling no provider", async () => {
    const email = `${"e".repeat(2_100)}@example.test`;
    await refusedWithoutCalls({ email }, "filter");
  });
});

describe("SimPay name push-down", () => {
  let simpay: SimPaySimulator;
  beforeAll(async () => {
    // A SimPay that matches CustomerName exactly (docs/providers/simpay.md §3 leaves it
    // unconfirmed).
    simpay = await startSimPaySimulator({ nameMatch: "exact" });
  });
  afterAll(() => simpay.close());

  it("is off by default: a substring search finds the customer whatever SimPay's matching", async () => {
    const stack = await startStack({ simpay });
    try {
      simpay.clearLog();
      const result = await stack.graphql<FindData>(FIND, { filter: { name: "northwind bak" } });
      expect(result.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual([
        "simpay:48213",
      ]);
      for (const request of simpay.customerRequests("GET")) {
        expect(request.query).not.toHaveProperty("CustomerName");
      }
    } finally {
      await stack.close();
    }
  });

  it("sends CustomerName when SIMPAY_NAME_PUSH_DOWN=true", async () => {
    const stack = await startStack({ simpay, env: { SIMPAY_NAME_PUSH_DOWN: "true" } });
    try {
      simpay.clearLog();
      const exact = await stack.graphql<FindData>(FIND, { filter: { name: "Northwind Bakery" } });
      expect(exact.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual([
        "simpay:48213",
      ]);
      const lists = simpay.customerRequests("GET");
      expect(lists.length).toBeGreaterThan(0);
      for (const request of lists) expect(request.query.CustomerName).toBe("Northwind Bakery");
    } finally {
      await stack.close();
    }
  });
});
