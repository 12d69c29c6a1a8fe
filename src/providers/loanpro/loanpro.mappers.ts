/**
 * Pure mappings between LoanPro's wire shapes and the unified model (no I/O, no clock, no
 * `this`). Field table: README.md "Providers: how fields map", LoanPro column.
 */
import {
  mergeAddress,
  personName,
  toAddressCountry,
  type Address,
  type AddressPatch,
  type Customer,
  type CustomerPatch,
  type GovernmentId,
} from "../../model/customer.js";
import { formatCustomerId } from "../../model/customer-id.js";
import {
  fromCountryCode,
  fromCustomerTypeCode,
  fromGenderCode,
  fromGenerationCode,
  fromIdTypeCode,
  fromRegionCode,
  fromStatusLabel,
  normalizeGovernmentIdNumber,
  toCountryCode,
  toCustomerTypeCode,
  toGenderCode,
  toGenerationCode,
  toIdTypeCode,
  toRegionCode,
  toStatusLabel,
  type StatusLabels,
} from "./loanpro.codes.js";
import { parseLoanProDate, parseLoanProDateTime } from "./loanpro.dates.js";
import type {
  LoanProAddressUpdate,
  LoanProAddressWire,
  LoanProCustomerUpdate,
  LoanProCustomerWire,
  LoanProDeferred,
  LoanProFlag,
} from "./loanpro.wire.js";

/** Told about a provider value the mapping does not know (field name and the collection value). */
export type UnknownValueHandler = (field: string, value: string) => void;

const ignoreUnknown: UnknownValueHandler = () => undefined;

/** Absent optional strings are null on LoanPro's wire; an empty string is absent too. */
function text(value: string | null | undefined): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function flag(value: LoanProFlag | null | undefined): boolean | null {
  if (value === null || value === undefined) return null;
  return value === 1 || value === "1" || value === true;
}

function numberOrNull(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === "") return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function isExpanded(
  value: LoanProAddressWire | LoanProDeferred | null | undefined,
): value is LoanProAddressWire {
  return typeof value === "object" && value !== null && !("__deferred" in value);
}

/**
 * The last 4 digits of a government id number; the rest is never returned
 * (docs/architecture.md#privacy).
 */
function lastFour(value: string | null | undefined): string | null {
  const digits = (value ?? "").replace(/\D/g, "");
  return digits.length >= 4 ? digits.slice(-4) : null;
}

export function fromLoanProAddress(
  wire: LoanProAddressWire | LoanProDeferred | null | undefined,
  field: string,
  onUnknown: UnknownValueHandler = ignoreUnknown,
): Address | null {
  if (!isExpanded(wire)) return null;
  const line1 = text(wire.address1);
  // An address without address1 cannot be shown (Address.line1 is non-null); LoanPro requires it
  // on create (docs/providers/loanpro.md §7.2), so this only happens with broken data: report it,
  // do not invent.
  if (line1 === null) {
    onUnknown(`${field}.address1`, "missing");
    return null;
  }
  const region = fromRegionCode(text(wire.state));
  if (region === null && text(wire.state) !== null) onUnknown(`${field}.state`, String(wire.state));
  const country = fromCountryCode(text(wire.country));
  if (country === null && text(wire.country) !== null) {
    onUnknown(`${field}.country`, String(wire.country));
  }
  return {
    line1,
    line2: text(wire.address2),
    // LoanPro has no third address line (docs/providers/loanpro.md §7.2).
    line3: null,
    city: text(wire.city),
    region,
    postalCode: text(wire.zipcode),
    country,
  };
}

function governmentIdOf(
  wire: LoanProCustomerWire,
  onUnknown: UnknownValueHandler,
): GovernmentId | null {
  const type = fromIdTypeCode(text(wire.customerIdType));
  if (type === null) {
    if (text(wire.customerIdType) !== null)
      onUnknown("customerIdType", String(wire.customerIdType));
    return null;
  }
  // SSN lives in `ssn`, SIN / employer number in `customerId` (docs/providers/loanpro.md §4.2);
  // take whichever holds the number, the one matching the type first.
  const number =
    type === "SSN"
      ? (text(wire.ssn) ?? text(wire.customerId))
      : (text(wire.customerId) ?? text(wire.ssn));
  if (number === null) return null;
  return { type, last4: lastFour(number) };
}

/**
 * displayName: companyName for company/flooring types, else "first [middle] last"
 * (docs/architecture.md#field-mapping).
 * Fallback, only when that yields nothing: companyName, contactName, email, then
 * "Customer <id>", so the non-null field is always filled from data the record really has.
 */
function displayNameOf(wire: LoanProCustomerWire, isCompany: boolean): string {
  const company = text(wire.companyName);
  const person = personName(text(wire.firstName), text(wire.middleName), text(wire.lastName));
  const preferred = isCompany ? company : person;
  return (
    preferred ??
    company ??
    person ??
    text(wire.contactName) ??
    text(wire.email) ??
    `Customer ${wire.id}`
  );
}

