import {
  fromCountryCode,
  fromCustomerTypeCode,
  fromGenderCode,
  fromGenerationCode,
  fromIdTypeCode,
  fromRegionCode,
  fromStatusLabel,
  isRegionOf,
  normalizeGovernmentIdNumber,
  toCustomerTypeCode,
  toGenerationCode,
  toIdTypeCode,
  toRegionCode,
  toStatusLabel,
} from "./loanpro.codes.js";
import { CUSTOMER_TYPES, GENERATION_CODES, GOVERNMENT_ID_TYPES } from "../../model/customer.js";

const LABELS = { ACTIVE: "Active", INACTIVE: "Inactive", PENDING: "Pending", LEAD: "Prospect" };

describe("loanpro codes", () => {
  test("round-trips every customer type, generation code and id type", () => {
    for (const type of CUSTOMER_TYPES)
      expect(fromCustomerTypeCode(toCustomerTypeCode(type))).toBe(type);
    for (const code of GENERATION_CODES)
      expect(fromGenerationCode(toGenerationCode(code))).toBe(code);
    for (const type of GOVERNMENT_ID_TYPES) expect(fromIdTypeCode(toIdTypeCode(type))).toBe(type);
    expect(toCustomerTypeCode("FLOORING")).toBe("customer.type.flooringCustomer");
    expect(toIdTypeCode("EMPLOYER_NUMBER")).toBe("customer.idType.employerNumber");
  });

  test("returns null for values outside LoanPro's collections", () => {
    expect(fromGenderCode("customer.gender.other")).toBeNull();
    expect(fromCountryCode("company.country.mex")).toBeNull();
    expect(fromRegionCode("geo.state.ZZ")).toBeNull();
    expect(fromRegionCode("geo.province.UT")).toBeNull();
  });

  test("maps regions both ways per country, armed-forces codes included", () => {
    expect(fromRegionCode("geo.state.UT")).toBe("UT");
    expect(fromRegionCode("geo.province.ON")).toBe("ON");
    expect(toRegionCode("ut", "USA")).toBe("geo.state.UT");
    expect(toRegionCode("qc", "CAN")).toBe("geo.province.QC");
    expect(isRegionOf("AE", "USA")).toBe(true);
    expect(isRegionOf("ON", "USA")).toBe(false);
    expect(isRegionOf("UT", "CAN")).toBe(false);
  });

  test("matches status labels case-insensitively with the configured labels", () => {
    expect(fromStatusLabel("ACTIVE", LABELS)).toBe("ACTIVE");
    expect(fromStatusLabel("prospect", LABELS)).toBe("LEAD");
    expect(fromStatusLabel("Lead", LABELS)).toBe("OTHER");
    expect(fromStatusLabel(null, LABELS)).toBe("OTHER");
    expect(toStatusLabel("LEAD", LABELS)).toBe("Prospect");
    expect(toStatusLabel("OTHER", LABELS)).toBeNull();
    expect(toStatusLabel("DELETED", LABELS)).toBeNull();
  });

  test("reads labels with edge spaces, keeps each label table apart, and gives a shared label to the first status", () => {
    expect(fromStatusLabel("  active ", LABELS)).toBe("ACTIVE");
    const other = { ACTIVE: " Open ", INACTIVE: "Closed", PENDING: "Open", LEAD: "Prospect" };
    expect(fromStatusLabel("open", other)).toBe("ACTIVE");
    expect(fromStatusLabel("Active", other)).toBe("OTHER");
    expect(fromStatusLabel("Active", LABELS)).toBe("ACTIVE");
  });

  test("reads every code of each table back, and nothing else", () => {
    expect(fromGenderCode("customer.gender.female")).toBe("FEMALE");
    expect(fromCountryCode("company.country.can")).toBe("CAN");
    expect(fromIdTypeCode("customer.idType.employerNumber")).toBe("EMPLOYER_NUMBER");
    expect(fromCustomerTypeCode(null)).toBeNull();
    // Not an own key of a table: nothing inherited from Object.prototype answers.
    expect(fromGenderCode("toString")).toBeNull();
    expect(fromCustomerTypeCode("constructor")).toBeNull();
  });

  test("normalizes government id numbers to 9 digits", () => {
    expect(normalizeGovernmentIdNumber("900-12-3456")).toBe("900123456");
    expect(normalizeGovernmentIdNumber("046 454 286")).toBe("046454286");
    expect(normalizeGovernmentIdNumber("90012345")).toBeNull();
    expect(normalizeGovernmentIdNumber("90012345a")).toBeNull();
  });
});
