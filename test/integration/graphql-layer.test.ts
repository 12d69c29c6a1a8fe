/**
 * The GraphQL layer over real HTTP with an in-memory CustomerSource: the resolver flow, the one
 * error border, and federation's reference resolver, independent of any provider's wire format.
 */
import { CustomerSources } from "../../src/providers/registry.js";
import {
  ProviderRejectedError,
  UpstreamUnavailableError,
  UpstreamAuthError,
} from "../../src/model/errors.js";
import { FakeCustomerSource, sampleCustomer } from "./fake-customer-source.js";
import { startStack, type TestStack } from "./harness.js";

const UPDATE = `
  mutation Update($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) { customer { id email } userErrors { field message code } }
  }
`;
const READ = `query Read($id: ID!) { customer(id: $id) { id displayName email createdAt } }`;

describe("the GraphQL layer with a fake source", () => {
  let stack: TestStack;
  let source: FakeCustomerSource;

  beforeAll(async () => {
    source = new FakeCustomerSource("LOANPRO");
    stack = await startStack({ sources: new CustomerSources([source]) });
  });

  afterAll(async () => {
    await stack.close();
  });

  beforeEach(() => {
    source.customers.clear();
    source.customers.set("7", sampleCustomer("LOANPRO", "7"));
    source.updates.length = 0;
    source.failure = undefined;
    source.updateFieldErrors = [];
  });

  it("serialises DateTime as ISO 8601 UTC", async () => {
    const result = await stack.graphql(READ, { id: "loanpro:7" });
    expect(result.body.data).toEqual({
      customer: {
        id: "loanpro:7",
        displayName: "Grace Hopper",
        email: "grace@example.test",
        createdAt: "2024-01-02T03:04:05.000Z",
      },
    });
  });

  it("answers an id of the wrong form for its provider with BAD_USER_INPUT", async () => {
    const result = await stack.graphql(READ, { id: "loanpro:abc" });
    expect(result.body.data).toEqual({ customer: null });
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("sends a valid update to the source with omitted fields left out", async () => {
    const result = await stack.graphql(UPDATE, {
      input: { id: "loanpro:7", email: "new@example.test", middleName: null },
    });
    expect(result.body.data).toEqual({
      updateCustomer: { customer: { id: "loanpro:7", email: "new@example.test" }, userErrors: [] },
    });
    expect(source.updates).toEqual([
      { providerId: "7", patch: { email: "new@example.test", middleName: null } },
    ]);
  });

  it("returns an invalid id and validation findings together, calling no source", async () => {
    const result = await stack.graphql(UPDATE, {
      input: { id: "nope", email: "bad", lastName: "x".repeat(101) },
    });
    expect(result.body.data).toEqual({
      updateCustomer: {
        customer: null,
        userErrors: [
          expect.objectContaining({ field: ["input", "id"], code: "INVALID" }),
          expect.objectContaining({ field: ["input", "lastName"], code: "TOO_LONG" }),
          expect.objectContaining({ field: ["input", "email"], code: "INVALID" }),
        ],
      },
    });
    expect(source.updates).toEqual([]);
  });

  it("prefixes the source's userErrors with input", async () => {
    const result = await stack.graphql(UPDATE, { input: { id: "loanpro:8", email: "a@b.test" } });
    expect(result.body.data).toEqual({
      updateCustomer: {
        customer: null,
        userErrors: [{ field: ["input", "id"], code: "NOT_FOUND", message: "No such customer." }],
      },
    });
  });

  it("turns a ProviderRejectedError into userErrors", async () => {
    source.failure = new ProviderRejectedError("LOANPRO", [
      { path: ["email"], code: "REJECTED_BY_PROVIDER", message: "The provider refused it." },
    ]);
    const result = await stack.graphql(UPDATE, { input: { id: "loanpro:7", email: "a@b.test" } });
    expect(result.body.data).toEqual({
      updateCustomer: {
        customer: null,
        userErrors: [
          {
            field: ["input", "email"],
            code: "REJECTED_BY_PROVIDER",
            message: "The provider refused it.",
          },
        ],
      },
    });
  });

  it("reports a domain error with code, provider, retryable and writeOutcome", async () => {
    const failure = new UpstreamUnavailableError("LOANPRO", { status: 503 });
    failure.writeOutcome = "UNKNOWN";
    source.failure = failure;
    const result = await stack.graphql(UPDATE, { input: { id: "loanpro:7", email: "a@b.test" } });
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0].extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "LOANPRO",
      retryable: true,
      writeOutcome: "UNKNOWN",
    });
  });

  it("reports an upstream 401 as UPSTREAM_AUTH_FAILED, never UNAUTHENTICATED", async () => {
    source.failure = new UpstreamAuthError("LOANPRO", 401);
    const result = await stack.graphql(READ, { id: "loanpro:7" });
    expect(result.body.errors?.[0].extensions).toMatchObject({
      code: "UPSTREAM_AUTH_FAILED",
      retryable: false,
    });
  });

  it("masks an unexpected error and logs it without the request's secrets", async () => {
    source.failure = new TypeError("boom: internal detail 4242");
    const result = await stack.graphql(UPDATE, {
      input: {
        id: "loanpro:7",
        portalPassword: "hunter2-secret",
        governmentId: { type: "SSN", number: "900-11-2222" },
      },
    });
    expect(result.body.errors).toHaveLength(1);
    expect(result.body.errors?.[0].message).toBe("Unexpected error.");
    expect(result.body.errors?.[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(result.raw).not.toContain("4242");
    const logs = stack.logLines.join("");
    expect(logs).toContain('"errorName":"TypeError"');
    expect(logs).not.toContain("hunter2-secret");
    expect(logs).not.toContain("900-11-2222");
  });

  it("resolves _entities through the same lookup, with null for a missing customer", async () => {
    const result = await stack.graphql(
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Customer { id displayName } }
      }`,
      {
        representations: [
          { __typename: "Customer", id: "loanpro:7" },
          { __typename: "Customer", id: "loanpro:404" },
        ],
      },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      _entities: [{ id: "loanpro:7", displayName: "Grace Hopper" }, null],
    });
  });

  it("rejects an impossible LocalDate as a top-level error without echoing it", async () => {
    const result = await stack.graphql(UPDATE, {
      input: { id: "loanpro:7", birthDate: "2023-02-29" },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(result.body.errors?.[0].message).toBe(
      'Variable "$input" got an invalid value at "input.birthDate". LocalDate must be a real calendar date written as YYYY-MM-DD.',
    );
    expect(result.raw).not.toContain("2023-02-29");
    expect(source.updates).toEqual([]);
  });

  it("does not echo a wrongly typed government id number in the coercion error", async () => {
    const result = await stack.graphql(UPDATE, {
      input: { id: "loanpro:7", governmentId: { type: "SSN", number: 900112222 } },
    });
    expect(result.status).toBe(400);
    expect(result.raw).not.toContain("900112222");
    expect(source.updates).toEqual([]);
  });

  it("does not echo a wrongly typed literal in the validation error", async () => {
    const result = await stack.graphql(
      'mutation { updateCustomer(input: { id: "loanpro:7", birthDate: "1999-99-99" }) { userErrors { code } } }',
    );
    expect(result.body.errors?.[0].message).not.toContain("1999-99-99");
    expect(result.raw).not.toContain("1999-99-99");
  });
});
