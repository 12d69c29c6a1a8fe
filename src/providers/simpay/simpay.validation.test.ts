import type { CustomerPatch } from "../../model/customer.js";
import { northwindBakery } from "./__fixtures__/northwind-bakery.fixture.js";
import { fromSimPayCustomer } from "./simpay.mappers.js";
import { validateSimPayPatch } from "./simpay.validation.js";

const current = fromSimPayCustomer(northwindBakery(), { timestampOffset: "UTC" });

function findings(patch: CustomerPatch, options?: { allowTerritories: boolean }): string[] {
  return validateSimPayPatch(patch, current, options).map(
    (error) => `${error.path.join(".")}:${error.code}`,
  );
}

describe("validateSimPayPatch", () => {
  it("accepts a patch within SimPay's rules", () => {
    expect(
      findings({
        displayName: "N".repeat(100),
        externalId: "E".repeat(50),
        email: "new@example.com",
        status: "DELETED",
        defaultContact: { firstName: "F".repeat(50), mobilePhone: "7".repeat(25) },
        billingAddress: { postalCode: "P".repeat(30), region: "WI" },
        shippingAddress: { line1: "1 Main", region: "QC", postalCode: "H2Y 1C6", country: "CA" },
      }),
    ).toEqual([]);
  });

  it("reports every over-long field as TOO_LONG at its path", () => {
    expect(
      findings({
        displayName: "N".repeat(101),
        externalId: "E".repeat(51),
        email: "e".repeat(101),
        defaultContact: {
          jobTitle: "J".repeat(51),
          faxNumber: "1".repeat(26),
          billingAddress: { city: "C".repeat(51) },
        },
        billingAddress: { line2: "L".repeat(51), postalCode: "P".repeat(31) },
      }),
    ).toEqual(
      expect.arrayContaining([
        "displayName:TOO_LONG",
        "externalId:TOO_LONG",
        "email:TOO_LONG",
        "defaultContact.jobTitle:TOO_LONG",
        "defaultContact.faxNumber:TOO_LONG",
        "defaultContact.billingAddress.city:TOO_LONG",
        "billingAddress.line2:TOO_LONG",
        "billingAddress.postalCode:TOO_LONG",
      ]),
    );
  });

  it("reports each field SimPay does not have as UNSUPPORTED_FIELD, null included", () => {
    expect(
      findings({
        firstName: "A",
        birthDate: null,
        governmentId: { type: "SSN", number: "123456789" },
        primaryAddress: {},
      }),
    ).toEqual([
      "firstName:UNSUPPORTED_FIELD",
      "birthDate:UNSUPPORTED_FIELD",
      "governmentId:UNSUPPORTED_FIELD",
      "primaryAddress:UNSUPPORTED_FIELD",
    ]);
  });

  it("reports null on a required field as REQUIRED and on any other field as UNSUPPORTED_FIELD", () => {
    expect(
      findings({
        displayName: null,
        status: null,
        externalId: null,
        email: null,
        billingAddress: { line1: null, line2: null, country: null },
        shippingAddress: null,
      }),
    ).toEqual([
      "displayName:REQUIRED",
      "externalId:UNSUPPORTED_FIELD",
      "status:REQUIRED",
      "email:UNSUPPORTED_FIELD",
      "billingAddress.line1:REQUIRED",
      "billingAddress.line2:UNSUPPORTED_FIELD",
      "billingAddress.country:REQUIRED",
      "shippingAddress:UNSUPPORTED_FIELD",
    ]);
    expect(findings({ defaultContact: null })).toEqual(["defaultContact:REQUIRED"]);
    expect(findings({ defaultContact: { lastName: null } })).toEqual([
      "defaultContact.lastName:UNSUPPORTED_FIELD",
    ]);
  });

  it("says SimPay cannot clear a field without quoting the value", () => {
    const [error] = validateSimPayPatch({ externalId: null }, current);
    expect(error.message).toBe("SimPay cannot clear this field.");
  });

  it("rejects LEAD and OTHER as statuses", () => {
    expect(findings({ status: "LEAD" })).toEqual(["status:INVALID"]);
    expect(findings({ status: "OTHER" })).toEqual(["status:INVALID"]);
  });

  it("rejects email and defaultContact.email that differ, and accepts them equal", () => {
    expect(
      findings({ email: "a@example.com", defaultContact: { email: "b@example.com" } }),
    ).toEqual(["email:INVALID"]);
    expect(
      findings({ email: "a@example.com", defaultContact: { email: "a@example.com" } }),
    ).toEqual([]);
  });

  it("checks country and region on the merged address", () => {
    expect(findings({ billingAddress: { country: "MEX" } })).toEqual([
      "billingAddress.country:INVALID",
    ]);
    expect(findings({ billingAddress: { region: "ON" } })).toEqual([
      "billingAddress.region:INVALID",
    ]);
    expect(findings({ billingAddress: { country: "CAN" } })).toEqual([
      "billingAddress.region:INVALID",
    ]);
    expect(findings({ billingAddress: { country: "CA", region: "ON" } })).toEqual([]);
  });

  it("accepts a territory only when the switch is on", () => {
    expect(findings({ billingAddress: { region: "PR" } })).toEqual([
      "billingAddress.region:INVALID",
    ]);
    expect(findings({ billingAddress: { region: "PR" } }, { allowTerritories: true })).toEqual([]);
  });

  it("requires the address fields SimPay requires on a new address", () => {
    expect(findings({ shippingAddress: { city: "Chicago" } })).toEqual([
      "shippingAddress.line1:REQUIRED",
      "shippingAddress.region:REQUIRED",
      "shippingAddress.postalCode:REQUIRED",
      "shippingAddress.country:REQUIRED",
    ]);
  });

  it("requires a billing or shipping address on the merged record", () => {
    const bare = { ...current, billingAddress: null, shippingAddress: null };
    expect(validateSimPayPatch({ displayName: "X" }, bare).map((error) => error.code)).toEqual([
      "REQUIRED",
    ]);
    expect(
      validateSimPayPatch(
        { shippingAddress: { line1: "1 Main", region: "UT", postalCode: "84101", country: "USA" } },
        bare,
      ),
    ).toEqual([]);
  });

  it("never quotes a rejected value in a message", () => {
    const secret = "Q".repeat(120);
    const errors = validateSimPayPatch(
      {
        displayName: secret,
        externalId: secret,
        billingAddress: { postalCode: secret, country: secret },
      },
      current,
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.message).not.toContain("QQQ");
  });
});
