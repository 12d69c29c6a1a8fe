/**
 * One writer per customer, optimistic concurrency and idempotency keys, end to end over HTTP
 * against the simulators (with provider latency, as two frontend users editing one customer
 * would meet it). Lost writes are counted from what the simulators received.
 */
import { loadConfig } from "../../src/config.js";
import {
  ListCustomerVersionsDocument,
  ReadCustomerVersionDocument,
  UpdateCustomerOnceDocument,
  type UpdateCustomerInput,
  type UpdateCustomerOnceMutation,
} from "../../src/generated/graphql.js";
import { createLogger } from "../../src/observability/logger.js";
import { createCustomerSources } from "../../src/providers/registry.js";
import type { KeyedLock } from "../../src/state/keyed-lock.js";
import { startLoanProSimulator } from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { bearer, signTestToken, TEST_JWT_SECRET } from "../security/security-stack.js";
import {
  environmentFor,
  startStack,
  useSimulatorStack,
  type StackOptions,
  type TestStack,
} from "./harness.js";

const SIMPAY_USER = { username: "sp-conc-user-4410", password: "sp-conc-password-77e1" };
const LATENCY_MS = 10;
const PAIRS = 50;

/** Stands for the code before the lock: every update runs at once. */
const NO_LOCK: KeyedLock = {
  backend: "memory",
  withLock: (_key, work) =>
    work({ signal: new AbortController().signal, assertHeld: () => undefined }),
  close: async () => undefined,
};

async function unlockedStack(options: StackOptions): Promise<TestStack> {
  const config = loadConfig(environmentFor(options));
  const logger = createLogger({ level: "silent" });
  return startStack({ ...options, sources: createCustomerSources(config, logger, NO_LOCK) });
}

type Payload = UpdateCustomerOnceMutation["updateCustomer"];

async function update(
  stack: TestStack,
  input: UpdateCustomerInput,
  idempotencyKey?: string,
): Promise<{ payload: Payload | undefined; errors: unknown; raw: string }> {
  const result = await stack.graphql(UpdateCustomerOnceDocument, { input, idempotencyKey });
  return { payload: result.body.data?.updateCustomer, errors: result.body.errors, raw: result.raw };
}

interface ContactBody {
  DefaultContact?: { FirstName?: string; MobileTelephoneNumber?: string };
}

/**
 * SimPay PATCHes carry the complete DefaultContact: a PATCH that changes one field and puts back
 * an older value of the other is a lost write. Counted over the PATCHes in the order SimPay got
 * them; also returns the last values written.
 */
function lostSimPayWrites(simulator: SimPaySimulator): {
  lost: number;
  patches: number;
  last: { firstName?: string; phone?: string };
} {
  const patches = simulator.customerRequests("PATCH").map((request) => request.body as ContactBody);
  let firstName = "Lena";
  let phone = "773-555-0199";
  let lost = 0;
  for (const body of patches) {
    const contact = body.DefaultContact ?? {};
    const nextFirst = contact.FirstName ?? firstName;
    const nextPhone = contact.MobileTelephoneNumber ?? phone;
    // Each update changes one field; the other must be what the previous write left.
    if (nextFirst !== firstName && nextPhone !== phone) lost += 1;
    firstName = nextFirst;
    phone = nextPhone;
  }
  return { lost, patches: patches.length, last: { firstName, phone } };
}

/** 50 pairs at once: pair i sets firstName "First<i>" and, separately, mobilePhone 801-555-<i>. */
async function simPayBurst(stack: TestStack, id: string): Promise<Payload[]> {
  const updates: Array<Promise<{ payload: Payload | undefined; errors: unknown }>> = [];
  for (let index = 0; index < PAIRS; index += 1) {
    const suffix = String(1000 + index);
    updates.push(update(stack, { id, defaultContact: { firstName: `First${suffix}` } }));
    updates.push(update(stack, { id, defaultContact: { mobilePhone: `801-555-${suffix}` } }));
  }
  const results = await Promise.all(updates);
  for (const result of results) expect(result.errors).toBeUndefined();
  return results.map((result) => result.payload!);
}

