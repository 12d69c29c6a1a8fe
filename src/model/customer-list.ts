/**
 * The list contract behind `Query.customers` (docs/architecture.md#finding-customers), in plain
 * TypeScript: the filter and its exact meaning on the unified model, one provider's page request
 * and answer, and the paging loop every provider shares.
 *
 * A provider pushes down to its API whatever part of the filter the API can apply, as long as the
 * API's answer is a SUPERSET of the exact answer; `matchesCustomerFilter` then keeps exactly the
 * customers the filter means. So paging runs over the provider's own ordered result set, and a
 * position is an offset into THAT set (before our own filtering): over-fetching never skips or
 * repeats a customer.
 */
import type { Customer, CustomerProvider, CustomerStatus } from "./customer.js";
import { BadUserInputError } from "./errors.js";

/** What a caller may filter on. Strings are trimmed; an empty string is no filter. */
export interface CustomerFilter {
  provider?: CustomerProvider;
  /** Exact, case-sensitive (LoanPro customId / SimPay CustomerID). */
  externalId?: string;
  /** Equal, ignoring case. */
  email?: string;
  /** `displayName` contains it, ignoring case. */
  name?: string;
  /** Equal. Without it, SimPay's deleted customers are left out (SimPay's own default). */
  status?: CustomerStatus;
}

/** One provider's page request. */
export interface CustomerListQuery {
  /** `provider` is not read here: the caller has already picked the source. */
  filter: CustomerFilter;
  /** Offset into the provider's ordered result set (before our filtering); 0 is the start. */
  position: number;
  /**
   * At most this many customers. 0 asks only whether any matching customer follows `position`
   * (the answer's `hasMore`), so a caller can tell a complete last page from one that is not.
   */
  limit: number;
}

export interface CustomerListItem {
  customer: Customer;
  /** The position just after this customer: a page resumed there starts with the next one. */
  position: number;
}

export interface CustomerListPage {
  items: CustomerListItem[];
  /** Where the next page starts. */
  nextPosition: number;
  /** Whether at least one more matching customer follows `nextPosition`. */
  hasMore: boolean;
  /** All matching customers of this provider, when the provider can say exactly; else null. */
  totalCount: number | null;
}

/** The filter with strings trimmed and empty strings dropped; the canonical form for hashing too. */
export function normalizeCustomerFilter(filter: CustomerFilter): CustomerFilter {
  const normalized: CustomerFilter = {};
  if (filter.provider) normalized.provider = filter.provider;
  for (const key of ["externalId", "email", "name"] as const) {
    const value = filter[key]?.trim();
    if (value) normalized[key] = value;
  }
  if (filter.status) normalized.status = filter.status;
  return normalized;
}

/**
 * Bounds of the `name` filter: each word costs a provider clause
 * (README.md "Limits on work and input").
 */
export const MAX_NAME_FILTER_WORDS = 10;
export const MAX_NAME_FILTER_CHARACTERS = 100;

export const NAME_FILTER_TOO_LONG_MESSAGE = `The name filter may hold at most ${MAX_NAME_FILTER_WORDS} words and ${MAX_NAME_FILTER_CHARACTERS} characters.`;

/**
 * Refuses a filter no provider should be asked about, before any provider call: a `name` of more
 * than 10 words or 100 characters (Unicode code points, after trimming) is BAD_USER_INPUT.
 */
export function checkCustomerFilter(filter: CustomerFilter): void {
  const name = normalizeCustomerFilter(filter).name;
  if (name === undefined) return;
  const words = name.split(/\s+/).filter(Boolean).length;
  if (words > MAX_NAME_FILTER_WORDS || [...name].length > MAX_NAME_FILTER_CHARACTERS) {
    throw new BadUserInputError("filter.name", NAME_FILTER_TOO_LONG_MESSAGE);
  }
}

/** The exact meaning of a filter on one customer (the README states the same rules). */
export function matchesCustomerFilter(customer: Customer, filter: CustomerFilter): boolean {
  const wanted = normalizeCustomerFilter(filter);
  if (wanted.provider && customer.provider !== wanted.provider) return false;
  if (wanted.externalId !== undefined && customer.externalId?.trim() !== wanted.externalId) {
    return false;
  }
  if (
    wanted.email !== undefined &&
    customer.email?.trim().toLowerCase() !== wanted.email.toLowerCase()
  ) {
    return false;
  }
  if (
    wanted.name !== undefined &&
    !customer.displayName.toLowerCase().includes(wanted.name.toLowerCase())
  ) {
    return false;
  }
  if (wanted.status !== undefined && customer.status !== wanted.status) return false;
  return true;
}

/** One raw batch of a provider's ordered result set, as its API returned it. */
export interface CustomerBatch {
  /** In the provider's order, starting at the requested offset, already mapped. */
  customers: Customer[];
  /** True when nothing follows this batch in the provider's result set. */
  reachedEnd: boolean;
  /** The size of the provider's whole result set, when it says; null otherwise. */
  totalCount: number | null;
}

export type FetchCustomerBatch = (offset: number, size: number) => Promise<CustomerBatch>;

export interface CollectPageOptions {
  /** The raw batch size to ask for, given how many more matches are wanted. */
  batchSize: (wanted: number) => number;
  /** Whether the provider applied the whole filter itself (then its total is the exact total). */
  exact: boolean;
  /**
   * Stop after this many provider requests even when the page is not full: a page may then hold
   * fewer than `limit` customers (even none) with `hasMore` true, and the next page resumes after
   * what was scanned. Bounds the cost of a filter the provider cannot apply.
   */
  maxRequests: number;
}

/**
 * The paging loop every provider shares: fetch raw batches from `query.position`, keep the
 * customers that match, stop at `limit` matches plus one more (which proves `hasMore`), at the end
 * of the provider's result set, or at `maxRequests`.
 */
export async function collectCustomerPage(
  query: CustomerListQuery,
  fetchBatch: FetchCustomerBatch,
  options: CollectPageOptions,
): Promise<CustomerListPage> {
  const items: CustomerListItem[] = [];
  let offset = query.position;
  let nextPosition = query.position;
  let totalCount: number | null = null;
  let matchesSeen = 0;
  for (let request = 0; request < options.maxRequests; request += 1) {
    const wanted = query.limit + 1 - items.length;
    const batch = await fetchBatch(offset, Math.max(1, options.batchSize(wanted)));
    if (request === 0 && options.exact) totalCount = batch.totalCount;
    for (const [index, customer] of batch.customers.entries()) {
      if (!matchesCustomerFilter(customer, query.filter)) continue;
      matchesSeen += 1;
      if (items.length === query.limit) {
        // One match past the page: there is more, and the next page starts at it.
        return { items, nextPosition, hasMore: true, totalCount };
      }
      nextPosition = offset + index + 1;
      items.push({ customer, position: nextPosition });
    }
    offset += batch.customers.length;
    if (batch.reachedEnd || batch.customers.length === 0) {
      // Scanned from the very start to the end: the matches seen are the whole answer.
      if (totalCount === null && query.position === 0) totalCount = matchesSeen;
      return { items, nextPosition: offset, hasMore: false, totalCount };
    }
  }
  // Request budget spent: resume after everything scanned (none of the rest matched).
  return { items, nextPosition: offset, hasMore: true, totalCount };
}
