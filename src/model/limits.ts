/**
 * Numeric bounds on input (README.md "Limits on work and input"). A `creditLimit` past 1e12 is a typo or an attack, and
 * past 2^53 it no longer survives a JSON round trip exactly.
 */
export const MAX_CREDIT_LIMIT = 1e12;
export const CREDIT_LIMIT_MESSAGE = "The credit limit must be a number from 0 to 1e12.";

export function isCreditLimitInRange(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= MAX_CREDIT_LIMIT;
}
