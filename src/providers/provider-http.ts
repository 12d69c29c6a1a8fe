/**
 * The one HTTP seam every provider datasource uses: an injected axios instance with keep-alive
 * agents, no redirects, and statuses handed back as data (the provider's `<p>.errors.ts` maps
 * them). Transport failures become domain errors here, and each upstream call is logged with
 * method, path, status and latency, never with headers or bodies.
 */
import http from "node:http";
import https from "node:https";
import axios, { isAxiosError, type AxiosInstance, type AxiosRequestConfig } from "axios";
import type { ProviderName } from "../model/customer.js";
import {
  UpstreamAuthError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type DomainError,
} from "../model/errors.js";
import { providerLogger, type Logger } from "../observability/logger.js";
import { metrics, routeTemplate, statusClass } from "../observability/metrics.js";
import { assertNoEnvironmentProxy, createNodeHttpAdapter } from "./node-http-adapter.js";

export type UpstreamMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface UpstreamRequest {
  method: UpstreamMethod;
  /** Relative to the provider's base URL. */
  url: string;
  params?: Record<string, string | number | boolean>;
  data?: unknown;
  headers?: Record<string, string>;
  /** Aborts the request (the resilience layer's deadline). */
  signal?: AbortSignal;
  /**
   * The route template for metrics and spans (`customers/{key}`) when `url` holds an id the
   * generic rule would not recognise (`routeTemplate` in observability/metrics.ts).
   */
  route?: string;
}

export interface UpstreamResponse<T = unknown> {
  status: number;
  data: T;
  headers: Record<string, string | string[] | undefined>;
}

/** Reads may be retried by the resilience layer; writes never are. */
export type RequestKind = "read" | "write";

export interface ProviderHttp {
  send<T = unknown>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>>;
}

export interface ProviderHttpOptions {
  provider: ProviderName;
  baseURL: string;
  /** Overall deadline of one upstream call, in milliseconds. */
  timeoutMs: number;
  headers?: Record<string, string>;
  logger: Logger;
}

/**
 * The axios instance of one provider. Refuses to start when the environment sets a proxy for the
 * provider's host (`assertNoEnvironmentProxy`).
 */
export function createAxiosInstance(options: {
  baseURL: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}): AxiosInstance {
  assertNoEnvironmentProxy(options.baseURL);
  return axios.create({
    baseURL: options.baseURL.endsWith("/") ? options.baseURL : `${options.baseURL}/`,
    timeout: options.timeoutMs,
    headers: { Accept: "application/json", ...options.headers },
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    // Our transport (node-http-adapter.ts) instead of axios's http adapter; it never follows
    // redirects nor uses a proxy.
    adapter: createNodeHttpAdapter({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 128 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 128 }),
    }),
  });
}

/**
 * One query value, percent-encoded as RFC 3986 wants (spaces as `%20`, the form LoanPro's own
 * examples use: docs/providers/loanpro.md §4.4 `$orderby=id%20asc`), keeping `$` (OData's
 * `$filter`, `$expand`: docs/providers/loanpro.md §4.3), `,` (the `$expand` list, §4.1) and `:`
 * readable as axios's own encoder did.
 */
function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(/%24/g, "$").replace(/%2C/gi, ",").replace(/%3A/gi, ":");
}

/**
 * `params` as a query string, in insertion order. Done here instead of axios's `params`, whose
 * serializer goes through its form-data visitor on every call (measured: bench/RESULTS.md).
 */
export function encodeQuery(params: UpstreamRequest["params"]): string {
  let query = "";
  for (const key in params) {
    const value = params[key];
    if (value === undefined) continue;
    query += `${query === "" ? "" : "&"}${encodeQueryComponent(key)}=${encodeQueryComponent(String(value))}`;
  }
  return query;
}

/** The request's URL with its params appended (`url` may already hold a query). */
export function urlWithQuery(request: Pick<UpstreamRequest, "url" | "params">): string {
  const query = request.params ? encodeQuery(request.params) : "";
  if (query === "") return request.url;
  return `${request.url}${request.url.includes("?") ? "&" : "?"}${query}`;
}

