import { northwindBakery } from "./__fixtures__/northwind-bakery.fixture.js";
import { fromSimPayCustomer, toSimPayCustomerPatch } from "./simpay.mappers.js";

const READ = { timestampOffset: "UTC" };

describe("fromSimPayCustomer", () => {
  it("maps a CustomerDetail to the unified customer", () => {
    const customer = fromSimPayCustomer(northwindBakery(), READ);
    expect(customer).toEqual({
      id: "simpay:48213",
      provider: "SIMPAY",
      providerId: "48213",
      externalId: "NW-0007",
      displayName: "Northwind Bakery",
      status: "ACTIVE",
      statusLabel: "Active",
      customerType: null,
      firstName: null,
      middleName: null,
      lastName: null,
      companyName: null,
      contactName: null,
      email: "lena.ortiz@example.com",
      birthDate: null,
      gender: null,
      generationCode: null,
      governmentId: null,
      creditLimit: null,
      portalUsername: null,
      ofacMatch: null,
      ofacTested: null,
      defaultContact: {
        firstName: "Lena",
        lastName: "Ortiz",
        jobTitle: null,
        departmentName: null,
        email: "lena.ortiz@example.com",
        daytimePhone: "312-555-0107",
        nighttimePhone: null,
        faxNumber: null,
        mobilePhone: "773-555-0199",
        billingAddress: null,
        shippingAddress: {
          line1: "1 Dock Rd",
          line2: null,
          line3: null,
          city: "Chicago",
          region: "IL",
          postalCode: "60607",
          country: "USA",
        },
      },
      primaryAddress: null,
      mailingAddress: null,
      billingAddress: {
        line1: "410 W Lake St",
        line2: null,
        line3: null,
        city: "Chicago",
        region: "IL",
        postalCode: "60606",
        country: "USA",
      },
      shippingAddress: null,
      createdAt: new Date("2024-05-02T09:15:27.441Z"),
      updatedAt: new Date("2024-05-03T10:00:00.000Z"),
    });
  });

  it("reads missing and null nested objects alike, and an unknown status as OTHER with its label", () => {
    const wire = {
      CustomerKey: 5,
      CustomerName: "Bare",
      ActivationStatus: "Frozen",
      DefaultContact: null,
    };
    const customer = fromSimPayCustomer(wire, READ);
    expect(customer).toMatchObject({
      defaultContact: null,
      email: null,
      billingAddress: null,
      status: "OTHER",
      statusLabel: "Frozen",
      createdAt: null,
    });
  });
});

describe("fromSimPayCustomer without a CustomerName", () => {
  const nameless = () => {
    const wire = northwindBakery();
    delete wire.CustomerName;
    return wire;
  };
  const read = (wire: ReturnType<typeof northwindBakery>) => {
    const reports: Array<[string, string]> = [];
    const customer = fromSimPayCustomer(wire, {
      ...READ,
      onMissing: (field, fallback) => reports.push([field, fallback]),
    });
    return { displayName: customer.displayName, reports };
  };

  it("keeps a present CustomerName and reports nothing", () => {
    expect(read(northwindBakery())).toEqual({ displayName: "Northwind Bakery", reports: [] });
  });

  it("falls back to the contact's name, its e-mail, CustomerID, then the key, and reports which", () => {
    const wire = nameless();
    expect(read(wire)).toEqual({
      displayName: "Lena Ortiz",
      reports: [["CustomerName", "DefaultContact name"]],
    });
    wire.CustomerName = "  ";
    wire.DefaultContact = { ...wire.DefaultContact, FirstName: undefined, LastName: null };
    expect(read(wire)).toEqual({
      displayName: "lena.ortiz@example.com",
      reports: [["CustomerName", "DefaultContact.EmailAddress"]],
    });
    wire.DefaultContact = null;
    expect(read(wire)).toEqual({
      displayName: "NW-0007",
      reports: [["CustomerName", "CustomerID"]],
    });
    wire.CustomerID = null;
    expect(read(wire)).toEqual({
      displayName: "SimPay customer 48213",
      reports: [["CustomerName", "CustomerKey"]],
    });
  });

  it("never reports a customer value, and maps without a handler", () => {
    const { reports } = read(nameless());
    expect(JSON.stringify(reports)).not.toMatch(/Lena|Ortiz|lena|NW-0007|48213/);
    expect(fromSimPayCustomer(nameless(), READ).displayName).toBe("Lena Ortiz");
  });
});

