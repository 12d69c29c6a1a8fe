/**
 * Finding LoanPro customers (docs/architecture.md#finding-customers) through the OData collection
 * `odata.svc/Customers` with `$filter`, `$orderby=id asc`, `$skip`/`$top` and
 * `$expand=PrimaryAddress,MailAddress` (docs/providers/loanpro.md §4.3). The Search endpoint (§4.4)
 * is not used: its results are flattened search documents with an unconfirmed field set, not the
 * entity the mapping reads.
 *
 * What is pushed into `$filter` (the rest is checked by `matchesCustomerFilter` on the mapped
 * customer, so a pushed clause only has to return a superset):
 * - externalId: `customId eq '…'` (exact).
 * - email: `tolower(email) eq '…'` (exact; `tolower` is OData v2, UNCONFIRMED on LoanPro).
 * - status: `tolower(status) eq '<label>'` for the configured label; OTHER is "none of the
 *   labels"; DELETED never matches a LoanPro customer, so no request is sent.
 * - name: every word of it must be a substring of one of the name fields (`substringof`, OData v2,
 *   UNCONFIRMED on LoanPro). That is a superset, not the exact answer (`displayName` depends on the
 *   customer type), so a name filter is re-checked here and `totalCount` is then unknown.
 *
 * The query string stays within LOANPRO_MAX_QUERY_LENGTH (a longer URL is refused before LoanPro
 * answers: 414/431 from the gateway): name words are pushed down only while they fit (the rest are
 * still applied here, the pushed part being a superset either way); a filter whose other clauses
 * alone do not fit is BAD_USER_INPUT, never reported as a LoanPro outage.
 */
import type { Customer, CustomerStatus } from "../../model/customer.js";
import {
  collectCustomerPage,
  normalizeCustomerFilter,
  type CustomerBatch,
  type CustomerFilter,
  type CustomerListPage,
  type CustomerListQuery,
} from "../../model/customer-list.js";
import { BadUserInputError } from "../../model/errors.js";
import { encodeQuery, type UpstreamRequest, type UpstreamResponse } from "../provider-http.js";
import type { StatusLabels } from "./loanpro.codes.js";
import { toLoanProReadError } from "./loanpro.errors.js";
import type { LoanProCustomerWire } from "./loanpro.wire.js";
import { isRecord } from "../json.js";

export const LOANPRO_CUSTOMERS_PATH = "odata.svc/Customers";
/**
 * The nested entities the mapping reads (docs/providers/loanpro.md §4.1: comma list, no spaces).
 */
export const LOANPRO_EXPAND = "PrimaryAddress,MailAddress";
/**
 * An OData page holds 50 items by default (docs/providers/loanpro.md §4.3): never ask for more at
 * once.
 */
export const LOANPRO_MAX_BATCH = 50;
/**
 * The fields a name word may be found in: the ones `displayName` is made from
 * (docs/architecture.md#field-mapping).
 */
const NAME_FIELDS = [
  "firstName",
  "middleName",
  "lastName",
  "companyName",
  "contactName",
  "email",
] as const;

/** Characters of query string (percent-encoded, without `?`) one list request may carry. */
export const LOANPRO_MAX_QUERY_LENGTH = 2_000;

export const FILTER_TOO_LONG_MESSAGE = "This filter is too long to send to LoanPro: shorten it.";

/**
 * The query length of a page request with this expression, at the largest `$skip` we send, as it
 * goes on the wire: the WHATWG URL parser under the HTTP client re-encodes some characters (`'`
 * becomes `%27`), so the encoded string is measured after the same parsing.
 */
function listQueryLength(expression: string | null): number {
  return loanProQueryLength(
    toLoanProListRequest(expression, 999_999_999, LOANPRO_MAX_BATCH).params,
  );
}

/**
 * The length of a request's query string as it goes on the wire (see `listQueryLength`): the one
 * measure every LoanPro collection request is held to LOANPRO_MAX_QUERY_LENGTH with.
 */
export function loanProQueryLength(params: UpstreamRequest["params"]): number {
  const query = encodeQuery(params);
  return Math.max(query.length, new URL(`http://host/?${query}`).search.length - 1);
}

function joinClauses(clauses: string[]): string | null {
  return clauses.length === 0 ? null : clauses.map((clause) => `(${clause})`).join(" and ");
}

/** An OData v2 string literal: quotes doubled (docs/providers/loanpro.md §4.3). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export interface LoanProListFilter {
  /** The `$filter` expression; null when nothing is pushed down. */
  expression: string | null;
  /** Whether LoanPro applies the whole filter (so `summary.total` is the exact total). */
  exact: boolean;
  /** Whether no LoanPro customer can match (no request needed). */
  empty: boolean;
}

function statusClause(status: CustomerStatus, labels: StatusLabels): string | null {
  const label = (text: string): string => `tolower(status) eq ${odataString(text.toLowerCase())}`;
  switch (status) {
    case "ACTIVE":
    case "INACTIVE":
    case "PENDING":
    case "LEAD":
      return label(labels[status]);
    case "OTHER":
      return `not (${Object.values(labels).map(label).join(" or ")})`;
    case "DELETED":
      return null;
    default: {
      const unreachable: never = status;
      throw new Error(`Unknown status ${String(unreachable)}`);
    }
  }
}

