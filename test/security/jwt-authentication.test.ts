/**
 * Caller authentication and scopes with an HS256 secret (docs/architecture.md#caller-security): 401
 * UNAUTHENTICATED before GraphQL runs for a missing, expired or badly signed token; FORBIDDEN on
 * the field whose scope is missing; `_entities` checks the read scope in code.
 */
import {
  bearer,
  signTestToken,
  startSecurityStack,
  TEST_JWT_SECRET,
  type SecurityStack,
} from "./security-stack.js";

const READ = `query Read { customer(id: "loanpro:1001") { id displayName } }`;
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Customer { id displayName } }
}`;
const UPDATE = `mutation Update($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { id } userErrors { field code } }
}`;

describe("JWT authentication with AUTH_JWT_SECRET", () => {
  let security: SecurityStack;

  beforeAll(async () => {
    security = await startSecurityStack({
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      AUTH_ISSUER: "https://issuer.test",
      AUTH_AUDIENCE: "customer-subgraph",
    });
  });
  afterAll(() => security.close());
  beforeEach(() => security.forgetProviderCalls());

  const token = (scope: string, options = {}) =>
    signTestToken(
      { scope },
      { issuer: "https://issuer.test", audience: "customer-subgraph", ...options },
    );

  it("serves a read to a token with customers:read", async () => {
    const result = await security.stack.graphql(READ, {}, bearer(await token("customers:read")));
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      customer: { id: "loanpro:1001", displayName: expect.any(String) },
    });
  });

  it("reads scopes from an scp array as well", async () => {
    const scpToken = await signTestToken(
      { scp: ["customers:read"] },
      { issuer: "https://issuer.test", audience: "customer-subgraph" },
    );
    const result = await security.stack.graphql(READ, {}, bearer(scpToken));
    expect(result.body.errors).toBeUndefined();
  });

  it("answers 401 UNAUTHENTICATED without a token, before any provider call", async () => {
    const result = await security.stack.graphql(READ);
    expect(result.status).toBe(401);
    expect(result.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect(result.body.errors?.[0].extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to an expired token and says it expired", async () => {
    const expired = await token("customers:read", {
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });
    const result = await security.stack.graphql(READ, {}, bearer(expired));
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]).toEqual({
      message: "The bearer token has expired.",
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to a token signed with another secret", async () => {
    const forged = await token("customers:read customers:write", {
      secret: "another-secret-of-at-least-32-characters!",
    });
    const result = await security.stack.graphql(READ, {}, bearer(forged));
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0].message).toBe("The bearer token is not valid.");
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to a token for another audience", async () => {
    const other = await token("customers:read", { audience: "billing-subgraph" });
    const result = await security.stack.graphql(READ, {}, bearer(other));
    expect(result.status).toBe(401);
  });

  it("answers 401 to an unsigned (alg none) token", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "none" })}.${encode({ scope: "customers:read", iss: "https://issuer.test", aud: "customer-subgraph", exp: Math.floor(Date.now() / 1000) + 60 })}.`;
    const result = await security.stack.graphql(READ, {}, bearer(unsigned));
    expect(result.status).toBe(401);
    expect(security.providerCalls()).toBe(0);
  });

  it("answers FORBIDDEN on customer for a token without customers:read, calling no provider", async () => {
    const result = await security.stack.graphql(READ, {}, bearer(await token("customers:write")));
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ customer: null });
    expect(result.body.errors?.[0]).toMatchObject({
      message: "The access token lacks the scope customers:read.",
      path: ["customer"],
      extensions: { code: "FORBIDDEN" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers FORBIDDEN on customers for a token without customers:read, calling no provider", async () => {
    const result = await security.stack.graphql(
      `query List { customers(first: 5) { edges { node { id } } } }`,
      {},
      bearer(await token("customers:write")),
    );
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]).toMatchObject({
      path: ["customers"],
      extensions: { code: "FORBIDDEN" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers FORBIDDEN on updateLinkedCustomers for a token without customers:write, writing nothing", async () => {
    const result = await security.stack.graphql(
      `mutation Linked($input: UpdateCustomerInput!) {
        updateLinkedCustomers(input: $input) { consistent }
      }`,
      { input: { id: "loanpro:1002", email: "never.written@example.test" } },
      bearer(await token("customers:read")),
    );
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]).toMatchObject({
      message: "The access token lacks the scope customers:write.",
      path: ["updateLinkedCustomers"],
      extensions: { code: "FORBIDDEN" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers FORBIDDEN on linkedCustomers for a token without customers:read, looking up no link", async () => {
    // The write is allowed; reading the records linked to its result is not.
    const result = await security.stack.graphql(
      `mutation Update($input: UpdateCustomerInput!) {
        updateCustomer(input: $input) { customer { id linkedCustomers { id } } }
      }`,
      { input: { id: "loanpro:1002", firstName: "John" } },
      bearer(await token("customers:write")),
    );
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        message: "The access token lacks the scope customers:read.",
        path: ["updateCustomer", "customer", "linkedCustomers"],
        extensions: expect.objectContaining({ code: "FORBIDDEN" }),
      }),
    ]);
    // No SimPay call: the links were never looked up.
    expect(security.simpay.requests).toHaveLength(0);
  });

  it("serves customerUpdatePlan and customerCapabilities to customers:read alone, FORBIDDEN without it", async () => {
    const PLAN = `query Plan($input: UpdateCustomerInput!) {
      customerUpdatePlan(input: $input) { userErrors { code } requests { method } }
    }`;
    const CAPABILITIES = `query Capabilities { customerCapabilities { provider configured } }`;
    const input = { id: "loanpro:1001", firstName: "Planned" };
    const reader = bearer(await token("customers:read"));
    const plan = await security.stack.graphql(PLAN, { input }, reader);
    expect(plan.body.errors).toBeUndefined();
    expect(plan.body.data).toEqual({
      customerUpdatePlan: { userErrors: [], requests: [{ method: "PUT" }] },
    });
    const capabilities = await security.stack.graphql(CAPABILITIES, {}, reader);
    expect(capabilities.body.errors).toBeUndefined();

    security.forgetProviderCalls();
    const writer = bearer(await token("customers:write"));
    for (const [query, variables, field] of [
      [PLAN, { input }, "customerUpdatePlan"],
      [CAPABILITIES, {}, "customerCapabilities"],
    ] as const) {
      const refused = await security.stack.graphql(query, variables, writer);
      expect(refused.body.data).toBeNull();
      expect(refused.body.errors?.[0]).toMatchObject({
        path: [field],
        extensions: { code: "FORBIDDEN" },
      });
    }
    expect(security.providerCalls()).toBe(0);
  });

  it("answers FORBIDDEN on updateCustomer for a token without customers:write, writing nothing", async () => {
    const result = await security.stack.graphql(
      UPDATE,
      { input: { id: "loanpro:1001", email: "new@example.com" } },
      bearer(await token("customers:read")),
    );
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]).toMatchObject({
      path: ["updateCustomer"],
      extensions: { code: "FORBIDDEN" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("lets a token with customers:write update", async () => {
    const result = await security.stack.graphql(
      UPDATE,
      { input: { id: "loanpro:1001", email: "scoped-writer@example.com" } },
      bearer(await token("customers:write")),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      updateCustomer: { customer: { id: "loanpro:1001" }, userErrors: [] },
    });
  });

  it("answers FORBIDDEN per entity on _entities without customers:read", async () => {
    const representations = [
      { __typename: "Customer", id: "loanpro:1001" },
      { __typename: "Customer", id: "simpay:48213" },
    ];
    const result = await security.stack.graphql(
      ENTITIES,
      { representations },
      bearer(await token("customers:write")),
    );
    expect(result.body.data).toEqual({ _entities: [null, null] });
    expect(result.body.errors?.map((error) => error.extensions?.code)).toEqual([
      "FORBIDDEN",
      "FORBIDDEN",
    ]);
    expect(security.providerCalls()).toBe(0);
  });

  it("resolves _entities for a token with customers:read", async () => {
    const result = await security.stack.graphql(
      ENTITIES,
      { representations: [{ __typename: "Customer", id: "simpay:48213" }] },
      bearer(await token("customers:read")),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      _entities: [{ id: "simpay:48213", displayName: "Northwind Bakery" }],
    });
  });

  it("serves the Sandbox landing page without a token, but no GET operation", async () => {
    const page = await fetch(`${security.stack.origin}/graphql`, {
      headers: { accept: "text/html" },
    });
    expect(page.status).toBe(200);
    const operation = await fetch(
      `${security.stack.origin}/graphql?query=${encodeURIComponent(READ)}`,
      { headers: { accept: "text/html", "apollo-require-preflight": "true" } },
    );
    expect(operation.status).toBe(401);
    expect(security.providerCalls()).toBe(0);
  });

  it("keeps /healthz open without a token", async () => {
    const response = await fetch(`${security.stack.origin}/healthz`);
    expect(response.status).toBe(200);
  });

  it("never writes a token or the secret into the logs", async () => {
    const valid = await token("customers:read");
    await security.stack.graphql(READ, {}, bearer(valid));
    await security.stack.graphql(READ, {}, bearer(`${valid}tampered`));
    const logs = security.stack.logLines.join("");
    expect(logs).toContain('"reason":"invalid"');
    expect(logs).not.toContain(valid.split(".")[2]);
    expect(logs).not.toContain(TEST_JWT_SECRET);
  });
});
