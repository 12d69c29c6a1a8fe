/**
 * The HTTP guards in front of `/graphql`, in order: the router secret (when set), then caller
 * authentication (when configured) or the unrestricted caller (the demo default). `/healthz` and
 * `/readyz` are not behind them.
 */
import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import type { Logger } from "../observability/logger.js";
import {
  createAuthenticationMiddleware,
  unrestrictedCallerMiddleware,
} from "./authentication.middleware.js";
import { createRouterSecretMiddleware } from "./router-secret.middleware.js";
import { createTokenVerifier } from "./token-verifier.js";

export function createGraphQLGuards(
  config: Pick<Config, "auth" | "routerSecret">,
  logger: Logger,
): RequestHandler[] {
  const guards: RequestHandler[] = [];
  if (config.routerSecret) guards.push(createRouterSecretMiddleware(config.routerSecret, logger));
  guards.push(
    config.auth
      ? createAuthenticationMiddleware(createTokenVerifier(config.auth), logger)
      : unrestrictedCallerMiddleware(),
  );
  return guards;
}
