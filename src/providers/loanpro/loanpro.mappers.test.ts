import type { Customer } from "../../model/customer.js";
import fixture from "./__fixtures__/customer-expanded.json";
import { fromLoanProCustomer, toLoanProCustomerUpdate } from "./loanpro.mappers.js";
import type { LoanProCustomerWire } from "./loanpro.wire.js";

const LABELS = { ACTIVE: "Active", INACTIVE: "Inactive", PENDING: "Pending", LEAD: "Lead" };
const OPTIONS = { statusLabels: LABELS, nullClearsField: true };
const wire = fixture.d as unknown as LoanProCustomerWire;

describe("fromLoanProCustomer", () => {
  test("maps the expanded fixture body to the unified model", () => {
    const unknown: Array<[string, string]> = [];
    const customer = fromLoanProCustomer(wire, LABELS, (field, value) =>
      unknown.push([field, value]),
    );
    expect(customer).toEqual<Customer>({
      id: "loanpro:555",
      provider: "LOANPRO",
      providerId: "555",
      externalId: "IMP-555",
      displayName: "John Dow",
      status: "ACTIVE",
      statusLabel: "active",
      customerType: "INDIVIDUAL",
      firstName: "John",
      middleName: null,
      lastName: "Dow",
      companyName: null,
      contactName: null,
      email: "none@simnang.com",
      birthDate: "1990-01-01",
      gender: "MALE",
      generationCode: "JR",
      governmentId: { type: "SSN", last4: "6513" },
      creditLimit: 1500.5,
      portalUsername: "none@simnang.com",
      ofacMatch: false,
      ofacTested: true,
      defaultContact: null,
      primaryAddress: {
        line1: "22 New St",
        line2: null,
        line3: null,
        city: "Orem",
        region: "UT",
        postalCode: "840571234",
        country: "USA",
      },
      mailingAddress: {
        line1: "PO Box 9",
        line2: null,
        line3: null,
        city: "Toronto",
        region: null,
        postalCode: "M5K 1A1",
        country: "CAN",
      },
      billingAddress: null,
      shippingAddress: null,
      createdAt: new Date(1427829732 * 1000),
      updatedAt: new Date(1427829999 * 1000),
    });
    expect(unknown).toEqual([["MailAddress.state", "geo.province.ZZ"]]);
    expect(JSON.stringify(customer)).not.toContain("855616513");
    expect(JSON.stringify(customer)).not.toContain("D1234567");
  });

  test("derives the display name of a company from companyName", () => {
    const company = { ...wire, customerType: "customer.type.company", companyName: "Acme LLC" };
    expect(fromLoanProCustomer(company, LABELS).displayName).toBe("Acme LLC");
  });

  test("falls back to the e-mail, then to the id, when no name exists", () => {
    const nameless = { ...wire, firstName: null, lastName: null, middleName: null };
    expect(fromLoanProCustomer(nameless, LABELS).displayName).toBe("none@simnang.com");
    expect(fromLoanProCustomer({ ...nameless, email: null }, LABELS).displayName).toBe(
      "Customer 555",
    );
  });

  test("maps an unknown status label to OTHER, keeps the label and reports it", () => {
    const unknown: string[] = [];
    const customer = fromLoanProCustomer({ ...wire, status: "Collections" }, LABELS, (field) =>
      unknown.push(field),
    );
    expect(customer).toMatchObject({ status: "OTHER", statusLabel: "Collections" });
    expect(unknown).toContain("status");
  });

  test("maps deferred addresses and unknown collection values to null", () => {
    const customer = fromLoanProCustomer(
      {
        ...wire,
        gender: "customer.gender.other",
        customerIdType: "customer.idType.passport",
        PrimaryAddress: { __deferred: { uri: "Customers(id=555)/PrimaryAddress" } },
      },
      LABELS,
    );
    expect(customer).toMatchObject({ gender: null, governmentId: null, primaryAddress: null });
  });
});

