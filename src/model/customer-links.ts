/**
 * Linked customers (docs/architecture.md#linked-customers): records that carry the same
 * merchant-assigned `externalId` (LoanPro `customId`, SimPay `CustomerID`), compared exactly after
 * trimming, are the same person. A record without one has no links. Pure: no provider, no I/O.
 */
import { CUSTOMER_PROVIDERS, type Customer } from "./customer.js";

/** The value linked records share: `externalId` trimmed; null when absent or blank. */
export function linkKey(externalId: string | null | undefined): string | null {
  if (typeof externalId !== "string") return null;
  const trimmed = externalId.trim();
  return trimmed === "" ? null : trimmed;
}

/**
 * What `CustomerSource.findByExternalIds` answers: for each link key asked, the provider's
 * customers whose `linkKey(externalId)` equals it (possibly none), or the Error that stopped this
 * key's lookup (the other keys keep their answers).
 */
export type ExternalIdMatches = Map<string, Customer[] | Error>;

/** Distinct link keys of `externalIds`, in first-seen order (blank ones dropped). */
export function distinctLinkKeys(externalIds: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const externalId of externalIds) {
    const key = linkKey(externalId);
    if (key !== null) keys.add(key);
  }
  return [...keys];
}

/**
 * Files `customers` under the keys asked: a customer whose link key was not asked (a provider
 * filter that matches more loosely than exact, e.g. by substring or case-insensitively) is dropped,
 * so every answer is exact whatever the provider's matching.
 */
export function groupByLinkKey(
  keys: readonly string[],
  customers: readonly Customer[],
): Map<string, Customer[]> {
  const grouped = new Map<string, Customer[]>(keys.map((key) => [key, []]));
  const seen = new Set<string>();
  for (const customer of customers) {
    const key = linkKey(customer.externalId);
    if (key === null || seen.has(customer.id)) continue;
    const list = grouped.get(key);
    if (!list) continue;
    seen.add(customer.id);
    list.push(customer);
  }
  for (const list of grouped.values()) list.sort(compareLinkedOrder);
  return grouped;
}

function providerRank(provider: string): number {
  const index = (CUSTOMER_PROVIDERS as readonly string[]).indexOf(provider);
  return index === -1 ? CUSTOMER_PROVIDERS.length : index;
}

/** Numeric order of two provider ids made of digits (any length); text order otherwise. */
function compareProviderIds(left: string, right: string): number {
  const digits = /^\d+$/;
  if (digits.test(left) && digits.test(right) && left.length !== right.length) {
    return left.length - right.length;
  }
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * The stable order of linked records: LoanPro, then SimPay (the order of CUSTOMER_PROVIDERS; any
 * other provider after them, by name), each by provider id ascending. Linked results, locks and
 * writes all follow it, so two fan-outs over the same person take their locks in the same order.
 */
export function compareLinkedOrder(
  left: Pick<Customer, "provider" | "providerId">,
  right: Pick<Customer, "provider" | "providerId">,
): number {
  const byRank = providerRank(left.provider) - providerRank(right.provider);
  if (byRank !== 0) return byRank;
  if (left.provider !== right.provider) return left.provider < right.provider ? -1 : 1;
  return compareProviderIds(left.providerId, right.providerId);
}
