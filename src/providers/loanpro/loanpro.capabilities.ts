/**
 * What LoanPro can do with each CustomerPatch field (docs/providers/loanpro.md §4, §6). The
 * compiler forces every patch field, nested members included, into this table; the common
 * validator (`model/capabilities.ts`) and `loanpro.validation.ts` read it.
 */
import {
  absentContactMembers,
  COMMON_MAX_LENGTHS as MAX,
  DEFAULT_LENGTH_UNIT,
  type CapabilityTable,
  type FieldCapability,
  type LengthUnit,
  type ProviderCapabilities,
} from "../../model/capabilities.js";
import type { AddressPatch } from "../../model/customer.js";

export interface LoanProCapabilityOptions {
  /** docs/providers/loanpro.md §6 [U]: when false, `null` on an optional field cannot be sent. */
  nullClearsField: boolean;
  /** How lengths are counted (`LOANPRO_LENGTH_UNIT`); default UTF-16 code units. */
  lengthUnit?: LengthUnit;
}

const NO_SUCH_FIELD = "LoanPro customers do not have this field.";

function absent(note = NO_SUCH_FIELD): FieldCapability {
  return { readable: false, writable: false, clearable: false, required: false, note };
}

function requiredField(extra: Partial<FieldCapability> = {}): FieldCapability {
  return { readable: true, writable: true, clearable: false, required: true, ...extra };
}

function addressTable(options: LoanProCapabilityOptions): CapabilityTable<AddressPatch> {
  const optional = (maxLength?: number): FieldCapability => ({
    readable: true,
    writable: true,
    clearable: options.nullClearsField,
    required: false,
    maxLength,
  });
  const required = (maxLength?: number): FieldCapability =>
    requiredField({
      maxLength,
      messages: { required: "LoanPro requires this address field." },
    });
  return {
    line1: required(MAX.addressLine),
    line2: optional(MAX.addressLine),
    // Reads back null: a null is accepted (nothing to clear), a value is not.
    line3: {
      ...absent("LoanPro addresses have no third line."),
      readable: true,
      clearable: true,
    },
    city: required(MAX.city),
    region: { ...required(), format: "US state or Canadian province code" },
    postalCode: optional(MAX.postalCode),
    country: { ...required(), format: "ISO 3166-1 alpha-3: USA or CAN" },
  };
}

/** LoanPro's table; `nullClearsField` decides which optional fields a `null` may clear. */
export function loanProCapabilities(options: LoanProCapabilityOptions): ProviderCapabilities {
  const optional = (extra: Partial<FieldCapability> = {}): FieldCapability => ({
    readable: true,
    writable: true,
    clearable: options.nullClearsField,
    required: false,
    ...extra,
  });
  const address = {
    ...requiredField({ messages: { required: "A LoanPro customer keeps this address." } }),
    members: addressTable(options),
  };
  // Key order is the order findings are reported in.
  return {
    provider: "LOANPRO",
    label: "LoanPro",
    lengthUnit: options.lengthUnit ?? DEFAULT_LENGTH_UNIT,
    cannotClearMessage: "LoanPro cannot clear this field in this configuration.",
    fields: {
      displayName: {
        ...absent("LoanPro derives the display name from the name fields; set those instead."),
        readable: true,
      },
      defaultContact: {
        ...absent(),
        members: absentContactMembers(absent(), addressTable({ nullClearsField: false })),
      },
      billingAddress: { ...absent(), members: addressTable(options) },
      shippingAddress: { ...absent(), members: addressTable(options) },
      email: requiredField({
        maxLength: MAX.email,
        messages: { required: "LoanPro requires an e-mail address." },
      }),
      status: requiredField({
        allowed: ["ACTIVE", "INACTIVE", "PENDING", "LEAD"],
        messages: { invalid: "This status cannot be set on a LoanPro customer." },
        note: "Written as the configured status label (docs/providers/loanpro.md §4).",
      }),
      customerType: requiredField(),
      externalId: optional({ maxLength: MAX.externalId }),
      firstName: optional({ maxLength: MAX.name }),
      middleName: optional({ maxLength: MAX.name }),
      lastName: optional({ maxLength: MAX.name }),
      companyName: optional({ maxLength: MAX.name }),
      contactName: optional({ maxLength: MAX.name }),
      birthDate: optional({ format: "YYYY-MM-DD" }),
      gender: optional(),
      generationCode: optional(),
      governmentId: optional({
        format: "9 digits, dashes allowed",
        note: "SSN in `ssn`; SIN and employer number in `customerId`. Write-only number.",
        writeOnly: true,
      }),
      driverLicense: optional({
        readable: false,
        writeOnly: true,
        maxLength: MAX.driverLicense,
        note: "Write-only.",
      }),
      creditLimit: optional({ format: "0 to 1e12" }),
      portalUsername: optional({ maxLength: MAX.portalUsername }),
      portalPassword: optional({
        readable: false,
        writeOnly: true,
        maxLength: MAX.portalPassword,
        note: "Write-only (accessPassword).",
      }),
      ofacMatch: optional(),
      ofacTested: optional(),
      primaryAddress: address,
      mailingAddress: address,
    },
  };
}

/** The table with the default configuration (null clears a field), for listings. */
export const LOANPRO_CAPABILITIES = loanProCapabilities({ nullClearsField: true });
