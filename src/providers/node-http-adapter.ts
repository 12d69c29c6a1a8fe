/**
 * The transport under the providers' axios instances: an axios adapter on `node:http` /
 * `node:https`, so the datasources keep calling axios while each call does only the work this
 * service needs. axios's own http adapter also checks the proxy environment, calls
 * `setKeepAlive` on the socket, and pipes every answer through its stream helpers on every
 * request; here the keep-alive agents hold the sockets (TCP keep-alive is set once, when a socket
 * is opened), and the answer is collected in a plain buffer.
 *
 * What axios's http adapter does that is kept, as `createAxiosInstance` configures it:
 * - the URL: `baseURL` + `url` as axios joins them, parsed with WHATWG `URL` (so a query the
 *   caller built, such as LoanPro's `$filter`, reaches the wire byte for byte as before); `params`,
 *   when a caller passes them to axios, go through axios's own serializer (`getUri`);
 * - the headers axios sends: the instance's, `User-Agent: axios/<version>` and
 *   `Accept-Encoding: gzip, compress, deflate, br` unless the caller set them, `Content-Length`
 *   of the body; header values are trimmed of spaces and control characters as axios does;
 * - the body as axios's `transformRequest` left it (the JSON string), the answer as text (BOM
 *   stripped) for axios's `transformResponse` to parse by `responseType` and `transitional`,
 *   or a Buffer for `responseType: "arraybuffer"`;
 * - gzip / x-gzip / compress / deflate (zlib or raw) / br answers decompressed, and
 *   `Content-Encoding` removed once decoded;
 * - `validateStatus` as configured (provider-http.ts hands every status back as data), with
 *   axios's ERR_BAD_REQUEST / ERR_BAD_RESPONSE when it refuses one;
 * - `timeout`: the answer's headers must arrive within it, and the body may not stall longer
 *   than it between two chunks; then the request is destroyed and the error is ETIMEDOUT
 *   (`transitional.clarifyTimeoutError`, as provider-http.ts sets) or ECONNABORTED;
 * - `signal`: aborting destroys the request, the error is axios's CanceledError (ERR_CANCELED);
 * - transport failures as `AxiosError` with the socket's code (ECONNREFUSED, ECONNRESET, …);
 * - `maxContentLength` / `maxBodyLength` when set (the instance leaves them unlimited).
 *
 * Never done: following redirects (a 3xx is an answer like any other: the instance sets
 * `maxRedirects: 0`), proxies (`assertNoEnvironmentProxy` refuses them at start-up), HTTP/2,
 * streams as request or response bodies, upload/download progress, `socketPath`.
 */
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from "axios";

