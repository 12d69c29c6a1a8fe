/**
 * The HTTP surface around GraphQL: health, readiness, Sandbox, CORS, request ids, access logs,
 * the federation SDL, and the committed schema.graphql (docs/architecture.md#runtime-contract,
 * docs/architecture.md#federation).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import axios from "axios";
import { renderSchemaFile } from "../../src/schema.js";
import { startLoanProSimulator } from "../../simulators/loanpro/loanpro.simulator.js";
import { startStack, useSimulatorStack } from "./harness.js";

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const get = (url: string, headers: Record<string, string> = {}) =>
  axios.get<string>(url, {
    headers,
    responseType: "text",
    transformResponse: (data: string) => data,
    validateStatus: () => true,
  });

describe("the HTTP server", () => {
  const sim = useSimulatorStack({ clearLogs: false });

  it("answers /healthz with 200 ok", async () => {
    const response = await get(`${sim.stack.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.data)).toEqual({ status: "ok" });
  });

  it("answers /readyz with 200 when every configured provider answers", async () => {
    const response = await get(`${sim.stack.origin}/readyz`);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.data)).toEqual({
      status: "ready",
      providers: {
        LOANPRO: { reachable: true, checkedAt: expect.stringMatching(ISO_INSTANT) as unknown },
        SIMPAY: { reachable: true, checkedAt: expect.stringMatching(ISO_INSTANT) as unknown },
      },
    });
  });

  it("serves the Sandbox landing page to a browser at /graphql", async () => {
    const response = await get(`${sim.stack.origin}/graphql`, { accept: "text/html" });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.data).toContain("sandbox");
  });

  it("allows a CORS preflight from Apollo Studio", async () => {
    const response = await axios.options(`${sim.stack.origin}/graphql`, {
      headers: {
        origin: "https://studio.apollographql.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,apollo-require-preflight",
      },
      validateStatus: () => true,
    });
    expect(response.status).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(
      "https://studio.apollographql.com",
    );
    expect(response.headers["access-control-allow-credentials"]).toBe("true");
    expect(response.headers["access-control-allow-methods"]).toContain("POST");
  });

  it("does not allow a CORS preflight from an unknown origin", async () => {
    const response = await axios.options(`${sim.stack.origin}/graphql`, {
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      validateStatus: () => true,
    });
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("blocks a GET query without a preflight header (CSRF prevention stays on)", async () => {
    const response = await get(`${sim.stack.origin}/graphql?query=%7B__typename%7D`);
    expect(response.status).toBe(400);
  });

  it("publishes the subgraph SDL with the Customer key through _service", async () => {
    const result = await sim.stack.graphql<{ _service: { sdl: string } }>("{ _service { sdl } }");
    expect(result.body.data?._service.sdl).toContain('@key(fields: "id")');
    expect(result.body.data?._service.sdl).toContain("https://specs.apollo.dev/federation/v2.7");
  });

  it("echoes a sane x-request-id and replaces an unsafe one", async () => {
    const kept = await sim.stack.graphql("{ __typename }", undefined, {
      "x-request-id": "abc-123",
    });
    expect(kept.headers["x-request-id"]).toBe("abc-123");
    const replaced = await sim.stack.graphql("{ __typename }", undefined, {
      "x-request-id": "has spaces and ; stuff",
    });
    expect(replaced.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("writes one access log line per request with the operation name, never the variables", async () => {
    await sim.stack.graphql(
      "query ReadForLog($id: ID!) { customer(id: $id) { id } }",
      { id: "loanpro:1001" },
      { "x-request-id": "log-test-42" },
    );
    const lines = sim.stack.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.msg === "graphql request" && line.requestId === "log-test-42");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ operationName: "ReadForLog", hasErrors: false });
    expect(typeof lines[0].durationMs).toBe("number");
    expect(JSON.stringify(lines[0])).not.toContain("loanpro:1001");
  });

  it("stays ready with a provider down and reports that provider unreachable", async () => {
    const down = await startLoanProSimulator();
    const partial = await startStack({ loanpro: down, simpay: sim.simpay });
    try {
      await down.close();
      const response = await get(`${partial.origin}/readyz`);
      expect(response.status).toBe(200);
      expect(JSON.parse(response.data)).toEqual({
        status: "ready",
        providers: {
          LOANPRO: {
            reachable: false,
            code: "UPSTREAM_UNAVAILABLE",
            checkedAt: expect.stringMatching(ISO_INSTANT) as unknown,
          },
          SIMPAY: { reachable: true, checkedAt: expect.stringMatching(ISO_INSTANT) as unknown },
        },
      });
    } finally {
      await partial.close();
    }
  });
});

describe("schema.graphql", () => {
  it("matches the SDL the code builds (run `npm run schema:emit` after a schema change)", async () => {
    const committed = readFileSync(path.join(__dirname, "..", "..", "schema.graphql"), "utf8");
    expect(committed).toBe(await renderSchemaFile());
  });
});
