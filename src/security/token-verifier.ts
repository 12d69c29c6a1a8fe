/**
 * Bearer token verification with jose (docs/architecture.md#caller-security): HS256 with
 * AUTH_JWT_SECRET, or the keys published at AUTH_JWKS_URL; `iss`/`aud` checked when configured;
 * `exp`/`nbf` always.
 */
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyOptions,
} from "jose";
import type { AuthConfig } from "../config.js";
import { callerFromClaims, type Caller } from "./caller.js";

/** Tolerated clock skew between the token issuer and this service. */
export const CLOCK_TOLERANCE_SECONDS = 5;
/** How long one JWKS download may take before the request is answered 503. */
export const JWKS_TIMEOUT_MS = 5_000;

/**
 * Only asymmetric algorithms for JWKS: accepting HS256 there would let a public key be used as an
 * HMAC secret (the classic algorithm-confusion attack).
 */
const JWKS_ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * A token must carry `exp`, and its lifetime (`exp` - `iat`, or `exp` - now without `iat`) must
 * not exceed `maxLifetimeSeconds`: a token that never expires, or lives for years, is as good as
 * a password once leaked. Throws jose's claim error, which is answered 401.
 */
export function checkTokenLifetime(
  payload: JWTPayload,
  maxLifetimeSeconds: number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): void {
  if (typeof payload.exp !== "number") {
    throw new errors.JWTClaimValidationFailed(
      'missing required "exp" claim',
      payload,
      "exp",
      "missing",
    );
  }
  const from = typeof payload.iat === "number" ? payload.iat : nowSeconds;
  if (payload.exp - from > maxLifetimeSeconds) {
    throw new errors.JWTClaimValidationFailed(
      "token lifetime exceeds the accepted maximum",
      payload,
      "exp",
      "check_failed",
    );
  }
}

export function createTokenVerifier(auth: AuthConfig): TokenVerifier {
  const options: JWTVerifyOptions = {
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  };
  if (auth.jwksUrl) {
    const keys = createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
    return async (token) => {
      const { payload } = await jwtVerify(token, keys, { ...options, algorithms: JWKS_ALGORITHMS });
      checkTokenLifetime(payload, auth.maxTokenLifetimeSeconds);
      return callerFromClaims(payload);
    };
  }
  if (!auth.jwtSecret) throw new Error("AuthConfig has neither a JWT secret nor a JWKS URL");
  const secret = new TextEncoder().encode(auth.jwtSecret);
  return async (token) => {
    const { payload } = await jwtVerify(token, secret, { ...options, algorithms: ["HS256"] });
    checkTokenLifetime(payload, auth.maxTokenLifetimeSeconds);
    return callerFromClaims(payload);
  };
}

export type VerificationFailure = "expired" | "invalid" | "unavailable";

/** Codes that mean the token is at fault (401), as opposed to our key source (503). */
const TOKEN_FAULT_CODES: ReadonlySet<string> = new Set([
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

/** Why verification failed, without any part of the token. */
export function classifyVerificationFailure(error: unknown): VerificationFailure {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JOSEError && TOKEN_FAULT_CODES.has(error.code)) return "invalid";
  // JWKS timeout, a non-200 JWKS answer, a refused connection: our side, not the caller's.
  return "unavailable";
}

/** A jose error code is safe to log (it names a check, never a claim value). */
export function verificationErrorCode(error: unknown): string {
  return error instanceof errors.JOSEError ? error.code : "ERR_UNKNOWN";
}
