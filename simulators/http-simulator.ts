/**
 * The HTTP shell both provider simulators share: a node:http server on loopback that parses JSON
 * bodies, records every request (so tests can assert what was sent, and that nothing was), and
 * injects faults (status codes, Retry-After, delays, slow drip, dropped connections) before or
 * after the provider logic runs. Provider behaviour lives in each simulator's handler.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SimRequest {
  method: string;
  /** Path without the query string, URL-decoded. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; `undefined` when there was none; `rawBody` keeps the text. */
  body: unknown;
  rawBody: string;
  /** The query string as received (without `?`), still percent-encoded. */
  rawQuery: string;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The query string as received (without `?`), still percent-encoded. */
  rawQuery: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface Fault {
  /** Only requests with this method (any when omitted). */
  method?: string;
  /** Only requests whose path matches (substring or RegExp; any when omitted). */
  path?: string | RegExp;
  /** How many matching requests this fault applies to (default 1; Infinity for all). */
  times?: number;
  /** Let this many matching requests through untouched first (default 0). */
  skip?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer with this status and body instead of running the provider logic. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the headers, then the body one byte every `dripMs` milliseconds. */
  dripMs?: number;
  /** Destroy the connection without an answer, before the provider logic runs (nothing applied). */
  drop?: boolean;
  /** Run the provider logic (the write applies), then destroy the connection without an answer. */
  dropAfterApply?: boolean;
  /** Run the provider logic (the write applies), then answer this status instead of its answer. */
  statusAfterApply?: number;
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Fixed latency added to every answer, in milliseconds. */
  latencyMs?: number;
  /** Keep at most this many recorded requests (default 10 000). */
  recordLimit?: number;
}

export interface RunningSimulator {
  /** Origin, e.g. "http://127.0.0.1:41234". */
  origin: string;
  port: number;
  /** Requests received since start or the last `reset()`. */
  readonly requests: RecordedRequest[];
  /** Adds a fault; faults are matched in the order added. */
  inject(fault: Fault): void;
  /** Forgets recorded requests and pending faults. */
  clearLog(): void;
  setLatency(latencyMs: number): void;
  close(): Promise<void>;
}

/** Unreferenced, so a closed simulator never keeps the process alive on a pending delay. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function matches(fault: Fault, request: SimRequest): boolean {
  if (fault.method && fault.method.toUpperCase() !== request.method) return false;
  if (fault.path instanceof RegExp) return fault.path.test(request.path);
  if (typeof fault.path === "string") return request.path.includes(fault.path);
  return true;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function writeResponse(
  res: http.ServerResponse,
  response: SimResponse,
  dripMs: number | undefined,
): Promise<void> {
  const text = response.body === undefined ? "" : JSON.stringify(response.body);
  const headers: Record<string, string | string[]> = { ...response.headers };
  if (text) headers["content-type"] ??= "application/json; charset=utf-8";
  if (!dripMs) {
    headers["content-length"] = String(Buffer.byteLength(text));
    res.writeHead(response.status, headers);
    res.end(text);
    return;
  }
  res.writeHead(response.status, headers);
  for (const byte of Buffer.from(text)) {
    if (res.destroyed) return;
    res.write(Buffer.from([byte]));
    await sleep(dripMs);
  }
  res.end();
}

export async function startHttpSimulator(
  handler: SimHandler,
  options: SimulatorOptions = {},
): Promise<RunningSimulator> {
  const requests: RecordedRequest[] = [];
  const faults: Array<Fault & { remaining: number }> = [];
  const recordLimit = options.recordLimit ?? 10_000;
  let latencyMs = options.latencyMs ?? 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const url = new URL(req.url ?? "/", "http://simulator");
      const target = req.url ?? "/";
      const queryStart = target.indexOf("?");
      let body: unknown = undefined;
      if (rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = undefined;
        }
      }
      const request: SimRequest = {
        method: (req.method ?? "GET").toUpperCase(),
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body,
        rawBody,
        // From the request line itself: the URL parser would re-encode (e.g. `'` as %27).
        rawQuery: queryStart >= 0 ? target.slice(queryStart + 1) : "",
      };
      requests.push({
        method: request.method,
        path: request.path,
        query: Object.fromEntries(url.searchParams),
        rawQuery: request.rawQuery,
        headers: req.headers,
        body,
      });
      if (requests.length > recordLimit) requests.shift();

      const faultIndex = faults.findIndex((fault) => matches(fault, request));
      let fault = faultIndex >= 0 ? faults[faultIndex] : undefined;
      if (fault && (fault.skip ?? 0) > 0) {
        fault.skip = (fault.skip ?? 0) - 1;
        fault = undefined;
      }
      if (fault) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) faults.splice(faultIndex, 1);
      }
      if (latencyMs > 0) await sleep(latencyMs);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (fault?.drop) {
        req.socket.destroy();
        return;
      }
      if (fault?.status !== undefined) {
        await writeResponse(
          res,
          { status: fault.status, body: fault.body, headers: fault.headers },
          fault.dripMs,
        );
        return;
      }
      const response = await handler(request);
      if (fault?.dropAfterApply) {
        req.socket.destroy();
        return;
      }
      if (fault?.statusAfterApply !== undefined) {
        await writeResponse(
          res,
          { status: fault.statusAfterApply, body: { error: { message: "internal error" } } },
          fault.dripMs,
        );
        return;
      }
      await writeResponse(res, response, fault?.dripMs);
    })().catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "simulator failure" } }));
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";

  return {
    origin: `http://${host}:${port}`,
    port,
    requests,
    inject(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearLog() {
      requests.length = 0;
      faults.length = 0;
    },
    setLatency(value) {
      latencyMs = value;
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
