/**
 * Deterministic sample customers for the SimPay simulator (no clock, no randomness): keys from
 * 48201 upward, "Northwind Bakery" at 48213 as in docs/providers/simpay.md §4/§6. The mix covers
 * billing only, shipping only, both, Canadian addresses, every ActivationStatus, contacts with
 * phones and with contact-level addresses.
 */
import type {
  SimPayAddress,
  SimPayContact,
  SimPayCustomerDetail,
} from "./simpay-simulator.wire.js";

export const SIMPAY_SEED_MERCHANT_KEY = 2001;
export const SIMPAY_FIRST_CUSTOMER_KEY = 48201;

const BUSINESSES = [
  "Acme Hardware", "Bluebird Florist", "Cedar Dental", "Delta Plumbing", "Evergreen Grocers",
  "Falcon Couriers", "Granite Fitness", "Harbor Books", "Ironwood Carpentry", "Juniper Cafe",
  "Keystone Tutoring", "Lakeside Laundry", "Nimbus Bakery", "Oakridge Vet Clinic",
  "Pinecrest Auto", "Quarry Stoneworks", "Riverbend Pharmacy", "Summit Outfitters",
  "Tidewater Marine", "Union Print Shop",
]; // prettier-ignore

const FIRST_NAMES = [
  "Ava", "Ben", "Chloe", "Daniel", "Emma", "Felix", "Grace", "Henry", "Isla", "Jack",
  "Kate", "Liam", "Lena", "Mason", "Nora", "Owen", "Piper", "Quinn", "Ruby", "Sam",
]; // prettier-ignore

const LAST_NAMES = [
  "Adams", "Brooks", "Chen", "Diaz", "Evans", "Foster", "Garcia", "Hughes", "Ito", "Jensen",
  "Khan", "Lopez", "Ortiz", "Moreau", "Nguyen", "Olsen", "Patel", "Quinlan", "Reyes", "Singh",
]; // prettier-ignore

const US_PLACES: Array<[city: string, region: string, postalCode: string]> = [
  ["Chicago", "IL", "60606"], ["Salt Lake City", "UT", "84101"], ["Austin", "TX", "78701"],
  ["Denver", "CO", "80202"], ["Portland", "OR", "97204"], ["Boston", "MA", "02108"],
  ["Atlanta", "GA", "30303"], ["Washington", "DC", "20001"], ["Phoenix", "AZ", "85004"],
]; // prettier-ignore

const CANADIAN_PLACES: Array<[city: string, region: string, postalCode: string]> = [
  ["Toronto", "ON", "M5H 2N2"], ["Vancouver", "BC", "V6B 1A1"], ["Montreal", "QC", "H2Y 1C6"],
  ["Calgary", "AB", "T2P 1J9"], ["Halifax", "NS", "B3J 1S9"],
]; // prettier-ignore

const TIMESTAMP_BASE = Date.UTC(2024, 0, 8, 14, 5, 11, 217);

/** "2024-05-02T09:15:27.4410000": zone-less, 7 fractional digits (docs/providers/simpay.md §8). */
export function formatSimPayTimestamp(epochMilliseconds: number): string {
  return `${new Date(epochMilliseconds).toISOString().slice(0, 23)}0000`;
}

function address(index: number, canadian: boolean, street: string): SimPayAddress {
  const places = canadian ? CANADIAN_PLACES : US_PLACES;
  const [city, region, postalCode] = places[index % places.length];
  return {
    StreetAddress1: `${100 + index * 7} ${street}`,
    ...(index % 4 === 0 ? { StreetAddress2: `Suite ${200 + index}` } : {}),
    City: city,
    StateOrProvinceCode: region,
    PostalCode: postalCode,
    CountryCode: canadian ? "CAN" : "USA",
  };
}

