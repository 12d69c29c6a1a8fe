/**
 * The MEMORY provider's CustomerSource: reads from the in-memory backend and updates through the
 * shared update pipeline (`src/providers/update-pipeline.ts`) with its own small pure pieces.
 */
import {
  mergeAddress,
  type Address,
  type Customer,
  type CustomerPatch,
} from "../../../src/model/customer.js";
import {
  matchesCustomerFilter,
  type CustomerListPage,
  type CustomerListQuery,
} from "../../../src/model/customer-list.js";
import type {
  CustomerSource,
  UpdateOptions,
  UpdateResult,
} from "../../../src/model/customer-source.js";
import type { ProviderCapabilities } from "../../../src/model/capabilities.js";
import { groupByLinkKey, type ExternalIdMatches } from "../../../src/model/customer-links.js";
import type { UpdatePlan } from "../../../src/model/update-plan.js";
import type { Logger } from "../../../src/observability/logger.js";
import { errorForStatus } from "../../../src/providers/provider-http.js";
import {
  failedWrite,
  runUpdate,
  type UpdatableProvider,
  type WriteRequest,
} from "../../../src/providers/update-pipeline.js";
import { planForCaller } from "../../../src/providers/update-plan.js";
import type { MemoryBackend, MemoryResponse } from "./memory.backend.js";
import { MEMORY_CAPABILITIES } from "./memory.capabilities.js";

const ID_PATTERN = /^[1-9]\d{0,9}$/;

export class MemorySource implements CustomerSource {
  readonly provider = "MEMORY";
  readonly updater: UpdatableProvider<Customer>;

  constructor(
    private readonly backend: MemoryBackend,
    logger: Logger,
  ) {
    this.updater = {
      provider: this.provider,
      capabilities: MEMORY_CAPABILITIES,
      logger,
      isValidProviderId: (providerId) => this.isValidProviderId(providerId),
      read: (providerId) => this.get(providerId),
      toCustomer: (wire) => structuredClone(wire),
      // The capability table says everything this backend checks.
      validate: () => [],
      plan: (patch, wire, providerId) => planMemoryWrite(patch, wire, providerId),
      send: (request) => this.backend.handle("PUT", request.path, request.body),
      classify: (response) => {
        if (response.status === 200) return { kind: "ok" };
        if (response.status === 404) return { kind: "not-found" };
        return failedWrite(errorForStatus(this.provider, response.status), response.status);
      },
    };
  }

  isValidProviderId(providerId: string): boolean {
    return ID_PATTERN.test(providerId);
  }

  async get(providerId: string): Promise<Customer | null> {
    if (!this.isValidProviderId(providerId)) return null;
    const response = await this.backend.handle("GET", `customers/${providerId}`);
    if (response.status === 404) return null;
    return this.success(response) as Customer;
  }

  getMany(providerIds: readonly string[]): Promise<Array<Customer | null | Error>> {
    return Promise.all(
      providerIds.map((providerId) =>
        this.get(providerId).catch((error: unknown) =>
          error instanceof Error ? error : new Error(String(error)),
        ),
      ),
    );
  }

  get capabilities(): ProviderCapabilities {
    return this.updater.capabilities;
  }

  update(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdateResult> {
    return runUpdate(this.updater, providerId, patch, options);
  }

  plan(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdatePlan> {
    return planForCaller(this.updater, providerId, patch, options);
  }

  async list(query: CustomerListQuery): Promise<CustomerListPage> {
    const all = (this.success(await this.backend.handle("GET", "customers")) as Customer[]).sort(
      (a, b) => Number(a.providerId) - Number(b.providerId),
    );
    const matching = all
      .map((customer, index) => ({ customer, position: index + 1 }))
      .filter(
        ({ customer }, index) =>
          index >= query.position && matchesCustomerFilter(customer, query.filter),
      );
    const items = matching.slice(0, query.limit);
    const nextPosition = items.length > 0 ? items[items.length - 1].position : query.position;
    return {
      items,
      nextPosition: items.length < query.limit ? all.length : nextPosition,
      hasMore: matching.length > items.length,
      totalCount: all.filter((customer) => matchesCustomerFilter(customer, query.filter)).length,
    };
  }

  /** One listing, filed by link key (`groupByLinkKey`). */
  async findByExternalIds(externalIds: readonly string[]): Promise<ExternalIdMatches> {
    const all = this.success(await this.backend.handle("GET", "customers")) as Customer[];
    return groupByLinkKey(externalIds, all);
  }

  async ping(): Promise<void> {
    this.success(await this.backend.handle("GET", "ping"));
  }

  private success(response: MemoryResponse): unknown {
    if (response.status !== 200) throw errorForStatus(this.provider, response.status);
    return response.data;
  }
}

/** Pure: the customer `wire` becomes with `patch` applied; null when nothing would change. */
export function planMemoryWrite(
  patch: CustomerPatch,
  wire: Customer,
  providerId: string,
): WriteRequest | null {
  const next: Customer = structuredClone(wire);
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (field === "primaryAddress") {
      next.primaryAddress =
        value === null ? null : (mergeAddress(wire.primaryAddress, value) as Address);
    } else {
      (next as unknown as Record<string, unknown>)[field] = value;
    }
  }
  if (JSON.stringify(next) === JSON.stringify(wire)) return null;
  return { method: "PUT", path: `customers/${providerId}`, body: next };
}
