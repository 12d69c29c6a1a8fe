/**
 * The lock shared by every replica, in Redis: the Redlock algorithm on one Redis node (the Redis
 * manual's "Distributed Locks with Redis" pattern, single-instance form).
 *
 * - A waiter first queues in this process's own lock (arrival order, no Redis traffic), then takes
 *   the Redis lock, retrying until its wait runs out: `LockTimeoutError`.
 * - The Redis key holds a random token and expires after `leaseMs`, so a crashed holder blocks a
 *   customer for one lease at most. While the work runs the lease is extended (a third of it
 *   before it ends), so a slow update pipeline keeps its lock however long it takes.
 * - Extending and releasing compare the token (Lua), so a holder whose lease lapsed can neither
 *   extend nor release the lock someone else has taken since. Such a holder sees `assertHeld()`
 *   throw, and the pipeline calls it right before its write.
 * - Redis unreachable: `StateStoreUnavailableError`, and the work does not run.
 */
import { ExecutionError, Redlock, ResourceLockedError, type Lock } from "@sesamecare-oss/redlock";
import { LockTimeoutError } from "../model/errors.js";
import {
  InMemoryKeyedLock,
  type KeyedLock,
  type LockGuard,
  type LockOptions,
} from "./keyed-lock.js";
import { toStateStoreError, type StateRedis } from "./redis-client.js";

export interface RedisLockOptions {
  /** Default wait for the lock, both halves together. */
  waitMs: number;
  /** Lifetime of the Redis key; extended while held. */
  leaseMs: number;
  /** Pause between two attempts at a Redis lock someone else holds. */
  retryDelayMs?: number;
  /**
   * Extend the lease while the work runs (default). Off only to stand for a holder that stalls
   * past its lease (tests).
   */
  extendWhileHeld?: boolean;
}

export const LOCK_LAPSED_MESSAGE =
  "This update's hold on the customer's write lock lapsed before its write; nothing was written.";

export class RedisKeyedLock implements KeyedLock {
  readonly backend = "redis";
  private readonly local: InMemoryKeyedLock;
  private readonly redlock: Redlock;
  private readonly retryDelayMs: number;

  constructor(
    private readonly redis: StateRedis,
    private readonly options: RedisLockOptions,
  ) {
    if (options.leaseMs < 300) throw new Error("leaseMs must be at least 300 ms");
    this.local = new InMemoryKeyedLock({ waitMs: options.waitMs });
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.redlock = new Redlock([redis.client], {
      // The scripts SELECT this database: keep the one the URL chose.
      db: redis.client.options.db ?? 0,
      driftFactor: 0.01,
      retryCount: 0,
      retryDelay: this.retryDelayMs,
      retryJitter: Math.floor(this.retryDelayMs / 2),
    });
    // Redlock reports every failed attempt (a lock held by someone else too) as an "error"
    // event; without a listener EventEmitter would throw. The outcome is classified below.
    this.redlock.on("error", () => undefined);
  }

  private resource(key: string): string {
    return `${this.redis.keyPrefix}lock:${key}`;
  }

  async withLock<T>(
    key: string,
    work: (guard: LockGuard) => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const waitMs = options.waitMs ?? this.options.waitMs;
    const deadline = Date.now() + waitMs;
    return this.local.withLock(
      key,
      async () => {
        await this.redis.ready();
        const lock = await this.acquire(key, Math.max(0, deadline - Date.now()));
        return this.runHolding(lock, work);
      },
      { waitMs },
    );
  }

  private async acquire(key: string, waitMs: number): Promise<Lock> {
    const retryCount = Math.floor(waitMs / this.retryDelayMs);
    try {
      return await this.redlock.acquire([this.resource(key)], this.options.leaseMs, {
        retryCount,
      });
    } catch (error) {
      throw await classify(error);
    }
  }

  private async runHolding<T>(first: Lock, work: (guard: LockGuard) => Promise<T>): Promise<T> {
    const { leaseMs } = this.options;
    const controller = new AbortController();
    let current = first;
    let timer: NodeJS.Timeout | undefined;
    let extension: Promise<void> | undefined;
    let finished = false;

    const lapse = () => {
      if (!controller.signal.aborted) controller.abort(new LockTimeoutError(LOCK_LAPSED_MESSAGE));
    };
    const schedule = (delayMs: number) => {
      if (finished) return;
      timer = setTimeout(() => {
        extension = extend();
      }, delayMs);
      timer.unref();
    };
    const extend = async (): Promise<void> => {
      try {
        current = await this.redlock.extend(current, leaseMs, { retryCount: 0 });
        schedule(Math.max(0, current.expiration - Date.now() - Math.floor(leaseMs / 3)));
      } catch (error) {
        // Someone else holds it now, or the lease already ended: the hold has lapsed.
        const lost = error instanceof ExecutionError && (await lockedByOther(error));
        if (lost || current.expiration <= Date.now()) lapse();
        else schedule(this.retryDelayMs);
      }
    };
    const guard: LockGuard = {
      signal: controller.signal,
      assertHeld() {
        if (current.expiration <= Date.now()) lapse();
        if (controller.signal.aborted) throw new LockTimeoutError(LOCK_LAPSED_MESSAGE);
      },
    };

    if (this.options.extendWhileHeld !== false) {
      schedule(Math.max(0, current.expiration - Date.now() - Math.floor(leaseMs / 3)));
    }
    try {
      return await work(guard);
    } finally {
      finished = true;
      clearTimeout(timer);
      await extension?.catch(() => undefined);
      // Compare-and-delete on the token: a lapsed hold cannot remove someone else's lock. A
      // failed release is harmless: the key expires at the end of its lease.
      await this.redlock.release(current, { retryCount: 0 }).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.local.close();
  }
}

/** Whether a failed Redlock operation failed because another token holds the key. */
async function lockedByOther(error: ExecutionError): Promise<boolean> {
  const last = error.attempts.at(-1);
  if (!last) return false;
  const stats = await last;
  const reasons = [...stats.votesAgainst.values()];
  return reasons.length > 0 && reasons.every((reason) => reason instanceof ResourceLockedError);
}

/** A lock held by someone else until the wait ran out, or Redis failing. */
async function classify(error: unknown): Promise<Error> {
  if (error instanceof ExecutionError && (await lockedByOther(error))) {
    return new LockTimeoutError();
  }
  return toStateStoreError(error);
}
