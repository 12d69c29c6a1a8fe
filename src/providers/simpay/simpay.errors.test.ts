import { UpstreamAuthError, UpstreamUnavailableError } from "../../model/errors.js";
import {
  fromSimPayFieldName,
  fromSimPayRejection,
  fromSimPayStatus,
  simPayWriteRejection,
} from "./simpay.errors.js";

describe("fromSimPayFieldName", () => {
  it.each([
    ["CustomerName", ["displayName"]],
    ["CustomerId", ["externalId"]],
    ["ActivationStatus", ["status"]],
    ["DefaultContact", ["defaultContact"]],
    ["DefaultContact.EmailAddress", ["defaultContact", "email"]],
    ["DefaultContact.MobileTelephoneNumber", ["defaultContact", "mobilePhone"]],
    ["BillingAddress.PostalCode", ["billingAddress", "postalCode"]],
    ["ShippingAddress.StateOrProvinceCode", ["shippingAddress", "region"]],
    ["DefaultContact.BillingAddress.StreetAddress1", ["defaultContact", "billingAddress", "line1"]],
    ["billingaddress.countrycode", ["billingAddress", "country"]],
  ])("maps %s to %j", (fieldName, path) => {
    expect(fromSimPayFieldName(fieldName)).toEqual(path);
  });

  it("keeps the known part of a path and returns [] for an unknown member", () => {
    expect(fromSimPayFieldName("BillingAddress.Latitude")).toEqual(["billingAddress"]);
    expect(fromSimPayFieldName("MerchantKey")).toEqual([]);
    expect(fromSimPayFieldName(undefined)).toEqual([]);
  });
});

describe("fromSimPayRejection", () => {
  it("turns each Errors[] entry into REJECTED_BY_PROVIDER with a fixed message", () => {
    const errors = fromSimPayRejection({
      ResponseStatus: {
        ErrorCode: "MaximumLength",
        Errors: [{ ErrorCode: "Enum", FieldName: "ActivationStatus", Message: "no 'Frozen'" }],
      },
    });
    expect(errors).toEqual([
      { path: ["status"], code: "REJECTED_BY_PROVIDER", message: "SimPay rejected this value." },
    ]);
  });

  it("reports a rejection without field errors on the whole input", () => {
    expect(fromSimPayRejection({ ResponseStatus: { ErrorCode: "ArgumentException" } })).toEqual([
      { path: [], code: "REJECTED_BY_PROVIDER", message: "SimPay rejected the update." },
    ]);
  });
});

describe("fromSimPayStatus", () => {
  it("maps 401 and 403 to UpstreamAuthError", () => {
    expect(fromSimPayStatus(401)).toBeInstanceOf(UpstreamAuthError);
    expect(fromSimPayStatus(403)).toBeInstanceOf(UpstreamAuthError);
  });

  it("maps 429 and 5xx to a retryable UpstreamUnavailableError", () => {
    for (const status of [429, 500, 503]) {
      const error = fromSimPayStatus(status);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).retryable).toBe(true);
    }
  });

  it("maps 400 and 409 on a write to a rejection, and on a read to a non-retryable failure", () => {
    expect(simPayWriteRejection(400, {})).toEqual([
      { path: [], code: "REJECTED_BY_PROVIDER", message: "SimPay rejected the update." },
    ]);
    const conflict = simPayWriteRejection(409, {}) ?? [];
    expect(conflict[0].code).toBe("CONFLICT");
    expect(simPayWriteRejection(500, {})).toBeNull();
    const read = fromSimPayStatus(400);
    expect(read).toBeInstanceOf(UpstreamUnavailableError);
    expect((read as UpstreamUnavailableError).retryable).toBe(false);
  });

  it("never carries the provider's message", () => {
    const body = {
      ResponseStatus: {
        Message: "secret detail",
        Errors: [{ FieldName: "CustomerName", Message: "secret detail" }],
      },
    };
    expect(fromSimPayStatus(500).message).not.toContain("secret detail");
    expect(JSON.stringify(simPayWriteRejection(400, body))).not.toContain("secret detail");
  });
});
