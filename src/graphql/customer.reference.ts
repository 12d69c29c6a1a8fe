/**
 * `Customer.__resolveReference` for federation: type-graphql has no decorator for it, so
 * `schema.ts` merges it into the resolvers map (docs/architecture.md#federation-glue). Same lookup
 * as `customer`.
 */
import type { Customer } from "../model/customer.js";
import type { GraphQLContext } from "./context.js";
import { lookupCustomer } from "./customer-lookup.js";

export interface CustomerRepresentation {
  __typename: "Customer";
  id: string;
}

export async function resolveCustomerReference(
  representation: CustomerRepresentation,
  context: GraphQLContext,
): Promise<Customer | null> {
  return lookupCustomer(representation.id, context);
}
