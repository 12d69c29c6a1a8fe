/**
 * Who is calling, as far as authorisation is concerned (docs/architecture.md#caller-security).
 * Pure: no I/O, no clock. The caller's token itself is never kept here, so nothing downstream can
 * log it.
 */
import type { JWTPayload } from "jose";

export const READ_SCOPE = "customers:read";
export const WRITE_SCOPE = "customers:write";

export type Caller =
  /** Access control is not configured (the demo default): every operation is allowed. */
  | { kind: "unrestricted" }
  /** A verified bearer token: allowed what its scopes say. */
  | { kind: "token"; subject: string | null; scopes: ReadonlySet<string> };

export const UNRESTRICTED_CALLER: Caller = { kind: "unrestricted" };

/**
 * What a request is allowed when no guard said who it is: nothing. Fail closed, so a code path
 * that forgets to set the caller cannot widen access.
 */
export const UNIDENTIFIED_CALLER: Caller = { kind: "token", subject: null, scopes: new Set() };

/**
 * Scopes from the `scope` claim (RFC 8693 §4.2: space-separated string) or the `scp` claim
 * (an array, as Okta and Azure AD issue it; a string is accepted too).
 */
export function scopesFromClaims(claims: JWTPayload): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [claims.scope, claims.scp]) {
    const values = typeof claim === "string" ? claim.split(" ") : Array.isArray(claim) ? claim : [];
    for (const value of values) {
      if (typeof value === "string" && value.trim() !== "") scopes.add(value.trim());
    }
  }
  return scopes;
}

export function callerFromClaims(claims: JWTPayload): Caller {
  return {
    kind: "token",
    subject: typeof claims.sub === "string" ? claims.sub : null,
    scopes: scopesFromClaims(claims),
  };
}

/** The required scopes the caller lacks (empty when allowed). */
export function missingScopes(caller: Caller, required: readonly string[]): string[] {
  switch (caller.kind) {
    case "unrestricted":
      return [];
    case "token":
      return required.filter((scope) => !caller.scopes.has(scope));
    default: {
      const unreachable: never = caller;
      throw new Error(`unknown caller kind ${String(unreachable)}`);
    }
  }
}