/**
 * The one rule for which statuses are the provider's own failure: 429 and every 5xx. Such a
 * failure is retryable later, counted by the circuit breaker and logged at warn; any other
 * non-success status is about the request and retrying it does not help.
 */
export function isProviderFailureStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * A non-success status that is not the input's fault as a domain error: 401/403 mean this
 * service's credentials or role are wrong (never the caller's); otherwise unavailable, retryable
 * when `isProviderFailureStatus`.
 */
export function errorForStatus(provider: ProviderName, status: number): DomainError {
  if (status === 401 || status === 403) return new UpstreamAuthError(provider, status);
  return new UpstreamUnavailableError(provider, {
    retryable: isProviderFailureStatus(status),
    status,
  });
}

/** A transport failure (no HTTP status) as a domain error. The axios error itself is not kept. */
export function toTransportError(provider: ProviderName, error: unknown): DomainError {
  if (isAxiosError(error) && (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED")) {
    return new UpstreamTimeoutError(provider);
  }
  return new UpstreamUnavailableError(provider, {
    retryable: true,
    transportCode: isAxiosError(error) ? error.code : undefined,
  });
}

export class AxiosProviderHttp implements ProviderHttp {
  readonly axios: AxiosInstance;
  private readonly provider: ProviderName;
  private readonly logger: Logger;

  constructor(options: ProviderHttpOptions) {
    this.provider = options.provider;
    // `provider` is bound on the logger, never repeated in a line's object (no duplicate keys).
    this.logger = providerLogger(options.logger, options.provider);
    this.axios = createAxiosInstance(options);
  }

  async send<T>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>> {
    const started = performance.now();
    const route = routeTemplate(this.provider, request.url, request.route);
    try {
      // Only the keys this call sets: axios merges every key of the config with its defaults.
      const config: AxiosRequestConfig = { method: request.method, url: urlWithQuery(request) };
      if (request.data !== undefined) config.data = request.data;
      if (request.headers) config.headers = request.headers;
      if (request.signal) config.signal = request.signal;
      const response = await this.axios.request<T>(config);
      // One line per upstream call: debug when it succeeded (too chatty for production at info),
      // info for a 4xx (a refusal or a missing record, part of normal traffic), warn for the
      // provider's own failures (5xx, 429) so they show at the default level
      // (docs/architecture.md#logging).
      const level = isProviderFailureStatus(response.status)
        ? "warn"
        : response.status >= 400
          ? "info"
          : "debug";
      const elapsedMs = performance.now() - started;
      this.record(request.method, route, statusClass(response.status), elapsedMs);
      this.logger[level](
        {
          upstream: {
            method: request.method,
            path: request.url,
            status: response.status,
            latencyMs: Math.round(elapsedMs),
            kind,
          },
        },
        "upstream call",
      );
      return {
        status: response.status,
        data: response.data,
        headers: response.headers as Record<string, string | string[] | undefined>,
      };
    } catch (error) {
      const domainError = toTransportError(this.provider, error);
      const elapsedMs = performance.now() - started;
      this.record(
        request.method,
        route,
        domainError instanceof UpstreamTimeoutError ? "timeout" : "transport",
        elapsedMs,
      );
      this.logger.warn(
        {
          upstream: {
            method: request.method,
            path: request.url,
            latencyMs: Math.round(elapsedMs),
            kind,
            failure: isAxiosError(error) ? error.code : "unknown",
          },
        },
        "upstream call failed",
      );
      throw domainError;
    }
  }

  /** One attempt in the upstream metrics: bounded labels only (route template, status class). */
  private record(method: string, route: string, status_class: string, elapsedMs: number): void {
    const labels = { provider: this.provider, method, route, status_class };
    metrics.upstreamRequests.inc(labels);
    metrics.upstreamDuration.observe(labels, elapsedMs / 1000);
  }
}