/** A LoanPro customer (GET with `$expand=PrimaryAddress,MailAddress`) -> the unified model. */
export function fromLoanProCustomer(
  wire: LoanProCustomerWire,
  statusLabels: StatusLabels,
  onUnknown: UnknownValueHandler = ignoreUnknown,
): Customer {
  const customerType = fromCustomerTypeCode(text(wire.customerType));
  if (customerType === null && text(wire.customerType) !== null) {
    onUnknown("customerType", String(wire.customerType));
  }
  const statusLabel = text(wire.status);
  const status = fromStatusLabel(statusLabel, statusLabels);
  if (status === "OTHER") onUnknown("status", statusLabel ?? "null");
  const gender = fromGenderCode(text(wire.gender));
  if (gender === null && text(wire.gender) !== null) onUnknown("gender", String(wire.gender));
  const generationCode = fromGenerationCode(text(wire.generationCode));
  if (generationCode === null && text(wire.generationCode) !== null) {
    onUnknown("generationCode", String(wire.generationCode));
  }
  const providerId = String(wire.id);
  return {
    id: formatCustomerId("LOANPRO", providerId),
    provider: "LOANPRO",
    providerId,
    externalId: text(wire.customId),
    displayName: displayNameOf(wire, customerType === "COMPANY" || customerType === "FLOORING"),
    status,
    statusLabel,
    customerType,
    firstName: text(wire.firstName),
    middleName: text(wire.middleName),
    lastName: text(wire.lastName),
    companyName: text(wire.companyName),
    contactName: text(wire.contactName),
    email: text(wire.email),
    birthDate: parseLoanProDate(wire.birthDate),
    gender,
    generationCode,
    governmentId: governmentIdOf(wire, onUnknown),
    creditLimit: numberOrNull(wire.creditLimit),
    portalUsername: text(wire.accessUserName),
    ofacMatch: flag(wire.ofacMatch),
    ofacTested: flag(wire.ofacTested),
    // LoanPro has no default contact, billing or shipping address
    // (docs/architecture.md#field-mapping).
    defaultContact: null,
    primaryAddress: fromLoanProAddress(wire.PrimaryAddress, "PrimaryAddress", onUnknown),
    mailingAddress: fromLoanProAddress(wire.MailAddress, "MailAddress", onUnknown),
    billingAddress: null,
    shippingAddress: null,
    createdAt: parseLoanProDateTime(wire.created),
    updatedAt: parseLoanProDateTime(wire.lastUpdate),
  };
}

export interface LoanProUpdateOptions {
  statusLabels: StatusLabels;
  /**
   * docs/providers/loanpro.md §6 [U]: whether JSON null clears a field; when false, validation
   * refuses null.
   */
  nullClearsField: boolean;
}

export interface LoanProUpdatePlan {
  body: LoanProCustomerUpdate;
  /** False when the body carries nothing but LoanPro's markers: send no PUT. */
  changed: boolean;
}

type AddressWireField = "address1" | "address2" | "city" | "state" | "zipcode" | "country";

/**
 * A validated address patch -> the nested PUT object. An existing address is tagged with its
 * `__id` and `"__update": true` and carries only the fields that change; without the markers
 * LoanPro would ADD a second address (docs/providers/loanpro.md §6, §7.1). With no current address,
 * a new address object (no markers) with every required field (docs/providers/loanpro.md §7.2).
 */
function toAddressUpdate(
  patch: AddressPatch,
  current: LoanProAddressWire | LoanProDeferred | null | undefined,
): LoanProAddressUpdate | null {
  const existing = isExpanded(current) ? current : null;
  const merged = mergeAddress(fromLoanProAddress(existing, "address"), patch);
  const country = merged.country ? toAddressCountry(merged.country) : null;
  const desired: Record<AddressWireField, string | null> = {
    address1: merged.line1 ?? null,
    address2: merged.line2 ?? null,
    city: merged.city ?? null,
    state: merged.region && country ? toRegionCode(merged.region, country) : null,
    zipcode: merged.postalCode ?? null,
    country: country ? toCountryCode(country) : null,
  };
  if (existing === null) {
    const created: LoanProAddressUpdate = {};
    for (const field of Object.keys(desired) as AddressWireField[]) {
      if (desired[field] !== null) created[field] = desired[field];
    }
    return created;
  }
  // The wire fields each patched model field touches; a country change also re-spells the state.
  const touched = new Set<AddressWireField>();
  if (patch.line1 !== undefined) touched.add("address1");
  if (patch.line2 !== undefined) touched.add("address2");
  if (patch.city !== undefined) touched.add("city");
  if (patch.region !== undefined) touched.add("state");
  if (patch.postalCode !== undefined) touched.add("zipcode");
  if (patch.country !== undefined) touched.add("country").add("state");
  const changes: LoanProAddressUpdate = {};
  for (const field of touched) {
    if (text(desired[field]) !== text(existing[field])) changes[field] = desired[field];
  }
  if (Object.keys(changes).length === 0) return null;
  return { __id: existing.id, __update: true, ...changes };
}

