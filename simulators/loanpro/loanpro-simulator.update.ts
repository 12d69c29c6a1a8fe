/**
 * The simulated `PUT odata.svc/Customers(id)` (docs/providers/loanpro.md §6, §7): a partial merge,
 * applied atomically (everything is checked on copies first). Nested PrimaryAddress/MailAddress
 * WITH `__id` + `__update` edit that address; WITHOUT them a NEW address is created and linked and
 * the old one is orphaned: the add-instead-of-update hazard (docs/providers/loanpro.md §7.1),
 * observable through the simulator's address count.
 */
import { odataError } from "./loanpro-simulator.render.js";
import type { StoredAddress, StoredCustomer } from "./loanpro-simulator.types.js";

export interface SimulatorState {
  customers: Map<number, StoredCustomer>;
  addresses: Map<number, StoredAddress>;
  nextAddressId: number;
}

export type UpdateOutcome =
  { ok: true; changed: boolean } | { ok: false; status: number; body: Record<string, unknown> };

class Rejection extends Error {
  constructor(
    readonly body: Record<string, unknown>,
    readonly status = 409,
  ) {
    super("rejected");
  }
}

const COLLECTIONS: Record<string, RegExp> = {
  customerType: /^customer\.type\.(individual|company|flooringCustomer)$/,
  gender: /^customer\.gender\.(male|female|unknown)$/,
  generationCode: /^customer\.generationCode\.(none|jr|sr|ii|iii|iv|v|vi|vii|viii|ix)$/,
  customerIdType: /^customer\.idType\.(ssn|sin|employerNumber)$/,
};
const US_STATES =
  "AA AE AK AL AP AR AS AZ CA CO CT DC DE FL FM GA GU HI IA ID IL IN KS KY LA MA MD ME MH MI MN MO MP MS MT NC ND NE NH NJ NM NV NY OH OK OR PA PR PW RI SC SD TN TX UT VA VI VT WA WI WV WY";
const PROVINCES = "AB BC MB NB NL NS NT NU ON PE QC SK YT";
const STATE_VALUES = new Set([
  ...US_STATES.split(" ").map((code) => `geo.state.${code}`),
  ...PROVINCES.split(" ").map((code) => `geo.province.${code}`),
]);
const COUNTRY_VALUES = new Set(["company.country.usa", "company.country.can"]);

const STRING_FIELDS = [
  "customId",
  "status",
  "firstName",
  "middleName",
  "lastName",
  "email",
  "ssn",
  "driverLicense",
  "companyName",
  "contactName",
  "customerId",
  "accessUserName",
  "accessPassword",
] as const;
const BOOLEAN_FIELDS = ["active", "ofacMatch", "ofacTested"] as const;
const ADDRESS_STRING_FIELDS = [
  "address1",
  "address2",
  "city",
  "state",
  "zipcode",
  "country",
  "geoLat",
  "geoLon",
] as const;
const ADDRESS_REQUIRED = ["address1", "city", "state", "country"] as const;

function reject(message: string, type = "BadRequestException"): never {
  throw new Rejection(odataError(message, type));
}

/** Requests accept 0/1, true/false and "0"/"1" (docs/providers/loanpro.md §3.3). */
function toFlag(field: string, value: unknown): 0 | 1 {
  if (value === 1 || value === true || value === "1" || value === "true") return 1;
  if (value === 0 || value === false || value === "0" || value === "false") return 0;
  return reject(`Invalid value for ${field}`);
}

/**
 * Request dates are "YYYY-MM-DD" or "YYYY-MM-DD hh:mm:ss", UTC (docs/providers/loanpro.md §3.2).
 */
function toSeconds(field: string, value: unknown): number | null {
  if (value === null) return null;
  if (typeof value === "string") {
    const match = /^(\d{4}-\d{2}-\d{2})( \d{2}:\d{2}:\d{2})?$/.exec(value);
    const parsed = match ? Date.parse(`${match[1]}T${(match[2] ?? " 00:00:00").trim()}Z`) : NaN;
    if (!Number.isNaN(parsed)) return parsed / 1000;
  }
  return reject(`Invalid date for ${field}`);
}

