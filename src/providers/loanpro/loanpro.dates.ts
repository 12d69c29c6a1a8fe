/**
 * LoanPro dates (docs/providers/loanpro.md §3.2): responses carry `/Date(<unix SECONDS>)/` (not
 * milliseconds), requests send "YYYY-MM-DD"; everything is UTC. `/Date(-62169984000)/` stands for
 * 0000-00-00, i.e. no date.
 */

const DATE_PATTERN = /^\/Date\((-?\d+)\)\/$/;
const ZERO_DATE_SECONDS = -62169984000;

/** "/Date(1427829732)/" -> seconds; null for null, the zero-date sentinel, or anything else. */
export function parseLoanProSeconds(value: string | null | undefined): number | null {
  if (typeof value !== "string") return null;
  const match = DATE_PATTERN.exec(value);
  if (!match) return null;
  const seconds = Number(match[1]);
  return seconds === ZERO_DATE_SECONDS ? null : seconds;
}

export function parseLoanProDateTime(value: string | null | undefined): Date | null {
  const seconds = parseLoanProSeconds(value);
  if (seconds === null) return null;
  const date = new Date(seconds * 1000);
  // Out of JavaScript's date range: no date rather than a failed read of the whole customer.
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A date-only field (midnight UTC) -> "YYYY-MM-DD". */
export function parseLoanProDate(value: string | null | undefined): string | null {
  const date = parseLoanProDateTime(value);
  return date === null ? null : date.toISOString().slice(0, 10);
}

/** Whether `value` is a real calendar date written "YYYY-MM-DD". */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
