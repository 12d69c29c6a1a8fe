/**
 * The one error border (docs/architecture.md#the-error-border), checked with sentinels: no provider
 * response body, no input value, no stack trace in production, unexpected errors masked and logged
 * without secrets, and a body that is not JSON answered as JSON without echoing it.
 */
import { CustomerSources } from "../../src/providers/registry.js";
import { FakeCustomerSource, sampleCustomer } from "../integration/fake-customer-source.js";
import { startStack, type TestStack } from "../integration/harness.js";
import { startSecurityStack, type SecurityStack } from "./security-stack.js";

const BODY_SENTINEL = "SENTINEL-BODY-900-55-1234";
const INPUT_SENTINEL = "900771234";
/** Short: Node quotes only the first characters of the text JSON.parse failed on. */
const PARSE_SENTINEL = "ZQ8813";
const READ = `query Read($id: ID!) { customer(id: $id) { id displayName } }`;
const UPDATE = `mutation Update($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { id } userErrors { field message code } }
}`;

type ResponseErrors = Array<{ message: string; extensions?: Record<string, unknown> }>;

function stackTraces(errors: ResponseErrors | undefined): unknown[] {
  return (errors ?? []).map((error) => error.extensions?.stacktrace).filter(Boolean);
}

describe("the error border against the simulators in production", () => {
  let security: SecurityStack;

  beforeAll(async () => {
    security = await startSecurityStack({ NODE_ENV: "production", UPSTREAM_READ_ATTEMPTS: "1" });
  });
  afterAll(() => security.close());

  it("reports a provider failure with code, provider and retryable, never its body", async () => {
    security.loanpro.inject({
      method: "GET",
      path: "Customers",
      status: 503,
      body: { error: { message: `database down for ${BODY_SENTINEL}` } },
    });
    const result = await security.stack.graphql(READ, { id: "loanpro:1001" });
    expect(result.body.errors?.[0].extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: "LOANPRO",
      retryable: true,
    });
    expect(result.raw).not.toContain(BODY_SENTINEL);
    expect(security.stack.logLines.join("")).not.toContain(BODY_SENTINEL);
  });

  it("does not echo an input value a provider quotes in its rejection", async () => {
    security.loanpro.inject({
      method: "PUT",
      status: 400,
      body: { error: { message: `Invalid SSN ${INPUT_SENTINEL}`, type: "InvalidArgument" } },
    });
    const result = await security.stack.graphql(UPDATE, {
      input: { id: "loanpro:1001", governmentId: { type: "SSN", number: INPUT_SENTINEL } },
    });
    expect(result.body.data).toEqual({
      updateCustomer: {
        customer: null,
        userErrors: [
          { field: ["input"], message: expect.any(String), code: "REJECTED_BY_PROVIDER" },
        ],
      },
    });
    expect(result.raw).not.toContain(INPUT_SENTINEL);
    expect(security.stack.logLines.join("")).not.toContain(INPUT_SENTINEL);
  });

  it("sends no stack trace for a GraphQL error in production", async () => {
    const syntax = await security.stack.graphql("{ customer(id: ");
    const validation = await security.stack.graphql("{ nope }");
    expect(syntax.body.errors?.[0].extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    expect(validation.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(stackTraces(syntax.body.errors)).toEqual([]);
    expect(stackTraces(validation.body.errors)).toEqual([]);
  });

  it("answers a body that is not JSON with a JSON 400 that neither echoes it nor traces", async () => {
    const response = await fetch(`${security.stack.origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query": "{ __typename }", "ssn": ${BODY_SENTINEL}`,
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual({
      errors: [
        { message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } },
      ],
    });
    expect(security.stack.logLines.join("")).not.toContain(BODY_SENTINEL);
  });
});

describe("the error border for an unexpected error", () => {
  let stack: TestStack;
  let source: FakeCustomerSource;

  beforeAll(async () => {
    source = new FakeCustomerSource("LOANPRO");
    source.customers.set("7", sampleCustomer("LOANPRO", "7"));
    stack = await startStack({
      sources: new CustomerSources([source]),
      env: { NODE_ENV: "production" },
    });
  });
  afterAll(() => stack.close());

  it("masks it as INTERNAL_SERVER_ERROR without a stack trace and logs its name", async () => {
    source.failure = new RangeError(`internal detail ${BODY_SENTINEL}`);
    const result = await stack.graphql(READ, { id: "loanpro:7" });
    expect(result.body.errors).toEqual([
      {
        message: "Unexpected error.",
        locations: expect.any(Array),
        path: ["customer"],
        extensions: { code: "INTERNAL_SERVER_ERROR", provider: null, retryable: false },
      },
    ]);
    expect(result.raw).not.toContain(BODY_SENTINEL);
    expect(stack.logLines.join("")).toContain('"errorName":"RangeError"');
  });

  it("does not log the text a JSON.parse error quotes", async () => {
    let parseError: unknown;
    try {
      JSON.parse(`{"a":${PARSE_SENTINEL}}`);
    } catch (error) {
      parseError = error;
    }
    expect(String(parseError)).toContain(PARSE_SENTINEL);
    source.failure = parseError as Error;
    const result = await stack.graphql(READ, { id: "loanpro:7" });
    expect(result.body.errors?.[0].message).toBe("Unexpected error.");
    const logs = stack.logLines.join("");
    expect(logs).toContain('"errorName":"SyntaxError"');
    expect(logs).not.toContain(PARSE_SENTINEL);
  });
});
