/**
 * OpenTelemetry traces through the real server and simulators, received over OTLP/HTTP by a
 * receiver in this process: the operation span continues the caller's `traceparent`, every
 * upstream call is one child span of it, log lines carry the ids, and no span carries an id, a
 * customer value or a secret.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { startStack, type TestStack } from "../integration/harness.js";

const LOANPRO_TOKEN = "lp-trace-token-SENTINEL-3141";
const SIMPAY_PASSWORD = "sp-trace-pass-SENTINEL-2718";
const SSN = "987651001";
const DRIVER_LICENSE = "DL-TRACE-SENTINEL-55";
const PORTAL_PASSWORD = "pw-TRACE-SENTINEL-66";
const EMAIL = "trace.sentinel@example.test";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID = "00f067aa0ba902b7";
const traceparent = (spanId = CALLER_SPAN_ID) => `00-${TRACE_ID}-${spanId}-01`;

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: number | string; arrayValue?: unknown };
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: OtlpAttribute[];
  status?: { code?: number };
}
const SERVER = 2;
const CLIENT = 3;

/** An OTLP/HTTP receiver: keeps every span posted to /v1/traces (JSON encoding). */
async function startReceiver() {
  const spans: OtlpSpan[] = [];
  const paths: string[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      paths.push(`${request.method} ${request.url} ${request.headers["content-type"]}`);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
      };
      for (const resource of body.resourceSpans) {
        for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    spans,
    paths,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attribute(span: OtlpSpan, key: string): unknown {
  const found = span.attributes.find((candidate) => candidate.key === key)?.value;
  if (!found) return undefined;
  if (found.intValue !== undefined) return Number(found.intValue);
  return found.stringValue ?? found.arrayValue;
}

const READ_BOTH = `query ReadBoth {
  lp: customer(id: "loanpro:1001") { id email }
  sp: customer(id: "simpay:48213") { id email }
}`;
const UPDATE = `mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { id } userErrors { field code } }
}`;

describe("OpenTelemetry traces over OTLP/HTTP", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let stack: TestStack;
  let readRequestId: string;
  let upstreamCallsOfRead: number;
  let retriedCalls: number;

  beforeAll(async () => {
    receiver = await startReceiver();
    loanpro = await startLoanProSimulator({ token: LOANPRO_TOKEN, instanceId: "lp-trace" });
    simpay = await startSimPaySimulator({ username: "sp-trace", password: SIMPAY_PASSWORD });
    stack = await startStack({
      loanpro,
      simpay,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.origin,
        OTEL_SERVICE_NAME: "subgraph-under-test",
      },
    });

    // 1. A read of one customer per provider, from a caller's trace.
    const read = await stack.graphql(READ_BOTH, undefined, { traceparent: traceparent() });
    expect(read.body.errors).toBeUndefined();
    readRequestId = String(read.headers["x-request-id"]);
    upstreamCallsOfRead = loanpro.requests.length + simpay.requests.length;
    loanpro.clearLog();
    simpay.clearLog();

    // 2. A read retried once after a 503 (a new trace: no traceparent).
    loanpro.inject({ method: "GET", path: /odata\.svc\/Customers/, status: 503 });
    await stack.graphql(`query RetriedRead { customer(id: "loanpro:1002") { id } }`);
    retriedCalls = loanpro.requests.length;
    loanpro.clearLog();

    // 3. A write carrying every secret of the privacy list, in the caller's trace.
    await stack.graphql(
      UPDATE,
      {
        input: {
          id: "loanpro:1001",
          email: EMAIL,
          governmentId: { type: "SSN", number: SSN },
          driverLicense: DRIVER_LICENSE,
          portalPassword: PORTAL_PASSWORD,
        },
      },
      { traceparent: traceparent("00f067aa0ba902b8") },
    );

    // Stopping the server exports what is buffered.
    await stack.close();
  });

  afterAll(async () => {
    await simpay.close();
    await loanpro.close();
    await receiver.close();
  });

  const operationSpans = () => receiver.spans.filter((span) => span.kind === SERVER);
  const childrenOf = (parent: OtlpSpan) =>
    receiver.spans.filter((span) => span.parentSpanId === parent.spanId);

  it("posts OTLP/HTTP JSON to /v1/traces", () => {
    expect(receiver.paths.length).toBeGreaterThan(0);
    for (const path of receiver.paths) expect(path).toBe("POST /v1/traces application/json");
    expect(operationSpans()).toHaveLength(3);
  });

  it("continues the caller's traceparent with one child span per upstream call", () => {
    const [read] = operationSpans().filter((span) => span.parentSpanId === CALLER_SPAN_ID);
    expect(read).toBeDefined();
    expect(read.traceId).toBe(TRACE_ID);
    // Two aliases of one root field: named after it (never after the caller's operation name).
    expect(read.name).toBe("query customer");
    expect(attribute(read, "graphql.operation.type")).toBe("query");
    expect(attribute(read, "customer_subgraph.outcome")).toBe("success");

    const children = childrenOf(read);
    // LoanPro's GET, SimPay's login and SimPay's GET: as many spans as the simulators saw calls.
    expect(upstreamCallsOfRead).toBe(3);
    expect(children).toHaveLength(upstreamCallsOfRead);
    for (const child of children) {
      expect(child.kind).toBe(CLIENT);
      expect(child.traceId).toBe(TRACE_ID);
      expect(attribute(child, "customer_subgraph.retry_count")).toBe(0);
      expect(attribute(child, "http.response.status_code")).toBe(200);
    }
    expect(
      children
        .map((child) => [
          attribute(child, "customer_subgraph.provider"),
          attribute(child, "http.request.method"),
          attribute(child, "url.template"),
          child.name,
        ])
        .sort(),
    ).toEqual([
      ["LOANPRO", "GET", "/odata.svc/Customers({id})", "GET /odata.svc/Customers({id})"],
      ["SIMPAY", "GET", "/customers/{key}", "GET /customers/{key}"],
      ["SIMPAY", "POST", "/authenticate", "POST /authenticate"],
    ]);
  });

  it("starts a new trace without a traceparent, and counts retries on the call's span", () => {
    const fresh = operationSpans().filter((span) => span.traceId !== TRACE_ID);
    expect(fresh).toHaveLength(1);
    const [retried] = fresh;
    expect(retried.name).toBe("query customer");
    expect(retried.parentSpanId ?? "").toBe("");
    const children = childrenOf(retried);
    expect(retriedCalls).toBe(2);
    expect(children).toHaveLength(1);
    expect(attribute(children[0], "customer_subgraph.retry_count")).toBe(1);
    expect(attribute(children[0], "http.response.status_code")).toBe(200);
  });

  it("marks the write span with its outcome", () => {
    const [write] = operationSpans().filter((span) => span.parentSpanId === "00f067aa0ba902b8");
    expect(write.name).toBe("mutation UpdateCustomer");
    const writes = childrenOf(write).filter(
      (span) => attribute(span, "http.request.method") === "PUT",
    );
    expect(writes).toHaveLength(1);
    expect(attribute(writes[0], "customer_subgraph.write_outcome")).toBe("ACCEPTED");
    expect(attribute(writes[0], "customer_subgraph.request_kind")).toBe("write");
  });

  it("puts no id, customer value or secret in any span", () => {
    // Names, attributes and statuses: not the ids and nanosecond timestamps, whose digit runs
    // could hold "1001" by chance.
    const text = JSON.stringify(
      receiver.spans.map(({ name, attributes, status }) => ({ name, attributes, status })),
    );
    for (const secret of [
      SSN,
      DRIVER_LICENSE,
      PORTAL_PASSWORD,
      EMAIL,
      LOANPRO_TOKEN,
      SIMPAY_PASSWORD,
      "example.test",
      "loanpro:",
      "simpay:",
      "1001",
      "48213",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("writes the trace and span ids into the request's log lines", () => {
    const [read] = operationSpans().filter((span) => span.parentSpanId === CALLER_SPAN_ID);
    const lines = stack.logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.requestId === readRequestId);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(line.trace_id).toBe(TRACE_ID);
      expect(line.span_id).toBe(read.spanId);
    }
  });
});

describe("tracing off (no OTEL_* endpoint)", () => {
  it("creates no span but still writes the caller's trace id into the logs", async () => {
    const loanpro = await startLoanProSimulator({ token: "lp-off", instanceId: "lp-off" });
    const stack = await startStack({ loanpro });
    try {
      const read = await stack.graphql(`{ customer(id: "loanpro:1001") { id } }`, undefined, {
        traceparent: traceparent(),
      });
      const requestId = String(read.headers["x-request-id"]);
      const lines = stack.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.requestId === requestId);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.trace_id).toBe(TRACE_ID);
        expect(line.span_id).toBe(CALLER_SPAN_ID);
      }
      // Without a traceparent, no trace fields at all.
      const plain = await stack.graphql(`{ customer(id: "loanpro:1001") { id } }`);
      const plainId = String(plain.headers["x-request-id"]);
      const plainLines = stack.logLines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.requestId === plainId);
      expect(plainLines.length).toBeGreaterThan(0);
      for (const line of plainLines) expect(line.trace_id).toBeUndefined();
    } finally {
      await stack.close();
      await loanpro.close();
    }
  });
});
