/**
 * A local SimPay (Syntch gateway, ServiceStack) for the embedded default and for tests, faithful to
 * docs/providers/simpay.md: credentials login with session cookies and a bearer token, 401/403
 * bodies, the customer list/read/PATCH routes with PATCH's rules, zone-less 7-digit timestamps.
 *
 * Choices where docs/providers/simpay.md is UNCONFIRMED (each an option where a test may need the
 * other one): unknown key -> 404 (`notFoundStatus`); PATCH enforces the documented "DefaultContact
 * required" and "billing or shipping address" rules (`enforcePatchRequired`); a nested object in
 * PATCH replaces the stored one wholesale (docs/providers/simpay.md §5); list filters are
 * case-insensitive "contains" for names and e-mail, exact for ids; PUT/POST/DELETE on customers
 * answer 405 (not simulated).
 */
import { randomBytes } from "node:crypto";
import {
  startHttpSimulator,
  type RecordedRequest,
  type RunningSimulator,
  type SimRequest,
  type SimResponse,
} from "../http-simulator.js";
import type {
  SimPayContact,
  SimPayCustomerDetail,
  SimPayFieldError,
} from "./simpay-simulator.wire.js";
import {
  ACTIVATION_STATUS_NAMES,
  checkSimPayPatch,
  type SimPayRuleOptions,
} from "./simpay.rules.js";
import { formatSimPayTimestamp, simPaySeedCustomers } from "./simpay.seed.js";

export interface SimPaySimulatorOptions {
  port?: number;
  /** Added to every customer/login answer, counted as "in flight" (see maxInFlight). */
  latencyMs?: number;
  username?: string;
  password?: string;
  /**
   * "Merchant" (default) or "Reseller" may read customers; any other role gets 403
   * (docs/providers/simpay.md §2).
   */
  role?: string;
  /** Session lifetime (docs/providers/simpay.md §2: ~1 h per integrators, UNCONFIRMED). */
  sessionTtlMs?: number;
  /** Whether login returns a BearerToken (default true; UNCONFIRMED which SimPay uses). */
  bearerToken?: boolean;
  /** Customers to start with (default: simPaySeedCustomers()). */
  seed?: SimPayCustomerDetail[];
  /** Status for an unknown customer key (default 404; UNCONFIRMED, docs/providers/simpay.md §9). */
  notFoundStatus?: number;
  enforcePatchRequired?: boolean;
  allowTerritories?: boolean;
  /**
   * How `GET /customers` matches `CustomerName` (docs/providers/simpay.md §3 leaves it
   * UNCONFIRMED): "substring" (default, case-insensitive contains) or "exact" (case-sensitive
   * equality).
   */
  nameMatch?: "substring" | "exact";
}

export interface SimPaySimulator extends RunningSimulator {
  /** Origin + "/api": what SIMPAY_API_URL points at. */
  apiUrl: string;
  username: string;
  password: string;
  /** Ends every session: the next customer call answers 401. */
  expireSessions(): void;
  /** Successful and failed login requests received. */
  loginCount(): number;
  /** A copy of a stored record, as GET would answer it. */
  customer(customerKey: number): SimPayCustomerDetail | undefined;
  customers(): SimPayCustomerDetail[];
  /** Requests to /api/customers..., optionally of one method. */
  customerRequests(method?: string): RecordedRequest[];
  /** The most customer/login requests handled at once since start or resetInFlight(). */
  maxInFlight(): number;
  resetInFlight(): void;
  setNameMatch(mode: "substring" | "exact"): void;
}

interface Session {
  expiresAt: number;
  roles: string[];
}

const CUSTOMER_ROLES = ["merchant", "reseller"];

