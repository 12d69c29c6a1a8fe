/**
 * The HTTP guards in front of `/graphql` and of `/metrics` on the main port, in order: the router
 * secret (when set), then caller authentication (when configured) or the unrestricted caller (the
 * demo default). `/healthz` and `/readyz` are not behind them. Only `/graphql` lets a plain GET
 * through without a token (the Sandbox landing page).
 */
import type { Config } from "../config.js";
import type { Logger } from "../observability/logger.js";
import { createAuthenticationGuard, unrestrictedCallerGuard } from "./authentication.guard.js";
import type { Guard } from "./guard.js";
import { createRouterSecretGuard } from "./router-secret.guard.js";
import { createTokenVerifier } from "./token-verifier.js";

export interface HttpGuards {
  graphql: Guard[];
  metrics: Guard[];
}

export function createHttpGuards(
  config: Pick<Config, "auth" | "routerSecret">,
  logger: Logger,
): HttpGuards {
  const first: Guard[] = config.routerSecret
    ? [createRouterSecretGuard(config.routerSecret, logger)]
    : [];
  if (!config.auth) {
    const unrestricted = unrestrictedCallerGuard();
    return { graphql: [...first, unrestricted], metrics: [...first, unrestricted] };
  }
  // One verifier (one JWKS cache) for both routes.
  const verify = createTokenVerifier(config.auth);
  return {
    graphql: [...first, createAuthenticationGuard(verify, logger, { landingPage: true })],
    metrics: [...first, createAuthenticationGuard(verify, logger, { landingPage: false })],
  };
}
