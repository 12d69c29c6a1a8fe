/**
 * `GET /metrics` in the Prometheus text format. On the main port it sits behind the same guards
 * as `/graphql` (the router secret, caller authentication) when those are configured; with
 * `METRICS_PORT` it is served on that port only, by a server of its own with no other route
 * (both built in `http/`).
 */
import type { ServerResponse } from "node:http";
import { metrics } from "./metrics.js";

export const METRICS_PATH = "/metrics";

/** Answers with the registry's current text. */
export async function serveMetrics(_request: unknown, response: ServerResponse): Promise<void> {
  const text = await metrics.registry.metrics();
  response.statusCode = 200;
  response.setHeader("content-type", metrics.registry.contentType);
  response.setHeader("cache-control", "no-store");
  response.setHeader("content-length", Buffer.byteLength(text));
  response.end(text);
}