function status(
  code: number,
  errorCode: string,
  message: string,
  errors?: SimPayFieldError[],
): SimResponse {
  return {
    status: code,
    body: {
      ResponseStatus: {
        ErrorCode: errorCode,
        Message: message,
        ...(errors ? { Errors: errors } : {}),
      },
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * ServiceStack omits null members (docs/providers/simpay.md §6); stored records never hold nulls.
 */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null && member !== undefined)
      .map(([key, member]) => [key, withoutNulls(member)]),
  ) as T;
}

/** ServiceStack binds JSON members case-insensitively (docs/providers/simpay.md §8 [SS]). */
function member(body: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : body[key];
}

function cookiesOf(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index > 0) cookies.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  return cookies;
}

const SORT_FIELDS: Record<string, (customer: SimPayCustomerDetail) => string | number> = {
  customerid: (customer) => customer.CustomerID ?? "",
  customername: (customer) => customer.CustomerName ?? "",
  lastname: (customer) => customer.DefaultContact?.LastName ?? "",
  firstname: (customer) => customer.DefaultContact?.FirstName ?? "",
  email: (customer) => customer.DefaultContact?.EmailAddress ?? "",
  activationstatus: (customer) => customer.ActivationStatus ?? "",
  merchantkey: (customer) => customer.MerchantKey ?? 0,
  customerkey: (customer) => customer.CustomerKey,
};

