/**
 * Environment -> typed Config, checked once at start-up (docs/architecture.md#runtime-contract).
 * Every problem is collected so one start-up message names all of them; values of secrets
 * never appear in a message.
 */

import { readTelemetryConfig, type TelemetryConfig } from "./observability/telemetry-config.js";

export interface LoanProConfig {
  /** Up to and including `/api/public/api/1`. */
  apiUrl: string;
  token: string;
  instanceId: string;
  /**
   * Status label text per writable status (docs/providers/loanpro.md §8: the tenant's labels).
   * Reads match case-insensitively against these; anything else is OTHER.
   */
  statusLabels: { ACTIVE: string; INACTIVE: string; PENDING: string; LEAD: string };
  /**
   * Whether `null` in the input is sent as JSON null to clear a field
   * (docs/providers/loanpro.md §6: [U]).
   */
  nullClearsField: boolean;
}

export interface SimPayConfig {
  /** Up to and including `/api`. */
  apiUrl: string;
  username: string;
  password: string;
  /**
   * How zone-less timestamps are read (docs/providers/simpay.md §8: UNCONFIRMED): "UTC" or a fixed
   * offset such as "-05:00".
   */
  timestampOffset: string;
  /**
   * At most this many customer GETs at once when many customers are read together (`_entities`,
   * getMany): SimPay has no batch read (docs/providers/simpay.md §3). `SIMPAY_READ_CONCURRENCY`;
   * absent in a config built by hand, which means DEFAULT_SIMPAY_READ_CONCURRENCY.
   */
  readConcurrency?: number;
  /**
   * Whether the `customers` name filter is sent to SimPay as `CustomerName`
   * (docs/providers/simpay.md §3 leaves exact-vs-substring matching UNCONFIRMED; off, the product
   * filters a scan itself). `SIMPAY_NAME_PUSH_DOWN`; absent in a config built by hand, which means
   * off.
   */
  namePushDown?: boolean;
}

/** Default of `SIMPAY_READ_CONCURRENCY`. */
export const DEFAULT_SIMPAY_READ_CONCURRENCY = 8;

/**
 * Caller authentication (docs/architecture.md#caller-security): off unless one of these is set.
 * HS256 with a shared secret, or asymmetric keys from a JWKS URL; never both.
 */
export interface AuthConfig {
  jwtSecret: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  /** Longest accepted token lifetime (`exp` - `iat`, or `exp` - now without `iat`), seconds. */
  maxTokenLifetimeSeconds: number;
}

/** Default of `AUTH_MAX_TOKEN_LIFETIME_S`: 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_S = 86_400;

/**
 * GraphQL Armor limits (docs/architecture.md#query-limits); see src/security/query-limits.ts for
 * the measurements.
 */
