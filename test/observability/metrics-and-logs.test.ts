/**
 * `/metrics` and the log lines of one varied run through the real server and both simulators:
 * every family is served, the rarer events (a retry, a refused login, a userError, an open
 * breaker) are counted, no label holds an id or a secret, and every log line of the run is
 * strict JSON (no key twice).
 */
import net from "node:net";
import axios from "axios";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { startStack, type TestStack } from "../integration/harness.js";
import { parseStrictJson } from "./strict-json.js";

const LOANPRO_TOKEN = "lp-metrics-token-SENTINEL-7781";
const SIMPAY_PASSWORD = "sp-metrics-pass-SENTINEL-5529";
const READ = `query ReadCustomer($id: ID!) { customer(id: $id) { id email } }`;
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Customer { id } }
}`;
const UPDATE = `mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { id } userErrors { field code } }
}`;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format's samples (comments skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2];
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter(
      (sample) =>
        sample.name === name &&
        Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((total, sample) => total + sample.value, 0);
}

describe("metrics and log lines of a varied run", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let stack: TestStack;
  let text: string;
  let samples: Sample[];

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ token: LOANPRO_TOKEN, instanceId: "lp-metrics" });
    simpay = await startSimPaySimulator({ username: "sp-metrics", password: SIMPAY_PASSWORD });
    stack = await startStack({
      loanpro,
      simpay,
      env: {
        UPSTREAM_TIMEOUT_MS: "2000",
        BREAKER_MINIMUM_CALLS: "10",
        BREAKER_FAILURE_PERCENT: "50",
        BREAKER_WINDOW_MS: "10000",
        BREAKER_HALF_OPEN_AFTER_MS: "60000",
      },
    });

    // A refused SimPay login, then a successful one.
    simpay.inject({ method: "POST", path: "/authenticate", status: 401 });
    await stack.graphql(READ, { id: "simpay:48213" });
    await stack.graphql(READ, { id: "simpay:48213" });
    // A LoanPro read retried once after a 503.
    loanpro.inject({ method: "GET", path: /odata\.svc\/Customers/, status: 503 });
    await stack.graphql(READ, { id: "loanpro:1001" });
    // A batch of three LoanPro entities and an anonymous operation with a caller-chosen name.
    await stack.graphql(ENTITIES, {
      representations: ["loanpro:1001", "loanpro:1002", "loanpro:1003"].map((id) => ({
        __typename: "Customer",
        id,
      })),
    });
    await stack.graphql(`query SomeClientsOwnName_48213 { customer(id: "loanpro:1002") { id } }`);
    await stack.graphql(`{ customer(id: "loanpro:1002") { id } __typename }`);
    // A userError (nothing sent to the provider).
    await stack.graphql(UPDATE, { input: { id: "loanpro:1001", email: "not an email" } });
    // A malformed query.
    await stack.graphql(`{ customer(id: `);
    // The SimPay breaker opens on sustained 503s across many customers.
    simpay.inject({ method: "GET", path: "/customers/", status: 503, times: Infinity });
    for (let key = 48201; key <= 48212; key += 1) {
      await stack.graphql(READ, { id: `simpay:${key}` });
    }
    await stack.graphql(READ, { id: "simpay:48220" });

    // Answered before GraphQL ran: an unknown path, a body that is not JSON, a request that is
    // not HTTP (Node's parser refuses it).
    await axios.get(`${stack.origin}/nothing/48213`, { validateStatus: () => true });
    await axios.post(`${stack.origin}/graphql`, '{"query": "900-11-', {
      headers: { "content-type": "application/json" },
      validateStatus: () => true,
    });
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(new URL(stack.origin).port), "127.0.0.1", () =>
        socket.write(`GET /healthz HTTP/1.1\r\nBad Header 48213: x\r\n\r\n`),
      );
      socket.on("data", () => undefined);
      socket.on("error", () => undefined);
      socket.on("close", () => resolve());
    });

    const response = await axios.get<string>(`${stack.origin}/metrics`, {
      responseType: "text",
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    text = response.data;
    samples = parseMetrics(text);
  });

  afterAll(async () => {
    await stack.close();
    await simpay.close();
    await loanpro.close();
  });

  it("serves every family", () => {
    const families = [
      "graphql_requests_total",
      "graphql_request_duration_seconds",
      "graphql_user_errors_total",
      "entity_batch_size",
      "upstream_requests_total",
      "upstream_request_duration_seconds",
      "upstream_retries_total",
      "upstream_rejected_total",
      "circuit_breaker_state",
      "circuit_breaker_opened_total",
      "simpay_logins_total",
      "lock_wait_seconds",
      "idempotent_replays_total",
      "http_refusals_total",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ];
    for (const family of families) {
      expect(text).toContain(`# TYPE customer_subgraph_${family} `);
    }
  });

  it("counts GraphQL requests with bounded operation labels and outcomes", () => {
    const name = "customer_subgraph_graphql_requests_total";
    expect(sum(samples, name, { operation: "ReadCustomer", root_field: "customer" })).toBe(16);
    // Names that are not in examples/ or the tests' documents are "other", like anonymous ones;
    // the root field still tells them apart.
    expect(sum(samples, name, { operation: "other", root_field: "_entities" })).toBe(1);
    expect(sum(samples, name, { operation: "other", root_field: "customer" })).toBe(1);
    expect(sum(samples, name, { operation: "other", root_field: "(multiple)" })).toBe(1);
    expect(sum(samples, name, { operation: "other", root_field: "(none)", outcome: "error" })).toBe(
      1,
    );
    expect(sum(samples, name, { operation: "UpdateCustomer", outcome: "success" })).toBe(1);
    expect(sum(samples, name, { outcome: "error" })).toBeGreaterThanOrEqual(13);
    expect(text).not.toContain("SomeClientsOwnName");
    expect(
      sum(samples, "customer_subgraph_graphql_request_duration_seconds_count", {
        operation: "ReadCustomer",
      }),
    ).toBe(16);
  });

  it("counts upstream calls by route template and status class, and the retry", () => {
    const name = "customer_subgraph_upstream_requests_total";
    expect(
      sum(samples, name, {
        provider: "LOANPRO",
        method: "GET",
        route: "/odata.svc/Customers({id})",
        status_class: "5xx",
      }),
    ).toBe(1);
    // The three entities: one collection read.
    expect(
      sum(samples, name, {
        provider: "LOANPRO",
        route: "/odata.svc/Customers",
        status_class: "2xx",
      }),
    ).toBe(1);
    expect(
      sum(samples, name, { provider: "SIMPAY", route: "/customers/{key}", status_class: "2xx" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sum(samples, "customer_subgraph_upstream_retries_total", {
        provider: "LOANPRO",
        route: "/odata.svc/Customers({id})",
      }),
    ).toBe(1);
    const routes = new Set(
      samples.filter((sample) => sample.name === name).map((sample) => sample.labels.route),
    );
    for (const route of routes) {
      expect([
        "/odata.svc/Customers",
        "/odata.svc/Customers({id})",
        "/customers/{key}",
        "/authenticate",
      ]).toContain(route);
    }
  });

  it("counts the SimPay logins, the userError, the entity batch and the open breaker", () => {
    expect(sum(samples, "customer_subgraph_simpay_logins_total", { outcome: "refused" })).toBe(1);
    expect(sum(samples, "customer_subgraph_simpay_logins_total", { outcome: "success" })).toBe(1);
    expect(sum(samples, "customer_subgraph_graphql_user_errors_total", { code: "INVALID" })).toBe(
      1,
    );
    expect(
      sum(samples, "customer_subgraph_entity_batch_size_sum", { provider: "LOANPRO" }),
    ).toBeGreaterThanOrEqual(3);
    expect(sum(samples, "customer_subgraph_circuit_breaker_state", { provider: "SIMPAY" })).toBe(2);
    expect(sum(samples, "customer_subgraph_circuit_breaker_state", { provider: "LOANPRO" })).toBe(
      0,
    );
    expect(
      sum(samples, "customer_subgraph_circuit_breaker_opened_total", { provider: "SIMPAY" }),
    ).toBe(1);
    expect(
      sum(samples, "customer_subgraph_upstream_rejected_total", {
        provider: "SIMPAY",
        reason: "breaker_open",
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("counts the requests answered before GraphQL ran, by status and code", () => {
    const name = "customer_subgraph_http_refusals_total";
    expect(sum(samples, name, { status: "404", code: "NOT_FOUND" })).toBe(1);
    // The body that is not JSON and the request Node's parser refused.
    expect(sum(samples, name, { status: "400", code: "BAD_REQUEST" })).toBe(2);
    expect(sum(samples, name)).toBe(3);
  });

  it("has no id, customer value or secret in any label", () => {
    for (const sample of samples) {
      for (const [key, value] of Object.entries(sample.labels)) {
        if (key === "le" || key === "quantile") continue;
        // An HTTP status is the one number a label holds.
        if (key === "status" && /^[1-5]\d\d$/.test(value)) continue;
        expect(`${key}=${value}`).not.toMatch(/\d{3,}|@|SENTINEL/);
      }
    }
    for (const secret of [
      LOANPRO_TOKEN,
      SIMPAY_PASSWORD,
      "not an email",
      "example.test",
      "900-11-",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("writes every log line as strict JSON, without a key twice", () => {
    expect(stack.logLines.length).toBeGreaterThan(40);
    expect(stack.logLines.some((line) => line.includes('"upstream call"'))).toBe(true);
    expect(stack.logLines.some((line) => line.includes('"upstream retry"'))).toBe(true);
    for (const line of stack.logLines) {
      expect(() => parseStrictJson(line)).not.toThrow();
    }
  });
});

describe("where /metrics is served", () => {
  let loanpro: LoanProSimulator;
  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ token: "lp-where-token", instanceId: "lp-where" });
  });
  afterAll(() => loanpro.close());

  it("needs the router secret when one is set", async () => {
    const secret = "router-secret-for-metrics-0042";
    const stack = await startStack({ loanpro, env: { ROUTER_SECRET: secret } });
    try {
      const refused = await axios.get<string>(`${stack.origin}/metrics`, {
        validateStatus: () => true,
        responseType: "text",
      });
      expect(refused.status).toBe(401);
      expect(refused.data).not.toContain("customer_subgraph_");
      const wrong = await axios.get(`${stack.origin}/metrics`, {
        headers: { "x-router-secret": "not-the-secret-at-all" },
        validateStatus: () => true,
      });
      expect(wrong.status).toBe(401);
      const allowed = await axios.get<string>(`${stack.origin}/metrics`, {
        headers: { "x-router-secret": secret },
        responseType: "text",
      });
      expect(allowed.status).toBe(200);
      expect(allowed.data).toContain("# TYPE customer_subgraph_graphql_requests_total counter");
    } finally {
      await stack.close();
    }
  });

  it("moves to its own port with METRICS_PORT, and off the main one", async () => {
    const stack = await startStack({ loanpro, env: { METRICS_PORT: "0" } });
    try {
      const metricsServer = stack.server.metricsServer;
      expect(metricsServer).not.toBeNull();
      await new Promise<void>((resolve) => metricsServer!.listen(0, "127.0.0.1", resolve));
      const { port } = metricsServer!.address() as { port: number };
      const separate = await axios.get<string>(`http://127.0.0.1:${port}/metrics`, {
        responseType: "text",
      });
      expect(separate.status).toBe(200);
      expect(separate.data).toContain("# TYPE customer_subgraph_upstream_requests_total counter");
      const main = await axios.get(`${stack.origin}/metrics`, { validateStatus: () => true });
      expect(main.status).toBe(404);
      const other = await axios.get(`http://127.0.0.1:${port}/graphql`, {
        validateStatus: () => true,
      });
      expect(other.status).toBe(404);
    } finally {
      await stack.close();
    }
  });
});
