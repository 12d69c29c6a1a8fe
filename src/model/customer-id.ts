import { CUSTOMER_PROVIDERS, type ProviderName } from "./customer.js";

/** A parsed customer id: "loanpro:555" -> { provider: "LOANPRO", providerId: "555" }. */
export interface CustomerRef {
  provider: ProviderName;
  providerId: string;
}

const PROVIDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * A numeric provider id (LoanPro's `id`, SimPay's `CustomerKey`): a positive integer JavaScript
 * holds exactly. Above 2^53-1, `Number("9007199254740993")` is 9007199254740992: another record's
 * id, so such an id is invalid rather than rounded.
 */
export function isSafeNumericId(providerId: string): boolean {
  return /^[1-9]\d{0,15}$/.test(providerId) && Number(providerId) <= Number.MAX_SAFE_INTEGER;
}

export function formatCustomerId(provider: ProviderName, providerId: string): string {
  return `${provider.toLowerCase()}:${providerId}`;
}

/**
 * Parses "<provider>:<providerId>". Returns null when the id does not parse or names an unknown
 * provider (one not in `known`: the registry's module names, by default the public enum's); the
 * caller decides how to report it (docs/architecture.md#nothing-is-dropped-silently).
 */
export function parseCustomerId(
  id: string,
  known: readonly ProviderName[] = CUSTOMER_PROVIDERS,
): CustomerRef | null {
  const separator = id.indexOf(":");
  if (separator <= 0) return null;
  const prefix = id.slice(0, separator);
  const providerId = id.slice(separator + 1);
  const provider = known.find((name) => name.toLowerCase() === prefix);
  if (!provider || !PROVIDER_ID_PATTERN.test(providerId)) return null;
  return { provider, providerId };
}
