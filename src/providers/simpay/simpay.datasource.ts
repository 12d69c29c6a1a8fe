/**
 * SimPay customers through the gateway API (docs/providers/simpay.md): builds requests, carries the
 * session, hands bodies to the pure mappers, validation and error mapping in this folder.
 */
import type { Customer, CustomerPatch } from "../../model/customer.js";
import type { CustomerSource, UpdateOptions, UpdateResult } from "../../model/customer-source.js";
import type { CustomerListPage, CustomerListQuery } from "../../model/customer-list.js";
import type { UpdatePlan } from "../../model/update-plan.js";
import type { ProviderCapabilities } from "../../model/capabilities.js";
import { DEFAULT_SIMPAY_READ_CONCURRENCY, type SimPayConfig } from "./simpay.config.js";
import type { ExternalIdMatches } from "../../model/customer-links.js";
import { UpstreamAuthError, UpstreamUnavailableError } from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import type {
  ProviderHttp,
  RequestKind,
  UpstreamRequest,
  UpstreamResponse,
} from "../provider-http.js";
import {
  runUpdate,
  toUpstreamRequest,
  type PipelineHooks,
  type UpdatableProvider,
} from "../update-pipeline.js";
import { planForCaller } from "../update-plan.js";
import { beforeAnyWrite } from "../write-outcome.js";
import type { SimPayRegionOptions } from "./simpay.codes.js";
import { fromSimPayStatus, simPayErrorCode } from "./simpay.errors.js";
import { simPayCapabilities } from "./simpay.capabilities.js";
import { fromSimPayCustomer } from "./simpay.mappers.js";
import { SimPaySession } from "./simpay.session.js";
import { DEFAULT_SIMPAY_PUSH_DOWN, listSimPayCustomers } from "./simpay.list.js";
import { findSimPayByExternalIds } from "./simpay.links.js";
import { classifySimPayWrite, planSimPayUpdate, simPayCustomerPath } from "./simpay.update.js";
import { simPayRules } from "./simpay.validation.js";
import type { SimPayCustomerDetail } from "./simpay.wire.js";

export interface SimPayDataSourceOptions {
  config: SimPayConfig;
  http: ProviderHttp;
  logger: Logger;
  /**
   * At most this many GETs at once in getMany (SimPay has no batch read;
   * docs/providers/simpay.md §3). The registry passes `SimPayConfig.readConcurrency`
   * (SIMPAY_READ_CONCURRENCY).
   */
  concurrency?: number;
  /**
   * Region codes beyond the 50 states + DC and 13 provinces (docs/providers/simpay.md §7:
   * UNCONFIRMED).
   */
  regions?: SimPayRegionOptions;
  /**
   * Statuses that mean "no such customer" on GET (docs/providers/simpay.md §3, §9: 404 is
   * UNCONFIRMED).
   */
  notFoundStatuses?: readonly number[];
  /** Wraps each update (a per-customer lock, an idempotency store); pass-through by default. */
  hooks?: PipelineHooks;
}

const CUSTOMER_KEY_PATTERN = /^[1-9]\d{0,9}$/;

export class SimPayDataSource implements CustomerSource {
  readonly provider = "SIMPAY" as const;
  private readonly config: SimPayConfig;
  private readonly http: ProviderHttp;
  private readonly logger: Logger;
  private readonly session: SimPaySession;
  private readonly concurrency: number;
  private readonly regions: SimPayRegionOptions;
  private readonly notFoundStatuses: readonly number[];
  /** What SimPay contributes to the update pipeline; `planUpdate(updater, …)` is the dry run. */
  readonly updater: UpdatableProvider<SimPayCustomerDetail>;
  private readonly hooks: PipelineHooks;

  /** The capability table SimPay's updates are validated with (`simpay.capabilities.ts`). */
  get capabilities(): ProviderCapabilities {
    return this.updater.capabilities;
  }

