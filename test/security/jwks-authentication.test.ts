/**
 * Caller authentication with AUTH_JWKS_URL (docs/architecture.md#caller-security): keys from a JWKS
 * served on loopback, only asymmetric algorithms, and a JWKS that cannot be fetched answered as our
 * failure (503).
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from "jose";
import { bearer, signTestToken, startSecurityStack, type SecurityStack } from "./security-stack.js";

const READ = `query Read { customer(id: "simpay:48213") { id displayName } }`;

interface JwksServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

async function serveJwks(body: () => { status: number; json: unknown }): Promise<JwksServer> {
  const state = { requests: 0 };
  const server = http.createServer((_request, response) => {
    state.requests += 1;
    const { status, json } = body();
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(json));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("JWT authentication with AUTH_JWKS_URL", () => {
  let privateKey: KeyLike;
  let otherKey: KeyLike;
  let jwks: JwksServer;
  let security: SecurityStack;
  let jwksAvailable = true;

  const sign = (key: KeyLike, scope: string) =>
    new SignJWT({ scope })
      .setProtectedHeader({ alg: "RS256", kid: "key-1" })
      .setSubject("jwks-user")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair("RS256");
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair("RS256")).privateKey;
    const publicJwk = {
      ...(await exportJWK(pair.publicKey)),
      kid: "key-1",
      alg: "RS256",
      use: "sig",
    };
    jwks = await serveJwks(() =>
      jwksAvailable ? { status: 200, json: { keys: [publicJwk] } } : { status: 500, json: {} },
    );
    security = await startSecurityStack({ AUTH_JWKS_URL: jwks.url });
  });
  afterAll(async () => {
    await security.close();
    await jwks.close();
  });
  beforeEach(() => {
    jwksAvailable = true;
    security.forgetProviderCalls();
  });

  it("serves a read to a token signed by a key in the JWKS", async () => {
    const result = await security.stack.graphql(
      READ,
      {},
      bearer(await sign(privateKey, "customers:read")),
    );
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({
      customer: { id: "simpay:48213", displayName: "Northwind Bakery" },
    });
    expect(jwks.requests).toBeGreaterThan(0);
  });

  it("answers 401 to a token signed by a key that is not in the JWKS", async () => {
    const result = await security.stack.graphql(
      READ,
      {},
      bearer(await sign(otherKey, "customers:read")),
    );
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0].extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to an HS256 token, whatever its secret (no algorithm confusion)", async () => {
    const hs256 = await signTestToken({ scope: "customers:read" });
    const result = await security.stack.graphql(READ, {}, bearer(hs256));
    expect(result.status).toBe(401);
  });

  it("answers FORBIDDEN when the JWKS-verified token lacks the scope", async () => {
    const result = await security.stack.graphql(
      READ,
      {},
      bearer(await sign(privateKey, "profile")),
    );
    expect(result.body.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN" });
    expect(security.providerCalls()).toBe(0);
  });
});

describe("JWT authentication with an unreachable JWKS", () => {
  it("answers 503 AUTHENTICATION_UNAVAILABLE, not 401, and calls no provider", async () => {
    const jwks = await serveJwks(() => ({ status: 500, json: {} }));
    const security = await startSecurityStack({ AUTH_JWKS_URL: jwks.url });
    try {
      const { privateKey } = await generateKeyPair("ES256");
      const token = await new SignJWT({ scope: "customers:read" })
        .setProtectedHeader({ alg: "ES256", kid: "k" })
        .setExpirationTime("5m")
        .sign(privateKey);
      const result = await security.stack.graphql(READ, {}, bearer(token));
      expect(result.status).toBe(503);
      expect(result.body.errors?.[0].extensions).toEqual({ code: "AUTHENTICATION_UNAVAILABLE" });
      expect(security.providerCalls()).toBe(0);
    } finally {
      await security.close();
      await jwks.close();
    }
  });
});

describe("a client gone while its token is checked", () => {
  it("has its request ended as aborted once the JWKS answers, not left pending", async () => {
    const pair = await generateKeyPair("RS256");
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "key-1", alg: "RS256" };
    // A JWKS that answers only when released: the guard is still waiting when the client leaves.
    const held: Array<() => void> = [];
    let jwksAsked: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (jwksAsked = resolve));
    const jwksServer = http.createServer((_request, response) => {
      held.push(() => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ keys: [publicJwk] }));
      });
      jwksAsked();
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    const security = await startSecurityStack({ AUTH_JWKS_URL: jwksUrl });
    const requestId = "gone-while-checked";
    try {
      let serverSawClose: () => void = () => undefined;
      const closedOnServer = new Promise<void>((resolve) => (serverSawClose = resolve));
      security.stack.server.httpServer.on("request", (request: http.IncomingMessage) => {
        if (request.headers["x-request-id"] === requestId) {
          request.socket.once("close", () => serverSawClose());
        }
      });
      const token = await new SignJWT({ scope: "customers:read" })
        .setProtectedHeader({ alg: "RS256", kid: "key-1" })
        .setExpirationTime("5m")
        .sign(pair.privateKey);
      const { port } = new URL(security.stack.origin);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      socket.on("error", () => undefined);
      socket.write(
        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
          `Authorization: Bearer ${token}\r\nx-request-id: ${requestId}\r\n` +
          'Content-Length: 1000\r\n\r\n{"query":',
      );
      await asked;
      socket.destroy();
      await closedOnServer;
      for (const release of held.splice(0)) release();
      // The body reader then finds the request gone and ends it as aborted (logged by id).
      const logged = () =>
        security.stack.logLines.some(
          (line) => line.includes(requestId) && line.includes('"errorType":"request.aborted"'),
        );
      for (let waited = 0; waited < 5_000 && !logged(); waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(logged()).toBe(true);
      expect(security.providerCalls()).toBe(0);
    } finally {
      for (const release of held.splice(0)) release();
      await security.close();
      jwksServer.closeAllConnections();
      await new Promise<void>((resolve) => jwksServer.close(() => resolve()));
    }
  });
});
