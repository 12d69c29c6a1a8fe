/**
 * Bounds and checks `Query._entities` before @apollo/subgraph resolves any representation
 * (README.md "Limits on work and input"): more than `MAX_ENTITIES_PER_REQUEST` representations is
 * one BAD_USER_INPUT error and no provider call; a representation that is not
 * `{ __typename: "Customer", id: "<string>" }` is `null` with a BAD_USER_INPUT error for that entry
 * alone. The messages are fixed sentences: nothing the caller sent is echoed or logged.
 */
import type { GraphQLFieldResolver, GraphQLSchema } from "graphql";
import { BadUserInputError } from "../model/errors.js";
import type { GraphQLContext } from "./context.js";

/** Default of `MAX_ENTITIES_PER_REQUEST` when the context does not say (contexts built by hand). */
export const DEFAULT_MAX_ENTITIES = 500;

export const INVALID_REPRESENTATION_MESSAGE =
  'A representation must be an object with __typename "Customer" and a string id.';

export function tooManyRepresentationsMessage(limit: number): string {
  return `At most ${limit} representations are accepted in one request.`;
}

/** The entity types this subgraph resolves, by `__typename`. */
const ENTITY_TYPENAMES: ReadonlySet<string> = new Set(["Customer"]);

function isValidRepresentation(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { __typename, id } = value as { __typename?: unknown; id?: unknown };
  return (
    typeof __typename === "string" && ENTITY_TYPENAMES.has(__typename) && typeof id === "string"
  );
}

/** Wraps the `_entities` resolver of a built subgraph schema in place. */
export function guardEntities(schema: GraphQLSchema): void {
  const field = schema.getQueryType()?.getFields()._entities;
  if (!field?.resolve) return;
  const resolve = field.resolve as GraphQLFieldResolver<unknown, GraphQLContext>;
  field.resolve = (source, args, context: GraphQLContext, info) => {
    const representations = (args as { representations: unknown[] }).representations;
    const limit = context.limits?.maxEntitiesPerRequest ?? DEFAULT_MAX_ENTITIES;
    if (representations.length > limit) {
      throw new BadUserInputError("representations", tooManyRepresentationsMessage(limit));
    }
    const results: unknown[] = new Array<unknown>(representations.length);
    const valid: unknown[] = [];
    const positions: number[] = [];
    representations.forEach((representation, position) => {
      if (isValidRepresentation(representation)) {
        valid.push(representation);
        positions.push(position);
      } else {
        // An Error as a list item: graphql-js makes that entry null with this error at its path.
        results[position] = new BadUserInputError(
          "representations",
          INVALID_REPRESENTATION_MESSAGE,
        );
      }
    });
    if (valid.length > 0) {
      const resolved = resolve(
        source,
        { ...args, representations: valid },
        context,
        info,
      ) as unknown[];
      positions.forEach((position, index) => {
        results[position] = resolved[index];
      });
    }
    return results;
  };
}
