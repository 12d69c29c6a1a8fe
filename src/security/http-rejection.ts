/**
 * The answer to a request stopped before GraphQL runs: a GraphQL-shaped JSON body, so clients and
 * routers read it like any other error (GraphQL over HTTP: `errors` with `extensions.code`).
 */
import type { ServerResponse } from "node:http";
import { metrics } from "../observability/metrics.js";

/** A JSON answer with its length (no ETag, no compression: the bodies are small). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJsonText(response, status, JSON.stringify(body), headers);
}

function sendJsonText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(text));
  response.end(text);
}

/**
 * The body of a refusal, counted in `http_refusals_total`: every answer given before GraphQL ran
 * goes through here, whether written on a response (`rejectRequest`) or on a raw socket (Node's
 * parser refusals, http/router.ts).
 */
export function refusalBody(status: number, code: string, message: string): string {
  metrics.httpRefusals.inc({ status: String(status), code });
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

export function rejectRequest(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJsonText(response, status, refusalBody(status, code, message), headers);
}
