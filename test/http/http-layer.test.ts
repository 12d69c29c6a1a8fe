/**
 * The one HTTP path on bare node:http (docs/architecture.md#runtime-contract), over real HTTP
 * against the simulators: the body reader (JSON only, 1 MB after decompression, gzip/deflate,
 * charset and content-encoding refused with 415), the JSON 404/405/500 answers with their request
 * id, CORS for Apollo Studio, the guards answering before the body is read, and the headers the
 * layer does not send (x-powered-by, ETag).
 */
import net from "node:net";
import zlib from "node:zlib";
import {
  bearer,
  signTestToken,
  startSecurityStack,
  TEST_JWT_SECRET,
  TEST_ROUTER_SECRET,
  type SecurityStack,
} from "../security/security-stack.js";

const LIMIT = 1024 * 1024;
const READ = `{ customer(id: "loanpro:1001") { id } }`;
const SENTINEL = "900-55-4321";

type ErrorBody = { errors: Array<{ message: string; extensions: { code: string } }> };

/** A JSON body of exactly `size` bytes that runs READ. */
function paddedBody(size: number): string {
  const head = `{"query":${JSON.stringify(READ)},"extensions":{"pad":"`;
  const tail = `"}}`;
  return head + "a".repeat(size - head.length - tail.length) + tail;
}

/**
 * A gzip member holding `payload` behind `emptyBlocks` empty deflate blocks (5 bytes each on the
 * wire, nothing once inflated): a body far larger sent than inflated.
 */
function gzipPaddedWithEmptyBlocks(payload: Buffer, emptyBlocks: number): Buffer {
  const empty = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
  const length = payload.length;
  const last = Buffer.from([
    0x01,
    length & 0xff,
    length >> 8,
    ~length & 0xff,
    (~length >> 8) & 0xff,
  ]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(payload), 0);
  trailer.writeUInt32LE(length, 4);
  return Buffer.concat([
    Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]),
    ...Array.from({ length: emptyBlocks }, () => empty),
    last,
    payload,
    trailer,
  ]);
}

/** Runs `work` on a raw TCP connection to the server, closed afterwards whatever happens. */
async function onRawSocket(
  port: number,
  work: (socket: net.Socket) => Promise<void>,
): Promise<void> {
  const socket = net.connect(port, "127.0.0.1");
  // A reset from the server fails the test through its assertions, not as an unhandled error.
  socket.on("error", () => undefined);
  await new Promise((resolve) => socket.once("connect", resolve));
  try {
    await work(socket);
  } finally {
    socket.destroy();
  }
}

/** Resolves with everything the server sent on `socket` until it sent a whole head and `upTo`. */
function readUntil(socket: net.Socket, upTo: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = "";
    const onData = (chunk: Buffer) => {
      received += chunk.toString("latin1");
      if (upTo.test(received)) {
        socket.off("data", onData);
        resolve(received);
      }
    };
    socket.on("data", onData);
    socket.once("error", reject);
    socket.once("close", () => reject(new Error(`closed after: ${received}`)));
  });
}

/**
 * Sends `bytes` on a fresh connection (then half-closes it with `end`) and resolves with all the
 * server sent until it closed the connection.
 */
async function exchange(port: number, bytes: string, end = false): Promise<string> {
  let received = "";
  await onRawSocket(port, async (socket) => {
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    if (end) socket.end(bytes);
    else socket.write(bytes);
    await closed;
  });
  return received;
}

