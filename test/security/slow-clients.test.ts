/**
 * Slow clients cannot pin the server's memory: a connection whose headers, or whose body, do not
 * arrive within HTTP_HEADERS_TIMEOUT_MS / HTTP_REQUEST_TIMEOUT_MS is closed. Raw sockets, so the
 * client really stalls mid-request.
 */
import net from "node:net";
import { startSecurityStack, type SecurityStack } from "./security-stack.js";

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
    });
    port = Number(new URL(security.stack.origin).port);
  });
  afterAll(() => security.close());

  it("closes a connection whose headers stop half-way", async () => {
    const stalled = await stall(port, "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
    // Generous: the point is "closed by the server", not how fast (Node's default is 60 s).
    expect(await within(stalled.closed, 15_000)).toBe(true);
    expect(await stalled.closed).toMatch(/^HTTP\/1\.1 408/);
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
    expect(await stalled.closed).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);
});
