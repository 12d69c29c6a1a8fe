import {
  ProviderRejectedError,
  UpstreamAuthError,
  UpstreamUnavailableError,
} from "../../model/errors.js";
import { fromSimPayFieldName, fromSimPayRejection, fromSimPayStatus } from "./simpay.errors.js";

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
    expect(fromSimPayStatus(401, {}, "read")).toBeInstanceOf(UpstreamAuthError);
    expect(fromSimPayStatus(403, {}, "write")).toBeInstanceOf(UpstreamAuthError);
  });

  it("maps 429 and 5xx to a retryable UpstreamUnavailableError", () => {
    for (const status of [429, 500, 503]) {
      const error = fromSimPayStatus(status, {}, "read");
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).retryable).toBe(true);
    }
  });

  it("maps 400 and 409 on a write to a rejection, and on a read to a non-retryable failure", () => {
    expect(fromSimPayStatus(400, {}, "write")).toBeInstanceOf(ProviderRejectedError);
    const conflict = fromSimPayStatus(409, {}, "write") as ProviderRejectedError;
    expect(conflict.fieldErrors[0].code).toBe("CONFLICT");
    const read = fromSimPayStatus(400, {}, "read");
    expect(read).toBeInstanceOf(UpstreamUnavailableError);
    expect((read as UpstreamUnavailableError).retryable).toBe(false);
  });

  it("never carries the provider's message", () => {
    const error = fromSimPayStatus(500, { ResponseStatus: { Message: "secret detail" } }, "read");
    expect(error.message).not.toContain("secret detail");
  });
});
