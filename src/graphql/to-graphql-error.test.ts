import { buildSchema, GraphQLError, parse, validate, type GraphQLFormattedError } from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { createLogger } from "../observability/logger.js";
import { isLocalDate, LocalDateScalar, SCALAR_MESSAGES } from "./scalars.js";
import { createFormatError } from "./to-graphql-error.js";
import { INVALID_VALUE_MESSAGE, valueErrorMessage } from "./value-error-message.js";

const SECRET = "900123456";

const schema = buildSchema(`
  enum Kind { SSN SIN }
  input IdIn { type: Kind!, number: String! }
  input In { id: ID!, limit: Float, flag: Boolean, kind: Kind, gov: IdIn, tags: [IdIn!] }
  type Query { find(input: In!, first: Int): String }
`);

/** The first validation error of a document, as graphql-js reports it. */
function literalError(query: string): GraphQLError {
  const errors = validate(schema, parse(query));
  expect(errors.length).toBeGreaterThan(0);
  return errors[0];
}

/** A variable coercion error, marked the way Apollo Server marks it. */
function variableError(query: string, value: unknown): GraphQLError {
  const operation = parse(query).definitions[0];
  if (operation.kind !== "OperationDefinition") throw new Error("not an operation");
  const result = getVariableValues(schema, operation.variableDefinitions ?? [], { input: value });
  expect(result.errors?.length).toBeGreaterThan(0);
  const error = result.errors![0];
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { code: "BAD_USER_INPUT" },
  });
}

const VARIABLE_QUERY = "query($input: In!) { find(input: $input) }";

describe("valueErrorMessage for literals", () => {
  it.each([
    [
      `{ find(input: { id: "1", gov: { type: SSN, number: ${SECRET} } }) }`,
      'Argument "input" of field "Query.find" is invalid at "input.gov.number": expected a value of type "String!".',
    ],
    [
      `{ find(input: { id: "1", kind: S${SECRET} }) }`,
      'Argument "input" of field "Query.find" is invalid at "input.kind": expected a value of type "Kind".',
    ],
    [
      `{ find(input: { id: "1", limit: "${SECRET}" }) }`,
      'Argument "input" of field "Query.find" is invalid at "input.limit": expected a value of type "Float".',
    ],
    [
      `{ find(input: { id: "1", flag: "${SECRET}" }) }`,
      'Argument "input" of field "Query.find" is invalid at "input.flag": expected a value of type "Boolean".',
    ],
    [
      `{ find(input: { id: "1", limit: [${SECRET}] }) }`,
      'Argument "input" of field "Query.find" is invalid at "input.limit": expected a value of type "Float".',
    ],
    [
      `{ find(input: { id: "1", tags: [{ type: SSN, number: "1" }, { type: SSN, number: ${SECRET} }] }) }`,
      'Argument "input" of field "Query.find" is invalid at "input.tags[1].number": expected a value of type "String!".',
    ],
    [
      `{ find(input: { id: "1" }, first: "${SECRET}") }`,
      'Argument "first" of field "Query.find" is invalid: expected a value of type "Int".',
    ],
    [
      `{ find(input: { id: "1" }) @include(if: "${SECRET}") }`,
      'Argument "if" of directive "@include" is invalid: expected a value of type "Boolean!".',
    ],
    [
      `query($x: Float = "${SECRET}") { find(input: { id: "1", limit: $x }) }`,
      'The default value of variable "$x" is invalid: expected a value of type "Float".',
    ],
  ])("names the place and the type of %s, not the value", (query, message) => {
    const result = valueErrorMessage(literalError(query), schema);
    expect(result).toBe(message);
    expect(result).not.toContain(SECRET);
  });

  it("names the required fields an object leaves out, from the schema", () => {
    const error = literalError(`{ find(input: { id: "1", gov: { number: "${SECRET}" } }) }`);
    expect(valueErrorMessage(error, schema)).toBe(
      'Argument "input" of field "Query.find" is invalid at "input.gov": expected a value of type "IdIn". Required: "type".',
    );
  });

  it("names the object, not the caller's name, for a field the type does not define", () => {
    const error = literalError(
      `{ find(input: { id: "1", gov: { type: SSN, number: "1", x${SECRET}: 1 } }) }`,
    );
    const message = valueErrorMessage(error, schema);
    expect(message).toBe(
      'Argument "input" of field "Query.find" is invalid at "input.gov": expected a value of type "IdIn". It holds a field that "IdIn" does not define.',
    );
  });

  it("keeps our scalar's fixed sentence", () => {
    const local = buildSchema("scalar LocalDate type Query { at(day: LocalDate): String }");
    Object.assign(local.getType("LocalDate")!, {
      parseLiteral: LocalDateScalar.parseLiteral,
      parseValue: LocalDateScalar.parseValue,
    });
    const error = validate(local, parse(`{ at(day: ${SECRET}) }`))[0];
    expect(valueErrorMessage(error, local)).toBe(
      `Argument "day" of field "Query.at" is invalid: expected a value of type "LocalDate". ${SCALAR_MESSAGES.localDateInput}`,
    );
  });

  it("says only that a value is invalid without the schema", () => {
    const error = literalError(`{ find(input: { id: "1", limit: "${SECRET}" }) }`);
    expect(valueErrorMessage(error, undefined)).toBe(INVALID_VALUE_MESSAGE);
  });

  it("leaves errors that are not about a value alone", () => {
    expect(valueErrorMessage(literalError('{ nope(id: "1") }'), schema)).toBeUndefined();
    expect(valueErrorMessage(new GraphQLError("Cannot query field"), schema)).toBeUndefined();
  });
});

