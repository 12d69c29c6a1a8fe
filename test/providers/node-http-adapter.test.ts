/**
 * The transport under the providers' axios (src/providers/node-http-adapter.ts) against a real
 * local node:http server: what reaches the wire (compared with axios's own http adapter on the
 * same instance settings), statuses and bodies as data, decompression, timeouts, aborts, resets,
 * redirects not followed, keep-alive reuse, and the start-up refusal of environment proxies.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import zlib from "node:zlib";
import axios, { AxiosError, type AxiosInstance, type CreateAxiosDefaults } from "axios";
import {
  assertNoEnvironmentProxy,
  createNodeHttpAdapter,
  proxyVariableFor,
} from "../../src/providers/node-http-adapter.js";
import { createAxiosInstance } from "../../src/providers/provider-http.js";

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  remotePort: number;
}

type Handler = (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void;

describe("node:http axios adapter", () => {
  let server: http.Server;
  let origin: string;
  let received: Received[] = [];
  let handler: Handler = (_request, response) => response.end();
  const sockets = new Set<Socket>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  /** The instance settings of provider-http.ts on our adapter (or on axios's own). */
  function instance(overrides: CreateAxiosDefaults = {}, own = true): AxiosInstance {
    return axios.create({
      baseURL: `${origin}/api/`,
      timeout: 2_000,
      headers: { Accept: "application/json" },
      maxRedirects: 0,
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
      ...(own
        ? { adapter: createNodeHttpAdapter({ httpAgent: agent, httpsAgent: undefined as never }) }
        : { adapter: "http", httpAgent: agent }),
      ...overrides,
    });
  }

  async function failure(promise: Promise<unknown>): Promise<AxiosError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof AxiosError) return error;
      throw error;
    }
    throw new Error("the request succeeded");
  }

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        received.push({
          method: request.method ?? "",
          url: request.url ?? "",
          headers: request.headers,
          body,
          remotePort: request.socket.remotePort ?? 0,
        });
        handler(request, response, body);
      });
    });
    server.on("connection", (socket: Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    received = [];
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"ok":true}');
    };
  });

  afterAll(async () => {
    agent.destroy();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("sends the same request line, headers and body as axios's own http adapter", async () => {
    // A LoanPro-style query as provider-http.ts builds it (quotes, spaces already encoded,
    // `$`, `,` and `:` kept), plus characters the WHATWG URL parser re-encodes.
    const url =
      "odata.svc/Customers?$filter=id%20eq%201001%20or%20email%20eq%20'a+b@x.io'&$expand=A,B&$orderby=id%20asc&t=2026-01-01T00:00:00Z&raw=a b|c\"é";
    const config = {
      method: "POST",
      url,
      data: { email: "ä@x.io", n: 1 },
      headers: { "X-Token": " secret\t", "X-List": "a" },
    };
    await instance({}, false).request(config);
    await instance().request(config);
    expect(received).toHaveLength(2);
    const [theirs, ours] = received;
    expect(ours.url).toBe(theirs.url);
    expect(ours.method).toBe("POST");
    expect(ours.body).toBe(theirs.body);
    expect(JSON.parse(ours.body)).toEqual({ email: "ä@x.io", n: 1 });
    const { connection: _c1, ...theirHeaders } = theirs.headers;
    const { connection: _c2, ...ourHeaders } = ours.headers;
    expect(ourHeaders).toEqual(theirHeaders);
    expect(ours.headers["user-agent"]).toBe(`axios/${axios.VERSION}`);
    expect(ours.headers["accept-encoding"]).toBe("gzip, compress, deflate, br");
    expect(ours.headers["content-type"]).toBe("application/json");
    expect(ours.headers["x-token"]).toBe("secret");
  });

  it("serialises axios `params` as axios does", async () => {
    const params = { $filter: "id eq 'x y'", list: [1, 2], nested: { a: 1 } };
    await instance({}, false).get("odata.svc/Customers?x=1", { params });
    await instance().get("odata.svc/Customers?x=1", { params });
    expect(received[1].url).toBe(received[0].url);
  });

  it("hands every status back as data with the JSON body parsed, and an empty body as ''", async () => {
    for (const status of [200, 201, 400, 404, 409, 429, 500, 503]) {
      handler = (_request, response) => {
        response.writeHead(status, { "content-type": "application/json", "retry-after": "3" });
        response.end(JSON.stringify({ status }));
      };
      const response = await instance().get("x");
      expect(response.status).toBe(status);
      expect(response.data).toEqual({ status });
      expect(response.headers["retry-after"]).toBe("3");
    }
    handler = (_request, response) => {
      response.writeHead(204);
      response.end();
    };
    const empty = await instance().delete("x");
    expect(empty.status).toBe(204);
    expect(empty.data).toBe("");
  });

  it("parses as axios's transformResponse would: invalid JSON stays text, a BOM is stripped", async () => {
    handler = (_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html>bad gateway</html>");
    };
    expect((await instance().get("x")).data).toBe("<html>bad gateway</html>");
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end('\ufeff{"a":1}');
    };
    expect((await instance().get("x")).data).toEqual({ a: 1 });
    expect((await instance({}, false).get("x")).data).toEqual({ a: 1 });
    const bytes = await instance({ responseType: "arraybuffer" }).get<Buffer>("x");
    expect(Buffer.isBuffer(bytes.data)).toBe(true);
  });

  it("applies validateStatus as configured: a refused status is an AxiosError carrying the response", async () => {
    handler = (_request, response) => {
      response.writeHead(404, { "content-type": "application/json" });
      response.end('{"missing":true}');
    };
    const strict = instance({ validateStatus: (status) => status < 400 });
    const error = await failure(strict.get("x"));
    expect(error.code).toBe(AxiosError.ERR_BAD_REQUEST);
    expect(error.response?.status).toBe(404);
    expect(error.response?.data).toEqual({ missing: true });
  });

  it("returns response headers as node gives them (Set-Cookie as a list)", async () => {
    handler = (_request, response) => {
      response.setHeader("set-cookie", ["a=1", "b=2"]);
      response.setHeader("x-request-id", "r-1");
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    };
    const response = await instance().get("x");
    expect(response.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(response.headers["x-request-id"]).toBe("r-1");
  });

  it.each([
    ["gzip", (body: Buffer) => zlib.gzipSync(body)],
    ["x-gzip", (body: Buffer) => zlib.gzipSync(body)],
    ["deflate", (body: Buffer) => zlib.deflateSync(body)],
    ["deflate", (body: Buffer) => zlib.deflateRawSync(body)],
    ["br", (body: Buffer) => zlib.brotliCompressSync(body)],
  ])("decodes a %s answer and drops its Content-Encoding", async (encoding, encode) => {
    const payload = { d: { results: Array.from({ length: 200 }, (_, id) => ({ id })) } };
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": encoding });
      response.end(encode(Buffer.from(JSON.stringify(payload))));
    };
    const response = await instance().get("x");
    expect(response.data).toEqual(payload);
    expect(response.headers["content-encoding"]).toBeUndefined();
  });

  it("fails a corrupt gzip body as a transport error, not a crash", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      response.end(Buffer.from("this is not gzip"));
    };
    const error = await failure(instance().get("x"));
    expect(error.code).toBeDefined();
    expect(error.response).toBeUndefined();
  });

  it("times out (ETIMEDOUT) when the answer's headers do not come, and destroys the request", async () => {
    let closed = false;
    handler = (request) => {
      request.socket.on("close", () => (closed = true));
    };
    const error = await failure(instance({ timeout: 150 }).get("slow"));
    expect(error.code).toBe("ETIMEDOUT");
    expect(error.message).toBe("timeout of 150ms exceeded");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(true);
  });

  it("times out as ECONNABORTED without clarifyTimeoutError (axios's default)", async () => {
    handler = () => undefined;
    const error = await failure(instance({ timeout: 100, transitional: {} }).get("slow"));
    expect(error.code).toBe("ECONNABORTED");
  });

  it("times out when the body stalls longer than the timeout between chunks", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"a":');
    };
    const error = await failure(instance({ timeout: 150 }).get("stall"));
    expect(error.code).toBe("ETIMEDOUT");
  });

  it("keeps a body that drips in chunks, each within the timeout, beyond the timeout in all", async () => {
    handler = (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const parts = ['{"a"', ":", "1", "}"];
      const next = (): void => {
        const part = parts.shift();
        if (part === undefined) response.end();
        else {
          response.write(part);
          setTimeout(next, 150);
        }
      };
      next();
    };
    const response = await instance({ timeout: 400 }).get("drip");
    expect(response.data).toEqual({ a: 1 });
  });

  it("cancels on abort (ERR_CANCELED) and closes the connection", async () => {
    let closed = false;
    handler = (request) => {
      request.socket.on("close", () => (closed = true));
    };
    const controller = new AbortController();
    const pending = instance().get("hang", { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    const error = await failure(pending);
    expect(error.code).toBe(AxiosError.ERR_CANCELED);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(true);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(instance().get("x", { signal: controller.signal }));
    expect(error.code).toBe(AxiosError.ERR_CANCELED);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(0);
  });

  it("fails with ECONNRESET when the server resets the connection before answering", async () => {
    handler = (request) => request.socket.resetAndDestroy();
    const error = await failure(instance().get("reset"));
    expect(error.code).toBe("ECONNRESET");
    expect(error.response).toBeUndefined();
  });

  it("fails with the transport's code when the body is cut off mid-way", async () => {
    handler = (request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      response.write('{"a":');
      setTimeout(() => request.socket.destroy(), 20);
    };
    const error = await failure(instance().get("cut"));
    expect(error).toBeInstanceOf(AxiosError);
    expect(error.response).toBeUndefined();
  });

  it("fails with ECONNREFUSED when nothing listens", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(instance({ baseURL: `http://127.0.0.1:${port}/` }).get("x"));
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("does not follow redirects: a 3xx is the answer", async () => {
    handler = (request, response) => {
      if (request.url === "/api/from") {
        response.writeHead(302, { location: "/api/to" });
        response.end();
      } else response.end("{}");
    };
    const response = await instance().get("from");
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("/api/to");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.map((request) => request.url)).toEqual(["/api/from"]);
  });

  it("reuses the keep-alive connection for requests in sequence", async () => {
    const client = instance();
    await client.get("a");
    await client.get("b");
    await client.get("c");
    expect(new Set(received.map((request) => request.remotePort)).size).toBe(1);
  });

  it("refuses an answer over maxContentLength and a body over maxBodyLength", async () => {
    handler = (_request, response) => response.end("x".repeat(1000));
    const tooLong = await failure(instance({ maxContentLength: 100 }).get("x"));
    expect(tooLong.code).toBe(AxiosError.ERR_BAD_RESPONSE);
    const tooBig = await failure(instance({ maxBodyLength: 10 }).post("x", { a: "y".repeat(20) }));
    expect(tooBig.code).toBe(AxiosError.ERR_BAD_REQUEST);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.filter((request) => request.method === "POST")).toHaveLength(0);
  });

  it("strips control characters from header values as axios does (no header injection)", async () => {
    const headers = { "X-Bad": "a\r\nX-Injected: 1\u0100" };
    await instance({}, false).get("x", { headers });
    await instance().get("x", { headers });
    expect(received[1].headers["x-bad"]).toBe(received[0].headers["x-bad"]);
    expect(received[1].headers["x-bad"]).toBe("aX-Injected: 1");
    expect(received[1].headers["x-injected"]).toBeUndefined();
  });

  it("serves the provider-http.ts instance (createAxiosInstance) through this adapter", async () => {
    const client = createAxiosInstance({ baseURL: `${origin}/api`, timeoutMs: 1_000 });
    expect(typeof client.defaults.adapter).toBe("function");
    handler = (_request, response) => {
      response.writeHead(301, { location: "/elsewhere" });
      response.end();
    };
    const response = await client.get("odata.svc/Customers(1)");
    expect(response.status).toBe(301);
    expect(received.map((request) => request.url)).toEqual(["/api/odata.svc/Customers(1)"]);
  });
});

