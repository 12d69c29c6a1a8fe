/**
 * LoanPro's own rules on a patch, beyond what its capability table says (`loanpro.capabilities.ts`):
 * government ids, dates, amounts, and the country and region of the merged address. Pure. Paths
 * are relative to the input object; messages never contain the rejected value.
 */
import { CREDIT_LIMIT_MESSAGE, isCreditLimitInRange } from "../../model/limits.js";
import { validateCapabilities } from "../../model/capabilities.js";
import {
  mergeAddress,
  toAddressCountry,
  type Address,
  type AddressPatch,
  type Customer,
  type CustomerPatch,
} from "../../model/customer.js";
import type { FieldError } from "../../model/errors.js";
import { loanProCapabilities, type LoanProCapabilityOptions } from "./loanpro.capabilities.js";
import { isRegionOf, normalizeGovernmentIdNumber } from "./loanpro.codes.js";
import { isCalendarDate } from "./loanpro.dates.js";

export type LoanProValidationOptions = LoanProCapabilityOptions;

function validateAddress(
  field: "primaryAddress" | "mailingAddress",
  patch: AddressPatch,
  current: Address | null,
): FieldError[] {
  const errors: FieldError[] = [];
  const merged = mergeAddress(current, patch);
  const country = merged.country ? toAddressCountry(merged.country) : null;
  if (merged.country && country === null) {
    errors.push({
      path: [field, "country"],
      code: "INVALID",
      message: "LoanPro accepts the countries USA and CAN only.",
    });
  }
  if (merged.region && country !== null && !isRegionOf(merged.region, country)) {
    // Blame the field the input gave; a country change alone leaves the kept region invalid.
    const blamed = patch.region !== undefined || patch.country === undefined ? "region" : "country";
    errors.push({
      path: [field, blamed],
      code: "INVALID",
      message: "The region is not a state or province code of the address's country.",
    });
  }
  return errors;
}

/** The rules the capability table cannot express; the pipeline runs both. */
export function loanProRules(
  patch: CustomerPatch,
  current: Customer,
  options: LoanProValidationOptions,
): FieldError[] {
  const errors: FieldError[] = [];
  if (patch.governmentId) {
    if (normalizeGovernmentIdNumber(patch.governmentId.number) === null) {
      errors.push({
        path: ["governmentId", "number"],
        code: "INVALID",
        message: "The number must have exactly 9 digits (dashes allowed).",
      });
    }
    // SSN lives in `ssn`, SIN / employer number in `customerId`: a type switch must clear the
    // old type's field, which the capability table allows only when null clears
    // (docs/providers/loanpro.md §6 [U]).
    const canClear = loanProCapabilities(options).fields.governmentId.clearable;
    const currentType = current.governmentId?.type;
    if (!canClear && currentType && currentType !== patch.governmentId.type) {
      errors.push({
        path: ["governmentId", "type"],
        code: "UNSUPPORTED_FIELD",
        message:
          "The type cannot be changed: the old number cannot be cleared in this configuration.",
      });
    }
  }
  if (typeof patch.birthDate === "string" && !isCalendarDate(patch.birthDate)) {
    errors.push({
      path: ["birthDate"],
      code: "INVALID",
      message: "Use a date written YYYY-MM-DD.",
    });
  }
  if (typeof patch.creditLimit === "number" && !isCreditLimitInRange(patch.creditLimit)) {
    errors.push({ path: ["creditLimit"], code: "INVALID", message: CREDIT_LIMIT_MESSAGE });
  }
  for (const field of ["primaryAddress", "mailingAddress"] as const) {
    const address = patch[field];
    if (address) errors.push(...validateAddress(field, address, current[field]));
  }
  return errors;
}

/** Every LoanPro finding on `patch`: the capability table's, then LoanPro's own rules. */
export function validateLoanProPatch(
  patch: CustomerPatch,
  current: Customer,
  options: LoanProValidationOptions = { nullClearsField: true },
): FieldError[] {
  return [
    ...validateCapabilities(patch, current, loanProCapabilities(options)),
    ...loanProRules(patch, current, options),
  ];
}
