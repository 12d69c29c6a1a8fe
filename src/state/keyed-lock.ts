/**
 * One writer per key (a customer id): updates of the same customer never interleave their
 * read-merge-write. The in-process lock queues waiters in arrival order (async-mutex); the Redis
 * lock (`redis-keyed-lock.ts`) takes this one first and then the shared one, so the guarantee holds
 * across replicas. Reads never take a lock.
 */
import { Mutex, withTimeout, type MutexInterface } from "async-mutex";
import { LockTimeoutError } from "../model/errors.js";

/** What the holder can ask while it holds the lock. */
export interface LockGuard {
  /** Aborted when the hold lapsed (a shared lease that could not be extended in time). */
  readonly signal: AbortSignal;
  /** Throws `LockTimeoutError` when the hold lapsed: call it right before a write. */
  assertHeld(): void;
}

export interface LockOptions {
  /** How long to wait for the lock before failing with `LockTimeoutError`. */
  waitMs?: number;
}

export interface KeyedLock {
  readonly backend: "memory" | "redis";
  /**
   * Runs `work` while holding the lock of `key`, waiting at most `waitMs` for it
   * (`LockTimeoutError`, retryable, `work` not run). The Redis lock throws
   * `StateStoreUnavailableError` when Redis cannot be reached: `work` never runs unlocked.
   */
  withLock<T>(
    key: string,
    work: (guard: LockGuard) => Promise<T>,
    options?: LockOptions,
  ): Promise<T>;
  close(): Promise<void>;
}

/** The in-process lock never lapses while held. */
const HELD: LockGuard = {
  signal: new AbortController().signal,
  assertHeld: () => undefined,
};

interface Entry {
  mutex: MutexInterface;
  /** Holder and waiters: the entry is dropped when none is left, so idle keys cost nothing. */
  users: number;
}

export class InMemoryKeyedLock implements KeyedLock {
  readonly backend = "memory";
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly defaults: { waitMs: number }) {}

  async withLock<T>(
    key: string,
    work: (guard: LockGuard) => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const release = await this.acquire(key, options.waitMs ?? this.defaults.waitMs);
    try {
      return await work(HELD);
    } finally {
      release();
    }
  }

  /** Resolves with the release function once `key` is held; rejects with `LockTimeoutError`. */
  async acquire(key: string, waitMs: number): Promise<() => void> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { mutex: new Mutex(), users: 0 };
      this.entries.set(key, entry);
    }
    const held = entry;
    held.users += 1;
    const leave = () => {
      held.users -= 1;
      if (held.users === 0 && this.entries.get(key) === held) this.entries.delete(key);
    };
    try {
      // On timeout async-mutex leaves the waiter queued; when its turn comes it releases at once,
      // so the work of a timed-out caller never runs.
      // A free lock is taken at once: no timer, and no LockTimeoutError built (with its stack
      // trace) for nothing on every update.
      const release = held.mutex.isLocked()
        ? await withTimeout(held.mutex, waitMs, new LockTimeoutError()).acquire()
        : await held.mutex.acquire();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
        leave();
      };
    } catch (error) {
      leave();
      throw error;
    }
  }

  /** Keys held or waited for now (for tests: idle keys are not kept). */
  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    // Nothing to release: holders finish on their own.
  }
}
