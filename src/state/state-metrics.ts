/**
 * The lock and idempotency metrics, recorded around any backend (memory or Redis) so neither has
 * to know about them: `customer_subgraph_lock_wait_seconds{outcome}` (how long a write waited for
 * its customer's lock: "acquired" or "timeout") and `customer_subgraph_idempotent_replays_total`
 * (a mutation answered from the store instead of applied again). No key is ever a label.
 */
import { LockTimeoutError } from "../model/errors.js";
import { metrics } from "../observability/metrics.js";
import type { IdempotencyClaim, IdempotencyStore } from "./idempotency-store.js";
import type { KeyedLock } from "./keyed-lock.js";

export function instrumentLock(lock: KeyedLock): KeyedLock {
  return {
    get backend() {
      return lock.backend;
    },
    async withLock(key, work, options) {
      const stopTimer = metrics.lockWait.startTimer();
      let acquired = false;
      try {
        return await lock.withLock(
          key,
          (guard) => {
            acquired = true;
            stopTimer({ outcome: "acquired" });
            return work(guard);
          },
          options,
        );
      } catch (error) {
        if (!acquired && error instanceof LockTimeoutError) stopTimer({ outcome: "timeout" });
        throw error;
      }
    },
    close: () => lock.close(),
  };
}

export function instrumentIdempotencyStore(store: IdempotencyStore): IdempotencyStore {
  return {
    get backend() {
      return store.backend;
    },
    async claim<T>(request: Parameters<IdempotencyStore["claim"]>[0]) {
      const claim: IdempotencyClaim<T> = await store.claim<T>(request);
      if (claim.status === "replay") metrics.idempotentReplays.inc();
      return claim;
    },
    close: () => store.close(),
  };
}