describe("the HTTP layer", () => {
  let security: SecurityStack;
  let origin: string;
  let graphqlUrl: string;

  beforeAll(async () => {
    security = await startSecurityStack();
    origin = security.stack.origin;
    graphqlUrl = `${origin}/graphql`;
  });
  afterAll(() => security.close());
  beforeEach(() => security.forgetProviderCalls());

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(graphqlUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body,
    });

  async function expectRejection(
    response: Response,
    status: number,
    message: string,
  ): Promise<string> {
    const text = await response.text();
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(text)).toEqual({
      errors: [{ message, extensions: { code: "BAD_REQUEST" } }],
    });
    return text;
  }

  describe("the body", () => {
    it("answers bad JSON with a 400 that quotes neither the body nor the parser", async () => {
      for (const body of [`{"query": "{ __typename }", "ssn": ${SENTINEL}`, `"${SENTINEL}"`]) {
        const text = await expectRejection(
          await post(body),
          400,
          "The request body is not valid JSON.",
        );
        expect(text).not.toContain(SENTINEL);
      }
      expect(security.stack.logLines.join("")).not.toContain(SENTINEL);
      expect(security.providerCalls()).toBe(0);
    });

    it("serves a body of exactly 1 MB", async () => {
      const response = await post(paddedBody(LIMIT));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { customer: { id: "loanpro:1001" } } });
    });

    it("answers 1 MB + 1 byte with a 413 and no provider call, announced or streamed", async () => {
      const body = paddedBody(LIMIT + 1);
      await expectRejection(await post(body), 413, "The request body is too large.");
      // No content-length: the reader counts as the chunks arrive.
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = Buffer.from(body);
          for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
            controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
          }
          controller.close();
        },
      });
      const response = await fetch(graphqlUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: streamed,
        duplex: "half",
      } as RequestInit);
      await expectRejection(response, 413, "The request body is too large.");
      expect(security.providerCalls()).toBe(0);
      // The server goes on serving.
      expect((await post(JSON.stringify({ query: "{ __typename }" }))).status).toBe(200);
    });

    it("accepts a gzip or deflate body and limits its inflated size", async () => {
      const body = Buffer.from(JSON.stringify({ query: READ }));
      for (const [encoding, compress] of [
        ["gzip", zlib.gzipSync],
        ["deflate", zlib.deflateSync],
      ] as const) {
        const response = await post(compress(body), { "content-encoding": encoding });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ data: { customer: { id: "loanpro:1001" } } });
      }
      security.forgetProviderCalls();
      // A few kilobytes on the wire, more than 1 MB once inflated.
      const bomb = zlib.gzipSync(Buffer.from(paddedBody(LIMIT + 1)));
      expect(bomb.length).toBeLessThan(LIMIT / 10);
      await expectRejection(
        await post(bomb, { "content-encoding": "gzip" }),
        413,
        "The request body is too large.",
      );
      await expectRejection(
        await post(Buffer.from("not gzip at all"), { "content-encoding": "gzip" }),
        400,
        "The request body could not be decompressed.",
      );
      expect(security.providerCalls()).toBe(0);
    });

    it("limits a compressed body on the wire too, however little it inflates to", async () => {
      const query = Buffer.from(JSON.stringify({ query: READ }));
      // Empty deflate blocks: 1 MB + 5 bytes sent, a few dozen bytes once inflated.
      const padded = gzipPaddedWithEmptyBlocks(query, LIMIT / 5 + 1);
      expect(padded.length).toBeGreaterThan(LIMIT);
      expect(zlib.gunzipSync(padded)).toEqual(query);
      // Bytes after the end of the gzip stream, which a decompressor drops.
      const trailing = Buffer.concat([zlib.gzipSync(query), Buffer.alloc(LIMIT)]);
      for (const body of [padded, trailing]) {
        for (const chunked of [false, true]) {
          // Announced (refused before reading) or chunked (counted as the bytes arrive).
          const response = await fetch(graphqlUrl, {
            method: "POST",
            headers: { "content-type": "application/json", "content-encoding": "gzip" },
            body: chunked
              ? new ReadableStream<Uint8Array>({
                  start(controller) {
                    for (let offset = 0; offset < body.length; offset += 64 * 1024) {
                      controller.enqueue(body.subarray(offset, offset + 64 * 1024));
                    }
                    controller.close();
                  },
                })
              : body,
            duplex: "half",
          } as RequestInit);
          await expectRejection(response, 413, "The request body is too large.");
        }
      }
      expect(security.providerCalls()).toBe(0);
      // The same query, compressed plainly, is served.
      const served = await post(zlib.gzipSync(query), { "content-encoding": "gzip" });
      expect(served.status).toBe(200);
    });

    it("answers an unsupported content-encoding or charset with a 415", async () => {
      const body = JSON.stringify({ query: READ });
      await expectRejection(
        await post(body, { "content-encoding": "compress" }),
        415,
        "The request body's content-encoding is not supported.",
      );
      await expectRejection(
        await post(body, { "content-type": "application/json; charset=latin1" }),
        415,
        "The request body's charset is not supported.",
      );
      expect(security.providerCalls()).toBe(0);
    });

    it("leaves a body of another content type to Apollo, which refuses it", async () => {
      const response = await post(JSON.stringify({ query: READ }), {
        "content-type": "text/plain",
        "apollo-require-preflight": "true",
      });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toContain("loanpro:1001");
      expect(security.providerCalls()).toBe(0);
    });
  });

  describe("routes", () => {
    it("answers an unknown path with a JSON 404 carrying the request id", async () => {
      const response = await fetch(`${origin}/nothing/here?x=1`, {
        headers: { "x-request-id": "lost-42" },
      });
      expect(response.status).toBe(404);
      expect(response.headers.get("x-request-id")).toBe("lost-42");
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await response.json()).toEqual({
        errors: [{ message: "There is nothing at this path.", extensions: { code: "NOT_FOUND" } }],
      });
    });

    it("answers what Node's parser refuses as JSON with a request id, and logs none of its bytes", async () => {
      const port = Number(new URL(origin).port);
      const head = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${SENTINEL}\r\n`;
      const cases = [
        { request: `${head}Bad Header: x\r\n\r\n`, status: 400, code: "BAD_REQUEST" },
        {
          request: `${head}X-Big: ${"a".repeat(20 * 1024)}\r\n\r\n`,
          status: 431,
          code: "REQUEST_HEADERS_TOO_LARGE",
        },
      ];
      for (const { request, status, code } of cases) {
        const logged = security.stack.logLines.length;
        const answer = await exchange(port, request);
        const [headText, body] = answer.split("\r\n\r\n");
        expect(headText).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(headText).toMatch(/\r\nconnection: close\r\n/i);
        expect(headText).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
        const requestId = /\r\nx-request-id: ([0-9a-f-]{36})/i.exec(headText)?.[1];
        expect(requestId).toBeDefined();
        expect((JSON.parse(body) as ErrorBody).errors[0].extensions.code).toBe(code);
        const lines = security.stack.logLines.slice(logged);
        expect(lines.some((line) => line.includes(requestId!) && line.includes(`${status}`))).toBe(
          true,
        );
        expect(lines.join("")).not.toContain(SENTINEL);
        expect(answer).not.toContain(SENTINEL);
      }
      expect(security.providerCalls()).toBe(0);
    });

    it("answers a pipelined request Node refuses only after the answer to the one before it", async () => {
      const port = Number(new URL(origin).port);
      // The first request waits 400 ms on LoanPro; the second, sent behind it, is not HTTP.
      security.loanpro.inject({ method: "GET", path: /odata\.svc\/Customers/, delayMs: 400 });
      const body = JSON.stringify({ query: READ });
      const received = await exchange(
        port,
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
          "GET /healthz HTTP/1.1\r\nBad Header: x\r\n\r\n",
      );
      const statuses = received.match(/HTTP\/1\.1 \d{3} /g);
      expect(statuses).toEqual(["HTTP/1.1 200 ", "HTTP/1.1 400 "]);
      expect(received).toContain('{"data":{"customer":{"id":"loanpro:1001"}}}');
      expect(received).toContain('"code":"BAD_REQUEST"');
    });

    it("closes without an answer a connection whose client gave up half-way through a body", async () => {
      const port = Number(new URL(origin).port);
      const logged = security.stack.logLines.length;
      const received = await exchange(
        port,
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          'Content-Length: 500\r\n\r\n{"query":',
        true,
      );
      // Nobody is left to read an answer, and it is no malformed request.
      expect(received).toBe("");
      const lines = security.stack.logLines.slice(logged).join("");
      expect(lines).not.toContain("http request refused");
      expect(security.providerCalls()).toBe(0);
    });

    it("answers a wrong method on a GET route with a 405 naming the allowed ones", async () => {
      const response = await fetch(`${origin}/healthz`, { method: "POST", body: "{}" });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(((await response.json()) as ErrorBody).errors[0].extensions.code).toBe(
        "METHOD_NOT_ALLOWED",
      );
    });

    it("answers HEAD on a GET route with the headers only", async () => {
      const response = await fetch(`${origin}/healthz`, { method: "HEAD" });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-length")).toBe(String('{"status":"ok"}'.length));
      expect(await response.text()).toBe("");
    });

    it("serves the GraphiQL assets with a day of cache, their type and the CSP", async () => {
      const css = await fetch(`${origin}/graphiql/assets/graphiql.min.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
      expect(css.headers.get("cache-control")).toBe("public, max-age=86400");
      expect(css.headers.get("content-security-policy")).toContain("default-src 'self'");
      expect((await css.arrayBuffer()).byteLength).toBe(Number(css.headers.get("content-length")));
      const page = await fetch(`${origin}/graphiql/`);
      expect(page.headers.get("cache-control")).toBe("no-store");
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const other = await fetch(`${origin}/graphiql/assets/..%2Fpackage.json`);
      expect(other.status).toBe(404);
    });

    it("keeps an idle connection 65 s by default, past a router's pool idle timeout", async () => {
      const health = await fetch(`${origin}/healthz`);
      await health.text();
      expect(health.headers.get("keep-alive")).toBe("timeout=65");
    });

    it("sends neither x-powered-by nor an ETag", async () => {
      const result = await security.stack.graphql("{ __typename }");
      expect(result.headers["x-powered-by"]).toBeUndefined();
      expect(result.headers.etag).toBeUndefined();
      const health = await fetch(`${origin}/healthz`);
      expect(health.headers.get("x-powered-by")).toBeNull();
      expect(health.headers.get("etag")).toBeNull();
    });

    it("answers an error thrown in a route with a JSON 500, logs its name only, and goes on", async () => {
      const readiness = security.stack.server.readiness;
      const report = readiness.report;
      readiness.report = () => {
        throw new RangeError(`readiness detail ${SENTINEL}`);
      };
      try {
        const response = await fetch(`${origin}/readyz`, {
          headers: { "x-request-id": "boom-7" },
        });
        const text = await response.text();
        expect(response.status).toBe(500);
        expect(response.headers.get("x-request-id")).toBe("boom-7");
        expect(JSON.parse(text)).toEqual({
          errors: [{ message: "Unexpected error.", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
        });
        expect(text).not.toContain(SENTINEL);
        expect(text).not.toContain("at ");
        const logs = security.stack.logLines.join("");
        expect(logs).toContain('"errorName":"RangeError"');
        expect(logs).not.toContain(SENTINEL);
      } finally {
        readiness.report = report;
      }
      expect((await fetch(`${origin}/readyz`)).status).toBe(200);
    });
  });

  describe("CORS", () => {
    it("answers a preflight from Apollo Studio and the embedded Sandbox with credentials", async () => {
      for (const allowed of [
        "https://studio.apollographql.com",
        "https://sandbox.embed.apollographql.com",
      ]) {
        const response = await fetch(graphqlUrl, {
          method: "OPTIONS",
          headers: {
            origin: allowed,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,authorization",
          },
        });
        expect(response.status).toBe(204);
        expect(response.headers.get("access-control-allow-origin")).toBe(allowed);
        expect(response.headers.get("access-control-allow-credentials")).toBe("true");
        expect(response.headers.get("access-control-allow-headers")).toBe(
          "content-type,authorization",
        );
        expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      }
      const actual = await post(JSON.stringify({ query: "{ __typename }" }), {
        origin: "https://studio.apollographql.com",
      });
      expect(actual.headers.get("access-control-allow-origin")).toBe(
        "https://studio.apollographql.com",
      );
    });

    it("allows no other origin", async () => {
      const response = await fetch(graphqlUrl, {
        method: "OPTIONS",
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      });
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      const actual = await post(JSON.stringify({ query: "{ __typename }" }), {
        origin: "https://evil.example",
      });
      expect(actual.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});

describe("the guards run before the body is read", () => {
  let security: SecurityStack;
  let port: number;

  beforeAll(async () => {
    security = await startSecurityStack({
      ROUTER_SECRET: TEST_ROUTER_SECRET,
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
    });
    port = Number(new URL(security.stack.origin).port);
  });
  afterAll(() => security.close());
  beforeEach(() => security.forgetProviderCalls());

  it("answers a POST without the router secret with a 401 while its body is still coming", async () => {
    await onRawSocket(port, async (socket) => {
      const answered = readUntil(socket, /\r\n\r\n[\s\S]*\}\]\}/);
      socket.write(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `Content-Length: 100000\r\n\r\n{"query":"${READ.replace(/"/g, '\\"')}`,
      );
      // Most of the announced body is never sent: the answer comes anyway.
      const text = await answered;
      expect(text).toMatch(/^HTTP\/1\.1 401 /);
      expect(text).toMatch(/x-request-id: [0-9a-f-]{36}/i);
      expect(text).toContain('"code":"UNAUTHENTICATED"');
      expect(security.providerCalls()).toBe(0);
    });
  });

  it("answers a bad token with a 401 while its body is still coming", async () => {
    await onRawSocket(port, async (socket) => {
      const answered = readUntil(socket, /\r\n\r\n[\s\S]*\}\]\}/);
      socket.write(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `x-router-secret: ${TEST_ROUTER_SECRET}\r\nAuthorization: Bearer not.a.token\r\n` +
          `Content-Length: 100000\r\n\r\n{"query":`,
      );
      const text = await answered;
      expect(text).toMatch(/^HTTP\/1\.1 401 /);
      expect(text).toContain("The bearer token is not valid.");
      expect(security.providerCalls()).toBe(0);
    });
  });

  it("does not read the body of a GET let through without a token for the landing page", async () => {
    await onRawSocket(port, async (socket) => {
      const answered = readUntil(socket, /\r\n\r\n/);
      // A body announced on a plain GET, never sent: Apollo reads a GET's query string only.
      socket.write(
        "GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n" +
          `x-router-secret: ${TEST_ROUTER_SECRET}\r\nContent-Type: application/json\r\n` +
          "Content-Encoding: gzip\r\nContent-Length: 100000\r\n\r\n",
      );
      const noAnswer = new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve("no answer while the body was awaited"), 5_000);
        void answered.finally(() => clearTimeout(timer)).catch(() => undefined);
      });
      const text = await Promise.race([answered, noAnswer]);
      expect(text).toMatch(/^HTTP\/1\.1 200 /);
      expect(text).toMatch(/content-type: text\/html/i);
      expect(security.providerCalls()).toBe(0);
    });
  });

  it("sends 100 Continue only once the guards let the request through", async () => {
    const body = JSON.stringify({ query: READ });
    const exchange = async (headers: string) => {
      const socket = net.connect(port, "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      const first = readUntil(socket, /\r\n\r\n/);
      socket.write(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `Expect: 100-continue\r\n${headers}\r\n`,
      );
      return { socket, first: await first };
    };
    const length = `Content-Length: ${body.length}\r\n`;
    const secret = `x-router-secret: ${TEST_ROUTER_SECRET}\r\n`;
    const token = await signTestToken({ scope: "customers:read" });
    const authorization = `Authorization: Bearer ${token}\r\n`;
    // No router secret, then no token, then a body announced too large: the final answer at once.
    for (const headers of [
      length,
      `${secret}${length}`,
      `${secret}${authorization}Content-Length: ${LIMIT + 1}\r\n`,
    ]) {
      const { socket, first } = await exchange(headers);
      socket.destroy();
      expect(first).not.toMatch(/^HTTP\/1\.1 100 /);
      expect(first).toMatch(/^HTTP\/1\.1 (401|413) /);
    }
    // Let through: 100 Continue, then the body, then the answer.
    const { socket, first } = await exchange(`${secret}${authorization}${length}`);
    try {
      expect(first).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
      const answered = readUntil(socket, /\r\n\r\n[\s\S]*\}\}\}/);
      socket.write(body);
      const text = await answered;
      expect(text).toMatch(/^HTTP\/1\.1 200 /);
      expect(text).toContain('{"data":{"customer":{"id":"loanpro:1001"}}}');
    } finally {
      socket.destroy();
    }
  });

  it("keeps /metrics behind the token: a plain GET is no landing page there", async () => {
    const secret = { "x-router-secret": TEST_ROUTER_SECRET };
    const refused = await fetch(`${security.stack.origin}/metrics`, { headers: secret });
    expect(refused.status).toBe(401);
    expect(await refused.text()).not.toContain("customer_subgraph_");
    const token = await signTestToken({ scope: "customers:read" });
    const allowed = await fetch(`${security.stack.origin}/metrics`, {
      headers: { ...secret, ...bearer(token) },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("# TYPE customer_subgraph_graphql_requests_total");
    // The Sandbox page on /graphql still opens without a token.
    const page = await fetch(`${security.stack.origin}/graphql`, {
      headers: { ...secret, accept: "text/html" },
    });
    expect(page.status).toBe(200);
  });
});