export interface NodeHttpAdapterOptions {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

const USER_AGENT = `axios/${axios.VERSION}`;
const ACCEPT_ENCODING = "gzip, compress, deflate, br";

/** axios's decompression options: a truncated stream yields what arrived instead of an error. */
const ZLIB_OPTIONS: zlib.ZlibOptions = {
  flush: zlib.constants.Z_SYNC_FLUSH,
  finishFlush: zlib.constants.Z_SYNC_FLUSH,
};
const BROTLI_OPTIONS: zlib.BrotliOptions = {
  flush: zlib.constants.BROTLI_OPERATION_FLUSH,
  finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
};

/** `<scheme>://` or `//` at the start: axios's isAbsoluteURL. */
const ABSOLUTE_URL = /^([a-z][a-z\d+\-.]*:)?\/\//i;

/** axios's buildFullPath + combineURLs for the cases this service has. */
function fullPath(config: InternalAxiosRequestConfig): string {
  const url = config.url ?? "";
  const base = config.baseURL;
  if (!base || (ABSOLUTE_URL.test(url) && config.allowAbsoluteUrls !== false)) return url;
  if (url === "") return base;
  let end = base.length;
  while (end > 0 && base.charCodeAt(end - 1) === 47) end--;
  return `${base.slice(0, end)}/${url.replace(/^\/+/, "")}`;
}

/** A value axios's header sanitiser would change: control characters, or edge spaces/tabs. */
const NEEDS_SANITISING = /[^\t\x20-\x7e\x80-\xff]|^[\t ]|[\t ]$/;
const INVALID_HEADER_CHARS = /[^\t\x20-\x7e\x80-\xff]+/g;

function headerValue(value: unknown): string {
  const text = String(value);
  if (!NEEDS_SANITISING.test(text)) return text;
  return text.replace(INVALID_HEADER_CHARS, "").replace(/^[\t ]+|[\t ]+$/g, "");
}

/** The request headers as node:http takes them, axios's defaults added where the caller set none. */
function requestHeaders(
  config: InternalAxiosRequestConfig,
  body: Buffer | undefined,
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  let userAgent = false;
  let acceptEncoding = false;
  let contentLength = false;
  const source = config.headers as unknown as Record<string, unknown>;
  // AxiosHeaders keeps each header as an own property (its methods are on the prototype).
  for (const name of Object.keys(source)) {
    const value = source[name];
    if (value === undefined || value === null || value === false) continue;
    const lower = name.toLowerCase();
    if (lower === "user-agent") userAgent = true;
    else if (lower === "accept-encoding") acceptEncoding = true;
    else if (lower === "content-length") {
      if (body === undefined) continue;
      contentLength = true;
    }
    headers[name] = Array.isArray(value) ? value.map(headerValue) : headerValue(value);
  }
  if (!userAgent) headers["User-Agent"] = USER_AGENT;
  if (!acceptEncoding) headers["Accept-Encoding"] = ACCEPT_ENCODING;
  if (body !== undefined && !contentLength) headers["Content-Length"] = String(body.length);
  return headers;
}

/** The body after axios's transformRequest: a string (JSON), a Buffer or bytes; anything else is refused. */
function requestBody(data: unknown, config: InternalAxiosRequestConfig): Buffer | undefined {
  if (data === undefined || data === null || data === "") return undefined;
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new AxiosError(
    "Data after transformation must be a string, an ArrayBuffer or a Buffer (streams and forms are not supported by this transport)",
    AxiosError.ERR_BAD_REQUEST,
    config,
  );
}

/** The decoder for a Content-Encoding this transport undoes, or undefined (the body stays as sent). */
function decoderFor(
  encoding: string,
): ((body: Buffer, done: zlib.CompressCallback) => void) | undefined {
  switch (encoding.toLowerCase()) {
    case "gzip":
    case "x-gzip":
    case "compress":
    case "x-compress":
      return (body, done) => zlib.unzip(body, ZLIB_OPTIONS, done);
    case "deflate":
      // Servers send both zlib-wrapped and raw deflate under this name (axios accepts both):
      // a zlib header is a CMF byte with method 8 and a CMF/FLG pair divisible by 31.
      return (body, done) =>
        body.length >= 2 && (body[0] & 0x0f) === 8 && ((body[0] << 8) | body[1]) % 31 === 0
          ? zlib.inflate(body, ZLIB_OPTIONS, done)
          : zlib.inflateRaw(body, ZLIB_OPTIONS, done);
    case "br":
      return (body, done) => zlib.brotliDecompress(body, BROTLI_OPTIONS, done);
    default:
      return undefined;
  }
}

function timeoutError(config: InternalAxiosRequestConfig, request: unknown): AxiosError {
  const message =
    config.timeoutErrorMessage ??
    (config.timeout ? `timeout of ${config.timeout}ms exceeded` : "timeout exceeded");
  const code = config.transitional?.clarifyTimeoutError
    ? AxiosError.ETIMEDOUT
    : AxiosError.ECONNABORTED;
  return new AxiosError(message, code, config, request);
}

/** The parsed URL (origin, credentials) and the path with query the request line carries. */
function target(config: InternalAxiosRequestConfig): { url: URL; path: string } {
  const url = new URL(fullPath(config));
  if (config.params === undefined || config.params === null) {
    return { url, path: url.pathname + url.search };
  }
  // axios's serializer, applied as its http adapter does to pathname + search (not re-parsed).
  const path = axios.getUri({
    url: url.pathname + url.search,
    params: config.params as unknown,
    paramsSerializer: config.paramsSerializer,
  });
  return { url, path };
}

/**
 * HTTP basic credentials as axios takes them: `auth` in the config, else the URL's user info; an
 * `Authorization` header gives way to them.
 */
function basicAuth(
  config: InternalAxiosRequestConfig,
  url: URL,
  headers: Record<string, string | string[]>,
): string | undefined {
  let auth: string | undefined;
  if (config.auth) auth = `${config.auth.username ?? ""}:${config.auth.password ?? ""}`;
  else if (url.username || url.password) {
    auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  if (auth !== undefined) {
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === "authorization") delete headers[name];
    }
  }
  return auth;
}

