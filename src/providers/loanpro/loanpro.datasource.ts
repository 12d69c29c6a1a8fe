/**
 * LoanPro as a CustomerSource: builds the requests of loanpro.md §2, §4, §6, sends them through
 * the injected ProviderHttp, and hands the bodies to the pure mappers. Statuses are data here;
 * `loanpro.errors.ts` turns them into domain errors.
 */
import type { LoanProConfig } from "../../config.js";
import type { Customer, CustomerPatch } from "../../model/customer.js";
import type { CustomerSource, UpdateResult } from "../../model/customer-source.js";
import type { CustomerListPage, CustomerListQuery } from "../../model/customer-list.js";
import { DomainError, UpstreamUnavailableError } from "../../model/errors.js";
import type { Logger } from "../../observability/logger.js";
import type { ProviderHttp, UpstreamRequest, UpstreamResponse } from "../provider-http.js";
import {
  classifyWriteFailure,
  beforeAnyWrite,
  classifyWriteStatus,
  readBackAfterWrite,
  settleWriteOutcome,
  type WriteFailureKind,
} from "../write-outcome.js";
import { parseLoanProDate } from "./loanpro.dates.js";
import { toLoanProReadError, toLoanProRejection } from "./loanpro.errors.js";
import { fromLoanProCustomer, toLoanProCustomerUpdate } from "./loanpro.mappers.js";
import {
  LOANPRO_CUSTOMERS_PATH,
  LOANPRO_EXPAND,
  listLoanProCustomers,
  readLoanProCollection,
} from "./loanpro.list.js";
import { validateLoanProPatch } from "./loanpro.validation.js";
import type { LoanProCustomerWire } from "./loanpro.wire.js";
import { isRecord } from "../json.js";

export interface LoanProDataSourceOptions {
  config: LoanProConfig;
  http: ProviderHttp;
  logger: Logger;
}

/** An OData collection page holds 50 items by default (loanpro.md §4.3, §10). */
const MAX_IDS_PER_REQUEST = 50;
/** Keep each batched URL well under ~2000 characters (common proxy limits). */
const MAX_FILTER_LENGTH = 1500;

/** Success is HTTP 200 AND a top-level `d` (loanpro.md §3.1, §9). */
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

/** Statuses that may be a timeout with the write still running (loanpro.md §10: timeouts are 500). */
const TIMEOUT_STATUSES: readonly number[] = [500, 504];

export class LoanProDataSource implements CustomerSource {
  readonly provider = "LOANPRO" as const;
  private readonly config: LoanProConfig;
  private readonly http: ProviderHttp;
  private readonly logger: Logger;
  private readonly headers: Readonly<Record<string, string>>;

  constructor(options: LoanProDataSourceOptions) {
    this.config = options.config;
    this.http = options.http;
    this.logger = options.logger;
    this.headers = {
      Authorization: `Bearer ${options.config.token}`,
      "Autopal-Instance-ID": options.config.instanceId,
      "Content-Type": "application/json",
    };
  }

