/**
 * SimPay's own rules on a patch, beyond what its capability table says (`simpay.capabilities.ts`):
 * the e-mail mirror, the country and region of each merged address, and "a billing or a shipping
 * address" (docs/providers/simpay.md §4-§7). Pure; messages never quote a value.
 */
import { validateCapabilities } from "../../model/capabilities.js";
import {
  mergeAddress,
  toAddressCountry,
  type Address,
  type AddressPatch,
  type CustomerPatch,
  type Customer,
} from "../../model/customer.js";
import type { FieldError } from "../../model/errors.js";
import { SIMPAY_CAPABILITIES } from "./simpay.capabilities.js";
import {
  DEFAULT_REGION_OPTIONS,
  isSimPayRegion,
  type SimPayRegionOptions,
} from "./simpay.codes.js";

/** Country and region of the merged address. */
function validateAddress(
  errors: FieldError[],
  path: string[],
  current: Address | null,
  patch: AddressPatch,
  options: SimPayRegionOptions,
): void {
  const merged = mergeAddress(current, patch);
  const country = merged.country ? toAddressCountry(merged.country) : null;
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

/** The rules the capability table cannot express; the pipeline runs both. */
export function simPayRules(
  patch: CustomerPatch,
  current: Customer,
  options: SimPayRegionOptions = DEFAULT_REGION_OPTIONS,
): FieldError[] {
  const errors: FieldError[] = [];
  // `email` mirrors DefaultContact.EmailAddress.
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
  for (const kind of ["billingAddress", "shippingAddress"] as const) {
    const nested = patch.defaultContact?.[kind];
    if (nested) {
      const before = current.defaultContact?.[kind] ?? null;
      validateAddress(errors, ["defaultContact", kind], before, nested, options);
    }
  }
  for (const kind of ["billingAddress", "shippingAddress"] as const) {
    const address = patch[kind];
    if (address) validateAddress(errors, [kind], current[kind], address, options);
  }
  // "Either a shipping address, a billing address, or both are required" (docs/providers/simpay.md §6).
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

/** Everything SimPay would refuse, or we cannot express: the capability table's, then SimPay's rules. */
export function validateSimPayPatch(
  patch: CustomerPatch,
  current: Customer,
  options: SimPayRegionOptions = DEFAULT_REGION_OPTIONS,
): FieldError[] {
  return [
    ...validateCapabilities(patch, current, SIMPAY_CAPABILITIES),
    ...simPayRules(patch, current, options),
  ];
}