export function createNodeHttpAdapter(options: NodeHttpAdapterOptions): AxiosAdapter {
  const { httpAgent, httpsAgent } = options;

  return (config: InternalAxiosRequestConfig): Promise<AxiosResponse> =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const signal = config.signal as AbortSignal | undefined;
      if (signal?.aborted) {
        reject(new CanceledError(undefined, config));
        return;
      }
      if (config.responseType === "stream") {
        reject(
          new AxiosError(
            "responseType 'stream' is not supported by this transport",
            AxiosError.ERR_NOT_SUPPORT,
            config,
          ),
        );
        return;
      }

      let url: URL;
      let path: string;
      let body: Buffer | undefined;
      let headers: Record<string, string | string[]>;
      try {
        ({ url, path } = target(config));
        body = requestBody(config.data, config);
        headers = requestHeaders(config, body);
      } catch (error) {
        reject(
          error instanceof AxiosError
            ? error
            : AxiosError.from(error as Error, AxiosError.ERR_BAD_REQUEST, config),
        );
        return;
      }
      const secure = url.protocol === "https:";
      if (!secure && url.protocol !== "http:") {
        reject(
          new AxiosError(
            `Unsupported protocol ${url.protocol}`,
            AxiosError.ERR_BAD_REQUEST,
            config,
          ),
        );
        return;
      }
      const maxBodyLength = config.maxBodyLength ?? -1;
      if (body !== undefined && maxBodyLength > -1 && body.length > maxBodyLength) {
        reject(
          new AxiosError(
            "Request body larger than maxBodyLength limit",
            AxiosError.ERR_BAD_REQUEST,
            config,
          ),
        );
        return;
      }

      const method = (config.method ?? "get").toUpperCase();
      const maxContentLength = config.maxContentLength ?? -1;
      const timeoutMs = Number(config.timeout ?? 0);
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let request: http.ClientRequest;

      const finish = (): void => {
        settled = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: AxiosError): void => {
        if (settled) return;
        finish();
        request.destroy();
        reject(error);
      };
      function onAbort(): void {
        fail(new CanceledError(undefined, config, request));
      }

      try {
        request = (secure ? https : http).request({
          protocol: url.protocol,
          hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
          port: url.port,
          path,
          method,
          headers,
          agent: secure ? httpsAgent : httpAgent,
          auth: basicAuth(config, url, headers),
        });
      } catch (error) {
        // node:http refuses an invalid method, path or header synchronously.
        finish();
        reject(AxiosError.from(error as Error, AxiosError.ERR_BAD_REQUEST, config));
        return;
      }

      request.on("error", (error: NodeJS.ErrnoException) => {
        fail(AxiosError.from(error, undefined, config, request));
      });

      request.on("response", (response: http.IncomingMessage) => {
        if (settled) {
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          // The timeout now bounds the gap between two chunks.
          timer?.refresh();
          chunks.push(chunk);
          received += chunk.length;
          if (maxContentLength > -1 && received > maxContentLength) {
            fail(
              new AxiosError(
                `maxContentLength size of ${maxContentLength} exceeded`,
                AxiosError.ERR_BAD_RESPONSE,
                config,
                request,
              ),
            );
          }
        });
        response.on("error", (error: Error) => {
          fail(AxiosError.from(error, undefined, config, request));
        });
        response.on("aborted", () => {
          fail(
            new AxiosError("stream has been aborted", AxiosError.ERR_BAD_RESPONSE, config, request),
          );
        });
        response.on("end", () => {
          if (settled) return;
          const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
          const responseHeaders = response.headers;
          const encoding = responseHeaders["content-encoding"];
          const decoder =
            config.decompress !== false &&
            encoding &&
            method !== "HEAD" &&
            response.statusCode !== 204
              ? decoderFor(encoding)
              : undefined;
          if (encoding && (decoder || method === "HEAD" || response.statusCode === 204)) {
            delete responseHeaders["content-encoding"];
          }
          const deliver = (bytes: Buffer): void => {
            if (settled) return;
            finish();
            let data: string | Buffer = bytes;
            if (config.responseType !== "arraybuffer") {
              const responseEncoding = (config.responseEncoding ?? "utf8") as BufferEncoding;
              data = bytes.toString(responseEncoding);
              if (responseEncoding === "utf8" && data.charCodeAt(0) === 0xfeff)
                data = data.slice(1);
            }
            const answer: AxiosResponse = {
              data,
              status: response.statusCode ?? 0,
              statusText: response.statusMessage ?? "",
              headers: new AxiosHeaders(responseHeaders as Record<string, string>),
              config,
              request,
            };
            const validate = config.validateStatus;
            if (!answer.status || !validate || validate(answer.status)) {
              resolve(answer);
              return;
            }
            reject(
              new AxiosError(
                `Request failed with status code ${answer.status}`,
                answer.status >= 400 && answer.status < 500
                  ? AxiosError.ERR_BAD_REQUEST
                  : AxiosError.ERR_BAD_RESPONSE,
                config,
                request,
                answer,
              ),
            );
          };
          if (!decoder || raw.length === 0) {
            deliver(raw);
            return;
          }
          decoder(raw, (error, decoded) => {
            if (error) fail(AxiosError.from(error, AxiosError.ERR_BAD_RESPONSE, config, request));
            else deliver(decoded);
          });
        });
      });

      if (timeoutMs > 0) {
        timer = setTimeout(() => fail(timeoutError(config, request)), timeoutMs);
      }
      signal?.addEventListener("abort", onAbort);
      request.end(body);
    });
}

