/**
 * AxiosProviderHttp over real HTTP: the query it builds itself (instead of axios's `params`)
 * arrives as the provider reads it, and the headers of the call are sent.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createLogger } from "../../src/observability/logger.js";
import { AxiosProviderHttp } from "../../src/providers/provider-http.js";

const silent = createLogger({
  level: "info",
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
}

describe("AxiosProviderHttp", () => {
  let server: http.Server;
  let origin: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      received.push({ url: request.url ?? "", headers: request.headers });
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends the params as an encoded query that decodes back to the same values", async () => {
    const providerHttp = new AxiosProviderHttp({
      provider: "LOANPRO",
      baseURL: origin,
      timeoutMs: 5_000,
      logger: silent,
    });
    const params = { $filter: "id eq 1001 or id eq 1002", $expand: "A,B", $top: 2 };
    const response = await providerHttp.send(
      { method: "GET", url: "odata.svc/Customers", params, headers: { "X-Test": "yes" } },
      "read",
    );
    expect(response).toMatchObject({ status: 200, data: { ok: true } });
    const last = received[received.length - 1];
    expect(last.url).toBe(
      "/api/odata.svc/Customers?$filter=id%20eq%201001%20or%20id%20eq%201002&$expand=A,B&$top=2",
    );
    const decoded = Object.fromEntries(new URL(last.url, origin).searchParams);
    expect(decoded).toEqual({ $filter: params.$filter, $expand: "A,B", $top: "2" });
    expect(last.headers["x-test"]).toBe("yes");
  });
});
