/**
 * `Customer.linkedCustomers` end to end (docs/architecture.md#linked-customers): the real server
 * over both simulators, requests counted where they arrive.
 */
import {
  LOANPRO_SEED,
  type LoanProSimulator,
  type SeedCustomer,
} from "../../simulators/loanpro/loanpro.simulator.js";
import type { RecordedRequest } from "../../simulators/http-simulator.js";
import { simPaySeedCustomers } from "../../simulators/simpay/simpay.seed.js";
import {
  FindLinkedCustomersDocument,
  ReadLinkedCustomersDocument,
} from "../../src/generated/graphql.js";
import { useSimulatorStack } from "./harness.js";

/** LoanPro's query budget (docs/providers/loanpro.md §4.3; LOANPRO_MAX_QUERY_LENGTH). */
const QUERY_BUDGET = 2_000;

const linkLookups = (simulator: LoanProSimulator): RecordedRequest[] =>
  simulator.requests.filter(
    (request) => request.method === "GET" && (request.query.$filter ?? "").includes("customId eq"),
  );

/** The query string as it arrived (percent-encoded, without `?`). */
function rawQuery(request: RecordedRequest): string {
  return request.rawQuery;
}

/** The `customId eq '…'` values of one recorded lookup. */
function askedIds(request: RecordedRequest): string[] {
  return [...(request.query.$filter ?? "").matchAll(/customId eq '((?:[^']|'')*)'/g)].map((match) =>
    match[1].replace(/''/g, "'"),
  );
}

describe("linkedCustomers on the seeded simulators", () => {
  const sim = useSimulatorStack({ loanpro: { maxQueryLength: QUERY_BUDGET } });

  it("links Ada's LoanPro record to her two SimPay records, and each SimPay record to the other two", async () => {
    const fromLoanPro = await sim.stack.graphql(ReadLinkedCustomersDocument, {
      id: "loanpro:1001",
    });
    expect(fromLoanPro.body.errors).toBeUndefined();
    expect(fromLoanPro.body.data?.customer?.linkedCustomers).toEqual([
      expect.objectContaining({
        id: "simpay:48236",
        externalId: "IMP-1001",
        displayName: "Ada Example",
      }),
      expect.objectContaining({
        id: "simpay:48237",
        externalId: "IMP-1001",
        displayName: "Ada Example",
      }),
    ]);
    const fromSimPay = await sim.stack.graphql(ReadLinkedCustomersDocument, { id: "simpay:48237" });
    expect(fromSimPay.body.errors).toBeUndefined();
    expect(fromSimPay.body.data?.customer?.linkedCustomers.map((linked) => linked.id)).toEqual([
      "loanpro:1001",
      "simpay:48236",
    ]);
  });

  it("links John Dow's pair both ways", async () => {
    const result = await sim.stack.graphql(ReadLinkedCustomersDocument, { id: "simpay:48238" });
    expect(result.body.data?.customer?.linkedCustomers).toEqual([
      expect.objectContaining({
        id: "loanpro:1002",
        externalId: "JD-1002",
        email: "john.dow@example.test",
      }),
    ]);
  });

  it("gives a record reached through linkedCustomers the version it has when read by its id", async () => {
    type Read = { customer: { id: string; version: string; linkedCustomers?: Read["customer"][] } };
    const linked = await sim.stack.graphql<Read, Record<string, never>>(
      `{ customer(id: "loanpro:1002") { id version linkedCustomers { id version } } }`,
    );
    const direct = await sim.stack.graphql<Read, Record<string, never>>(
      `{ customer(id: "simpay:48238") { id version } }`,
    );
    expect(linked.body.errors).toBeUndefined();
    expect(direct.body.data?.customer.version).toMatch(/\S/);
    expect(linked.body.data?.customer.linkedCustomers).toEqual([
      { id: "simpay:48238", version: direct.body.data?.customer.version },
    ]);
  });

  it("a record without externalId has no links and costs no lookup", async () => {
    const result = await sim.stack.graphql(ReadLinkedCustomersDocument, { id: "loanpro:1003" });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toEqual({
      id: "loanpro:1003",
      externalId: null,
      linkedCustomers: [],
    });
    expect(linkLookups(sim.loanpro)).toHaveLength(0);
    expect(sim.simpay.customerRequests("GET")).toHaveLength(0);
  });

  it("keeps LoanPro's links when SimPay fails, with an error naming SIMPAY on the field", async () => {
    sim.simpay.inject({ method: "GET", path: /\/customers$/, status: 503, times: Infinity });
    try {
      const result = await sim.stack.graphql(ReadLinkedCustomersDocument, { id: "loanpro:1001" });
      expect(result.body.data?.customer).toMatchObject({ id: "loanpro:1001", linkedCustomers: [] });
      expect(result.body.errors).toEqual([
        expect.objectContaining({
          path: ["customer", "linkedCustomers"],
          extensions: expect.objectContaining({ code: "UPSTREAM_UNAVAILABLE", provider: "SIMPAY" }),
        }),
      ]);
    } finally {
      sim.simpay.clearLog();
    }
  });

  it("keeps SimPay's links when LoanPro fails, with an error naming LOANPRO on the field", async () => {
    sim.loanpro.inject({
      method: "GET",
      path: "odata.svc/Customers",
      status: 503,
      times: Infinity,
    });
    try {
      const result = await sim.stack.graphql(ReadLinkedCustomersDocument, { id: "simpay:48236" });
      expect(result.body.data?.customer?.linkedCustomers.map((linked) => linked.id)).toEqual([
        "simpay:48237",
      ]);
      expect(result.body.errors).toEqual([
        expect.objectContaining({
          path: ["customer", "linkedCustomers"],
          extensions: expect.objectContaining({ provider: "LOANPRO" }),
        }),
      ]);
    } finally {
      sim.loanpro.clearLog();
    }
  });
});

