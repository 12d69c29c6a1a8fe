/**
 * loadConfig's SimPay read concurrency (SIMPAY_READ_CONCURRENCY): default, range, and a problem
 * message that names the variable, never its value.
 */
import { ConfigError, DEFAULT_SIMPAY_READ_CONCURRENCY, loadConfig } from "./config.js";

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
    expect(loadConfig(SIMPAY).simpay?.readConcurrency).toBe(8);
    expect(loadConfig({ ...SIMPAY, SIMPAY_READ_CONCURRENCY: " " }).simpay?.readConcurrency).toBe(8);
  });

  it.each([
    ["1", 1],
    ["5", 5],
    ["64", 64],
  ])("reads %s", (raw, expected) => {
    expect(loadConfig({ ...SIMPAY, SIMPAY_READ_CONCURRENCY: raw }).simpay?.readConcurrency).toBe(
      expected,
    );
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
