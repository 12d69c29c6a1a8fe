/**
 * Several customers' locks held by one piece of work (the linked update,
 * docs/architecture.md#linked-customers), taken one after the other in the order given, released
 * in reverse. While they are held, a nested `withLock` of one of those keys in the SAME
 * asynchronous flow (the update pipeline of one of the records, called by the holder) runs at once
 * under the held lock instead of waiting for itself; any other flow waits as usual.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { KeyedLock, LockGuard, LockOptions } from "./keyed-lock.js";

const heldHere = new AsyncLocalStorage<ReadonlyMap<string, LockGuard>>();

/** `lock`, where a key this flow already holds is not taken again. */
export function reentrant(lock: KeyedLock): KeyedLock {
  if ((lock as { reentrant?: boolean }).reentrant) return lock;
  return {
    backend: lock.backend,
    reentrant: true,
    withLock<T>(
      key: string,
      work: (guard: LockGuard) => Promise<T>,
      options?: LockOptions,
    ): Promise<T> {
      const held = heldHere.getStore();
      const guard = held?.get(key);
      if (guard) return work(guard);
      return lock.withLock(
        key,
        (inner) => heldHere.run(new Map([...(held ?? []), [key, inner]]), () => work(inner)),
        options,
      );
    },
    close: () => lock.close(),
  } as KeyedLock;
}

/**
 * Runs `work` holding every key's lock, taken in the order of `keys` (callers pass a stable
 * order, so two holders of overlapping sets cannot deadlock). `work` gets one guard per key.
 */
export function withLocks<T>(
  lock: KeyedLock,
  keys: readonly string[],
  work: (guards: ReadonlyMap<string, LockGuard>) => Promise<T>,
  options?: LockOptions,
): Promise<T> {
  const shared = reentrant(lock);
  const take = (index: number, guards: Map<string, LockGuard>): Promise<T> => {
    if (index >= keys.length) return work(guards);
    return shared.withLock(
      keys[index],
      (guard) => take(index + 1, new Map([...guards, [keys[index], guard]])),
      options,
    );
  };
  return take(0, new Map());
}
