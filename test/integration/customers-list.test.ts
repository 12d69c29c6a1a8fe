/**
 * `Query.customers` end to end (docs/architecture.md#finding-customers): the real server over both
 * simulators. The expected answers are computed from the simulators' seeds with the filter rules
 * written out here, not with the code under test.
 */
import { LOANPRO_SEED } from "../../simulators/loanpro/loanpro.simulator.js";
import { simPaySeedCustomers } from "../../simulators/simpay/simpay.seed.js";
import {
  FindCustomerDetailsDocument,
  FindCustomersDocument,
  type CustomerFilter,
  type FindCustomersQuery,
} from "../../src/generated/graphql.js";
import { useSimulatorStack, type GraphQLResult } from "./harness.js";

const PAGE_SIZE = 7;

interface Expected {
  id: string;
  provider: "LOANPRO" | "SIMPAY";
  externalId: string | null;
  displayName: string;
  email: string | null;
  status: string;
}

const LOANPRO_STATUSES: Record<string, string> = {
  active: "ACTIVE",
  inactive: "INACTIVE",
  pending: "PENDING",
  lead: "LEAD",
};

/**
 * docs/architecture.md#field-mapping: companyName for company/flooring types, else "first [middle]
 * last".
 */
const LOANPRO_EXPECTED: Expected[] = [...LOANPRO_SEED]
  .sort((left, right) => left.id - right.id)
  .map((seed) => {
    const person = [seed.firstName, seed.middleName, seed.lastName].filter(Boolean).join(" ");
    const isCompany = /company|flooring/i.test(seed.customerType);
    return {
      id: `loanpro:${seed.id}`,
      provider: "LOANPRO",
      externalId: seed.customId,
      displayName:
        (isCompany ? seed.companyName : person) ||
        seed.companyName ||
        person ||
        seed.contactName ||
        seed.email ||
        `Customer ${seed.id}`,
      email: seed.email,
      status: LOANPRO_STATUSES[seed.status.toLowerCase()] ?? "OTHER",
    };
  });

const SIMPAY_EXPECTED: Expected[] = simPaySeedCustomers()
  .sort((left, right) => left.CustomerKey - right.CustomerKey)
  .map((seed) => ({
    id: `simpay:${seed.CustomerKey}`,
    provider: "SIMPAY",
    externalId: seed.CustomerID ?? null,
    displayName: seed.CustomerName ?? "",
    email: seed.DefaultContact?.EmailAddress ?? null,
    status: String(seed.ActivationStatus).toUpperCase(),
  }));

/** The documented order and filter rules, written independently of the implementation. */
function expectedIds(filter: CustomerFilter): string[] {
  return [...LOANPRO_EXPECTED, ...SIMPAY_EXPECTED]
    .filter(
      (customer) =>
        (!filter.provider || customer.provider === filter.provider) &&
        (!filter.externalId || customer.externalId === filter.externalId) &&
        (!filter.email || customer.email?.toLowerCase() === filter.email.toLowerCase()) &&
        (!filter.name || customer.displayName.toLowerCase().includes(filter.name.toLowerCase())) &&
        (filter.status ? customer.status === filter.status : customer.status !== "DELETED"),
    )
    .map((customer) => customer.id);
}

type Page = GraphQLResult<FindCustomersQuery>;

