/**
 * Finding SimPay customers (docs/architecture.md#finding-customers) through `GET /customers`
 * (docs/providers/simpay.md §3) with `SortField=CustomerKey`, `SortDirection=Asc` and
 * `PageSize`/`PageNumber`.
 *
 * What is pushed down (everything is re-checked by `matchesCustomerFilter` on the mapped customer,
 * because docs/providers/simpay.md §3 leaves "exact or substring" and case sensitivity
 * UNCONFIRMED):
 * - externalId -> `CustomerId`; email -> `Email`; name -> `CustomerName`. If SimPay matched more
 *   strictly than we do (e.g. case-sensitively), pushing down would lose customers: each can be
 *   switched off with `pushDown` (then we filter a full scan, bounded by `maxRequests`). The name
 *   is NOT pushed down by default: our name filter is a substring match, and an exact-matching
 *   SimPay would silently miss customers; `SIMPAY_NAME_PUSH_DOWN=true` turns it on. The cost of
 *   leaving it off: a name search scans up to `maxRequests` pages of 100 customers per page asked.
 * - status: SimPay has no status filter, so it is applied by us; DELETED sends
 *   `IncludeDeleted=true` (deleted customers are hidden otherwise), LEAD never matches a SimPay
 *   customer, so no request is sent.
 * The list is a bare array without a total (docs/providers/simpay.md §3), so `totalCount` is only
 * known when a page scanned the whole result set; a `{ Pagination: { TotalRecordCount } }` wrapper
 * is tolerated.
 */
import type { Customer } from "../../model/customer.js";
import {
  collectCustomerPage,
  normalizeCustomerFilter,
  type CustomerBatch,
  type CustomerFilter,
  type CustomerListPage,
  type CustomerListQuery,
} from "../../model/customer-list.js";
import { UpstreamUnavailableError } from "../../model/errors.js";
import type { UpstreamRequest } from "../provider-http.js";
import type { SimPayCustomerDetail } from "./simpay.wire.js";
import { isRecord } from "../json.js";

/** PageSize is a `short` (docs/providers/simpay.md §3); 100 keeps each answer small. */
export const SIMPAY_MAX_PAGE_SIZE = 100;

export interface SimPayPushDown {
  externalId: boolean;
  email: boolean;
  name: boolean;
}

export const DEFAULT_SIMPAY_PUSH_DOWN: SimPayPushDown = {
  externalId: true,
  email: true,
  name: false,
};

export interface SimPayListFilter {
  params: Record<string, string>;
  /**
   * Whether SimPay applies the whole filter exactly (never assumed: docs/providers/simpay.md §3
   * UNCONFIRMED).
   */
  exact: boolean;
  /** Whether no SimPay customer can match (no request needed). */
  empty: boolean;
}

/** The unified filter as `GET /customers` query parameters (pure). */
export function toSimPayListFilter(
  filter: CustomerFilter,
  pushDown: SimPayPushDown = DEFAULT_SIMPAY_PUSH_DOWN,
): SimPayListFilter {
  const wanted = normalizeCustomerFilter(filter);
  const none: SimPayListFilter = { params: {}, exact: true, empty: true };
  if (wanted.provider !== undefined && wanted.provider !== "SIMPAY") return none;
  // docs/providers/simpay.md §7: ActivationStatus is Pending/Active/Inactive/Deleted; LEAD has no
  // counterpart.
  if (wanted.status === "LEAD") return none;
  const params: Record<string, string> = { SortField: "CustomerKey", SortDirection: "Asc" };
  if (wanted.externalId !== undefined && pushDown.externalId) params.CustomerId = wanted.externalId;
  if (wanted.email !== undefined && pushDown.email) params.Email = wanted.email;
  if (wanted.name !== undefined && pushDown.name) params.CustomerName = wanted.name;
  if (wanted.status === "DELETED") params.IncludeDeleted = "true";
  const filtered =
    wanted.externalId !== undefined ||
    wanted.email !== undefined ||
    wanted.name !== undefined ||
    wanted.status !== undefined;
  return { params, exact: !filtered, empty: false };
}

