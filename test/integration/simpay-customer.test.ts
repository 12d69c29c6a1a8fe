/**
 * The same basics end to end for a SimPay customer (the LoanPro tests' shape, over the SimPay
 * simulator).
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useSimulatorStack, type GraphQLResult } from "./harness.js";
import { ReadCustomerDocument, UpdateCustomerDocument } from "../../src/generated/graphql.js";

const USERNAME = "sp-test-user-7731";
const PASSWORD = "sp-test-password-0c4e";

describe("SimPay customers end to end", () => {
  const sim = useSimulatorStack({
    loanpro: false,
    simpay: { username: USERNAME, password: PASSWORD },
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

  it("reads a SimPay customer into the same model", async () => {
    const result = await query(ReadCustomerDocument, { id: "simpay:48213" });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({
      id: "simpay:48213",
      provider: "SIMPAY",
      providerId: "48213",
      externalId: "NW-0007",
      displayName: "Northwind Bakery",
      status: "ACTIVE",
      customerType: null,
      firstName: null,
      email: "lena.ortiz@example.com",
      governmentId: null,
      defaultContact: {
        firstName: "Lena",
        lastName: "Ortiz",
        email: "lena.ortiz@example.com",
        daytimePhone: "312-555-0107",
        mobilePhone: "773-555-0199",
      },
      billingAddress: {
        line1: "410 W Lake St",
        city: "Chicago",
        region: "IL",
        postalCode: "60606",
        country: "USA",
      },
      primaryAddress: null,
      createdAt: "2024-05-02T09:15:27.441Z",
    });
  });

  it("returns null without an error for a customer SimPay does not have", async () => {
    const result = await query(ReadCustomerDocument, { id: "simpay:99999" });
    expect(result.body).toEqual({ data: { customer: null } });
  });

  it("updates the e-mail with one PATCH and returns the value read back", async () => {
    const result = await query(UpdateCustomerDocument, {
      input: { id: "simpay:48213", email: "orders@northwind.example" },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.updateCustomer.userErrors).toEqual([]);
    expect(result.body.data?.updateCustomer.customer).toMatchObject({
      email: "orders@northwind.example",
      defaultContact: { email: "orders@northwind.example" },
    });
    expect(sim.simpay.customerRequests("PATCH")).toHaveLength(1);
    expect(sim.simpay.customer(48213)?.DefaultContact?.EmailAddress).toBe(
      "orders@northwind.example",
    );
  });

  it("reports firstName as UNSUPPORTED_FIELD for SimPay and writes nothing", async () => {
    const result = await query(UpdateCustomerDocument, {
      input: { id: "simpay:48213", firstName: "Lena" },
    });
    expect(result.body.data?.updateCustomer).toEqual({
      customer: null,
      userErrors: [
        { field: ["input", "firstName"], code: "UNSUPPORTED_FIELD", message: expect.any(String) },
      ],
    });
    expect(sim.simpay.customerRequests("PATCH")).toEqual([]);
  });

  it("reports a nested contact e-mail error with its full path and writes nothing", async () => {
    const result = await query(UpdateCustomerDocument, {
      input: { id: "simpay:48213", defaultContact: { email: "nope-not-valid" } },
    });
    expect(result.body.data?.updateCustomer).toEqual({
      customer: null,
      userErrors: [
        {
          field: ["input", "defaultContact", "email"],
          code: "INVALID",
          message: expect.any(String),
        },
      ],
    });
    expect(result.raw).not.toContain("nope-not-valid");
    expect(sim.simpay.requests).toEqual([]);
  });

  it("reports a bad e-mail and an unsupported field together in one response and writes nothing", async () => {
    const result = await query(UpdateCustomerDocument, {
      input: { id: "simpay:48213", email: "not-an-email", birthDate: "1990-01-01" },
    });
    expect(result.body.errors).toBeUndefined();
    const updated = result.body.data?.updateCustomer;
    expect(updated?.customer).toBeNull();
    expect(updated?.userErrors).toEqual(
      expect.arrayContaining([
        { field: ["input", "email"], code: "INVALID", message: expect.any(String) },
        { field: ["input", "birthDate"], code: "UNSUPPORTED_FIELD", message: expect.any(String) },
      ]),
    );
    expect(updated?.userErrors).toHaveLength(2);
    expect(result.raw).not.toContain("not-an-email");
    expect(sim.simpay.customerRequests("PATCH")).toEqual([]);
  });

  it("logs in again transparently when the session expires", async () => {
    sim.simpay.expireSessions();
    const result = await query(ReadCustomerDocument, { id: "simpay:48213" });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.customer).toMatchObject({ id: "simpay:48213" });
  });

  it("answers a SimPay 503 with UPSTREAM_UNAVAILABLE for provider SIMPAY", async () => {
    sim.simpay.inject({
      path: "/customers/",
      status: 503,
      body: { secret: "BODY-9931" },
      times: 10,
    });
    const result = await query(ReadCustomerDocument, { id: "simpay:48214" });
    sim.simpay.clearLog();
    expect(result.body.errors?.[0].extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "SIMPAY",
    });
    expect(result.raw).not.toContain("BODY-9931");
  });

  it("never puts the SimPay password or session cookies in a response or a log line", () => {
    expect(responses.length).toBeGreaterThan(5);
    const everything = responses.join("\n") + sim.stack.logLines.join("");
    for (const secret of [PASSWORD, "ss-id=", "ss-pid="]) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe("SIMPAY_ALLOW_TERRITORIES", () => {
  const PUERTO_RICO = {
    line1: "1 Calle Sol",
    city: "San Juan",
    region: "PR",
    postalCode: "00901",
    country: "USA",
  };

  describe("off (the default)", () => {
    const sim = useSimulatorStack({ loanpro: false });

    it("refuses a territory as a region and writes nothing", async () => {
      const result = await sim.stack.graphql(UpdateCustomerDocument, {
        input: { id: "simpay:48213", billingAddress: PUERTO_RICO },
      });
      expect(result.body.data?.updateCustomer.userErrors).toEqual([
        expect.objectContaining({ field: ["input", "billingAddress", "region"], code: "INVALID" }),
      ]);
      expect(sim.simpay.customerRequests("PATCH")).toHaveLength(0);
    });
  });

  describe("on, with a SimPay that takes territories", () => {
    const sim = useSimulatorStack({
      loanpro: false,
      simpay: { allowTerritories: true },
      env: { SIMPAY_ALLOW_TERRITORIES: "true" },
    });

    it("writes a territory and reads it back", async () => {
      const result = await sim.stack.graphql(UpdateCustomerDocument, {
        input: { id: "simpay:48213", billingAddress: PUERTO_RICO },
      });
      expect(result.body.data?.updateCustomer.userErrors).toEqual([]);
      expect(result.body.data?.updateCustomer.customer?.billingAddress).toMatchObject({
        region: "PR",
        country: "USA",
      });
      expect(sim.simpay.customer(48213)?.BillingAddress?.StateOrProvinceCode).toBe("PR");
    });
  });
});
