import {
  mergeAddress,
  normalizeCountryCode,
  normalizeRegionCode,
  toAddressCountry,
} from "./customer.js";

describe("the one country and region normalisation", () => {
  // Formerly loanpro.codes.test.ts (normalizeCountry) and simpay.codes.test.ts (normaliseSimPayCountry).
  test("accepts alpha-3 and alpha-2 countries in any case", () => {
    expect(["USA", "us", "Us"].map(toAddressCountry)).toEqual(["USA", "USA", "USA"]);
    expect(["CAN", "ca"].map(toAddressCountry)).toEqual(["CAN", "CAN"]);
    expect(toAddressCountry("MEX")).toBeNull();
  });

  it("normalises alpha-2 and alpha-3 codes of the US and Canada to alpha-3", () => {
    expect(toAddressCountry("US")).toBe("USA");
    expect(toAddressCountry("ca")).toBe("CAN");
    expect(toAddressCountry("USA")).toBe("USA");
    expect(toAddressCountry("MEX")).toBeNull();
  });

  it("keeps an unknown country (upper case) for validation to refuse, and upper-cases regions", () => {
    expect(normalizeCountryCode(" mex ")).toBe("MEX");
    expect(normalizeCountryCode("ca")).toBe("CAN");
    expect(normalizeRegionCode(" qc")).toBe("QC");
  });
});

describe("the one address merge", () => {
  it("keeps omitted fields, sets given ones and clears null ones", () => {
    const current = {
      line1: "1 Main",
      line2: "Suite 2",
      line3: null,
      city: "Provo",
      region: "UT",
      postalCode: "84601",
      country: "USA",
    };
    expect(mergeAddress(current, { city: "Orem", line2: null })).toEqual({
      ...current,
      city: "Orem",
      line2: null,
    });
    expect(mergeAddress(null, { line1: "2 Elm" })).toEqual({ line1: "2 Elm" });
  });
});
