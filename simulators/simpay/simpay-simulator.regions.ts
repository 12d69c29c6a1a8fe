/**
 * StateOrProvinceCode lists the simulator enforces, spelled from docs/providers/simpay.md §7 (the
 * USPS and Canada Post codes) and kept apart from the client's own lists, so a wrong list on
 * either side fails a test.
 */

/** §7: the 50 states and DC. */
export const US_STATE_CODES: readonly string[] = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
  "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
  "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
  "WV", "WI", "WY",
]; // prettier-ignore

/** §7 UNCONFIRMED (behind the simulator's `allowTerritories` switch): territories, freely associated states, military. */
export const US_EXTRA_REGION_CODES: readonly string[] = [
  "AS", "GU", "MP", "PR", "VI", "UM", "FM", "MH", "PW", "AA", "AE", "AP",
]; // prettier-ignore

/** §7: the 13 provinces and territories. */
export const CANADIAN_PROVINCE_CODES: readonly string[] = [
  "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
]; // prettier-ignore
