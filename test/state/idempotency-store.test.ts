/**
 * One suite for the idempotency store, run against both backends: in memory, and a real Redis.
 */
import { LockTimeoutError, StateStoreUnavailableError } from "../../src/model/errors.js";
import {
  fingerprintOf,
  isValidIdempotencyKey,
  type IdempotencyClaim,
  type IdempotencyStore,
} from "../../src/state/idempotency-store.js";
import { RedisIdempotencyStore } from "../../src/state/redis-idempotency-store.js";
import { describeEachBackend } from "../support/state-backends.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Outcome {
  customer: { id: string; email: string } | null;
  userErrors: Array<{ field: string[]; code: string }>;
}

const OUTCOME: Outcome = {
  customer: { id: "simpay:48213", email: "jo@example.com" },
  userErrors: [],
};

function owner<T>(claim: IdempotencyClaim<T>) {
  if (claim.status !== "owner") throw new Error(`expected owner, got ${claim.status}`);
  return claim;
}

let counter = 0;
/** A key no other test of this run uses. */
function freshKey(): string {
  counter += 1;
  return `key-${counter}-${Date.now()}`;
}

describe("idempotency keys and fingerprints", () => {
  it("accepts 1 to 255 printable ASCII characters and nothing else", () => {
    expect(isValidIdempotencyKey("a")).toBe(true);
    expect(isValidIdempotencyKey("x".repeat(255))).toBe(true);
    expect(isValidIdempotencyKey("order 42 ~!@#$%^&*()")).toBe(true);
    expect(isValidIdempotencyKey("")).toBe(false);
    expect(isValidIdempotencyKey("x".repeat(256))).toBe(false);
    expect(isValidIdempotencyKey("caf\u00e9")).toBe(false);
    expect(isValidIdempotencyKey("tab\there")).toBe(false);
    expect(isValidIdempotencyKey("line\n")).toBe(false);
    expect(isValidIdempotencyKey("del\u007f")).toBe(false);
  });

  it("fingerprints by content: key order does not matter, omitted and null differ", () => {
    expect(fingerprintOf({ a: 1, b: { c: "x", d: null } })).toBe(
      fingerprintOf({ b: { d: null, c: "x" }, a: 1 }),
    );
    expect(fingerprintOf({ a: 1, b: undefined })).toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf({ a: 1, b: null })).not.toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf({ a: "1" })).not.toBe(fingerprintOf({ a: 1 }));
    expect(fingerprintOf(["a", "b"])).not.toBe(fingerprintOf(["b", "a"]));
  });

  it("keys the fingerprint by the caller's key, so a stored one cannot be reversed by guessing the input", () => {
    const input = { governmentId: { type: "SSN", number: "123456789" } };
    const keyed = fingerprintOf(input, "\u0000key-1");
    // Not the plain digest anyone could recompute for every 9-digit number ...
    expect(keyed).not.toBe(fingerprintOf(input));
    // ... but stable for a retry with the same key, and different under another key.
    expect(fingerprintOf({ ...input }, "\u0000key-1")).toBe(keyed);
    expect(fingerprintOf(input, "\u0000key-2")).not.toBe(keyed);
    expect(keyed).not.toContain("123456789");
  });
});

