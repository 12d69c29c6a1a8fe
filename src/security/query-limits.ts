/**
 * GraphQL Armor for Apollo Server (docs/architecture.md#query-limits): depth, cost, aliases,
 * directives and tokens are checked while parsing and validating, so an over-limit operation is
 * rejected before any resolver runs and before any provider call.
 *
 * Measured with Armor's own rules (fragments flattened, so a router's generated fragments and a
 * frontend's named fragments count like the fields they hold):
 * - depth: `customer {...}` every field 4; `updateCustomer { customer {...} }` 5; `_entities` 4;
 *   `customers(first:) { edges { node {...} } }` 6. Default limit 7.
 * - cost (objectCost 2, scalarCost 1, depth factor 1.5): every field of one customer about 200;
 *   `updateCustomer` with every field 310; `customers(first: 100)` with every field 46,288
 *   (Armor multiplies by a literal `first`). Default limit 50,000.
 * - tokens: the full update mutation 129, Sandbox's introspection query under 200. Default 1,000.
 */
import { ApolloArmor } from "@escape.tech/graphql-armor";
import type { GraphQLArmorRejectCallback } from "@escape.tech/graphql-armor-types";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type ParseOptions, type ValidationRule } from "graphql";
import type { QueryLimitsConfig } from "../config.js";

export interface QueryLimitProtection {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** For ApolloServer's `parseOptions`: the token limit. */
  parseOptions: ParseOptions;
}

/** `extensions.queryLimit` on a rejection: which limit the operation exceeded. */
export type QueryLimitName = "DEPTH" | "COST" | "ALIASES" | "DIRECTIVES";

/**
 * Armor's own messages start with a misleading "Syntax Error: "; the rejection is reported as a
 * validation error (Apollo: 400, GRAPHQL_VALIDATION_FAILED) that also says which limit it was.
 */
function reportAs(limit: QueryLimitName): {
  propagateOnRejection: false;
  onReject: GraphQLArmorRejectCallback[];
} {
  return {
    propagateOnRejection: false,
    onReject: [
      (context, error) =>
        context?.reportError(
          new GraphQLError(error.message.replace(/^Syntax Error: /, ""), {
            extensions: { queryLimit: limit },
          }),
        ),
    ],
  };
}

export function createQueryLimits(
  limits: QueryLimitsConfig,
  options: { production: boolean },
): QueryLimitProtection {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...reportAs("DEPTH") },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...reportAs("COST") },
    maxAliases: { n: limits.maxAliases, ...reportAs("ALIASES") },
    maxDirectives: { n: limits.maxDirectives, ...reportAs("DIRECTIVES") },
    // Armor's Apollo token plugin throws from `parsingDidStart`, which Apollo answers as an
    // internal error (HTTP 500, logged as unexpected). graphql-js's own parser limit below is the
    // same lexer count and fails as a parse error (400, GRAPHQL_PARSE_FAILED).
    maxTokens: { enabled: false },
    // "Did you mean …" helps developers and maps the schema for attackers: production only.
    blockFieldSuggestion: { enabled: options.production },
  });
  // Only the plugins and rules: Armor's other answers (stack traces, batching) are set in
  // server.ts from our own configuration.
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
