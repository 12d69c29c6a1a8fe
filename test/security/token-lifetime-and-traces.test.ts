/**
 * Tokens must carry `exp` and live at most AUTH_MAX_TOKEN_LIFETIME_S; stack traces stay out of
 * responses unless the operator turns them on, with `NODE_ENV` unset (the `npm start` default);
 * demo mode shows them.
 */
import { SignJWT, type JWTPayload } from "jose";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { createCustomerSources } from "../../src/providers/registry.js";
import { createServer } from "../../src/server.js";
import { startDemo } from "../../src/demo.js";
import type { AddressInfo } from "node:net";
import {
  bearer,
  startSecurityStack,
  TEST_JWT_SECRET,
  type SecurityStack,
} from "./security-stack.js";

const READ = `query Read { customer(id: "loanpro:1001") { id } }`;
const HOUR = 3_600;
const now = () => Math.floor(Date.now() / 1000);

/** Signs exactly the claims given: no `iat` or `exp` unless listed. */
function sign(claims: JWTPayload): Promise<string> {
  return new SignJWT({ scope: "customers:read customers:write", sub: "test-user", ...claims })
    .setProtectedHeader({ alg: "HS256" })
    .sign(new TextEncoder().encode(TEST_JWT_SECRET));
}

type ResponseErrors = Array<{ extensions?: Record<string, unknown> }>;
const traces = (errors: ResponseErrors | undefined) =>
  (errors ?? []).map((error) => error.extensions?.stacktrace).filter(Boolean);

describe("token lifetime", () => {
  let security: SecurityStack;
  beforeAll(async () => {
    security = await startSecurityStack({ AUTH_JWT_SECRET: TEST_JWT_SECRET });
  });
  afterAll(() => security.close());
  beforeEach(() => security.forgetProviderCalls());

  it("answers 401 to a token without exp, before any provider call", async () => {
    const result = await security.stack.graphql(READ, {}, bearer(await sign({ iat: now() })));
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0].extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to a token issued ten years ago that expires in ten years", async () => {
    const tenYears = 10 * 365 * 24 * HOUR;
    const token = await sign({ iat: now() - tenYears, exp: now() + tenYears });
    const result = await security.stack.graphql(READ, {}, bearer(token));
    expect(result.status).toBe(401);
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to a token living 25 h (exp - iat over the 24 h default)", async () => {
    const token = await sign({ iat: now(), exp: now() + 25 * HOUR });
    expect((await security.stack.graphql(READ, {}, bearer(token))).status).toBe(401);
  });

  it("measures a token without iat from now: exp 25 h ahead is 401, 23 h ahead is served", async () => {
    const tooLong = await sign({ exp: now() + 25 * HOUR });
    expect((await security.stack.graphql(READ, {}, bearer(tooLong))).status).toBe(401);
    const fine = await sign({ exp: now() + 23 * HOUR });
    const result = await security.stack.graphql(READ, {}, bearer(fine));
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ customer: { id: "loanpro:1001" } });
  });

  it("serves a token of exactly 24 h", async () => {
    const token = await sign({ iat: now(), exp: now() + 24 * HOUR });
    expect((await security.stack.graphql(READ, {}, bearer(token))).status).toBe(200);
  });

  it("follows AUTH_MAX_TOKEN_LIFETIME_S", async () => {
    const short = await startSecurityStack({
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      AUTH_MAX_TOKEN_LIFETIME_S: "600",
    });
    try {
      const elevenMinutes = await sign({ iat: now(), exp: now() + 660 });
      expect((await short.stack.graphql(READ, {}, bearer(elevenMinutes))).status).toBe(401);
      const fiveMinutes = await sign({ iat: now(), exp: now() + 300 });
      expect((await short.stack.graphql(READ, {}, bearer(fiveMinutes))).status).toBe(200);
    } finally {
      await short.close();
    }
  });
});

describe("stack traces", () => {
  it("are absent with NODE_ENV unset and providers configured", async () => {
    const security = await startSecurityStack({});
    try {
      const validation = await security.stack.graphql("{ nope }");
      const syntax = await security.stack.graphql("{ customer(id: ");
      expect(validation.body.errors?.length).toBeGreaterThan(0);
      expect(traces(validation.body.errors)).toEqual([]);
      expect(traces(syntax.body.errors)).toEqual([]);
      expect(validation.raw).not.toContain("stacktrace");
    } finally {
      await security.close();
    }
  });

  it("are sent when GRAPHQL_STACK_TRACES=true", async () => {
    const security = await startSecurityStack({ GRAPHQL_STACK_TRACES: "true" });
    try {
      const validation = await security.stack.graphql("{ nope }");
      expect(traces(validation.body.errors).length).toBeGreaterThan(0);
    } finally {
      await security.close();
    }
  });

  it("are sent in demo mode, as `npm start` builds it with no provider configured", async () => {
    // What index.ts does: the configuration without providers, then the built-in simulators.
    let config = loadConfig({ LOG_LEVEL: "silent" });
    expect(config.stackTraces).toBe(true);
    const demo = await startDemo({ LOG_LEVEL: "silent" });
    config = { ...config, providers: demo.config.providers };
    const logger = createLogger({ level: "silent" });
    const server = await createServer({
      config,
      sources: createCustomerSources(config, logger),
      logger,
    });
    await server.start();
    await new Promise<void>((resolve) => server.httpServer.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.httpServer.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ nope }" }),
      });
      const body = (await response.json()) as { errors?: ResponseErrors };
      expect(traces(body.errors).length).toBeGreaterThan(0);
    } finally {
      await server.stop();
      await demo.close();
    }
  });

  it("stay off in demo mode with NODE_ENV=production, and can be turned off explicitly", () => {
    expect(loadConfig({ NODE_ENV: "production" }).stackTraces).toBe(false);
    expect(loadConfig({ GRAPHQL_STACK_TRACES: "false" }).stackTraces).toBe(false);
  });
});
