/**
 * What the MEMORY provider can do with each CustomerPatch field: names, e-mail, external id and
 * the primary address. The compiler forces every patch field into this table like it does for
 * the real providers (`src/model/capabilities.ts`).
 */
import {
  absentContactMembers,
  DEFAULT_LENGTH_UNIT,
  type CapabilityTable,
  type FieldCapability,
  type ProviderCapabilities,
} from "../../../src/model/capabilities.js";
import type { AddressPatch } from "../../../src/model/customer.js";

/** The regions this backend knows; anything else is INVALID (the contract's "provider rule"). */
export const MEMORY_REGIONS = ["UT", "CA", "NY", "TX", "ON", "QC"];

const absent = (): FieldCapability => ({
  readable: false,
  writable: false,
  clearable: false,
  required: false,
  note: "Memory customers do not have this field.",
});
const optional = (extra: Partial<FieldCapability> = {}): FieldCapability => ({
  readable: true,
  writable: true,
  clearable: true,
  required: false,
  ...extra,
});
const required = (extra: Partial<FieldCapability> = {}): FieldCapability => ({
  ...optional(extra),
  clearable: false,
  required: true,
});

function addressTable(writable: boolean): CapabilityTable<AddressPatch> {
  if (!writable) {
    return {
      line1: absent(),
      line2: absent(),
      line3: absent(),
      city: absent(),
      region: absent(),
      postalCode: absent(),
      country: absent(),
    };
  }
  return {
    line1: required({ maxLength: 100 }),
    line2: optional({ maxLength: 100 }),
    line3: optional({ maxLength: 100 }),
    city: required({ maxLength: 50 }),
    region: required({
      allowed: MEMORY_REGIONS,
      messages: { invalid: "Memory does not know this region." },
    }),
    postalCode: optional({ maxLength: 20 }),
    country: required({ allowed: ["USA", "CAN"] }),
  };
}

export const MEMORY_CAPABILITIES: ProviderCapabilities = {
  provider: "MEMORY",
  label: "Memory",
  lengthUnit: DEFAULT_LENGTH_UNIT,
  cannotClearMessage: "Memory cannot clear this field.",
  fields: {
    externalId: optional({ maxLength: 50 }),
    displayName: optional({ maxLength: 100 }),
    status: absent(),
    customerType: absent(),
    firstName: optional({ maxLength: 50 }),
    middleName: optional({ maxLength: 50 }),
    lastName: optional({ maxLength: 50 }),
    companyName: absent(),
    contactName: absent(),
    email: required({ maxLength: 100 }),
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
    defaultContact: { ...absent(), members: absentContactMembers(absent(), addressTable(false)) },
    primaryAddress: { ...required(), members: addressTable(true) },
    mailingAddress: { ...absent(), members: addressTable(false) },
    billingAddress: { ...absent(), members: addressTable(false) },
    shippingAddress: { ...absent(), members: addressTable(false) },
  },
};