function toNullableString(field: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return reject(`Invalid value for ${field}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function applyAddressFields(target: StoredAddress, input: Record<string, unknown>): void {
  for (const field of ADDRESS_STRING_FIELDS) {
    if (input[field] !== undefined) target[field] = toNullableString(field, input[field]);
  }
  for (const field of ["active", "isVerified", "isStandardized"] as const) {
    if (input[field] !== undefined) target[field] = toFlag(field, input[field]);
  }
  if (target.state !== null && !STATE_VALUES.has(target.state)) reject("Invalid value for state");
  if (target.country !== null && !COUNTRY_VALUES.has(target.country)) {
    reject("Invalid value for country");
  }
  for (const field of ADDRESS_REQUIRED) {
    if (target[field] === null || target[field] === "") reject(`Address ${field} is required`);
  }
}

function applyNestedAddress(
  state: SimulatorState,
  customer: StoredCustomer,
  slot: "primaryAddressId" | "mailAddressId",
  input: unknown,
  now: number,
): void {
  if (!isObject(input)) return reject("Invalid address payload");
  if (input.__id !== undefined || input.__update !== undefined) {
    const addressId = Number(input.__id);
    // An update must name the address this customer has in that slot
    // (docs/providers/loanpro.md §11, item 5).
    if (!(input.__update === true || input.__update === 1) || addressId !== customer[slot]) {
      return reject("Entity not found for the given __id", "EntityNotFoundException");
    }
    const current = state.addresses.get(addressId) as StoredAddress;
    const copy = { ...current };
    applyAddressFields(copy, input);
    state.addresses.set(addressId, copy);
    return;
  }
  // No markers: LoanPro ADDS a new address (docs/providers/loanpro.md §7.1); the old one is
  // orphaned.
  const created: StoredAddress = {
    id: state.nextAddressId,
    address1: null,
    address2: null,
    city: null,
    state: null,
    zipcode: null,
    country: null,
    geoLat: null,
    geoLon: null,
    created: now,
    active: 1,
    isVerified: 0,
    isStandardized: 0,
  };
  applyAddressFields(created, input);
  state.nextAddressId += 1;
  state.addresses.set(created.id, created);
  customer[slot] = created.id;
}

function displayNameOf(customer: StoredCustomer): string {
  return (
    customer.companyName ?? [customer.firstName, customer.lastName].filter((part) => part).join(" ")
  );
}

/** Applies a PUT body to customer `id`; on any rejection nothing changes. */
export function applyCustomerUpdate(
  state: SimulatorState,
  id: number,
  body: unknown,
  nowSeconds: number,
): UpdateOutcome {
  const stored = state.customers.get(id) as StoredCustomer;
  if (!isObject(body)) {
    return {
      ok: false,
      status: 409,
      body: odataError("Invalid request body", "BadRequestException"),
    };
  }
  // Work on copies so a rejection leaves the store untouched.
  const draft: SimulatorState = {
    customers: new Map(state.customers),
    addresses: new Map(state.addresses),
    nextAddressId: state.nextAddressId,
  };
  const customer: StoredCustomer = { ...stored };
  try {
    if (body.__id !== undefined && Number(body.__id) !== id) {
      reject("The __id does not match the entity in the URL");
    }
    for (const field of STRING_FIELDS) {
      if (body[field] === undefined) continue;
      // JSON null clears a field (docs/providers/loanpro.md §6 [U]: the simulator assumes it does).
      (customer as unknown as Record<string, unknown>)[field] = toNullableString(
        field,
        body[field],
      );
    }
    for (const field of BOOLEAN_FIELDS) {
      if (body[field] !== undefined) customer[field] = toFlag(field, body[field]);
    }
    for (const [field, pattern] of Object.entries(COLLECTIONS)) {
      const value = body[field];
      if (value === undefined) continue;
      if (value !== null && (typeof value !== "string" || !pattern.test(value))) {
        reject(`Invalid value for ${field}`);
      }
      if (value === null && field === "customerType") reject("customerType is required");
      (customer as unknown as Record<string, unknown>)[field] = value;
    }
    if (body.birthDate !== undefined) customer.birthDate = toSeconds("birthDate", body.birthDate);
    if (body.creditLimit !== undefined) {
      const limit = Number(body.creditLimit);
      if (body.creditLimit === null || Number.isNaN(limit)) reject("Invalid value for creditLimit");
      customer.creditLimit = limit;
    }
    if (customer.status === null || customer.status.trim() === "") reject("status is required");
    // A valid email is required (docs/providers/loanpro.md §5, §9.2).
    if (!customer.email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customer.email)) {
      reject("A valid email is required");
    }
    if (body.PrimaryAddress !== undefined) {
      applyNestedAddress(draft, customer, "primaryAddressId", body.PrimaryAddress, nowSeconds);
    }
    if (body.MailAddress !== undefined) {
      applyNestedAddress(draft, customer, "mailAddressId", body.MailAddress, nowSeconds);
    }
    // Duplicate detection (docs/providers/loanpro.md §5, §9.2): the warning quotes the value and
    // the other customer's name, as the real API does; clients must not pass it on.
    const ignoreWarnings = body.__ignoreWarnings === true || body.__ignoreWarnings === 1;
    const others = [...state.customers.values()].filter((candidate) => candidate.id !== id);
    if (customer.ssn && customer.ssn !== stored.ssn) {
      const ssn = customer.ssn;
      const sameSsn = others.filter((candidate) => candidate.ssn === ssn);
      // An existing SSN + birth date pair is always refused, __ignoreWarnings or not (§5, §9.2).
      const samePair = sameSsn.find(
        (candidate) => customer.birthDate !== null && candidate.birthDate === customer.birthDate,
      );
      const quoted = samePair ?? sameSsn[0];
      if (quoted && (samePair || !ignoreWarnings)) {
        throw new Rejection(
          odataError("Transaction warnings found.", "TransactionWarningException", [
            `(SSN) SSN '${ssn}' already found in the system (Customer ID ${quoted.id}: ${displayNameOf(quoted)}).`,
          ]),
        );
      }
    }
    if (!ignoreWarnings && customer.email && customer.email !== stored.email) {
      const email = customer.email.toLowerCase();
      const other = others.find((candidate) => candidate.email?.toLowerCase() === email);
      if (other) {
        throw new Rejection(
          odataError("Transaction warnings found.", "TransactionWarningException", [
            `(Email) Email '${customer.email}' already found in the system (Customer ID ${other.id}: ${displayNameOf(other)}).`,
          ]),
        );
      }
    }
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, status: error.status, body: error.body };
    throw error;
  }
  const changed =
    JSON.stringify(customer) !== JSON.stringify(stored) ||
    [customer.primaryAddressId, customer.mailAddressId].some(
      (addressId) =>
        addressId !== null &&
        JSON.stringify(draft.addresses.get(addressId)) !==
          JSON.stringify(state.addresses.get(addressId)),
    );
  if (changed) customer.lastUpdate = Math.max(nowSeconds, stored.lastUpdate + 1);
  state.customers.set(id, customer);
  for (const [addressId, address] of draft.addresses) state.addresses.set(addressId, address);
  state.nextAddressId = draft.nextAddressId;
  return { ok: true, changed };
}
