/**
 * SimPay (Syntch gateway, ServiceStack) request and response shapes in SimPay's own spelling:
 * PascalCase, `CustomerId` in requests but `CustomerID` in responses
 * (docs/providers/simpay.md §6, §8). Private to this folder and to the SimPay simulator; nothing
 * here reaches the model or GraphQL.
 *
 * ServiceStack omits null members, so every optional member may be missing or null
 * (docs/providers/simpay.md §6).
 */

/** Address, customer-level and contact-level (docs/providers/simpay.md §6 "Address"). */
export interface SimPayAddress {
  StreetAddress1?: string | null;
  StreetAddress2?: string | null;
  StreetAddress3?: string | null;
  City?: string | null;
  /** 2-letter US state or Canadian province code (docs/providers/simpay.md §7). */
  StateOrProvinceCode?: string | null;
  PostalCode?: string | null;
  /** ISO 3166-1 alpha-3: "USA" or "CAN" (docs/providers/simpay.md §7). */
  CountryCode?: string | null;
}

/** Contact, used for `DefaultContact` (docs/providers/simpay.md §6 "Contact"). */
export interface SimPayContact {
  FirstName?: string | null;
  LastName?: string | null;
  JobTitle?: string | null;
  DepartmentName?: string | null;
  EmailAddress?: string | null;
  DaytimeTelephoneNumber?: string | null;
  NighttimeTelephoneNumber?: string | null;
  FaxNumber?: string | null;
  MobileTelephoneNumber?: string | null;
  BillingAddress?: SimPayAddress | null;
  ShippingAddress?: SimPayAddress | null;
}

/** `Pending | Active | Inactive | Deleted` as names on the wire (docs/providers/simpay.md §7). */
export type SimPayActivationStatusName = "Pending" | "Active" | "Inactive" | "Deleted";

/**
 * GET /customers/{customerKey} and PATCH response (docs/providers/simpay.md §6 "CustomerDetail").
 */
export interface SimPayCustomerDetail {
  CustomerKey: number;
  /** Capital `ID` in responses (docs/providers/simpay.md §6). */
  CustomerID?: string | null;
  CustomerName?: string | null;
  /** A name on the wire; typed loosely because an unknown value must not break a read. */
  ActivationStatus?: string | null;
  MerchantKey?: number | null;
  /**
   * Zone-less ISO 8601 with 7 fractional digits, or `/Date(ms±hhmm)/`
   * (docs/providers/simpay.md §8).
   */
  CreationTimestamp?: string | null;
  LastUpdateTimestamp?: string | null;
  DefaultContact?: SimPayContact | null;
  BillingAddress?: SimPayAddress | null;
  ShippingAddress?: SimPayAddress | null;
}

/**
 * PATCH /customers/{customerKey} body (docs/providers/simpay.md §5, seed 004): every member
 * optional except `DefaultContact`, and at least one address; an omitted member is left unchanged.
 */
export interface SimPayPatchCustomerRequest {
  CustomerName?: string;
  /** `CustomerId` (lower-case d) in requests (docs/providers/simpay.md §6). */
  CustomerId?: string;
  /** Typed as a string (the enum name) on PATCH (docs/providers/simpay.md §5). */
  ActivationStatus?: SimPayActivationStatusName;
  DefaultContact: SimPayContact;
  BillingAddress?: SimPayAddress;
  ShippingAddress?: SimPayAddress;
}

/** ServiceStack's per-field error (docs/providers/simpay.md §9). */
export interface SimPayFieldError {
  ErrorCode?: string;
  FieldName?: string;
  Message?: string;
  Meta?: Record<string, string>;
}

/** ServiceStack's error envelope `{ "ResponseStatus": {...} }` (docs/providers/simpay.md §9). */
export interface SimPayErrorBody {
  ResponseStatus?: {
    ErrorCode?: string;
    Message?: string;
    StackTrace?: string;
    Errors?: SimPayFieldError[];
    Meta?: Record<string, string>;
  };
}

/** POST /authenticate body (docs/providers/simpay.md §2, ServiceStack credentials provider). */
export interface SimPayAuthenticateRequest {
  provider: "credentials";
  UserName: string;
  Password: string;
  RememberMe: boolean;
}

/**
 * ServiceStack AuthenticateResponse: the members SimPay fills are UNCONFIRMED
 * (docs/providers/simpay.md §2).
 */
export interface SimPayAuthenticateResponse {
  UserId?: string;
  SessionId?: string;
  UserName?: string;
  DisplayName?: string;
  BearerToken?: string;
  RefreshToken?: string;
  Roles?: string[];
  ResponseStatus?: SimPayErrorBody["ResponseStatus"];
}
