/**
 * `customerUpdatePlan` end to end against both simulators: a plan sends no write, its userErrors
 * are updateCustomer's, and for varied inputs per provider the planned requests are exactly the
 * requests the following updateCustomer sent (read from the simulators' request logs), with
 * write-only values masked in the plan only.
 */
import type { RecordedRequest } from "../../simulators/http-simulator.js";
import {
  PreviewCustomerUpdateDocument,
  UpdateCustomerDocument,
  type PreviewCustomerUpdateQuery,
  type UpdateCustomerInput,
} from "../../src/generated/graphql.js";
import { useSimulatorStack } from "./harness.js";

type Plan = PreviewCustomerUpdateQuery["customerUpdatePlan"];

/** LoanPro body keys holding write-only values (docs/providers/loanpro.md §4.2), listed here again. */
const SECRET_KEYS = ["ssn", "customerId", "driverLicense", "accessPassword"];
const SECRET_VALUES = ["900-41-7731", "900417731", "900-52-8842", "900528842", "D-55123-UT"];
const SECRET_VALUES_2 = ["Pw-plan-secret-1", "123-456-782", "123456782"];

const LOANPRO_CASES: UpdateCustomerInput[] = [
  { id: "loanpro:1001", firstName: "Adeline" },
  { id: "loanpro:1001", email: "adeline.plan@example.test" },
  { id: "loanpro:1002", lastName: "Planned", middleName: null },
  { id: "loanpro:1002", status: "INACTIVE" },
  { id: "loanpro:1001", primaryAddress: { city: "Orem", postalCode: "84057" } },
  { id: "loanpro:1001", mailingAddress: { line1: "77 Mail Plan Rd" } },
  {
    id: "loanpro:1004",
    primaryAddress: {
      line1: "9 New Way",
      line2: "Unit 3",
      city: "Boise",
      region: "id",
      country: "US",
    },
  },
  {
    id: "loanpro:1007",
    mailingAddress: {
      line1: "1 Brand New Mail St",
      city: "Denver",
      region: "CO",
      postalCode: "80202",
      country: "USA",
    },
  },
  { id: "loanpro:1005", governmentId: { type: "SSN", number: "900-41-7731" } },
  { id: "loanpro:1005", driverLicense: "D-55123-UT" },
  { id: "loanpro:1006", portalUsername: "plan.user.1006", portalPassword: "Pw-plan-secret-1" },
  { id: "loanpro:1006", gender: "FEMALE", generationCode: "JR" },
  { id: "loanpro:1008", creditLimit: 2500.5 },
  { id: "loanpro:1008", ofacMatch: true, ofacTested: true },
  { id: "loanpro:1009", companyName: "Plan Widgets LLC", contactName: "Pat Planner" },
  { id: "loanpro:1009", externalId: "PLAN-1009" },
  { id: "loanpro:1010", governmentId: { type: "SIN", number: "123-456-782" } },
  {
    id: "loanpro:1011",
    firstName: "Combo",
    primaryAddress: { line2: "Suite 200" },
    mailingAddress: { line2: null },
  },
  { id: "loanpro:1012", birthDate: "1980-02-29" },
  { id: "loanpro:1012", birthDate: null, externalId: null },
  { id: "loanpro:1013", governmentId: { type: "SSN", number: "900-52-8842" }, status: "PENDING" },
];

