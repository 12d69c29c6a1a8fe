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
  const text = JSON.stringify(body);
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(text));
  response.end(text);
}

export function rejectRequest(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  metrics.httpRefusals.inc({ status: String(status), code });
  sendJson(response, status, { errors: [{ message, extensions: { code } }] }, headers);
}
