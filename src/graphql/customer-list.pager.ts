/**
 * One page of `Query.customers` across providers (docs/architecture.md#finding-customers).
 *
 * Order: providers in the registry's order (the module list's: LOANPRO, then SIMPAY), each by
 * its own id ascending. A page takes what the first unfinished provider has, then fills up from the next.
 * The cursor carries every provider's position (an offset into its own result set) and whether it
 * is done, so walking the pages returns each matching customer exactly once although LoanPro
 * pages by `$skip` and SimPay by page number.
 *
 * A failing provider does not fail the page while another answers: its position stays where it
 * was (nothing skipped), the page fills from the next provider, `hasNextPage` is true, and the
 * failure is returned for the connection to report. Only while a provider fails can its later
 * customers come after another provider's. When every provider asked fails, the error is thrown.
 */
import type { Customer, CustomerProvider, ProviderName } from "../model/customer.js";
import {
  normalizeCustomerFilter,
  type CustomerFilter,
  type CustomerListPage,
} from "../model/customer-list.js";
import type { CustomerSource } from "../model/customer-source.js";
import { BadUserInputError, DomainError } from "../model/errors.js";
import type { CursorCodec, CursorPositions, ProviderPosition } from "./customer-list.cursor.js";

export const MAX_PAGE_SIZE = 100;
/** Longest filter string accepted (an e-mail address is at most 254 characters). */
export const MAX_FILTER_LENGTH = 254;

export interface FindCustomersArguments {
  filter: CustomerFilter;
  first: number;
  after: string | null;
}

export interface FoundEdge {
  cursor: string;
  node: Customer;
}

export interface FoundPage {
  edges: FoundEdge[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Sum over the providers in scope when each said its total on this page; else null. */
  totalCount: number | null;
  failures: DomainError[];
}

export interface PagerDependencies {
  /** The configured sources in scope; throws ProviderNotConfiguredError for a named provider. */
  sourcesFor(provider: CustomerProvider | undefined): CustomerSource[];
  cursors: CursorCodec;
  onFailure(provider: ProviderName, error: DomainError): void;
}

/** Checks the arguments before any provider call: BAD_USER_INPUT naming the argument. */
export function validateArguments(arguments_: FindCustomersArguments): void {
  if (!Number.isInteger(arguments_.first) || arguments_.first < 1) {
    throw new BadUserInputError("first", "`first` must be at least 1.");
  }
  if (arguments_.first > MAX_PAGE_SIZE) {
    throw new BadUserInputError("first", `\`first\` must be at most ${MAX_PAGE_SIZE}.`);
  }
  for (const key of ["externalId", "email", "name"] as const) {
    if ((arguments_.filter[key]?.length ?? 0) > MAX_FILTER_LENGTH) {
      throw new BadUserInputError(
        `filter.${key}`,
        `\`filter.${key}\` must be at most ${MAX_FILTER_LENGTH} characters.`,
      );
    }
  }
}

function copyPositions(positions: Map<ProviderName, ProviderPosition>): CursorPositions {
  const copy: CursorPositions = {};
  for (const [provider, entry] of positions) copy[provider] = { ...entry };
  return copy;
}

export async function findCustomersPage(
  arguments_: FindCustomersArguments,
  dependencies: PagerDependencies,
): Promise<FoundPage> {
  validateArguments(arguments_);
  const filter = normalizeCustomerFilter(arguments_.filter);
  const start =
    arguments_.after === null ? {} : dependencies.cursors.decode(arguments_.after, filter);
  const sources = dependencies.sourcesFor(filter.provider);
  const encodeCursor = dependencies.cursors.encoderFor(filter);

  const positions = new Map<ProviderName, ProviderPosition>();
  for (const [provider, entry] of Object.entries(start)) {
    if (entry) positions.set(provider, { ...entry });
  }
  const stateOf = (provider: ProviderName): ProviderPosition => {
    let entry = positions.get(provider);
    if (!entry) {
      entry = { position: 0, done: false };
      positions.set(provider, entry);
    }
    return entry;
  };

  const edges: FoundEdge[] = [];
  const failures: DomainError[] = [];
  let answered = 0;
  let hasNextPage = false;
  let total: number | null = 0;
  for (const source of sources) {
    const state = stateOf(source.provider);
    if (state.done) {
      total = null; // Not asked on this page: its total is not known here.
      continue;
    }
    const remaining = arguments_.first - edges.length;
    if (remaining === 0 && hasNextPage) {
      total = null;
      break;
    }
    // With the page full, limit 0 only asks whether this provider has any (an exact hasNextPage).
    let page: CustomerListPage;
    try {
      page = await source.list({ filter, position: state.position, limit: remaining });
    } catch (error) {
      // The caller's filter is at fault (e.g. too long for a provider's URL): not a partial outage.
      if (!(error instanceof DomainError) || error instanceof BadUserInputError) throw error;
      dependencies.onFailure(source.provider, error);
      failures.push(error);
      hasNextPage = true;
      total = null;
      continue;
    }
    answered += 1;
    page.items.forEach((item, index) => {
      const last = index === page.items.length - 1;
      state.position = item.position;
      state.done = last && !page.hasMore;
      edges.push({
        node: item.customer,
        cursor: encodeCursor(copyPositions(positions)),
      });
    });
    state.position = page.nextPosition;
    state.done = !page.hasMore;
    if (page.hasMore) hasNextPage = true;
    total = total === null || page.totalCount === null ? null : total + page.totalCount;
  }
  if (answered === 0 && failures.length > 0) throw failures[0];
  const endCursor = edges.length > 0 || hasNextPage ? encodeCursor(copyPositions(positions)) : null;
  return { edges, hasNextPage, endCursor, totalCount: total, failures };
}
