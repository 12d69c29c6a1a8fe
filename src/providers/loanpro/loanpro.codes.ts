/**
 * LoanPro collection values <-> model enums (docs/providers/loanpro.md §8). Every `from…` returns
 * null for a value it does not know; the caller logs it and never guesses.
 */
import type {
  AddressCountry,
  CustomerStatus,
  CustomerType,
  Gender,
  GenerationCode,
  GovernmentIdType,
} from "../../model/customer.js";
import type { LoanProConfig } from "./loanpro.config.js";

export type StatusLabels = LoanProConfig["statusLabels"];

// docs/providers/loanpro.md §8: the full US list of the SDK, armed-forces codes included.
export const US_STATE_CODES: ReadonlySet<string> = new Set(
  (
    "AA AE AK AL AP AR AS AZ CA CO CT DC DE FL FM GA GU HI IA ID IL IN KS KY LA MA MD ME MH MI " +
    "MN MO MP MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR PW RI SC SD TN TX UT VA VI VT WA WI WV WY"
  ).split(" "),
);
// docs/providers/loanpro.md §8: Canadian provinces and territories.
export const CANADIAN_PROVINCE_CODES: ReadonlySet<string> = new Set(
  "AB BC MB NB NL NS NT NU ON PE QC SK YT".split(" "),
);

/** The model's address countries (`toAddressCountry` reads any accepted spelling). */
export type CountryCode = AddressCountry;

const CUSTOMER_TYPE_CODES: Record<CustomerType, string> = {
  INDIVIDUAL: "customer.type.individual",
  COMPANY: "customer.type.company",
  FLOORING: "customer.type.flooringCustomer",
};
const GENDER_CODES: Record<Gender, string> = {
  MALE: "customer.gender.male",
  FEMALE: "customer.gender.female",
  UNKNOWN: "customer.gender.unknown",
};
const GENERATION_CODES: Record<GenerationCode, string> = {
  NONE: "customer.generationCode.none",
  JR: "customer.generationCode.jr",
  SR: "customer.generationCode.sr",
  II: "customer.generationCode.ii",
  III: "customer.generationCode.iii",
  IV: "customer.generationCode.iv",
  V: "customer.generationCode.v",
  VI: "customer.generationCode.vi",
  VII: "customer.generationCode.vii",
  VIII: "customer.generationCode.viii",
  IX: "customer.generationCode.ix",
};
const ID_TYPE_CODES: Record<GovernmentIdType, string> = {
  SSN: "customer.idType.ssn",
  SIN: "customer.idType.sin",
  EMPLOYER_NUMBER: "customer.idType.employerNumber",
};
const COUNTRY_CODES: Record<CountryCode, string> = {
  USA: "company.country.usa",
  CAN: "company.country.can",
};

/** A code table read backwards (code -> enum value), built once: lookups run per mapped record. */
function reversed<T extends string>(table: Record<T, string>): ReadonlyMap<string, T> {
  return new Map((Object.keys(table) as T[]).map((value) => [table[value], value]));
}

const CUSTOMER_TYPES = reversed(CUSTOMER_TYPE_CODES);
const GENDERS = reversed(GENDER_CODES);
const GENERATIONS = reversed(GENERATION_CODES);
const ID_TYPES = reversed(ID_TYPE_CODES);
const COUNTRIES = reversed(COUNTRY_CODES);

function lookup<T extends string>(table: ReadonlyMap<string, T>, code: string | null): T | null {
  return code === null ? null : (table.get(code) ?? null);
}

export const toCustomerTypeCode = (value: CustomerType): string => CUSTOMER_TYPE_CODES[value];
export const fromCustomerTypeCode = (code: string | null): CustomerType | null =>
  lookup(CUSTOMER_TYPES, code);
