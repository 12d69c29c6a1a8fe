/**
 * The answer to a request stopped before GraphQL runs: a GraphQL-shaped JSON body, so clients and
 * routers read it like any other error (GraphQL over HTTP: `errors` with `extensions.code`).
 */
import type { Response } from "express";

export function rejectRequest(
  response: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}