export interface QueryLimitsConfig {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/** Shared state: the per-customer write lock and the idempotency store. */
export interface StateConfig {
  /**
   * `REDIS_URL`: when set, the lock and the idempotency keys live in this Redis, shared by every
   * replica; when null, in this process only.
   */
  redisUrl: string | null;
  /** How long an update waits for its customer's write lock (`LOCK_WAIT_MS`). */
  lockWaitMs: number;
  /** Lifetime of a Redis lock, extended while held (`LOCK_LEASE_MS`). */
  lockLeaseMs: number;
  /** Most outcomes the in-memory idempotency store keeps (`IDEMPOTENCY_MAX_ENTRIES`). */
  idempotencyMaxEntries: number;
}

export interface Config {
  port: number;
  host: string;
  logLevel: string;
  /** Introspection and the Sandbox landing page (on unless the operator turns them off). */
  introspection: boolean;
  landingPage: boolean;
  /** Field suggestions are hidden when true (NODE_ENV=production). */
  production: boolean;
  /**
   * `extensions.stacktrace` in error responses: `GRAPHQL_STACK_TRACES`; off unless set, except in
   * demo mode (no provider configured), where it defaults to on.
   */
  stackTraces: boolean;
  /** Overall deadline of one upstream call (queue and retries included). */
  upstreamTimeoutMs: number;
  /** Attempts of a read in all, retries included (1 turns read retries off). */
  upstreamReadAttempts: number;
  /** Upstream calls in flight at once per provider. */
  upstreamMaxConcurrency: number;
  /** Circuit breaker per provider: failure ratio over a window with a minimum number of calls. */
  breaker: {
    failureRatio: number;
    windowMs: number;
    minimumCalls: number;
    halfOpenAfterMs: number;
    /** Consecutive provider-side failures that open it whatever the rate (0 turns the rule off). */
    consecutiveFailures: number;
  };
  /** Limits on the work one request can cause. */
  limits: {
    /** Representations one `_entities` field may carry. */
    maxEntitiesPerRequest: number;
    /** Provider HTTP calls one GraphQL request may make (retries and logins included). */
    maxUpstreamCallsPerRequest: number;
  };
  /** Node HTTP server timeouts against slow clients. */
  http: {
    /** All request headers must arrive within this. */
    headersTimeoutMs: number;
    /** The whole request (headers and body) must arrive within this. */
    requestTimeoutMs: number;
  };
  /** `/readyz` and shutdown. */
  readiness: {
    /** How long a provider check result is reused (at most 5 s). */
    cacheMs: number;
    /** On SIGTERM, how long `/readyz` answers 503 before the server starts draining. */
    shutdownDrainDelayMs: number;
  };
  loanpro: LoanProConfig | null;
  simpay: SimPayConfig | null;
  /** null: no caller authentication (the demo default). */
  auth: AuthConfig | null;
  /** When set, every request to `/graphql` must carry it in `x-router-secret`. */
  routerSecret: string | null;
  queryLimits: QueryLimitsConfig;
  /**
   * HMAC key of the `customers` cursors (`CURSOR_SECRET`). Null: a random key per
   * process, so cursors do not survive a restart nor work across replicas.
   */
  cursorSecret: string | null;
  state: StateConfig;
  /** Metrics port, federated tracing, OpenTelemetry export (src/observability/telemetry-config.ts). */
  telemetry: TelemetryConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

const DEFAULT_STATUS_LABELS = {
  ACTIVE: "Active",
  INACTIVE: "Inactive",
  PENDING: "Pending",
  LEAD: "Lead",
};

function readBoolean(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  problems.push(`${name} must be true or false`);
  return fallback;
}

function readInteger(
  env: Env,
  name: string,
  fallback: number,
  range: [number, number],
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    problems.push(`${name} must be an integer from ${range[0]} to ${range[1]}`);
    return fallback;
  }
  return value;
}

function readUrl(env: Env, name: string, problems: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    return raw.replace(/\/+$/, "");
  } catch {
    problems.push(`${name} must be an http(s) URL`);
    return undefined;
  }
}

function requireAll(env: Env, names: string[], because: string, problems: string[]): void {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) problems.push(`${because} but ${missing.join(", ")} is not set`);
}

function readStatusLabels(env: Env, problems: string[]): LoanProConfig["statusLabels"] {
  const raw = env.LOANPRO_STATUS_LABELS?.trim();
  if (!raw) return { ...DEFAULT_STATUS_LABELS };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    const labels = { ...DEFAULT_STATUS_LABELS };
    for (const [key, value] of Object.entries(parsed)) {
      if (!(key in labels) || typeof value !== "string" || value.trim() === "") {
        throw new Error("bad entry");
      }
      labels[key as keyof typeof labels] = value;
    }
    return labels;
  } catch {
    problems.push(
      'LOANPRO_STATUS_LABELS must be a JSON object such as {"ACTIVE":"Active","LEAD":"Prospect"}',
    );
    return { ...DEFAULT_STATUS_LABELS };
  }
}

/** RFC 7518 §3.2: an HS256 key must be at least 256 bits. */
const MINIMUM_JWT_SECRET_LENGTH = 32;
const MINIMUM_ROUTER_SECRET_LENGTH = 16;
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function readAuth(env: Env, problems: string[]): AuthConfig | null {
  const jwtSecret = env.AUTH_JWT_SECRET?.trim() || null;
  const jwksRaw = env.AUTH_JWKS_URL?.trim() || null;
  const issuer = env.AUTH_ISSUER?.trim() || null;
  const audience = env.AUTH_AUDIENCE?.trim() || null;
  if (jwtSecret && jwksRaw) {
    problems.push("AUTH_JWT_SECRET and AUTH_JWKS_URL are both set: set only one");
  }
  if (jwtSecret && jwtSecret.length < MINIMUM_JWT_SECRET_LENGTH) {
    problems.push(`AUTH_JWT_SECRET must be at least ${MINIMUM_JWT_SECRET_LENGTH} characters`);
  }
  let jwksUrl: string | null = null;
  if (jwksRaw) {
    try {
      const url = new URL(jwksRaw);
      // Keys fetched over plain HTTP could be swapped in transit; loopback is for tests and dev.
      const secure =
        url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
      if (!secure) throw new Error("insecure");
      jwksUrl = url.toString();
    } catch {
      problems.push("AUTH_JWKS_URL must be an https URL (http only on localhost)");
    }
  }
  const maxTokenLifetimeSeconds = readInteger(
    env,
    "AUTH_MAX_TOKEN_LIFETIME_S",
    DEFAULT_MAX_TOKEN_LIFETIME_S,
    [60, 31_536_000],
    problems,
  );
  if (!jwtSecret && !jwksRaw) {
    if (issuer || audience) {
      problems.push(
        "AUTH_ISSUER or AUTH_AUDIENCE is set but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is",
      );
    }
    return null;
  }
  return { jwtSecret, jwksUrl, issuer, audience, maxTokenLifetimeSeconds };
}

