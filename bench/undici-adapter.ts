/**
 * PROTOTYPE: an axios adapter over undici's `request`, so the provider clients keep axios as their
 * API while the transport is undici's pooled HTTP/1.1 client. Measured by
 * `npm run bench -- --transport=undici` (bench/RESULTS.md); wiring it into `provider-http.ts` is
 * the lead's call.
 *
 * Semantics kept from axios's http adapter as `provider-http.ts` uses it: the URL from
 * baseURL + url + params (axios.getUri), the body already serialised by transformRequest, the
 * response text handed to transformResponse (JSON parse), `validateStatus`, no redirects followed
 * (undici never follows them here; maxRedirects 0), `timeout` as ETIMEDOUT and `signal` as
 * ERR_CANCELED. Transport failures become an AxiosError with the socket's code (ECONNREFUSED, …)
 * and no request headers in it, so nothing secret can leak through the error object.
 */
import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from "axios";
import { Agent, request, type Dispatcher } from "undici";

export interface UndiciAdapterOptions {
  /** Sockets per origin (provider-http.ts uses maxSockets 128). */
  connections?: number;
  /** Idle keep-alive sockets are closed after this long. */
  keepAliveTimeoutMs?: number;
}

function plainHeaders(config: InternalAxiosRequestConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) {
    if (value === undefined || value === null) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : String(value);
  }
  return headers;
}

function toAxiosError(
  error: unknown,
  config: InternalAxiosRequestConfig,
  timedOut: boolean,
): AxiosError {
  if (timedOut) {
    return new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config);
  }
  if (config.signal?.aborted) return new CanceledError(undefined, undefined, config);
  const cause = error as { code?: string; cause?: { code?: string } } | undefined;
  const code = cause?.cause?.code ?? cause?.code ?? AxiosError.ERR_NETWORK;
  // The message names the code only: undici's own message may quote the URL.
  return new AxiosError(`upstream transport failure (${code})`, code, config);
}

export function createUndiciAdapter(options: UndiciAdapterOptions = {}): AxiosAdapter {
  const dispatcher = new Agent({
    connections: options.connections ?? 128,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    pipelining: 1,
  });

  return async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const url = axios.getUri(config);
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      config.timeout && config.timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, config.timeout)
        : undefined;
    const external = config.signal as AbortSignal | undefined;
    const onAbort = (): void => controller.abort();
    external?.addEventListener("abort", onAbort, { once: true });
    try {
      if (external?.aborted) throw new Error("aborted");
      const answer = await request(url, {
        method: (config.method ?? "get").toUpperCase() as Dispatcher.HttpMethod,
        headers: plainHeaders(config),
        body: (config.data as string | Buffer | undefined) ?? undefined,
        signal: controller.signal,
        dispatcher,
      });
      const text = await answer.body.text();
      const headers = { ...answer.headers } as Record<string, string | string[]>;
      // node:http (axios's own adapter) always gives Set-Cookie as a list; undici gives one as a string.
      const setCookie = headers["set-cookie"];
      if (typeof setCookie === "string") headers["set-cookie"] = [setCookie];
      const response: AxiosResponse = {
        data: text,
        status: answer.statusCode,
        statusText: "",
        headers: new AxiosHeaders(headers),
        config,
        request: null,
      };
      const validate = config.validateStatus;
      if (validate && !validate(response.status)) {
        throw new AxiosError(
          `Request failed with status code ${response.status}`,
          response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
          config,
          null,
          response,
        );
      }
      return response;
    } catch (error) {
      if (error instanceof AxiosError) throw error;
      throw toAxiosError(error, config, timedOut);
    } finally {
      if (timer) clearTimeout(timer);
      external?.removeEventListener("abort", onAbort);
    }
  };
}
