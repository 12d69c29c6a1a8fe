/**
 * THE one border where errors leave the service (architecture.md, Principle 4): a DomainError
 * becomes a GraphQL error with `extensions: { code, provider, retryable }`; GraphQL's own errors
 * (syntax, validation, variable coercion) pass as they are; anything else is unexpected, logged
 * (name and message only, never an HTTP client error or a body) and masked.
 */
import type { GraphQLFormattedError } from "graphql";
import { GraphQLError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import { SCALAR_MESSAGES } from "./scalars.js";

export const UNEXPECTED_ERROR_MESSAGE = "Unexpected error.";

export function domainErrorExtensions(error: DomainError): Record<string, unknown> {
  return {
    code: error.code,
    provider: error.provider,
    retryable: error.retryable,
    ...(error.writeOutcome ? { writeOutcome: error.writeOutcome } : {}),
  };
}

/** What is safe to log about an unexpected error: an axios error's message may carry a URL with ids. */
function describeUnexpected(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const isHttpClientError = (error as { isAxiosError?: boolean }).isAxiosError === true;
    // Node's JSON.parse messages quote the text they failed on, which may be a provider body.
    return isHttpClientError || error instanceof SyntaxError
      ? { errorName: error.name, errorCode: (error as { code?: string }).code }
      : { errorName: error.name, errorMessage: error.message };
  }
  return { errorName: typeof error };
}

const SAFE_MESSAGES: ReadonlySet<string> = new Set(Object.values(SCALAR_MESSAGES));
const VARIABLE_VALUE_ECHO =
  /^Variable "(\$[A-Za-z_]\w*)" got invalid value [\s\S]*?(?: at "([^"]*)")?; /;
const LITERAL_VALUE_ECHO = /^Expected value of type ("[^"]+"), found /;

/**
 * graphql-js quotes the offending value in variable-coercion and literal errors ("got invalid
 * value 900112222 at ..."); a rejected value is never echoed (product.md, Rules), so those
 * messages are rewritten to name the place only, keeping our scalars' fixed sentences.
 */
export function withoutEchoedValue(message: string, original: unknown): string {
  const cause = original instanceof GraphQLError ? original.originalError : undefined;
  const safeDetail = cause && SAFE_MESSAGES.has(cause.message) ? ` ${cause.message}` : "";
  const variable = VARIABLE_VALUE_ECHO.exec(message);
  if (variable) {
    const where = variable[2] ? ` at "${variable[2]}"` : "";
    return `Variable "${variable[1]}" got an invalid value${where}.${safeDetail}`;
  }
  const literal = LITERAL_VALUE_ECHO.exec(message);
  if (literal) return `Expected a value of type ${literal[1]}.${safeDetail}`;
  return message;
}

/** For resolvers that must throw a GraphQLError themselves. */
export function toGraphQLError(error: unknown, logger: Logger): GraphQLError {
  if (error instanceof DomainError) {
    return new GraphQLError(error.message, { extensions: domainErrorExtensions(error) });
  }
  if (error instanceof GraphQLError) return error;
  logger.error(describeUnexpected(error), "unexpected error");
  return new GraphQLError(UNEXPECTED_ERROR_MESSAGE, {
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  });
}

/** Apollo's `formatError`: every error of every response goes through here. */
export function createFormatError(
  logger: Logger,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: domainErrorExtensions(original),
      };
    }
    if (original instanceof GraphQLError) {
      const message = withoutEchoedValue(formatted.message, original);
      if (message === formatted.message) return formatted;
      // The stack trace's first line repeats the original message, value included.
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message, extensions };
    }
    logger.error({ ...describeUnexpected(original), path: formatted.path }, "unexpected error");
    return {
      message: UNEXPECTED_ERROR_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
