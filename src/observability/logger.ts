/**
 * Structured JSON logs (pino). Secrets and PII are redacted by path here, once, so no call site
 * has to remember it (product.md, Security and privacy). Call sites still never log an HTTP
 * client error object or a request body as it is.
 *
 * Every line written while a GraphQL request runs carries its `requestId` (and the operation
 * name the client sent) from the request context, so one request's upstream calls can be found
 * by its id (issue 5, item 3). The level comes from `LOG_LEVEL` (config.ts).
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

/** Bracket notation so keys with a dash ("ss-id") are valid redaction paths. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [
  `["${key}"]`,
  `*["${key}"]`,
  `*.*["${key}"]`,
]);

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
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "customer-subgraph" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      serializers: { err: safeErrorSerializer, error: safeErrorSerializer },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin(_object, _level, logger) {
        const context = currentRequestContext();
        if (!context) return {};
        // A child logger that already binds requestId (server.ts) must not write it twice.
        const bound = "requestId" in logger.bindings();
        return {
          ...(bound ? {} : { requestId: context.requestId }),
          ...(context.operationName ? { operationName: context.operationName } : {}),
        };
      },
    },
    options.destination,
  );
}
