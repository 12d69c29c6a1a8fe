/**
 * Environment -> typed Config, checked once at start-up (docs/architecture.md#runtime-contract).
 * Every problem is collected so one start-up message names all of them; values of secrets
 * never appear in a message. This file holds the global settings; each provider module reads its
 * own (src/providers/<p>/<p>.config.ts) and `loadConfig` asks every module of the list it is given.
 */
import { readBoolean, readInteger, type Env } from "./environment.js";
import { defaultProviders } from "./providers/default-providers.js";
import type { ConfiguredProvider, ProviderModule } from "./providers/provider-module.js";
import { readTelemetryConfig, type TelemetryConfig } from "./observability/telemetry-config.js";

export type { Env } from "./environment.js";

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
    /** An idle keep-alive connection is closed after this. */
    keepAliveTimeoutMs: number;
  };
  /** `/readyz` and shutdown. */
  readiness: {
    /** How long a provider check result is reused (at most 5 s). */
    cacheMs: number;
    /** On SIGTERM, how long `/readyz` answers 503 before the server starts draining. */
    shutdownDrainDelayMs: number;
  };
  /**
   * The configured providers, in the order of the module list `loadConfig` was given (the
   * registry, the list's provider order and `/readyz` follow it). Empty: demo mode.
   */
  providers: ConfiguredProvider[];
  /** Every module of that list, configured or not (an id naming one not configured is not "invalid"). */
  providerModules: readonly ProviderModule[];
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

/** Defaults of the work limits (README.md "Configuration"). */
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
  // Longer than the idle timeout of a router's connection pool (Apollo Router 15 s, load
  // balancers often 60 s): the client, not this server, ends an idle connection, so a request
  // never meets a connection closing under it. Node's own default is 5 s.
  const keepAliveTimeoutMs = readInteger(
    env,
    "HTTP_KEEP_ALIVE_TIMEOUT_MS",
    65_000,
    [1_000, 600_000],
    problems,
  );
  return { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs };
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

/**
 * Reads and checks the global settings and, for each module of `providerModules`, that provider's
 * settings. Throws one ConfigError naming every problem.
 */
export function loadConfig(
  env: Env = process.env,
  providerModules: readonly ProviderModule[] = defaultProviders,
): Config {
  const problems: string[] = [];
  const production = env.NODE_ENV === "production";

  const providers: ConfiguredProvider[] = [];
  const names = new Set<string>();
  for (const module of providerModules) {
    if (names.has(module.name)) problems.push(`two provider modules are named ${module.name}`);
    names.add(module.name);
    const settings = module.readConfig(env, problems);
    if (settings !== null) providers.push({ module, config: settings });
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
      providers.length === 0 && !production,
      problems,
    ),
    providers,
    providerModules,
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
  return config.providers.length === 0;
}
