/**
 * What SimPay can do with each CustomerPatch field (docs/providers/simpay.md §4-§7). The compiler
 * forces every patch field, nested members included, into this table; the common validator
 * (`model/capabilities.ts`) and `simpay.validation.ts` read it. Lengths: docs/providers/simpay.md §6.
 */
import {
  DEFAULT_LENGTH_UNIT,
  type CapabilityTable,
  type FieldCapability,
  type LengthUnit,
  type ProviderCapabilities,
} from "../../model/capabilities.js";
import type { AddressPatch, ContactPatch } from "../../model/customer.js";

function absent(hint = ""): FieldCapability {
  const note = `SimPay customers do not have this field.${hint}`;
  return { readable: false, writable: false, clearable: false, required: false, note };
}

/** docs/providers/simpay.md §5: PATCH treats null as absent, so a value can never be removed. */
function settable(maxLength?: number, extra: Partial<FieldCapability> = {}): FieldCapability {
  return { readable: true, writable: true, clearable: false, required: false, maxLength, ...extra };
}

function required(maxLength?: number, extra: Partial<FieldCapability> = {}): FieldCapability {
  return { ...settable(maxLength, extra), required: true };
}

const ADDRESS: CapabilityTable<AddressPatch> = {
  line1: required(50),
  line2: settable(50),
  line3: settable(50),
  city: settable(50),
  region: required(undefined, { format: "US state or Canadian province code" }),
  postalCode: required(30),
  country: required(undefined, {
    format: "ISO 3166-1 alpha-3: USA or CAN",
    messages: { invalid: "SimPay accepts only the countries USA and CAN." },
  }),
};

const CONTACT: CapabilityTable<ContactPatch> = {
  firstName: settable(50),
  lastName: settable(50),
  jobTitle: settable(50),
  departmentName: settable(50),
  email: settable(100),
  daytimePhone: settable(25),
  nighttimePhone: settable(25),
  faxNumber: settable(25),
  mobilePhone: settable(25),
  billingAddress: { ...settable(), members: ADDRESS },
  shippingAddress: { ...settable(), members: ADDRESS },
};

/**
 * SimPay's table. Key order is the order findings are reported in. `lengthUnit`: how SimPay counts
 * characters (`SIMPAY_LENGTH_UNIT`; docs/providers/simpay.md §6 leaves it UNCONFIRMED).
 */
export function simPayCapabilities(
  lengthUnit: LengthUnit = DEFAULT_LENGTH_UNIT,
): ProviderCapabilities {
  return { ...SIMPAY_CAPABILITIES, lengthUnit };
}

/** SimPay's table with the default length unit. */
export const SIMPAY_CAPABILITIES: ProviderCapabilities = {
  provider: "SIMPAY",
  label: "SimPay",
  lengthUnit: DEFAULT_LENGTH_UNIT,
  cannotClearMessage: "SimPay cannot clear this field.",
  fields: {
    customerType: absent(),
    firstName: absent(" Use defaultContact.firstName."),
    middleName: absent(),
    lastName: absent(" Use defaultContact.lastName."),
    companyName: absent(),
    contactName: absent(),
    birthDate: absent(),
    gender: absent(),
    generationCode: absent(),
    governmentId: absent(),
    driverLicense: absent(),
    creditLimit: absent(),
    portalUsername: absent(),
    portalPassword: absent(),
    ofacMatch: absent(),
    ofacTested: absent(),
    primaryAddress: { ...absent(" Use billingAddress or shippingAddress."), members: ADDRESS },
    mailingAddress: { ...absent(" Use billingAddress or shippingAddress."), members: ADDRESS },
    displayName: required(100, { note: "CustomerName." }),
    externalId: settable(50, { note: "CustomerID." }),
    status: required(undefined, {
      allowed: ["PENDING", "ACTIVE", "INACTIVE", "DELETED"],
      messages: { invalid: "SimPay statuses are PENDING, ACTIVE, INACTIVE and DELETED." },
      note: "ActivationStatus.",
    }),
    email: settable(100, { note: "Mirrors DefaultContact.EmailAddress." }),
    defaultContact: { ...required(), members: CONTACT },
    billingAddress: { ...settable(), members: ADDRESS },
    shippingAddress: { ...settable(), members: ADDRESS },
  },
};