describe("customers: one paginated list across LoanPro and SimPay", () => {
  const sim = useSimulatorStack({ env: { CURSOR_SECRET: "list-test-secret-0123456789" } });

  function find(
    filter: CustomerFilter | null,
    first: number,
    after?: string | null,
  ): Promise<Page> {
    return sim.stack.graphql(FindCustomersDocument, { filter, first, after });
  }

  /** Follows endCursor until hasNextPage is false; fails on any error or an oversized page. */
  async function walk(
    filter: CustomerFilter,
    first = PAGE_SIZE,
  ): Promise<{ ids: string[]; pages: Page[] }> {
    const ids: string[] = [];
    const pages: Page[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard += 1) {
      const page: Page = await find(filter, first, after);
      expect(page.body.errors).toBeUndefined();
      const connection = page.body.data?.customers;
      if (!connection) throw new Error("no connection");
      expect(connection.edges.length).toBeLessThanOrEqual(first);
      // hasNextPage is exact: a page it announced is never empty.
      if (pages.length > 0) expect(connection.edges.length).toBeGreaterThan(0);
      pages.push(page);
      ids.push(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) return { ids, pages };
      expect(connection.pageInfo.endCursor).toEqual(expect.any(String));
      after = connection.pageInfo.endCursor;
    }
    throw new Error("the walk did not end");
  }

  const FILTERS: Array<[string, CustomerFilter]> = [
    ["no filter", {}],
    ["provider LOANPRO", { provider: "LOANPRO" }],
    ["provider SIMPAY", { provider: "SIMPAY" }],
    ["a LoanPro externalId", { externalId: "IMP-1001" }],
    ["a SimPay externalId", { externalId: "C-1005" }],
    ["an e-mail address in another case", { email: "JANE.DOE@example.test" }],
    ["an e-mail address two SimPay customers share", { email: "Ava.Adams@example.com" }],
    ["a name part on both providers", { name: "an" }],
    ["a name part in LoanPro only", { name: "DOE" }],
    ["status ACTIVE", { status: "ACTIVE" }],
    ["status INACTIVE on SimPay", { status: "INACTIVE", provider: "SIMPAY" }],
    ["status DELETED", { status: "DELETED" }],
    ["status OTHER", { status: "OTHER" }],
    ["status LEAD", { status: "LEAD" }],
    ["a name and a status", { name: "a", status: "ACTIVE" }],
  ];

  it.each(FILTERS)(
    "walks every page with %s and sees each matching customer once, in order",
    async (_label, filter) => {
      const expected = expectedIds(filter);
      expect(expected.length).toBeGreaterThan(0);
      const { ids } = await walk(filter);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
    },
  );

  it("gives the same sequence whatever the page size", async () => {
    const byOne = await walk({ name: "e" }, 1);
    const byHundred = await walk({ name: "e" }, 100);
    expect(byOne.ids).toEqual(expectedIds({ name: "e" }));
    expect(byHundred.ids).toEqual(byOne.ids);
    expect(byHundred.pages).toHaveLength(1);
  });

  it("resumes right after any edge's cursor", async () => {
    const first = await find({}, PAGE_SIZE);
    const edges = first.body.data?.customers.edges ?? [];
    const next = await find({}, 3, edges[2].cursor);
    expect(next.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual(
      expectedIds({}).slice(3, 6),
    );
  });

  it("crosses from LoanPro to SimPay inside one page", async () => {
    const { pages } = await walk({}, PAGE_SIZE);
    const mixed = pages.find((page) => {
      const providers = new Set(page.body.data?.customers.edges.map((edge) => edge.node.provider));
      return providers.size === 2;
    });
    // 40 LoanPro customers, pages of 7: the sixth page holds 5 LoanPro and 2 SimPay customers.
    expect(mixed?.body.data?.customers.edges.map((edge) => edge.node.provider)).toEqual([
      ...Array(5).fill("LOANPRO"),
      ...Array(2).fill("SIMPAY"),
    ]);
  });

  it("reports LoanPro's total on every LoanPro page and counts a fully scanned SimPay list", async () => {
    const { pages } = await walk({ provider: "LOANPRO" });
    expect(pages.map((page) => page.body.data?.customers.totalCount)).toEqual(
      pages.map(() => LOANPRO_EXPECTED.length),
    );
    const simpayAll = await find({ provider: "SIMPAY" }, 100);
    expect(simpayAll.body.data?.customers.totalCount).toBe(
      expectedIds({ provider: "SIMPAY" }).length,
    );
    const simpayFirst = await find({ provider: "SIMPAY" }, PAGE_SIZE);
    expect(simpayFirst.body.data?.customers.totalCount).toBeNull();
  });

  it("uses each provider's own paging, sort and filter parameters", async () => {
    await walk({ name: "an", status: "ACTIVE" });
    const loanproQuery = sim.loanpro.requests[0].query;
    expect(loanproQuery).toMatchObject({
      $orderby: "id asc",
      $skip: "0",
      $expand: "PrimaryAddress,MailAddress",
    });
    expect(loanproQuery.$filter).toContain("tolower(status) eq 'active'");
    expect(loanproQuery.$filter).toContain("substringof('an', tolower(firstName))");
    const simpayLists = sim.simpay
      .customerRequests("GET")
      .filter((request) => request.path === "/api/customers");
    expect(simpayLists.length).toBeGreaterThan(0);
    for (const request of simpayLists) {
      expect(request.query).toMatchObject({ SortField: "CustomerKey", SortDirection: "Asc" });
      // The name is not pushed down to SimPay unless SIMPAY_NAME_PUSH_DOWN says so.
      expect(request.query).not.toHaveProperty("CustomerName");
      expect(request.query).not.toHaveProperty("IncludeDeleted");
    }
    await walk({ status: "DELETED", provider: "SIMPAY" });
    expect(sim.simpay.customerRequests("GET").at(-1)?.query.IncludeDeleted).toBe("true");
  });

  it("sends no request to a provider no customer of which can match", async () => {
    await walk({ status: "LEAD" });
    expect(sim.simpay.customerRequests()).toHaveLength(0);
    sim.loanpro.clearLog();
    await walk({ status: "DELETED" });
    expect(sim.loanpro.requests).toHaveLength(0);
  });

  it("returns complete customers from the list itself, with no per-customer read", async () => {
    const result = await sim.stack.graphql(FindCustomerDetailsDocument, {
      filter: { provider: "LOANPRO" },
      first: PAGE_SIZE,
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customers.edges[0].node).toMatchObject({
      id: "loanpro:1001",
      primaryAddress: expect.objectContaining({ line1: expect.any(String) }),
    });
    expect(sim.loanpro.requests.map((request) => request.path)).toEqual([
      "/api/public/api/1/odata.svc/Customers",
    ]);

    const simpayResult = await sim.stack.graphql(FindCustomerDetailsDocument, {
      filter: { provider: "SIMPAY" },
      first: PAGE_SIZE,
    });
    expect(simpayResult.body.data?.customers.edges[0].node.defaultContact).not.toBeNull();
    expect(sim.simpay.customerRequests().map((request) => request.path)).toEqual([
      "/api/customers",
    ]);
  });

  it("keeps filter values out of the logs", async () => {
    const marker = "Private.Person.4471@example.test";
    await find({ email: marker, name: "Zebulon Quill" }, PAGE_SIZE);
    const logs = sim.stack.logLines.join("\n");
    expect(logs).not.toContain(marker.toLowerCase());
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain("Zebulon");
  });

  describe("refuses bad arguments before any provider call", () => {
    async function expectRefused(result: Page, argument: string): Promise<void> {
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      expect(result.body.errors?.[0].message).toContain(`\`${argument}\``);
      expect(sim.loanpro.requests).toHaveLength(0);
      expect(sim.simpay.requests).toHaveLength(0);
    }

    it.each([[1000], [101], [0], [-3]])("refuses first: %i", async (first) => {
      await expectRefused(await find({}, first), "first");
    });

    it("refuses a cursor whose content was changed", async () => {
      const page = await find({}, PAGE_SIZE);
      const cursor = page.body.data?.customers.pageInfo.endCursor ?? "";
      sim.loanpro.clearLog();
      sim.simpay.clearLog();
      const [body, mac] = cursor.split(".");
      const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as { p: object };
      payload.p = { LOANPRO: 0 };
      const forged = `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${mac}`;
      await expectRefused(await find({}, PAGE_SIZE, forged), "after");
    });

    it("refuses a cursor made for another filter", async () => {
      const page = await find({ name: "an" }, PAGE_SIZE);
      const cursor = page.body.data?.customers.pageInfo.endCursor;
      sim.loanpro.clearLog();
      sim.simpay.clearLog();
      await expectRefused(await find({ name: "en" }, PAGE_SIZE, cursor), "after");
    });

    it("refuses a made-up cursor", async () => {
      await expectRefused(await find({}, PAGE_SIZE, "bm90LWEtY3Vyc29y"), "after");
    });
  });
});

describe("customers when a provider fails", () => {
  const sim = useSimulatorStack({ env: { UPSTREAM_READ_ATTEMPTS: "1" }, per: "each" });

  const find = (filter: CustomerFilter, after?: string | null): Promise<Page> =>
    sim.stack.graphql(FindCustomersDocument, { filter, first: PAGE_SIZE, after });

  it("returns SimPay's customers with an error naming LoanPro, then resumes LoanPro without a gap", async () => {
    sim.loanpro.inject({
      method: "GET",
      path: /odata\.svc\/Customers$/,
      status: 503,
      times: Infinity,
    });
    const partial = await find({});
    const connection = partial.body.data?.customers;
    expect(connection?.edges.map((edge) => edge.node.id)).toEqual(
      SIMPAY_EXPECTED.slice(0, PAGE_SIZE).map((customer) => customer.id),
    );
    expect(connection?.totalCount).toBeNull();
    expect(connection?.pageInfo.hasNextPage).toBe(true);
    // One error on the field itself, not repeated on totalCount.
    expect(partial.body.errors).toEqual([
      expect.objectContaining({
        path: ["customers"],
        extensions: expect.objectContaining({
          code: "UPSTREAM_UNAVAILABLE",
          provider: "LOANPRO",
          retryable: true,
        }),
      }),
    ]);
    expect(partial.raw).not.toContain("odata");

    sim.loanpro.clearLog(); // LoanPro is back.
    const ids = connection?.edges.map((edge) => edge.node.id) ?? [];
    let after = connection?.pageInfo.endCursor ?? null;
    for (let guard = 0; guard < 50 && after !== null; guard += 1) {
      const page = await find({}, after);
      expect(page.body.errors).toBeUndefined();
      ids.push(...(page.body.data?.customers.edges.map((edge) => edge.node.id) ?? []));
      after = page.body.data?.customers.pageInfo.hasNextPage
        ? (page.body.data.customers.pageInfo.endCursor ?? null)
        : null;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(expectedIds({}).sort());
  });

  it("returns LoanPro's customers with an error naming SimPay", async () => {
    sim.simpay.inject({ method: "GET", path: /\/api\/customers$/, status: 503, times: Infinity });
    const partial = await find({ name: "doe" });
    expect(partial.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual([
      "loanpro:1008",
      "loanpro:1009",
    ]);
    expect(partial.body.data?.customers.pageInfo.hasNextPage).toBe(true);
    expect(partial.body.errors).toHaveLength(1);
    expect(partial.body.errors?.[0].path).toEqual(["customers"]);
    expect(partial.body.errors?.[0].extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "SIMPAY",
      retryable: true,
    });
  });

  describe("reports the failure whatever the selection", () => {
    const LOANPRO_DOWN_ERROR = expect.objectContaining({
      message: expect.any(String),
      extensions: expect.objectContaining({
        code: "UPSTREAM_UNAVAILABLE",
        provider: "LOANPRO",
        retryable: true,
      }),
    });
    const simpayIds = (from: number, to: number): string[] =>
      SIMPAY_EXPECTED.slice(from, to).map((customer) => customer.id);

    interface Edges {
      edges: Array<{ node: { id: string } }>;
    }
    interface PageInfo {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    }

    beforeEach(() => {
      sim.loanpro.inject({
        method: "GET",
        path: /odata\.svc\/Customers$/,
        status: 503,
        times: Infinity,
      });
    });

    it("selecting only edges", async () => {
      const result = await sim.stack.graphql<{ customers: Edges }>(
        "{ customers(first: 3) { edges { node { id } } } }",
      );
      expect(result.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual(
        simpayIds(0, 3),
      );
      expect(result.body.errors).toEqual([LOANPRO_DOWN_ERROR]);
      expect(result.body.errors?.[0].path).toEqual(["customers"]);
      expect(result.raw).not.toContain("odata");
      // The access log counts it too.
      const accessLog = sim.stack.logLines
        .map((line) => JSON.parse(line) as { msg?: string; errorCount?: number })
        .filter((line) => line.msg === "graphql request")
        .at(-1);
      expect(accessLog?.errorCount).toBe(1);
    });

    it("selecting only pageInfo, whose endCursor resumes after the SimPay customers returned", async () => {
      const result = await sim.stack.graphql<{ customers: PageInfo }>(
        "{ customers(first: 3) { pageInfo { hasNextPage endCursor } } }",
      );
      expect(result.body.data?.customers.pageInfo).toEqual({
        hasNextPage: true,
        endCursor: expect.any(String),
      });
      expect(result.body.errors).toEqual([LOANPRO_DOWN_ERROR]);
      expect(result.body.errors?.[0].path).toEqual(["customers"]);

      const next = await sim.stack.graphql<{ customers: Edges }>(
        "query Next($after: String) { customers(first: 3, after: $after) { edges { node { id } } } }",
        { after: result.body.data?.customers.pageInfo.endCursor },
      );
      expect(next.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual(simpayIds(3, 6));
      expect(next.body.errors?.[0].path).toEqual(["customers"]);
    });

    it("under an alias, on the alias's response key, once even with totalCount selected", async () => {
      const result = await sim.stack.graphql<{
        found: Edges & { totalCount: number | null };
        simpayOnly: Edges;
      }>(
        `{
          found: customers(first: 2) { totalCount edges { node { id } } }
          simpayOnly: customers(first: 2, filter: { provider: SIMPAY }) { edges { node { id } } }
        }`,
      );
      expect(result.body.data?.found.edges.map((edge) => edge.node.id)).toEqual(simpayIds(0, 2));
      expect(result.body.data?.found.totalCount).toBeNull();
      expect(result.body.data?.simpayOnly.edges.map((edge) => edge.node.id)).toEqual(
        simpayIds(0, 2),
      );
      // The SimPay-only field asked no failing provider: it carries no error.
      expect(result.body.errors).toEqual([LOANPRO_DOWN_ERROR]);
      expect(result.body.errors?.[0].path).toEqual(["found"]);
    });

    it("and not on a later request in which no provider failed", async () => {
      const failed = await sim.stack.graphql("{ customers(first: 1) { edges { cursor } } }");
      expect(failed.body.errors).toHaveLength(1);
      const result = await sim.stack.graphql<{ customers: Edges }>(
        "{ customers(first: 3, filter: { provider: SIMPAY }) { edges { node { id } } } }",
      );
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.customers.edges.map((edge) => edge.node.id)).toEqual(
        simpayIds(0, 3),
      );
    });
  });

  it("fails the whole field when every provider asked fails", async () => {
    sim.loanpro.inject({
      method: "GET",
      path: /odata\.svc\/Customers$/,
      status: 503,
      times: Infinity,
    });
    sim.simpay.inject({ method: "GET", path: /\/api\/customers$/, status: 503, times: Infinity });
    const result = await find({});
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0].extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
  });
});
