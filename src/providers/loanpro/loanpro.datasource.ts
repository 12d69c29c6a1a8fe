/**
 * LoanPro as a CustomerSource: builds the requests of docs/providers/loanpro.md §2, §4, §6, sends
 * them through the injected ProviderHttp, and hands the bodies to the pure mappers. Statuses are
 * data here; `loanpro.errors.ts` turns them into domain errors.
 */
import type { LoanProConfig } from "./loanpro.config.js";
import { isSafeNumericId } from "../../model/customer-id.js";
import type { Customer, CustomerPatch } from "../../model/customer.js";
import type { CustomerSource, UpdateOptions, UpdateResult } from "../../model/customer-source.js";
import type { CustomerListPage, CustomerListQuery } from "../../model/customer-list.js";
import type { UpdatePlan } from "../../model/update-plan.js";
import type { ProviderCapabilities } from "../../model/capabilities.js";
import type { ExternalIdMatches } from "../../model/customer-links.js";
import { UpstreamUnavailableError } from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { ProviderHttp, UpstreamRequest, UpstreamResponse } from "../provider-http.js";
import {
  runUpdate,
  toUpstreamRequest,
  type PipelineHooks,
  type UpdatableProvider,
} from "../update-pipeline.js";
import { planForCaller } from "../update-plan.js";
import { loanProCapabilities } from "./loanpro.capabilities.js";
import { toLoanProReadError } from "./loanpro.errors.js";
import { fromLoanProCustomer } from "./loanpro.mappers.js";
import {
  LOANPRO_CUSTOMERS_PATH,
  LOANPRO_EXPAND,
  listLoanProCustomers,
  readLoanProCollection,
} from "./loanpro.list.js";
import {
  classifyLoanProWrite,
  LOANPRO_SETTLE,
  LOANPRO_WRITE_ONLY_KEYS,
  planLoanProUpdate,
} from "./loanpro.update.js";
import { findLoanProByExternalIds } from "./loanpro.links.js";
import { loanProRules } from "./loanpro.validation.js";
import type { LoanProCustomerWire } from "./loanpro.wire.js";
import { isRecord } from "../json.js";

export interface LoanProDataSourceOptions {
  config: LoanProConfig;
  http: ProviderHttp;
  logger: Logger;
  /** Wraps each update (a per-customer lock, an idempotency store); pass-through by default. */
  hooks?: PipelineHooks;
}

/** An OData collection page holds 50 items by default (docs/providers/loanpro.md §4.3, §10). */
const MAX_IDS_PER_REQUEST = 50;
/** Keep each batched URL well under ~2000 characters (common proxy limits). */
const MAX_FILTER_LENGTH = 1500;

/** Success is HTTP 200 AND a top-level `d` (docs/providers/loanpro.md §3.1, §9). */
function entityOf(response: UpstreamResponse): LoanProCustomerWire | null {
  if (response.status !== 200 || !isRecord(response.data) || !isRecord(response.data.d))
    return null;
  const entity = response.data.d;
  return typeof entity.id === "number" ? (entity as unknown as LoanProCustomerWire) : null;
}

