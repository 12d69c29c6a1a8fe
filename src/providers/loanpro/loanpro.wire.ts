/**
 * LoanPro request/response types in LoanPro's own spelling (docs/providers/loanpro.md §3, §4.2,
 * §6, §7.2). Private to this folder: no wire type reaches the model, a resolver or an error.
 */

export interface LoanProMetadata {
  uri: string;
  type: string;
}

/** A navigation property that was not expanded (docs/providers/loanpro.md §3.1). */
export interface LoanProDeferred {
  __deferred: { uri: string };
}

/** Booleans are 0/1, sometimes strings (docs/providers/loanpro.md §3.3). */
export type LoanProFlag = 0 | 1 | "0" | "1" | boolean;

export interface LoanProAddressWire {
  __metadata?: LoanProMetadata;
  id: number;
  address1: string | null;
  address2: string | null;
  city: string | null;
  /** `geo.state.XX` or `geo.province.XX`. */
  state: string | null;
  zipcode: string | null;
  /** `company.country.usa` or `company.country.can`. */
  country: string | null;
  geoLat?: string | number | null;
  geoLon?: string | number | null;
  created?: string | null;
  active?: LoanProFlag;
  isVerified?: LoanProFlag;
  isStandardized?: LoanProFlag;
}

export interface LoanProCustomerWire {
  __metadata?: LoanProMetadata;
  id: number;
  customId: string | null;
  mcId?: number;
  customerType: string | null;
  /** The tenant's label text, e.g. "Active" (docs/providers/loanpro.md §8). */
  status: string | null;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  /** `/Date(seconds)/`. */
  birthDate: string | null;
  gender: string | null;
  generationCode: string | null;
  email: string | null;
  /** Sensitive: never leaves this folder except as `last4`. */
  ssn?: string | null;
  driverLicense?: string | null;
  companyName: string | null;
  contactName: string | null;
  customerIdType: string | null;
  /** The government id number for SIN / employer number (not the entity id). */
  customerId?: string | null;
  creditLimit: number | string | null;
  accessUserName: string | null;
  accessPassword?: null;
  active?: LoanProFlag;
  ofacMatch: LoanProFlag | null;
  ofacTested: LoanProFlag | null;
  hasAvatar?: LoanProFlag;
  loanRole?: string | null;
  created: string | null;
  lastUpdate: string | null;
  creditScoreId?: number | null;
  PrimaryAddress?: LoanProAddressWire | LoanProDeferred | null;
  MailAddress?: LoanProAddressWire | LoanProDeferred | null;
}

/** A nested address in a PUT: with `__id` + `__update` it edits, without them it ADDS (§7.1). */
export interface LoanProAddressUpdate {
  __id?: number;
  __update?: true;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  state?: string | null;
  zipcode?: string | null;
  country?: string | null;
}

/** The body of `PUT odata.svc/Customers(id)` (docs/providers/loanpro.md §6). */
export interface LoanProCustomerUpdate {
  __id: number;
  __update: true;
  customId?: string | null;
  customerType?: string;
  status?: string;
  firstName?: string | null;
  middleName?: string | null;
  lastName?: string | null;
  companyName?: string | null;
  contactName?: string | null;
  email?: string;
  /** "YYYY-MM-DD" (docs/providers/loanpro.md §3.2). */
  birthDate?: string | null;
  gender?: string | null;
  generationCode?: string | null;
  ssn?: string | null;
  customerIdType?: string;
  customerId?: string | null;
  driverLicense?: string | null;
  creditLimit?: number | null;
  accessUserName?: string | null;
  accessPassword?: string | null;
  ofacMatch?: 0 | 1 | null;
  ofacTested?: 0 | 1 | null;
  PrimaryAddress?: LoanProAddressUpdate;
  MailAddress?: LoanProAddressUpdate;
}