describe("concurrent updates of one customer", () => {
  const sim = useSimulatorStack({
    loanpro: { latencyMs: LATENCY_MS },
    simpay: { ...SIMPAY_USER, latencyMs: LATENCY_MS },
    // 100 updates of one customer queue behind each other: on a loaded machine the last waits
    // longer than the default LOCK_WAIT_MS (the bounded wait itself is tested in test/state/).
    env: { LOCK_WAIT_MS: "120000" },
  });

  it("loses SimPay contact changes without the lock (the control the next test is measured against)", async () => {
    const control = await startSimPaySimulator({ ...SIMPAY_USER, latencyMs: LATENCY_MS });
    const unlocked = await unlockedStack({ simpay: control });
    try {
      await simPayBurst(unlocked, "simpay:48213");
      const { lost, patches } = lostSimPayWrites(control);
      expect(patches).toBe(2 * PAIRS);
      expect(lost).toBeGreaterThan(0);
    } finally {
      await unlocked.close();
      await control.close();
    }
  });

  it("keeps every change of 50 concurrent pairs of SimPay contact updates: 0 lost", async () => {
    const payloads = await simPayBurst(sim.stack, "simpay:48213");
    for (const payload of payloads) expect(payload.userErrors).toEqual([]);
    const { lost, patches, last } = lostSimPayWrites(sim.simpay);
    expect(patches).toBe(2 * PAIRS);
    expect(lost).toBe(0);
    const after = await sim.stack.graphql(ReadCustomerVersionDocument, { id: "simpay:48213" });
    expect(after.body.data?.customer?.defaultContact).toMatchObject({
      firstName: last.firstName,
      mobilePhone: last.phone,
    });
  });

  it("keeps every change of 50 concurrent pairs of LoanPro updates: 0 lost", async () => {
    const updates: Array<Promise<{ payload: Payload | undefined; errors: unknown }>> = [];
    for (let index = 0; index < PAIRS; index += 1) {
      updates.push(update(sim.stack, { id: "loanpro:1002", firstName: `First${index}` }));
      updates.push(update(sim.stack, { id: "loanpro:1002", lastName: `Last${index}` }));
    }
    const results = await Promise.all(updates);
    for (const result of results) {
      expect(result.errors).toBeUndefined();
      expect(result.payload?.userErrors).toEqual([]);
    }
    // Each PUT must carry only its own change, and the record ends with the last of each.
    const puts = sim.loanpro.requests
      .filter((request) => request.method === "PUT")
      .map((request) => request.body as { firstName?: string; lastName?: string });
    expect(puts).toHaveLength(2 * PAIRS);
    let lost = 0;
    for (const body of puts) if ("firstName" in body && "lastName" in body) lost += 1;
    expect(lost).toBe(0);
    const lastFirst = puts.filter((body) => body.firstName !== undefined).at(-1)?.firstName;
    const lastLast = puts.filter((body) => body.lastName !== undefined).at(-1)?.lastName;
    expect(sim.loanpro.customer(1002)).toMatchObject({ firstName: lastFirst, lastName: lastLast });
  });

  it("does not make reads wait for a customer's update", async () => {
    // The PATCH takes 1.5 s at SimPay; a read of the same customer meanwhile answers at once.
    sim.simpay.inject({ method: "PATCH", path: "/customers/48213", delayMs: 1_500, times: 1 });
    let updateDone = false;
    const slow = update(sim.stack, {
      id: "simpay:48213",
      defaultContact: { jobTitle: "Baker" },
    }).then((result) => {
      updateDone = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the update holds the lock now
    const read = await sim.stack.graphql(ReadCustomerVersionDocument, { id: "simpay:48213" });
    expect(read.body.data?.customer?.id).toBe("simpay:48213");
    expect(updateDone).toBe(false);
    expect((await slow).payload?.userErrors).toEqual([]);
  });

  it("creates one LoanPro mailing address when two updates add one at once (two without the lock)", async () => {
    const address = {
      line1: "9 Mailing Way",
      city: "Provo",
      region: "UT",
      postalCode: "84604",
      country: "USA",
    };
    const second = { ...address, line1: "11 Mailing Way" };

    const control = await startLoanProSimulator({ latencyMs: LATENCY_MS });
    const unlocked = await unlockedStack({ loanpro: control });
    try {
      const before = control.addressCount();
      const unlockedResults = await Promise.all([
        update(unlocked, { id: "loanpro:1007", mailingAddress: address }),
        update(unlocked, { id: "loanpro:1007", mailingAddress: second }),
      ]);
      for (const result of unlockedResults) expect(result.payload?.userErrors).toEqual([]);
      expect(control.addressCount() - before).toBe(2); // one of them orphaned
    } finally {
      await unlocked.close();
      await control.close();
    }

    expect(sim.loanpro.customer(1007)?.MailAddress).toBeNull();
    const before = sim.loanpro.addressCount();
    const results = await Promise.all([
      update(sim.stack, { id: "loanpro:1007", mailingAddress: address }),
      update(sim.stack, { id: "loanpro:1007", mailingAddress: second }),
    ]);
    for (const result of results) expect(result.payload?.userErrors).toEqual([]);
    expect(sim.loanpro.addressCount() - before).toBe(1);
    expect(sim.loanpro.customer(1007)?.MailAddress).not.toBeNull();
  });
});

describe("Customer.version and expectedVersion", () => {
  const sim = useSimulatorStack({ simpay: SIMPAY_USER });

  async function versionOf(id: string): Promise<string> {
    const result = await sim.stack.graphql(ReadCustomerVersionDocument, { id });
    return result.body.data!.customer!.version;
  }

  it.each([["loanpro:1001"], ["simpay:48213"]])(
    "is the same for %s whether read by customer, customers or _entities",
    async (id) => {
      const single = await versionOf(id);
      const listed = await sim.stack.graphql(ListCustomerVersionsDocument, {
        filter: { provider: id.startsWith("loanpro") ? "LOANPRO" : "SIMPAY" },
      });
      const fromList = listed.body.data?.customers.edges.find((edge) => edge.node.id === id);
      const entities = await sim.stack.graphql<{ _entities: Array<{ version: string }> }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Customer { version } } }`,
        { representations: [{ __typename: "Customer", id }] },
      );
      expect(single).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(fromList?.node.version).toBe(single);
      expect(entities.body.data?._entities[0]?.version).toBe(single);
    },
  );

  it("refuses a stale expectedVersion with CONFLICT and writes nothing; a current one writes", async () => {
    const read = await versionOf("simpay:48213");
    const meanwhile = await update(sim.stack, {
      id: "simpay:48213",
      defaultContact: { jobTitle: "Owner" },
    });
    expect(meanwhile.payload?.userErrors).toEqual([]);
    const current = meanwhile.payload!.customer!.version;
    expect(current).not.toBe(read);
    sim.simpay.clearLog();

    const stale = await update(sim.stack, {
      id: "simpay:48213",
      defaultContact: { firstName: "Stale" },
      expectedVersion: read,
    });
    expect(stale.errors).toBeUndefined();
    expect(stale.payload).toEqual({
      customer: null,
      userErrors: [
        {
          field: ["input", "expectedVersion"],
          code: "CONFLICT",
          message: "The customer changed since this version was read; read it again and retry.",
        },
      ],
    });
    expect(sim.simpay.customerRequests("PATCH")).toHaveLength(0);
    expect(sim.simpay.customer(48213)?.DefaultContact?.FirstName).not.toBe("Stale");

    const fresh = await update(sim.stack, {
      id: "simpay:48213",
      defaultContact: { firstName: "Fresh" },
      expectedVersion: current,
    });
    expect(fresh.payload?.userErrors).toEqual([]);
    expect(fresh.payload?.customer?.defaultContact?.firstName).toBe("Fresh");
    expect(sim.simpay.customerRequests("PATCH")).toHaveLength(1);
  });

  it("refuses a stale expectedVersion on a LoanPro customer too", async () => {
    const read = await versionOf("loanpro:1003");
    await update(sim.stack, { id: "loanpro:1003", email: "ap-new@acme-widgets.example.test" });
    sim.loanpro.clearLog();
    const stale = await update(sim.stack, {
      id: "loanpro:1003",
      email: "ap-stale@acme-widgets.example.test",
      expectedVersion: read,
    });
    expect(stale.payload?.userErrors).toMatchObject([
      { field: ["input", "expectedVersion"], code: "CONFLICT" },
    ]);
    expect(sim.loanpro.requests.filter((request) => request.method === "PUT")).toHaveLength(0);
  });
});

describe("updateCustomer idempotencyKey", () => {
  let simpay: SimPaySimulator;
  let stack: TestStack;

  beforeAll(async () => {
    simpay = await startSimPaySimulator({ ...SIMPAY_USER, latencyMs: LATENCY_MS });
    stack = await startStack({ simpay });
  });

  afterAll(async () => {
    await stack.close();
    await simpay.close();
  });

  beforeEach(() => simpay.clearLog());

  it("writes once for 10 concurrent sends and a later retry of one key, with identical payloads", async () => {
    const input = { id: "simpay:48214", displayName: "Once Only Ltd" };
    const key = "form-submit-6c1f0d2e";
    const concurrent = await Promise.all(
      Array.from({ length: 10 }, () => update(stack, input, key)),
    );
    const later = await update(stack, input, key);
    const all = [...concurrent, later];
    for (const result of all) expect(result.errors).toBeUndefined();
    expect(concurrent[0]!.payload?.userErrors).toEqual([]);
    expect(concurrent[0]!.payload?.customer?.displayName).toBe("Once Only Ltd");
    const first = JSON.stringify(concurrent[0]!.payload);
    for (const result of all) expect(JSON.stringify(result.payload)).toBe(first);
    expect(simpay.customerRequests("PATCH")).toHaveLength(1);
  });

  it("answers CONFLICT on idempotencyKey for another input under a used key, and writes nothing", async () => {
    const key = "form-submit-a91b";
    const first = await update(stack, { id: "simpay:48215", displayName: "First Input" }, key);
    expect(first.payload?.userErrors).toEqual([]);
    simpay.clearLog();
    const other = await update(stack, { id: "simpay:48215", displayName: "Other Input" }, key);
    expect(other.errors).toBeUndefined();
    expect(other.payload).toEqual({
      customer: null,
      userErrors: [
        {
          field: ["idempotencyKey"],
          code: "CONFLICT",
          message: "This idempotency key was already used with a different input.",
        },
      ],
    });
    expect(simpay.customerRequests()).toHaveLength(0);
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["non-ASCII", "clé-1"],
    ["a control character", "key\n1"],
  ])("answers INVALID on idempotencyKey for a %s key and sends nothing", async (_label, key) => {
    const result = await update(stack, { id: "simpay:48216", displayName: "Never Sent" }, key);
    expect(result.errors).toBeUndefined();
    expect(result.payload).toEqual({
      customer: null,
      userErrors: [
        {
          field: ["idempotencyKey"],
          code: "INVALID",
          message: "The idempotency key must be 1 to 255 printable ASCII characters.",
        },
      ],
    });
    expect(result.raw).not.toContain(key.length > 0 ? key : "\u0000");
    expect(simpay.customerRequests()).toHaveLength(0);
  });

  it("replays a payload with userErrors, and runs again after a retryable failure that applied nothing", async () => {
    const key = "form-submit-unavailable";
    const input = { id: "simpay:48217", displayName: "After Outage" };
    // SimPay refuses the PATCH with 503: nothing applied, retryable, so the key is released.
    simpay.inject({ method: "PATCH", path: "/customers/48217", status: 503, times: 1 });
    const failed = await update(stack, input, key);
    expect(failed.errors).toMatchObject([
      { extensions: { code: "UPSTREAM_UNAVAILABLE", retryable: true } },
    ]);
    const retried = await update(stack, input, key);
    expect(retried.errors).toBeUndefined();
    expect(retried.payload?.customer?.displayName).toBe("After Outage");
    expect(simpay.customerRequests("PATCH")).toHaveLength(2);
  });

  it("replays a top-level UNKNOWN error for a retry and never sends the write again", async () => {
    const key = "form-submit-gateway-timeout";
    const input = { id: "simpay:48219", displayName: "Maybe Applied" };
    // A 504 on the PATCH: SimPay may still apply it, so a retry must not send it a second time.
    simpay.inject({ method: "PATCH", path: "/customers/48219", status: 504, times: 1 });
    const first = await update(stack, input, key);
    expect(first.errors).toMatchObject([
      { extensions: { code: "UPSTREAM_UNAVAILABLE", writeOutcome: "UNKNOWN", retryable: false } },
    ]);
    const retry = await update(stack, input, key);
    expect(retry.errors).toEqual(first.errors);
    expect(simpay.customerRequests("PATCH")).toHaveLength(1);
  });

  it("replays a top-level APPLIED error for a retry and never writes again", async () => {
    const key = "form-submit-dropped";
    const input = { id: "simpay:48218", displayName: "Applied Once" };
    // The PATCH applies, then the connection drops: the read-back finds the change (APPLIED).
    simpay.inject({ method: "PATCH", path: "/customers/48218", dropAfterApply: true, times: 1 });
    const first = await update(stack, input, key);
    expect(first.errors).toMatchObject([
      { extensions: { writeOutcome: "APPLIED", retryable: false } },
    ]);
    const retry = await update(stack, input, key);
    expect(retry.errors).toEqual(first.errors);
    expect(simpay.customerRequests("PATCH")).toHaveLength(1);
  });
});

describe("idempotency keys with authentication on", () => {
  let simpay: SimPaySimulator;
  let stack: TestStack;

  beforeAll(async () => {
    simpay = await startSimPaySimulator({ ...SIMPAY_USER, latencyMs: LATENCY_MS });
    stack = await startStack({ simpay, env: { AUTH_JWT_SECRET: TEST_JWT_SECRET } });
  });

  afterAll(async () => {
    await stack.close();
    await simpay.close();
  });

  const as = async (subject: string) =>
    bearer(await signTestToken({ scope: "customers:read customers:write" }, { subject }));
  const send = async (headers: Record<string, string>, input: UpdateCustomerInput, key: string) => {
    const result = await stack.graphql(
      UpdateCustomerOnceDocument,
      { input, idempotencyKey: key },
      headers,
    );
    expect(result.body.errors).toBeUndefined();
    return result.body.data!.updateCustomer;
  };

  it("keeps one caller's key and payload from another caller who sends the same key", async () => {
    const key = "checkout-form-1";
    const alice = await as("alice@example.test");
    const bob = await as("bob@example.test");
    const aliceInput = { id: "simpay:48221", displayName: "Written By Alice" };

    const aliceFirst = await send(alice, aliceInput, key);
    expect(aliceFirst.customer?.displayName).toBe("Written By Alice");
    // Bob's key is his own: another input is no CONFLICT with Alice's, it runs.
    const bobOther = await send(bob, { id: "simpay:48221", displayName: "Written By Bob" }, key);
    expect(bobOther.userErrors).toEqual([]);
    expect(bobOther.customer?.displayName).toBe("Written By Bob");
    // Alice's retry replays her own payload, not Bob's, and writes nothing.
    const aliceRetry = await send(alice, aliceInput, key);
    expect(aliceRetry).toEqual(aliceFirst);
    // Carol sends Alice's exact key and input: no replay of Alice's payload, her own write.
    const carol = await as("carol@example.test");
    const carolSame = await send(carol, aliceInput, key);
    expect(carolSame.userErrors).toEqual([]);
    expect(carolSame.customer?.displayName).toBe("Written By Alice");

    const written = simpay
      .customerRequests("PATCH")
      .map((request) => (request.body as { CustomerName?: string }).CustomerName);
    expect(written).toEqual(["Written By Alice", "Written By Bob", "Written By Alice"]);
  });
});

describe("a write that cannot have its customer's lock in time", () => {
  const sim = useSimulatorStack({
    loanpro: false,
    simpay: { ...SIMPAY_USER },
    // The second update gives up after 100 ms; the first holds the lock for 3 s (well within its
    // 10 s upstream deadline), so the second is sure to meet it held even on a slow machine.
    env: { LOCK_WAIT_MS: "100", UPSTREAM_TIMEOUT_MS: "10000" },
  });

  it("answers LOCK_TIMEOUT, retryable, and sends nothing while the first write runs", async () => {
    // The first update holds 48213's lock while SimPay takes 3 s over its PATCH.
    sim.simpay.inject({ method: "PATCH", path: "/customers/48213", delayMs: 3_000 });
    const first = update(sim.stack, { id: "simpay:48213", defaultContact: { jobTitle: "Baker" } });
    const until = Date.now() + 5_000;
    while (sim.simpay.customerRequests("PATCH").length === 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await update(sim.stack, {
      id: "simpay:48213",
      defaultContact: { jobTitle: "Owner" },
    });
    expect(second.errors).toMatchObject([
      { extensions: { code: "LOCK_TIMEOUT", retryable: true } },
    ]);
    expect(second.payload ?? null).toBeNull();
    expect((await first).payload?.userErrors).toEqual([]);
    expect(sim.simpay.customerRequests("PATCH")).toHaveLength(1);
    expect(sim.simpay.customer(48213)?.DefaultContact?.JobTitle).toBe("Baker");
  });
});
