/**
 * Slow clients cannot pin the server's memory: a connection whose headers, or whose body, do not
 * arrive within HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS is closed. Raw sockets, so the
 * client really stalls mid-request.
 */
import net from "node:net";
import { startSecurityStack, TEST_ROUTER_SECRET, type SecurityStack } from "./security-stack.js";

interface Stalled {
  socket: net.Socket;
  /** Resolves with what the server sent before closing. */
  closed: Promise<string>;
}

function stall(port: number, bytes: string): Promise<Stalled> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(bytes);
      resolve({ socket, closed });
    });
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    const closed = new Promise<string>((done) => socket.on("close", () => done(received)));
    socket.on("error", () => undefined);
    socket.once("error", reject);
  });
}

/** Node's 408, in the JSON shape of every other answer, with a request id. */
function expectTimeoutAnswer(received: string): void {
  const [head, body] = received.split("\r\n\r\n");
  expect(head).toMatch(/^HTTP\/1\.1 408 /);
  expect(head).toMatch(/\r\nx-request-id: [0-9a-f-]{36}/i);
  expect(JSON.parse(body)).toEqual({
    errors: [
      { message: "The request did not arrive in time.", extensions: { code: "REQUEST_TIMEOUT" } },
    ],
  });
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([
    promise.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref()),
  ]);
}

describe("HTTP header and request timeouts", () => {
  let security: SecurityStack;
  let port: number;

  beforeAll(async () => {
    security = await startSecurityStack({
      HTTP_HEADERS_TIMEOUT_MS: "1000",
      HTTP_REQUEST_TIMEOUT_MS: "2000",
      HTTP_KEEP_ALIVE_TIMEOUT_MS: "1000",
    });
    port = Number(new URL(security.stack.origin).port);
  });
  afterAll(() => security.close());

  it("closes a connection whose headers stop half-way", async () => {
    const stalled = await stall(port, "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
    // Generous: the point is "closed by the server", not how fast (Node's default is 60 s).
    expect(await within(stalled.closed, 15_000)).toBe(true);
    expectTimeoutAnswer(await stalled.closed);
  }, 30_000);

  it("answers a body that stalls with a 408 carrying the request's own id", async () => {
    const stalled = await stall(
      port,
      "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        'x-request-id: router-7f3a-stalled\r\nContent-Length: 500\r\n\r\n{"query":',
    );
    expect(await within(stalled.closed, 15_000)).toBe(true);
    const received = await stalled.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received).toContain('"code":"REQUEST_TIMEOUT"');
    // The id the router sent, so the refusal and the route's own log lines match.
    expect(received).toMatch(/\r\nx-request-id: router-7f3a-stalled\r\n/i);
    const lines = security.stack.logLines.filter((line) => line.includes("router-7f3a-stalled"));
    expect(lines.some((line) => line.includes("http request refused"))).toBe(true);
  }, 30_000);

  it("closes 100 connections that sent headers and most of a 1 MB body, then stalled", async () => {
    const headers =
      "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
      `Content-Length: ${1024 * 1024 - 1}\r\n\r\n`;
    const body = `{"query":"${"a".repeat(64 * 1024)}`;
    const stalled = await Promise.all(
      Array.from({ length: 100 }, () => stall(port, headers + body)),
    );
    const closed = await within(Promise.all(stalled.map((entry) => entry.closed)), 20_000);
    for (const entry of stalled) entry.socket.destroy();
    expect(closed).toBe(true);
    expect(security.providerCalls()).toBe(0);
  }, 40_000);

  it("closes an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS", async () => {
    const idle = await stall(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const started = Date.now();
    expect(await within(idle.closed, 15_000)).toBe(true);
    // Closed by the server once idle for the configured 1 s, not Node's 5 s; the answer was whole.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await idle.closed).toMatch(/^HTTP\/1\.1 200 [\s\S]*keep-alive: timeout=1\r\n/i);
  }, 30_000);

  it("still serves a client that sends in time", async () => {
    const result = await security.stack.graphql('{ customer(id: "loanpro:1001") { id } }');
    expect(result.body.data).toEqual({ customer: { id: "loanpro:1001" } });
  });
});

describe("the METRICS_PORT server's header timeout", () => {
  let security: SecurityStack;

  beforeAll(async () => {
    security = await startSecurityStack({
      HTTP_HEADERS_TIMEOUT_MS: "1000",
      HTTP_REQUEST_TIMEOUT_MS: "2000",
      METRICS_PORT: "0",
    });
  });
  afterAll(() => security.close());

  it("closes a scrape whose headers stop half-way, as the main port does", async () => {
    const metricsServer = security.stack.server.metricsServer!;
    await new Promise<void>((resolve) => metricsServer.listen(0, "127.0.0.1", resolve));
    const { port } = metricsServer.address() as net.AddressInfo;
    const stalled = await stall(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc");
    // Node's default would keep it open 60 s.
    expect(await within(stalled.closed, 15_000)).toBe(true);
    expectTimeoutAnswer(await stalled.closed);
  }, 30_000);
});

describe("a request refused while its body was still coming", () => {
  let security: SecurityStack;
  let port: number;

  beforeAll(async () => {
    security = await startSecurityStack({
      ROUTER_SECRET: TEST_ROUTER_SECRET,
      HTTP_HEADERS_TIMEOUT_MS: "500",
      HTTP_REQUEST_TIMEOUT_MS: "1000",
    });
    port = Number(new URL(security.stack.origin).port);
  });
  afterAll(() => security.close());

  it("gets its 401 and nothing after it when the request deadline closes the connection", async () => {
    const stalled = await stall(
      port,
      "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        'Content-Length: 100000\r\n\r\n{"query":',
    );
    expect(await within(stalled.closed, 15_000)).toBe(true);
    const received = await stalled.closed;
    const [head, body] = received.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 401 /);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]);
    // The 401 is all there is: no second answer (a 408) on the same connection.
    expect(Buffer.byteLength(body)).toBe(length);
    expect(received.match(/HTTP\/1\.1 \d{3} /g)).toEqual(["HTTP/1.1 401 "]);
    expect(security.providerCalls()).toBe(0);
  }, 30_000);
});
