/**
 * The one lookup behind `Query.customer` and `Customer.__resolveReference`: parse the id, find the
 * configured source, read. Kept in one place so a per-request loader can replace the read later.
 */
import { parseCustomerId, type CustomerRef } from "../model/customer-id.js";
import type { Customer } from "../model/customer.js";
import type { CustomerSource } from "../model/customer-source.js";
import { BadUserInputError } from "../model/errors.js";
import type { GraphQLContext } from "./context.js";
import { INVALID_ID_MESSAGE } from "./customer-id.messages.js";

export interface ResolvedCustomerId {
  ref: CustomerRef;
  source: CustomerSource;
}

/**
 * Parses `id` and finds its source. Returns null when the id does not parse, names an unknown
 * provider, or has the wrong form for that provider; throws ProviderNotConfiguredError when the
 * provider is known but not configured here.
 */
export function resolveCustomerId(id: string, context: GraphQLContext): ResolvedCustomerId | null {
  const ref = parseCustomerId(id, context.sources.known());
  if (!ref) return null;
  const source = context.sources.get(ref.provider);
  if (!source.isValidProviderId(ref.providerId)) return null;
  return { ref, source };
}

/** `null` when the provider has no such customer; BAD_USER_INPUT when the id is malformed. */
export async function lookupCustomer(
  id: string,
  context: GraphQLContext,
): Promise<Customer | null> {
  const resolved = resolveCustomerId(id, context);
  if (!resolved) throw new BadUserInputError("id", INVALID_ID_MESSAGE);
  // Through the request's loader, so lookups in one operation are batched per provider.
  return context.customerLoader.load(id);
}
