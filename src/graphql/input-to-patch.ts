/**
 * The GraphQL input as the model's CustomerPatch. Omitted (undefined) and null stay apart: omitted
 * means "leave it", null means "clear it" (model/customer.ts). Country codes are normalised to
 * alpha-3 and regions to upper case, as the schema accepts "US"/"CA" on input
 * (docs/architecture.md#addresses-and-regions).
 */
import {
  normalizeCountryCode,
  normalizeRegionCode,
  type AddressPatch,
  type ContactPatch,
  type CustomerPatch,
} from "../model/customer.js";
import type { AddressInput, ContactInput, UpdateCustomerInput } from "./update-customer.input.js";

/** Copies the keys whose value is not undefined (null is kept: it means "clear"). */
function definedEntries<T extends object>(source: T): Partial<T> {
  const result: Partial<T> = {};
  for (const key of Object.keys(source) as (keyof T)[]) {
    if (source[key] !== undefined) result[key] = source[key];
  }
  return result;
}

export function toAddressPatch(input: AddressInput): AddressPatch {
  const patch: AddressPatch = definedEntries({
    line1: input.line1,
    line2: input.line2,
    line3: input.line3,
    city: input.city,
    region: input.region,
    postalCode: input.postalCode,
    country: input.country,
  });
  if (typeof patch.region === "string") patch.region = normalizeRegionCode(patch.region);
  if (typeof patch.country === "string") patch.country = normalizeCountryCode(patch.country);
  return patch;
}

function toOptionalAddressPatch(
  input: AddressInput | null | undefined,
): AddressPatch | null | undefined {
  return input === undefined || input === null ? input : toAddressPatch(input);
}

export function toContactPatch(input: ContactInput): ContactPatch {
  return definedEntries({
    firstName: input.firstName,
    lastName: input.lastName,
    jobTitle: input.jobTitle,
    departmentName: input.departmentName,
    email: input.email,
    daytimePhone: input.daytimePhone,
    nighttimePhone: input.nighttimePhone,
    faxNumber: input.faxNumber,
    mobilePhone: input.mobilePhone,
    billingAddress: toOptionalAddressPatch(input.billingAddress),
    shippingAddress: toOptionalAddressPatch(input.shippingAddress),
  });
}

/** Everything but `id`, which the resolver has already parsed. */
export function toCustomerPatch(input: UpdateCustomerInput): CustomerPatch {
  return definedEntries<CustomerPatch>({
    externalId: input.externalId,
    displayName: input.displayName,
    status: input.status,
    customerType: input.customerType,
    firstName: input.firstName,
    middleName: input.middleName,
    lastName: input.lastName,
    companyName: input.companyName,
    contactName: input.contactName,
    email: input.email,
    birthDate: input.birthDate,
    gender: input.gender,
    generationCode: input.generationCode,
    governmentId:
      input.governmentId === undefined || input.governmentId === null
        ? input.governmentId
        : { type: input.governmentId.type, number: input.governmentId.number },
    driverLicense: input.driverLicense,
    creditLimit: input.creditLimit,
    portalUsername: input.portalUsername,
    portalPassword: input.portalPassword,
    ofacMatch: input.ofacMatch,
    ofacTested: input.ofacTested,
    defaultContact:
      input.defaultContact === undefined || input.defaultContact === null
        ? input.defaultContact
        : toContactPatch(input.defaultContact),
    primaryAddress: toOptionalAddressPatch(input.primaryAddress),
    mailingAddress: toOptionalAddressPatch(input.mailingAddress),
    billingAddress: toOptionalAddressPatch(input.billingAddress),
    shippingAddress: toOptionalAddressPatch(input.shippingAddress),
  });
}
