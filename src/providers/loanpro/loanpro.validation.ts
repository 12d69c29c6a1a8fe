/**
 * LoanPro's own rules on a patch, checked before any write (product.md, Rules; issue 2 item 4).
 * Pure. Paths are relative to the input object; messages never contain the rejected value.
 */
import {
  mergeAddress,
  type Address,
  type AddressPatch,
  type Customer,
  type CustomerPatch,
} from "../../model/customer.js";
import type { FieldError } from "../../model/errors.js";
import { isRegionOf, normalizeCountry, normalizeGovernmentIdNumber } from "./loanpro.codes.js";
import { isCalendarDate } from "./loanpro.dates.js";

export interface LoanProValidationOptions {
  /** loanpro.md §6 [U]: when false, `null` on an optional field cannot be sent. */
  nullClearsField: boolean;
}

/** Input fields LoanPro has no place for (product.md, Field mapping rules). */
const UNSUPPORTED_FIELDS = [
  "displayName",
  "defaultContact",
  "billingAddress",
  "shippingAddress",
] as const;

/** Optional fields a `null` would clear (sent as JSON null, loanpro.md §6 [U]). */
const CLEARABLE_FIELDS = [
  "externalId",
  "firstName",
  "middleName",
  "lastName",
  "companyName",
  "contactName",
  "birthDate",
  "gender",
  "generationCode",
  "governmentId",
  "driverLicense",
  "creditLimit",
  "portalUsername",
  "portalPassword",
  "ofacMatch",
  "ofacTested",
] as const satisfies readonly (keyof CustomerPatch)[];

/** Fields a LoanPro customer always has: clearing them is REQUIRED. */
const REQUIRED_FIELDS = ["email", "status", "customerType"] as const;

const REQUIRED_ADDRESS_FIELDS = ["line1", "city", "region", "country"] as const;
const CLEARABLE_ADDRESS_FIELDS = ["line2", "postalCode"] as const;

const CANNOT_CLEAR = "LoanPro cannot clear this field in this configuration.";

function validateAddress(
  field: "primaryAddress" | "mailingAddress",
  patch: AddressPatch,
  current: Address | null,
  options: LoanProValidationOptions,
): FieldError[] {
  const errors: FieldError[] = [];
  if (patch.line3 !== undefined && patch.line3 !== null) {
    errors.push({
      path: [field, "line3"],
      code: "UNSUPPORTED_FIELD",
      message: "LoanPro addresses have no third line.",
    });
  }
  if (!options.nullClearsField) {
    for (const name of CLEARABLE_ADDRESS_FIELDS) {
      if (patch[name] === null) {
        errors.push({ path: [field, name], code: "UNSUPPORTED_FIELD", message: CANNOT_CLEAR });
      }
    }
  }
  // Required fields are checked on the merged address: the input may set some and keep others.
  const merged = mergeAddress(current, patch);
  for (const name of REQUIRED_ADDRESS_FIELDS) {
    const value = merged[name];
    if (value === null || value === undefined || value.trim() === "") {
      errors.push({
        path: [field, name],
        code: "REQUIRED",
        message: current
          ? "LoanPro requires this address field."
          : "A new LoanPro address needs this field.",
      });
    }
  }
  const country = merged.country ? normalizeCountry(merged.country) : null;
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

export function validateLoanProPatch(
  patch: CustomerPatch,
  current: Customer,
  options: LoanProValidationOptions = { nullClearsField: true },
): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of UNSUPPORTED_FIELDS) {
    if (patch[field] !== undefined) {
      errors.push({
        path: [field],
        code: "UNSUPPORTED_FIELD",
        message:
          field === "displayName"
            ? "LoanPro derives the display name from the name fields; set those instead."
            : "LoanPro customers do not have this field.",
      });
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (patch[field] === null) {
      errors.push({ path: [field], code: "REQUIRED", message: "LoanPro requires this field." });
    }
  }
  if (!options.nullClearsField) {
    for (const field of CLEARABLE_FIELDS) {
      if (patch[field] === null) {
        errors.push({ path: [field], code: "UNSUPPORTED_FIELD", message: CANNOT_CLEAR });
      }
    }
  }
  if (patch.email !== undefined && patch.email !== null && patch.email.trim() === "") {
    errors.push({
      path: ["email"],
      code: "REQUIRED",
      message: "LoanPro requires an e-mail address.",
    });
  }
  if (patch.status === "OTHER" || patch.status === "DELETED") {
    errors.push({
      path: ["status"],
      code: "INVALID",
      message: "This status cannot be set on a LoanPro customer.",
    });
  }
  if (patch.governmentId) {
    if (normalizeGovernmentIdNumber(patch.governmentId.number) === null) {
      errors.push({
        path: ["governmentId", "number"],
        code: "INVALID",
        message: "The number must have exactly 9 digits (dashes allowed).",
      });
    }
    // SSN lives in `ssn`, SIN / employer number in `customerId` (product.md): a type switch must
    // clear the old type's field, which needs null clearing (loanpro.md §6 [U]).
    const currentType = current.governmentId?.type;
    if (!options.nullClearsField && currentType && currentType !== patch.governmentId.type) {
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
  if (typeof patch.creditLimit === "number" && !Number.isFinite(patch.creditLimit)) {
    errors.push({
      path: ["creditLimit"],
      code: "INVALID",
      message: "The credit limit must be a number.",
    });
  }
  for (const field of ["primaryAddress", "mailingAddress"] as const) {
    const address = patch[field];
    if (address === undefined) continue;
    if (address === null) {
      errors.push({
        path: [field],
        code: "REQUIRED",
        message: "A LoanPro customer keeps this address.",
      });
      continue;
    }
    errors.push(...validateAddress(field, address, current[field], options));
  }
  return errors;
}
