/**
 * SimPay's rules, checked before any write (product.md, Rules; simpay.md §4-§7). Pure.
 * Findings are FieldErrors with paths relative to the input; messages never quote a value.
 */
import {
  mergeAddress,
  type Address,
  type AddressPatch,
  type CustomerPatch,
  type Customer,
} from "../../model/customer.js";
import type { FieldError } from "../../model/errors.js";
import {
  DEFAULT_REGION_OPTIONS,
  isSimPayRegion,
  normaliseSimPayCountry,
  toSimPayActivationStatus,
  type SimPayRegionOptions,
} from "./simpay.codes.js";

/** Top-level model fields SimPay does not have (product.md, SimPay column). */
export const SIMPAY_UNSUPPORTED_FIELDS = [
  "customerType",
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
  "primaryAddress",
  "mailingAddress",
] as const satisfies readonly (keyof CustomerPatch)[];

/** Maximum lengths (simpay.md §6, seed 004). */
export const SIMPAY_MAX_LENGTHS = {
  displayName: 100,
  externalId: 50,
  contact: {
    firstName: 50,
    lastName: 50,
    jobTitle: 50,
    departmentName: 50,
    email: 100,
    daytimePhone: 25,
    nighttimePhone: 25,
    faxNumber: 25,
    mobilePhone: 25,
  },
  address: { line1: 50, line2: 50, line3: 50, city: 50, postalCode: 30 },
} as const;

/** Address fields SimPay requires (simpay.md §6): StreetAddress1, StateOrProvinceCode, PostalCode, CountryCode. */
const REQUIRED_ADDRESS_FIELDS = ["line1", "region", "postalCode", "country"] as const;

const UNSUPPORTED_HINTS: Partial<Record<keyof CustomerPatch, string>> = {
  firstName: " Use defaultContact.firstName.",
  lastName: " Use defaultContact.lastName.",
  primaryAddress: " Use billingAddress or shippingAddress.",
  mailingAddress: " Use billingAddress or shippingAddress.",
};

function tooLong(path: string[], max: number): FieldError {
  return { path, code: "TOO_LONG", message: `Must be at most ${max} characters for SimPay.` };
}

function required(path: string[]): FieldError {
  return { path, code: "REQUIRED", message: "SimPay requires this field." };
}

function cannotClear(path: string[]): FieldError {
  // simpay.md §5: PATCH treats null as absent, so a value can be replaced but never removed.
  return { path, code: "UNSUPPORTED_FIELD", message: "SimPay cannot clear this field." };
}

function checkLength(
  errors: FieldError[],
  path: string[],
  value: string | null | undefined,
  max: number,
): void {
  if (typeof value === "string" && value.length > max) errors.push(tooLong(path, max));
}

/**
 * One address: the input's own fields (null, length) and the merged result (required fields,
 * country, region for the merged country).
 */
function validateAddress(
  errors: FieldError[],
  path: string[],
  current: Address | null,
  patch: AddressPatch,
  options: SimPayRegionOptions,
): void {
  const requiredFields: readonly string[] = REQUIRED_ADDRESS_FIELDS;
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) {
      errors.push(
        requiredFields.includes(field) ? required([...path, field]) : cannotClear([...path, field]),
      );
    }
  }
  for (const [field, max] of Object.entries(SIMPAY_MAX_LENGTHS.address)) {
    checkLength(errors, [...path, field], patch[field as keyof AddressPatch], max);
  }
  const merged = mergeAddress(current, patch);
  for (const field of REQUIRED_ADDRESS_FIELDS) {
    const value = merged[field];
    const alreadyReported = patch[field] === null;
    if ((value === undefined || value === null || value.trim() === "") && !alreadyReported) {
      errors.push(required([...path, field]));
    }
  }
  const country = merged.country ? normaliseSimPayCountry(merged.country) : null;
  if (merged.country && country === null) {
    errors.push({
      path: [...path, "country"],
      code: "INVALID",
      message: "SimPay accepts only the countries USA and CAN.",
    });
  }
  if (
    country &&
    merged.region &&
    !isSimPayRegion(country, merged.region.trim().toUpperCase(), options)
  ) {
    errors.push({
      path: [...path, "region"],
      code: "INVALID",
      message: "Not a state or province code of the address's country.",
    });
  }
}

