/**
 * Shared set-up for the security tests: both simulators, the real server on port 0 with extra
 * environment, a count of every request the providers received (to prove "no provider call"),
 * and HS256 tokens signed with jose.
 */
import { SignJWT, type JWTPayload } from "jose";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { startStack, type TestStack } from "../integration/harness.js";

export const TEST_JWT_SECRET = "jwt-secret-sentinel-0123456789abcdef-XYZ";
export const TEST_ROUTER_SECRET = "router-secret-sentinel-5f1c2e9a";

export interface SecurityStack {
  stack: TestStack;
  loanpro: LoanProSimulator;
  simpay: SimPaySimulator;
  /** Requests both providers received since the last `forgetProviderCalls()`. */
  providerCalls(): number;
  forgetProviderCalls(): void;
  close(): Promise<void>;
}

export async function startSecurityStack(env: Record<string, string> = {}): Promise<SecurityStack> {
  const loanpro = await startLoanProSimulator();
  const simpay = await startSimPaySimulator();
  const stack = await startStack({ loanpro, simpay, env });
  return {
    stack,
    loanpro,
    simpay,
    providerCalls: () => loanpro.requests.length + simpay.requests.length,
    forgetProviderCalls() {
      loanpro.clearLog();
      simpay.clearLog();
    },
    async close() {
      await stack.close();
      await loanpro.close();
      await simpay.close();
    },
  };
}

export interface TokenOptions {
  secret?: string;
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
  /** The token's `sub` (default "test-user"). */
  subject?: string;
}

export async function signTestToken(
  claims: JWTPayload,
  options: TokenOptions = {},
): Promise<string> {
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setSubject(options.subject ?? "test-user")
    .setExpirationTime(options.expiresIn ?? "5m");
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

export const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});
