/**
 * GraphQL Armor limits (docs/architecture.md#query-limits): the deepest legitimate operations pass;
 * one level, one alias, one directive or too many tokens over the limit are rejected before any
 * provider call.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, type OperationDefinitionNode } from "graphql";
import { CUSTOMER_FIELDS, CUSTOMER_QUERY, UPDATE_MUTATION } from "../integration/harness.js";
import { startSecurityStack, type SecurityStack } from "./security-stack.js";

const EXAMPLES_DIRECTORY = path.join(__dirname, "..", "..", "examples");

/** What a router sends for entities, with inline fragments and with generated named fragments. */
const GATEWAY_OPERATIONS = [
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { ${CUSTOMER_FIELDS} } } }`,
  `query($representations: [_Any!]!) { _entities(representations: $representations) { ..._generated_onCustomer1_0 } }
   fragment _generated_onCustomer1_0 on Customer { ${CUSTOMER_FIELDS} }`,
];

/** A list page of 100 with every field: the costliest legitimate shape. */
const LIST_PAGE = `query { customers(first: 100) { edges { cursor node { ${CUSTOMER_FIELDS} } } pageInfo { hasNextPage endCursor } totalCount } }`;

/** Every operation in examples/*.graphql, when the folder exists. */
function exampleOperations(): Array<{ name: string; document: string }> {
  if (!existsSync(EXAMPLES_DIRECTORY)) return [];
  return readdirSync(EXAMPLES_DIRECTORY)
    .filter((file) => file.endsWith(".graphql"))
    .flatMap((file) => {
      const document = readFileSync(path.join(EXAMPLES_DIRECTORY, file), "utf8");
      return parse(document)
        .definitions.filter(
          (definition): definition is OperationDefinitionNode =>
            definition.kind === "OperationDefinition",
        )
        .map((operation) => ({ name: operation.name?.value ?? file, document }));
    });
}

/** `__type { fields { type { ofType … { name } } } }` exactly `depth` levels deep (depth >= 5). */
function introspectionChain(depth: number): string {
  const ofTypes = depth - 4;
  return `__type(name: "Customer") { fields { type { ${"ofType { ".repeat(ofTypes)}name${" }".repeat(ofTypes)} } } }`;
}

const CUSTOMER_CALL = `customer(id: "loanpro:1001") { id }`;

interface LimitError {
  message: string;
  extensions?: Record<string, unknown>;
}

function isLimitRejection(error: LimitError): boolean {
  return (
    error.extensions?.queryLimit !== undefined || /more (than|that) \d+ tokens/.test(error.message)
  );
}

describe("query limits with the default configuration", () => {
  let security: SecurityStack;

  beforeAll(async () => {
    security = await startSecurityStack();
  });
  afterAll(() => security.close());
  beforeEach(() => security.forgetProviderCalls());

  it.each([
    ["read every customer field", CUSTOMER_QUERY],
    ["update and read back every field", UPDATE_MUTATION],
    ["_entities with an inline fragment", GATEWAY_OPERATIONS[0]],
    ["_entities with a generated named fragment", GATEWAY_OPERATIONS[1]],
    ["a list page of 100 with every field", LIST_PAGE],
  ])("lets the legitimate operation '%s' through every limit", async (_name, document) => {
    const result = await security.stack.graphql(document);
    expect((result.body.errors ?? []).filter(isLimitRejection)).toEqual([]);
  });

  it("lets every operation of examples/ through every limit", async () => {
    const examples = exampleOperations();
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const response = await fetch(`${security.stack.origin}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: example.document, operationName: example.name }),
      });
      const body = (await response.json()) as { errors?: LimitError[] };
      expect({
        example: example.name,
        rejections: (body.errors ?? []).filter(isLimitRejection),
      }).toEqual({ example: example.name, rejections: [] });
    }
  });

  it("accepts an operation exactly at the depth limit", async () => {
    const limit = security.stack.config.queryLimits.maxDepth;
    const result = await security.stack.graphql(`{ ${introspectionChain(limit)} }`);
    expect(result.body.errors).toBeUndefined();
  });

  it("rejects an operation one level deeper than the limit, calling no provider", async () => {
    const limit = security.stack.config.queryLimits.maxDepth;
    const result = await security.stack.graphql(
      `{ ${CUSTOMER_CALL} ${introspectionChain(limit + 1)} }`,
    );
    expect(result.status).toBe(400);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.[0]).toMatchObject({
      message: `Query depth limit of ${limit} exceeded, found ${limit + 1}.`,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", queryLimit: "DEPTH" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("rejects one alias over the limit, calling no provider", async () => {
    const limit = security.stack.config.queryLimits.maxAliases;
    const aliases = Array.from({ length: limit + 1 }, (_, index) => `c${index}: ${CUSTOMER_CALL}`);
    const result = await security.stack.graphql(`{ ${aliases.join(" ")} }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]).toMatchObject({
      message: `Aliases limit of ${limit} exceeded, found ${limit + 1}.`,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", queryLimit: "ALIASES" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("accepts aliases up to the limit", async () => {
    const limit = security.stack.config.queryLimits.maxAliases;
    const aliases = Array.from({ length: limit }, (_, index) => `a${index}: id`).join(" ");
    const result = await security.stack.graphql(`{ customer(id: "loanpro:1001") { ${aliases} } }`);
    expect(result.body.errors).toBeUndefined();
  });

  it("rejects one directive over the limit, calling no provider", async () => {
    const limit = security.stack.config.queryLimits.maxDirectives;
    const fields = Array.from({ length: limit + 1 }, () => "id @include(if: true)").join(" ");
    const result = await security.stack.graphql(`{ customer(id: "loanpro:1001") { ${fields} } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]).toMatchObject({
      message: `Directives limit of ${limit} exceeded, found ${limit + 1}.`,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", queryLimit: "DIRECTIVES" },
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("rejects a document with too many tokens while parsing, calling no provider", async () => {
    const limit = security.stack.config.queryLimits.maxTokens;
    const result = await security.stack.graphql(
      `{ customer(id: "loanpro:1001") { ${"id ".repeat(limit)} } }`,
    );
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: "GRAPHQL_PARSE_FAILED" });
    expect(result.body.errors?.[0].message).toMatch(/more (than|that) 1000 tokens/);
    expect(security.providerCalls()).toBe(0);
  });

  it("keeps field suggestions outside production", async () => {
    const result = await security.stack.graphql(`{ customer(id: "loanpro:1001") { displayNam } }`);
    expect(result.body.errors?.[0].message).toContain('Did you mean "displayName"?');
  });
});

describe("query limits in production with a lower cost limit", () => {
  let security: SecurityStack;

  beforeAll(async () => {
    security = await startSecurityStack({ NODE_ENV: "production", GRAPHQL_MAX_COST: "100" });
  });
  afterAll(() => security.close());

  it("rejects an operation over the configured cost, calling no provider", async () => {
    security.forgetProviderCalls();
    const result = await security.stack.graphql(CUSTOMER_QUERY, { id: "loanpro:1001" });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0].message).toMatch(/^Query Cost limit of 100 exceeded, found \d+/);
    expect(result.body.errors?.[0].extensions).toEqual({
      code: "GRAPHQL_VALIDATION_FAILED",
      queryLimit: "COST",
    });
    expect(security.providerCalls()).toBe(0);
  });

  it("hides field suggestions", async () => {
    const result = await security.stack.graphql(`{ customer(id: "loanpro:1001") { displayNam } }`);
    expect(result.body.errors?.[0].message).not.toContain("Did you mean");
    expect(result.body.errors?.[0].message).not.toContain('"displayName"');
  });
});
