import type { ProviderCapabilities } from "./capabilities.js";
import { listCapabilities } from "./capability-listing.js";
import type { Customer } from "./customer.js";
import { describeChanges, redactBody, REDACTED } from "./update-plan.js";

const always = { readable: true, writable: true, clearable: true, required: false };
const absent = { readable: false, writable: false, clearable: false, required: false };
const address = {
  line1: { ...always, required: true, maxLength: 50 },
  line2: always,
  line3: always,
  city: always,
  region: always,
  postalCode: always,
  country: always,
};
const contact = {
  firstName: always,
  lastName: always,
  jobTitle: always,
  departmentName: always,
  email: always,
  daytimePhone: always,
  nighttimePhone: always,
  faxNumber: always,
  mobilePhone: always,
  billingAddress: { ...always, members: address },
  shippingAddress: { ...always, members: address },
};

const TABLE: ProviderCapabilities = {
  provider: "LOANPRO",
  label: "Test",
  lengthUnit: "UTF-16 code units",
  cannotClearMessage: "no",
  fields: {
    externalId: always,
    displayName: always,
    status: always,
    customerType: always,
    firstName: always,
    middleName: always,
    lastName: always,
    companyName: always,
    contactName: always,
    email: always,
    birthDate: always,
    gender: always,
    generationCode: always,
    governmentId: { ...always, writeOnly: true },
    driverLicense: { ...always, readable: false, writeOnly: true },
    creditLimit: always,
    portalUsername: always,
    portalPassword: { ...always, readable: false, writeOnly: true },
    ofacMatch: always,
    ofacTested: always,
    defaultContact: { ...absent, note: "No contact here.", members: contact },
    primaryAddress: { ...always, members: address },
    mailingAddress: { ...always, members: address },
    billingAddress: { ...always, members: address },
    shippingAddress: { ...always, members: address },
  },
};

const current = {
  firstName: "Ada",
  email: "ada@example.test",
  governmentId: { type: "SSN", last4: "3456" },
  primaryAddress: { line1: "1 Main St", line2: null, city: "Provo", region: "UT" },
  mailingAddress: null,
} as unknown as Customer;

describe("describeChanges", () => {
  it("lists leaf changes by input path, skips unchanged values (a null on a null too), lists a new address member by member", () => {
    expect(
      describeChanges(
        {
          firstName: "Ada",
          email: "new@example.test",
          primaryAddress: { city: "Orem", region: "UT", line2: "Apt 1" },
          mailingAddress: { line1: "PO Box 1" },
          middleName: null,
        },
        current,
        TABLE,
      ),
    ).toEqual([
      { path: ["email"], before: "ada@example.test", after: "new@example.test" },
      { path: ["primaryAddress", "line2"], before: null, after: "Apt 1" },
      { path: ["primaryAddress", "city"], before: "Provo", after: "Orem" },
      { path: ["mailingAddress", "line1"], before: null, after: "PO Box 1" },
    ]);
  });

  it("masks write-only values on both sides; an unreadable one's before is not known", () => {
    const changes = describeChanges(
      {
        governmentId: { type: "SSN", number: "900123456" },
        driverLicense: "D123",
        portalPassword: null,
      },
      current,
      TABLE,
    );
    expect(changes).toEqual([
      { path: ["governmentId"], before: REDACTED, after: REDACTED },
      { path: ["driverLicense"], before: REDACTED, after: REDACTED },
      { path: ["portalPassword"], before: REDACTED, after: null },
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/900123456|D123|3456/);
  });

  it("lists a null on a whole object as one change", () => {
    expect(describeChanges({ primaryAddress: null }, current, TABLE)).toEqual([
      { path: ["primaryAddress"], before: current.primaryAddress, after: null },
    ]);
  });
});

describe("redactBody", () => {
  it("masks the named keys at any depth, keeps null, order and everything else", () => {
    const body = {
      ssn: "900123456",
      a: 1,
      nested: { accessPassword: "pw", keep: "x" },
      customerId: null,
    };
    const redacted = redactBody(body, ["ssn", "accessPassword", "customerId"]);
    expect(JSON.stringify(redacted)).toBe(
      JSON.stringify({
        ssn: REDACTED,
        a: 1,
        nested: { accessPassword: REDACTED, keep: "x" },
        customerId: null,
      }),
    );
    expect(body.ssn).toBe("900123456");
  });
});

describe("listCapabilities", () => {
  it("lists members after their object; a member of an absent object is neither readable nor writable", () => {
    const entries = listCapabilities(TABLE);
    const byPath = new Map(entries.map((entry) => [entry.field.join("."), entry]));
    expect(byPath.get("primaryAddress.line1")).toMatchObject({
      writable: true,
      required: true,
      maxLength: 50,
    });
    expect(byPath.get("defaultContact.firstName")).toMatchObject({
      readable: false,
      writable: false,
      clearable: false,
      required: false,
      note: "No contact here.",
    });
    expect(byPath.get("defaultContact.billingAddress.line1")).toMatchObject({
      writable: false,
      required: false,
    });
    const paths = entries.map((entry) => entry.field.join("."));
    expect(paths.indexOf("primaryAddress.line1")).toBe(paths.indexOf("primaryAddress") + 1);
  });
});
