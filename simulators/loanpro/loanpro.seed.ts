/**
 * The built-in LoanPro seed: deterministic sample customers (fixed ids, fixed timestamps, no
 * clock, no randomness). Ids start at 1001, address ids at 5001. SSNs are fake (900-series
 * numbers are never issued). Linked people (the same `customId` as a SimPay `CustomerID`): 1001
 * Ada Example (IMP-1001, two SimPay records) and 1002 John Dow (JD-1002).
 */
import type { SeedCustomer, StoredAddress } from "./loanpro-simulator.types.js";

/** 2024-01-02T03:04:05Z; every seed record is created then. */
const SEED_CREATED = 1704164645;
/** 2024-06-01T00:00:00Z; the last update of every seed record. */
const SEED_LAST_UPDATE = 1717200000;

/** Midnight UTC of a calendar date, in seconds (docs/providers/loanpro.md §3.2). */
function day(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 1000;
}

function address(
  id: number,
  fields: Partial<StoredAddress> & Pick<StoredAddress, "address1" | "city" | "state">,
): StoredAddress {
  return {
    id,
    address2: null,
    zipcode: null,
    country: "company.country.usa",
    geoLat: null,
    geoLon: null,
    created: SEED_CREATED,
    active: 1,
    isVerified: 0,
    isStandardized: 0,
    ...fields,
  };
}

function individual(
  id: number,
  fields: Partial<SeedCustomer> & Pick<SeedCustomer, "firstName" | "lastName" | "email">,
): SeedCustomer {
  return {
    id,
    customId: null,
    mcId: 9000 + id,
    customerType: "customer.type.individual",
    status: "Active",
    middleName: null,
    birthDate: null,
    gender: "customer.gender.unknown",
    generationCode: "customer.generationCode.none",
    ssn: null,
    driverLicense: null,
    companyName: null,
    contactName: null,
    customerIdType: "customer.idType.ssn",
    customerId: null,
    creditLimit: 0,
    accessUserName: null,
    accessPassword: null,
    active: 1,
    ofacMatch: 0,
    ofacTested: 0,
    hasAvatar: 0,
    loanRole: null,
    created: SEED_CREATED,
    lastUpdate: SEED_LAST_UPDATE,
    creditScoreId: null,
    PrimaryAddress: null,
    MailAddress: null,
    ...fields,
  };
}