/**
 * SimPay pages by number, we resume at any offset: the smallest PageSize (from `size` up) whose
 * one page holds all of `offset .. offset+size-1`, else the largest PageSize.
 */
export function chooseSimPayPageSize(offset: number, size: number): number {
  const wanted = Math.min(SIMPAY_MAX_PAGE_SIZE, Math.max(1, size));
  for (let pageSize = wanted; pageSize <= SIMPAY_MAX_PAGE_SIZE; pageSize += 1) {
    if (Math.floor(offset / pageSize) === Math.floor((offset + wanted - 1) / pageSize)) {
      return pageSize;
    }
  }
  return SIMPAY_MAX_PAGE_SIZE;
}

/**
 * The GET for raw items from `offset` (pure): the page that holds `offset`, and how many of its
 * leading items come before `offset`.
 */
export function toSimPayListRequest(
  params: Record<string, string>,
  offset: number,
  size: number,
): { request: UpstreamRequest; skip: number; pageSize: number } {
  const pageSize = chooseSimPayPageSize(offset, size);
  const pageNumber = Math.floor(offset / pageSize) + 1;
  return {
    request: {
      method: "GET",
      url: "customers",
      params: { ...params, PageSize: pageSize, PageNumber: pageNumber },
    },
    skip: offset - (pageNumber - 1) * pageSize,
    pageSize,
  };
}

export interface SimPayCustomerList {
  customers: SimPayCustomerDetail[];
  total: number | null;
}

/**
 * A bare array (docs/providers/simpay.md §3, like GET /registers), or a wrapper holding the array
 * beside a `Pagination` object (like the lookup endpoints); null when neither.
 */
export function readSimPayCustomerList(body: unknown): SimPayCustomerList | null {
  const isCustomer = (entry: unknown): entry is SimPayCustomerDetail =>
    isRecord(entry) && typeof entry.CustomerKey === "number";
  if (Array.isArray(body)) return { customers: body.filter(isCustomer), total: null };
  if (!isRecord(body)) return null;
  const list = Object.values(body).find(Array.isArray);
  if (!list) return null;
  const pagination = isRecord(body.Pagination) ? body.Pagination : {};
  const total = pagination.TotalRecordCount;
  return {
    customers: list.filter(isCustomer),
    total: typeof total === "number" && Number.isInteger(total) ? total : null,
  };
}

export interface SimPayListDependencies {
  /** Sends a read with the session; throws a DomainError for a status that is not 2xx. */
  read(request: UpstreamRequest): Promise<unknown>;
  toCustomer(wire: SimPayCustomerDetail): Customer;
  pushDown?: SimPayPushDown;
  /** Provider requests one page may cost at most (default 10). */
  maxRequests?: number;
  /** Raw page size when we filter ourselves (default 100). */
  scanPageSize?: number;
}

/** One page of SimPay customers matching `query.filter`, in CustomerKey order. */
export async function listSimPayCustomers(
  query: CustomerListQuery,
  dependencies: SimPayListDependencies,
): Promise<CustomerListPage> {
  const pushed = toSimPayListFilter(query.filter, dependencies.pushDown);
  if (pushed.empty) return { items: [], nextPosition: 0, hasMore: false, totalCount: 0 };
  const scanPageSize = dependencies.scanPageSize ?? SIMPAY_MAX_PAGE_SIZE;
  const fetchBatch = async (offset: number, size: number): Promise<CustomerBatch> => {
    const { request, skip, pageSize } = toSimPayListRequest(pushed.params, offset, size);
    const list = readSimPayCustomerList(await dependencies.read(request));
    if (list === null) throw new UpstreamUnavailableError("SIMPAY", { retryable: false });
    return {
      customers: list.customers.slice(skip).map((wire) => dependencies.toCustomer(wire)),
      reachedEnd: list.customers.length < pageSize,
      totalCount: list.total,
    };
  };
  return collectCustomerPage(query, fetchBatch, {
    exact: pushed.exact,
    batchSize: (wanted) => (pushed.exact ? wanted : scanPageSize),
    maxRequests: dependencies.maxRequests ?? 10,
  });
}
