import type { SimPayCustomerDetail } from "../simpay.wire.js";

/**
 * docs/providers/simpay.md §6's example CustomerDetail, with phones and a contact-level address
 * added.
 */
export function northwindBakery(): SimPayCustomerDetail {
  return {
    CustomerKey: 48213,
    CustomerID: "NW-0007",
    CustomerName: "Northwind Bakery",
    ActivationStatus: "Active",
    MerchantKey: 2001,
    CreationTimestamp: "2024-05-02T09:15:27.4410000",
    LastUpdateTimestamp: "2024-05-03T10:00:00.0000000",
    DefaultContact: {
      FirstName: "Lena",
      LastName: "Ortiz",
      EmailAddress: "lena.ortiz@example.com",
      DaytimeTelephoneNumber: "312-555-0107",
      MobileTelephoneNumber: "773-555-0199",
      ShippingAddress: {
        StreetAddress1: "1 Dock Rd",
        City: "Chicago",
        StateOrProvinceCode: "IL",
        PostalCode: "60607",
        CountryCode: "USA",
      },
    },
    BillingAddress: {
      StreetAddress1: "410 W Lake St",
      City: "Chicago",
      StateOrProvinceCode: "IL",
      PostalCode: "60606",
      CountryCode: "USA",
    },
  };
}
