/**
 * `GET /metrics` in the Prometheus text format. On the main port it sits behind the same guards
 * as `/graphql` (the router secret, caller authentication) when those are configured; with
 * `METRICS_PORT` it is served on that port only, by a server of its own with no other route.
 */
import http from "node:http";
import express, { type Express, type RequestHandler } from "express";
import { metrics } from "./metrics.js";

export const METRICS_PATH = "/metrics";

export function metricsHandler(): RequestHandler {
  return (_request, response, next) => {
    metrics.registry
      .metrics()
      .then((text) => {
        response.setHeader("content-type", metrics.registry.contentType);
        response.setHeader("cache-control", "no-store");
        response.send(text);
      })
      .catch(next);
  };
}

/** Mounts `/metrics` on the main app, after `guards`. */
export function mountMetrics(app: Express, guards: RequestHandler[]): void {
  app.get(METRICS_PATH, ...guards, metricsHandler());
}

/** The opt-in separate server of `METRICS_PORT` (not listening yet). */
export function createMetricsServer(): http.Server {
  const app = express();
  app.disable("x-powered-by");
  app.get(METRICS_PATH, metricsHandler());
  return http.createServer(app);
}
