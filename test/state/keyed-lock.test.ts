/**
 * One suite for the keyed write lock, run against both backends: in memory, and a real Redis.
 */
import { LockTimeoutError, StateStoreUnavailableError } from "../../src/model/errors.js";
import type { KeyedLock, LockGuard } from "../../src/state/keyed-lock.js";
import { RedisKeyedLock } from "../../src/state/redis-keyed-lock.js";
import { describeEachBackend } from "../support/state-backends.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A read-yield-write on a shared record: loses increments unless the writers take turns. */
async function readMergeWrite(record: { value: number; inside: number; maxInside: number }) {
  record.inside += 1;
  record.maxInside = Math.max(record.maxInside, record.inside);
  const read = record.value;
  await sleep(2);
  record.value = read + 1;
  record.inside -= 1;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describeEachBackend("keyed lock", (backend) => {
  let lock: KeyedLock;
  beforeEach(() => {
    lock = backend.lock();
  });
  afterEach(() => lock.close());

  it("loses increments without the lock (the control) and none with it", async () => {
    const unlocked = { value: 0, inside: 0, maxInside: 0 };
    await Promise.all(Array.from({ length: 20 }, () => readMergeWrite(unlocked)));
    expect(unlocked.value).toBeLessThan(20);

    const locked = { value: 0, inside: 0, maxInside: 0 };
    await Promise.all(
      Array.from({ length: 20 }, () => lock.withLock("customer-1", () => readMergeWrite(locked))),
    );
    expect(locked.value).toBe(20);
    expect(locked.maxInside).toBe(1);
  });

  it("serves waiters of one key in arrival order", async () => {
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        lock.withLock("customer-order", async () => {
          order.push(index);
          await sleep(1);
        }),
      ),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("lets different keys run at the same time", async () => {
    const bothInside = deferred();
    let inside = 0;
    const enter = async () => {
      inside += 1;
      if (inside === 2) bothInside.resolve();
      await bothInside.promise; // would wait forever if the two keys excluded each other
    };
    await Promise.all([
      lock.withLock("customer-a", enter, { waitMs: 3_000 }),
      lock.withLock("customer-b", enter, { waitMs: 3_000 }),
    ]);
    expect(inside).toBe(2);
  });

  it("fails a waiter with a retryable LOCK_TIMEOUT after its wait and never runs its work", async () => {
    const holding = deferred();
    const entered = deferred();
    const holder = lock.withLock("customer-busy", async () => {
      entered.resolve();
      await holding.promise;
    });
    await entered.promise;
    let waiterRan = false;
    const waiter = lock.withLock(
      "customer-busy",
      async () => {
        waiterRan = true;
      },
      { waitMs: 150 },
    );
    const error = await waiter.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect(error).toMatchObject({ code: "LOCK_TIMEOUT", retryable: true });
    holding.resolve();
    await holder;
    await lock.withLock("customer-busy", async () => undefined); // free again
    await sleep(20);
    expect(waiterRan).toBe(false);
  });

  it("releases the lock when the work throws", async () => {
    await expect(
      lock.withLock("customer-throws", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(
      lock.withLock("customer-throws", async () => "next", { waitMs: 500 }),
    ).resolves.toBe("next");
  });

  it("gives the holder a guard that holds until the work ends", async () => {
    await lock.withLock("customer-guard", async (guard: LockGuard) => {
      expect(() => guard.assertHeld()).not.toThrow();
      expect(guard.signal.aborted).toBe(false);
    });
  });

  it(
    backend.sharedAcrossInstances
      ? "excludes the same key across two instances (replicas)"
      : "is per instance: two instances (replicas) do not exclude each other",
    async () => {
      const other = backend.lock();
      const record = { value: 0, inside: 0, maxInside: 0 };
      await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (index % 2 === 0 ? lock : other).withLock("customer-replicas", () =>
            readMergeWrite(record),
          ),
        ),
      );
      await other.close();
      if (backend.sharedAcrossInstances) {
        expect(record.value).toBe(20);
        expect(record.maxInside).toBe(1);
      } else {
        expect(record.maxInside).toBe(2);
      }
    },
  );

  if (backend.name !== "redis") return;

  it("answers STATE_STORE_UNAVAILABLE, retryable, and runs nothing when Redis cannot be reached", async () => {
    const unreachable = new RedisKeyedLock(backend.connect!("redis://127.0.0.1:1", 300), {
      waitMs: 1_000,
      leaseMs: 1_000,
    });
    let ran = false;
    const error = await unreachable
      .withLock("customer-down", async () => {
        ran = true;
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateStoreUnavailableError);
    expect(error).toMatchObject({ code: "STATE_STORE_UNAVAILABLE", retryable: true });
    expect(ran).toBe(false);
  });

  it("answers STATE_STORE_UNAVAILABLE while the server is down and works again once it is back", async () => {
    const server = backend.redis!();
    if (!server.restart || !server.kill) return; // a REDIS_URL given from outside is not ours to stop
    const replica = new RedisKeyedLock(backend.connect!(undefined, 500), {
      waitMs: 1_000,
      leaseMs: 1_000,
    });
    await replica.withLock("customer-outage", async () => undefined);
    await server.kill();
    let ran = false;
    await expect(
      replica.withLock("customer-outage", async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(StateStoreUnavailableError);
    expect(ran).toBe(false);
    await server.restart();
    await expect(
      new RedisKeyedLock(backend.connect!(undefined, 5_000), {
        waitMs: 5_000,
        leaseMs: 1_000,
      }).withLock("customer-outage", async () => "back"),
    ).resolves.toBe("back");
  });

  it("extends the lease while the work runs, so a long holder keeps the lock", async () => {
    const holderLock = backend.lock({ leaseMs: 600 });
    const contender = backend.lock({ leaseMs: 600 });
    const entered = deferred();
    const holder = holderLock.withLock("customer-long", async (guard) => {
      entered.resolve();
      await sleep(2_000); // more than three leases
      guard.assertHeld();
      return guard.signal.aborted;
    });
    await entered.promise;
    await expect(
      contender.withLock("customer-long", async () => "stolen", { waitMs: 1_200 }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(holder).resolves.toBe(false);
  });

  it("lets a lapsed holder neither write nor release the lock someone else took since", async () => {
    // The stalled holder stands for a process paused past its lease: it does not extend.
    const stalled = backend.lock({ leaseMs: 400, extendWhileHeld: false });
    const next = backend.lock({ leaseMs: 5_000 });
    const third = backend.lock({ leaseMs: 5_000 });
    const stalledEntered = deferred();
    const nextEntered = deferred();
    const nextHolding = deferred();
    let stalledGuard: LockGuard | undefined;
    const stalledRun = stalled.withLock("customer-lapse", async (guard) => {
      stalledGuard = guard;
      stalledEntered.resolve();
      await nextEntered.promise; // the lease ends while it waits; `next` takes the lock
    });
    await stalledEntered.promise;
    const nextRun = next.withLock(
      "customer-lapse",
      async () => {
        nextEntered.resolve();
        await nextHolding.promise;
      },
      { waitMs: 5_000 },
    );
    await nextEntered.promise;
    expect(() => stalledGuard!.assertHeld()).toThrow(LockTimeoutError);
    await stalledRun; // its release runs now, with its own (stale) token
    await expect(
      third.withLock("customer-lapse", async () => "taken", { waitMs: 200 }),
    ).rejects.toBeInstanceOf(LockTimeoutError);
    nextHolding.resolve();
    await nextRun;
    await expect(
      third.withLock("customer-lapse", async () => "taken", { waitMs: 2_000 }),
    ).resolves.toBe("taken");
  });
});