function readRouterSecret(env: Env, problems: string[]): string | null {
  const secret = env.ROUTER_SECRET?.trim();
  if (!secret) return null;
  if (secret.length < MINIMUM_ROUTER_SECRET_LENGTH) {
    problems.push(`ROUTER_SECRET must be at least ${MINIMUM_ROUTER_SECRET_LENGTH} characters`);
  }
  return secret;
}

function readQueryLimits(env: Env, problems: string[]): QueryLimitsConfig {
  return {
    maxDepth: readInteger(env, "GRAPHQL_MAX_DEPTH", 7, [1, 100], problems),
    maxCost: readInteger(env, "GRAPHQL_MAX_COST", 50_000, [1, 10_000_000], problems),
    maxAliases: readInteger(env, "GRAPHQL_MAX_ALIASES", 15, [0, 1_000], problems),
    maxDirectives: readInteger(env, "GRAPHQL_MAX_DIRECTIVES", 50, [0, 1_000], problems),
    maxTokens: readInteger(env, "GRAPHQL_MAX_TOKENS", 1_000, [100, 100_000], problems),
  };
}

/** Defaults of the work limits (README, Configuration). */
export const DEFAULT_MAX_ENTITIES_PER_REQUEST = 500;
export const DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST = 200;
export const DEFAULT_BREAKER_CONSECUTIVE_FAILURES = 20;

function readHttpTimeouts(env: Env, problems: string[]): Config["http"] {
  const headersTimeoutMs = readInteger(
    env,
    "HTTP_HEADERS_TIMEOUT_MS",
    10_000,
    [100, 600_000],
    problems,
  );
  const requestTimeoutMs = readInteger(
    env,
    "HTTP_REQUEST_TIMEOUT_MS",
    30_000,
    [100, 600_000],
    problems,
  );
  // Node checks the header deadline only while the request deadline has not passed.
  if (requestTimeoutMs < headersTimeoutMs) {
    problems.push("HTTP_REQUEST_TIMEOUT_MS must not be below HTTP_HEADERS_TIMEOUT_MS");
  }
  return { headersTimeoutMs, requestTimeoutMs };
}

function readState(env: Env, problems: string[]): StateConfig {
  const raw = env.REDIS_URL?.trim() || null;
  let redisUrl: string | null = null;
  if (raw) {
    try {
      const url = new URL(raw);
      if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new Error("protocol");
      redisUrl = raw;
    } catch {
      // The URL may carry a password: the message does not repeat it.
      problems.push("REDIS_URL must be a redis:// or rediss:// URL");
    }
  }
  return {
    redisUrl,
    lockWaitMs: readInteger(env, "LOCK_WAIT_MS", 10_000, [10, 600_000], problems),
    lockLeaseMs: readInteger(env, "LOCK_LEASE_MS", 15_000, [1_000, 600_000], problems),
    idempotencyMaxEntries: readInteger(
      env,
      "IDEMPOTENCY_MAX_ENTRIES",
      10_000,
      [1, 10_000_000],
      problems,
    ),
  };
}

