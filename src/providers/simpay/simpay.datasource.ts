/**
 * SimPay customers through the gateway API (simpay.md): builds requests, carries the session,
 * hands bodies to the pure mappers, validation and error mapping in this folder.
 */
import type { Customer, CustomerPatch } from "../../model/customer.js";
import type { CustomerSource, UpdateResult } from "../../model/customer-source.js";
import type { CustomerListPage, CustomerListQuery } from "../../model/customer-list.js";
import { DEFAULT_SIMPAY_READ_CONCURRENCY, type SimPayConfig } from "../../config.js";
import {
  DomainError,
  ProviderRejectedError,
  UpstreamAuthError,
  UpstreamUnavailableError,
  type FieldError,
} from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import type {
  ProviderHttp,
  RequestKind,
  UpstreamRequest,
  UpstreamResponse,
} from "../provider-http.js";
import {
  classifyWriteFailure,
  beforeAnyWrite,
  classifyWriteStatus,
  readBackAfterWrite,
  settleWriteOutcome,
  type WriteFailureKind,
} from "../write-outcome.js";
import type { SimPayRegionOptions } from "./simpay.codes.js";
import { fromSimPayStatus, simPayErrorCode } from "./simpay.errors.js";
import { fromSimPayCustomer, toSimPayCustomerPatch } from "./simpay.mappers.js";
import { SimPaySession } from "./simpay.session.js";
import { listSimPayCustomers } from "./simpay.list.js";
import { validateSimPayPatch } from "./simpay.validation.js";
import type { SimPayCustomerDetail } from "./simpay.wire.js";

export interface SimPayDataSourceOptions {
  config: SimPayConfig;
  http: ProviderHttp;
  logger: Logger;
  /**
   * At most this many GETs at once in getMany (SimPay has no batch read; simpay.md §3). The
   * registry passes `SimPayConfig.readConcurrency` (SIMPAY_READ_CONCURRENCY).
   */
  concurrency?: number;
  /** Region codes beyond the 50 states + DC and 13 provinces (simpay.md §7: UNCONFIRMED). */
  regions?: SimPayRegionOptions;
  /** Statuses that mean "no such customer" on GET (simpay.md §3, §9: 404 is UNCONFIRMED). */
  notFoundStatuses?: readonly number[];
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

  constructor(options: SimPayDataSourceOptions) {
    this.config = options.config;
    this.http = options.http;
    this.logger = options.logger;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_SIMPAY_READ_CONCURRENCY);
    this.regions = options.regions ?? { allowTerritories: false };
    this.notFoundStatuses = options.notFoundStatuses ?? [404];
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

  async update(providerId: string, patch: CustomerPatch): Promise<UpdateResult> {
    const current = await this.read(providerId).catch(beforeAnyWrite);
    if (!current) return rejected([notFound()]);
    const currentCustomer = this.toCustomer(current);

    const findings = validateSimPayPatch(patch, currentCustomer, this.regions);
    if (findings.length > 0) return rejected(findings);

    const plan = toSimPayCustomerPatch(patch, current);
    if (!plan.changed) return { customer: currentCustomer, userErrors: [], written: false };

    // simpay.md §5: PATCH /customers/{customerKey}, only the supplied members change.
    // A write is never sent twice: after an ambiguous failure, read back and report (issue 5).
    let response: UpstreamResponse<unknown>;
    try {
      response = await this.call(
        { method: "PATCH", url: customerPath(providerId), data: plan.body },
        "write",
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Already known (the login before the PATCH failed): no read-back needed.
      if (error.writeOutcome !== undefined) throw error;
      throw await this.settleWrite(
        error,
        classifyWriteFailure(error),
        providerId,
        plan.body,
        current,
      );
    }
    if (this.notFoundStatuses.includes(response.status)) return rejected([notFound()]);
    if (response.status < 200 || response.status >= 300) {
      const error = fromSimPayStatus(response.status, response.data, "write");
      this.logFailure("PATCH", response);
      if (error instanceof ProviderRejectedError) {
        return rejected(remapEmailPaths(error.fieldErrors, patch));
      }
      throw await this.settleWrite(
        error,
        classifyWriteStatus(response.status),
        providerId,
        plan.body,
        current,
      );
    }
    // product.md, Rules: the payload's customer is read back, not echoed from the input.
    const after = await readBackAfterWrite("SIMPAY", () => this.read(providerId));
    return { customer: this.toCustomer(after), userErrors: [], written: true };
  }

  /** Reads back after an ambiguous PATCH failure and sets the error's writeOutcome (issue 5). */
  private settleWrite(
    error: DomainError,
    kind: WriteFailureKind,
    providerId: string,
    sent: unknown,
    before: SimPayCustomerDetail,
  ): Promise<DomainError> {
    return settleWriteOutcome({
      error,
      kind,
      sent,
      before,
      readBack: () => this.read(providerId),
      log: (details) => this.logger.warn({ simpay: details }, "SimPay write failed ambiguously"),
    });
  }

  /** `Query.customers` (issue 7): `simpay.list.ts` holds the requests and the paging. */
  list(query: CustomerListQuery): Promise<CustomerListPage> {
    return listSimPayCustomers(query, {
      read: async (request) => {
        const response = await this.call(request, "read");
        if (response.status < 200 || response.status >= 300) {
          this.logFailure("GET", response);
          throw fromSimPayStatus(response.status, response.data, "read");
        }
        return response.data;
      },
      toCustomer: (wire) => this.toCustomer(wire),
    });
  }

  async ping(): Promise<void> {
    const response = await this.call(
      { method: "GET", url: "customers", params: { PageSize: 1, PageNumber: 1 } },
      "read",
    );
    if (response.status < 200 || response.status >= 300) {
      this.logFailure("GET", response);
      throw fromSimPayStatus(response.status, response.data, "read");
    }
  }

  /** GET /customers/{customerKey} (simpay.md §3); null when SimPay has no such customer. */
  private async read(providerId: string): Promise<SimPayCustomerDetail | null> {
    if (!this.isValidProviderId(providerId)) return null;
    const response = await this.call<SimPayCustomerDetail>(
      { method: "GET", url: customerPath(providerId) },
      "read",
    );
    if (this.notFoundStatuses.includes(response.status)) return null;
    if (response.status < 200 || response.status >= 300) {
      this.logFailure("GET", response);
      throw fromSimPayStatus(response.status, response.data, "read");
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
   * (simpay.md §2). A second 401, or a 403 (wrong role), is our configuration: UPSTREAM_AUTH_FAILED.
   */
  private async call<T>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>> {
    // A login that fails before a write is sent proves the write was not applied (issue 5).
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
    });
    if (customer.status === "OTHER") {
      // Unknown values are logged, never guessed (architecture.md, Principles 5).
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

function customerPath(providerId: string): string {
  return `customers/${encodeURIComponent(providerId)}`;
}

function notFound(): FieldError {
  return { path: ["id"], code: "NOT_FOUND", message: "No SimPay customer has this id." };
}

function rejected(userErrors: FieldError[]): UpdateResult {
  return { customer: null, userErrors, written: false };
}

/** A rejection of DefaultContact.EmailAddress points at `email` when the input used `email`. */
function remapEmailPaths(errors: FieldError[], patch: CustomerPatch): FieldError[] {
  if (patch.email === undefined || patch.defaultContact?.email !== undefined) return errors;
  return errors.map((error) =>
    error.path.join(".") === "defaultContact.email" ? { ...error, path: ["email"] } : error,
  );
}

function rethrow(error: unknown): never {
  throw error;
}
