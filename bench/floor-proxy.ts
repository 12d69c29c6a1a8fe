/**
 * The floor (docs/architecture.md#speed-is-measured-not-asserted): the least any layer could cost.
 * A hand-written `node:http` server that takes the same incoming requests as our GraphQL server and
 * makes the same upstream calls (same count, same keep-alive agent settings as `provider-http.ts`),
 * with no GraphQL, no validation, no mapping, no resilience policies and no logging. It parses the
 * JSON it must read (the request, and the upstream answers it merges or re-wraps) and nothing else.
 *
 * Calls per scenario (docs/providers/loanpro.md §4.1, §4.3, §6; docs/providers/simpay.md §3, §5):
 *   ReadCustomer   loanpro: GET Customers(N)?$expand=PrimaryAddress,MailAddress
 *                  simpay:  GET customers/K
 *   UpdateCustomer loanpro: GET, PUT Customers(N) {email}, GET
 *                  simpay:  GET, PATCH customers/K {DefaultContact, address}, GET
 *   Entities       loanpro: one GET Customers?$filter=id eq a or …
 *   CustomerPage   loanpro: one GET Customers?$orderby=id asc&$skip=0&$top=first+1 (one past the
 *                  page tells whether there is a next one)
 *
 * SimPay: one login at start (docs/providers/simpay.md §2), then the session's cookies and bearer
 * token on every call, and one new login on a 401.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLBody } from "./scenarios.js";

export interface FloorProxyOptions {
  loanpro: { apiUrl: string; token: string; instanceId: string };
  simpay: { apiUrl: string; username: string; password: string };
}

export interface RunningFloorProxy {
  port: number;
  close(): Promise<void>;
}

interface UpstreamAnswer {
  status: number;
  body: unknown;
  headers: http.IncomingHttpHeaders;
}

/** The same agent settings as `createAxiosInstance` in provider-http.ts. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });

function upstream(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<UpstreamAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          Accept: "application/json",
          ...headers,
          ...(payload === undefined
            ? {}
            : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({
            status: response.statusCode ?? 0,
            body: text.length > 0 ? JSON.parse(text) : undefined,
            headers: response.headers,
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

class LoanProFloor {
  private readonly headers: Record<string, string>;

  constructor(private readonly options: FloorProxyOptions["loanpro"]) {
    this.headers = {
      Authorization: `Bearer ${options.token}`,
      "Autopal-Instance-ID": options.instanceId,
    };
  }

  async read(id: string): Promise<unknown> {
    const answer = await upstream(
      `${this.options.apiUrl}/odata.svc/Customers(${id})?$expand=PrimaryAddress,MailAddress`,
      "GET",
      this.headers,
    );
    return (answer.body as { d?: unknown } | undefined)?.d ?? null;
  }

  async update(id: string, email: string): Promise<unknown> {
    await this.read(id);
    // docs/providers/loanpro.md §6: the entity's id and `__update` go with the changed field.
    await upstream(`${this.options.apiUrl}/odata.svc/Customers(${id})`, "PUT", this.headers, {
      __id: Number(id),
      __update: true,
      email,
    });
    return this.read(id);
  }

  async readMany(ids: string[]): Promise<unknown[]> {
    const filter = encodeURIComponent(ids.map((id) => `id eq ${id}`).join(" or "));
    const answer = await upstream(
      `${this.options.apiUrl}/odata.svc/Customers?$filter=${filter}&$expand=PrimaryAddress,MailAddress&$top=${ids.length}`,
      "GET",
      this.headers,
    );
    const results = (answer.body as { d?: { results?: Array<{ id: number }> } }).d?.results ?? [];
    const byId = new Map(results.map((record) => [String(record.id), record]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async page(first: number): Promise<unknown> {
    const answer = await upstream(
      `${this.options.apiUrl}/odata.svc/Customers?$orderby=${encodeURIComponent("id asc")}&$skip=0&$top=${first + 1}&$expand=PrimaryAddress,MailAddress`,
      "GET",
      this.headers,
    );
    const results = (answer.body as { d?: { results?: Array<{ id: number }> } }).d?.results ?? [];
    const edges = results.slice(0, first).map((record, index) => ({
      cursor: Buffer.from(String(index + 1)).toString("base64url"),
      node: record,
    }));
    return {
      edges,
      pageInfo: { hasNextPage: results.length > first, endCursor: edges.at(-1)?.cursor ?? null },
    };
  }
}

class SimPayFloor {
  private headers: Record<string, string> | null = null;

  constructor(private readonly options: FloorProxyOptions["simpay"]) {}

  async login(): Promise<void> {
    const answer = await upstream(
      `${this.options.apiUrl}/authenticate`,
      "POST",
      {},
      {
        provider: "credentials",
        UserName: this.options.username,
        Password: this.options.password,
        RememberMe: true,
      },
    );
    const cookies = (answer.headers["set-cookie"] ?? []).map((line) => line.split(";")[0]);
    const token = (answer.body as { BearerToken?: string } | undefined)?.BearerToken;
    this.headers = {
      Cookie: cookies.join("; "),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    };
  }

  private async call(path: string, method: string, body?: unknown): Promise<UpstreamAnswer> {
    if (!this.headers) await this.login();
    let answer = await upstream(`${this.options.apiUrl}/${path}`, method, this.headers ?? {}, body);
    if (answer.status === 401) {
      await this.login();
      answer = await upstream(`${this.options.apiUrl}/${path}`, method, this.headers ?? {}, body);
    }
    return answer;
  }

  async read(key: string): Promise<Record<string, unknown> | null> {
    const answer = await this.call(`customers/${key}`, "GET");
    return answer.status === 200 ? (answer.body as Record<string, unknown>) : null;
  }

  async update(key: string, email: string): Promise<unknown> {
    const current = (await this.read(key)) ?? {};
    // docs/providers/simpay.md §5: PATCH needs the complete DefaultContact and one address.
    const body: Record<string, unknown> = {
      DefaultContact: { ...(current.DefaultContact as object), EmailAddress: email },
    };
    if (current.BillingAddress) body.BillingAddress = current.BillingAddress;
    else if (current.ShippingAddress) body.ShippingAddress = current.ShippingAddress;
    await this.call(`customers/${key}`, "PATCH", body);
    return this.read(key);
  }
}

function readRequestBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function splitId(id: string): [string, string] {
  const colon = id.indexOf(":");
  return [id.slice(0, colon), id.slice(colon + 1)];
}

export async function startFloorProxy(
  options: FloorProxyOptions,
  port = 0,
): Promise<RunningFloorProxy> {
  const loanpro = new LoanProFloor(options.loanpro);
  const simpay = new SimPayFloor(options.simpay);
  await simpay.login();

  const answer = async (body: GraphQLBody): Promise<unknown> => {
    switch (body.operationName) {
      case "ReadCustomer": {
        const [provider, id] = splitId(body.variables.id as string);
        return {
          customer: provider === "loanpro" ? await loanpro.read(id) : await simpay.read(id),
        };
      }
      case "UpdateCustomer": {
        const input = body.variables.input as { id: string; email: string };
        const [provider, id] = splitId(input.id);
        const customer =
          provider === "loanpro"
            ? await loanpro.update(id, input.email)
            : await simpay.update(id, input.email);
        return { updateCustomer: { customer, userErrors: [] } };
      }
      case "Entities": {
        const representations = body.variables.representations as Array<{ id: string }>;
        return {
          _entities: await loanpro.readMany(representations.map((rep) => splitId(rep.id)[1])),
        };
      }
      case "CustomerPage":
        return { customers: await loanpro.page(body.variables.first as number) };
      default: {
        const unknown: never = body.operationName;
        throw new Error(`unknown operation ${String(unknown)}`);
      }
    }
  };

  const server = http.createServer((request, response) => {
    readRequestBody(request)
      .then((text) => answer(JSON.parse(text) as GraphQLBody))
      .then((data) => {
        const json = JSON.stringify({ data });
        response.writeHead(200, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(json),
        });
        response.end(json);
      })
      .catch((error: unknown) => {
        const json = JSON.stringify({
          errors: [{ message: error instanceof Error ? error.name : "floor failure" }],
        });
        response.writeHead(500, { "content-type": "application/json" });
        response.end(json);
      });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