/** Everything SimPay would refuse, or we cannot express, in `patch` against the current record. */
export function validateSimPayPatch(
  patch: CustomerPatch,
  current: Customer,
  options: SimPayRegionOptions = DEFAULT_REGION_OPTIONS,
): FieldError[] {
  const errors: FieldError[] = [];

  for (const field of SIMPAY_UNSUPPORTED_FIELDS) {
    if (patch[field] !== undefined) {
      errors.push({
        path: [field],
        code: "UNSUPPORTED_FIELD",
        message: `SimPay customers do not have this field.${UNSUPPORTED_HINTS[field] ?? ""}`,
      });
    }
  }

  if (
    patch.displayName === null ||
    (typeof patch.displayName === "string" && patch.displayName.trim() === "")
  ) {
    errors.push(required(["displayName"]));
  }
  checkLength(errors, ["displayName"], patch.displayName, SIMPAY_MAX_LENGTHS.displayName);

  if (patch.externalId === null) errors.push(cannotClear(["externalId"]));
  checkLength(errors, ["externalId"], patch.externalId, SIMPAY_MAX_LENGTHS.externalId);

  if (patch.status === null) errors.push(required(["status"]));
  if (patch.status && toSimPayActivationStatus(patch.status) === null) {
    errors.push({
      path: ["status"],
      code: "INVALID",
      message: "SimPay statuses are PENDING, ACTIVE, INACTIVE and DELETED.",
    });
  }

  // `email` mirrors DefaultContact.EmailAddress (product.md, SimPay column).
  if (patch.email === null) errors.push(cannotClear(["email"]));
  checkLength(errors, ["email"], patch.email, SIMPAY_MAX_LENGTHS.contact.email);
  const contactEmail = patch.defaultContact?.email;
  if (
    typeof patch.email === "string" &&
    contactEmail !== undefined &&
    contactEmail !== patch.email
  ) {
    errors.push({
      path: ["email"],
      code: "INVALID",
      message: "email and defaultContact.email must not differ.",
    });
  }

  if (patch.defaultContact === null) errors.push(required(["defaultContact"]));
  if (patch.defaultContact) {
    const contact = patch.defaultContact;
    for (const [field, max] of Object.entries(SIMPAY_MAX_LENGTHS.contact)) {
      const value = contact[field as keyof typeof SIMPAY_MAX_LENGTHS.contact];
      if (value === null) errors.push(cannotClear(["defaultContact", field]));
      checkLength(errors, ["defaultContact", field], value, max);
    }
    for (const kind of ["billingAddress", "shippingAddress"] as const) {
      const address = contact[kind];
      if (address === null) errors.push(cannotClear(["defaultContact", kind]));
      if (address) {
        validateAddress(
          errors,
          ["defaultContact", kind],
          current.defaultContact?.[kind] ?? null,
          address,
          options,
        );
      }
    }
  }

  for (const kind of ["billingAddress", "shippingAddress"] as const) {
    const address = patch[kind];
    if (address === null) errors.push(cannotClear([kind]));
    if (address) validateAddress(errors, [kind], current[kind], address, options);
  }

  // "Either a shipping address, a billing address, or both are required" (seed 004).
  const hasBilling = current.billingAddress !== null || !!patch.billingAddress;
  const hasShipping = current.shippingAddress !== null || !!patch.shippingAddress;
  if (!hasBilling && !hasShipping) {
    errors.push({
      path: ["billingAddress"],
      code: "REQUIRED",
      message: "SimPay requires a billing address, a shipping address, or both.",
    });
  }
  return errors;
}