/** The first of these that is set names the proxy a URL of that scheme would use (curl's rules). */
const PROXY_VARIABLES: Record<string, readonly string[]> = {
  "http:": ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"],
  "https:": ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"],
};

/** Whether `NO_PROXY` / `no_proxy` covers the URL's host: `*`, the host, or a parent domain. */
function bypassesProxy(url: URL, env: NodeJS.ProcessEnv): boolean {
  const list = env.no_proxy || env.NO_PROXY;
  if (!list) return false;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return list
    .split(/[\s,]+/)
    .filter((entry) => entry !== "")
    .some((entry) => {
      if (entry === "*") return true;
      const match = /^(.+):(\d+)$/.exec(entry);
      const name = (match ? match[1] : entry).replace(/^\[|\]$/g, "").toLowerCase();
      if (match && match[2] !== port) return false;
      if (name.startsWith("*.") || name.startsWith(".")) {
        return host.endsWith(name.replace(/^\*/, ""));
      }
      return host === name || host.endsWith(`.${name}`);
    });
}

/**
 * The environment variable that would send calls to `baseURL` through a proxy, or undefined.
 * `npm_config_*proxy` (npm's own settings, set for scripts npm runs) are not read.
 */
export function proxyVariableFor(baseURL: string, env: NodeJS.ProcessEnv): string | undefined {
  const url = new URL(baseURL);
  const variables = PROXY_VARIABLES[url.protocol] ?? [];
  const variable = variables.find((name) => (env[name] ?? "") !== "");
  if (variable === undefined || bypassesProxy(url, env)) return undefined;
  return variable;
}

/**
 * Start-up check: this transport connects to the providers directly and never through a proxy,
 * so a proxy set in the environment for a provider's host is refused with an error naming the
 * variable (never its value: a proxy URL may carry credentials), instead of being silently
 * ignored. NO_PROXY covering the host lets the service start.
 */
export function assertNoEnvironmentProxy(
  baseURL: string,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const variable = proxyVariableFor(baseURL, env);
  if (variable === undefined) return;
  const host = new URL(baseURL).host;
  throw new Error(
    `${variable} is set, but provider calls are never sent through a proxy: unset ${variable}, ` +
      `or add ${host} to NO_PROXY to reach it directly`,
  );
}
