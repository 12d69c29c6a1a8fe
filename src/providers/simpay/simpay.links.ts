/**
 * SimPay customers by external id (`Customer.linkedCustomers`, docs/architecture.md#linked-customers).
 * SimPay has no "any of these ids" filter: `GET /customers?CustomerId=…` takes one value
 * (docs/providers/simpay.md §3), so each distinct key costs one request (a second page only when
 * more than 100 records share it), at most `concurrency` at once. Whether SimPay matches it
 * exactly is UNCONFIRMED (docs/providers/simpay.md §3): the answer is re-checked here
 * (`groupByLinkKey`), so a substring or case-insensitive match cannot link the wrong records.
 * Deleted customers stay hidden, as SimPay's list hides them by default.
 */
import type { Customer } from "../../model/customer.js";
import { groupByLinkKey, type ExternalIdMatches } from "../../model/customer-links.js";
import { UpstreamUnavailableError } from "../../model/errors.js";
import type { UpstreamRequest } from "../provider-http.js";
import { readSimPayCustomerList, SIMPAY_MAX_PAGE_SIZE } from "./simpay.list.js";
import type { SimPayCustomerDetail } from "./simpay.wire.js";

/** Pages one key may cost at most (100 records a page). */
export const SIMPAY_LINK_MAX_PAGES = 5;

/** The GET of one page of one key's records (pure). */
export function toSimPayLinkRequest(key: string, pageNumber: number): UpstreamRequest {
  return {
    method: "GET",
    url: "customers",
    params: {
      CustomerId: key,
      SortField: "CustomerKey",
      SortDirection: "Asc",
      PageSize: SIMPAY_MAX_PAGE_SIZE,
      PageNumber: pageNumber,
    },
  };
}

export interface SimPayLinkDependencies {
  /** Sends a read with the session; throws a DomainError for a status that is not 2xx. */
  read(request: UpstreamRequest): Promise<unknown>;
  toCustomer(wire: SimPayCustomerDetail): Customer;
  /** Lookups in flight at once (SIMPAY_READ_CONCURRENCY). */
  concurrency: number;
}

async function readKey(key: string, dependencies: SimPayLinkDependencies): Promise<Customer[]> {
  const customers: Customer[] = [];
  for (let pageNumber = 1; pageNumber <= SIMPAY_LINK_MAX_PAGES; pageNumber += 1) {
    const list = readSimPayCustomerList(
      await dependencies.read(toSimPayLinkRequest(key, pageNumber)),
    );
    if (list === null) throw new UpstreamUnavailableError("SIMPAY", { retryable: false });
    customers.push(...list.customers.map((wire) => dependencies.toCustomer(wire)));
    if (list.customers.length < SIMPAY_MAX_PAGE_SIZE) return customers;
  }
  throw new UpstreamUnavailableError("SIMPAY", { retryable: false });
}

/** One lookup per distinct key, `concurrency` at a time; a failed lookup fails its key only. */
export async function findSimPayByExternalIds(
  keys: readonly string[],
  dependencies: SimPayLinkDependencies,
): Promise<ExternalIdMatches> {
  const distinct = [...new Set(keys)];
  const answer: ExternalIdMatches = new Map();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < distinct.length) {
      const key = distinct[next++];
      try {
        const customers = await readKey(key, dependencies);
        answer.set(key, groupByLinkKey([key], customers).get(key) ?? []);
      } catch (error) {
        answer.set(key, error instanceof Error ? error : new UpstreamUnavailableError("SIMPAY"));
      }
    }
  };
  const workers = Math.min(Math.max(1, dependencies.concurrency), distinct.length);
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return answer;
}
