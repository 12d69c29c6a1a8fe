/**
 * The two date scalars of the public schema (`LocalDate`, `DateTime`). Written here rather than
 * taken from graphql-scalars because its LocalDate error messages quote the rejected value, and
 * ours never echo input.
 */
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from "graphql";
import type { Maybe } from "graphql/jsutils/Maybe";
import type { ObjMap } from "graphql/jsutils/ObjMap";
import { GraphQLJSON } from "graphql-scalars";

/** Our scalars' messages: fixed sentences, safe to return (they never quote the value). */
export const SCALAR_MESSAGES = {
  localDate: "LocalDate must be a real calendar date written as YYYY-MM-DD.",
  localDateInput: "LocalDate must be a string written as YYYY-MM-DD.",
  dateTimeOutput: "DateTime cannot represent this value.",
  dateTimeInput: "DateTime must be an ISO 8601 date-time string.",
  jsonInput: "JSON must be a JSON value: an object, list, string, number, boolean or null.",
} as const;

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether "YYYY-MM-DD" names a real calendar day (rejects 2021-02-29, 2020-13-01). */
export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Output: only a real calendar date leaves the service. */
function serializeLocalDate(value: unknown): string {
  if (typeof value !== "string" || !isLocalDate(value)) {
    throw new GraphQLError(SCALAR_MESSAGES.localDate);
  }
  return value;
}

/**
 * Input: the shape only. Whether it is a real day (1990-02-30) is the input class's rule
 * (update-customer.input.ts), so that finding comes back as a userError, not a top-level error.
 */
function parseLocalDate(value: unknown, node?: ValueNode): string {
  if (typeof value !== "string" || !LOCAL_DATE_PATTERN.test(value)) {
    throw new GraphQLError(SCALAR_MESSAGES.localDateInput, node ? { nodes: node } : undefined);
  }
  return value;
}

export const LocalDateScalar = new GraphQLScalarType({
  name: "LocalDate",
  description: 'A calendar date without time zone, "YYYY-MM-DD", e.g. "1984-03-07".',
  serialize: serializeLocalDate,
  parseValue: (value) => parseLocalDate(value),
  parseLiteral(node) {
    // The node, not its text: the error border names the place from it, never the value.
    return parseLocalDate(node.kind === Kind.STRING ? node.value : undefined, node);
  },
});

function serializeDateTime(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(SCALAR_MESSAGES.dateTimeOutput);
  }
  return date.toISOString();
}

function parseDateTime(value: unknown): Date {
  const date = typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    throw new GraphQLError(SCALAR_MESSAGES.dateTimeInput);
  }
  return date;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: 'An instant in ISO 8601, always UTC on output: "2024-05-01T12:30:00.000Z".',
  serialize: serializeDateTime,
  parseValue: parseDateTime,
  parseLiteral(node) {
    if (node.kind !== Kind.STRING) {
      throw new GraphQLError(SCALAR_MESSAGES.dateTimeInput);
    }
    return parseDateTime(node.value);
  },
});

const JSON_CONFIG = GraphQLJSON.toConfig();

/** JSON literals: graphql-scalars' parser, but an enum literal (not JSON) is refused in words. */
function parseJsonLiteral(node: ValueNode, variables?: Maybe<ObjMap<unknown>>): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, parseJsonLiteral(field.value, variables)]),
      );
    case Kind.LIST:
      return node.values.map((value) => parseJsonLiteral(value, variables));
    case Kind.ENUM:
      // graphql-scalars answers undefined here, and graphql-js then quotes the literal.
      throw new GraphQLError(SCALAR_MESSAGES.jsonInput, { nodes: node });
    default:
      return JSON_CONFIG.parseLiteral(node, variables);
  }
}

/**
 * Request bodies and before/after values of a plan: graphql-scalars' JSON (ECMA-404 values), with
 * a literal parser whose only error is a fixed sentence. Values are served as they are.
 */
export const JSONScalar = new GraphQLScalarType({
  ...JSON_CONFIG,
  description: "Any JSON value (ECMA-404): an object, array, string, number, boolean or null.",
  parseLiteral: parseJsonLiteral,
});
