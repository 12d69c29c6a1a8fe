/**
 * The SimPay simulator's PATCH rules (docs/providers/simpay.md §5-§7, seed 004), reported the
 * ServiceStack way: per-field `Errors[]` with FluentValidation-style codes
 * (docs/providers/simpay.md §9). SimPay's real codes and messages are UNCONFIRMED; these imitate
 * FluentValidation, including one message that quotes the rejected value (as FluentValidation's
 * enum message does) so tests can prove the client never passes provider text on.
 */
import {
  CANADIAN_PROVINCE_CODES,
  US_EXTRA_REGION_CODES,
  US_STATE_CODES,
} from "./simpay-simulator.regions.js";
import type { SimPayFieldError } from "./simpay-simulator.wire.js";

export interface SimPayRuleOptions {
  /** Enforce the documented "DefaultContact required" and "billing or shipping" rules on PATCH (UNCONFIRMED; default on). */
  enforcePatchRequired: boolean;
  /**
   * Accept US territories / military / `NF` (docs/providers/simpay.md §7: UNCONFIRMED; default
   * off).
   */
  allowTerritories: boolean;
}

export const ACTIVATION_STATUS_NAMES = ["Pending", "Active", "Inactive", "Deleted"] as const;

const CONTACT_LIMITS: Record<string, number> = {
  FirstName: 50,
  LastName: 50,
  JobTitle: 50,
  DepartmentName: 50,
  EmailAddress: 100,
  DaytimeTelephoneNumber: 25,
  NighttimeTelephoneNumber: 25,
  FaxNumber: 25,
  MobileTelephoneNumber: 25,
};
const ADDRESS_LIMITS: Record<string, number> = {
  StreetAddress1: 50,
  StreetAddress2: 50,
  StreetAddress3: 50,
  City: 50,
  PostalCode: 30,
};

function spaced(fieldName: string): string {
  const last = fieldName.split(".").pop() ?? fieldName;
  return last.replace(/([a-z])([A-Z])/g, "$1 $2");
}

function maximumLength(fieldName: string, max: number, length: number): SimPayFieldError {
  return {
    ErrorCode: "MaximumLength",
    FieldName: fieldName,
    Message: `The length of '${spaced(fieldName)}' must be ${max} characters or fewer. You entered ${length} characters.`,
  };
}

