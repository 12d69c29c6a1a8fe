/**
 * Caller authentication before GraphQL runs (docs/architecture.md#caller-security): a missing,
 * malformed, expired or badly signed bearer token is a 401 with `UNAUTHENTICATED`, which is the
 * CALLER's failure and distinct from `UPSTREAM_AUTH_FAILED` (our provider credentials,
 * docs/architecture.md#privacy). The verified caller goes to `response.locals.caller` for the
 * GraphQL context.
 */
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "../observability/logger.js";
import { UNIDENTIFIED_CALLER, UNRESTRICTED_CALLER, type Caller } from "./caller.js";
import { rejectRequest } from "./http-rejection.js";
import {
  classifyVerificationFailure,
  verificationErrorCode,
  type TokenVerifier,
} from "./token-verifier.js";

/** RFC 6750 §2.1: `Bearer` then the token (b64token characters). */
const BEARER_PATTERN = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

export const AUTHENTICATION_MESSAGES = {
  missing: "A bearer token is required.",
  invalid: "The bearer token is not valid.",
  expired: "The bearer token has expired.",
  unavailable: "The bearer token cannot be checked right now; retry later.",
} as const;

/** The caller a guard stored, or the fail-closed caller when no guard ran. */
export function callerOf(response: Response): Caller {
  const caller = response.locals.caller as Caller | undefined;
  return caller ?? UNIDENTIFIED_CALLER;
}

/** Access control off (the demo default): every request may do everything. */
export function unrestrictedCallerMiddleware(): RequestHandler {
  return (_request, response, next) => {
    response.locals.caller = UNRESTRICTED_CALLER;
    next();
  };
}

/**
 * A plain GET without a query string cannot execute an operation (it gets the Sandbox landing
 * page or a 400), so a browser may open the page; Sandbox then sends the token with each request.
 */
function isLandingPageRequest(request: Request): boolean {
  return request.method === "GET" && !request.originalUrl.includes("?");
}

export function createAuthenticationMiddleware(
  verify: TokenVerifier,
  logger: Logger,
): RequestHandler {
  return async (request, response, next) => {
    if (isLandingPageRequest(request)) {
      response.locals.caller = UNIDENTIFIED_CALLER;
      next();
      return;
    }
    const match = BEARER_PATTERN.exec(request.header("authorization") ?? "");
    const requestId = response.locals.requestId;
    if (!match) {
      logger.warn({ requestId, reason: "missing" }, "caller authentication failed");
      rejectRequest(response, 401, "UNAUTHENTICATED", AUTHENTICATION_MESSAGES.missing, {
        "www-authenticate": 'Bearer realm="customer-subgraph"',
      });
      return;
    }
    try {
      response.locals.caller = await verify(match[1]);
    } catch (error) {
      const reason = classifyVerificationFailure(error);
      // The jose code names the failed check; the token and its claims are never logged.
      logger.warn(
        { requestId, reason, errorCode: verificationErrorCode(error) },
        "caller authentication failed",
      );
      if (reason === "unavailable") {
        rejectRequest(
          response,
          503,
          "AUTHENTICATION_UNAVAILABLE",
          AUTHENTICATION_MESSAGES[reason],
          {
            "retry-after": "5",
          },
        );
        return;
      }
      rejectRequest(response, 401, "UNAUTHENTICATED", AUTHENTICATION_MESSAGES[reason], {
        "www-authenticate": `Bearer realm="customer-subgraph", error="invalid_token"`,
      });
      return;
    }
    next();
  };
}
