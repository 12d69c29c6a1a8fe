/**
 * SimPay wire <-> model, by direction. Pure: no I/O, no clock, no `this`.
 * Field table: README.md "Providers: how fields map", SimPay column.
 */
import {
  mergeAddress,
  normalizeCountryCode,
  normalizeRegionCode,
  personName,
  toAddressCountry,
  type Address,
  type AddressPatch,
  type Contact,
  type ContactPatch,
  type Customer,
  type CustomerPatch,
} from "../../model/customer.js";
import { formatCustomerId } from "../../model/customer-id.js";
import {
  DEFAULT_REGION_OPTIONS,
  fromSimPayActivationStatus,
  isSimPayRegion,
  toSimPayActivationStatus,
  type SimPayRegionOptions,
} from "./simpay.codes.js";
import { parseSimPayTimestamp, type TimestampOffset } from "./simpay.dates.js";
import type {
  SimPayAddress,
  SimPayContact,
  SimPayCustomerDetail,
  SimPayPatchCustomerRequest,
} from "./simpay.wire.js";

export interface FromSimPayOptions {
  /** How zone-less timestamps are read (docs/providers/simpay.md §8: UNCONFIRMED). */
  timestampOffset: TimestampOffset;
  /**
   * Told when a record lacks a value SimPay requires: the wire field and the name of the
   * fallback used in its place (never the value). The caller logs it.
   */
  onMissing?: (field: string, fallback: string) => void;
  /**
   * Told when an address holds a country or region outside SimPay's codes
   * (docs/providers/simpay.md §7): the wire field and the value; the model gets null, never a
   * guess. The caller logs it.
   */
  onUnknown?: (field: string, value: string) => void;
  /** Which region codes are known (the UNCONFIRMED territories are a switch). */
  regions?: SimPayRegionOptions;
}

type AddressReadOptions = Pick<FromSimPayOptions, "onUnknown" | "regions">;

/** Model address field -> SimPay Address member (docs/providers/simpay.md §6 "Address"). */
export const SIMPAY_ADDRESS_FIELDS = {
  line1: "StreetAddress1",
  line2: "StreetAddress2",
  line3: "StreetAddress3",
  city: "City",
  region: "StateOrProvinceCode",
  postalCode: "PostalCode",
  country: "CountryCode",
} as const satisfies Record<keyof Address, keyof SimPayAddress>;

/**
 * Model contact field -> SimPay Contact member (docs/providers/simpay.md §6 "Contact"), addresses
 * apart.
 */
export const SIMPAY_CONTACT_FIELDS = {
  firstName: "FirstName",
  lastName: "LastName",
  jobTitle: "JobTitle",
  departmentName: "DepartmentName",
  email: "EmailAddress",
  daytimePhone: "DaytimeTelephoneNumber",
  nighttimePhone: "NighttimeTelephoneNumber",
  faxNumber: "FaxNumber",
  mobilePhone: "MobileTelephoneNumber",
} as const satisfies Record<
  Exclude<keyof Contact, "billingAddress" | "shippingAddress">,
  keyof SimPayContact
>;

type AddressField = keyof typeof SIMPAY_ADDRESS_FIELDS;
type ContactField = keyof typeof SIMPAY_CONTACT_FIELDS;
const ADDRESS_KEYS = Object.keys(SIMPAY_ADDRESS_FIELDS) as AddressField[];
const CONTACT_KEYS = Object.keys(SIMPAY_CONTACT_FIELDS) as ContactField[];

function text(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : value;
}

/**
 * SimPay requires StreetAddress1 (docs/providers/simpay.md §6), and the model's `line1` is
 * non-null, so an address without it is read as absent rather than given a placeholder.
 */
export function fromSimPayAddress(
  wire: SimPayAddress | null | undefined,
  field: string,
  options: AddressReadOptions = {},
): Address | null {
  if (!wire || !wire.StreetAddress1) return null;
  // The codes the model promises: alpha-3 country, two-letter region of that country, each in
  // the one normalisation inputs get (`US` -> `USA`, `il` -> `IL`); anything else is null.
  const rawCountry = text(wire.CountryCode);
  const country = rawCountry === null ? null : toAddressCountry(rawCountry);
  if (rawCountry !== null && country === null) {
    options.onUnknown?.(`${field}.CountryCode`, rawCountry);
  }
  const rawRegion = text(wire.StateOrProvinceCode);
  let region = rawRegion === null ? null : normalizeRegionCode(rawRegion);
  const regions = options.regions ?? DEFAULT_REGION_OPTIONS;
  const known = (code: string) =>
    country === null
      ? isSimPayRegion("USA", code, regions) || isSimPayRegion("CAN", code, regions)
      : isSimPayRegion(country, code, regions);
  if (rawRegion !== null && region !== null && !known(region)) {
    options.onUnknown?.(`${field}.StateOrProvinceCode`, rawRegion);
    region = null;
  }
  return {
    line1: wire.StreetAddress1,
    line2: text(wire.StreetAddress2),
    line3: text(wire.StreetAddress3),
    city: text(wire.City),
    region,
    postalCode: text(wire.PostalCode),
    country,
  };
}

