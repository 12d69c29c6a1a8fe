/**
 * The server end to end over real HTTP against the LoanPro simulator: reads, updates,
 * validation findings as userErrors (docs/architecture.md#product-rules).
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import { startStack, useSimulatorStack, type GraphQLResult } from "./harness.js";
import {
  ReadCustomerDocument,
  UpdateCustomerDocument,
  type ReadCustomerQuery,
} from "../../src/generated/graphql.js";

const TOKEN = "lp-test-token-8c1f2e";
const INSTANCE_ID = "lp-instance-55218";
/** Seeded write-only values of customer 1001 (simulators/loanpro/loanpro.seed.ts). */
const SEEDED_SECRETS = ["900123456", "UT1234567"];

describe("LoanPro customers end to end", () => {
  const sim = useSimulatorStack({
    loanpro: { token: TOKEN, instanceId: INSTANCE_ID },
    simpay: false,
  });
  const responses: string[] = [];

  async function query<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: NoInfer<TVariables>,
  ): Promise<GraphQLResult<TData>> {
    const result = await sim.stack.graphql(document, variables);
    responses.push(result.raw);
    return result;
  }

  const puts = () => sim.loanpro.requests.filter((request) => request.method === "PUT");

  describe("reading", () => {
    it("returns every product field of a LoanPro customer, governmentId as last4 only", async () => {
      const result = await query(ReadCustomerDocument, { id: "loanpro:1001" });
      expect(result.body.errors).toBeUndefined();
      // Typed: a field renamed in the schema or the selection fails `tsc`, not only this test.
      expect(result.body.data?.customer).toEqual<ReadCustomerQuery["customer"]>({
        id: "loanpro:1001",
        provider: "LOANPRO",
        providerId: "1001",
        externalId: "IMP-1001",
        displayName: "Ada M Example",
        status: "ACTIVE",
        statusLabel: "Active",
        customerType: "INDIVIDUAL",
        firstName: "Ada",
        middleName: "M",
        lastName: "Example",
        companyName: null,
        contactName: null,
        email: "ada.example@example.test",
        birthDate: "1988-04-12",
        gender: "FEMALE",
        generationCode: "NONE",
        governmentId: { type: "SSN", last4: "3456" },
        creditLimit: 0,
        portalUsername: "ada.example",
        ofacMatch: false,
        ofacTested: true,
        defaultContact: null,
        primaryAddress: {
          line1: "10 Test Way",
          line2: "Apt 4",
          line3: null,
          city: "Provo",
          region: "UT",
          postalCode: "84601",
          country: "USA",
        },
        mailingAddress: {
          line1: "PO Box 17",
          line2: null,
          line3: null,
          city: "Provo",
          region: "UT",
          postalCode: "84603",
          country: "USA",
        },
        billingAddress: null,
        shippingAddress: null,
        createdAt: "2024-01-02T03:04:05.000Z",
        updatedAt: "2024-06-01T00:00:00.000Z",
        version: expect.any(String) as string,
      });
    });

    it("returns null without an error for an id LoanPro answers with 409", async () => {
      const result = await query(ReadCustomerDocument, { id: "loanpro:999999" });
      expect(result.body).toEqual({ data: { customer: null } });
    });

    it("returns null without an error for an id LoanPro answers with 404", async () => {
      sim.loanpro.setNotFoundStatus(404);
      try {
        const result = await query(ReadCustomerDocument, { id: "loanpro:999998" });
        expect(result.body).toEqual({ data: { customer: null } });
      } finally {
        sim.loanpro.setNotFoundStatus(409);
      }
    });

    it("answers an id that does not parse with BAD_USER_INPUT and calls no provider", async () => {
      for (const id of ["1001", "acme:1", "loanpro:", "loanpro:-1"]) {
        const result = await query(ReadCustomerDocument, { id });
        expect(result.body.data).toEqual({ customer: null });
        expect(result.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
      }
      expect(sim.loanpro.requests).toEqual([]);
    });

    it("answers a LoanPro 500 with UPSTREAM_UNAVAILABLE, retryable, without the body", async () => {
      sim.loanpro.inject({
        status: 500,
        body: { error: "stack trace SECRET-BODY-TEXT" },
        times: 10,
      });
      const result = await query(ReadCustomerDocument, { id: "loanpro:1001" });
      sim.loanpro.clearLog();
      expect(result.body.data).toEqual({ customer: null });
      expect(result.body.errors?.[0].extensions).toMatchObject({
        code: "UPSTREAM_UNAVAILABLE",
        provider: "LOANPRO",
        retryable: true,
      });
      expect(result.raw).not.toContain("SECRET-BODY-TEXT");
    });
  });

  describe("updating", () => {
    it("changes e-mail and primary address with exactly one tagged PUT, then reads back", async () => {
      const result = await query(UpdateCustomerDocument, {
        input: {
          id: "loanpro:1002",
          email: "john.new@example.test",
          primaryAddress: { line1: "9 Elm St", city: "Lehi" },
        },
      });
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.updateCustomer.userErrors).toEqual([]);
      expect(result.body.data?.updateCustomer.customer).toMatchObject({
        id: "loanpro:1002",
        email: "john.new@example.test",
        primaryAddress: { line1: "9 Elm St", city: "Lehi", region: "UT", postalCode: "84057" },
      });
      expect(puts()).toHaveLength(1);
      expect(puts()[0].path).toMatch(/odata\.svc\/Customers\(1002\)$/);
      expect(puts()[0].body).toEqual({
        __id: 1002,
        __update: true,
        email: "john.new@example.test",
        PrimaryAddress: { __id: 5003, __update: true, address1: "9 Elm St", city: "Lehi" },
      });
      // Read back: the stored record changed in place, no address was added.
      expect(sim.loanpro.customer(1002)?.PrimaryAddress?.id).toBe(5003);
      const gets = sim.loanpro.requests.filter((request) => request.method === "GET");
      expect(gets.length).toBeGreaterThanOrEqual(2);
    });

    it("sends no PUT for an update that changes nothing and returns the current customer", async () => {
      const result = await query(UpdateCustomerDocument, {
        input: { id: "loanpro:1001", email: "ada.example@example.test", firstName: "Ada" },
      });
      expect(result.body.data?.updateCustomer).toMatchObject({
        userErrors: [],
        customer: { id: "loanpro:1001", email: "ada.example@example.test" },
      });
      expect(puts()).toEqual([]);
    });

    it("returns an INVALID userError on input.id for an unknown provider, calling nothing", async () => {
      const result = await query(UpdateCustomerDocument, {
        input: { id: "acme:1001", email: "a@example.test" },
      });
      expect(result.body.data?.updateCustomer).toEqual({
        customer: null,
        userErrors: [expect.objectContaining({ field: ["input", "id"], code: "INVALID" })],
      });
      expect(sim.loanpro.requests).toEqual([]);
    });

    /** Each rule on its own: exact paths and codes, value not echoed, nothing written. */
    const commonRules: Array<[string, Record<string, unknown>, string[], string, string]> = [
      [
        "a malformed e-mail is INVALID",
        { email: "no-at-sign.example" },
        ["input", "email"],
        "INVALID",
        "no-at-sign.example",
      ],
      [
        "a region that is not 2 letters is INVALID",
        { primaryAddress: { region: "Utah-X" } },
        ["input", "primaryAddress", "region"],
        "INVALID",
        "Utah-X",
      ],
      [
        "a country other than USA/CAN is INVALID",
        { mailingAddress: { country: "MEXICO" } },
        ["input", "mailingAddress", "country"],
        "INVALID",
        "MEXICO",
      ],
      [
        "clearing an address line1 is REQUIRED",
        { primaryAddress: { line1: null } },
        ["input", "primaryAddress", "line1"],
        "REQUIRED",
        "line1-unused",
      ],
      [
        "status OTHER is INVALID",
        { status: "OTHER" },
        ["input", "status"],
        "INVALID",
        "OTHER-unused",
      ],
      [
        "a negative credit limit is INVALID",
        { creditLimit: -5 },
        ["input", "creditLimit"],
        "INVALID",
        "-5",
      ],
    ];

    it("a name over 100 characters is TOO_LONG (LoanPro's table, counted in its unit), writing nothing", async () => {
      // Lengths are the provider's: checked with the record's other findings, after one read.
      const result = await query(UpdateCustomerDocument, {
        input: { id: "loanpro:1001", firstName: "Q".repeat(101) },
      });
      expect(result.body.data?.updateCustomer).toEqual({
        customer: null,
        userErrors: [
          { field: ["input", "firstName"], code: "TOO_LONG", message: expect.any(String) },
        ],
      });
      expect(JSON.stringify(result.body.data)).not.toContain("Q".repeat(101));
      expect(sim.loanpro.requests.filter((request) => request.method !== "GET")).toEqual([]);
    });

    it.each(commonRules)(
      "%s, with no request to LoanPro at all",
      async (_name, fields, field, code, rejected) => {
        const result = await query(UpdateCustomerDocument, {
          input: { id: "loanpro:1001", ...fields },
        });
        expect(result.body.errors).toBeUndefined();
        expect(result.body.data?.updateCustomer).toEqual({
          customer: null,
          userErrors: [{ field, code, message: expect.any(String) }],
        });
        expect(JSON.stringify(result.body.data)).not.toContain(rejected);
        expect(sim.loanpro.requests).toEqual([]);
      },
    );

    const loanProRules: Array<[string, Record<string, unknown>, string[], string]> = [
      [
        "defaultContact is UNSUPPORTED_FIELD",
        { defaultContact: { email: "c@example.test" } },
        ["input", "defaultContact"],
        "UNSUPPORTED_FIELD",
      ],
      [
        "billingAddress is UNSUPPORTED_FIELD",
        { billingAddress: { line1: "1 Bill St" } },
        ["input", "billingAddress"],
        "UNSUPPORTED_FIELD",
      ],
      [
        "displayName is UNSUPPORTED_FIELD",
        { displayName: "Someone Else" },
        ["input", "displayName"],
        "UNSUPPORTED_FIELD",
      ],
      ["clearing the e-mail is REQUIRED", { email: null }, ["input", "email"], "REQUIRED"],
    ];

    it.each(loanProRules)("%s, and nothing is written", async (_name, fields, field, code) => {
      const result = await query(UpdateCustomerDocument, {
        input: { id: "loanpro:1001", ...fields },
      });
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.updateCustomer).toEqual({
        customer: null,
        userErrors: [{ field, code, message: expect.any(String) }],
      });
      expect(puts()).toEqual([]);
    });

    it.each([
      ["an impossible birthDate", "1990-02-30"],
      ["a birthDate in the future", "2999-06-01"],
      ["a birthDate before 1900", "1850-01-01"],
    ])("returns %s as an INVALID userError, and nothing is sent", async (_, birthDate) => {
      const result = await query(UpdateCustomerDocument, {
        input: { id: "loanpro:1001", birthDate },
      });
      expect(result.status).toBe(200);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data?.updateCustomer).toEqual({
        customer: null,
        userErrors: [
          { field: ["input", "birthDate"], code: "INVALID", message: expect.any(String) },
        ],
      });
      expect(result.raw).not.toContain(birthDate);
      expect(sim.loanpro.requests).toEqual([]);
    });

    it("never returns a government id number it was given", async () => {
      const result = await query(UpdateCustomerDocument, {
        input: { id: "loanpro:1006", governmentId: { type: "SSN", number: "900-77-1234" } },
      });
      expect(result.body.data?.updateCustomer.userErrors).toEqual([]);
      expect(result.body.data?.updateCustomer.customer).toMatchObject({
        governmentId: { type: "SSN", last4: "1234" },
      });
      expect(result.raw).not.toContain("900771234");
      expect(result.raw).not.toContain("900-77-1234");
    });
  });

  it("never puts an SSN, driver license, token or instance id in a response or a log line", () => {
    expect(responses.length).toBeGreaterThan(10);
    const everything = responses.join("\n") + sim.stack.logLines.join("");
    for (const secret of [...SEEDED_SECRETS, TOKEN, INSTANCE_ID, "900-77-1234"]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe("LoanPro failures that are not the caller's", () => {
  let simulator: LoanProSimulator;

  beforeAll(async () => {
    simulator = await startLoanProSimulator({ token: TOKEN, instanceId: INSTANCE_ID });
  });

  afterAll(async () => {
    await simulator.close();
  });

  it("reports a LoanPro 401 as UPSTREAM_AUTH_FAILED, not UNAUTHENTICATED, without the token", async () => {
    const stack = await startStack({
      loanpro: simulator,
      env: { LOANPRO_API_TOKEN: "wrong-token-31337" },
    });
    try {
      const result = await stack.graphql(ReadCustomerDocument, { id: "loanpro:1001" });
      expect(result.body.data).toEqual({ customer: null });
      expect(result.body.errors?.[0].extensions).toMatchObject({
        code: "UPSTREAM_AUTH_FAILED",
        provider: "LOANPRO",
      });
      expect(result.raw).not.toContain("wrong-token-31337");
      expect(stack.logLines.join("")).not.toContain("wrong-token-31337");
    } finally {
      await stack.close();
    }
  });

  it("reports PROVIDER_NOT_CONFIGURED for a SimPay id on a LoanPro-only server", async () => {
    const stack = await startStack({ loanpro: simulator });
    try {
      const result = await stack.graphql(ReadCustomerDocument, { id: "simpay:48213" });
      expect(result.body.data).toEqual({ customer: null });
      expect(result.body.errors?.[0].extensions).toMatchObject({
        code: "PROVIDER_NOT_CONFIGURED",
        provider: "SIMPAY",
      });
      const update = await stack.graphql(UpdateCustomerDocument, {
        input: { id: "simpay:48213", email: "a@example.test" },
      });
      expect(update.body.errors?.[0].extensions).toMatchObject({
        code: "PROVIDER_NOT_CONFIGURED",
        provider: "SIMPAY",
      });
    } finally {
      await stack.close();
    }
  });
});
