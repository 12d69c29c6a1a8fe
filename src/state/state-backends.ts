/**
 * The shared state of a server: its customers' write lock and its idempotency store, in this
 * process (the default) or in Redis when `REDIS_URL` is set, so every replica shares them.
 */
import type { StateConfig } from "../config.js";
import type { Logger } from "../observability/logger.js";
import {
  IDEMPOTENCY_RETENTION_MS,
  InMemoryIdempotencyStore,
  type IdempotencyStore,
} from "./idempotency-store.js";
import { InMemoryKeyedLock, type KeyedLock } from "./keyed-lock.js";
import { createStateRedis, type StateRedis } from "./redis-client.js";
import { RedisIdempotencyStore } from "./redis-idempotency-store.js";
import { RedisKeyedLock } from "./redis-keyed-lock.js";
import { instrumentIdempotencyStore, instrumentLock } from "./state-metrics.js";

export interface StateBackends {
  lock: KeyedLock;
  idempotency: IdempotencyStore;
  /** How long a retry waits for a running request with the same idempotency key. */
  idempotencyWaitMs: number;
  close(): Promise<void>;
}

/** Characters of outcome JSON the in-memory store keeps at most (about 64 MB of UTF-16). */
const MEMORY_STORE_MAX_CHARS = 32_000_000;

export function createStateBackends(
  config: StateConfig,
  options: { logger: Logger | null; upstreamTimeoutMs: number },
): StateBackends {
  // A retry waits for the first request's lock wait plus its pipeline: a read, a write and a
  // read back, each bounded by the upstream deadline.
  const idempotencyWaitMs = config.lockWaitMs + 3 * options.upstreamTimeoutMs;
  if (!config.redisUrl) {
    return {
      lock: instrumentLock(new InMemoryKeyedLock({ waitMs: config.lockWaitMs })),
      idempotency: instrumentIdempotencyStore(
        new InMemoryIdempotencyStore({
          waitMs: idempotencyWaitMs,
          retentionMs: IDEMPOTENCY_RETENTION_MS,
          maxEntries: config.idempotencyMaxEntries,
          maxChars: MEMORY_STORE_MAX_CHARS,
        }),
      ),
      idempotencyWaitMs,
      close: async () => undefined,
    };
  }
  const redis: StateRedis = createStateRedis(config.redisUrl, options.logger);
  const lock = new RedisKeyedLock(redis, {
    waitMs: config.lockWaitMs,
    leaseMs: config.lockLeaseMs,
  });
  return {
    lock: instrumentLock(lock),
    idempotency: instrumentIdempotencyStore(
      new RedisIdempotencyStore(redis, {
        waitMs: idempotencyWaitMs,
        retentionMs: IDEMPOTENCY_RETENTION_MS,
        pendingLeaseMs: config.lockLeaseMs,
      }),
    ),
    idempotencyWaitMs,
    async close() {
      await lock.close();
      await redis.close();
    },
  };
}
