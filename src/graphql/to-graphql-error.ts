/**
 * THE one border where errors leave the service (docs/architecture.md): a DomainError becomes a
 * GraphQL error with `extensions: { code, provider, retryable }`; GraphQL's own errors (syntax,
 * validation) pass as they are, except those about an input value, which get a fixed message
 * without the value (`value-error-message.ts`); anything else is unexpected, logged (name and
 * message only, never an HTTP client error or a body) and masked.
 */
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { DomainError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import { valueErrorMessage } from "./value-error-message.js";

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

/** Apollo's `formatError`: every error of every response goes through here. */
export function createFormatError(
  logger: Logger,
  /** Names the place of a rejected value; without it, such errors get a fixed sentence only. */
  schema?: GraphQLSchema,
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
      const message = valueErrorMessage(original, schema);
      if (message === undefined) return formatted;
      // No stack trace at all: its first line repeats the original message, value included.
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, message, extensions };
    }
    logger.error({ ...describeUnexpected(original), path: formatted.path }, "unexpected error");
    return {
      message: UNEXPECTED_ERROR_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      // Like every top-level error: which provider (none known) and whether to retry (no: an
      // unexpected failure is not known to pass, and a mutation's write may have happened).
      extensions: { code: "INTERNAL_SERVER_ERROR", provider: null, retryable: false },
    };
  };
}