function readCursorSecret(env: Env, problems: string[]): string | null {
  const secret = env.CURSOR_SECRET?.trim();
  if (!secret) return null;
  if (secret.length < 16) problems.push("CURSOR_SECRET must be at least 16 characters");
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";

  let loanpro: LoanProConfig | null = null;
  const loanproUrl = readUrl(env, "LOANPRO_API_URL", problems);
  const statusLabels = readStatusLabels(env, problems);
  const nullClearsField = readBoolean(env, "LOANPRO_NULL_CLEARS_FIELD", true, problems);
  if (loanproUrl) {
    requireAll(
      env,
      ["LOANPRO_API_TOKEN", "LOANPRO_INSTANCE_ID"],
      "LOANPRO_API_URL is set",
      problems,
    );
    loanpro = {
      apiUrl: loanproUrl,
      token: env.LOANPRO_API_TOKEN?.trim() ?? "",
      instanceId: env.LOANPRO_INSTANCE_ID?.trim() ?? "",
      statusLabels,
      nullClearsField,
    };
  }

  let simpay: SimPayConfig | null = null;
  const simpayUrl = readUrl(env, "SIMPAY_API_URL", problems);
  const timestampOffset = env.SIMPAY_TIMESTAMP_OFFSET?.trim() || "UTC";
  if (timestampOffset !== "UTC" && !/^[+-](0\d|1[0-4]):[0-5]\d$/.test(timestampOffset)) {
    problems.push('SIMPAY_TIMESTAMP_OFFSET must be "UTC" or an offset such as "-05:00"');
  }
  const readConcurrency = readInteger(
    env,
    "SIMPAY_READ_CONCURRENCY",
    DEFAULT_SIMPAY_READ_CONCURRENCY,
    [1, 64],
    problems,
  );
  const namePushDown = readBoolean(env, "SIMPAY_NAME_PUSH_DOWN", false, problems);
  if (simpayUrl) {
    requireAll(env, ["SIMPAY_USERNAME", "SIMPAY_PASSWORD"], "SIMPAY_API_URL is set", problems);
    simpay = {
      apiUrl: simpayUrl,
      username: env.SIMPAY_USERNAME?.trim() ?? "",
      password: env.SIMPAY_PASSWORD ?? "",
      timestampOffset,
      readConcurrency,
      namePushDown,
    };
  }

  const config: Config = {
    port: readInteger(env, "PORT", 4000, [0, 65535], problems),
    host: env.HOST?.trim() || "0.0.0.0",
    logLevel: env.LOG_LEVEL?.trim() || "info",
    introspection: readBoolean(env, "GRAPHQL_INTROSPECTION", true, problems),
    landingPage: readBoolean(env, "GRAPHQL_LANDING_PAGE", true, problems),
    production,
    upstreamTimeoutMs: readInteger(env, "UPSTREAM_TIMEOUT_MS", 5_000, [100, 120_000], problems),
    upstreamReadAttempts: readInteger(env, "UPSTREAM_READ_ATTEMPTS", 3, [1, 10], problems),
    upstreamMaxConcurrency: readInteger(env, "UPSTREAM_MAX_CONCURRENCY", 64, [1, 10_000], problems),
    breaker: {
      failureRatio: readInteger(env, "BREAKER_FAILURE_PERCENT", 50, [1, 100], problems) / 100,
      windowMs: readInteger(env, "BREAKER_WINDOW_MS", 30_000, [1_000, 600_000], problems),
      minimumCalls: readInteger(env, "BREAKER_MINIMUM_CALLS", 20, [1, 100_000], problems),
      halfOpenAfterMs: readInteger(
        env,
        "BREAKER_HALF_OPEN_AFTER_MS",
        10_000,
        [100, 600_000],
        problems,
      ),
      consecutiveFailures: readInteger(
        env,
        "BREAKER_CONSECUTIVE_FAILURES",
        DEFAULT_BREAKER_CONSECUTIVE_FAILURES,
        [0, 100_000],
        problems,
      ),
    },
    limits: {
      maxEntitiesPerRequest: readInteger(
        env,
        "MAX_ENTITIES_PER_REQUEST",
        DEFAULT_MAX_ENTITIES_PER_REQUEST,
        [1, 100_000],
        problems,
      ),
      maxUpstreamCallsPerRequest: readInteger(
        env,
        "MAX_UPSTREAM_CALLS_PER_REQUEST",
        DEFAULT_MAX_UPSTREAM_CALLS_PER_REQUEST,
        [1, 100_000],
        problems,
      ),
    },
    http: readHttpTimeouts(env, problems),
    readiness: {
      cacheMs: readInteger(env, "READINESS_CACHE_MS", 5_000, [0, 5_000], problems),
      shutdownDrainDelayMs: readInteger(
        env,
        "SHUTDOWN_DRAIN_DELAY_MS",
        5_000,
        [0, 300_000],
        problems,
      ),
    },
    stackTraces: readBoolean(
      env,
      "GRAPHQL_STACK_TRACES",
      !loanproUrl && !simpayUrl && !production,
      problems,
    ),
    loanpro,
    simpay,
    auth: readAuth(env, problems),
    routerSecret: readRouterSecret(env, problems),
    queryLimits: readQueryLimits(env, problems),
    cursorSecret: readCursorSecret(env, problems),
    state: readState(env, problems),
    telemetry: readTelemetryConfig(env, problems),
  };
  const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
  if (!levels.includes(config.logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${levels.join(", ")}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Demo mode: no provider configured, so `npm start` runs the built-in simulators. */
export function isDemoMode(config: Config): boolean {
  return config.loanpro === null && config.simpay === null;
}