describe("toSimPayCustomerPatch", () => {
  it("sends an e-mail change as the complete contact plus the current billing address", () => {
    const plan = toSimPayCustomerPatch({ email: "l.ortiz@example.com" }, northwindBakery());
    expect(plan.changed).toBe(true);
    expect(plan.body).toEqual({
      DefaultContact: {
        FirstName: "Lena",
        LastName: "Ortiz",
        EmailAddress: "l.ortiz@example.com",
        DaytimeTelephoneNumber: "312-555-0107",
        MobileTelephoneNumber: "773-555-0199",
        ShippingAddress: northwindBakery().DefaultContact?.ShippingAddress,
      },
      BillingAddress: northwindBakery().BillingAddress,
    });
  });

  it("sends name, external id and status by their SimPay names when they change", () => {
    const plan = toSimPayCustomerPatch(
      { displayName: "Northwind", externalId: "NW-8", status: "INACTIVE" },
      northwindBakery(),
    );
    expect(plan.body).toEqual({
      CustomerName: "Northwind",
      CustomerId: "NW-8",
      ActivationStatus: "Inactive",
      DefaultContact: northwindBakery().DefaultContact,
      BillingAddress: northwindBakery().BillingAddress,
    });
  });

  it("merges a partial billing address and sends only the changed address", () => {
    const plan = toSimPayCustomerPatch(
      { billingAddress: { postalCode: "60607" } },
      northwindBakery(),
    );
    expect(plan.body.BillingAddress).toEqual({
      ...northwindBakery().BillingAddress,
      PostalCode: "60607",
    });
    expect(plan.body.ShippingAddress).toBeUndefined();
  });

  it("sends a new shipping address alone, normalising country and region", () => {
    const plan = toSimPayCustomerPatch(
      {
        shippingAddress: { line1: "9 Pier St", region: "on", postalCode: "M5H 2N2", country: "CA" },
      },
      northwindBakery(),
    );
    expect(plan.body.BillingAddress).toBeUndefined();
    expect(plan.body.ShippingAddress).toEqual({
      StreetAddress1: "9 Pier St",
      StateOrProvinceCode: "ON",
      PostalCode: "M5H 2N2",
      CountryCode: "CAN",
    });
  });

  it("falls back to the current shipping address when there is no billing address", () => {
    const current = northwindBakery();
    delete current.BillingAddress;
    current.ShippingAddress = {
      StreetAddress1: "2 Elm",
      StateOrProvinceCode: "UT",
      PostalCode: "84101",
      CountryCode: "USA",
    };
    const plan = toSimPayCustomerPatch({ displayName: "NW" }, current);
    expect(plan.body.ShippingAddress).toEqual(current.ShippingAddress);
    expect(plan.body.BillingAddress).toBeUndefined();
  });

  it("merges a contact-level address field by field inside the complete contact", () => {
    const plan = toSimPayCustomerPatch(
      { defaultContact: { shippingAddress: { city: "Evanston" } } },
      northwindBakery(),
    );
    expect(plan.body.DefaultContact.ShippingAddress).toEqual({
      ...northwindBakery().DefaultContact?.ShippingAddress,
      City: "Evanston",
    });
    expect(plan.body.DefaultContact.FirstName).toBe("Lena");
  });

  it("reports no change when every given value equals the current one", () => {
    const plan = toSimPayCustomerPatch(
      {
        displayName: "Northwind Bakery",
        externalId: "NW-0007",
        status: "ACTIVE",
        email: "lena.ortiz@example.com",
        defaultContact: { firstName: "Lena", shippingAddress: { country: "US" } },
        billingAddress: { region: "il", country: "USA" },
      },
      northwindBakery(),
    );
    expect(plan.changed).toBe(false);
  });
});

describe("fromSimPayCustomer address codes", () => {
  const withBilling = (CountryCode: string | null, StateOrProvinceCode: string | null) => {
    const wire = northwindBakery();
    wire.BillingAddress = {
      StreetAddress1: "1 Code St",
      City: "Chicago",
      PostalCode: "60606",
      CountryCode: CountryCode ?? undefined,
      StateOrProvinceCode: StateOrProvinceCode ?? undefined,
    };
    return wire;
  };
  const read = (wire: ReturnType<typeof northwindBakery>, allowTerritories = false) => {
    const reports: Array<[string, string]> = [];
    const customer = fromSimPayCustomer(wire, {
      ...READ,
      regions: { allowTerritories },
      onUnknown: (field, value) => reports.push([field, value]),
    });
    const { region, country } = customer.billingAddress ?? {};
    return { region, country, reports };
  };

  it("reads SimPay's codes in the one normalisation inputs get, reporting nothing", () => {
    expect(read(withBilling("USA", "IL"))).toEqual({ region: "IL", country: "USA", reports: [] });
    expect(read(withBilling("us", " il "))).toEqual({ region: "IL", country: "USA", reports: [] });
    expect(read(withBilling("CAN", "ON"))).toEqual({ region: "ON", country: "CAN", reports: [] });
  });

  it("reads a code outside SimPay's lists as null and reports the field and the value", () => {
    expect(read(withBilling("MEX", "JA"))).toEqual({
      region: null,
      country: null,
      reports: [
        ["BillingAddress.CountryCode", "MEX"],
        ["BillingAddress.StateOrProvinceCode", "JA"],
      ],
    });
    // A province is no region of the USA.
    expect(read(withBilling("USA", "ON"))).toEqual({
      region: null,
      country: "USA",
      reports: [["BillingAddress.StateOrProvinceCode", "ON"]],
    });
  });

  it("knows the UNCONFIRMED territories only when they are switched on", () => {
    expect(read(withBilling("USA", "PR")).region).toBeNull();
    expect(read(withBilling("USA", "PR"), true)).toEqual({
      region: "PR",
      country: "USA",
      reports: [],
    });
  });

  it("reports a contact's address under its own path", () => {
    const wire = northwindBakery();
    wire.DefaultContact = {
      ...wire.DefaultContact,
      ShippingAddress: { StreetAddress1: "2 Dock Rd", CountryCode: "XX" },
    };
    expect(read(wire).reports).toEqual([["DefaultContact.ShippingAddress.CountryCode", "XX"]]);
  });
});
