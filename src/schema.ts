/**
 * type-graphql classes -> Federation 2 subgraph schema (docs/architecture.md#federation-glue).
 * Built once per process and memoised: never per request.
 */
import { buildSubgraphSchema, printSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import type { GraphQLSchema } from "graphql";
import gql from "graphql-tag";
import { buildSchema, createResolversMap } from "type-graphql";
import type { GraphQLContext } from "./graphql/context.js";
import {
  resolveCustomerReference,
  type CustomerRepresentation,
} from "./graphql/customer.reference.js";
import { CustomerResolver } from "./graphql/customer.resolver.js";
import { CustomerListResolver } from "./graphql/customer-list.resolver.js";
import { UpdatePlanResolver } from "./graphql/update-plan.resolver.js";
import { LinkedCustomersResolver } from "./graphql/linked-customers.resolver.js";
import { LinkedUpdateResolver } from "./graphql/linked-update.resolver.js";
import { CustomerObject } from "./graphql/customer.type.js";
import { guardEntities } from "./graphql/entities-guard.js";
import { requireScopes, scopeAuthChecker } from "./security/access-control.js";
import { READ_SCOPE } from "./security/caller.js";

/** The resolver map type @apollo/subgraph takes (it does not export the name from its root). */
type SubgraphResolverMap = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>["resolvers"]
>;

/**
 * v2.7: the federation line 2.14.x accepts v2.0 to v2.14
 * (docs/architecture.md#federation-glue).
 */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

async function buildSubgraph(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      CustomerResolver,
      CustomerListResolver,
      UpdatePlanResolver,
      LinkedCustomersResolver,
      LinkedUpdateResolver,
    ],
    orphanedTypes: [CustomerObject],
    // Validation runs inside updateCustomer so findings become userErrors
    // (docs/architecture.md#validation-inside-the-resolver).
    validate: false,
    skipCheck: true,
    // `@Authorized(scope)` fields: the caller verified before GraphQL ran needs the scope.
    authChecker: scopeAuthChecker,
  });
  const typeDefs = gql`
    ${FEDERATION_LINK}
    ${printSchemaWithDirectives(schema)}
  `;
  // type-graphql's map is structurally what @apollo/subgraph expects; only the typings differ.
  const resolvers = createResolversMap(schema) as unknown as SubgraphResolverMap;
  resolvers.Customer = {
    ...(resolvers.Customer as Record<string, unknown>),
    __resolveReference: async (representation: CustomerRepresentation, context: GraphQLContext) => {
      // No decorator reaches __resolveReference: `_entities` needs the read scope like `customer`.
      // Async, so the throw fails this representation only, not the whole `_entities` list.
      requireScopes(context.caller, [READ_SCOPE]);
      return resolveCustomerReference(representation, context);
    },
  } as SubgraphResolverMap[string];
  const subgraph = buildSubgraphSchema({ typeDefs, resolvers });
  guardEntities(subgraph);
  return subgraph;
}

let memoised: Promise<GraphQLSchema> | undefined;

export function buildSubgraphSchemaFromCode(): Promise<GraphQLSchema> {
  memoised ??= buildSubgraph().catch((error: unknown) => {
    // A failed build is not kept: the next caller tries again.
    memoised = undefined;
    throw error;
  });
  return memoised;
}

/** The composable subgraph SDL (`@link` header, `@key`), as committed in `schema.graphql`. */
export async function printSubgraphSdl(): Promise<string> {
  return `${printSubgraphSchema(await buildSubgraphSchemaFromCode()).trimEnd()}\n`;
}

export const SCHEMA_FILE_HEADER =
  "# Generated from the code by `npm run schema:emit`: do not edit by hand.\n" +
  "# The Federation 2 subgraph SDL of customer-subgraph (docs/architecture.md#federation).\n\n";

/** The exact content of the committed `schema.graphql`. */
export async function renderSchemaFile(): Promise<string> {
  return SCHEMA_FILE_HEADER + (await printSubgraphSdl());
}
