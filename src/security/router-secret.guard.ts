/**
 * ROUTER_SECRET (docs/architecture.md#caller-security): when set, every request to `/graphql` must
 * carry it in `x-router-secret`, so `_service` and `_entities` are reachable only through the
 * router. Checked before the body is parsed, so a request without it costs no GraphQL work and no
 * provider call.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Logger } from "../observability/logger.js";
import type { Guard } from "./guard.js";
import { rejectRequest } from "./http-rejection.js";

export const ROUTER_SECRET_HEADER = "x-router-secret";
export const ROUTER_SECRET_MESSAGE = "This subgraph only answers requests from its router.";

/**
 * Constant time whatever the lengths: both sides are hashed to 32 bytes first, because
 * timingSafeEqual throws on (and so reveals) a length difference.
 */
export function secretsMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function createRouterSecretGuard(secret: string, logger: Logger): Guard {
  return (request, response, state) => {
    const header = request.headers[ROUTER_SECRET_HEADER];
    const given = typeof header === "string" ? header : undefined;
    if (given !== undefined && secretsMatch(given, secret)) return true;
    // Never the header's value: a wrong secret may be a real secret of another environment.
    logger.warn(
      { requestId: state.requestId, reason: given === undefined ? "missing" : "wrong" },
      "request without the router secret rejected",
    );
    rejectRequest(response, 401, "UNAUTHENTICATED", ROUTER_SECRET_MESSAGE);
    return false;
  };
}
