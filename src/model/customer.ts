/**
 * The unified customer model, in plain TypeScript: no decorators, no HTTP, no GraphQL.
 *
 * Absence is explicit: `null` means the provider does not hold a value (or has no such field);
 * the GraphQL classes in `src/graphql/` implement these interfaces.
 */

/** The providers the public schema's `CustomerProvider` enum names: fixed by the product contract. */
export const CUSTOMER_PROVIDERS = ["LOANPRO", "SIMPAY"] as const;
export type CustomerProvider = (typeof CUSTOMER_PROVIDERS)[number];

/**
 * The name of a provider module (upper case; ids carry it in lower case). Every provider the
 * product serves is one of CUSTOMER_PROVIDERS; the type is wider so that a module outside the
 * public enum (the in-memory test provider) runs through the registry and the CustomerSource
 * contract without a schema change. Serving such a provider publicly means adding its name to
 * the enum: a public schema change.
 */
export type ProviderName = CustomerProvider | (string & {});

export const CUSTOMER_STATUSES = [
  "ACTIVE",
  "INACTIVE",
  "PENDING",
  "DELETED",
  "LEAD",
  "OTHER",
] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CUSTOMER_TYPES = ["INDIVIDUAL", "COMPANY", "FLOORING"] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export const GENDERS = ["MALE", "FEMALE", "UNKNOWN"] as const;
export type Gender = (typeof GENDERS)[number];

export const GENERATION_CODES = [
  "NONE",
  "JR",
  "SR",
  "II",
  "III",
  "IV",
  "V",
  "VI",
  "VII",
  "VIII",
  "IX",
] as const;
export type GenerationCode = (typeof GENERATION_CODES)[number];

export const GOVERNMENT_ID_TYPES = ["SSN", "SIN", "EMPLOYER_NUMBER"] as const;
export type GovernmentIdType = (typeof GOVERNMENT_ID_TYPES)[number];

/** Never the full number: `last4` is the most any output carries (docs/architecture.md#privacy). */
export interface GovernmentId {
  type: GovernmentIdType;
  last4: string | null;
}

export interface Address {
  line1: string;
  line2: string | null;
  line3: string | null;
  city: string | null;
  /** 2-letter US state or Canadian province code: "UT", "ON". */
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-3: "USA" or "CAN". */
  country: string | null;
}

export interface Contact {
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  departmentName: string | null;
  email: string | null;
  daytimePhone: string | null;
  nighttimePhone: string | null;
  faxNumber: string | null;
  mobilePhone: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
}

export interface Customer {
  /** "<provider>:<providerId>", lower-case prefix: "loanpro:555". */
  id: string;
  provider: ProviderName;
  providerId: string;
  externalId: string | null;
  displayName: string;
  status: CustomerStatus;
  statusLabel: string | null;
  customerType: CustomerType | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  companyName: string | null;
  contactName: string | null;
  email: string | null;
  /** "YYYY-MM-DD". */
  birthDate: string | null;
  gender: Gender | null;
  generationCode: GenerationCode | null;
  governmentId: GovernmentId | null;
  creditLimit: number | null;
  portalUsername: string | null;
  ofacMatch: boolean | null;
  ofacTested: boolean | null;
  defaultContact: Contact | null;
  primaryAddress: Address | null;
  mailingAddress: Address | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  createdAt: Date | null;
  updatedAt: Date | null;
}

/**
 * Tri-state partial of T: an omitted key leaves the value unchanged, `null` clears it,
 * a value sets it.
 */
export type Patch<T> = { [K in keyof T]?: T[K] | null };

export type AddressPatch = Patch<Address>;

export type ContactPatch = Patch<Omit<Contact, "billingAddress" | "shippingAddress">> & {
  billingAddress?: AddressPatch | null;
  shippingAddress?: AddressPatch | null;
};

/** Write-only: the full number goes to the provider and never comes back. */
export interface GovernmentIdPatch {
  type: GovernmentIdType;
  number: string;
}

/** What `updateCustomer` asks for, without the id, in the model's terms. */
export interface CustomerPatch {
  externalId?: string | null;
  displayName?: string | null;
  status?: CustomerStatus | null;
  customerType?: CustomerType | null;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  contactName?: string | null;
  email?: string | null;
  birthDate?: string | null;
  gender?: Gender | null;
  generationCode?: GenerationCode | null;
  governmentId?: GovernmentIdPatch | null;
  driverLicense?: string | null;
  creditLimit?: number | null;
  portalUsername?: string | null;
  portalPassword?: string | null;
  ofacMatch?: boolean | null;
  ofacTested?: boolean | null;
  defaultContact?: ContactPatch | null;
  primaryAddress?: AddressPatch | null;
  mailingAddress?: AddressPatch | null;
  billingAddress?: AddressPatch | null;
  shippingAddress?: AddressPatch | null;
}

export const ADDRESS_FIELDS = [
  "line1",
  "line2",
  "line3",
  "city",
  "region",
  "postalCode",
  "country",
] as const satisfies readonly (keyof Address)[];

/** The countries an address may have: ISO 3166-1 alpha-3. */
export const ADDRESS_COUNTRIES = ["USA", "CAN"] as const;
export type AddressCountry = (typeof ADDRESS_COUNTRIES)[number];

const ALPHA_2_TO_ALPHA_3: Readonly<Record<string, AddressCountry>> = { US: "USA", CA: "CAN" };

/**
 * The one country normalisation, applied at the edge (`graphql/input-to-patch.ts`): trimmed,
 * upper case, alpha-2 "US"/"CA" as alpha-3. Any other value is kept (upper case) for validation
 * to refuse.
 */
export function normalizeCountryCode(country: string): string {
  const upper = country.trim().toUpperCase();
  return ALPHA_2_TO_ALPHA_3[upper] ?? upper;
}

/** The one region normalisation: trimmed, upper case ("ut" -> "UT"). */
export function normalizeRegionCode(region: string): string {
  return region.trim().toUpperCase();
}

/** The address country `country` names (any accepted spelling), or null when none. */
export function toAddressCountry(country: string): AddressCountry | null {
  const code = normalizeCountryCode(country);
  return (ADDRESS_COUNTRIES as readonly string[]).includes(code) ? (code as AddressCountry) : null;
}

/**
 * The one address merge: the patch field by field over the current address; an omitted field
 * keeps its value, `null` clears it (docs/architecture.md). A provider that cannot clear refuses
 * the `null` in validation, before any merge.
 */
export function mergeAddress(current: Address | null, patch: AddressPatch): Partial<Address> {
  const merged: Partial<Address> = current ? { ...current } : {};
  for (const field of ADDRESS_FIELDS) {
    if (patch[field] !== undefined) {
      (merged as Record<string, string | null>)[field] = patch[field] ?? null;
    }
  }
  return merged;
}

/** "first [middle] last", skipping empty parts; null when there is no part at all. */
export function personName(
  first: string | null,
  middle: string | null,
  last: string | null,
): string | null {
  const parts = [first, middle, last].map((part) => part?.trim()).filter((part) => !!part);
  return parts.length > 0 ? parts.join(" ") : null;
}
