/**
 * The chunked (incremental delivery, multipart/mixed) path of `/graphql` (http/graphql-handler.ts)
 * over real HTTP. Apollo Server 5 on graphql 16 never answers in chunks, so the handler runs here
 * over a stand-in for Apollo that does: each part leaves as soon as it exists, a client that
 * stops reading holds the parts back instead of letting them pile up in memory, and a client that
 * goes away ends the iteration.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import { createGraphQLHandler } from "../../src/http/graphql-handler.js";
import { createRequestListener, type Routes } from "../../src/http/router.js";
import { createLogger } from "../../src/observability/logger.js";

const silent = createLogger({
  level: "info",
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

/** The parts the stand-in answers the next request with. */
interface Script {
  parts: () => AsyncGenerator<string>;
}

let script: Script;
let server: http.Server;
let port: number;

beforeAll(async () => {
  const apollo = {
    executeHTTPGraphQLRequest: async () => {
      const headers = new HeaderMap([["content-type", 'multipart/mixed; boundary="-"']]);
      return { status: 200, headers, body: { kind: "chunked", asyncIterator: script.parts() } };
    },
  } as unknown as ApolloServer<BaseContext>;
  const routes: Routes = new Map();
  routes.set("/graphql", {
    handle: createGraphQLHandler({
      apollo,
      guards: [],
      tracing: { tracer: null, shutdown: async () => {} },
      upstreamCallLimit: 10,
      context: async () => ({}),
    }),
  });
  server = http.createServer(createRequestListener(routes, silent));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A POST to /graphql; resolves with the response once its head arrived. */
function post(): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        port,
        host: "127.0.0.1",
        path: "/graphql",
        method: "POST",
        headers: { "content-type": "application/json" },
      },
      resolve,
    );
    request.on("error", reject);
    request.end(JSON.stringify({ query: "{ __typename }" }));
  });
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

it("sends each part as soon as it exists, chunked, without a length", async () => {
  const second = gate();
  script = {
    async *parts() {
      yield "part-1;";
      await second.wait;
      yield "part-2;";
    },
  };
  const response = await post();
  expect(response.statusCode).toBe(200);
  expect(response.headers["content-type"]).toBe('multipart/mixed; boundary="-"');
  expect(response.headers["content-length"]).toBeUndefined();
  expect(response.headers["transfer-encoding"]).toBe("chunked");
  expect(response.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  let received = "";
  const first = new Promise<void>((resolve) =>
    response.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      if (received === "part-1;") resolve();
    }),
  );
  // The first part arrives while the second does not exist yet.
  await first;
  second.open();
  await new Promise((resolve) => response.on("end", resolve));
  expect(received).toBe("part-1;part-2;");
});

it("holds the parts back while the client does not read, then delivers all of them", async () => {
  const PART = "x".repeat(1024 * 1024);
  const COUNT = 32;
  let pulled = 0;
  script = {
    async *parts() {
      for (let index = 0; index < COUNT; index += 1) {
        pulled += 1;
        yield PART;
      }
    },
  };
  const response = await post();
  response.pause();
  await new Promise((resolve) => setTimeout(resolve, 500));
  // 32 MB would be buffered by now without backpressure; a few parts fill the socket buffers.
  const whilePaused = pulled;
  expect(whilePaused).toBeLessThan(COUNT / 2);
  let bytes = 0;
  response.on("data", (chunk: Buffer) => (bytes += chunk.length));
  response.resume();
  await new Promise((resolve) => response.on("end", resolve));
  expect(bytes).toBe(COUNT * PART.length);
  expect(pulled).toBe(COUNT);
});

it("stops asking for parts once the client has gone", async () => {
  let pulled = 0;
  let finished = false;
  const firstSent = gate();
  script = {
    async *parts() {
      try {
        for (let index = 0; index < 1_000; index += 1) {
          pulled += 1;
          if (index === 1) firstSent.open();
          yield `part-${index};`;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        finished = true;
      }
    },
  };
  const response = await post();
  await firstSent.wait;
  response.destroy();
  const deadline = Date.now() + 5_000;
  while (!finished && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The iterator was closed (its finally ran) long before its 1 000 parts.
  expect(finished).toBe(true);
  const atClose = pulled;
  expect(atClose).toBeLessThan(1_000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(pulled).toBe(atClose);
});
