/**
 * The SimPay shapes the simulator serves and accepts, spelled here from docs/providers/simpay.md
 * §6 and §9 and never imported from the client (src/providers/simpay/): the simulator is an
 * independent oracle, so a wrong shape on one side fails a test instead of agreeing with itself.
 * ServiceStack omits null members, so every optional member may be missing (§6).
 */

/** §6 Address: customer-level and contact-level, the same seven members. */
export interface SimPayAddress {
  StreetAddress1?: string | null;
  StreetAddress2?: string | null;
  StreetAddress3?: string | null;
  City?: string | null;
  StateOrProvinceCode?: string | null;
  PostalCode?: string | null;
  CountryCode?: string | null;
}

/** §6 Contact, used for `DefaultContact`. */
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

/** §6 CustomerDetail: note `CustomerID` (capital ID) in responses. */
export interface SimPayCustomerDetail {
  CustomerKey: number;
  CustomerID?: string | null;
  CustomerName?: string | null;
  ActivationStatus?: string | null;
  MerchantKey?: number | null;
  CreationTimestamp?: string | null;
  LastUpdateTimestamp?: string | null;
  DefaultContact?: SimPayContact | null;
  BillingAddress?: SimPayAddress | null;
  ShippingAddress?: SimPayAddress | null;
}

/** §9 ServiceStack's per-field error inside `ResponseStatus.Errors[]`. */
export interface SimPayFieldError {
  ErrorCode?: string;
  FieldName?: string;
  Message?: string;
  Meta?: Record<string, string>;
}