/**
 * 50 LoanPro customers with 25 external ids (two records each: ids 0 … 24) and 50 SimPay customers
 * with 50 (ids 0 … 49), so every SimPay id up to 24 has two LoanPro links. The ids are long (39
 * characters) so that 50 of them do not fit one LoanPro URL.
 */
function externalIdOf(index: number): string {
  return `lender-assigned-borrower-reference-${String(index).padStart(4, "0")}`;
}

function loanProSeed(): SeedCustomer[] {
  const base = [...LOANPRO_SEED];
  const extra = base.slice(10, 20).map((seed, index) => ({
    ...seed,
    id: 1041 + index,
    email: `extra.${1041 + index}@example.test`,
    ssn: null,
    PrimaryAddress: null,
    MailAddress: null,
  }));
  return [...base, ...extra].map((seed, index) => ({
    ...seed,
    customId: externalIdOf(Math.floor(index / 2)),
  }));
}

function simPaySeed() {
  const base = simPaySeedCustomers();
  const extra = base.slice(0, 10).map((customer, index) => ({
    ...structuredClone(customer),
    CustomerKey: 48241 + index,
  }));
  return [...base, ...extra].map((customer, index) => ({
    ...customer,
    ActivationStatus: "Active",
    CustomerID: externalIdOf(index),
  }));
}

describe("linkedCustomers batching over 50 customers", () => {
  const sim = useSimulatorStack({
    loanpro: { seed: loanProSeed(), maxQueryLength: QUERY_BUDGET },
    simpay: { seed: simPaySeed() },
  });

  it("50 SimPay customers: their LoanPro links cost as few $filter requests as the URL budget allows", async () => {
    const result = await sim.stack.graphql(FindLinkedCustomersDocument, {
      filter: { provider: "SIMPAY" },
      first: 50,
    });
    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data?.customers.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(50);
    const first = nodes.find((node) => node.externalId === externalIdOf(0));
    expect(first?.linkedCustomers.map((linked) => linked.id)).toEqual([
      "loanpro:1001",
      "loanpro:1002",
    ]);
    const last = nodes.find((node) => node.externalId === externalIdOf(49));
    expect(last?.linkedCustomers).toEqual([]);

    const lookups = linkLookups(sim.loanpro);
    // Every id asked exactly once, every request within the budget.
    const asked = lookups.flatMap(askedIds);
    expect(asked.sort()).toEqual(Array.from({ length: 50 }, (_, index) => externalIdOf(index)));
    for (const request of lookups)
      expect(rawQuery(request).length).toBeLessThanOrEqual(QUERY_BUDGET);
    // As few as the budget allows: a request closes only when the next id would not fit in it
    // (keeping the room of `&%24skip=450`, the offset of its last possible page: 12 characters).
    const skipRoom = "&%24skip=450".length;
    const clause = (id: string): number =>
      encodeURIComponent(` or customId eq '${id}'`).replace(/'/g, "%27").length;
    lookups.slice(0, -1).forEach((request, index) => {
      const next = askedIds(lookups[index + 1])[0];
      expect(rawQuery(request).length + skipRoom + clause(next)).toBeGreaterThan(QUERY_BUDGET);
    });
    // 50 clauses of 69 encoded characters (3 450) cannot share one 2 000-character query: two
    // requests is the least possible.
    expect(50 * clause(externalIdOf(0))).toBeGreaterThan(QUERY_BUDGET);
    expect(lookups).toHaveLength(2);
  });

  it("50 LoanPro customers: at most one SimPay request per distinct external id", async () => {
    const result = await sim.stack.graphql(FindLinkedCustomersDocument, {
      filter: { provider: "LOANPRO" },
      first: 50,
    });
    expect(result.body.errors).toBeUndefined();
    const nodes = result.body.data?.customers.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(50);
    // loanpro:1001 and loanpro:1002 share id 0 with each other and with SimPay 48201.
    expect(nodes[0].linkedCustomers.map((linked) => linked.id)).toEqual([
      "loanpro:1002",
      "simpay:48201",
    ]);
    const simPayLookups = sim.simpay
      .customerRequests("GET")
      .filter((request) => request.query.CustomerId !== undefined);
    const perId = new Map<string, number>();
    for (const request of simPayLookups) {
      perId.set(request.query.CustomerId, (perId.get(request.query.CustomerId) ?? 0) + 1);
    }
    expect(perId.size).toBe(25);
    expect([...perId.values()].every((count) => count === 1)).toBe(true);
    // And LoanPro's own links (the same person's other LoanPro record): one batched lookup.
    expect(linkLookups(sim.loanpro)).toHaveLength(1);
  });
});
