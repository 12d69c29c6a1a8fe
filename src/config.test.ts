/**
 * loadConfig's SimPay read concurrency (SIMPAY_READ_CONCURRENCY): default, range, and a problem
 * message that names the variable, never its value.
 */
import { ConfigError, loadConfig } from "./config.js";
import { settingsOf } from "./providers/provider-module.js";
import { DEFAULT_SIMPAY_READ_CONCURRENCY } from "./providers/simpay/simpay.config.js";
import { simPayModule } from "./providers/simpay/simpay.module.js";

const simpayOf = (env: Record<string, string>) =>
  settingsOf(loadConfig(env).providers, simPayModule);

const SIMPAY = {
  SIMPAY_API_URL: "http://127.0.0.1:9/api",
  SIMPAY_USERNAME: "user",
  SIMPAY_PASSWORD: "pass",
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("SIMPAY_READ_CONCURRENCY", () => {
  it("defaults to 8", () => {
    expect(DEFAULT_SIMPAY_READ_CONCURRENCY).toBe(8);
    expect(simpayOf(SIMPAY)?.readConcurrency).toBe(8);
    expect(simpayOf({ ...SIMPAY, SIMPAY_READ_CONCURRENCY: " " })?.readConcurrency).toBe(8);
  });

  it.each([
    ["1", 1],
    ["5", 5],
    ["64", 64],
  ])("reads %s", (raw, expected) => {
    expect(simpayOf({ ...SIMPAY, SIMPAY_READ_CONCURRENCY: raw })?.readConcurrency).toBe(expected);
  });

  it.each(["0", "65", "2.5", "-3", "eight"])(
    "refuses %s with a message naming the variable, not the value",
    (raw) => {
      const problems = problemsOf({ ...SIMPAY, SIMPAY_READ_CONCURRENCY: raw });
      expect(problems).toEqual(["SIMPAY_READ_CONCURRENCY must be an integer from 1 to 64"]);
      expect(problems.join("\n")).not.toContain(raw);
    },
  );

  it("is checked even when SimPay is not configured", () => {
    expect(problemsOf({ SIMPAY_READ_CONCURRENCY: "100" })).toEqual([
      "SIMPAY_READ_CONCURRENCY must be an integer from 1 to 64",
    ]);
  });
});

describe("shared state (REDIS_URL, LOCK_WAIT_MS, LOCK_LEASE_MS, IDEMPOTENCY_MAX_ENTRIES)", () => {
  it("keeps state in the process by default", () => {
    expect(loadConfig({}).state).toEqual({
      redisUrl: null,
      lockWaitMs: 10_000,
      lockLeaseMs: 15_000,
      idempotencyMaxEntries: 10_000,
    });
  });

  it("reads a redis:// or rediss:// URL", () => {
    expect(loadConfig({ REDIS_URL: "redis://127.0.0.1:6379/2" }).state.redisUrl).toBe(
      "redis://127.0.0.1:6379/2",
    );
    expect(loadConfig({ REDIS_URL: "rediss://cache.internal:6380" }).state.redisUrl).toBe(
      "rediss://cache.internal:6380",
    );
  });

  it("refuses another URL without repeating it (it may carry a password)", () => {
    const problems = problemsOf({ REDIS_URL: "http://user:hunter2secret@cache:6379" });
    expect(problems).toEqual(["REDIS_URL must be a redis:// or rediss:// URL"]);
    expect(problems.join(" ")).not.toContain("hunter2secret");
  });

  it("checks the ranges of the lock and store settings", () => {
    expect(
      problemsOf({ LOCK_WAIT_MS: "0", LOCK_LEASE_MS: "999", IDEMPOTENCY_MAX_ENTRIES: "0" }),
    ).toHaveLength(3);
  });
});

describe("HTTP_KEEP_ALIVE_TIMEOUT_MS", () => {
  it("defaults to 65 s, longer than a router's pooled connections stay idle", () => {
    expect(loadConfig({}).http.keepAliveTimeoutMs).toBe(65_000);
    expect(loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "120000" }).http.keepAliveTimeoutMs).toBe(
      120_000,
    );
  });

  it.each(["999", "600001", "5s"])("refuses %s with a message naming the variable", (raw) => {
    expect(problemsOf({ HTTP_KEEP_ALIVE_TIMEOUT_MS: raw })).toEqual([
      "HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer from 1000 to 600000",
    ]);
  });
});

describe("SIMPAY_ALLOW_TERRITORIES", () => {
  it("is off by default and read as a boolean", () => {
    expect(simpayOf(SIMPAY)?.allowTerritories).toBe(false);
    expect(simpayOf({ ...SIMPAY, SIMPAY_ALLOW_TERRITORIES: "true" })?.allowTerritories).toBe(true);
    expect(problemsOf({ ...SIMPAY, SIMPAY_ALLOW_TERRITORIES: "maybe" })).toEqual([
      "SIMPAY_ALLOW_TERRITORIES must be true or false",
    ]);
  });
});
