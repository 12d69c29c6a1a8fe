/**
 * Scope checks for GraphQL fields: type-graphql's `authChecker` for `@Authorized(...)` fields,
 * and `requireScopes` for `Customer.__resolveReference`, which has no decorator
 * (docs/architecture.md#federation-glue). A missing scope is FORBIDDEN on that field; a missing or
 * bad token never gets this far (it is a 401 before GraphQL runs, see
 * authentication.guard.ts).
 */
import { GraphQLError } from "graphql";
import type { AuthCheckerFn } from "type-graphql";
import { missingScopes, type Caller } from "./caller.js";

export const FORBIDDEN_CODE = "FORBIDDEN";

/** Throws FORBIDDEN naming the missing scopes (scope names are public; the token is not). */
export function requireScopes(caller: Caller, required: readonly string[]): void {
  const missing = missingScopes(caller, required);
  if (missing.length === 0) return;
  throw new GraphQLError(`The access token lacks the scope ${missing.join(", ")}.`, {
    extensions: { code: FORBIDDEN_CODE },
  });
}

/** Throws instead of returning false so the error carries our code, not type-graphql's UNAUTHORIZED. */
export const scopeAuthChecker: AuthCheckerFn<{ caller: Caller }> = ({ context }, roles) => {
  requireScopes(context.caller, roles);
  return true;
};