export const toGenderCode = (value: Gender): string => GENDER_CODES[value];
export const fromGenderCode = (code: string | null): Gender | null => lookup(GENDERS, code);
export const toGenerationCode = (value: GenerationCode): string => GENERATION_CODES[value];
export const fromGenerationCode = (code: string | null): GenerationCode | null =>
  lookup(GENERATIONS, code);
export const toIdTypeCode = (value: GovernmentIdType): string => ID_TYPE_CODES[value];
export const fromIdTypeCode = (code: string | null): GovernmentIdType | null =>
  lookup(ID_TYPES, code);
export const toCountryCode = (value: CountryCode): string => COUNTRY_CODES[value];
export const fromCountryCode = (code: string | null): CountryCode | null => lookup(COUNTRIES, code);

/** Whether `region` is a state (USA) or province (CAN) code of `country`. */
export function isRegionOf(region: string, country: CountryCode): boolean {
  const upper = region.trim().toUpperCase();
  return country === "USA" ? US_STATE_CODES.has(upper) : CANADIAN_PROVINCE_CODES.has(upper);
}

/**
 * "UT" in the USA -> "geo.state.UT"; "ON" in Canada -> "geo.province.ON"
 * (docs/providers/loanpro.md §7.2).
 */
export function toRegionCode(region: string, country: CountryCode): string {
  const upper = region.trim().toUpperCase();
  return country === "USA" ? `geo.state.${upper}` : `geo.province.${upper}`;
}

/** "geo.state.UT" -> "UT"; null for a value outside the lists of docs/providers/loanpro.md §8. */
export function fromRegionCode(code: string | null): string | null {
  if (code === null) return null;
  const state = /^geo\.state\.([A-Z]{2})$/.exec(code);
  if (state && US_STATE_CODES.has(state[1])) return state[1];
  const province = /^geo\.province\.([A-Z]{2})$/.exec(code);
  if (province && CANADIAN_PROVINCE_CODES.has(province[1])) return province[1];
  return null;
}

/**
 * The tenant's label text -> the enum, case-insensitively (docs/providers/loanpro.md §8: `status`
 * holds label text). Anything else is OTHER; the caller keeps the raw text in `statusLabel`.
 */
export function fromStatusLabel(label: string | null, labels: StatusLabels): CustomerStatus {
  if (label === null) return "OTHER";
  return statusesByLabel(labels).get(label.trim().toLowerCase()) ?? "OTHER";
}

/** Each configured label table read backwards (trimmed lower-case text -> status), built once. */
const STATUSES_BY_LABEL = new WeakMap<StatusLabels, ReadonlyMap<string, keyof StatusLabels>>();

function statusesByLabel(labels: StatusLabels): ReadonlyMap<string, keyof StatusLabels> {
  let table = STATUSES_BY_LABEL.get(labels);
  if (!table) {
    const built = new Map<string, keyof StatusLabels>();
    for (const status of Object.keys(labels) as Array<keyof StatusLabels>) {
      const text = labels[status].trim().toLowerCase();
      // The first status with a given text wins, as the linear search did.
      if (!built.has(text)) built.set(text, status);
    }
    table = built;
    STATUSES_BY_LABEL.set(labels, table);
  }
  return table;
}

/** The label to send for a writable status; null for OTHER and DELETED, which are not writable. */
export function toStatusLabel(status: CustomerStatus, labels: StatusLabels): string | null {
  switch (status) {
    case "ACTIVE":
    case "INACTIVE":
    case "PENDING":
    case "LEAD":
      return labels[status];
    case "OTHER":
    case "DELETED":
      return null;
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

/**
 * A government id number as LoanPro stores it: digits only (docs/providers/loanpro.md §4.2: "9
 * digits, no dashes"). Dashes and spaces on input are stripped; null when the rest is not exactly 9
 * digits.
 */
export function normalizeGovernmentIdNumber(value: string): string | null {
  const digits = value.replace(/[\s-]/g, "");
  return /^\d{9}$/.test(digits) ? digits : null;
}
