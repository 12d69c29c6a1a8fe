/**
 * Hostile text and numbers through real HTTP against both simulators (README.md "Limits on work and input"): refused
 * characters, lengths counted as each provider counts them, the `creditLimit` range and provider
 * ids past 2^53-1. Every refusal is a userError (or BAD_USER_INPUT for a read) naming the field,
 * and no provider write happens.
 */
import { useSimulatorStack } from "./harness.js";

const UPDATE = `mutation Update($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) {
    customer { id firstName creditLimit defaultContact { firstName mobilePhone } }
    userErrors { field code message }
  }
}`;
interface UpdateData {
  updateCustomer: {
    customer: {
      id: string;
      firstName: string | null;
      creditLimit: number | null;
      defaultContact: { firstName: string | null; mobilePhone: string | null } | null;
    } | null;
    userErrors: Array<{ field: string[]; code: string; message: string }>;
  };
}

const HOSTILE_TEXT: Array<[string, string]> = [
  ["NUL", "Ada\u0000"],
  ["an ANSI escape", "\u001b[31mAda"],
  ["DEL", "Ada\u007f"],
  ["a C1 control", "Ada\u0085"],
  ["a right-to-left override", "Ada\u202e"],
  ["a left-to-right isolate", "\u2066Ada"],
  ["a lone surrogate", "Ada\ud800"],
];

const emoji = (count: number) => "😀".repeat(count);

describe("hostile input", () => {
  const sim = useSimulatorStack();
  const writes = () =>
    sim.loanpro.requests.filter((request) => request.method === "PUT").length +
    sim.simpay.requests.filter((request) => request.method === "PATCH").length;

  async function update(input: Record<string, unknown>) {
    const result = await sim.stack.graphql<UpdateData>(UPDATE, { input });
    expect(result.body.errors).toBeUndefined();
    return result.body.data!.updateCustomer;
  }

  function expectRefused(
    payload: UpdateData["updateCustomer"],
    field: string[],
    code: string,
  ): void {
    expect(payload.customer).toBeNull();
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ field: ["input", ...field], code }),
    ]);
    expect(writes()).toBe(0);
  }

  it.each(HOSTILE_TEXT)(
    "refuses %s in a LoanPro firstName, writing nothing",
    async (_name, text) => {
      const before = sim.loanpro.customer(1001)?.firstName;
      const payload = await update({ id: "loanpro:1001", firstName: text });
      expectRefused(payload, ["firstName"], "INVALID");
      expect(JSON.stringify(payload)).not.toContain("Ada");
      expect(sim.loanpro.customer(1001)?.firstName).toBe(before);
    },
  );

  it.each(HOSTILE_TEXT)(
    "refuses %s in a SimPay mobilePhone, writing nothing",
    async (_name, text) => {
      const payload = await update({
        id: "simpay:48213",
        defaultContact: { mobilePhone: text.replace("Ada", "555-0100") },
      });
      expectRefused(payload, ["defaultContact", "mobilePhone"], "INVALID");
    },
  );

  it("refuses hostile text in a nested address line, writing nothing", async () => {
    const payload = await update({
      id: "loanpro:1001",
      primaryAddress: { line1: "1 Main St\u202e" },
    });
    expectRefused(payload, ["primaryAddress", "line1"], "INVALID");
  });

  it("counts LoanPro lengths in UTF-16 code units: 51 emoji are too long, 50 are written", async () => {
    expectRefused(
      await update({ id: "loanpro:1001", firstName: emoji(51) }),
      ["firstName"],
      "TOO_LONG",
    );
    const written = await update({ id: "loanpro:1001", firstName: emoji(50) });
    expect(written.userErrors).toEqual([]);
    expect(written.customer?.firstName).toBe(emoji(50));
    expect(sim.loanpro.customer(1001)?.firstName).toBe(emoji(50));
  });

  it("counts SimPay lengths in UTF-16 code units: 26 emoji are too long, 25 are written", async () => {
    expectRefused(
      await update({ id: "simpay:48213", defaultContact: { firstName: emoji(26) } }),
      ["defaultContact", "firstName"],
      "TOO_LONG",
    );
    const written = await update({ id: "simpay:48213", defaultContact: { firstName: emoji(25) } });
    // SimPay (the simulator counts as .NET does) accepts what we let through.
    expect(written.userErrors).toEqual([]);
    expect(written.customer?.defaultContact?.firstName).toBe(emoji(25));
  });

  it.each([
    ["1e308", 1e308],
    ["1e12 + 1", 1e12 + 1],
    ["-1", -1],
  ])("refuses creditLimit %s, writing nothing", async (_name, value) => {
    const before = sim.loanpro.customer(1001)?.creditLimit;
    expectRefused(
      await update({ id: "loanpro:1001", creditLimit: value }),
      ["creditLimit"],
      "INVALID",
    );
    expect(sim.loanpro.customer(1001)?.creditLimit).toBe(before);
  });

  it("writes creditLimit 1e12, the largest accepted", async () => {
    const payload = await update({ id: "loanpro:1002", creditLimit: 1e12 });
    expect(payload.userErrors).toEqual([]);
    expect(payload.customer?.creditLimit).toBe(1e12);
  });

  it("refuses loanpro:9007199254740993 instead of reading another record", async () => {
    const read = await sim.stack.graphql('{ customer(id: "loanpro:9007199254740993") { id } }');
    expect(read.body.data).toEqual({ customer: null });
    expect(read.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const entities = await sim.stack.graphql(
      `query E($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id } } }`,
      { r: [{ __typename: "Customer", id: "loanpro:9007199254740993" }] },
    );
    expect(entities.body.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const payload = await update({ id: "loanpro:9007199254740993", email: "x@example.test" });
    expectRefused(payload, ["id"], "INVALID");
    expect(sim.loanpro.requests).toEqual([]);
  });

  it("still reads the largest safe id (a LoanPro miss, not a refusal)", async () => {
    const read = await sim.stack.graphql('{ customer(id: "loanpro:9007199254740991") { id } }');
    expect(read.body).toEqual({ data: { customer: null } });
    expect(sim.loanpro.requests.length).toBeGreaterThan(0);
  });
});