describe("toLoanProCustomerUpdate", () => {
  test("carries only the changed fields, with the existing address tagged by __id and __update", () => {
    const plan = toLoanProCustomerUpdate(
      {
        email: "new.address@example.test",
        middleName: "Q",
        firstName: "John",
        primaryAddress: { line1: "23 New St", city: "Orem", region: "UT" },
      },
      wire,
      OPTIONS,
    );
    expect(plan).toEqual({
      changed: true,
      body: {
        __id: 555,
        __update: true,
        email: "new.address@example.test",
        middleName: "Q",
        PrimaryAddress: { __id: 2281, __update: true, address1: "23 New St" },
      },
    });
  });

  test("writes labels, collection values, dates and flags in LoanPro's spelling", () => {
    const plan = toLoanProCustomerUpdate(
      {
        status: "LEAD",
        customerType: "FLOORING",
        gender: "FEMALE",
        generationCode: "III",
        birthDate: "1991-02-03",
        ofacMatch: true,
        creditLimit: 2000,
        externalId: "NEW-1",
        portalUsername: "john",
      },
      wire,
      OPTIONS,
    );
    expect(plan.body).toEqual({
      __id: 555,
      __update: true,
      status: "Lead",
      customerType: "customer.type.flooringCustomer",
      gender: "customer.gender.female",
      generationCode: "customer.generationCode.iii",
      birthDate: "1991-02-03",
      ofacMatch: 1,
      creditLimit: 2000,
      customId: "NEW-1",
      accessUserName: "john",
    });
  });

  test("re-spells the state when the country changes with the region", () => {
    const plan = toLoanProCustomerUpdate(
      { primaryAddress: { region: "on", country: "CA" } },
      wire,
      OPTIONS,
    );
    expect(plan.body.PrimaryAddress).toEqual({
      __id: 2281,
      __update: true,
      state: "geo.province.ON",
      country: "company.country.can",
    });
  });

  test("creates a new address without markers when the customer has none", () => {
    const plan = toLoanProCustomerUpdate(
      {
        mailingAddress: {
          line1: "1 Main",
          city: "Provo",
          region: "UT",
          country: "USA",
          postalCode: "84601",
        },
      },
      { ...wire, MailAddress: null },
      OPTIONS,
    );
    expect(plan.body.MailAddress).toEqual({
      address1: "1 Main",
      city: "Provo",
      state: "geo.state.UT",
      zipcode: "84601",
      country: "company.country.usa",
    });
  });

  test("puts SSN in ssn and a SIN in customerId with their id types", () => {
    expect(
      toLoanProCustomerUpdate(
        { governmentId: { type: "SSN", number: "855-61-6513" } },
        wire,
        OPTIONS,
      ),
    ).toEqual({ changed: false, body: { __id: 555, __update: true } });
    expect(
      toLoanProCustomerUpdate(
        { governmentId: { type: "SIN", number: "046 454 286" } },
        wire,
        OPTIONS,
      ).body,
    ).toEqual({
      __id: 555,
      __update: true,
      customerId: "046454286",
      customerIdType: "customer.idType.sin",
      ssn: null,
    });
  });

  test("clears the old type's number on a government id type switch", () => {
    // SSN -> EMPLOYER_NUMBER: the SSN must not stay stored beside the new number.
    expect(
      toLoanProCustomerUpdate(
        { governmentId: { type: "EMPLOYER_NUMBER", number: "900112233" } },
        wire,
        OPTIONS,
      ).body,
    ).toEqual({
      __id: 555,
      __update: true,
      customerId: "900112233",
      customerIdType: "customer.idType.employerNumber",
      ssn: null,
    });
    // SIN -> SSN: the SIN in customerId is cleared.
    const sinHolder: LoanProCustomerWire = {
      ...wire,
      ssn: null,
      customerIdType: "customer.idType.sin",
      customerId: "046454286",
    };
    expect(
      toLoanProCustomerUpdate(
        { governmentId: { type: "SSN", number: "900-12-3456" } },
        sinHolder,
        OPTIONS,
      ).body,
    ).toEqual({
      __id: 555,
      __update: true,
      ssn: "900123456",
      customerIdType: "customer.idType.ssn",
      customerId: null,
    });
    // Without null clearing the validation refuses the switch; the mapper never sends null.
    expect(
      toLoanProCustomerUpdate({ governmentId: { type: "SIN", number: "046 454 286" } }, wire, {
        ...OPTIONS,
        nullClearsField: false,
      }).body,
    ).not.toHaveProperty("ssn");
  });

  test("compares the driver license with the stored one and sends it only when it changes", () => {
    expect(toLoanProCustomerUpdate({ driverLicense: "D1234567" }, wire, OPTIONS)).toEqual({
      changed: false,
      body: { __id: 555, __update: true },
    });
    expect(toLoanProCustomerUpdate({ driverLicense: "D7654321" }, wire, OPTIONS).body).toEqual({
      __id: 555,
      __update: true,
      driverLicense: "D7654321",
    });
    expect(toLoanProCustomerUpdate({ driverLicense: null }, wire, OPTIONS).body).toEqual({
      __id: 555,
      __update: true,
      driverLicense: null,
    });
    expect(
      toLoanProCustomerUpdate({ driverLicense: null }, { ...wire, driverLicense: null }, OPTIONS)
        .changed,
    ).toBe(false);
  });

  test("sends null to clear optional fields and always sends the write-only password", () => {
    const plan = toLoanProCustomerUpdate(
      {
        externalId: null,
        gender: null,
        portalPassword: "pw",
        primaryAddress: { postalCode: null },
      },
      wire,
      OPTIONS,
    );
    expect(plan.body).toEqual({
      __id: 555,
      __update: true,
      customId: null,
      gender: null,
      accessPassword: "pw",
      PrimaryAddress: { __id: 2281, __update: true, zipcode: null },
    });
  });

  test("reports no change when every value equals the current one", () => {
    const plan = toLoanProCustomerUpdate(
      {
        email: "none@simnang.com",
        status: "ACTIVE",
        middleName: null,
        birthDate: "1990-01-01",
        ofacTested: true,
        creditLimit: 1500.5,
        primaryAddress: { region: "ut", country: "USA", line2: null },
      },
      wire,
      OPTIONS,
    );
    expect(plan).toEqual({ changed: false, body: { __id: 555, __update: true } });
  });
});
