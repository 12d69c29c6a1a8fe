/**
 * The customer subgraph as a member of a supergraph (docs/architecture.md#federation): composed
 * with a Loans subgraph by
 * @apollo/composition, served by @apollo/gateway, everything on loopback over real HTTP against
 * the LoanPro and SimPay simulators. The simulators' request logs show how the gateway's
 * `_entities` call reached the providers.
 */
import { composeServices } from "@apollo/composition";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { printSubgraphSchema } from "@apollo/subgraph";
import axios from "axios";
import { parse } from "graphql";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { printSubgraphSdl } from "../../src/schema.js";
import { startStack, type TestStack } from "../integration/harness.js";
import {
  LOANS,
  startLoansSubgraph,
  type LoanRecord,
  type LoansSubgraph,
} from "./loans-subgraph.js";
import { settingsOf } from "../../src/providers/provider-module.js";
import { simPayModule } from "../../src/providers/simpay/simpay.module.js";

/**
 * SIMPAY_READ_CONCURRENCY for the subgraph under test: not the default (8), so the bound the test
 * measures is the configured one passed through the registry. The assertions read the value back
 * from the config the subgraph was started with.
 */
const SIMPAY_READ_CONCURRENCY = "5";
const MISSING_LOANPRO_ID = "loanpro:1999";
/** 29 seeded LoanPro customers (1010-1038) with the missing one at index 7: 30 distinct ids. */
const LOANPRO_CUSTOMER_IDS = Array.from({ length: 29 }, (_, index) => `loanpro:${1010 + index}`);
LOANPRO_CUSTOMER_IDS.splice(7, 0, MISSING_LOANPRO_ID);
/** 30 SimPay customers, far more than the concurrency bound, so the bound is what limits them. */
const SIMPAY_CUSTOMER_IDS = Array.from({ length: 30 }, (_, index) => `simpay:${48205 + index}`);
/** A SimPay customer whose read fails (503) in the list test: its entry alone becomes null + error. */
const FAILING_SIMPAY_KEY = "48210";

const LOAN_RECORDS: LoanRecord[] = [...LOANPRO_CUSTOMER_IDS, ...SIMPAY_CUSTOMER_IDS].map(
  (customerId, index) => ({
    id: `L${String(index + 1).padStart(2, "0")}`,
    amount: 1000 + index * 250,
    customerId,
  }),
);

interface JoinedCustomer {
  id: string;
  displayName: string;
  email: string | null;
  loans: Array<{ id: string }>;
}

interface GatewayResult<TData> {
  data?: TData | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: object }>;
}

