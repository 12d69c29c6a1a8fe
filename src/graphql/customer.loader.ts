/**
 * The per-request customer loader (docs/architecture.md#one-loader-per-request): every `customer`
 * field and every `_entities` representation of one GraphQL operation goes through one DataLoader,
 * so ids are de-duplicated and fetched with one `getMany` per provider (LoanPro: one `$filter` GET
 * per chunk; SimPay: bounded-concurrency GETs). Created in the context function for each request
 * and dropped with it: there is NO cross-request cache of customer data
 * (docs/architecture.md#no-cross-request-cache).
 */
import DataLoader from "dataloader";
import { parseCustomerId } from "../model/customer-id.js";
import type { Customer, ProviderName } from "../model/customer.js";
import { BadUserInputError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import type { CustomerSources } from "../providers/registry.js";
import { INVALID_ID_MESSAGE } from "./customer-id.messages.js";
import { metrics } from "../observability/metrics.js";

/** Keyed by the full customer id ("loanpro:1001"); `null` when the provider has no such customer. */
export type CustomerLoader = DataLoader<string, Customer | null>;

type LoadResult = Customer | null | Error;

interface ProviderBatch {
  provider: ProviderName;
  providerIds: string[];
  /** Index of each providerId's key in the batch, in the same order. */
  positions: number[];
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error("Customer read failed.");
}

/**
 * Splits the keys of one batch by provider. A key that does not parse, or has the wrong form for
 * its provider, gets BAD_USER_INPUT; an unconfigured provider gets PROVIDER_NOT_CONFIGURED: the
 * same errors `customer(id:)` gives, but for that entry alone.
 */
function groupByProvider(
  keys: readonly string[],
  sources: CustomerSources,
  results: LoadResult[],
): ProviderBatch[] {
  const batches = new Map<ProviderName, ProviderBatch>();
  keys.forEach((key, position) => {
    const ref = parseCustomerId(key, sources.known());
    if (!ref) {
      results[position] = new BadUserInputError("id", INVALID_ID_MESSAGE);
      return;
    }
    try {
      if (!sources.get(ref.provider).isValidProviderId(ref.providerId)) {
        results[position] = new BadUserInputError("id", INVALID_ID_MESSAGE);
        return;
      }
    } catch (error) {
      results[position] = asError(error);
      return;
    }
    let batch = batches.get(ref.provider);
    if (!batch) {
      batch = { provider: ref.provider, providerIds: [], positions: [] };
      batches.set(ref.provider, batch);
    }
    batch.providerIds.push(ref.providerId);
    batch.positions.push(position);
  });
  return [...batches.values()];
}

/** One `getMany` per provider, in parallel across providers; failures stay per entry. */
async function loadBatch(
  keys: readonly string[],
  sources: CustomerSources,
  logger: Logger,
): Promise<LoadResult[]> {
  const results: LoadResult[] = new Array<LoadResult>(keys.length).fill(null);
  const batches = groupByProvider(keys, sources, results);
  await Promise.all(
    batches.map(async ({ provider, providerIds, positions }) => {
      logger.debug({ provider, keys: providerIds.length }, "customer batch");
      metrics.entityBatchSize.observe({ provider }, providerIds.length);
      let entries: LoadResult[];
      try {
        entries = await sources.get(provider).getMany(providerIds);
      } catch (error) {
        // getMany reports failures per entry; a throw fails this provider's entries only.
        const failure = asError(error);
        entries = providerIds.map(() => failure);
      }
      positions.forEach((position, index) => {
        results[position] = entries[index] ?? null;
      });
    }),
  );
  return results;
}

/**
 * A new loader for one GraphQL request. `cache: true` only de-duplicates within that request; a
 * failed entry stays failed for the rest of the request, so one operation sees one answer.
 */
export function createCustomerLoader(sources: CustomerSources, logger: Logger): CustomerLoader {
  return new DataLoader<string, Customer | null>((keys) => loadBatch(keys, sources, logger), {
    cache: true,
  });
}

/**
 * Replaces whatever the loader holds for `customer.id` with `customer`: for a record just read by
 * a list query or read back after an update, so later lookups in the same operation
 * reuse it instead of asking the provider again.
 */
export function primeCustomer(loader: CustomerLoader, customer: Customer): void {
  loader.clear(customer.id).prime(customer.id, customer);
}