describeEachBackend("idempotency store", (backend) => {
  let store: IdempotencyStore;
  beforeEach(() => {
    store = backend.store();
  });
  afterEach(() => store.close());

  it("lets the first request run and replays its outcome, identical, for the same input", async () => {
    const key = freshKey();
    const first = owner(await store.claim<Outcome>({ scope: null, key, fingerprint: "f1" }));
    await expect(first.complete(OUTCOME)).resolves.toBe(true);

    const replay = await store.claim<Outcome>({ scope: null, key, fingerprint: "f1" });
    expect(replay).toEqual({ status: "replay", outcome: OUTCOME });
    // Each replay is its own copy: changing one cannot change the next.
    if (replay.status === "replay") replay.outcome.userErrors.push({ field: ["x"], code: "X" });
    await expect(store.claim({ scope: null, key, fingerprint: "f1" })).resolves.toEqual({
      status: "replay",
      outcome: OUTCOME,
    });
  });

  it("answers conflict for the same key with another input, finished or still running", async () => {
    const done = freshKey();
    await owner(await store.claim({ scope: null, key: done, fingerprint: "f1" })).complete(OUTCOME);
    await expect(store.claim({ scope: null, key: done, fingerprint: "f2" })).resolves.toEqual({
      status: "conflict",
    });

    const running = freshKey();
    const first = owner(await store.claim({ scope: null, key: running, fingerprint: "f1" }));
    await expect(
      store.claim({ scope: null, key: running, fingerprint: "f2", waitMs: 5_000 }),
    ).resolves.toEqual({ status: "conflict" });
    await first.release();
  });

  it("makes 10 concurrent requests with one key wait for the one that runs and get its outcome", async () => {
    const key = freshKey();
    const claims = await Promise.all(
      Array.from({ length: 10 }, () =>
        store.claim<Outcome>({ scope: null, key, fingerprint: "f1" }).then(async (claim) => {
          if (claim.status === "owner") {
            await sleep(100); // the one write
            await claim.complete(OUTCOME);
          }
          return claim;
        }),
      ),
    );
    expect(claims.filter((claim) => claim.status === "owner")).toHaveLength(1);
    const replays = claims.filter((claim) => claim.status === "replay");
    expect(replays).toHaveLength(9);
    for (const replay of replays) expect(replay).toEqual({ status: "replay", outcome: OUTCOME });
  });

  it("lets a waiting retry run itself when the first request releases the key", async () => {
    const key = freshKey();
    const first = owner(await store.claim({ scope: null, key, fingerprint: "f1" }));
    const retry = store.claim<Outcome>({ scope: null, key, fingerprint: "f1" });
    await sleep(50);
    await first.release(); // a retryable failure with nothing applied
    const second = owner(await retry);
    await second.complete(OUTCOME);
    await expect(store.claim({ scope: null, key, fingerprint: "f1" })).resolves.toEqual({
      status: "replay",
      outcome: OUTCOME,
    });
  });

  it("fails a retry with a retryable LOCK_TIMEOUT when the first request outlasts its wait", async () => {
    const key = freshKey();
    const first = owner(await store.claim({ scope: null, key, fingerprint: "f1" }));
    const error = await store
      .claim({ scope: null, key, fingerprint: "f1", waitMs: 150 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error).toMatchObject({ code: "LOCK_TIMEOUT", retryable: true });
    await first.release();
  });

  it("keeps one caller's keys apart from another's", async () => {
    const key = freshKey();
    const alice = owner(await store.claim({ scope: "alice", key, fingerprint: "f1" }));
    const bob = owner(await store.claim({ scope: "bob", key, fingerprint: "f2" }));
    const anonymous = owner(await store.claim({ scope: null, key, fingerprint: "f3" }));
    await alice.complete(OUTCOME);
    await bob.complete({ customer: null, userErrors: [] });
    await anonymous.release();
    await expect(store.claim({ scope: "alice", key, fingerprint: "f1" })).resolves.toEqual({
      status: "replay",
      outcome: OUTCOME,
    });
    await expect(store.claim({ scope: "bob", key, fingerprint: "f1" })).resolves.toEqual({
      status: "conflict",
    });
  });

  it("forgets an outcome after its retention time", async () => {
    const shortLived = backend.store({ retentionMs: 300 });
    const key = freshKey();
    await owner(await shortLived.claim({ scope: null, key, fingerprint: "f1" })).complete(OUTCOME);
    await expect(shortLived.claim({ scope: null, key, fingerprint: "f1" })).resolves.toMatchObject({
      status: "replay",
    });
    await sleep(500);
    const again = await shortLived.claim({ scope: null, key, fingerprint: "f2" });
    expect(again.status).toBe("owner");
    if (again.status === "owner") await again.release();
    await shortLived.close();
  });

  it(
    backend.sharedAcrossInstances
      ? "shares keys across two instances (replicas)"
      : "is per instance: another instance (replica) does not know the keys",
    async () => {
      const other = backend.store();
      const key = freshKey();
      await owner(await store.claim({ scope: null, key, fingerprint: "f1" })).complete(OUTCOME);
      const elsewhere = await other.claim({ scope: null, key, fingerprint: "f1" });
      if (backend.sharedAcrossInstances) {
        expect(elsewhere).toEqual({ status: "replay", outcome: OUTCOME });
      } else {
        expect(elsewhere.status).toBe("owner");
        if (elsewhere.status === "owner") await elsewhere.release();
      }
      await other.close();
    },
  );

  if (backend.name === "memory") {
    it("is bounded: past its size the least recently used outcome goes first", async () => {
      const small = backend.store({ maxEntries: 3 });
      const keys = [freshKey(), freshKey(), freshKey(), freshKey()];
      for (const key of keys) {
        await owner(await small.claim({ scope: null, key, fingerprint: "f" })).complete(OUTCOME);
      }
      expect((await small.claim({ scope: null, key: keys[3]!, fingerprint: "f" })).status).toBe(
        "replay",
      );
      const evicted = await small.claim({ scope: null, key: keys[0]!, fingerprint: "f" });
      expect(evicted.status).toBe("owner");
      if (evicted.status === "owner") await evicted.release();
    });
  }

  if (backend.name !== "redis") return;

  it("frees the key of a request whose replica died once its pending lease ends", async () => {
    const dying = backend.connect!();
    const crashed = new RedisIdempotencyStore(dying, {
      waitMs: 5_000,
      retentionMs: 60_000,
      pendingLeaseMs: 400,
    });
    const key = freshKey();
    const lost = owner(await crashed.claim({ scope: null, key, fingerprint: "f1" }));
    dying.client.disconnect(); // no completion, no release, no keep-alive reaches Redis
    const retry = owner(await store.claim({ scope: null, key, fingerprint: "f1", waitMs: 5_000 }));
    await lost.release(); // stops its timer; cannot reach Redis, and would not match the token
    await retry.complete(OUTCOME);
    await expect(store.claim({ scope: null, key, fingerprint: "f1" })).resolves.toEqual({
      status: "replay",
      outcome: OUTCOME,
    });
  });

  it("keeps a long request's key pending while it runs", async () => {
    const leased = backend.store({ pendingLeaseMs: 400 });
    const key = freshKey();
    const first = owner(await leased.claim({ scope: null, key, fingerprint: "f1" }));
    await expect(
      store.claim({ scope: null, key, fingerprint: "f1", waitMs: 1_200 }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    await first.complete(OUTCOME);
    await expect(store.claim({ scope: null, key, fingerprint: "f1" })).resolves.toEqual({
      status: "replay",
      outcome: OUTCOME,
    });
  });

  it("answers STATE_STORE_UNAVAILABLE when Redis cannot be reached", async () => {
    const unreachable = new RedisIdempotencyStore(backend.connect!("redis://127.0.0.1:1", 300), {
      waitMs: 1_000,
      retentionMs: 60_000,
      pendingLeaseMs: 1_000,
    });
    const error = await unreachable
      .claim({ scope: null, key: freshKey(), fingerprint: "f1" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateStoreUnavailableError);
    expect(error).toMatchObject({ code: "STATE_STORE_UNAVAILABLE", retryable: true });
  });
});
