/**
 * The lock-wait histogram and the idempotent-replay counter around the in-memory backends that
 * `createStateBackends` builds (the Redis ones are wrapped the same way), read back from the
 * `/metrics` text.
 */
import { LockTimeoutError } from "../../src/model/errors.js";
import { metrics } from "../../src/observability/metrics.js";
import { createStateBackends, type StateBackends } from "../../src/state/state-backends.js";

function sample(text: string, line: RegExp): number {
  const found = text.split("\n").find((candidate) => line.test(candidate));
  return found ? Number(found.split(" ").pop()) : 0;
}

describe("state metrics", () => {
  let state: StateBackends;
  beforeEach(() => {
    state = createStateBackends(
      { redisUrl: null, lockWaitMs: 200, lockLeaseMs: 15_000, idempotencyMaxEntries: 100 },
      { logger: null, upstreamTimeoutMs: 1_000 },
    );
  });
  afterEach(() => state.close());

  it("observes each lock wait as acquired, and a wait that gave up as timeout", async () => {
    const before = await metrics.registry.metrics();
    let releaseFirst!: () => void;
    const first = state.lock.withLock(
      "loanpro:1001",
      () => new Promise<void>((resolve) => (releaseFirst = resolve)),
    );
    // The second waits past its 50 ms and gives up; the third waits until the first is done.
    const second = state.lock.withLock("loanpro:1001", async () => "ran", { waitMs: 50 });
    await expect(second).rejects.toBeInstanceOf(LockTimeoutError);
    const third = state.lock.withLock("loanpro:1001", async () => "ran");
    releaseFirst();
    await first;
    await expect(third).resolves.toBe("ran");

    const after = await metrics.registry.metrics();
    const count = (text: string, outcome: string) =>
      sample(
        text,
        new RegExp(`^customer_subgraph_lock_wait_seconds_count\\{outcome="${outcome}"\\}`),
      );
    expect(count(after, "acquired") - count(before, "acquired")).toBe(2);
    expect(count(after, "timeout") - count(before, "timeout")).toBe(1);
    // The key never becomes a label (a bare "1001" can occur inside a heap-size sample).
    expect(after).not.toContain("loanpro:1001");
    expect(after).not.toMatch(/="[^"]*1001[^"]*"/);
  });

  it("counts a replayed outcome, not a first run nor a conflict", async () => {
    const before = await metrics.registry.metrics();
    const request = { scope: null, key: "key-1", fingerprint: "fp-1" };
    const owner = await state.idempotency.claim<{ ok: boolean }>(request);
    expect(owner.status).toBe("owner");
    if (owner.status === "owner") await owner.complete({ ok: true });
    const replay = await state.idempotency.claim<{ ok: boolean }>(request);
    expect(replay).toEqual({ status: "replay", outcome: { ok: true } });
    const conflict = await state.idempotency.claim({ ...request, fingerprint: "fp-2" });
    expect(conflict.status).toBe("conflict");

    const after = await metrics.registry.metrics();
    const replays = (text: string) => sample(text, /^customer_subgraph_idempotent_replays_total /);
    expect(replays(after) - replays(before)).toBe(1);
    expect(after).not.toContain("key-1");
  });
});