export function fromSimPayContact(
  wire: SimPayContact | null | undefined,
  options: AddressReadOptions = {},
): Contact | null {
  if (!wire) return null;
  return {
    firstName: text(wire.FirstName),
    lastName: text(wire.LastName),
    jobTitle: text(wire.JobTitle),
    departmentName: text(wire.DepartmentName),
    email: text(wire.EmailAddress),
    daytimePhone: text(wire.DaytimeTelephoneNumber),
    nighttimePhone: text(wire.NighttimeTelephoneNumber),
    faxNumber: text(wire.FaxNumber),
    mobilePhone: text(wire.MobileTelephoneNumber),
    billingAddress: fromSimPayAddress(
      wire.BillingAddress,
      "DefaultContact.BillingAddress",
      options,
    ),
    shippingAddress: fromSimPayAddress(
      wire.ShippingAddress,
      "DefaultContact.ShippingAddress",
      options,
    ),
  };
}

/**
 * displayName is CustomerName, which SimPay requires on create and PUT
 * (docs/providers/simpay.md §4-§5). A record without one is anomalous: rather than a placeholder,
 * fall back to data the record has (the default contact's "first last", its e-mail, CustomerID),
 * then to the key, and report it.
 */
function displayNameOf(
  wire: SimPayCustomerDetail,
  contact: Contact | null,
  onMissing: FromSimPayOptions["onMissing"],
): string {
  if (typeof wire.CustomerName === "string" && wire.CustomerName.trim() !== "") {
    return wire.CustomerName;
  }
  const fallbacks: Array<[string, string | null]> = [
    [
      "DefaultContact name",
      personName(contact?.firstName ?? null, null, contact?.lastName ?? null),
    ],
    ["DefaultContact.EmailAddress", nonBlank(contact?.email)],
    ["CustomerID", nonBlank(wire.CustomerID)],
    ["CustomerKey", `SimPay customer ${wire.CustomerKey}`],
  ];
  for (const [fallback, name] of fallbacks) {
    if (name === null) continue;
    onMissing?.("CustomerName", fallback);
    return name;
  }
  // Unreachable: the last fallback always has a value.
  return `SimPay customer ${wire.CustomerKey}`;
}

function nonBlank(value: string | null | undefined): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

/** CustomerDetail -> Customer. An unknown ActivationStatus becomes OTHER; the caller logs it. */
export function fromSimPayCustomer(
  wire: SimPayCustomerDetail,
  options: FromSimPayOptions,
): Customer {
  const defaultContact = fromSimPayContact(wire.DefaultContact, options);
  return {
    id: formatCustomerId("SIMPAY", String(wire.CustomerKey)),
    provider: "SIMPAY",
    providerId: String(wire.CustomerKey),
    externalId: text(wire.CustomerID),
    displayName: displayNameOf(wire, defaultContact, options.onMissing),
    status: fromSimPayActivationStatus(wire.ActivationStatus),
    statusLabel: text(wire.ActivationStatus),
    // SimPay has no customer type, no top-level person fields, no government id, no portal
    // login, no OFAC flags, no primary/mailing address (docs/architecture.md#field-mapping).
    customerType: null,
    firstName: null,
    middleName: null,
    lastName: null,
    companyName: null,
    contactName: null,
    email: defaultContact?.email ?? null,
    birthDate: null,
    gender: null,
    generationCode: null,
    governmentId: null,
    creditLimit: null,
    portalUsername: null,
    ofacMatch: null,
    ofacTested: null,
    defaultContact,
    primaryAddress: null,
    mailingAddress: null,
    billingAddress: fromSimPayAddress(wire.BillingAddress, "BillingAddress", options),
    shippingAddress: fromSimPayAddress(wire.ShippingAddress, "ShippingAddress", options),
    createdAt: parseSimPayTimestamp(wire.CreationTimestamp, options.timestampOffset),
    updatedAt: parseSimPayTimestamp(wire.LastUpdateTimestamp, options.timestampOffset),
  };
}

/** Copy of a wire object without its null/undefined members (ServiceStack treats them alike). */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== null && member !== undefined),
  ) as T;
}

/** The value SimPay is sent for one model address field: country alpha-3, region upper case. */
function toWireAddressValue(field: AddressField, value: string): string {
  if (field === "country") return normalizeCountryCode(value);
  if (field === "region") return normalizeRegionCode(value);
  return value;
}

/**
 * The current SimPay address with an address patch, by the one merge rule (`mergeAddress`): the
 * patch's fields over the current ones. Validation refuses `null` (PATCH cannot clear,
 * docs/providers/simpay.md §5); a `null` that got here would leave the member out. Members this
 * mapping does not know are kept as they are.
 */