const SIMPAY_CASES: UpdateCustomerInput[] = [
  { id: "simpay:48213", displayName: "Northwind Bakery & Cafe" },
  { id: "simpay:48213", email: "orders@northwind.example" },
  { id: "simpay:48213", defaultContact: { firstName: "Lenora" } },
  {
    id: "simpay:48213",
    defaultContact: { daytimePhone: "312-555-0110", mobilePhone: "773-555-0111" },
  },
  { id: "simpay:48213", status: "INACTIVE" },
  { id: "simpay:48213", billingAddress: { city: "Evanston" } },
  { id: "simpay:48213", billingAddress: { line2: "Floor 2", postalCode: "60201" } },
  {
    id: "simpay:48201",
    shippingAddress: {
      line1: "12 Dock Plan Rd",
      city: "Gary",
      region: "IN",
      postalCode: "46402",
      country: "US",
    },
  },
  { id: "simpay:48202", externalId: "PLAN-48202" },
  { id: "simpay:48202", defaultContact: { billingAddress: { city: "Kingston" } } },
  {
    id: "simpay:48203",
    defaultContact: {
      shippingAddress: {
        line1: "3 Contact Ship Ln",
        city: "Toledo",
        region: "OH",
        postalCode: "43604",
        country: "USA",
      },
    },
  },
  { id: "simpay:48204", defaultContact: { jobTitle: "Controller", departmentName: "Finance" } },
  { id: "simpay:48204", defaultContact: { email: "controller@plan.example" } },
  { id: "simpay:48213", status: "ACTIVE" },
  {
    id: "simpay:48205",
    billingAddress: {
      line1: "200 King St W",
      city: "Toronto",
      region: "on",
      postalCode: "M5H 3T4",
      country: "CA",
    },
  },
  {
    id: "simpay:48206",
    defaultContact: { faxNumber: "312-555-0190", nighttimePhone: "312-555-0191" },
  },
  { id: "simpay:48206", defaultContact: { lastName: "Planner" } },
  {
    id: "simpay:48207",
    displayName: "Combined Plan Co",
    email: "combined@plan.example",
    billingAddress: { line1: "5 Combined Ave" },
  },
  { id: "simpay:48208", shippingAddress: { city: "Hamilton" } },
  { id: "simpay:48209", status: "PENDING" },
];

function isWrite(request: RecordedRequest): boolean {
  return request.method !== "GET" && !/\/auth/.test(request.path);
}

/** The sent body with the write-only values masked as a plan masks them. */
function masked(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(masked);
  if (typeof body !== "object" || body === null) return body;
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => [
      key,
      SECRET_KEYS.includes(key) && value !== null ? "[redacted]" : masked(value),
    ]),
  );
}

