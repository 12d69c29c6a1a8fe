/**
 * No input value inside any error (docs/architecture.md#the-error-border), end to end over HTTP
 * with the LoanPro simulator and stack traces on (`npm start` sets no NODE_ENV): every wrongly
 * typed value, written as a literal or sent as a variable, is answered by a message that names the
 * place and the expected type, and the rejected value is nowhere in the raw response.
 */
import { useSimulatorStack, type GraphQLResult } from "./harness.js";

const UPDATE = `mutation Update($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { id } userErrors { field code } }
}`;
const LIST = `query List($first: Int) { customers(first: $first) { edges { cursor } } }`;
const READ = `query Read($id: ID!) { customer(id: $id) { id } }`;

interface Case {
  name: string;
  /** The value as GraphQL literal text, inside `updateCustomer(input: { id: …, <here> })`. */
  literal: string;
  /** The same value inside `$input`. */
  variable: Record<string, unknown>;
  sentinel: string;
  /** Where the value sits: named by both messages. */
  place: string;
  /** The type the schema expects there. */
  expected: string;
}

const INPUT_CASES: Case[] = [
  {
    name: "an SSN given as a number where a String is expected",
    literal: "governmentId: { type: SSN, number: 900123456 }",
    variable: { governmentId: { type: "SSN", number: 900123456 } },
    sentinel: "900123456",
    place: "input.governmentId.number",
    expected: "String!",
  },
  {
    name: "an unknown enum value",
    literal: "status: FOOBARSECRET",
    variable: { status: "FOOBARSECRET" },
    sentinel: "FOOBARSECRET",
    place: "input.status",
    expected: "CustomerStatus",
  },
  {
    name: "a string where a Float is expected",
    literal: 'creditLimit: "SECRETX"',
    variable: { creditLimit: "SECRETX" },
    sentinel: "SECRETX",
    place: "input.creditLimit",
    expected: "Float",
  },
  {
    name: "a string where a Boolean is expected",
    literal: 'ofacMatch: "BOOLSECRET"',
    variable: { ofacMatch: "BOOLSECRET" },
    sentinel: "BOOLSECRET",
    place: "input.ofacMatch",
    expected: "Boolean",
  },
  {
    name: "a LocalDate of the wrong shape",
    literal: 'birthDate: "DATE-SECRET-7"',
    variable: { birthDate: "DATE-SECRET-7" },
    sentinel: "DATE-SECRET-7",
    place: "input.birthDate",
    expected: "LocalDate",
  },
  {
    name: "a LocalDate that is not a string",
    literal: "birthDate: 19900315",
    variable: { birthDate: 19900315 },
    sentinel: "19900315",
    place: "input.birthDate",
    expected: "LocalDate",
  },
  {
    name: "a number in a nested input object",
    literal: "defaultContact: { billingAddress: { postalCode: 84101777 } }",
    variable: { defaultContact: { billingAddress: { postalCode: 84101777 } } },
    sentinel: "84101777",
    place: "input.defaultContact.billingAddress.postalCode",
    expected: "String",
  },
  {
    name: "a list where a Float is expected",
    literal: 'creditLimit: [12.5, "LISTSECRET"]',
    variable: { creditLimit: [12.5, "LISTSECRET"] },
    sentinel: "LISTSECRET",
    place: "input.creditLimit",
    expected: "Float",
  },
  {
    name: "a list where an input object is expected",
    literal: 'governmentId: [{ type: SSN, number: "900-44-1212" }]',
    variable: { governmentId: [{ type: "SSN", number: "900-44-1212" }] },
    sentinel: "900-44-1212",
    place: "input.governmentId",
    expected: "GovernmentIdInput",
  },
  {
    name: "a required field left out next to a secret",
    literal: 'governmentId: { number: "900-66-3434" }',
    variable: { governmentId: { number: "900-66-3434" } },
    sentinel: "900-66-3434",
    place: "input.governmentId",
    expected: "GovernmentIdInput",
  },
];

