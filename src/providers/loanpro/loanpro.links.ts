/**
 * LoanPro customers by external id (`Customer.linkedCustomers`, docs/architecture.md#linked-customers):
 * `customId` lookups batched into one `$filter` per chunk (`customId eq '…' or customId eq '…'`),
 * each chunk as large as LOANPRO_MAX_QUERY_LENGTH allows (docs/providers/loanpro.md §4.3), ordered
 * by id, paged by `$skip` in OData pages of 50 when a chunk matches more records than that.
 */
import type { Customer } from "../../model/customer.js";
import { groupByLinkKey, type ExternalIdMatches } from "../../model/customer-links.js";
import { UpstreamUnavailableError } from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { UpstreamRequest, UpstreamResponse } from "../provider-http.js";
import { toLoanProReadError } from "./loanpro.errors.js";
import {
  LOANPRO_CUSTOMERS_PATH,
  LOANPRO_EXPAND,
  LOANPRO_MAX_BATCH,
  LOANPRO_MAX_QUERY_LENGTH,
  loanProQueryLength,
  odataString,
  readLoanProCollection,
} from "./loanpro.list.js";
import type { LoanProCustomerWire } from "./loanpro.wire.js";

/** Pages one chunk may cost at most (50 records a page): a runaway shared id cannot loop. */
export const LOANPRO_LINK_MAX_PAGES = 10;

/** The `$filter` of one chunk (pure). */
export function customIdFilter(keys: readonly string[]): string {
  return keys.map((key) => `customId eq ${odataString(key)}`).join(" or ");
}

/** The GET of one page of one chunk (pure). */
export function toLoanProLinkRequest(keys: readonly string[], offset: number): UpstreamRequest {
  return {
    method: "GET",
    url: LOANPRO_CUSTOMERS_PATH,
    params: {
      $filter: customIdFilter(keys),
      $orderby: "id asc",
      ...(offset > 0 ? { $skip: offset } : {}),
      $top: LOANPRO_MAX_BATCH,
      $expand: LOANPRO_EXPAND,
    },
  };
}

/** The longest query a chunk's page may have: measured at the largest `$skip` we could send. */
function chunkQueryLength(keys: readonly string[]): number {
  return loanProQueryLength(
    toLoanProLinkRequest(keys, LOANPRO_MAX_BATCH * (LOANPRO_LINK_MAX_PAGES - 1)).params,
  );
}

export interface LoanProLinkChunks {
  /** Each chunk's keys; each chunk's query fits the budget. */
  chunks: string[][];
  /** Keys whose one clause alone does not fit the budget (never sent). */
  tooLong: string[];
}

/**
 * Packs the keys greedily, in order, into as few chunks as the query budget allows (pure): a
 * chunk is closed only when the next key's clause would take its query past `maxQueryLength`.
 */
export function chunkExternalIds(
  keys: readonly string[],
  maxQueryLength: number = LOANPRO_MAX_QUERY_LENGTH,
): LoanProLinkChunks {
  const chunks: string[][] = [];
  const tooLong: string[] = [];
  let current: string[] = [];
  for (const key of keys) {
    if (chunkQueryLength([key]) > maxQueryLength) {
      tooLong.push(key);
      continue;
    }
    if (current.length > 0 && chunkQueryLength([...current, key]) > maxQueryLength) {
      chunks.push(current);
      current = [];
    }
    current.push(key);
  }
  if (current.length > 0) chunks.push(current);
  return { chunks, tooLong };
}

export interface LoanProLinkDependencies {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  toCustomer(wire: LoanProCustomerWire): Customer;
  logger: Logger;
  maxQueryLength?: number;
}

/** All chunks in parallel (the HTTP stack bounds concurrency); a failed chunk fails its keys. */
export async function findLoanProByExternalIds(
  keys: readonly string[],
  dependencies: LoanProLinkDependencies,
): Promise<ExternalIdMatches> {
  const answer: ExternalIdMatches = new Map();
  const { chunks, tooLong } = chunkExternalIds(keys, dependencies.maxQueryLength);
  if (tooLong.length > 0) {
    // A customId this long cannot be asked for within LoanPro's URL budget; counts only.
    dependencies.logger.warn(
      { loanpro: { externalIds: tooLong.length } },
      "An external id is too long for a LoanPro customId lookup",
    );
    for (const key of tooLong) {
      answer.set(key, new UpstreamUnavailableError("LOANPRO", { retryable: false, notSent: true }));
    }
  }
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        const customers = await readChunk(chunk, dependencies);
        for (const [key, list] of groupByLinkKey(chunk, customers)) answer.set(key, list);
      } catch (error) {
        const failure = error instanceof Error ? error : new UpstreamUnavailableError("LOANPRO");
        for (const key of chunk) answer.set(key, failure);
      }
    }),
  );
  return answer;
}

async function readChunk(
  chunk: readonly string[],
  dependencies: LoanProLinkDependencies,
): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (let page = 0; page < LOANPRO_LINK_MAX_PAGES; page += 1) {
    const response = await dependencies.send(toLoanProLinkRequest(chunk, page * LOANPRO_MAX_BATCH));
    const collection = response.status === 200 ? readLoanProCollection(response.data) : null;
    if (collection === null) throw toLoanProReadError(response.status);
    customers.push(...collection.results.map((wire) => dependencies.toCustomer(wire)));
    const end = page * LOANPRO_MAX_BATCH + collection.results.length;
    if (
      collection.results.length < LOANPRO_MAX_BATCH ||
      (collection.total !== null && end >= collection.total)
    ) {
      return customers;
    }
  }
  dependencies.logger.warn(
    { loanpro: { externalIds: chunk.length, pages: LOANPRO_LINK_MAX_PAGES } },
    "More LoanPro customers share these external ids than one lookup reads",
  );
  throw new UpstreamUnavailableError("LOANPRO", { retryable: false });
}