describe("valueErrorMessage for variables", () => {
  it.each([
    [{ id: "1", gov: { type: "SSN", number: Number(SECRET) } }, '"input.gov.number"', '"String!"'],
    [{ id: "1", kind: `S${SECRET}` }, '"input.kind"', '"Kind"'],
    [{ id: "1", limit: SECRET }, '"input.limit"', '"Float"'],
    [{ id: "1", flag: SECRET }, '"input.flag"', '"Boolean"'],
    [{ id: "1", tags: [{ type: "SSN", number: SECRET }, null] }, '"input.tags[1]"', '"IdIn!"'],
    [
      { id: "1", gov: { type: "SSN", number: "1", [`k at "input.id"; ${SECRET}`]: 1 } },
      '"input.gov"',
      '"IdIn"',
    ],
  ])("names the path and the type, never the value (%#)", (value, path, type) => {
    const message = valueErrorMessage(variableError(VARIABLE_QUERY, value), schema);
    expect(message).toBe(
      `Variable "$input" is invalid at ${path}: expected a value of type ${type}.`,
    );
    expect(message).not.toContain(SECRET);
  });

  it("names the variable and its type when the value itself is wrong", () => {
    const message = valueErrorMessage(variableError(VARIABLE_QUERY, SECRET), schema);
    expect(message).toBe('Variable "$input" is invalid: expected a value of type "In!".');
  });
});

describe("createFormatError", () => {
  const formatError = createFormatError(createLogger({ level: "silent" }), schema);

  it("rewrites a value error and drops its stack trace", () => {
    const error = literalError(`{ find(input: { id: "1", limit: "${SECRET}" }) }`);
    const formatted: GraphQLFormattedError = {
      ...error.toJSON(),
      extensions: { code: "GRAPHQL_VALIDATION_FAILED", stacktrace: [error.message] },
    };
    const result = formatError(formatted, error);
    expect(result.extensions).toEqual({ code: "GRAPHQL_VALIDATION_FAILED" });
    expect(result.locations).toEqual(formatted.locations);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it("keeps another GraphQL error as it is", () => {
    const error = literalError('{ nope(id: "1") }');
    const formatted = { ...error.toJSON(), extensions: { stacktrace: ["x"] } };
    expect(formatError(formatted, error)).toBe(formatted);
  });
});

describe("isLocalDate", () => {
  it("accepts real calendar dates, including 29 February of a leap year", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("1988-04-12")).toBe(true);
  });

  it("rejects impossible dates and other formats", () => {
    for (const value of ["2023-02-29", "2020-13-01", "2020-04-31", "20200101", "2020-1-01"]) {
      expect(isLocalDate(value)).toBe(false);
    }
  });

  it("reads years before 100 as they are written", () => {
    expect(isLocalDate("0000-02-29")).toBe(true); // year 0 is a leap year, 1900 is not
    expect(isLocalDate("0100-02-29")).toBe(false);
  });
});

describe("LocalDate input", () => {
  it("accepts any string of the shape YYYY-MM-DD and leaves the calendar to the input class", () => {
    expect(LocalDateScalar.parseValue("1990-02-30")).toBe("1990-02-30");
  });

  it("rejects another shape or a non-string with a sentence that does not quote it", () => {
    for (const value of ["1990-2-3", "19900203", 19900203, null]) {
      expect(() => LocalDateScalar.parseValue(value)).toThrow(SCALAR_MESSAGES.localDateInput);
    }
  });

  it("still serialises only real calendar dates", () => {
    expect(() => LocalDateScalar.serialize("1990-02-30")).toThrow(SCALAR_MESSAGES.localDate);
    expect(LocalDateScalar.serialize("1990-02-28")).toBe("1990-02-28");
  });
});
