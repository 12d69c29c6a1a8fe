/**
 * `updateLinkedCustomers` end to end (docs/architecture.md#linked-customers): the real server over
 * both simulators, faults injected at the simulators, and every verdict checked against what the
 * simulators hold. Each case starts fresh simulators, so no case sees another's writes.
 */
import type { RecordedRequest } from "../../simulators/http-simulator.js";
import {
  UpdateCustomerOnceDocument,
  UpdateLinkedCustomersDocument,
  type UpdateLinkedCustomersMutation,
  type UpdateLinkedCustomersMutationVariables,
} from "../../src/generated/graphql.js";
import { useSimulatorStack } from "./harness.js";

/** Short, so a delayed write times out quickly. */
const DEADLINE_MS = 1_500;

const writes = (requests: readonly RecordedRequest[], method: string): RecordedRequest[] =>
  requests.filter(
    (request) => request.method === method && /Customers\(|customers\//.test(request.path),
  );

async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

type Payload = UpdateLinkedCustomersMutation["updateLinkedCustomers"];

describe("updateLinkedCustomers", () => {
  const sim = useSimulatorStack({ env: { UPSTREAM_TIMEOUT_MS: String(DEADLINE_MS) }, per: "each" });

  async function update(variables: UpdateLinkedCustomersMutationVariables): Promise<Payload> {
    const result = await sim.stack.graphql(UpdateLinkedCustomersDocument, variables);
    expect(result.body.errors).toBeUndefined();
    const payload = result.body.data?.updateLinkedCustomers;
    if (!payload) throw new Error(`no payload: ${result.raw}`);
    return payload;
  }

  const JOHN_BILLING = {
    line1: "9 Billing Way",
    city: "Orem",
    region: "UT",
    postalCode: "84057",
    country: "USA",
  };

  it("changes e-mail and address of a linked pair: one PUT, one PATCH, both read back new", async () => {
    const payload = await update({
      input: {
        id: "simpay:48238",
        email: "john.new@example.test",
        primaryAddress: { line1: "1 New Rd" },
        billingAddress: JOHN_BILLING,
      },
    });
    expect(payload.userErrors).toEqual([]);
    expect(payload.results.map((result) => [result.customer?.id, result.outcome])).toEqual([
      ["loanpro:1002", "APPLIED"],
      ["simpay:48238", "APPLIED"],
    ]);
    expect(payload.results[0].skippedFields).toEqual([["billingAddress"]]);
    expect(payload.results[1].skippedFields).toEqual([["primaryAddress"]]);
    expect(payload.consistent).toBe(true);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(1);
    expect(writes(sim.simpay.requests, "PATCH")).toHaveLength(1);
    expect(sim.loanpro.customer(1002)?.email).toBe("john.new@example.test");
    expect(sim.loanpro.customer(1002)?.PrimaryAddress?.address1).toBe("1 New Rd");
    expect(sim.simpay.customer(48238)?.DefaultContact?.EmailAddress).toBe("john.new@example.test");
    expect(sim.simpay.customer(48238)?.BillingAddress?.StreetAddress1).toBe("9 Billing Way");
  });

  it("answers UNSUPPORTED_FIELD for a field no linked record's provider has, and writes nothing", async () => {
    // loanpro:1003 has no external id: it is the only record, and LoanPro has no defaultContact.
    const payload = await update({
      input: {
        id: "loanpro:1003",
        email: "only.loanpro@example.test",
        defaultContact: { jobTitle: "Baker" },
      },
    });
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "defaultContact"], code: "UNSUPPORTED_FIELD" }),
    ]);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(0);
    expect(writes(sim.simpay.requests, "PATCH")).toHaveLength(0);
  });

  it("writes only the records still linked once their locks are held", async () => {
    // An update of the SimPay record takes its external id away, slowly (its PATCH takes 1 s),
    // and holds that record's lock meanwhile.
    sim.simpay.inject({ method: "PATCH", path: "/customers/48238", delayMs: 1_000 });
    const unlinking = sim.stack.graphql(UpdateCustomerOnceDocument, {
      input: { id: "simpay:48238", externalId: "JD-OTHER" },
    });
    expect(await eventually(() => writes(sim.simpay.requests, "PATCH").length === 1, 5_000)).toBe(
      true,
    );
    // The linked update starts while the pair is still linked: its lookup finds both records.
    const payload = await update({ input: { id: "loanpro:1002", email: "john.new@example.test" } });
    const unlinked = await unlinking;
    expect(unlinked.body.data?.updateCustomer.customer?.externalId).toBe("JD-OTHER");
    // Under the locks the SimPay record is no longer John's: only the LoanPro one is written.
    expect(payload.userErrors).toEqual([]);
    expect(payload.results.map((result) => [result.customer?.id, result.outcome])).toEqual([
      ["loanpro:1002", "APPLIED"],
    ]);
    expect(writes(sim.simpay.requests, "PATCH")).toHaveLength(1);
    expect(sim.simpay.customer(48238)?.DefaultContact?.EmailAddress).toBe("john.dow@example.test");
    expect(sim.loanpro.customer(1002)?.email).toBe("john.new@example.test");
  });

  it.each([
    ["LoanPro's", { primaryAddress: { region: "ZZ" } }, ["input", "primaryAddress", "region"]],
    [
      "SimPay's",
      { billingAddress: { ...JOHN_BILLING, region: "ZZ" } },
      ["input", "billingAddress", "region"],
    ],
  ])("a finding on %s record writes nothing anywhere", async (_name, fields, path) => {
    const payload = await update({
      input: { id: "loanpro:1002", email: "john.new@example.test", ...fields },
    });
    expect(payload.userErrors).toEqual([expect.objectContaining({ field: path })]);
    expect(payload.results.every((result) => result.outcome === "NOT_APPLIED")).toBe(true);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(0);
    expect(writes(sim.simpay.requests, "PATCH")).toHaveLength(0);
    expect(sim.loanpro.customer(1002)?.email).toBe("john.dow@example.test");
  });

  const SIMPAY_REJECTS = {
    method: "PATCH",
    path: "/customers/48238",
    status: 400,
    body: { ResponseStatus: { ErrorCode: "ArgumentException", Message: "Rejected." } },
  };

  it("SimPay rejecting after LoanPro applied, COMPENSATE: LoanPro is written back and reads back as before", async () => {
    const before = structuredClone(sim.loanpro.customer(1002));
    sim.simpay.inject(SIMPAY_REJECTS);
    const payload = await update({
      input: {
        id: "loanpro:1002",
        email: "john.new@example.test",
        primaryAddress: { line1: "1 New Rd" },
      },
    });
    expect(payload.results.map((result) => result.outcome)).toEqual(["COMPENSATED", "NOT_APPLIED"]);
    expect(payload.results[1].userErrors.length).toBeGreaterThan(0);
    expect(payload.consistent).toBe(true);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(2);
    const after = sim.loanpro.customer(1002);
    expect(after?.email).toBe(before?.email);
    expect(after?.PrimaryAddress).toEqual(before?.PrimaryAddress);
    expect(payload.results[0].customer).toMatchObject({
      email: "john.dow@example.test",
      primaryAddress: { line1: "22 New St" },
    });
  });

  it("SimPay rejecting after LoanPro applied, KEEP: LoanPro keeps the new values, not consistent", async () => {
    sim.simpay.inject(SIMPAY_REJECTS);
    const payload = await update({
      input: { id: "loanpro:1002", email: "john.new@example.test" },
      onPartialFailure: "KEEP",
    });
    expect(payload.results.map((result) => result.outcome)).toEqual(["APPLIED", "NOT_APPLIED"]);
    expect(payload.consistent).toBe(false);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(1);
    expect(sim.loanpro.customer(1002)?.email).toBe("john.new@example.test");
    expect(sim.simpay.customer(48238)?.DefaultContact?.EmailAddress).toBe("john.dow@example.test");
  });

  it("SimPay timing out while it applies: UNKNOWN, LoanPro not written back, not consistent", async () => {
    sim.simpay.inject({ method: "PATCH", path: "/customers/48238", delayMs: DEADLINE_MS * 2 });
    const payload = await update({
      input: { id: "loanpro:1002", email: "john.new@example.test" },
    });
    expect(payload.results.map((result) => result.outcome)).toEqual(["APPLIED", "UNKNOWN"]);
    expect(payload.results[1].error).toEqual({ code: "UPSTREAM_TIMEOUT", retryable: false });
    expect(payload.consistent).toBe(false);
    // Not compensated blindly: the SimPay write lands later, and both then hold the new e-mail.
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(1);
    expect(
      await eventually(
        () => sim.simpay.customer(48238)?.DefaultContact?.EmailAddress === "john.new@example.test",
        DEADLINE_MS * 4,
      ),
    ).toBe(true);
    expect(sim.loanpro.customer(1002)?.email).toBe("john.new@example.test");
  });

  it("compensation failing: the outcomes say which record holds what", async () => {
    // Ada: loanpro:1001, simpay:48236, simpay:48237. The last one refuses; writing LoanPro back
    // (its second PUT) fails with 503 before LoanPro applies it.
    sim.simpay.inject({ ...SIMPAY_REJECTS, path: "/customers/48237" });
    sim.loanpro.inject({ method: "PUT", path: "Customers(1001)", skip: 1, status: 503 });
    const payload = await update({
      input: { id: "simpay:48237", email: "ada.new@example.test" },
    });
    expect(payload.results.map((result) => [result.customer?.id ?? null, result.outcome])).toEqual([
      [expect.anything(), "APPLIED"],
      ["simpay:48236", "COMPENSATED"],
      ["simpay:48237", "NOT_APPLIED"],
    ]);
    expect(payload.results[0].error).toEqual({ code: "COMPENSATION_FAILED", retryable: false });
    expect(payload.consistent).toBe(false);
    expect(sim.loanpro.customer(1001)?.email).toBe("ada.new@example.test");
    expect(sim.simpay.customer(48236)?.DefaultContact?.EmailAddress).toBe(
      "ada.example@example.test",
    );
    expect(sim.simpay.customer(48237)?.DefaultContact?.EmailAddress).toBe(
      "ada.example@example.test",
    );
  });

  it("a single-record update arriving during the fan-out waits for it: no lost write", async () => {
    // SimPay refuses slowly, so the fan-out is still running (LoanPro written, compensation to
    // come) when the single update of LoanPro 1002 arrives.
    sim.simpay.inject({ ...SIMPAY_REJECTS, delayMs: 600 });
    const linked = update({ input: { id: "loanpro:1002", email: "john.new@example.test" } });
    expect(await eventually(() => writes(sim.loanpro.requests, "PUT").length === 1, 5_000)).toBe(
      true,
    );
    const single = await sim.stack.graphql(
      `mutation Single($input: UpdateCustomerInput!) {
        updateCustomer(input: $input) { customer { email } userErrors { code } }
      }`,
      { input: { id: "loanpro:1002", email: "single@example.test" } },
    );
    const payload = await linked;
    expect(payload.results.map((result) => result.outcome)).toEqual(["COMPENSATED", "NOT_APPLIED"]);
    expect(payload.consistent).toBe(true);
    expect(single.body.data).toEqual({
      updateCustomer: { customer: { email: "single@example.test" }, userErrors: [] },
    });
    // The fan-out's PUT, its compensation, then the single update: never interleaved.
    const puts = writes(sim.loanpro.requests, "PUT").map(
      (request) => (request.body as { email?: string }).email,
    );
    expect(puts).toEqual(["john.new@example.test", "john.dow@example.test", "single@example.test"]);
    expect(sim.loanpro.customer(1002)?.email).toBe("single@example.test");
  });

  it("an idempotency key covers the whole fan-out", async () => {
    const variables = {
      input: { id: "loanpro:1002", email: "john.new@example.test" },
      idempotencyKey: "linked-key-1",
    };
    const first = await update(variables);
    expect(first.consistent).toBe(true);
    const again = await update(variables);
    expect(again).toEqual(first);
    // Replayed, not run again: one write per record in all.
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(1);
    expect(writes(sim.simpay.requests, "PATCH")).toHaveLength(1);
    const other = await update({
      ...variables,
      input: { ...variables.input, email: "x@example.test" },
    });
    expect(other.userErrors).toEqual([
      expect.objectContaining({ field: ["idempotencyKey"], code: "CONFLICT" }),
    ]);
    const invalid = await update({ ...variables, idempotencyKey: "" });
    expect(invalid.userErrors).toEqual([
      expect.objectContaining({ field: ["idempotencyKey"], code: "INVALID" }),
    ]);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(1);
  });

  it("expectedVersion applies to the record named by id", async () => {
    const payload = await update({
      input: { id: "simpay:48238", email: "john.new@example.test", expectedVersion: "stale" },
    });
    expect(payload.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "expectedVersion"], code: "CONFLICT" }),
    ]);
    expect(writes(sim.loanpro.requests, "PUT")).toHaveLength(0);
    expect(writes(sim.simpay.requests, "PATCH")).toHaveLength(0);
  });
});