describe("no input value in any error", () => {
  const sim = useSimulatorStack({
    loanpro: { token: "lp-token-no-echo", instanceId: "lp-5" },
    simpay: false,
  });

  /** One top-level error, no value, no stack trace, no provider call. */
  function expectRejectedWithoutEcho(result: GraphQLResult, sentinel: string): string {
    expect(result.status).toBe(400);
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors).toHaveLength(1);
    const [error] = result.body.errors!;
    expect(error.extensions?.stacktrace).toBeUndefined();
    expect(result.raw).not.toContain(sentinel);
    expect(sim.loanpro.requests).toEqual([]);
    return error.message;
  }

  it.each(INPUT_CASES)("$name, as a literal", async ({ literal, sentinel, place, expected }) => {
    const result = await sim.stack.graphql(
      `mutation { updateCustomer(input: { id: "loanpro:1001", ${literal} }) { userErrors { code } } }`,
    );
    const message = expectRejectedWithoutEcho(result, sentinel);
    expect(result.body.errors?.[0].extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(message).toContain('Argument "input" of field "Mutation.updateCustomer" is invalid');
    expect(message).toContain(`at "${place}": expected a value of type "${expected}".`);
  });

  it.each(INPUT_CASES)("$name, as a variable", async ({ variable, sentinel, place, expected }) => {
    const result = await sim.stack.graphql(UPDATE, { input: { id: "loanpro:1001", ...variable } });
    const message = expectRejectedWithoutEcho(result, sentinel);
    expect(result.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(message).toMatch(
      `Variable "$input" is invalid at "${place}": expected a value of type "${expected}".`,
    );
  });

  it("keeps our LocalDate sentence, which says what is wrong without the value", async () => {
    const literal = await sim.stack.graphql(
      'mutation { updateCustomer(input: { id: "loanpro:1001", birthDate: "DATE-SECRET-8" }) { userErrors { code } } }',
    );
    const variable = await sim.stack.graphql(UPDATE, {
      input: { id: "loanpro:1001", birthDate: "DATE-SECRET-8" },
    });
    for (const result of [literal, variable]) {
      expect(expectRejectedWithoutEcho(result, "DATE-SECRET-8")).toMatch(
        /LocalDate must be a string written as YYYY-MM-DD\.$/,
      );
    }
  });

  it("names the required field an object literal leaves out, from the schema", async () => {
    const result = await sim.stack.graphql(
      'mutation { updateCustomer(input: { id: "loanpro:1001", governmentId: { number: "900-66-3434" } }) { userErrors { code } } }',
    );
    expect(expectRejectedWithoutEcho(result, "900-66-3434")).toMatch(/Required: "type"\.$/);
  });

  it("does not repeat a field name the input type does not define", async () => {
    const literal = await sim.stack.graphql(
      'mutation { updateCustomer(input: { id: "loanpro:1001", ssn900SECRETNAME: "x" }) { userErrors { code } } }',
    );
    const variable = await sim.stack.graphql(UPDATE, {
      input: { id: "loanpro:1001", "900-SECRET-KEY": "x" },
    });
    expect(expectRejectedWithoutEcho(literal, "SECRETNAME")).toBe(
      'Argument "input" of field "Mutation.updateCustomer" is invalid: expected a value of type "UpdateCustomerInput". It holds a field that "UpdateCustomerInput" does not define.',
    );
    expect(expectRejectedWithoutEcho(variable, "900-SECRET-KEY")).toBe(
      'Variable "$input" is invalid: expected a value of type "UpdateCustomerInput!".',
    );
  });

  it("does not echo a wrong Int, as a literal or a variable", async () => {
    const literal = await sim.stack.graphql(
      '{ customers(first: "77SECRET1") { edges { cursor } } }',
    );
    const variable = await sim.stack.graphql(LIST, { first: "77SECRET1" });
    // As a variable: a literal this big is refused first by the cost limit (src/security).
    const tooBig = await sim.stack.graphql(LIST, { first: 98765432101 });
    expect(expectRejectedWithoutEcho(literal, "77SECRET1")).toBe(
      'Argument "first" of field "Query.customers" is invalid: expected a value of type "Int".',
    );
    for (const [result, sentinel] of [
      [variable, "77SECRET1"],
      [tooBig, "98765432101"],
    ] as const) {
      expect(expectRejectedWithoutEcho(result, sentinel)).toBe(
        'Variable "$first" is invalid: expected a value of type "Int".',
      );
    }
  });

  it("does not echo a wrong ID, as a literal or a variable", async () => {
    const literal = await sim.stack.graphql("{ customer(id: 9001.23456) { id } }");
    const variable = await sim.stack.graphql(READ, { id: { nested: "IDSECRET" } });
    expect(expectRejectedWithoutEcho(literal, "9001.23456")).toBe(
      'Argument "id" of field "Query.customer" is invalid: expected a value of type "ID!".',
    );
    expect(expectRejectedWithoutEcho(variable, "IDSECRET")).toBe(
      'Variable "$id" is invalid: expected a value of type "ID!".',
    );
  });

  it("does not echo a wrong directive argument or variable default", async () => {
    const directive = await sim.stack.graphql(
      '{ customer(id: "loanpro:1001") @include(if: "DIRSECRET") { id } }',
    );
    const defaultValue = await sim.stack.graphql(
      "query($id: ID = 55.5123) { customer(id: $id) { id } }",
    );
    expect(expectRejectedWithoutEcho(directive, "DIRSECRET")).toBe(
      'Argument "if" of directive "@include" is invalid: expected a value of type "Boolean!".',
    );
    expect(expectRejectedWithoutEcho(defaultValue, "55.5123")).toBe(
      'The default value of variable "$id" is invalid: expected a value of type "ID".',
    );
  });

  it("keeps a message that is not about a value as it is", async () => {
    const result = await sim.stack.graphql('{ customer(id: "loanpro:1001") { nope } }');
    expect(result.body.errors?.[0].message).toBe('Cannot query field "nope" on type "Customer".');
  });
});
