import type { Customer } from "../../model/customer.js";
import { validateLoanProPatch } from "./loanpro.validation.js";

const CURRENT = {
  primaryAddress: {
    line1: "10 Test Way",
    line2: null,
    line3: null,
    city: "Provo",
    region: "UT",
    postalCode: "84601",
    country: "USA",
  },
  mailingAddress: null,
} as unknown as Customer;

const codes = (errors: ReturnType<typeof validateLoanProPatch>) =>
  errors.map(({ path, code }) => `${path.join(".")}:${code}`);

describe("validateLoanProPatch", () => {
  test("accepts a valid patch", () => {
    expect(
      validateLoanProPatch(
        {
          email: "a@b.test",
          status: "LEAD",
          governmentId: { type: "SSN", number: "900-12-3456" },
          birthDate: "1990-01-01",
          primaryAddress: { region: "ON", country: "CA" },
          middleName: null,
        },
        CURRENT,
      ),
    ).toEqual([]);
  });

  test("refuses fields LoanPro does not have", () => {
    expect(
      codes(
        validateLoanProPatch(
          {
            displayName: "x",
            defaultContact: null,
            billingAddress: {},
            shippingAddress: {},
            primaryAddress: { line3: "x" },
          },
          CURRENT,
        ),
      ),
    ).toEqual([
      "displayName:UNSUPPORTED_FIELD",
      "defaultContact:UNSUPPORTED_FIELD",
      "billingAddress:UNSUPPORTED_FIELD",
      "shippingAddress:UNSUPPORTED_FIELD",
      "primaryAddress.line3:UNSUPPORTED_FIELD",
    ]);
  });

  test("requires e-mail, status, type and the required address fields", () => {
    expect(
      codes(
        validateLoanProPatch(
          {
            email: null,
            status: null,
            customerType: null,
            primaryAddress: { city: null },
            mailingAddress: { line1: "x" },
          },
          CURRENT,
        ),
      ),
    ).toEqual([
      "email:REQUIRED",
      "status:REQUIRED",
      "customerType:REQUIRED",
      "primaryAddress.city:REQUIRED",
      "mailingAddress.city:REQUIRED",
      "mailingAddress.region:REQUIRED",
      "mailingAddress.country:REQUIRED",
    ]);
  });

  test("validates the region against the merged address's country", () => {
    expect(codes(validateLoanProPatch({ primaryAddress: { region: "QC" } }, CURRENT))).toEqual([
      "primaryAddress.region:INVALID",
    ]);
    expect(codes(validateLoanProPatch({ primaryAddress: { country: "CAN" } }, CURRENT))).toEqual([
      "primaryAddress.country:INVALID",
    ]);
  });

  test("refuses unwritable statuses, bad ids and bad dates without echoing the value", () => {
    const errors = validateLoanProPatch(
      {
        status: "DELETED",
        governmentId: { type: "SIN", number: "12-34" },
        birthDate: "1990-13-01",
      },
      CURRENT,
    );
    expect(codes(errors)).toEqual([
      "status:INVALID",
      "governmentId.number:INVALID",
      "birthDate:INVALID",
    ]);
    expect(JSON.stringify(errors)).not.toMatch(/12-34|1990-13-01/);
  });

  test("refuses null on optional fields when null does not clear fields", () => {
    expect(
      codes(
        validateLoanProPatch({ middleName: null, primaryAddress: { postalCode: null } }, CURRENT, {
          nullClearsField: false,
        }),
      ),
    ).toEqual(["middleName:UNSUPPORTED_FIELD", "primaryAddress.postalCode:UNSUPPORTED_FIELD"]);
  });
});

describe("validateLoanProPatch on a government id type switch", () => {
  const WITH_SSN = {
    ...CURRENT,
    governmentId: { type: "SSN", last4: "3456" },
  } as unknown as Customer;
  const STRICT = { nullClearsField: false };
  const SIN = { governmentId: { type: "SIN", number: "900-76-5432" } } as const;

  test("refuses the switch when null cannot clear the old number, without echoing it", () => {
    const errors = validateLoanProPatch(SIN, WITH_SSN, STRICT);
    expect(codes(errors)).toEqual(["governmentId.type:UNSUPPORTED_FIELD"]);
    expect(errors[0].message).toMatch(/old number cannot be cleared in this configuration/);
    expect(JSON.stringify(errors)).not.toMatch(/900|765|5432|3456/);
  });

  test("accepts the switch when null clears fields, and the same type in either configuration", () => {
    expect(validateLoanProPatch(SIN, WITH_SSN, { nullClearsField: true })).toEqual([]);
    expect(
      validateLoanProPatch(
        { governmentId: { type: "SSN", number: "900-77-1234" } },
        WITH_SSN,
        STRICT,
      ),
    ).toEqual([]);
  });

  test("accepts a type for a customer with no stored number even when null cannot clear", () => {
    expect(validateLoanProPatch(SIN, { ...CURRENT, governmentId: null }, STRICT)).toEqual([]);
  });
});
