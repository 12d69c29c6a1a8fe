import { errors } from "jose";
import {
  callerFromClaims,
  missingScopes,
  scopesFromClaims,
  UNIDENTIFIED_CALLER,
  UNRESTRICTED_CALLER,
} from "./caller.js";
import { secretsMatch } from "./router-secret.guard.js";
import { classifyVerificationFailure } from "./token-verifier.js";

describe("scopesFromClaims", () => {
  it("splits a space-separated scope claim", () => {
    expect(scopesFromClaims({ scope: "customers:read  customers:write" })).toEqual(
      new Set(["customers:read", "customers:write"]),
    );
  });

  it("reads an scp array and an scp string, ignoring non-strings", () => {
    expect(scopesFromClaims({ scp: ["customers:read", 7, ""] })).toEqual(
      new Set(["customers:read"]),
    );
    expect(scopesFromClaims({ scp: "customers:write" })).toEqual(new Set(["customers:write"]));
  });

  it("gives no scope when neither claim is present", () => {
    expect(scopesFromClaims({ sub: "x" }).size).toBe(0);
  });
});

describe("missingScopes", () => {
  it("allows everything to the unrestricted caller of the demo", () => {
    expect(missingScopes(UNRESTRICTED_CALLER, ["customers:write"])).toEqual([]);
  });

  it("names the scopes a token lacks", () => {
    const caller = callerFromClaims({ sub: "u", scope: "customers:read" });
    expect(missingScopes(caller, ["customers:read"])).toEqual([]);
    expect(missingScopes(caller, ["customers:write"])).toEqual(["customers:write"]);
  });

  it("denies the caller no guard identified", () => {
    expect(missingScopes(UNIDENTIFIED_CALLER, ["customers:read"])).toEqual(["customers:read"]);
  });
});

describe("secretsMatch", () => {
  it("matches only the identical secret, whatever the length of the guess", () => {
    expect(secretsMatch("router-secret-1234", "router-secret-1234")).toBe(true);
    expect(secretsMatch("router-secret-1235", "router-secret-1234")).toBe(false);
    expect(secretsMatch("r", "router-secret-1234")).toBe(false);
    expect(secretsMatch("", "router-secret-1234")).toBe(false);
  });
});

describe("classifyVerificationFailure", () => {
  it("tells an expired token, a bad token and an unreachable key source apart", () => {
    expect(classifyVerificationFailure(new errors.JWTExpired("exp", {}))).toBe("expired");
    expect(classifyVerificationFailure(new errors.JWSSignatureVerificationFailed())).toBe(
      "invalid",
    );
    expect(classifyVerificationFailure(new errors.JWKSTimeout())).toBe("unavailable");
    expect(classifyVerificationFailure(new Error("connect ECONNREFUSED"))).toBe("unavailable");
  });
});
