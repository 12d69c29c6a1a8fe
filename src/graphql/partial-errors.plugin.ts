/**
 * Adds the request's partial errors (`GraphQLContext.partialErrors`) to the response's `errors`.
 *
 * graphql-js cannot return data AND an error for the same field, so a resolver that keeps data
 * (the `customers` page of the provider that answered) records the failure instead, with its
 * response path, and this plugin appends it just before the response is sent. Each goes through
 * the same border as every other error (`createFormatError`): `extensions { code, provider,
 * retryable }`, the domain error's fixed message, nothing of the provider's answer.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "../observability/logger.js";
import type { GraphQLContext, PartialError } from "./context.js";
import { createFormatError } from "./to-graphql-error.js";

export function formatPartialErrors(
  partialErrors: readonly PartialError[],
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): GraphQLFormattedError[] {
  return partialErrors.map(({ path, error }) => {
    // With a path and an originalError, `unwrapResolverError` hands the DomainError to the border.
    const graphQLError = new GraphQLError(error.message, { path, originalError: error });
    return formatError(graphQLError.toJSON(), graphQLError);
  });
}

export function partialErrorsPlugin(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  const formatError = createFormatError(logger);
  return {
    async requestDidStart() {
      return {
        // Synchronous up to the end, so plugins registered after this one (the access log) see
        // the complete `errors`.
        async willSendResponse({ contextValue, response }) {
          const { entries } = contextValue.partialErrors;
          if (entries.length === 0) return;
          const formatted = formatPartialErrors(entries, formatError);
          const body = response.body;
          if (body.kind === "single") {
            body.singleResult.errors = [...(body.singleResult.errors ?? []), ...formatted];
          } else {
            body.initialResult.errors = [...(body.initialResult.errors ?? []), ...formatted];
          }
        },
      };
    },
  };
}