export function mergeSimPayAddress(
  current: SimPayAddress | null | undefined,
  patch: AddressPatch,
): SimPayAddress {
  const merged: SimPayAddress = compact({ ...current });
  const changes = mergeAddress(null, patch);
  for (const field of ADDRESS_KEYS) {
    const value = changes[field];
    if (value === undefined) continue;
    const member = SIMPAY_ADDRESS_FIELDS[field];
    if (value === null) delete merged[member];
    else merged[member] = toWireAddressValue(field, value);
  }
  return merged;
}

function sameAddress(
  a: SimPayAddress | null | undefined,
  b: SimPayAddress | null | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  return ADDRESS_KEYS.every((field) => {
    const member = SIMPAY_ADDRESS_FIELDS[field];
    return (a[member] ?? null) === (b[member] ?? null);
  });
}

function sameContact(a: SimPayContact | null | undefined, b: SimPayContact): boolean {
  const current = a ?? {};
  return (
    CONTACT_KEYS.every((field) => {
      const member = SIMPAY_CONTACT_FIELDS[field];
      return (current[member] ?? null) === (b[member] ?? null);
    }) &&
    sameAddress(current.BillingAddress, b.BillingAddress) &&
    sameAddress(current.ShippingAddress, b.ShippingAddress)
  );
}

/**
 * The complete DefaultContact PATCH must carry (docs/providers/simpay.md §5: required; the
 * simulator replaces it wholesale): the current contact merged field by field with the input's,
 * `email` included.
 */
export function mergeSimPayContact(
  current: SimPayContact | null | undefined,
  patch: ContactPatch | null | undefined,
  email: string | null | undefined,
): SimPayContact {
  const merged: SimPayContact = compact({ ...current });
  if (current?.BillingAddress) merged.BillingAddress = compact({ ...current.BillingAddress });
  if (current?.ShippingAddress) merged.ShippingAddress = compact({ ...current.ShippingAddress });
  if (email !== undefined && email !== null) merged.EmailAddress = email;
  if (patch) {
    for (const field of CONTACT_KEYS) {
      const value = patch[field];
      if (value !== undefined && value !== null) merged[SIMPAY_CONTACT_FIELDS[field]] = value;
    }
    if (patch.billingAddress) {
      merged.BillingAddress = mergeSimPayAddress(current?.BillingAddress, patch.billingAddress);
    }
    if (patch.shippingAddress) {
      merged.ShippingAddress = mergeSimPayAddress(current?.ShippingAddress, patch.shippingAddress);
    }
  }
  return merged;
}

export interface SimPayPatchPlan {
  body: SimPayPatchCustomerRequest;
  /**
   * False when the patch changes nothing: no PATCH is sent
   * (docs/architecture.md#only-what-changed-is-written).
   */
  changed: boolean;
}

/**
 * Model patch (already validated) + current record -> PATCH body carrying only what changes, plus
 * what SimPay requires on every PATCH (docs/providers/simpay.md §5): the complete DefaultContact
 * and at least one address (the changed ones; else the current billing address; else the current
 * shipping one).
 */
export function toSimPayCustomerPatch(
  patch: CustomerPatch,
  current: SimPayCustomerDetail,
): SimPayPatchPlan {
  const body: SimPayPatchCustomerRequest = { DefaultContact: {} };
  let changed = false;

  if (
    typeof patch.displayName === "string" &&
    patch.displayName !== (current.CustomerName ?? null)
  ) {
    body.CustomerName = patch.displayName;
    changed = true;
  }
  if (typeof patch.externalId === "string" && patch.externalId !== (current.CustomerID ?? null)) {
    body.CustomerId = patch.externalId;
    changed = true;
  }
  if (patch.status !== undefined && patch.status !== null) {
    const name = toSimPayActivationStatus(patch.status);
    if (name !== null && name.toLowerCase() !== (current.ActivationStatus ?? "").toLowerCase()) {
      body.ActivationStatus = name;
      changed = true;
    }
  }

  const contact = mergeSimPayContact(current.DefaultContact, patch.defaultContact, patch.email);
  body.DefaultContact = contact;
  if (!sameContact(current.DefaultContact, contact)) changed = true;

  let addressChanged = false;
  if (patch.billingAddress) {
    const billing = mergeSimPayAddress(current.BillingAddress, patch.billingAddress);
    if (!sameAddress(current.BillingAddress, billing)) {
      body.BillingAddress = billing;
      addressChanged = true;
    }
  }
  if (patch.shippingAddress) {
    const shipping = mergeSimPayAddress(current.ShippingAddress, patch.shippingAddress);
    if (!sameAddress(current.ShippingAddress, shipping)) {
      body.ShippingAddress = shipping;
      addressChanged = true;
    }
  }
  if (addressChanged) {
    changed = true;
  } else if (current.BillingAddress) {
    body.BillingAddress = compact({ ...current.BillingAddress });
  } else if (current.ShippingAddress) {
    body.ShippingAddress = compact({ ...current.ShippingAddress });
  }
  return { body, changed };
}
