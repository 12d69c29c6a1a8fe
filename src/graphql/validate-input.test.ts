import {
  AddressInput,
  ContactInput,
  GovernmentIdInput,
  latestBirthDate,
  UpdateCustomerInput,
} from "./update-customer.input.js";
import { codeForConstraint, validateInput } from "./validate-input.js";

function input(fields: Partial<UpdateCustomerInput>): UpdateCustomerInput {
  return Object.assign(new UpdateCustomerInput(), { id: "loanpro:1", ...fields });
}

function address(fields: Partial<AddressInput>): AddressInput {
  return Object.assign(new AddressInput(), fields);
}

describe("validateInput", () => {
  it("accepts an input with only an id", async () => {
    expect(await validateInput(input({}))).toEqual([]);
  });

  it("accepts null on clearable fields", async () => {
    expect(
      await validateInput(input({ email: null, middleName: null, primaryAddress: null })),
    ).toEqual([]);
  });

  it("leaves text lengths to the provider's capability table, which counts as the provider does", async () => {
    // One length check per field, in the provider's unit (model/capabilities.ts): none here.
    expect(await validateInput(input({ firstName: "x".repeat(101) }))).toEqual([]);
  });

  it("reports a malformed e-mail as INVALID without echoing it", async () => {
    const errors = await validateInput(input({ email: "not-an-address-secret" }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: ["email"], code: "INVALID" });
    expect(JSON.stringify(errors)).not.toContain("not-an-address-secret");
  });

  it("reports nested address findings with the full path", async () => {
    const errors = await validateInput(
      input({
        primaryAddress: address({ region: "Utah", country: "Mexico" }),
        defaultContact: Object.assign(new ContactInput(), {
          billingAddress: address({ postalCode: "1".repeat(31) }),
        }),
      }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ["primaryAddress", "region"], code: "INVALID" }),
        expect.objectContaining({ path: ["primaryAddress", "country"], code: "INVALID" }),
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it("accepts alpha-2 and lower-case country codes", async () => {
    for (const country of ["US", "ca", "usa", "CAN"]) {
      expect(await validateInput(input({ mailingAddress: address({ country }) }))).toEqual([]);
    }
  });

  it("reports a cleared address line1 as REQUIRED, once", async () => {
    const errors = await validateInput(input({ primaryAddress: address({ line1: null }) }));
    expect(errors).toEqual([
      expect.objectContaining({ path: ["primaryAddress", "line1"], code: "REQUIRED" }),
    ]);
  });

  it("reports status OTHER as INVALID", async () => {
    const errors = await validateInput(input({ status: "OTHER" }));
    expect(errors).toEqual([expect.objectContaining({ path: ["status"], code: "INVALID" })]);
  });

  it("reports a negative credit limit as INVALID", async () => {
    const errors = await validateInput(input({ creditLimit: -1 }));
    expect(errors).toEqual([expect.objectContaining({ path: ["creditLimit"], code: "INVALID" })]);
  });

  it("reports a government id number with letters as INVALID without echoing it", async () => {
    const governmentId = Object.assign(new GovernmentIdInput(), {
      type: "SSN",
      number: "12A-45-6789",
    });
    const errors = await validateInput(input({ governmentId }));
    expect(errors).toEqual([
      expect.objectContaining({ path: ["governmentId", "number"], code: "INVALID" }),
    ]);
    expect(JSON.stringify(errors)).not.toContain("12A-45-6789");
  });

  it("reports an impossible birth date as one INVALID finding, without echoing it", async () => {
    for (const birthDate of ["1990-02-30", "2023-02-29", "1990-13-01", "1999-99-99"]) {
      const errors = await validateInput(input({ birthDate }));
      expect(errors).toEqual([
        { path: ["birthDate"], code: "INVALID", message: expect.any(String) },
      ]);
      expect(JSON.stringify(errors)).not.toContain(birthDate);
    }
  });

  it("reports a birth date before 1900 or in the future as INVALID", async () => {
    for (const birthDate of ["1899-12-31", "0001-01-01", "2999-01-01"]) {
      const errors = await validateInput(input({ birthDate }));
      expect(errors).toEqual([
        {
          path: ["birthDate"],
          code: "INVALID",
          message: "Must be a date from 1900-01-01 to today.",
        },
      ]);
    }
  });

  it("accepts a real birth date from 1900-01-01 to today, and null", async () => {
    for (const birthDate of ["1900-01-01", "2024-02-29", latestBirthDate(), null]) {
      expect(await validateInput(input({ birthDate }))).toEqual([]);
    }
  });

  it("takes today where it is already latest as the last birth date", () => {
    expect(latestBirthDate(new Date("2024-05-01T09:59:59Z"))).toBe("2024-05-01");
    expect(latestBirthDate(new Date("2024-05-01T10:00:00Z"))).toBe("2024-05-02");
  });

  it("maps constraints to codes, with INVALID for anything unlisted", () => {
    expect(codeForConstraint("maxLength")).toBe("TOO_LONG");
    expect(codeForConstraint("isNotEmpty")).toBe("REQUIRED");
    expect(codeForConstraint("isEmail")).toBe("INVALID");
  });
});