describe("environment proxies", () => {
  const base = "https://loanpro.example.com/api/";

  it("names the variable that would proxy a provider's host", () => {
    expect(proxyVariableFor(base, {})).toBeUndefined();
    expect(proxyVariableFor(base, { HTTPS_PROXY: "http://proxy:3128" })).toBe("HTTPS_PROXY");
    expect(proxyVariableFor(base, { https_proxy: "http://proxy:3128" })).toBe("https_proxy");
    expect(proxyVariableFor(base, { ALL_PROXY: "http://proxy:3128" })).toBe("ALL_PROXY");
    // HTTP_PROXY is for http: URLs only.
    expect(proxyVariableFor(base, { HTTP_PROXY: "http://proxy:3128" })).toBeUndefined();
    expect(proxyVariableFor("http://sim:8080/", { HTTP_PROXY: "http://proxy:3128" })).toBe(
      "HTTP_PROXY",
    );
  });

  it.each([
    "*",
    "loanpro.example.com",
    "example.com",
    ".example.com",
    "*.example.com",
    "other.org, loanpro.example.com",
    "loanpro.example.com:443",
  ])("lets NO_PROXY=%s cover the host", (noProxy) => {
    expect(
      proxyVariableFor(base, { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: noProxy }),
    ).toBeUndefined();
  });

  it.each(["other.org", "ample.com", "loanpro.example.com:8443"])(
    "does not let NO_PROXY=%s cover the host",
    (noProxy) => {
      expect(proxyVariableFor(base, { HTTPS_PROXY: "http://p:1", no_proxy: noProxy })).toBe(
        "HTTPS_PROXY",
      );
    },
  );

  it("refuses to start with a clear message that does not repeat the proxy URL", () => {
    const env = { HTTPS_PROXY: "http://user:hunter2@proxy:3128" };
    expect(() => assertNoEnvironmentProxy(base, env)).toThrow(
      "HTTPS_PROXY is set, but provider calls are never sent through a proxy: unset HTTPS_PROXY, or add loanpro.example.com to NO_PROXY to reach it directly",
    );
    let message = "";
    try {
      assertNoEnvironmentProxy(base, env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("proxy:3128");
    expect(() =>
      assertNoEnvironmentProxy(base, { ...env, NO_PROXY: "loanpro.example.com" }),
    ).not.toThrow();
  });

  it("is checked when a provider's axios instance is created (at start-up)", () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = "http://proxy:3128";
    try {
      expect(() => createAxiosInstance({ baseURL: base, timeoutMs: 1_000 })).toThrow(
        /HTTPS_PROXY is set/,
      );
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});
