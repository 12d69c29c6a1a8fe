/**
 * A LoanPro LMS simulator (Customers only), faithful to docs/providers/loanpro.md §11: Bearer token
 * and `Autopal-Instance-ID` checked on every call, the `{"d": …}` envelope,
 * `__metadata`/`__deferred`, `/Date(seconds)/`, 0/1 booleans, a missing id answered with 409 (or
 * 404), OData collections with `$filter`/`$top`/`$skip`/`$orderby`/`nopaging`, and the PUT partial
 * merge including the add-instead-of-update hazard for nested addresses. It is the test backend and
 * the embedded default of `npm start`.
 */
import {
  startHttpSimulator,
  type RunningSimulator,
  type SimRequest,
  type SimResponse,
} from "../http-simulator.js";
import { FilterSyntaxError, parseFilter, type FilterRecord } from "./loanpro-filter.js";
import {
  API_PREFIX,
  NAV_PROPERTIES,
  odataError,
  renderAddress,
  renderCustomer,
  standardizedError,
} from "./loanpro-simulator.render.js";
import type { SeedCustomer, StoredAddress, StoredCustomer } from "./loanpro-simulator.types.js";
import { applyCustomerUpdate, type SimulatorState } from "./loanpro-simulator.update.js";
import { LOANPRO_SEED } from "./loanpro.seed.js";

export type { SeedCustomer, StoredAddress, StoredCustomer } from "./loanpro-simulator.types.js";
export { LOANPRO_SEED } from "./loanpro.seed.js";

export interface LoanProSimulatorOptions {
  port?: number;
  latencyMs?: number;
  token?: string;
  instanceId?: string;
  /**
   * Status for an id the simulator does not hold: 409 like LoanPro usually answers, or 404
   * (docs/providers/loanpro.md §4.1).
   */
  notFoundStatus?: 404 | 409;
  seed?: readonly SeedCustomer[];
  /** Milliseconds since the epoch, for `lastUpdate` and new addresses (default Date.now). */
  clock?: () => number;
  /**
   * Longest query string (percent-encoded, without `?`) answered; a longer one gets 414, as a
   * gateway in front of LoanPro would. Default: no limit of its own.
   */
  maxQueryLength?: number;
}

/** A stored customer as a test sees it: the raw record with its linked addresses (ids included). */
export type StoredCustomerView = StoredCustomer & {
  PrimaryAddress: StoredAddress | null;
  MailAddress: StoredAddress | null;
};

export interface LoanProSimulator extends RunningSimulator {
  /** Base URL up to and including `/api/public/api/1` (LOANPRO_API_URL). */
  apiUrl: string;
  token: string;
  instanceId: string;
  /** The stored raw record, with write-only fields (ssn, accessPassword) as stored. */
  customer(id: number): StoredCustomerView | undefined;
  /** Every address record, linked or orphaned: grows when a PUT adds instead of updating. */
  addressCount(): number;
  setNotFoundStatus(status: 404 | 409): void;
  /** See LoanProSimulatorOptions.maxQueryLength; undefined lifts the limit. */
  setMaxQueryLength(length: number | undefined): void;
}

const DEFAULT_PAGE_SIZE = 50;

function seedState(seed: readonly SeedCustomer[]): SimulatorState {
  const state: SimulatorState = { customers: new Map(), addresses: new Map(), nextAddressId: 1 };
  for (const entry of seed) {
    const { PrimaryAddress, MailAddress, ...fields } = entry;
    for (const address of [PrimaryAddress, MailAddress]) {
      if (address) state.addresses.set(address.id, { ...address });
    }
    state.customers.set(entry.id, {
      ...fields,
      primaryAddressId: PrimaryAddress?.id ?? null,
      mailAddressId: MailAddress?.id ?? null,
    });
  }
  state.nextAddressId = Math.max(5000, ...state.addresses.keys()) + 1;
  return state;
}

