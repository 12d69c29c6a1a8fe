/**
 * SimPay code lists <-> the model: ActivationStatus names, country codes, state/province codes
 * (docs/providers/simpay.md §7). Pure.
 */
import type { AddressCountry, CustomerStatus } from "../../model/customer.js";
import type { SimPayActivationStatusName } from "./simpay.wire.js";

/** What a SimPay ActivationStatus name means in the model; unknown names are OTHER (logged by the caller). */
export function fromSimPayActivationStatus(name: string | null | undefined): CustomerStatus {
  switch (name?.trim().toLowerCase()) {
    case "pending":
      return "PENDING";
    case "active":
      return "ACTIVE";
    case "inactive":
      return "INACTIVE";
    case "deleted":
      return "DELETED";
    default:
      return "OTHER";
  }
}

/**
 * The name to send for a status; null when SimPay has no such status (LEAD, OTHER), which the
 * validation reports as INVALID. PATCH accepts Pending|Active|Inactive|Deleted
 * (docs/providers/simpay.md §7).
 */
export function toSimPayActivationStatus(
  status: CustomerStatus,
): SimPayActivationStatusName | null {
  switch (status) {
    case "PENDING":
      return "Pending";
    case "ACTIVE":
      return "Active";
    case "INACTIVE":
      return "Inactive";
    case "DELETED":
      return "Deleted";
    case "LEAD":
    case "OTHER":
      return null;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

/** Address CountryCode is alpha-3 `USA`/`CAN` only (docs/providers/simpay.md §7): the model's. */
export type SimPayCountry = AddressCountry;

/** US states + DC: USPS codes (docs/providers/simpay.md §7, high confidence). */
export const US_STATE_CODES: readonly string[] = [
  "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
  "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
  "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
  "WV", "WI", "WY",
]; // prettier-ignore

/**
 * US territories, freely associated states and military codes: UNCONFIRMED
 * (docs/providers/simpay.md §7).
 */
export const US_EXTRA_REGION_CODES: readonly string[] = [
  "AS", "GU", "MP", "PR", "VI", "UM", "FM", "MH", "PW", "AA", "AE", "AP",
]; // prettier-ignore

/** Canadian provinces and territories: Canada Post codes (docs/providers/simpay.md §7). */
export const CANADIAN_PROVINCE_CODES: readonly string[] = [
  "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT",
]; // prettier-ignore

export interface SimPayRegionOptions {
  /**
   * Accept US territories, freely associated states, military codes and legacy Newfoundland
   * `NF`: UNCONFIRMED whether SimPay does (docs/providers/simpay.md §7), so off by default.
   */
  allowTerritories: boolean;
}

export const DEFAULT_REGION_OPTIONS: SimPayRegionOptions = { allowTerritories: false };

/**
 * Whether `region` (upper case expected) is a StateOrProvinceCode of `country`
 * (docs/providers/simpay.md §7).
 */
export function isSimPayRegion(
  country: SimPayCountry,
  region: string,
  options: SimPayRegionOptions = DEFAULT_REGION_OPTIONS,
): boolean {
  switch (country) {
    case "USA":
      return (
        US_STATE_CODES.includes(region) ||
        (options.allowTerritories && US_EXTRA_REGION_CODES.includes(region))
      );
    case "CAN":
      return (
        CANADIAN_PROVINCE_CODES.includes(region) || (options.allowTerritories && region === "NF")
      );
    default: {
      const unreachable: never = country;
      return unreachable;
    }
  }
}