function notEmpty(fieldName: string): SimPayFieldError {
  return {
    ErrorCode: "NotEmpty",
    FieldName: fieldName,
    Message: `'${spaced(fieldName)}' must not be empty.`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkLength(
  errors: SimPayFieldError[],
  fieldName: string,
  value: unknown,
  max: number,
): void {
  if (value === undefined || value === null) return;
  if (typeof value !== "string") {
    errors.push({
      ErrorCode: "InvalidType",
      FieldName: fieldName,
      Message: `'${spaced(fieldName)}' must be a string.`,
    });
  } else if (value.length > max) {
    errors.push(maximumLength(fieldName, max, value.length));
  }
}

function regionsOf(country: string, options: SimPayRuleOptions): readonly string[] {
  if (country === "USA")
    return options.allowTerritories
      ? [...US_STATE_CODES, ...US_EXTRA_REGION_CODES]
      : US_STATE_CODES;
  if (country === "CAN")
    return options.allowTerritories ? [...CANADIAN_PROVINCE_CODES, "NF"] : CANADIAN_PROVINCE_CODES;
  return [];
}

function checkAddress(
  errors: SimPayFieldError[],
  prefix: string,
  address: unknown,
  options: SimPayRuleOptions,
): void {
  if (address === undefined || address === null) return;
  if (!isObject(address)) {
    errors.push({
      ErrorCode: "InvalidType",
      FieldName: prefix,
      Message: "Address must be an object.",
    });
    return;
  }
  for (const [member, max] of Object.entries(ADDRESS_LIMITS)) {
    checkLength(errors, `${prefix}.${member}`, address[member], max);
  }
  for (const member of ["StreetAddress1", "StateOrProvinceCode", "PostalCode", "CountryCode"]) {
    const value = address[member];
    if (typeof value !== "string" || value.trim() === "")
      errors.push(notEmpty(`${prefix}.${member}`));
  }
  const country = address.CountryCode;
  if (
    typeof country === "string" &&
    country.trim() !== "" &&
    country !== "USA" &&
    country !== "CAN"
  ) {
    errors.push({
      ErrorCode: "InvalidValue",
      FieldName: `${prefix}.CountryCode`,
      Message: `'Country Code' must be USA or CAN.`,
    });
  }
  const region = address.StateOrProvinceCode;
  if (
    typeof region === "string" &&
    region.trim() !== "" &&
    typeof country === "string" &&
    (country === "USA" || country === "CAN") &&
    !regionsOf(country, options).includes(region)
  ) {
    errors.push({
      ErrorCode: "InvalidValue",
      FieldName: `${prefix}.StateOrProvinceCode`,
      Message: `'State Or Province Code' is not a valid code for ${country}.`,
    });
  }
}

/** Every rule PATCH /customers/{key} breaks; empty when the body may be applied. */
export function checkSimPayPatch(body: unknown, options: SimPayRuleOptions): SimPayFieldError[] {
  const errors: SimPayFieldError[] = [];
  if (!isObject(body)) {
    return [
      {
        ErrorCode: "SerializationException",
        FieldName: "",
        Message: "Could not deserialize the request body.",
      },
    ];
  }
  if (body.CustomerName !== undefined && body.CustomerName !== null) {
    if (typeof body.CustomerName === "string" && body.CustomerName.trim() === "")
      errors.push(notEmpty("CustomerName"));
    checkLength(errors, "CustomerName", body.CustomerName, 100);
  }
  checkLength(errors, "CustomerId", body.CustomerId, 50);
  const status = body.ActivationStatus;
  if (status !== undefined && status !== null) {
    const known =
      typeof status === "string" &&
      ACTIVATION_STATUS_NAMES.some((name) => name.toLowerCase() === status.toLowerCase());
    if (!known) {
      errors.push({
        ErrorCode: "Enum",
        FieldName: "ActivationStatus",
        // FluentValidation's enum message quotes the value; the client must never pass it on.
        Message: `'Activation Status' has a range of values which does not include '${String(status)}'.`,
      });
    }
  }
  const contact = body.DefaultContact;
  if (contact === undefined || contact === null) {
    if (options.enforcePatchRequired) {
      errors.push({
        ErrorCode: "NotNull",
        FieldName: "DefaultContact",
        Message: "'Default Contact' must not be empty.",
      });
    }
  } else if (!isObject(contact)) {
    errors.push({
      ErrorCode: "InvalidType",
      FieldName: "DefaultContact",
      Message: "Contact must be an object.",
    });
  } else {
    for (const [member, max] of Object.entries(CONTACT_LIMITS)) {
      checkLength(errors, `DefaultContact.${member}`, contact[member], max);
    }
    checkAddress(errors, "DefaultContact.BillingAddress", contact.BillingAddress, options);
    checkAddress(errors, "DefaultContact.ShippingAddress", contact.ShippingAddress, options);
  }
  const hasBilling = body.BillingAddress !== undefined && body.BillingAddress !== null;
  const hasShipping = body.ShippingAddress !== undefined && body.ShippingAddress !== null;
  if (options.enforcePatchRequired && !hasBilling && !hasShipping) {
    errors.push({
      ErrorCode: "NotNull",
      FieldName: "BillingAddress",
      Message: "Either a shipping address, a billing address, or both are required.",
    });
  }
  checkAddress(errors, "BillingAddress", body.BillingAddress, options);
  checkAddress(errors, "ShippingAddress", body.ShippingAddress, options);
  return errors;
}