/** The fields `$filter` and `$orderby` may name: the customer's scalar fields. */
const FILTER_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(seedState([LOANPRO_SEED[0]]).customers.get(LOANPRO_SEED[0].id) ?? {}).filter(
    (field) => !["primaryAddressId", "mailAddressId", "accessPassword"].includes(field),
  ),
);

function headerValue(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function parseExpand(request: SimRequest): Set<string> {
  const raw = request.query.get("$expand");
  const names = new Set<string>();
  if (!raw) return names;
  for (const part of raw.split(",")) {
    // Nested paths (`PaymentAccounts/CheckingAccount`) expand their first segment here.
    const name = part.trim().split("/")[0];
    if (!NAV_PROPERTIES.has(name))
      throw new FilterSyntaxError(`Unknown navigation property ${name}`);
    names.add(name);
  }
  return names;
}

function parseCount(request: SimRequest, name: string): number | undefined {
  const raw = request.query.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw new FilterSyntaxError(`Invalid ${name}`);
  return Number(raw);
}

function sortCustomers(customers: StoredCustomer[], orderBy: string | null): StoredCustomer[] {
  if (!orderBy) return customers.sort((left, right) => left.id - right.id);
  const keys = orderBy.split(",").map((part) => {
    const [field, direction = "asc", ...rest] = part.trim().split(/\s+/);
    if (!FILTER_FIELDS.has(field) || rest.length > 0 || !/^(asc|desc)$/i.test(direction)) {
      throw new FilterSyntaxError("Invalid $orderby");
    }
    return { field, sign: direction.toLowerCase() === "desc" ? -1 : 1 };
  });
  return customers.sort((left, right) => {
    for (const { field, sign } of keys) {
      const a = (left as unknown as FilterRecord)[field] as string | number | null;
      const b = (right as unknown as FilterRecord)[field] as string | number | null;
      if (a === b) continue;
      if (a === null) return -sign;
      if (b === null) return sign;
      return (a < b ? -1 : 1) * sign;
    }
    return left.id - right.id;
  });
}

export async function startLoanProSimulator(
  options: LoanProSimulatorOptions = {},
): Promise<LoanProSimulator> {
  const token = options.token ?? "demo-loanpro-token";
  const instanceId = options.instanceId ?? "demo-instance";
  const clock = options.clock ?? Date.now;
  let notFoundStatus = options.notFoundStatus ?? 409;
  let maxQueryLength = options.maxQueryLength;
  const state = seedState(options.seed ?? LOANPRO_SEED);

  const notFound = (id: number): SimResponse => ({
    status: notFoundStatus,
    body:
      notFoundStatus === 404
        ? standardizedError(404, "Not Found", `/odata.svc/Customers(${id})`, "Resource not found")
        : {
            error: {
              message: { lang: "en-US", value: `Resource not found for the segment 'Customers'` },
              type: "EntityNotFoundException",
              code: 409,
            },
          },
  });

  const handle = (request: SimRequest): SimResponse => {
    if (maxQueryLength !== undefined && request.rawQuery.length > maxQueryLength) {
      return { status: 414, body: { error: { message: "URI Too Long" } } };
    }
    if (!request.path.startsWith(`${API_PREFIX}/`)) {
      return {
        status: 404,
        body: standardizedError(404, "Not Found", request.path, "Unknown endpoint"),
      };
    }
    // docs/providers/loanpro.md §2: both headers, the literal "Bearer"; header names are
    // case-insensitive.
    if (
      headerValue(request, "authorization") !== `Bearer ${token}` ||
      headerValue(request, "autopal-instance-id") !== instanceId
    ) {
      return {
        status: 401,
        body: standardizedError(401, "Unauthorized", request.path, "Invalid API credentials"),
      };
    }
    const route = request.path.slice(API_PREFIX.length + 1);
    const host = headerValue(request, "host") ?? "127.0.0.1";
    try {
      if (route === "odata.svc/Customers" && request.method === "GET") {
        return listCustomers(request, host);
      }
      const match = /^odata\.svc\/Customers\((?:id=)?([^)]*)\)(?:\/(\w+))?$/.exec(route);
      if (!match) {
        return {
          status: 404,
          body: standardizedError(404, "Not Found", request.path, "Unknown endpoint"),
        };
      }
      if (!/^\d+$/.test(match[1])) {
        return { status: 409, body: odataError("Invalid entity key", "BadRequestException") };
      }
      const id = Number(match[1]);
      const customer = state.customers.get(id);
      if (!customer) return notFound(id);
      const nav = match[2];
      if (nav !== undefined) {
        if (request.method !== "GET" || !NAV_PROPERTIES.has(nav)) {
          return { status: 409, body: odataError("Unsupported request", "BadRequestException") };
        }
        const addressId =
          nav === "PrimaryAddress"
            ? customer.primaryAddressId
            : nav === "MailAddress"
              ? customer.mailAddressId
              : undefined;
        if (addressId === undefined) return { status: 200, body: { d: { results: [] } } };
        const address = addressId === null ? undefined : state.addresses.get(addressId);
        return { status: 200, body: { d: address ? renderAddress(address, host) : null } };
      }
      if (request.method === "GET") {
        return {
          status: 200,
          body: { d: renderCustomer(customer, state.addresses, parseExpand(request), host) },
        };
      }
      if (request.method === "PUT") {
        const outcome = applyCustomerUpdate(state, id, request.body, Math.floor(clock() / 1000));
        if (!outcome.ok) return { status: outcome.status, body: outcome.body };
        const updated = state.customers.get(id) as StoredCustomer;
        return {
          status: 200,
          body: { d: renderCustomer(updated, state.addresses, new Set(), host) },
        };
      }
      return { status: 409, body: odataError("Unsupported method", "BadRequestException") };
    } catch (error) {
      if (error instanceof FilterSyntaxError) {
        return { status: 409, body: odataError(error.message, "ODataSyntaxException") };
      }
      throw error;
    }
  };

  const listCustomers = (request: SimRequest, host: string): SimResponse => {
    const expand = parseExpand(request);
    const top = parseCount(request, "$top");
    const skip = parseCount(request, "$skip") ?? 0;
    const filter = request.query.get("$filter");
    const predicate = filter ? parseFilter(filter, FILTER_FIELDS) : () => true;
    const matching = sortCustomers(
      [...state.customers.values()].filter((customer) =>
        predicate(customer as unknown as FilterRecord),
      ),
      request.query.get("$orderby"),
    );
    // `nopaging` lifts the 50-item cap but leaves summary.pageSize as it was
    // (docs/providers/loanpro.md §4.3).
    const pageSize = top ?? DEFAULT_PAGE_SIZE;
    const limit = request.query.has("nopaging") && top === undefined ? Infinity : pageSize;
    const page = matching.slice(skip, skip + limit);
    return {
      status: 200,
      body: {
        d: {
          results: page.map((customer) => renderCustomer(customer, state.addresses, expand, host)),
          summary: { start: skip, pageSize, total: matching.length },
        },
      },
    };
  };

  const running = await startHttpSimulator(handle, {
    port: options.port,
    latencyMs: options.latencyMs,
  });

  return {
    origin: running.origin,
    port: running.port,
    requests: running.requests,
    inject: (fault) => running.inject(fault),
    clearLog: () => running.clearLog(),
    setLatency: (latencyMs) => running.setLatency(latencyMs),
    close: () => running.close(),
    apiUrl: `${running.origin}${API_PREFIX}`,
    token,
    instanceId,
    customer(id) {
      const customer = state.customers.get(id);
      if (!customer) return undefined;
      const linked = (addressId: number | null): StoredAddress | null => {
        const address = addressId === null ? undefined : state.addresses.get(addressId);
        return address ? { ...address } : null;
      };
      return {
        ...customer,
        PrimaryAddress: linked(customer.primaryAddressId),
        MailAddress: linked(customer.mailAddressId),
      };
    },
    addressCount: () => state.addresses.size,
    setNotFoundStatus(status) {
      notFoundStatus = status;
    },
    setMaxQueryLength(length) {
      maxQueryLength = length;
    },
  };
}
