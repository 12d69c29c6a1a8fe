/**
 * The longest value the GraphQL edge accepts for an input path: read from the `@MaxLength`
 * rules on the input classes (`update-customer.input.ts`), the rules `validate-input.ts` runs.
 * `customerCapabilities` combines it with the provider's table, so a listed maximum is what an
 * update enforces.
 */
import { getMetadataStorage } from "class-validator";
import { getMetadataStorage as getGraphQLMetadata } from "type-graphql";
import { UpdateCustomerInput } from "./update-customer.input.js";

type Constructor = abstract new (...args: never[]) => unknown;

/** The `@MaxLength` of `property` on `target`, or null. */
function maxLengthOf(target: Constructor, property: string): number | null {
  const rules = getMetadataStorage().getTargetValidationMetadatas(target, "", true, false);
  const limits = rules
    .filter((rule) => rule.propertyName === property && rule.name === "maxLength")
    .map((rule) => Number(rule.constraints[0]));
  return limits.length > 0 ? Math.min(...limits) : null;
}

/** The input class a nested property holds (its GraphQL field type), or null for a leaf. */
function nestedClass(target: Constructor, property: string): Constructor | null {
  const field = getGraphQLMetadata().fields.find(
    (candidate) => candidate.target === target && candidate.name === property,
  );
  const type: unknown = field?.getType();
  const isInput =
    typeof type === "function" &&
    getGraphQLMetadata().inputTypes.some((input) => input.target === type);
  return isInput ? (type as Constructor) : null;
}

/** The edge's maximum for an input path (without "input"), e.g. ["billingAddress", "city"]. */
export function edgeMaxLength(path: readonly string[]): number | null {
  let target: Constructor | null = UpdateCustomerInput;
  for (const [index, property] of path.entries()) {
    if (target === null) return null;
    if (index === path.length - 1) return maxLengthOf(target, property);
    target = nestedClass(target, property);
  }
  return null;
}
