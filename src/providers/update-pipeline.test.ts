import type { CapabilityTable, FieldCapability } from "../model/capabilities.js";
import type { AddressPatch, Customer, CustomerPatch } from "../model/customer.js";
import { customerVersion } from "../model/customer-version.js";
import { LockTimeoutError, UpstreamUnavailableError } from "../model/errors.js";
import { createLogger } from "../observability/logger.js";
import { LOANPRO_CAPABILITIES } from "./loanpro/loanpro.capabilities.js";
import { SIMPAY_CAPABILITIES } from "./simpay/simpay.capabilities.js";
import type { UpstreamResponse } from "./provider-http.js";
import {
  planUpdate,
  runUpdate,
  STALE_VERSION,
  type RunExclusive,
  type UpdatableProvider,
  type WriteRequest,
} from "./update-pipeline.js";

/** An in-memory provider: a record is its e-mail and its display name. */
function memoryProvider(record: { email: string; displayName: string } | null) {
  const sent: WriteRequest[] = [];
  let reads = 0;
  let answer: UpstreamResponse | Error = { status: 200, data: {}, headers: {} };
  const provider: UpdatableProvider<{ email: string; displayName: string }> = {
    provider: "SIMPAY",
    capabilities: SIMPAY_CAPABILITIES,
    logger: createLogger({ level: "silent" }),
    isValidProviderId: (id) => /^[1-9]\d*$/.test(id),
    read: async () => {
      reads += 1;
      return record ? { ...record } : null;
    },
    toCustomer: (wire) =>
      ({
        email: wire.email,
        displayName: wire.displayName,
        billingAddress: { line1: "1 Main" },
        shippingAddress: null,
        defaultContact: null,
      }) as unknown as Customer,
    validate: () => [],
    plan: (patch, wire, id) =>
      typeof patch.email === "string" && patch.email !== wire.email
        ? { method: "PATCH", path: `customers/${id}`, body: { Email: patch.email } }
        : null,
    send: async (request) => {
      sent.push(request);
      if (answer instanceof Error) throw answer;
      if (record && answer.status === 200) record.email = String((request.body as never)["Email"]);
      return answer;
    },
    classify: (response) =>
      response.status === 200
        ? { kind: "ok" }
        : { kind: "rejected", fieldErrors: [{ path: [], code: "CONFLICT", message: "No." }] },
  };
  return {
    provider,
    sent,
    reads: () => reads,
    answer: (next: UpstreamResponse | Error) => (answer = next),
  };
}

