/**
 * The one HTTP seam every provider datasource uses: an injected axios instance with keep-alive
 * agents, no redirects, and statuses handed back as data (the provider's `<p>.errors.ts` maps
 * them). Transport failures become domain errors here, and each upstream call is logged with
 * method, path, status and latency, never with headers or bodies.
 */
import http from "node:http";
import https from "node:https";
import axios, { isAxiosError, type AxiosInstance } from "axios";
import type { CustomerProvider } from "../model/customer.js";
import {
  UpstreamTimeoutError,
  UpstreamUnavailableError,
  type DomainError,
} from "../model/errors.js";
import type { Logger } from "../observability/logger.js";

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
  provider: CustomerProvider;
  baseURL: string;
  /** Overall deadline of one upstream call, in milliseconds. */
  timeoutMs: number;
  headers?: Record<string, string>;
  logger: Logger;
}

export function createAxiosInstance(options: {
  baseURL: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}): AxiosInstance {
  return axios.create({
    baseURL: options.baseURL.endsWith("/") ? options.baseURL : `${options.baseURL}/`,
    timeout: options.timeoutMs,
    headers: { Accept: "application/json", ...options.headers },
    maxRedirects: 0,
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 128 }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 128 }),
  });
}

/** A transport failure (no HTTP status) as a domain error. The axios error itself is not kept. */
export function toTransportError(provider: CustomerProvider, error: unknown): DomainError {
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
  private readonly provider: CustomerProvider;
  private readonly logger: Logger;

  constructor(options: ProviderHttpOptions) {
    this.provider = options.provider;
    this.logger = options.logger;
    this.axios = createAxiosInstance(options);
  }

  async send<T>(request: UpstreamRequest, kind: RequestKind): Promise<UpstreamResponse<T>> {
    const started = performance.now();
    try {
      const response = await this.axios.request<T>({
        method: request.method,
        url: request.url,
        params: request.params,
        data: request.data,
        headers: request.headers,
        signal: request.signal,
      });
      // One line per upstream call: debug when it succeeded (too chatty for production at info),
      // info for a 4xx (a refusal or a missing record, part of normal traffic), warn for the
      // provider's own failures (5xx, 429) so they show at the default level (issue 5, item 3).
      const level =
        response.status >= 500 || response.status === 429
          ? "warn"
          : response.status >= 400
            ? "info"
            : "debug";
      this.logger[level](
        {
          provider: this.provider,
          upstream: {
            method: request.method,
            path: request.url,
            status: response.status,
            latencyMs: Math.round(performance.now() - started),
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
      this.logger.warn(
        {
          provider: this.provider,
          upstream: {
            method: request.method,
            path: request.url,
            latencyMs: Math.round(performance.now() - started),
            kind,
            failure: isAxiosError(error) ? error.code : "unknown",
          },
        },
        "upstream call failed",
      );
      throw domainError;
    }
  }
}
