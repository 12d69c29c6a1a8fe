/**
 * The simulator's stored shapes: what LoanPro holds, in LoanPro's spelling
 * (docs/providers/loanpro.md §4.2, §7.2). Dates are unix SECONDS (docs/providers/loanpro.md §3.2);
 * booleans are 0/1 (§3.3); absent strings are null.
 */

export interface StoredAddress {
  id: number;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  zipcode: string | null;
  country: string | null;
  geoLat: string | null;
  geoLon: string | null;
  created: number;
  active: 0 | 1;
  isVerified: 0 | 1;
  isStandardized: 0 | 1;
}

export interface StoredCustomer {
  id: number;
  customId: string | null;
  mcId: number;
  customerType: string;
  status: string;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  /** Seconds at midnight UTC, or null. */
  birthDate: number | null;
  gender: string | null;
  generationCode: string | null;
  email: string | null;
  ssn: string | null;
  driverLicense: string | null;
  companyName: string | null;
  contactName: string | null;
  customerIdType: string | null;
  customerId: string | null;
  creditLimit: number;
  accessUserName: string | null;
  /** Write-only: stored, never returned (docs/providers/loanpro.md §4.2). */
  accessPassword: string | null;
  active: 0 | 1;
  ofacMatch: 0 | 1;
  ofacTested: 0 | 1;
  hasAvatar: 0 | 1;
  loanRole: string | null;
  created: number;
  lastUpdate: number;
  creditScoreId: number | null;
  primaryAddressId: number | null;
  mailAddressId: number | null;
}

/** A seed entry: the customer with its addresses inline (ids included). */
export type SeedCustomer = Omit<StoredCustomer, "primaryAddressId" | "mailAddressId"> & {
  PrimaryAddress: StoredAddress | null;
  MailAddress: StoredAddress | null;
};