const HANDWRITTEN: SeedCustomer[] = [
  individual(1001, {
    firstName: "Ada",
    middleName: "M",
    lastName: "Example",
    email: "ada.example@example.test",
    // Linked: SimPay 48236 and 48237 carry the same CustomerID (simpay.seed.ts, LINKED_PEOPLE).
    customId: "IMP-1001",
    birthDate: day("1988-04-12"),
    gender: "customer.gender.female",
    ssn: "900123456",
    driverLicense: "UT1234567",
    accessUserName: "ada.example",
    ofacTested: 1,
    PrimaryAddress: address(5001, {
      address1: "10 Test Way",
      address2: "Apt 4",
      city: "Provo",
      state: "geo.state.UT",
      zipcode: "84601",
    }),
    MailAddress: address(5002, {
      address1: "PO Box 17",
      city: "Provo",
      state: "geo.state.UT",
      zipcode: "84603",
    }),
  }),
  individual(1002, {
    firstName: "John",
    lastName: "Dow",
    email: "john.dow@example.test",
    // Linked: SimPay 48238 carries the same CustomerID (simpay.seed.ts, LINKED_PEOPLE).
    customId: "JD-1002",
    birthDate: day("1990-01-01"),
    gender: "customer.gender.male",
    generationCode: "customer.generationCode.jr",
    ssn: "900654321",
    PrimaryAddress: address(5003, {
      address1: "22 New St",
      city: "Orem",
      state: "geo.state.UT",
      zipcode: "84057",
    }),
    MailAddress: address(5004, {
      address1: "22 New St",
      city: "Orem",
      state: "geo.state.UT",
      zipcode: "84057",
    }),
  }),
  {
    ...individual(1003, { firstName: null, lastName: null, email: "ap@acme-widgets.example.test" }),
    customerType: "customer.type.company",
    companyName: "Acme Widgets LLC",
    contactName: "Wile Coyote",
    customerIdType: "customer.idType.employerNumber",
    customerId: "900112233",
    gender: null,
    generationCode: null,
    PrimaryAddress: address(5005, {
      address1: "1 Industrial Pkwy",
      city: "Salt Lake City",
      state: "geo.state.UT",
      zipcode: "84101",
    }),
    MailAddress: address(5006, {
      address1: "1 Industrial Pkwy",
      address2: "Suite 200",
      city: "Salt Lake City",
      state: "geo.state.UT",
      zipcode: "84101",
    }),
  },
  {
    ...individual(1004, {
      firstName: null,
      lastName: null,
      email: "floor@maple-motors.example.test",
    }),
    customerType: "customer.type.flooringCustomer",
    companyName: "Maple Motors Inc",
    contactName: "Dana Floor",
    customerIdType: "customer.idType.employerNumber",
    customerId: "900445566",
    creditLimit: 250000,
    gender: null,
    generationCode: null,
    PrimaryAddress: address(5007, {
      address1: "400 Dealer Row",
      city: "Boise",
      state: "geo.state.ID",
      zipcode: "83702",
    }),
    MailAddress: address(5008, {
      address1: "400 Dealer Row",
      city: "Boise",
      state: "geo.state.ID",
      zipcode: "83702",
    }),
  },
  individual(1005, {
    firstName: "Camille",
    lastName: "Tremblay",
    email: "camille.tremblay@example.test",
    customerIdType: "customer.idType.sin",
    customerId: "900765432",
    gender: "customer.gender.female",
    PrimaryAddress: address(5009, {
      address1: "55 King St W",
      city: "Toronto",
      state: "geo.province.ON",
      zipcode: "M5K 1A1",
      country: "company.country.can",
    }),
    MailAddress: address(5010, {
      address1: "55 King St W",
      city: "Toronto",
      state: "geo.province.ON",
      zipcode: "M5K 1A1",
      country: "company.country.can",
    }),
  }),
  individual(1006, {
    firstName: "Marcus",
    lastName: "Overdue",
    email: "marcus.overdue@example.test",
    status: "Collections",
    ssn: "900222333",
    gender: "customer.gender.male",
    PrimaryAddress: address(5011, {
      address1: "9 Late Ln",
      city: "Ogden",
      state: "geo.state.UT",
      zipcode: "84401",
    }),
    MailAddress: address(5012, {
      address1: "9 Late Ln",
      city: "Ogden",
      state: "geo.state.UT",
      zipcode: "84401",
    }),
  }),
  individual(1007, {
    firstName: "Nora",
    lastName: "Nomail",
    email: "nora.nomail@example.test",
    status: "Lead",
    ssn: "900333444",
    PrimaryAddress: address(5013, {
      address1: "3 Single Ct",
      city: "Logan",
      state: "geo.state.UT",
      zipcode: "84321",
    }),
    MailAddress: null,
  }),
  individual(1008, {
    firstName: "Jane",
    lastName: "Doe",
    email: "jane.doe@example.test",
    ssn: "900444555",
    status: "Inactive",
    gender: "customer.gender.female",
    PrimaryAddress: address(5014, {
      address1: "77 Main St",
      city: "Denver",
      state: "geo.state.CO",
      zipcode: "80202",
    }),
    MailAddress: address(5015, {
      address1: "77 Main St",
      city: "Denver",
      state: "geo.state.CO",
      zipcode: "80202",
    }),
  }),
  individual(1009, {
    firstName: "Jon",
    lastName: "Doerr",
    email: "jon.doerr@example.test",
    ssn: "900555666",
    status: "Pending",
    PrimaryAddress: address(5016, {
      address1: "12 Elm Ave",
      city: "Reno",
      state: "geo.state.NV",
      zipcode: "89501",
    }),
    MailAddress: address(5017, {
      address1: "12 Elm Ave",
      city: "Reno",
      state: "geo.state.NV",
      zipcode: "89501",
    }),
  }),
];

const FIRST_NAMES = ["Liam", "Olivia", "Noah", "Emma", "Oliver", "Ava", "Elijah", "Sophia"];
const LAST_NAMES = ["Smith", "Johnson", "Garcia", "Miller", "Davis", "Martinez", "Lopez", "Wilson"];
const CITIES: Array<[string, string, string]> = [
  ["Phoenix", "geo.state.AZ", "85001"],
  ["Austin", "geo.state.TX", "73301"],
  ["Portland", "geo.state.OR", "97201"],
  ["Seattle", "geo.state.WA", "98101"],
];

/** 31 generated individuals (ids 1010-1040) so lists, paging and batching have volume. */
const GENERATED: SeedCustomer[] = Array.from({ length: 31 }, (_, index) => {
  const id = 1010 + index;
  const firstName = FIRST_NAMES[index % FIRST_NAMES.length];
  const lastName = LAST_NAMES[Math.floor(index / 4) % LAST_NAMES.length];
  const [city, state, zipcode] = CITIES[index % CITIES.length];
  const street = `${100 + index} Sample Rd`;
  return individual(id, {
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}.${id}@example.test`,
    ssn: `9009${String(id).padStart(5, "0")}`,
    gender: index % 2 === 0 ? "customer.gender.male" : "customer.gender.female",
    birthDate: day(`19${60 + (index % 40)}-0${1 + (index % 9)}-1${index % 10}`),
    PrimaryAddress: address(5100 + index * 2, { address1: street, city, state, zipcode }),
    MailAddress: address(5101 + index * 2, { address1: street, city, state, zipcode }),
  });
});

export const LOANPRO_SEED: readonly SeedCustomer[] = [...HANDWRITTEN, ...GENERATED];
