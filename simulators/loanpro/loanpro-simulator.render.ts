/**
 * How the simulated LoanPro writes its entities on the wire (docs/providers/loanpro.md §3):
 * `__metadata` with an absolute http:// key-predicate uri, nav props as `__deferred` relative uris
 * unless expanded, `/Date(seconds)/`, 0/1 booleans, null for absent strings, `accessPassword`
 * always null.
 */
import type { StoredAddress, StoredCustomer } from "./loanpro-simulator.types.js";

export const API_PREFIX = "/api/public/api/1";

/** Single-valued nav props on Customer (docs/providers/loanpro.md §3.1, §4.1). */
const SINGLE_NAV = ["PrimaryAddress", "MailAddress", "Employer", "CreditScore"] as const;
/** Collection nav props on Customer (docs/providers/loanpro.md §3.1, §4.1). */
const COLLECTION_NAV = [
  "Phones",
  "References",
  "PaymentAccounts",
  "CustomFieldValues",
  "Documents",
  "Notes",
  "SocialProfiles",
  "Loans",
] as const;
export const NAV_PROPERTIES: ReadonlySet<string> = new Set([...SINGLE_NAV, ...COLLECTION_NAV]);

export function formatDate(seconds: number | null): string | null {
  return seconds === null ? null : `/Date(${seconds})/`;
}

export function renderAddress(address: StoredAddress, host: string): Record<string, unknown> {
  return {
    __metadata: {
      uri: `http://${host}${API_PREFIX}/odata.svc/Address(id=${address.id})`,
      type: "Entity.Address",
    },
    id: address.id,
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    state: address.state,
    zipcode: address.zipcode,
    country: address.country,
    geoLat: address.geoLat,
    geoLon: address.geoLon,
    created: formatDate(address.created),
    active: address.active,
    isVerified: address.isVerified,
    isStandardized: address.isStandardized,
  };
}

export function renderCustomer(
  customer: StoredCustomer,
  addresses: ReadonlyMap<number, StoredAddress>,
  expand: ReadonlySet<string>,
  host: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    __metadata: {
      uri: `http://${host}${API_PREFIX}/odata.svc/Customers(id=${customer.id})`,
      type: "Entity.Customer",
    },
    id: customer.id,
    customId: customer.customId,
    mcId: customer.mcId,
    customerType: customer.customerType,
    status: customer.status,
    ssn: customer.ssn,
    gender: customer.gender,
    generationCode: customer.generationCode,
    firstName: customer.firstName,
    middleName: customer.middleName,
    lastName: customer.lastName,
    birthDate: formatDate(customer.birthDate),
    driverLicense: customer.driverLicense,
    companyName: customer.companyName,
    contactName: customer.contactName,
    customerIdType: customer.customerIdType,
    customerId: customer.customerId,
    email: customer.email,
    hasAvatar: customer.hasAvatar,
    loanRole: customer.loanRole,
    created: formatDate(customer.created),
    lastUpdate: formatDate(customer.lastUpdate),
    creditLimit: customer.creditLimit,
    accessUserName: customer.accessUserName,
    // Write-only: LoanPro answers null whatever is stored (docs/providers/loanpro.md §4.2).
    accessPassword: null,
    ofacMatch: customer.ofacMatch,
    ofacTested: customer.ofacTested,
    active: customer.active,
    creditScoreId: customer.creditScoreId,
  };
  for (const nav of SINGLE_NAV) {
    if (!expand.has(nav)) {
      body[nav] = { __deferred: { uri: `Customers(id=${customer.id})/${nav}` } };
      continue;
    }
    const addressId =
      nav === "PrimaryAddress"
        ? customer.primaryAddressId
        : nav === "MailAddress"
          ? customer.mailAddressId
          : null;
    const address = addressId === null ? undefined : addresses.get(addressId);
    body[nav] = address ? renderAddress(address, host) : null;
  }
  for (const nav of COLLECTION_NAV) {
    body[nav] = expand.has(nav)
      ? { results: [] }
      : { __deferred: { uri: `Customers(id=${customer.id})/${nav}` } };
  }
  return body;
}

/**
 * Error body (a): OData-style, used for validation and transaction warnings
 * (docs/providers/loanpro.md §9.1).
 */
export function odataError(
  message: string,
  type: string,
  warnings?: string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = { error: { message, type, code: 409 } };
  if (warnings) body.warnings = warnings;
  return body;
}

/**
 * Error body (b): the "standardized" shape (docs/providers/loanpro.md §9.1), used here for 401 and
 * 404.
 */
export function standardizedError(
  status: number,
  message: string,
  uri: string,
  reason: string,
): Record<string, unknown> {
  return {
    code: `${status}-CN0001`,
    message,
    context: { ip: "127.0.0.1", uri, user_id: null, errors: [reason] },
  };
}
