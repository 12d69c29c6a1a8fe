/**
 * The security variables of loadConfig (docs/architecture.md#caller-security,
 * docs/architecture.md#query-limits): off by default, and a bad combination stops start-up with a
 * message that names the variable (never its value).
 */
import { ConfigError, loadConfig } from "../../src/config.js";

const SECRET = "a-shared-secret-that-is-32-chars-long!";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("security configuration", () => {
  it("turns access control and the router secret off by default, with Armor's limits on", () => {
    const config = loadConfig({});
    expect(config.auth).toBeNull();
    expect(config.routerSecret).toBeNull();
    expect(config.queryLimits).toEqual({
      maxDepth: 7,
      maxCost: 50_000,
      maxAliases: 15,
      maxDirectives: 50,
      maxTokens: 1_000,
    });
  });

  it("reads an HS256 secret with issuer and audience", () => {
    const config = loadConfig({
      AUTH_JWT_SECRET: SECRET,
      AUTH_ISSUER: "iss",
      AUTH_AUDIENCE: "aud",
    });
    expect(config.auth).toEqual({
      jwtSecret: SECRET,
      jwksUrl: null,
      issuer: "iss",
      audience: "aud",
      maxTokenLifetimeSeconds: 86_400,
    });
  });

  it("refuses both a JWT secret and a JWKS URL, naming both variables", () => {
    const problems = problemsOf({
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWKS_URL: "https://idp.test/jwks",
    });
    expect(problems).toEqual(["AUTH_JWT_SECRET and AUTH_JWKS_URL are both set: set only one"]);
  });

  it("refuses a JWKS URL over plain http outside localhost, and accepts it on loopback", () => {
    expect(problemsOf({ AUTH_JWKS_URL: "http://idp.test/jwks" })).toEqual([
      "AUTH_JWKS_URL must be an https URL (http only on localhost)",
    ]);
    expect(loadConfig({ AUTH_JWKS_URL: "http://127.0.0.1:9999/jwks" }).auth?.jwksUrl).toBe(
      "http://127.0.0.1:9999/jwks",
    );
  });

  it("refuses a short JWT secret without quoting it", () => {
    const problems = problemsOf({ AUTH_JWT_SECRET: "short-sentinel" });
    expect(problems).toEqual(["AUTH_JWT_SECRET must be at least 32 characters"]);
    expect(problems.join("")).not.toContain("short-sentinel");
  });

  it("refuses an issuer or audience without a way to verify tokens", () => {
    expect(problemsOf({ AUTH_AUDIENCE: "aud" })).toEqual([
      "AUTH_ISSUER or AUTH_AUDIENCE is set but neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is",
    ]);
  });

  it("refuses a short router secret", () => {
    expect(problemsOf({ ROUTER_SECRET: "abc" })).toEqual([
      "ROUTER_SECRET must be at least 16 characters",
    ]);
  });

  it("reads the query limits from the environment", () => {
    const config = loadConfig({ GRAPHQL_MAX_DEPTH: "10", GRAPHQL_MAX_ALIASES: "3" });
    expect(config.queryLimits).toMatchObject({ maxDepth: 10, maxAliases: 3 });
    expect(problemsOf({ GRAPHQL_MAX_DEPTH: "deep" })).toEqual([
      "GRAPHQL_MAX_DEPTH must be an integer from 1 to 100",
    ]);
  });
});
