/**
 * Structured JSON logs (pino). Secrets and PII are redacted by path here, once, so no call site
 * has to remember it (product.md, Security and privacy). Call sites still never log an HTTP
 * client error object or a request body as it is.
 */
import pino, { type Logger, type DestinationStream } from "pino";

export type { Logger };

/** Every key that may carry a secret, at any of the depths we log objects. */
const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "ssn",
  "driverLicense",
  "password",
  "Password",
  "accessPassword",
  "portalPassword",
  "token",
  "BearerToken",
  "RefreshToken",
  "SessionId",
  "sessionId",
  "customerId",
  "number",
];

export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

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
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