/** A 200 collection's customers (`readLoanProCollection`); null when not a success. */
function resultsOf(response: UpstreamResponse): LoanProCustomerWire[] | null {
  if (response.status !== 200) return null;
  return readLoanProCollection(response.data)?.results ?? null;
}
/** Groups ids so that each `$filter` stays within the page size and the URL budget. */
function chunkIds(ids: readonly number[]): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let length = 0;
  for (const id of ids) {
    const clause = `id eq ${id} or `.length;
    if (current.length >= MAX_IDS_PER_REQUEST || length + clause > MAX_FILTER_LENGTH) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(id);
    length += clause;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export class LoanProDataSource implements CustomerSource {
  readonly provider = "LOANPRO" as const;
  private readonly config: LoanProConfig;
  private readonly http: ProviderHttp;
  private readonly logger: Logger;
  private readonly headers: Readonly<Record<string, string>>;

  /** What LoanPro contributes to the update pipeline; `planUpdate(updater, …)` is the dry run. */
  readonly updater: UpdatableProvider<LoanProCustomerWire>;
  private readonly hooks: PipelineHooks;

  /** The capability table this deployment validates with (`loanpro.capabilities.ts`). */
  get capabilities(): ProviderCapabilities {
    return this.updater.capabilities;
  }

  constructor(options: LoanProDataSourceOptions) {
    this.config = options.config;
    this.http = options.http;
    this.logger = options.logger;
    this.hooks = options.hooks ?? {};
    const { nullClearsField, statusLabels } = options.config;
    this.updater = {
      provider: "LOANPRO",
      capabilities: loanProCapabilities({
        nullClearsField,
        lengthUnit: options.config.lengthUnit,
      }),
      logger: options.logger,
      isValidProviderId: (providerId) => this.isValidProviderId(providerId),
      read: (providerId) => this.readWire(Number(providerId)),
      toCustomer: (wire) => this.toCustomer(wire),
      validate: (patch, current) => loanProRules(patch, current, { nullClearsField }),
      plan: (patch, wire) => planLoanProUpdate(patch, wire, { statusLabels, nullClearsField }),
      send: (request) => this.send(toUpstreamRequest(request), "write"),
      classify: (response) => classifyLoanProWrite(response, this.logger),
      settle: LOANPRO_SETTLE,
      writeOnlyBodyKeys: LOANPRO_WRITE_ONLY_KEYS,
    };
    this.headers = {
      Authorization: `Bearer ${options.config.token}`,
      "Autopal-Instance-ID": options.config.instanceId,
      "Content-Type": "application/json",
    };
  }

  /** A positive integer held exactly: above 2^53-1 the id would be rounded to another record's. */
  isValidProviderId(providerId: string): boolean {
    return isSafeNumericId(providerId);
  }

  async get(providerId: string): Promise<Customer | null> {
    if (!this.isValidProviderId(providerId)) return null;
    const wire = await this.readWire(Number(providerId));
    return wire === null ? null : this.toCustomer(wire);
  }

  async getMany(providerIds: readonly string[]): Promise<Array<Customer | null | Error>> {
    const ids = [...new Set(providerIds.filter((id) => this.isValidProviderId(id)).map(Number))];
    if (ids.length === 1) {
      // One id (every `customer(id:)`): a key lookup `Customers(N)` with its 409/404 handling
      // (docs/providers/loanpro.md §4.1), cheaper for LoanPro than a collection `$filter`
      // (bench/RESULTS.md).
      const single = await this.readWire(ids[0]).then(
        (wire): Customer | null => (wire === null ? null : this.toCustomer(wire)),
        (error: unknown): Error =>
          error instanceof Error ? error : new UpstreamUnavailableError("LOANPRO"),
      );
      return providerIds.map((id) => (this.isValidProviderId(id) ? single : null));
    }
    const found = new Map<number, Customer | Error>();
    await Promise.all(
      chunkIds(ids).map(async (chunk) => {
        try {
          const response = await this.send(
            {
              method: "GET",
              url: LOANPRO_CUSTOMERS_PATH,
              params: {
                $filter: chunk.map((id) => `id eq ${id}`).join(" or "),
                $expand: LOANPRO_EXPAND,
                $top: chunk.length,
              },
            },
            "read",
          );
          const results = resultsOf(response);
          if (results === null) throw toLoanProReadError(response.status);
          for (const wire of results) found.set(wire.id, this.toCustomer(wire));
        } catch (error) {
          const failure = error instanceof Error ? error : new UpstreamUnavailableError("LOANPRO");
          for (const id of chunk) if (!found.has(id)) found.set(id, failure);
        }
      }),
    );
    return providerIds.map((id) =>
      this.isValidProviderId(id) ? (found.get(Number(id)) ?? null) : null,
    );
  }

  /** The update pipeline (`../update-pipeline.ts`) with LoanPro's pieces. */
  update(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdateResult> {
    return runUpdate(this.updater, providerId, patch, options, this.hooks);
  }

  /** The update pipeline's dry run: what `update` would answer and send, without writing. */
  plan(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdatePlan> {
    return planForCaller(this.updater, providerId, patch, options);
  }

  /** `Query.customers`: `loanpro.list.ts` holds the requests and the paging. */
  list(query: CustomerListQuery): Promise<CustomerListPage> {
    return listLoanProCustomers(query, {
      send: (request) => this.send(request, "read"),
      toCustomer: (wire) => this.toCustomer(wire),
      statusLabels: this.config.statusLabels,
    });
  }

  /** `Customer.linkedCustomers`: `loanpro.links.ts`, `customId` lookups batched into `$filter`s. */
  findByExternalIds(externalIds: readonly string[]): Promise<ExternalIdMatches> {
    return findLoanProByExternalIds(externalIds, {
      send: (request) => this.send(request, "read"),
      toCustomer: (wire) => this.toCustomer(wire),
      logger: this.logger,
    });
  }

  async ping(): Promise<void> {
    const response = await this.send(
      { method: "GET", url: LOANPRO_CUSTOMERS_PATH, params: { $top: 1 } },
      "read",
    );
    if (resultsOf(response) === null) throw toLoanProReadError(response.status);
  }

  /**
   * GET one customer with its addresses; null when LoanPro has no such id. LoanPro usually answers
   * 409 (sometimes 404) for a missing id, but 409 also means other failures
   * (docs/providers/loanpro.md §4.1, §9), so a `$filter=id eq N` lookup decides: an empty result is
   * "not found", anything else is an outage, never reported as "not found".
   */
  private async readWire(id: number): Promise<LoanProCustomerWire | null> {
    const response = await this.send(
      {
        method: "GET",
        url: `${LOANPRO_CUSTOMERS_PATH}(${id})`,
        params: { $expand: LOANPRO_EXPAND },
      },
      "read",
    );
    const entity = entityOf(response);
    if (entity !== null) return entity;
    if (response.status === 200) {
      // 200 without `d`: possibly a truncated answer (docs/providers/loanpro.md §10), worth a
      // retry.
      throw new UpstreamUnavailableError("LOANPRO", { retryable: true, status: 200 });
    }
    if (response.status !== 404 && response.status !== 409)
      throw toLoanProReadError(response.status);
    const lookup = await this.send(
      { method: "GET", url: LOANPRO_CUSTOMERS_PATH, params: { $filter: `id eq ${id}`, $top: 1 } },
      "read",
    );
    const results = resultsOf(lookup);
    if (results === null) throw toLoanProReadError(lookup.status);
    if (results.length === 0) return null;
    this.logger.warn(
      { loanpro: { status: response.status, lookup: "found" } },
      "LoanPro refused to read a customer that exists",
    );
    throw new UpstreamUnavailableError("LOANPRO", { retryable: false, status: response.status });
  }

  private toCustomer(wire: LoanProCustomerWire): Customer {
    return fromLoanProCustomer(wire, this.config.statusLabels, (field, value) => {
      // The field and the collection value only; never the customer's data.
      this.logger.warn(
        { loanpro: { field, value: value.slice(0, 64) } },
        "LoanPro returned a value the mapping does not know",
      );
    });
  }

  /**
   * Every call carries the headers of docs/providers/loanpro.md §2 (built once: they never change).
   */
  private send(request: UpstreamRequest, kind: "read" | "write"): Promise<UpstreamResponse> {
    const headers = request.headers ? { ...this.headers, ...request.headers } : this.headers;
    return this.http.send({ ...request, headers }, kind);
  }
}