/** The unified filter as a LoanPro `$filter` (pure). */
export function toLoanProListFilter(
  filter: CustomerFilter,
  labels: StatusLabels,
  maxQueryLength: number = LOANPRO_MAX_QUERY_LENGTH,
): LoanProListFilter {
  const wanted = normalizeCustomerFilter(filter);
  const clauses: string[] = [];
  let exact = true;
  if (wanted.provider !== undefined && wanted.provider !== "LOANPRO") {
    return { expression: null, exact: true, empty: true };
  }
  if (wanted.externalId !== undefined)
    clauses.push(`customId eq ${odataString(wanted.externalId)}`);
  if (wanted.email !== undefined) {
    clauses.push(`tolower(email) eq ${odataString(wanted.email.toLowerCase())}`);
  }
  if (wanted.status !== undefined) {
    const clause = statusClause(wanted.status, labels);
    if (clause === null) return { expression: null, exact: true, empty: true };
    clauses.push(clause);
  }
  if (listQueryLength(joinClauses(clauses)) > maxQueryLength) {
    throw new BadUserInputError("filter", FILTER_TOO_LONG_MESSAGE);
  }
  if (wanted.name !== undefined) {
    exact = false;
    for (const word of wanted.name.toLowerCase().split(/\s+/).filter(Boolean)) {
      const inFields = NAME_FIELDS.map(
        (field) => `substringof(${odataString(word)}, tolower(${field}))`,
      );
      const clause = `(${inFields.join(" or ")})`;
      // Words that do not fit are left to matchesCustomerFilter: fewer words, a larger superset.
      if (listQueryLength(joinClauses([...clauses, clause])) > maxQueryLength) break;
      clauses.push(clause);
    }
  }
  return { expression: joinClauses(clauses), exact, empty: false };
}

/** The GET of one raw batch (pure). */
export function toLoanProListRequest(
  expression: string | null,
  offset: number,
  size: number,
): UpstreamRequest {
  return {
    method: "GET",
    url: LOANPRO_CUSTOMERS_PATH,
    params: {
      ...(expression === null ? {} : { $filter: expression }),
      // Ordered by the key, so offsets are stable while nothing is inserted
      // (docs/providers/loanpro.md §4.3).
      $orderby: "id asc",
      $skip: offset,
      $top: size,
      $expand: LOANPRO_EXPAND,
    },
  };
}

export interface LoanProCollection {
  results: LoanProCustomerWire[];
  total: number | null;
}

/**
 * `{"d": {"results": [...], "summary": {...}}}` (docs/providers/loanpro.md §3.1, §4.3); null when
 * not that shape.
 */
export function readLoanProCollection(body: unknown): LoanProCollection | null {
  if (!isRecord(body) || !isRecord(body.d) || !Array.isArray(body.d.results)) return null;
  const results = body.d.results.filter(
    (entry): entry is LoanProCustomerWire => isRecord(entry) && typeof entry.id === "number",
  );
  const summary = isRecord(body.d.summary) ? body.d.summary : {};
  const total =
    typeof summary.total === "number" && Number.isInteger(summary.total) ? summary.total : null;
  return { results, total };
}

export interface LoanProListDependencies {
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  toCustomer(wire: LoanProCustomerWire): Customer;
  statusLabels: StatusLabels;
  /** Provider requests one page may cost at most (default 10). */
  maxRequests?: number;
}

/** One page of LoanPro customers matching `query.filter`, in id order. */
export async function listLoanProCustomers(
  query: CustomerListQuery,
  dependencies: LoanProListDependencies,
): Promise<CustomerListPage> {
  const pushed = toLoanProListFilter(query.filter, dependencies.statusLabels);
  if (pushed.empty) return { items: [], nextPosition: 0, hasMore: false, totalCount: 0 };
  const fetchBatch = async (offset: number, size: number): Promise<CustomerBatch> => {
    const response = await dependencies.send(toLoanProListRequest(pushed.expression, offset, size));
    const collection = response.status === 200 ? readLoanProCollection(response.data) : null;
    if (collection === null) throw toLoanProReadError(response.status);
    return {
      customers: collection.results.map((wire) => dependencies.toCustomer(wire)),
      reachedEnd:
        collection.results.length < size ||
        (collection.total !== null && offset + collection.results.length >= collection.total),
      totalCount: collection.total,
    };
  };
  return collectCustomerPage(query, fetchBatch, {
    exact: pushed.exact,
    // An exact filter needs the page plus one; a name filter over-fetches a full OData page.
    batchSize: (wanted) => Math.min(LOANPRO_MAX_BATCH, pushed.exact ? wanted : LOANPRO_MAX_BATCH),
    maxRequests: dependencies.maxRequests ?? 10,
  });
}