  isValidProviderId(providerId: string): boolean {
    return /^[1-9]\d{0,15}$/.test(providerId);
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
      // (loanpro.md §4.1), cheaper for LoanPro than a collection `$filter` (bench/RESULTS.md).
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

  async update(providerId: string, patch: CustomerPatch): Promise<UpdateResult> {
    const notFound: UpdateResult = {
      customer: null,
      userErrors: [
        { path: ["id"], code: "NOT_FOUND", message: "No LoanPro customer has this id." },
      ],
      written: false,
    };
    if (!this.isValidProviderId(providerId)) return notFound;
    const id = Number(providerId);
    const wire = await this.readWire(id).catch(beforeAnyWrite);
    if (wire === null) return notFound;
    const current = this.toCustomer(wire);

    const userErrors = validateLoanProPatch(patch, current, {
      nullClearsField: this.config.nullClearsField,
    });
    if (userErrors.length > 0) return { customer: null, userErrors, written: false };

    const plan = toLoanProCustomerUpdate(patch, wire, {
      statusLabels: this.config.statusLabels,
      nullClearsField: this.config.nullClearsField,
    });
    if (!plan.changed) return { customer: current, userErrors: [], written: false };

    // loanpro.md §6: one PUT to the top-level parent carries the nested address changes too.
    // A write is never sent twice: after an ambiguous failure, read back and report (issue 5).
    let response: UpstreamResponse;
    try {
      response = await this.send(
        { method: "PUT", url: `${LOANPRO_CUSTOMERS_PATH}(${id})`, data: plan.body },
        "write",
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw await this.settleWrite(
        error,
        classifyWriteFailure(error, TIMEOUT_STATUSES),
        id,
        plan.body,
        wire,
      );
    }
    if (
      response.status === 401 ||
      response.status === 403 ||
      response.status === 429 ||
      response.status >= 500
    ) {
      // A 5xx may come after the write applied (loanpro.md §10): read back before answering.
      const error = toLoanProReadError(response.status);
      throw await this.settleWrite(
        error,
        classifyWriteStatus(response.status, TIMEOUT_STATUSES),
        id,
        plan.body,
        wire,
      );
    }
    const answered = isRecord(response.data) && "d" in response.data;
    if (response.status >= 200 && response.status < 300 && !answered) {
      // A success status without `d`: perhaps a cut-off answer (loanpro.md §10) after the write
      // applied. Not a rejection: read back and report what happened.
      throw await this.settleWrite(
        new UpstreamUnavailableError("LOANPRO", { retryable: true, status: response.status }),
        "AMBIGUOUS",
        id,
        plan.body,
        wire,
      );
    }
    if (response.status !== 200 || !answered) {
      const rejection = toLoanProRejection(response.status, response.data);
      // Counts and kinds only: the warning text quotes values and other customers' names.
      this.logger.warn({ loanpro: rejection.log }, "LoanPro rejected an update");
      return { customer: null, userErrors: rejection.fieldErrors, written: false };
    }
    // Read back (not the PUT echo): LoanPro may answer 200 without applying everything (loanpro.md §6).
    const saved = await readBackAfterWrite("LOANPRO", () => this.readWire(id));
    return { customer: this.toCustomer(saved), userErrors: [], written: true };
  }

  /** Reads back after an ambiguous PUT failure and sets the error's writeOutcome (issue 5). */
  private settleWrite(
    error: DomainError,
    kind: WriteFailureKind,
    id: number,
    sent: unknown,
    before: LoanProCustomerWire,
  ): Promise<DomainError> {
    return settleWriteOutcome({
      error,
      kind,
      sent,
      before,
      readBack: () => this.readWire(id),
      // loanpro.md §4.2: accessPassword is write-only and always reads back null.
      ignoreKeys: ["accessPassword"],
      normalize: (_key, value) =>
        typeof value === "string" && value.startsWith("/Date(") ? parseLoanProDate(value) : value,
      log: (details) => this.logger.warn({ loanpro: details }, "LoanPro write failed ambiguously"),
    });
  }

  /** `Query.customers` (issue 7): `loanpro.list.ts` holds the requests and the paging. */
  list(query: CustomerListQuery): Promise<CustomerListPage> {
    return listLoanProCustomers(query, {
      send: (request) => this.send(request, "read"),
      toCustomer: (wire) => this.toCustomer(wire),
      statusLabels: this.config.statusLabels,
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
   * 409 (sometimes 404) for a missing id, but 409 also means other failures (loanpro.md §4.1,
   * §9), so a `$filter=id eq N` lookup decides: an empty result is "not found", anything else is
   * an outage, never reported as "not found".
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
      // 200 without `d`: possibly a truncated answer (loanpro.md §10), worth a retry.
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

  /** Every call carries the headers of loanpro.md §2 (built once: they never change). */
  private send(request: UpstreamRequest, kind: "read" | "write"): Promise<UpstreamResponse> {
    const headers = request.headers ? { ...this.headers, ...request.headers } : this.headers;
    return this.http.send({ ...request, headers }, kind);
  }
}
