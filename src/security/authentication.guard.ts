/**
 * Caller authentication before GraphQL runs (docs/architecture.md#caller-security): a missing,
 * malformed, expired or badly signed bearer token is a 401 with `UNAUTHENTICATED`, which is the
 * CALLER's failure and distinct from `UPSTREAM_AUTH_FAILED` (our provider credentials,
 * docs/architecture.md#privacy). The verified caller goes to the request's state (guard.ts) for
 * the GraphQL context.
 */
import type { IncomingMessage } from "node:http";
import type { Logger } from "../observability/logger.js";
import { UNIDENTIFIED_CALLER, UNRESTRICTED_CALLER } from "./caller.js";
import type { Guard } from "./guard.js";
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

export interface AuthenticationOptions {
  /**
   * Lets a plain GET without a query string through without a token, as the unidentified caller:
   * on `/graphql` it cannot execute an operation (it gets the Sandbox landing page or a 400), so a
   * browser may open the page; Sandbox then sends the token with each request. Off for any other
   * route (`/metrics`).
   */
  landingPage: boolean;
}

/** Access control off (the demo default): every request may do everything. */
export function unrestrictedCallerGuard(): Guard {
  return (_request, _response, state) => {
    state.caller = UNRESTRICTED_CALLER;
    return true;
  };
}

function isLandingPageRequest(request: IncomingMessage): boolean {
  return request.method === "GET" && !(request.url ?? "").includes("?");
}

export function createAuthenticationGuard(
  verify: TokenVerifier,
  logger: Logger,
  options: AuthenticationOptions,
): Guard {
  return async (request, response, state) => {
    if (options.landingPage && isLandingPageRequest(request)) {
      state.caller = UNIDENTIFIED_CALLER;
      return true;
    }
    const header = request.headers.authorization;
    const match = BEARER_PATTERN.exec(typeof header === "string" ? header : "");
    const requestId = state.requestId;
    if (!match) {
      logger.warn({ requestId, reason: "missing" }, "caller authentication failed");
      rejectRequest(response, 401, "UNAUTHENTICATED", AUTHENTICATION_MESSAGES.missing, {
        "www-authenticate": 'Bearer realm="customer-subgraph"',
      });
      return false;
    }
    try {
      state.caller = await verify(match[1]);
      return true;
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
        return false;
      }
      rejectRequest(response, 401, "UNAUTHENTICATED", AUTHENTICATION_MESSAGES[reason], {
        "www-authenticate": `Bearer realm="customer-subgraph", error="invalid_token"`,
      });
      return false;
    }
  };
}