export async function startSimPaySimulator(
  options: SimPaySimulatorOptions = {},
): Promise<SimPaySimulator> {
  const username = options.username ?? "demo-api-user";
  const password = options.password ?? "demo-password";
  const role = options.role ?? "Merchant";
  const sessionTtlMs = options.sessionTtlMs ?? 3_600_000;
  const notFoundStatus = options.notFoundStatus ?? 404;
  const rules: SimPayRuleOptions = {
    enforcePatchRequired: options.enforcePatchRequired ?? true,
    allowTerritories: options.allowTerritories ?? false,
  };
  const store = new Map<number, SimPayCustomerDetail>();
  for (const customer of options.seed ?? simPaySeedCustomers()) {
    store.set(customer.CustomerKey, withoutNulls(structuredClone(customer)));
  }
  const sessions = new Map<string, Session>();
  let latencyMs = options.latencyMs ?? 0;
  let nameMatch = options.nameMatch ?? "substring";
  let logins = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  function authenticate(request: SimRequest): SimResponse {
    logins += 1;
    const body =
      typeof request.body === "object" && request.body !== null
        ? (request.body as Record<string, unknown>)
        : {};
    const provider = member(body, "provider");
    if (provider !== undefined && String(provider).toLowerCase() !== "credentials") {
      return status(401, "Unauthorized", "Invalid UserName or Password");
    }
    if (member(body, "UserName") !== username || member(body, "Password") !== password) {
      return status(401, "Unauthorized", "Invalid UserName or Password");
    }
    const session: Session = { expiresAt: Date.now() + sessionTtlMs, roles: [role] };
    const sessionId = randomBytes(12).toString("base64url");
    sessions.set(`id:${sessionId}`, session);
    const setCookie = [`ss-id=${sessionId}; path=/; samesite=strict; httponly`];
    if (member(body, "RememberMe") === true) {
      const permanentId = randomBytes(12).toString("base64url");
      sessions.set(`id:${permanentId}`, session);
      setCookie.push(
        `ss-pid=${permanentId}; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/; samesite=strict; httponly`,
      );
      setCookie.push(
        "ss-opt=perm; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/; samesite=strict; httponly",
      );
    }
    let bearerToken: string | undefined;
    if (options.bearerToken ?? true) {
      bearerToken = `sim.${randomBytes(18).toString("base64url")}`;
      sessions.set(`bearer:${bearerToken}`, session);
    }
    return {
      status: 200,
      headers: { "set-cookie": setCookie },
      body: {
        UserId: "5521",
        SessionId: sessionId,
        UserName: username,
        DisplayName: "Merchant API",
        ...(bearerToken ? { BearerToken: bearerToken } : {}),
        Roles: [role],
      },
    };
  }

  /** The caller's session, a 401/403 answer when there is none or its role may not read customers. */
  function authorise(request: SimRequest): SimResponse | null {
    const header = request.headers;
    const cookies = cookiesOf(header.cookie);
    const keys: string[] = [];
    for (const name of ["ss-id", "ss-pid"]) {
      const value = cookies.get(name);
      if (value) keys.push(`id:${value}`);
    }
    for (const name of ["x-ss-id", "x-ss-pid"]) {
      const value = header[name];
      if (typeof value === "string") keys.push(`id:${value}`);
    }
    const authorization = header.authorization;
    if (authorization?.startsWith("Bearer ")) keys.push(`bearer:${authorization.slice(7)}`);
    const now = Date.now();
    const session = keys
      .map((key) => sessions.get(key))
      .find((found) => found && found.expiresAt > now);
    if (!session) {
      const answer = status(401, "Unauthorized", "Not Authenticated");
      answer.headers = { "WWW-Authenticate": 'credentials realm="/auth/credentials"' };
      return answer;
    }
    if (!session.roles.some((name) => CUSTOMER_ROLES.includes(name.toLowerCase()))) {
      return status(403, "Forbidden", "Invalid Role");
    }
    return null;
  }

  function list(query: URLSearchParams): SimResponse {
    const parameter = (name: string): string | undefined => {
      for (const [key, value] of query) if (key.toLowerCase() === name.toLowerCase()) return value;
      return undefined;
    };
    const contains = (value: string | null | undefined, filter: string | undefined): boolean =>
      filter === undefined || (value ?? "").toLowerCase().includes(filter.toLowerCase());
    const includeDeleted = parameter("IncludeDeleted")?.toLowerCase() === "true";
    const customerKey = parameter("CustomerKey");
    const merchantKey = parameter("MerchantKey");
    let results = [...store.values()].filter(
      (customer) =>
        (includeDeleted || customer.ActivationStatus !== "Deleted") &&
        (parameter("CustomerId") === undefined ||
          customer.CustomerID === parameter("CustomerId")) &&
        (customerKey === undefined || String(customer.CustomerKey) === customerKey) &&
        (merchantKey === undefined || String(customer.MerchantKey) === merchantKey) &&
        (nameMatch === "exact"
          ? parameter("CustomerName") === undefined ||
            customer.CustomerName === parameter("CustomerName")
          : contains(customer.CustomerName, parameter("CustomerName"))) &&
        contains(customer.DefaultContact?.FirstName, parameter("FirstName")) &&
        contains(customer.DefaultContact?.LastName, parameter("LastName")) &&
        contains(customer.DefaultContact?.EmailAddress, parameter("Email")),
    );
    const sortField = SORT_FIELDS[(parameter("SortField") ?? "CustomerId").toLowerCase()];
    if (!sortField) return status(400, "ArgumentException", "Invalid SortField.");
    const direction = parameter("SortDirection")?.toLowerCase() === "desc" ? -1 : 1;
    results.sort((a, b) => {
      const left = sortField(a);
      const right = sortField(b);
      return (left < right ? -1 : left > right ? 1 : a.CustomerKey - b.CustomerKey) * direction;
    });
    const pageSize = Number(parameter("PageSize") ?? 20);
    const pageNumber = Number(parameter("PageNumber") ?? 1);
    if (
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      !Number.isInteger(pageNumber) ||
      pageNumber < 1
    ) {
      return status(400, "ArgumentException", "PageSize and PageNumber must be positive integers.");
    }
    results = results.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    // A bare JSON array, like the sister endpoint GET /registers (docs/providers/simpay.md §3).
    return { status: 200, body: results.map((customer) => structuredClone(customer)) };
  }

  function patch(record: SimPayCustomerDetail, body: unknown): SimResponse {
    const errors = checkSimPayPatch(body, rules);
    if (errors.length > 0)
      return status(
        400,
        errors[0].ErrorCode ?? "ValidationException",
        errors[0].Message ?? "",
        errors,
      );
    const input = withoutNulls(body as Record<string, unknown>);
    const next: SimPayCustomerDetail = structuredClone(record);
    const name = member(input, "CustomerName");
    if (typeof name === "string") next.CustomerName = name;
    const externalId = member(input, "CustomerId");
    if (typeof externalId === "string") next.CustomerID = externalId;
    const activation = member(input, "ActivationStatus");
    if (typeof activation === "string") {
      next.ActivationStatus = ACTIVATION_STATUS_NAMES.find(
        (known) => known.toLowerCase() === activation.toLowerCase(),
      );
    }
    // docs/providers/simpay.md §5 (UNCONFIRMED): a supplied nested object replaces the stored one
    // wholesale.
    const contact = member(input, "DefaultContact");
    if (contact !== undefined) next.DefaultContact = contact as SimPayContact;
    const billing = member(input, "BillingAddress");
    if (billing !== undefined)
      next.BillingAddress = billing as SimPayCustomerDetail["BillingAddress"];
    const shipping = member(input, "ShippingAddress");
    if (shipping !== undefined)
      next.ShippingAddress = shipping as SimPayCustomerDetail["ShippingAddress"];
    if (JSON.stringify(next) !== JSON.stringify(record)) {
      next.LastUpdateTimestamp = formatSimPayTimestamp(Date.now());
    }
    store.set(record.CustomerKey, next);
    return { status: 200, body: structuredClone(next) };
  }

  function route(request: SimRequest): SimResponse {
    const path = request.path.toLowerCase().replace(/\/+$/, "");
    if (["/api/authenticate", "/api/auth", "/api/auth/credentials"].includes(path)) {
      return request.method === "POST"
        ? authenticate(request)
        : status(405, "NotImplementedException", "Method not allowed.");
    }
    const match = /^\/api\/customers(?:\/([^/]+))?$/.exec(path);
    if (!match) return status(404, "NotFound", "Handler for request not found.");
    const denied = authorise(request);
    if (denied) return denied;
    if (match[1] === undefined) {
      if (request.method === "GET") return list(request.query);
      return status(405, "NotImplementedException", "Only GET is simulated on /customers.");
    }
    const key = Number(match[1]);
    if (!Number.isInteger(key) || key <= 0) {
      return status(400, "SerializationException", "customerKey must be an integer.");
    }
    if (request.method !== "GET" && request.method !== "PATCH") {
      return status(405, "NotImplementedException", "Method not allowed.");
    }
    const record = store.get(key);
    if (!record) return status(notFoundStatus, "NotFound", "Customer not found.");
    if (request.method === "GET") return { status: 200, body: structuredClone(record) };
    return patch(record, request.body);
  }

  const running = await startHttpSimulator(
    async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (latencyMs > 0) await sleep(latencyMs);
        return route(request);
      } finally {
        inFlight -= 1;
      }
    },
    { port: options.port },
  );

  return {
    ...running,
    get requests() {
      return running.requests;
    },
    apiUrl: `${running.origin}/api`,
    username,
    password,
    setLatency(value: number) {
      latencyMs = value;
    },
    expireSessions() {
      sessions.clear();
    },
    loginCount: () => logins,
    customer(customerKey) {
      const record = store.get(customerKey);
      return record ? structuredClone(record) : undefined;
    },
    customers: () => [...store.values()].map((record) => structuredClone(record)),
    customerRequests(method) {
      return running.requests.filter(
        (recorded) =>
          recorded.path.toLowerCase().startsWith("/api/customers") &&
          (method === undefined || recorded.method === method.toUpperCase()),
      );
    },
    maxInFlight: () => maxInFlight,
    resetInFlight() {
      maxInFlight = inFlight;
    },
    setNameMatch(mode) {
      nameMatch = mode;
    },
  };
}
