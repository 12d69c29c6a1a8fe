/**
 * Declared field capabilities: per provider, one entry for every CustomerPatch field, nested
 * contact and address members included. The mapped types make the table complete: a new patch
 * field missing from a provider's table fails the type check. The common validator below and the
 * providers' own checks read these tables; nothing else decides which field a provider supports.
 */
import type {
  AddressPatch,
  ContactPatch,
  Customer,
  CustomerPatch,
  GovernmentIdPatch,
  ProviderName,
} from "./customer.js";
import type { FieldError } from "./errors.js";
import { hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from "./text.js";

/**
 * How a provider counts a value's length. Neither provider reference says
 * (docs/providers/simpay.md §6: UNCONFIRMED; LoanPro documents no limits at all), so it is a
 * setting per provider (`LOANPRO_LENGTH_UNIT`, `SIMPAY_LENGTH_UNIT`). The default, UTF-16 code
 * units, is what .NET's `string.Length` (SimPay is a ServiceStack service) and JavaScript's
 * `string.length` count; it is never below the code point count, so a value accepted under it fits
 * under either reading. Every length check of a provider (the common limits and the provider's
 * own) counts in its table's unit, so they cannot disagree.
 */
export type LengthUnit = "UTF-16 code units" | "Unicode code points";
export const DEFAULT_LENGTH_UNIT: LengthUnit = "UTF-16 code units";

/** The setting's values: `utf16` or `codepoints`. */
export const LENGTH_UNIT_SETTINGS: Record<string, LengthUnit> = {
  utf16: "UTF-16 code units",
  codepoints: "Unicode code points",
};

/** A length-unit setting's value: the default when empty, null when not a known value. */
export function parseLengthUnit(raw: string | undefined): LengthUnit | null {
  const value = raw?.trim().toLowerCase();
  if (!value) return DEFAULT_LENGTH_UNIT;
  return LENGTH_UNIT_SETTINGS[value] ?? null;
}

/**
 * Sane maxima for text fields a provider documents no limit for (LoanPro documents none); a
 * provider's own shorter limit replaces them in its table.
 */
export const COMMON_MAX_LENGTHS = {
  name: 100,
  email: 254,
  phone: 25,
  addressLine: 100,
  city: 100,
  postalCode: 30,
  externalId: 100,
  governmentIdNumber: 20,
  driverLicense: 50,
  portalUsername: 100,
  portalPassword: 128,
} as const;

export interface FieldCapability {
  /** The provider returns this field on a read. */
  readable: boolean;
  /** The provider accepts a value for it. */
  writable: boolean;
  /** `null` clears it (for an unwritable field: `null` is accepted as a no-op). */
  clearable: boolean;
  /** A record always has it: `null` or a blank string is REQUIRED. */
  required: boolean;
  /** Longest accepted value, counted in the table's `lengthUnit`. */
  maxLength?: number;
  /** The only values accepted (enums). */
  allowed?: readonly string[];
  /** The expected form, in words ("YYYY-MM-DD"); checked by the provider's own rules. */
  format?: string;
  /** A short note; for an unwritable field, the message the caller sees. */
  note?: string;
  /** A secret the provider takes but must never be shown: masked in a plan's changes and requests. */
  writeOnly?: boolean;
  /** Overrides the table's default messages for this field. */
  messages?: { required?: string; invalid?: string };
}

type Nested<V> =
  NonNullable<V> extends GovernmentIdPatch
    ? unknown
    : NonNullable<V> extends object
      ? { members: CapabilityTable<NonNullable<V>> }
      : unknown;

/** One capability per key of T (every key, `-?`), with `members` for nested objects. */
export type CapabilityTable<T> = { [K in keyof T]-?: FieldCapability & Nested<T[K]> };

export interface ProviderCapabilities {
  provider: ProviderName;
  /** The provider's name in messages: "LoanPro". */
  label: string;
  lengthUnit: LengthUnit;
  /** Said for a `null` on a field that is not clearable. */
  cannotClearMessage: string;
  fields: CapabilityTable<CustomerPatch>;
}

/**
 * `defaultContact`'s members for a provider without contacts: every member is `absent`, the two
 * addresses too, with `address` as their members.
 */
export function absentContactMembers(
  absent: FieldCapability,
  address: CapabilityTable<AddressPatch>,
): CapabilityTable<ContactPatch> {
  const addressCap = { ...absent, members: address };
  return {
    firstName: { ...absent },
    lastName: { ...absent },
    jobTitle: { ...absent },
    departmentName: { ...absent },
    email: { ...absent },
    daytimePhone: { ...absent },
    nighttimePhone: { ...absent },
    faxNumber: { ...absent },
    mobilePhone: { ...absent },
    billingAddress: addressCap,
    shippingAddress: addressCap,
  };
}

/** The length of `value` in `unit`. */
export function lengthIn(value: string, unit: LengthUnit): number {
  switch (unit) {
    case "UTF-16 code units":
      return value.length;
    case "Unicode code points": {
      let count = 0;
      for (const _codePoint of value) count += 1;
      return count;
    }
  }
}

type AnyTable = Record<string, FieldCapability & { members?: AnyTable }>;

function walk(
  patch: Record<string, unknown>,
  /** The current value at this level; `undefined` when the record is not known. */
  current: Record<string, unknown> | null | undefined,
  table: AnyTable,
  path: string[],
  caps: ProviderCapabilities,
  nested: boolean,
  errors: FieldError[],
): void {
  const required = (cap: FieldCapability): string =>
    cap.messages?.required ?? `${caps.label} requires this field.`;
  for (const [field, cap] of Object.entries(table)) {
    const value = patch[field];
    const at = [...path, field];
    if (value === undefined) {
      // A nested object (an address) keeps or brings its required members.
      const kept = current === null ? null : current?.[field];
      if (nested && cap.required && current !== undefined && isBlank(kept)) {
        errors.push({ path: at, code: "REQUIRED", message: required(cap) });
      }
      continue;
    }
    if (!cap.writable) {
      if (value === null && cap.clearable) continue;
      const message = cap.note ?? `${caps.label} customers do not have this field.`;
      errors.push({ path: at, code: "UNSUPPORTED_FIELD", message });
      continue;
    }
    if (value === null) {
      if (cap.required) errors.push({ path: at, code: "REQUIRED", message: required(cap) });
      else if (!cap.clearable) {
        errors.push({ path: at, code: "UNSUPPORTED_FIELD", message: caps.cannotClearMessage });
      }
      continue;
    }
    if (typeof value === "string") {
      if (hasUnsafeCharacters(value)) {
        // One finding for the field: its length or allowed values mean little with these in it.
        errors.push({ path: at, code: "INVALID", message: UNSAFE_TEXT_MESSAGE });
        continue;
      }
      if (cap.required && value.trim() === "") {
        errors.push({ path: at, code: "REQUIRED", message: required(cap) });
      }
      if (cap.maxLength !== undefined && lengthIn(value, caps.lengthUnit) > cap.maxLength) {
        errors.push({
          path: at,
          code: "TOO_LONG",
          message: `Must be at most ${cap.maxLength} characters for ${caps.label}.`,
        });
      }
      if (cap.allowed && !cap.allowed.includes(value)) {
        const message = cap.messages?.invalid ?? `${caps.label} does not accept this value.`;
        errors.push({ path: at, code: "INVALID", message });
      }
    }
    if (cap.members && typeof value === "object") {
      const inner = current === undefined ? undefined : current?.[field];
      walk(
        value as Record<string, unknown>,
        inner === undefined
          ? current === undefined
            ? undefined
            : null
          : isObject(inner)
            ? inner
            : null,
        cap.members,
        at,
        caps,
        true,
        errors,
      );
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && !value.trim());
}

/**
 * The findings every provider's table gives on `patch` against the current record: unsupported
 * fields, `null` on required or unclearable fields, blank required values, lengths, allowed
 * values, and required members of a nested object after merging (a new address needs them all).
 * With `current` null (the record was not read) the findings that need the record are skipped.
 */
export function validateCapabilities(
  patch: CustomerPatch,
  current: Customer | null,
  caps: ProviderCapabilities,
): FieldError[] {
  const errors: FieldError[] = [];
  walk(
    patch as Record<string, unknown>,
    current === null ? undefined : (current as unknown as Record<string, unknown>),
    caps.fields as unknown as AnyTable,
    [],
    caps,
    false,
    errors,
  );
  return errors;
}

/** The fields of `caps` a caller may write, as dotted paths (for a capabilities listing). */
export function writablePaths(caps: ProviderCapabilities): string[] {
  const paths: string[] = [];
  const visit = (table: AnyTable, prefix: string): void => {
    for (const [field, cap] of Object.entries(table)) {
      if (!cap.writable) continue;
      paths.push(prefix + field);
      if (cap.members) visit(cap.members, `${prefix}${field}.`);
    }
  };
  visit(caps.fields as unknown as AnyTable, "");
  return paths;
}
