/**
 * The HTTP layer's error border (docs/architecture.md#the-error-border): errors raised before
 * Apollo runs, chiefly a body that is not JSON, and anything unexpected in a route. Node's
 * JSON.parse message quotes part of the body ('"900-11-…" is not valid JSON'), which may hold an
 * SSN: neither the message nor a stack reaches the caller or the log. Body errors carry a `type`
 * (the body reader's, named as body-parser named them).
 */
import type { ServerResponse } from "node:http";
import type { Logger } from "../observability/logger.js";
import { rejectRequest } from "./http-rejection.js";

interface TypedError {
  type?: unknown;
}

const BODY_ERRORS: Record<string, { status: number; message: string }> = {
  "entity.parse.failed": { status: 400, message: "The request body is not valid JSON." },
  "entity.too.large": { status: 413, message: "The request body is too large." },
  "encoding.unsupported": {
    status: 415,
    message: "The request body's content-encoding is not supported.",
  },
  "encoding.failed": { status: 400, message: "The request body could not be decompressed." },
  "charset.unsupported": { status: 415, message: "The request body's charset is not supported." },
  "request.aborted": { status: 400, message: "The request body ended early." },
};

export type HttpErrorHandler = (
  error: unknown,
  response: ServerResponse,
  requestId: string,
) => void;

export function createHttpErrorHandler(logger: Logger): HttpErrorHandler {
  return (error, response, requestId) => {
    const type = (error as TypedError | null)?.type;
    const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
    if (known) {
      logger.info({ requestId, errorType: type }, "request body rejected");
    } else {
      // Name only: the message of an unknown error may quote a body or a header.
      logger.error(
        { requestId, errorName: error instanceof Error ? error.name : typeof error },
        "unexpected HTTP error",
      );
    }
    if (response.headersSent || response.destroyed) {
      // Part of an answer is out (a streamed response): the connection is the only signal left.
      response.destroy();
      return;
    }
    // Headers a route set before failing (a content type, a length) do not describe this answer.
    for (const name of response.getHeaderNames()) {
      if (name !== "x-request-id" && !name.startsWith("access-control-") && name !== "vary") {
        response.removeHeader(name);
      }
    }
    if (known) rejectRequest(response, known.status, "BAD_REQUEST", known.message);
    else rejectRequest(response, 500, "INTERNAL_SERVER_ERROR", "Unexpected error.");
  };
}