/**
 * A validated patch -> the PUT body, carrying ONLY the fields that differ from `current` plus the
 * top-level `__id`/`__update` markers (docs/providers/loanpro.md §6: a client should send them).
 * Fields the validation refuses (displayName, defaultContact, billing/shipping addresses, nulls on
 * required fields) are not looked at here.
 */
export function toLoanProCustomerUpdate(
  patch: CustomerPatch,
  current: LoanProCustomerWire,
  options: LoanProUpdateOptions,
): LoanProUpdatePlan {
  const body: LoanProCustomerUpdate = { __id: current.id, __update: true };

  const setText = (
    key:
      | "customId"
      | "firstName"
      | "middleName"
      | "lastName"
      | "companyName"
      | "contactName"
      | "accessUserName",
    value: string | null | undefined,
  ): void => {
    if (value === undefined) return;
    if (text(value) !== text(current[key])) body[key] = value;
  };
  setText("customId", patch.externalId);
  setText("firstName", patch.firstName);
  setText("middleName", patch.middleName);
  setText("lastName", patch.lastName);
  setText("companyName", patch.companyName);
  setText("contactName", patch.contactName);
  setText("accessUserName", patch.portalUsername);

  if (patch.email !== undefined && patch.email !== null && patch.email !== current.email) {
    body.email = patch.email;
  }
  if (patch.status !== undefined && patch.status !== null) {
    const label = toStatusLabel(patch.status, options.statusLabels);
    if (label !== null && label.toLowerCase() !== (current.status ?? "").trim().toLowerCase()) {
      body.status = label;
    }
  }
  if (patch.customerType !== undefined && patch.customerType !== null) {
    const code = toCustomerTypeCode(patch.customerType);
    if (code !== current.customerType) body.customerType = code;
  }
  if (patch.gender !== undefined) {
    const code = patch.gender === null ? null : toGenderCode(patch.gender);
    if (code !== text(current.gender)) body.gender = code;
  }
  if (patch.generationCode !== undefined) {
    const code = patch.generationCode === null ? null : toGenerationCode(patch.generationCode);
    if (code !== text(current.generationCode)) body.generationCode = code;
  }
  if (patch.birthDate !== undefined && patch.birthDate !== parseLoanProDate(current.birthDate)) {
    body.birthDate = patch.birthDate;
  }
  if (patch.creditLimit !== undefined && patch.creditLimit !== numberOrNull(current.creditLimit)) {
    body.creditLimit = patch.creditLimit;
  }
  for (const key of ["ofacMatch", "ofacTested"] as const) {
    const value = patch[key];
    if (value !== undefined && value !== flag(current[key])) {
      body[key] = value === null ? null : value ? 1 : 0;
    }
  }

  // Write-only fields. ssn/customerId and driverLicense are compared with the stored wire value
  // (LoanPro returns them on GET, docs/providers/loanpro.md §4.2). Only the portal password is
  // always sent when given: LoanPro reads accessPassword back as null, so there is nothing to
  // compare it with.
  if (patch.governmentId === null) {
    if (text(current.ssn) !== null) body.ssn = null;
    if (text(current.customerId) !== null) body.customerId = null;
  } else if (patch.governmentId !== undefined) {
    const number = normalizeGovernmentIdNumber(patch.governmentId.number);
    const typeCode = toIdTypeCode(patch.governmentId.type);
    const isSsn = patch.governmentId.type === "SSN";
    if (number !== null) {
      if (isSsn) {
        if (number !== text(current.ssn)) body.ssn = number;
      } else if (number !== text(current.customerId)) {
        body.customerId = number;
      }
    }
    if (typeCode !== current.customerIdType) {
      body.customerIdType = typeCode;
      // The record keeps one number: a type switch clears the field the old type used, so the
      // old number is not left stored. Validation refuses the switch when null cannot clear.
      if (options.nullClearsField) {
        if (isSsn && text(current.customerId) !== null) body.customerId = null;
        if (!isSsn && text(current.ssn) !== null) body.ssn = null;
      }
    }
  }
  if (
    patch.driverLicense !== undefined &&
    text(patch.driverLicense) !== text(current.driverLicense)
  ) {
    body.driverLicense = patch.driverLicense;
  }
  if (patch.portalPassword !== undefined) body.accessPassword = patch.portalPassword;

  if (patch.primaryAddress) {
    const address = toAddressUpdate(patch.primaryAddress, current.PrimaryAddress);
    if (address) body.PrimaryAddress = address;
  }
  if (patch.mailingAddress) {
    const address = toAddressUpdate(patch.mailingAddress, current.MailAddress);
    if (address) body.MailAddress = address;
  }

  const changed = Object.keys(body).some((key) => key !== "__id" && key !== "__update");
  return { body, changed };
}
