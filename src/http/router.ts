/**
 * The one HTTP path (docs/architecture.md#runtime-contract): a request listener for bare
 * node:http. Every request gets a request id (echoed in `x-request-id` on every answer, 404s and
 * rejections included), is routed by exact path, and a route refuses a method it does not serve
 * with a 405. An unknown path is a JSON 404; anything a route throws goes through the HTTP error
 * border (security/http-error.handler.ts): a JSON 400/413/415 for a body it cannot use, else a
 * JSON 500 "Unexpected error." with the error's name logged, never a stack, never a crash.
 * What Node refuses before a request exists (bad syntax, headers too large, too slow) is answered
 * in the same JSON shape with a request id too (`answerClientErrors`).
 */
import { randomUUID } from "node:crypto";
import {
  STATUS_CODES,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from "node:http";
import type { Duplex } from "node:stream";
import type { Logger } from "../observability/logger.js";
import { passGuards, type Guard, type RequestState } from "../security/guard.js";
import { createHttpErrorHandler } from "../security/http-error.handler.js";
import { refusalBody, rejectRequest } from "../security/http-rejection.js";

export type RouteHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
) => void | Promise<void>;

export interface Route {
  /** The methods served; absent: every method goes to the handler (`/graphql`: Apollo decides). */
  methods?: readonly string[];
  handle: RouteHandler;
}

/** GET routes answer HEAD too (Node sends the headers and drops the body). */
export const GET_ROUTE_METHODS = ["GET", "HEAD"] as const;

/** Path -> route. A route added later (`/graphql` once Apollo has started) is served from then on. */
export type Routes = Map<string, Route>;

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** An incoming `x-request-id` when it looks sane (no spaces, bounded), else a fresh UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers["x-request-id"];
  return typeof incoming === "string" && REQUEST_ID_PATTERN.test(incoming)
    ? incoming
    : randomUUID();
}

/** The path of a request target: origin-form (`/graphql?x`) or absolute-form (`http://h/graphql`). */
function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (path.startsWith("/")) return path;
  try {
    return new URL(url).pathname;
  } catch {
    return path;
  }
}

/** Requests whose client waits for `100 Continue` before it sends the body. */
const awaitingContinue = new WeakSet<IncomingMessage>();

/**
 * `Expect: 100-continue` (RFC 9110 §10.1.1): Node answers `100 Continue` at once unless the server
 * listens for `checkContinue`, which would invite the body before the guards have run. Here such a
 * request is served like any other (as a `request` event, which Apollo's drain plugin counts), and
 * `100 Continue` is sent only when the body is about to be read (`sendContinue`); a refusal is the
 * final answer instead.
 */
export function deferContinue(server: Server): void {
  server.on("checkContinue", (request: IncomingMessage, response: ServerResponse) => {
    awaitingContinue.add(request);
    server.emit("request", request, response);
  });
}

/** Sends `100 Continue` when the client of `request` waits for it; call before reading the body. */
export function sendContinue(request: IncomingMessage, response: ServerResponse): void {
  if (awaitingContinue.delete(request) && !response.headersSent) response.writeContinue();
}

/** A handler that runs `guards` first (`/metrics` on the main port). */
export function guarded(guards: readonly Guard[], handle: RouteHandler): RouteHandler {
  return async (request, response, state) => {
    if (await passGuards(guards, request, response, state)) await handle(request, response, state);
  };
}

/** The latest exchange of each connection: whether Node's refusal would follow our own answer. */
const latestExchange = new WeakMap<
  Duplex,
  { request: IncomingMessage; response: ServerResponse; requestId: string }
>();

/** Node's parser errors and deadlines, as an HTTP status and a GraphQL-style error code. */
const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: "REQUEST_HEADERS_TOO_LARGE",
    message: "The request headers are too large.",
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: "The request's chunk extensions are too large.",
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: "REQUEST_TIMEOUT",
    message: "The request did not arrive in time.",
  },
};
const MALFORMED = { status: 400, code: "BAD_REQUEST", message: "The request is not valid HTTP." };

/** Parser errors that mean the client went away, not that it sent something wrong. */
const CLIENT_GONE = new Set(["ECONNRESET", "HPE_INVALID_EOF_STATE"]);

/**
 * Node answers what its parser refuses (and a request not complete by `requestTimeout`) itself,
 * with a bare status line. Here that answer has the shape of every other one: a JSON body, an
 * `x-request-id` (the refused request's own when it had got that far, so the answer and the
 * route's log lines match), `Connection: close`, a log line with the request id and the parser's
 * error code, and `http_refusals_total`. Nothing of the refused bytes is logged (`error.rawPacket`
 * may hold a token). The connection is closed without an answer when the client went away (a
 * reset, or its side closed mid-request) or when an answer was already sent for the request (a
 * 401 or 413 sent while the body was still coming, whose connection the request deadline then
 * closes). A refusal of a pipelined request waits until the answer to the one before it is out,
 * so it is never taken for that answer nor spliced into it.
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  // One refusal per connection: it ends the connection (at once, or after the answer it waits
  // for), so a later error of the same connection has nothing left to do.
  const refused = new WeakSet<Duplex>();
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (refused.has(socket)) return;
    refused.add(socket);
    const code = error.code ?? "unknown";
    const latest = latestExchange.get(socket);
    const answered =
      latest !== undefined && !latest.request.complete && latest.response.headersSent;
    if (CLIENT_GONE.has(code) || !socket.writable || answered) {
      socket.destroy();
      return;
    }
    const refuse = () => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const refusal = CLIENT_ERRORS[code] ?? MALFORMED;
      // The request Node refused is the latest one when it had got past its headers.
      const requestId =
        latest !== undefined && !latest.request.complete ? latest.requestId : randomUUID();
      const body = refusalBody(refusal.status, refusal.code, refusal.message);
      socket.end(
        `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
          "Connection: close\r\n" +
          "Content-Type: application/json; charset=utf-8\r\n" +
          `Content-Length: ${Buffer.byteLength(body)}\r\n` +
          `x-request-id: ${requestId}\r\n\r\n${body}`,
        () => socket.destroy(),
      );
      logger.info({ requestId, status: refusal.status, reason: code }, "http request refused");
    };
    const pending = latest?.request.complete ? latest.response : undefined;
    if (pending && !pending.writableFinished) {
      // A pipelined request refused while the one before it is still being answered.
      pending.once("finish", refuse);
      pending.once("close", () => {
        if (!pending.writableFinished) socket.destroy();
      });
      return;
    }
    refuse();
  });
}

export function createRequestListener(routes: Routes, logger: Logger): RequestListener {
  const border = createHttpErrorHandler(logger);
  return (request, response) => {
    const state: RequestState = { requestId: requestIdFor(request) };
    latestExchange.set(request.socket, { request, response, requestId: state.requestId });
    const fail = (error: unknown) => {
      try {
        border(error, response, state.requestId);
      } catch {
        response.destroy();
      }
    };
    try {
      response.setHeader("x-request-id", state.requestId);
      const route = routes.get(pathOf(request.url ?? "/"));
      if (!route) {
        rejectRequest(response, 404, "NOT_FOUND", "There is nothing at this path.");
        return;
      }
      if (route.methods && !route.methods.includes(request.method ?? "")) {
        rejectRequest(response, 405, "METHOD_NOT_ALLOWED", "This path does not take this method.", {
          allow: route.methods.join(", "),
        });
        return;
      }
      const pending = route.handle(request, response, state);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