describe("customerUpdatePlan end to end", () => {
  const sim = useSimulatorStack({
    loanpro: { token: "lp-plan-token", instanceId: "lp-plan-1" },
    simpay: { username: "sp-plan-user", password: "sp-plan-pass" },
  });
  /** Non-GET requests (SimPay's login aside) either simulator received while a plan ran. */
  let writesDuringPlans = 0;
  let plansRun = 0;

  const writes = (): RecordedRequest[] => [
    ...sim.loanpro.requests.filter(isWrite),
    ...sim.simpay.requests.filter(isWrite),
  ];

  async function plan(input: UpdateCustomerInput): Promise<{ plan: Plan; raw: string }> {
    const before = writes().length;
    const result = await sim.stack.graphql(PreviewCustomerUpdateDocument, { input });
    expect(result.body.errors).toBeUndefined();
    writesDuringPlans += writes().length - before;
    plansRun += 1;
    return { plan: result.body.data!.customerUpdatePlan, raw: result.raw };
  }

  async function update(input: UpdateCustomerInput) {
    const result = await sim.stack.graphql(UpdateCustomerDocument, { input });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!.updateCustomer;
  }

  describe.each([
    ["LOANPRO", "PUT", () => LOANPRO_CASES, () => sim.loanpro],
    ["SIMPAY", "PATCH", () => SIMPAY_CASES, () => sim.simpay],
  ] as const)("%s: the plan is what the update sends", (provider, method, cases, simulator) => {
    it(`for ${provider === "LOANPRO" ? LOANPRO_CASES.length : SIMPAY_CASES.length} varied inputs, the planned requests equal the sent ones`, async () => {
      let compared = 0;
      for (const input of cases()) {
        const { plan: planned, raw } = await plan(input);
        expect({ input, userErrors: planned.userErrors }).toEqual({ input, userErrors: [] });
        expect({ input, requests: planned.requests.length }).toEqual({ input, requests: 1 });
        expect(planned.changes.length).toBeGreaterThan(0);
        for (const secret of [...SECRET_VALUES, ...SECRET_VALUES_2])
          expect(raw).not.toContain(secret);

        simulator().clearLog();
        const result = await update(input);
        expect({ input, userErrors: result.userErrors }).toEqual({ input, userErrors: [] });
        const sent = simulator().requests.filter(isWrite);
        expect(sent).toHaveLength(planned.requests.length);
        sent.forEach((request, index) => {
          const expected = planned.requests[index];
          expect(expected.provider).toBe(provider);
          expect(expected.method).toBe(method);
          expect(request.method).toBe(expected.method);
          expect(request.path.endsWith(`/${expected.path}`)).toBe(true);
          // Byte for byte: the same keys in the same order, the same values; secrets masked.
          expect(JSON.stringify(masked(request.body))).toBe(JSON.stringify(expected.body));
        });
        compared += 1;
      }
      expect(compared).toBe(cases().length);
      expect(compared).toBeGreaterThanOrEqual(20);
    });
  });

  it("masks write-only values in the plan only: the update sends the real ones", async () => {
    const input: UpdateCustomerInput = {
      id: "loanpro:1014",
      governmentId: { type: "SSN", number: "900-63-9953" },
      driverLicense: "DL-PLAN-7",
      portalPassword: "Pw-plan-secret-2",
    };
    const { plan: planned, raw } = await plan(input);
    for (const secret of ["900639953", "900-63-9953", "DL-PLAN-7", "Pw-plan-secret-2"]) {
      expect(raw).not.toContain(secret);
    }
    expect(planned.requests[0].body).toMatchObject({
      ssn: "[redacted]",
      driverLicense: "[redacted]",
      accessPassword: "[redacted]",
    });
    expect(planned.changes).toEqual(
      expect.arrayContaining([
        { field: ["governmentId"], before: "[redacted]", after: "[redacted]" },
        { field: ["driverLicense"], before: "[redacted]", after: "[redacted]" },
        { field: ["portalPassword"], before: "[redacted]", after: "[redacted]" },
      ]),
    );
    await update(input);
    const [sent] = sim.loanpro.requests.filter(isWrite);
    expect(sent.body).toMatchObject({
      ssn: "900639953",
      driverLicense: "DL-PLAN-7",
      accessPassword: "Pw-plan-secret-2",
    });
  });

  it("lists the field changes with input paths, before and after", async () => {
    const { plan: planned } = await plan({
      id: "simpay:48210",
      displayName: "Changes Listed Ltd",
      billingAddress: { city: "Oshawa" },
    });
    const current = await sim.stack.graphql(
      `query { customer(id: "simpay:48210") { displayName billingAddress { city } } }`,
    );
    const customer = (
      current.body.data as { customer: { displayName: string; billingAddress: { city: string } } }
    ).customer;
    expect(planned.changes).toEqual([
      { field: ["displayName"], before: customer.displayName, after: "Changes Listed Ltd" },
      { field: ["billingAddress", "city"], before: customer.billingAddress.city, after: "Oshawa" },
    ]);
  });

  it("plans nothing for an input that changes nothing", async () => {
    const current = await sim.stack.graphql(`query { customer(id: "loanpro:1015") { firstName } }`);
    const firstName = (current.body.data as { customer: { firstName: string } }).customer.firstName;
    const { plan: planned } = await plan({ id: "loanpro:1015", firstName });
    expect(planned).toEqual({ userErrors: [], changes: [], requests: [] });
  });

  it.each<[string, UpdateCustomerInput]>([
    ["an unknown id", { id: "loanpro:99999", firstName: "Nobody" }],
    ["a malformed id", { id: "nonsense", email: "not-an-email" }],
    ["an edge finding", { id: "loanpro:1001", email: "not-an-email" }],
    ["a field SimPay does not have", { id: "simpay:48213", birthDate: "1990-01-01" }],
    ["a SimPay length", { id: "simpay:48213", displayName: "x".repeat(101) }],
    ["a null SimPay cannot clear", { id: "simpay:48213", externalId: null }],
    ["a new address missing members", { id: "simpay:48204", shippingAddress: { city: "Reno" } }],
    ["a LoanPro address rule", { id: "loanpro:1001", primaryAddress: { region: "ZZ" } }],
    [
      "a governmentId number that is not 9 digits",
      { id: "loanpro:1001", governmentId: { type: "SSN", number: "12-34" } },
    ],
  ])(
    "answers the same userErrors as updateCustomer for %s, and nothing is written",
    async (_name, input) => {
      const { plan: planned } = await plan(input);
      const result = await update(input);
      expect(planned.userErrors.length).toBeGreaterThan(0);
      expect(planned.userErrors).toEqual(result.userErrors);
      expect(planned.changes).toEqual([]);
      expect(planned.requests).toEqual([]);
      expect(writes()).toEqual([]);
    },
  );

  it("never wrote during any plan", () => {
    // Every plan above ran through `plan()`, which counts the writes the simulators received.
    expect(plansRun).toBeGreaterThanOrEqual(50);
    expect(writesDuringPlans).toBe(0);
  });

  it("logs no write-only value, planned or sent", () => {
    const log = sim.stack.logLines.join("\n");
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [...SECRET_VALUES, ...SECRET_VALUES_2, "Pw-plan-secret-2", "DL-PLAN-7"]) {
      expect(log).not.toContain(secret);
    }
  });
});
