/**
 * Structured JSON logs (pino). Secrets and PII are redacted by path here, once, so no call site
 * has to remember it (docs/architecture.md#privacy). Call sites still never log an HTTP
 * client error object or a request body as it is.
 *
 * Every line written while a GraphQL request runs carries its `requestId` (and the operation
 * name the client sent) from the request context, so one request's upstream calls can be found
 * by its id (docs/architecture.md#logging). The level comes from `LOG_LEVEL` (config.ts).
 */
import pino, { type Logger, type DestinationStream } from "pino";
import { currentRequestContext } from "./request-context.js";

export type { Logger };

/** Every key that may carry a secret, at any of the depths we log objects. */
const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "Set-Cookie",
  "ss-id",
  "ss-pid",
  "x-router-secret",
  "ssn",
  "driverLicense",
  "password",
  "Password",
  "accessPassword",
  "portalPassword",
  "token",
  "accessToken",
  "refreshToken",
  "bearerToken",
  "BearerToken",
  "RefreshToken",
  "SessionId",
  "sessionId",
  "customerId",
  "number",
];

const SECRET_KEY_SET: ReadonlySet<string> = new Set(SECRET_KEYS);
const REDACTED = "[redacted]";

/** How deep logged objects are searched for secret keys (the old path list stopped at depth 2). */
const REDACT_DEPTH = 5;

/** Objects JSON writes by a method of their own (Date, Buffer) or that have their serializer. */
function isOpaque(value: object): boolean {
  return value instanceof Error || typeof (value as { toJSON?: unknown }).toJSON === "function";
}

/**
 * `value` with every secret key's value replaced by "[redacted]", at any depth up to
 * REDACT_DEPTH. One walk over what is logged, copying only the objects that hold a secret, so a
 * line without secrets (the access log, the upstream call lines) costs a few key look-ups. pino's
 * own `redact` (75 wildcard paths) ran a path matcher over every object of every line: 4-8% of a
 * read's CPU (bench/RESULTS.md, "What we changed").
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (typeof value !== "object" || value === null || depth > REDACT_DEPTH || isOpaque(value)) {
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) {
        copy ??= [...(value as unknown[])];
        copy[index] = redacted;
      }
    }
    return (copy ?? value) as T;
  }
  const source = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const item = source[key];
    const redacted =
      SECRET_KEY_SET.has(key) && item !== undefined ? REDACTED : redactSecrets(item, depth + 1);
    if (redacted !== item) {
      copy ??= { ...source };
      copy[key] = redacted;
    }
  }
  return (copy ?? value) as T;
}

/**
 * What is logged of an Error under `err`/`error`: its name and code. Not its message (an HTTP
 * client error's message and config carry URLs, headers and bodies), not its stack.
 */
export function safeErrorSerializer(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { errorName: typeof error };
  const code = (error as { code?: unknown }).code;
  return { errorName: error.name, ...(typeof code === "string" ? { errorCode: code } : {}) };
}

export interface LoggerOptions {
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const logger = pino(
    {
      level: options.level ?? "info",
      base: { service: "customer-subgraph" },
      // Instead of pino's `redact` paths: the same keys at more depths, at a fraction of the cost.
      formatters: {
        log: (object) => redactSecrets(object),
        bindings: (bindings) => redactSecrets(bindings),
      },
      serializers: { err: safeErrorSerializer, error: safeErrorSerializer },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin(_object, _level, instance) {
        const context = currentRequestContext();
        if (!context) return {};
        const fields: {
          requestId?: string;
          operationName?: string;
          trace_id?: string;
          span_id?: string;
        } = {};
        // A child logger that already binds requestId must not write it twice. Its bindings are
        // kept as a JSON fragment: a substring test, not `logger.bindings()` (a JSON.parse per line).
        const chindings = (instance as unknown as Record<symbol, string | undefined>)[
          pino.symbols.chindingsSym
        ];
        if (!chindings?.includes('"requestId":')) fields.requestId = context.requestId;
        if (context.operationName) fields.operationName = context.operationName;
        // The operation span (or, tracing off, the caller's traceparent), for log-trace joins.
        if (context.trace) {
          fields.trace_id = context.trace.traceId;
          fields.span_id = context.trace.spanId;
        }
        return fields;
      },
    },
    options.destination,
  );
  // pino applies `formatters.bindings` to the root's bindings only; children's bindings are
  // redacted here, for every descendant (they inherit this method through the prototype).
  const child = logger.child;
  const redactingChild = function (this: Logger, bindings: pino.Bindings, childOptions?: object) {
    return child.call(this, redactSecrets(bindings), childOptions);
  };
  (logger as unknown as { child: typeof redactingChild }).child = redactingChild;
  return logger;
}

/**
 * `logger` with `provider` bound once, so call sites never write the key themselves: a line whose
 * object repeats a key the logger already binds carries it twice (invalid for strict JSON
 * parsers). Returns `logger` itself when it already binds that provider.
 */
export function providerLogger(logger: Logger, provider: string): Logger {
  return logger.bindings().provider === provider ? logger : logger.child({ provider });
}