describe("the update pipeline", () => {
  it("plans the exact write without sending it", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const planned = await planUpdate(memory.provider, "7", { email: "b@example.com" });
    expect(planned).toMatchObject({
      kind: "planned",
      requests: [{ method: "PATCH", path: "customers/7", body: { Email: "b@example.com" } }],
    });
    expect(memory.sent).toEqual([]);
  });

  it("plans nothing when nothing changes, and sends nothing", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const result = await runUpdate(memory.provider, "7", { email: "a@example.com" });
    expect(result).toMatchObject({ userErrors: [], written: false });
    expect(memory.sent).toEqual([]);
  });

  it("writes once and reads back, inside runExclusive with the customer's key", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const keys: string[] = [];
    const runExclusive: RunExclusive = (key, fn) => {
      keys.push(key);
      return fn({ assertHeld: () => undefined });
    };
    const result = await runUpdate(
      memory.provider,
      "7",
      { email: "b@example.com" },
      {},
      { runExclusive },
    );
    expect(result).toMatchObject({ written: true, customer: { email: "b@example.com" } });
    expect(memory.sent).toHaveLength(1);
    expect(memory.reads()).toBe(2);
    expect(keys).toEqual(["simpay:7"]);
  });

  it("writes nothing when the customer's lock lapsed before the write", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const lapsed: RunExclusive = (_key, fn) =>
      fn({
        assertHeld: () => {
          throw new LockTimeoutError("lapsed");
        },
      });
    await expect(
      runUpdate(memory.provider, "7", { email: "b@example.com" }, {}, { runExclusive: lapsed }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    expect(memory.sent).toEqual([]);
  });

  it("refuses a stale expectedVersion with CONFLICT on expectedVersion and writes nothing", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const stale = await runUpdate(
      memory.provider,
      "7",
      { email: "b@example.com" },
      {
        expectedVersion: "not-the-version",
      },
    );
    expect(stale).toEqual({ customer: null, userErrors: [STALE_VERSION], written: false });
    expect(memory.sent).toEqual([]);

    const current = (await planUpdate(memory.provider, "7", {})) as { current: Customer };
    const fresh = await runUpdate(
      memory.provider,
      "7",
      { email: "b@example.com" },
      {
        expectedVersion: customerVersion(current.current),
      },
    );
    expect(fresh).toMatchObject({ userErrors: [], written: true });
    expect(memory.sent).toHaveLength(1);
  });

  it("reports every finding in one pass and writes nothing", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const result = await runUpdate(memory.provider, "7", {
      email: "e".repeat(101),
      birthDate: "1990-01-01",
      externalId: null,
    });
    expect(result.userErrors.map((error) => `${error.path.join(".")}:${error.code}`)).toEqual([
      "birthDate:UNSUPPORTED_FIELD",
      "externalId:UNSUPPORTED_FIELD",
      "email:TOO_LONG",
    ]);
    expect(memory.sent).toEqual([]);
  });

  it("joins the edge's findings with the table's without any provider request", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    const result = await runUpdate(
      memory.provider,
      "7",
      { email: "nope", birthDate: "1990-01-01" },
      { inputErrors: [{ path: ["email"], code: "INVALID", message: "Not an e-mail address." }] },
    );
    expect(result.userErrors.map((error) => `${error.path.join(".")}:${error.code}`)).toEqual([
      "email:INVALID",
      "birthDate:UNSUPPORTED_FIELD",
    ]);
    expect(memory.reads()).toBe(0);
    expect(memory.sent).toEqual([]);
  });

  it("turns a rejection into userErrors and a missing record into NOT_FOUND", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    memory.answer({ status: 409, data: {}, headers: {} });
    const rejected = await runUpdate(memory.provider, "7", { email: "b@example.com" });
    expect(rejected).toMatchObject({ customer: null, written: false });
    expect(rejected.userErrors[0].code).toBe("CONFLICT");
    const missing = await runUpdate(memoryProvider(null).provider, "7", { email: "b@x.test" });
    expect(missing.userErrors[0]).toMatchObject({ path: ["id"], code: "NOT_FOUND" });
  });

  it("settles an ambiguous failure by reading back, never by writing again", async () => {
    const memory = memoryProvider({ email: "a@example.com", displayName: "A" });
    memory.answer(new UpstreamUnavailableError("SIMPAY", { transportCode: "ECONNRESET" }));
    await expect(runUpdate(memory.provider, "7", { email: "b@example.com" })).rejects.toMatchObject(
      { code: "UPSTREAM_UNAVAILABLE", writeOutcome: "NOT_APPLIED" },
    );
    expect(memory.sent).toHaveLength(1);
    expect(memory.reads()).toBe(2);
  });
});

describe("capability tables", () => {
  it("cover every patch field in both providers, nested members included", () => {
    const keys = (table: object) => Object.keys(table).sort();
    expect(keys(LOANPRO_CAPABILITIES.fields)).toEqual(keys(SIMPAY_CAPABILITIES.fields));
    expect(keys(SIMPAY_CAPABILITIES.fields.billingAddress.members)).toEqual(
      keys(LOANPRO_CAPABILITIES.fields.primaryAddress.members),
    );
  });

  it("do not compile without a field", () => {
    const cap: FieldCapability = {
      readable: true,
      writable: true,
      clearable: true,
      required: false,
    };
    // @ts-expect-error: `country` is missing, so the table is incomplete.
    const incomplete: CapabilityTable<AddressPatch> = {
      line1: cap,
      line2: cap,
      line3: cap,
      city: cap,
      region: cap,
      postalCode: cap,
    };
    expect(Object.keys(incomplete)).toHaveLength(6);
    const patchKeys: (keyof CustomerPatch)[] = ["email"];
    expect(patchKeys.every((key) => key in SIMPAY_CAPABILITIES.fields)).toBe(true);
  });
});
