/**
 * The HTTP layer's error border (docs/architecture.md#the-error-border): errors raised before
 * Apollo runs, chiefly a body that is not JSON. Express's default handler would answer HTML with a
 * stack trace outside production, and Node's JSON.parse message quotes part of the body
 * ('"900-11-…" is not valid JSON'), which may hold an SSN: neither reaches the caller or the log.
 */
import type { ErrorRequestHandler } from "express";
import type { Logger } from "../observability/logger.js";
import { rejectRequest } from "./http-rejection.js";

/** body-parser's errors carry `type` and an HTTP `status`. */
interface BodyParserError {
  type?: unknown;
  status?: unknown;
}

const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  "entity.parse.failed": { status: 400, message: "The request body is not valid JSON." },
  "entity.too.large": { status: 413, message: "The request body is too large." },
  "encoding.unsupported": { status: 415, message: "The request body's charset is not supported." },
  "charset.unsupported": { status: 415, message: "The request body's charset is not supported." },
};

export function createHttpErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const type = (error as BodyParserError | null)?.type;
    const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
    const requestId = response.locals.requestId;
    if (known) {
      logger.info({ requestId, errorType: type }, "request body rejected");
      rejectRequest(response, known.status, "BAD_REQUEST", known.message);
      return;
    }
    // Name only: the message of an unknown error may quote a body or a header.
    logger.error(
      { requestId, errorName: error instanceof Error ? error.name : typeof error },
      "unexpected HTTP error",
    );
    rejectRequest(response, 500, "INTERNAL_SERVER_ERROR", "Unexpected error.");
  };
}