function generatedCustomer(index: number): SimPayCustomerDetail {
  const key = SIMPAY_FIRST_CUSTOMER_KEY + index;
  const first = FIRST_NAMES[index % FIRST_NAMES.length];
  const last = LAST_NAMES[(index * 3) % LAST_NAMES.length];
  const isBusiness = index % 2 === 0;
  const name = isBusiness
    ? `${BUSINESSES[index % BUSINESSES.length]} ${Math.floor(index / 20) + 1}`
    : `${first} ${last}`;
  const canadian = index % 5 === 3;
  const contact: SimPayContact = {
    FirstName: first,
    LastName: last,
    EmailAddress: `${first}.${last}@example.com`.toLowerCase(),
  };
  if (index % 3 !== 2) contact.DaytimeTelephoneNumber = `312-555-${String(1000 + index).slice(-4)}`;
  if (index % 3 === 0) contact.MobileTelephoneNumber = `773-555-${String(2000 + index).slice(-4)}`;
  if (index % 6 === 1)
    contact.NighttimeTelephoneNumber = `312-555-${String(3000 + index).slice(-4)}`;
  if (index % 7 === 0) contact.FaxNumber = `312-555-${String(4000 + index).slice(-4)}`;
  if (isBusiness) {
    contact.JobTitle = index % 4 === 0 ? "Owner" : "Office Manager";
    if (index % 8 === 0) contact.DepartmentName = "Accounts Payable";
  }
  if (index % 5 === 1) contact.BillingAddress = address(index + 1, canadian, "Contact Ave");
  if (index % 10 === 7) contact.ShippingAddress = address(index + 2, canadian, "Dock Rd");

  // Billing only, shipping only, or both (docs/providers/simpay.md §4: at least one is required).
  const addressKind = index % 3;
  const created = TIMESTAMP_BASE + index * 86_400_000 + index * 3_517;
  const statuses = ["Active", "Active", "Active", "Inactive", "Active", "Pending", "Active"];
  return {
    CustomerKey: key,
    CustomerID: `C-${String(1000 + index)}`,
    CustomerName: name,
    ActivationStatus: index === 39 ? "Deleted" : statuses[index % statuses.length],
    MerchantKey: SIMPAY_SEED_MERCHANT_KEY,
    CreationTimestamp: formatSimPayTimestamp(created),
    LastUpdateTimestamp: formatSimPayTimestamp(created + (index % 4) * 3_600_000),
    DefaultContact: contact,
    ...(addressKind !== 1 ? { BillingAddress: address(index, canadian, "Main St") } : {}),
    ...(addressKind !== 0 ? { ShippingAddress: address(index + 3, canadian, "Market St") } : {}),
  };
}

/** The Northwind Bakery record of docs/providers/simpay.md §6, verbatim. */
const NORTHWIND_BAKERY: SimPayCustomerDetail = {
  CustomerKey: 48213,
  CustomerID: "NW-0007",
  CustomerName: "Northwind Bakery",
  ActivationStatus: "Active",
  MerchantKey: SIMPAY_SEED_MERCHANT_KEY,
  CreationTimestamp: "2024-05-02T09:15:27.4410000",
  LastUpdateTimestamp: "2024-05-02T09:15:27.4410000",
  DefaultContact: {
    FirstName: "Lena",
    LastName: "Ortiz",
    EmailAddress: "lena.ortiz@example.com",
    DaytimeTelephoneNumber: "312-555-0107",
    MobileTelephoneNumber: "773-555-0199",
  },
  BillingAddress: {
    StreetAddress1: "410 W Lake St",
    City: "Chicago",
    StateOrProvinceCode: "IL",
    PostalCode: "60606",
    CountryCode: "USA",
  },
};

/**
 * People who are also LoanPro customers (loanpro.seed.ts): the same CustomerID as the LoanPro
 * record's customId links them. Ada Example has two SimPay records (48236, 48237) and one LoanPro
 * record (1001, IMP-1001); John Dow has one of each (48238 and 1002, JD-1002).
 */
const LINKED_PEOPLE: Array<{
  key: number;
  customerId: string;
  name: [first: string, last: string];
  email: string;
}> = [
  { key: 48236, customerId: "IMP-1001", name: ["Ada", "Example"], email: "ada.example@example.test" },
  { key: 48237, customerId: "IMP-1001", name: ["Ada", "Example"], email: "ada.example@example.test" },
  { key: 48238, customerId: "JD-1002", name: ["John", "Dow"], email: "john.dow@example.test" },
]; // prettier-ignore

function linkedCustomer(
  base: SimPayCustomerDetail,
  person: (typeof LINKED_PEOPLE)[number],
): SimPayCustomerDetail {
  const [first, last] = person.name;
  // A person, not a business: no job title or department.
  const {
    JobTitle: _jobTitle,
    DepartmentName: _department,
    ...contact
  } = base.DefaultContact ?? {};
  return {
    ...base,
    CustomerID: person.customerId,
    CustomerName: `${first} ${last}`,
    DefaultContact: { ...contact, FirstName: first, LastName: last, EmailAddress: person.email },
  };
}

/** 40 customers, keys 48201..48240; 48240 is Deleted. A fresh copy on every call. */
export function simPaySeedCustomers(): SimPayCustomerDetail[] {
  const customers = Array.from({ length: 40 }, (_, index) => generatedCustomer(index));
  customers[48213 - SIMPAY_FIRST_CUSTOMER_KEY] = NORTHWIND_BAKERY;
  for (const person of LINKED_PEOPLE) {
    const index = person.key - SIMPAY_FIRST_CUSTOMER_KEY;
    customers[index] = linkedCustomer(customers[index], person);
  }
  return structuredClone(customers);
}