  constructor(options: SimPayDataSourceOptions) {
    this.config = options.config;
    this.http = options.http;
    this.logger = options.logger;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_SIMPAY_READ_CONCURRENCY);
    this.regions = options.regions ?? { allowTerritories: false };
    this.notFoundStatuses = options.notFoundStatuses ?? [404];
    this.hooks = options.hooks ?? {};
    this.updater = {
      provider: "SIMPAY",
      capabilities: simPayCapabilities(options.config.lengthUnit),
      logger: options.logger,
      isValidProviderId: (providerId) => this.isValidProviderId(providerId),
      read: (providerId) => this.read(providerId),
      toCustomer: (wire) => this.toCustomer(wire),
      validate: (patch, current) => simPayRules(patch, current, this.regions),
      plan: (patch, wire, providerId) => planSimPayUpdate(patch, wire, providerId),
      send: (request) => this.call(toUpstreamRequest(request), "write"),
      classify: (response, patch) => {
        const outcome = classifySimPayWrite(response, patch, this.notFoundStatuses);
        if (outcome.kind !== "ok" && outcome.kind !== "not-found")
          this.logFailure("PATCH", response);
        return outcome;
      },
    };
    this.session = new SimPaySession({
      http: options.http,
      logger: options.logger,
      username: options.config.username,
      password: options.config.password,
    });
  }

  /** Login requests sent so far (tests and metrics). */
  get loginCount(): number {
    return this.session.loginCount;
  }

  isValidProviderId(providerId: string): boolean {
    return CUSTOMER_KEY_PATTERN.test(providerId);
  }

  async get(providerId: string): Promise<Customer | null> {
    const wire = await this.read(providerId);
    return wire ? this.toCustomer(wire) : null;
  }

  async getMany(providerIds: readonly string[]): Promise<Array<Customer | null | Error>> {
    const results: Array<Customer | null | Error> = new Array(providerIds.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < providerIds.length) {
        const index = next++;
        try {
          results[index] = await this.get(providerIds[index]);
        } catch (error) {
          results[index] = error instanceof Error ? error : new Error("SimPay read failed");
        }
      }
    };
    const workers = Math.min(this.concurrency, providerIds.length);
    await Promise.all(Array.from({ length: workers }, () => worker()));
    return results;
  }

  /** The update pipeline (`../update-pipeline.ts`) with SimPay's pieces. */
  update(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdateResult> {
    return runUpdate(this.updater, providerId, patch, options, this.hooks);
  }

  /** The update pipeline's dry run: what `update` would answer and send, without writing. */
  plan(providerId: string, patch: CustomerPatch, options?: UpdateOptions): Promise<UpdatePlan> {
    return planForCaller(this.updater, providerId, patch, options);
  }

  /** `Query.customers`: `simpay.list.ts` holds the requests and the paging. */
  list(query: CustomerListQuery): Promise<CustomerListPage> {
    return listSimPayCustomers(query, {
      read: (request) => this.readList(request),
      toCustomer: (wire) => this.toCustomer(wire),
      // The name goes to SimPay only when the operator says how SimPay matches it.
      pushDown: { ...DEFAULT_SIMPAY_PUSH_DOWN, name: this.config.namePushDown ?? false },
    });
  }

  /** `Customer.linkedCustomers`: `simpay.links.ts`, one list request per distinct key. */
  findByExternalIds(externalIds: readonly string[]): Promise<ExternalIdMatches> {
    return findSimPayByExternalIds(externalIds, {
      read: (request) => this.readList(request),
      toCustomer: (wire) => this.toCustomer(wire),
      concurrency: this.concurrency,
    });
  }

  async ping(): Promise<void> {
    const response = await this.call(
      { method: "GET", url: "customers", params: { PageSize: 1, PageNumber: 1 } },
      "read",
    );
    if (response.status < 200 || response.status >= 300) {
      this.logFailure("GET", response);
      throw fromSimPayStatus(response.status);
    }
  }

  /** A `GET /customers` list page's body; a DomainError for a status that is not 2xx. */
  private async readList(request: UpstreamRequest): Promise<unknown> {
    const response = await this.call(request, "read");
    if (response.status < 200 || response.status >= 300) {
      this.logFailure("GET", response);
      throw fromSimPayStatus(response.status);
    }
    return response.data;
  }

  /**
   * GET /customers/{customerKey} (docs/providers/simpay.md §3); null when SimPay has no such
   * customer.
   */
  private async read(providerId: string): Promise<SimPayCustomerDetail | null> {
    if (!this.isValidProviderId(providerId)) return null;
    const response = await this.call<SimPayCustomerDetail>(
      { method: "GET", url: simPayCustomerPath(providerId) },
      "read",
    );
    if (this.notFoundStatuses.includes(response.status)) return null;
    if (response.status < 200 || response.status >= 300) {
      this.logFailure("GET", response);
      throw fromSimPayStatus(response.status);
    }
    const body = response.data;
    if (!body || typeof body !== "object" || typeof body.CustomerKey !== "number") {
      this.logger.warn(
        { upstream: { status: response.status } },
        "SimPay answered without a CustomerDetail",
      );
      throw new UpstreamUnavailableError("SIMPAY", { retryable: false, status: response.status });
    }
    return body;
  }

  /**
   * One customer call with the session: a 401 means the session ended (or was never valid), so log
   * in again once and repeat the call once; for a write that is safe, because a 401 was not applied
   * (docs/providers/simpay.md §2). A second 401, or a 403 (wrong role), is our configuration:
   * UPSTREAM_AUTH_FAILED.
   */
  private async call<T>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>> {
    // A login that fails before a write is sent proves the write was not applied
    // (docs/architecture.md#write-outcomes).
    const sessionFailure = kind === "write" ? beforeAnyWrite : rethrow;
    let session = await this.session.credentials().catch(sessionFailure);
    let response = await this.http.send<T>({ ...request, headers: session.headers }, kind);
    if (response.status === 401) {
      // SimPay refused the write with 401: not applied; the re-login decides what comes next.
      session = await this.session.renew(session.generation).catch(sessionFailure);
      response = await this.http.send<T>({ ...request, headers: session.headers }, kind);
    }
    if (response.status === 401 || response.status === 403) {
      this.logger.error(
        {
          upstream: {
            method: request.method,
            status: response.status,
            errorCode: simPayErrorCode(response.data),
          },
        },
        "SimPay refused this service's session or role",
      );
      throw new UpstreamAuthError("SIMPAY", response.status);
    }
    return response;
  }

  private toCustomer(wire: SimPayCustomerDetail): Customer {
    const customer = fromSimPayCustomer(wire, {
      timestampOffset: this.config.timestampOffset,
      // A required value the record lacks: which field and which fallback, never a value.
      onMissing: (field, fallback) =>
        this.logger.warn(
          { customerKey: wire.CustomerKey, field, fallback },
          "SimPay returned a customer without a required value",
        ),
      // A code outside SimPay's lists is read as null and logged
      // (docs/architecture.md#absence-is-explicit).
      onUnknown: (field, value) =>
        this.logger.warn(
          { customerKey: wire.CustomerKey, field, value: value.slice(0, 16) },
          "SimPay returned an unknown code",
        ),
      regions: this.regions,
    });
    if (customer.status === "OTHER") {
      // Unknown values are logged, never guessed (docs/architecture.md#absence-is-explicit).
      this.logger.warn(
        {
          customerKey: wire.CustomerKey,
          activationStatus: String(wire.ActivationStatus).slice(0, 32),
        },
        "SimPay returned an unknown ActivationStatus",
      );
    }
    return customer;
  }

  private logFailure(method: string, response: UpstreamResponse<unknown>): void {
    this.logger.warn(
      { upstream: { method, status: response.status, errorCode: simPayErrorCode(response.data) } },
      "SimPay call failed",
    );
  }
}

function rethrow(error: unknown): never {
  throw error;
}