describe("the customer subgraph in a supergraph", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let customers: TestStack;
  let loans: LoansSubgraph;
  let gateway: ApolloServer;
  let gatewayUrl: string;
  let compositionHints: string[];

  async function queryGateway<TData>(query: string): Promise<GatewayResult<TData>> {
    const response = await axios.post<GatewayResult<TData>>(
      gatewayUrl,
      { query },
      { headers: { "content-type": "application/json" }, validateStatus: () => true },
    );
    return response.data;
  }

  beforeAll(async () => {
    LOANS.splice(0, LOANS.length, ...LOAN_RECORDS);
    loanpro = await startLoanProSimulator({ token: "fed-lp-token", instanceId: "fed-instance" });
    // Latency makes the SimPay reads overlap, so the concurrency bound is actually exercised.
    simpay = await startSimPaySimulator({ latencyMs: 25, username: "fed", password: "fed-pass" });
    // One read attempt, so the failing SimPay entry costs exactly one GET.
    customers = await startStack({
      loanpro,
      simpay,
      env: { UPSTREAM_READ_ATTEMPTS: "1", SIMPAY_READ_CONCURRENCY },
    });
    loans = await startLoansSubgraph();

    const composition = composeServices([
      {
        name: "customers",
        url: `${customers.origin}/graphql`,
        typeDefs: parse(await printSubgraphSdl()),
      },
      { name: "loans", url: loans.url, typeDefs: parse(printSubgraphSchema(loans.schema)) },
    ]);
    if (composition.errors) {
      throw new Error(composition.errors.map((error) => error.message).join("\n"));
    }
    compositionHints = composition.hints.map((hint) => hint.toString());
    gateway = new ApolloServer({
      gateway: new ApolloGateway({ supergraphSdl: composition.supergraphSdl }),
    });
    const { url } = await startStandaloneServer(gateway, {
      listen: { port: 0, host: "127.0.0.1" },
    });
    gatewayUrl = `http://127.0.0.1:${new URL(url).port}/`;
  });

  afterAll(async () => {
    await gateway?.stop();
    await loans?.stop();
    await customers?.close();
    await simpay?.close();
    await loanpro?.close();
  });

  beforeEach(() => {
    loanpro.clearLog();
    simpay.clearLog();
    simpay.resetInFlight();
  });

  it("composes with the Loans subgraph without errors or hints", () => {
    expect(compositionHints).toEqual([]);
  });

  it("serves its SDL with the federation @link and Customer's @key", async () => {
    const result = await customers.graphql<{ _service: { sdl: string } }>("{ _service { sdl } }");
    const sdl = result.body.data?._service.sdl ?? "";
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toMatch(/type Customer\s+@key\(fields: "id"\)/);
  });

  it("joins a loan to its LoanPro customer and back to the customer's loans", async () => {
    const result = await queryGateway<{
      loan: { id: string; amount: number; customer: JoinedCustomer };
    }>(`{ loan(id: "L01") { id amount customer { id displayName email loans { id } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      loan: {
        id: "L01",
        amount: 1000,
        customer: {
          id: "loanpro:1010",
          displayName: "Liam Smith",
          email: "liam.smith.1010@example.test",
          loans: [{ id: "L01" }],
        },
      },
    });
  });

  it("resolves 60 loans' customers in order with one batched LoanPro read and bounded SimPay reads", async () => {
    simpay.inject({
      method: "GET",
      path: `/customers/${FAILING_SIMPAY_KEY}`,
      status: 503,
      times: 5,
    });
    const result = await queryGateway<{
      loans: Array<{ id: string; customer: JoinedCustomer | null }>;
    }>(`{ loans { id customer { id displayName email loans { id } } } }`);

    const failingId = `simpay:${FAILING_SIMPAY_KEY}`;
    const joined = result.data?.loans ?? [];
    expect(joined.map((loan) => loan.id)).toEqual(LOAN_RECORDS.map((loan) => loan.id));
    joined.forEach((loan, index) => {
      const record = LOAN_RECORDS[index];
      if (record.customerId === MISSING_LOANPRO_ID || record.customerId === failingId) {
        expect(loan.customer).toBeNull();
        return;
      }
      expect(loan.customer).toEqual({
        id: record.customerId,
        displayName: expect.any(String),
        email: expect.stringContaining("@"),
        loans: [{ id: record.id }],
      });
    });
    const lp1020 = joined.find((loan) => loan.customer?.id === "loanpro:1020")?.customer;
    expect(lp1020?.email).toBe(loanpro.customer(1020)?.email);
    const sp48213 = joined.find((loan) => loan.customer?.id === "simpay:48213")?.customer;
    expect(sp48213?.displayName).toBe("Northwind Bakery");

    // A missing customer is null without an error (as `customer(id:)`); the failing read is null
    // with one error for that entry alone.
    const failingIndex = LOAN_RECORDS.findIndex((loan) => loan.customerId === failingId);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].path).toEqual(["loans", failingIndex, "customer"]);
    expect(result.errors?.[0].extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "SIMPAY",
    });

    // 30 LoanPro representations: at most 2 HTTP requests, each a `$filter` on ids.
    const loanproReads = loanpro.requests.filter((request) => request.method === "GET");
    expect(loanproReads.length).toBeGreaterThanOrEqual(1);
    expect(loanproReads.length).toBeLessThanOrEqual(2);
    const filteredIds = loanproReads.flatMap((request) =>
      [...(request.query.$filter ?? "").matchAll(/id eq (\d+)/g)].map((match) => match[1]),
    );
    expect(filteredIds.sort()).toEqual(
      LOANPRO_CUSTOMER_IDS.map((id) => id.slice("loanpro:".length)).sort(),
    );

    // 30 SimPay representations: one GET each, never more than the configured bound at once
    // (and more than one, so the reads did overlap and the bound was really exercised).
    const configuredConcurrency = settingsOf(
      customers.config.providers,
      simPayModule,
    )?.readConcurrency;
    expect(configuredConcurrency).toBeDefined();
    expect(configuredConcurrency).toBeLessThan(SIMPAY_CUSTOMER_IDS.length);
    expect(simpay.customerRequests("GET")).toHaveLength(SIMPAY_CUSTOMER_IDS.length);
    expect(simpay.maxInFlight()).toBeGreaterThanOrEqual(2);
    expect(simpay.maxInFlight()).toBeLessThanOrEqual(configuredConcurrency ?? 0);
  });
});
