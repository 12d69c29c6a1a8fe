/**
 * The per-request loader behind `Customer.linkedCustomers` (docs/architecture.md#linked-customers):
 * every link key asked in one GraphQL operation (every customer of a `customers` page, every
 * `_entities` representation, nested `linkedCustomers` too) is collected into one
 * `findByExternalIds` per provider, so LoanPro batches its `customId` lookups into `$filter`
 * requests and SimPay asks once per distinct key. Created per request and dropped with it, like the
 * customer loader: no customer data outlives the request.
 */
import DataLoader from "dataloader";
import type { Customer, ProviderName } from "../model/customer.js";
import type { CustomerSources } from "../providers/registry.js";
import type { Logger } from "../observability/logger.js";
import { UpstreamUnavailableError } from "../model/errors.js";

/** For one provider: link key -> that provider's records with the key (Error = lookup failed). */
export type ProviderLinkLoader = DataLoader<string, Customer[]>;

export interface LinkLoader {
  /** The loader of one configured provider. */
  forProvider(provider: ProviderName): ProviderLinkLoader;
}

export function createLinkLoader(sources: CustomerSources, logger: Logger): LinkLoader {
  const loaders = new Map<ProviderName, ProviderLinkLoader>();
  return {
    forProvider(provider) {
      let loader = loaders.get(provider);
      if (!loader) {
        const source = sources.get(provider);
        loader = new DataLoader<string, Customer[]>(
          async (keys) => {
            logger.debug({ provider, keys: keys.length }, "linked customers batch");
            try {
              const found = await source.findByExternalIds(keys);
              return keys.map(
                (key) =>
                  found.get(key) ?? new UpstreamUnavailableError(provider, { retryable: false }),
              );
            } catch (error) {
              const failure =
                error instanceof Error ? error : new UpstreamUnavailableError(provider);
              return keys.map(() => failure);
            }
          },
          { cache: true },
        );
        loaders.set(provider, loader);
      }
      return loader;
    },
  };
}
