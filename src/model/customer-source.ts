/**
 * The provider contract, documented once. Every provider folder exports one class implementing
 * it; `providers/registry.ts` is the only file that names them all. `test/contract/` holds the
 * suite every implementation passes.
 */
import type { Customer, CustomerPatch, ProviderName } from "./customer.js";
import type { CustomerListPage, CustomerListQuery } from "./customer-list.js";
import type { ProviderCapabilities } from "./capabilities.js";
import type { ExternalIdMatches } from "./customer-links.js";
import type { FieldError } from "./errors.js";
import type { UpdatePlan } from "./update-plan.js";

export interface UpdateResult {
  /**
   * The customer as the provider holds it after the write (read back, never echoed from the
   * input), or the current customer when nothing changed. `null` when `userErrors` is not empty.
   */
  customer: Customer | null;
  /** Non-empty means nothing was written. Paths are relative to the input object. */
  userErrors: FieldError[];
  /** Whether a write request was sent to the provider. */
  written: boolean;
}

/** What the caller adds to an update. */
export interface UpdateOptions {
  /**
   * Findings the caller already made on the input (the GraphQL edge's format rules). They are
   * reported together with the provider's, in one response, and nothing is written.
   */
  inputErrors?: FieldError[];
  /**
   * Optimistic concurrency: the `Customer.version` the caller last read. When the record's
   * version (read under the customer's lock) differs, nothing is written and the answer is one
   * `CONFLICT` finding on ["expectedVersion"].
   */
  expectedVersion?: string;
}

export interface CustomerSource {
  readonly provider: ProviderName;

  /** Whether `providerId` has the form this provider's ids have (both use positive integers). */
  isValidProviderId(providerId: string): boolean;

  /**
   * Reads one customer. `null` when the provider has no such customer; throws a DomainError
   * (`UpstreamUnavailableError`, `UpstreamTimeoutError`, `UpstreamAuthError`) otherwise.
   */
  get(providerId: string): Promise<Customer | null>;

  /**
   * Reads many customers with as few provider requests as the API allows. The result has one
   * entry per id, in the same order: the customer, `null` when missing, or the Error for that
   * entry alone.
   */
  getMany(providerIds: readonly string[]): Promise<Array<Customer | null | Error>>;

  /**
   * Read, validate against this provider's rules, merge, write only what changed, read back.
   * Provider rule violations, a missing customer (`NOT_FOUND` on ["id"]) and provider rejections
   * come back as `userErrors` with nothing written. An update that changes nothing sends no
   * write. Failures that are not the input's throw a DomainError. Providers implement it with
   * `providers/update-pipeline.ts`.
   */
  update(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdateResult>;

  /**
   * The dry run of `update`: the same userErrors, the field changes and the write requests it
   * would send now (write-only values masked), with no write sent. Providers implement it with
   * `providers/update-plan.ts`.
   */
  plan(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdatePlan>;

  /** The capability table `update` validates with (`model/capabilities.ts`). */
  readonly capabilities: ProviderCapabilities;

  /**
   * One page of this provider's customers matching `query.filter`, in the provider's stable
   * order (by its id, ascending), starting at `query.position` (an offset into the provider's own
   * result set, from a previous page's `nextPosition`). The provider applies what it can of the
   * filter and checks the rest itself (`matchesCustomerFilter`), so every item matches exactly.
   * Throws a DomainError when the provider fails (see `model/customer-list.ts`).
   */
  list(query: CustomerListQuery): Promise<CustomerListPage>;

  /**
   * This provider's customers whose `externalId`, trimmed, equals one of `externalIds` (link keys,
   * already trimmed and distinct; see `model/customer-links.ts`), with as few provider requests as
   * the API allows. The answer has an entry for every key: the customers (none is `[]`; each list
   * in provider id order), or the Error for that key alone when its lookup failed. Matches are
   * exact whatever the provider's filter does (`groupByLinkKey`).
   */
  findByExternalIds(externalIds: readonly string[]): Promise<ExternalIdMatches>;

  /** Resolves when the provider answers (used by `/readyz`); throws a DomainError otherwise. */
  ping(): Promise<void>;
}
