/**
 * The two backends the lock and idempotency suites run against: in memory, and a real Redis
 * (see `redis-server.ts`). Each `create…` call stands for one replica: with Redis it gets its own
 * connection, so two of them share only what Redis holds.
 */
import { InMemoryKeyedLock, type KeyedLock } from "../../src/state/keyed-lock.js";
import {
  InMemoryIdempotencyStore,
  type IdempotencyStore,
} from "../../src/state/idempotency-store.js";
import { RedisIdempotencyStore } from "../../src/state/redis-idempotency-store.js";
import { createStateRedis, type StateRedis } from "../../src/state/redis-client.js";
import { RedisKeyedLock } from "../../src/state/redis-keyed-lock.js";
import { redisAvailability, startTestRedis, type TestRedis } from "./redis-server.js";

export interface LockBackendOptions {
  waitMs?: number;
  leaseMs?: number;
  extendWhileHeld?: boolean;
}

export interface StoreBackendOptions {
  waitMs?: number;
  retentionMs?: number;
  pendingLeaseMs?: number;
  maxEntries?: number;
}

export interface Backend {
  name: "memory" | "redis";
  /** Whether two instances (two replicas) exclude each other / share keys. */
  sharedAcrossInstances: boolean;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  lock(options?: LockBackendOptions): KeyedLock;
  store(options?: StoreBackendOptions): IdempotencyStore;
  /** Redis only: the server, for outage tests. */
  redis?: () => TestRedis;
  /** Redis only: a connection made for this test, closed by tearDown. */
  connect?: (url?: string, connectWaitMs?: number) => StateRedis;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function memoryBackend(): Backend {
  return {
    name: "memory",
    sharedAcrossInstances: false,
    setUp: async () => undefined,
    tearDown: async () => undefined,
    lock: (options = {}) => new InMemoryKeyedLock({ waitMs: options.waitMs ?? 5_000 }),
    store: (options = {}) =>
      new InMemoryIdempotencyStore({
        waitMs: options.waitMs ?? 5_000,
        retentionMs: options.retentionMs ?? DAY_MS,
        maxEntries: options.maxEntries ?? 1_000,
        maxChars: 10_000_000,
      }),
  };
}

export function redisBackend(): Backend {
  let server: TestRedis | undefined;
  const connections: StateRedis[] = [];
  const connect = (url?: string, connectWaitMs?: number): StateRedis => {
    if (!server) throw new Error("redis backend used before setUp");
    const redis = createStateRedis(url ?? server.url, null, {
      keyPrefix: server.keyPrefix,
      connectWaitMs: connectWaitMs ?? 2_000,
    });
    connections.push(redis);
    return redis;
  };
  return {
    name: "redis",
    sharedAcrossInstances: true,
    async setUp() {
      server = await startTestRedis();
    },
    async tearDown() {
      await Promise.all(connections.map((connection) => connection.close()));
      await server?.stop();
    },
    lock: (options = {}) =>
      new RedisKeyedLock(connect(), {
        waitMs: options.waitMs ?? 5_000,
        leaseMs: options.leaseMs ?? 5_000,
        extendWhileHeld: options.extendWhileHeld,
      }),
    store: (options = {}) =>
      new RedisIdempotencyStore(connect(), {
        waitMs: options.waitMs ?? 5_000,
        retentionMs: options.retentionMs ?? DAY_MS,
        pendingLeaseMs: options.pendingLeaseMs ?? 5_000,
      }),
    redis: () => {
      if (!server) throw new Error("redis backend used before setUp");
      return server;
    },
    connect,
  };
}

/**
 * Defines `suite` once per backend: memory always; Redis unless it is unavailable here, in which
 * case its tests are defined as skipped (jest counts them) and a banner says so.
 */
export function describeEachBackend(suite: string, define: (backend: Backend) => void): void {
  const redisRuns = redisAvailability(suite).available;
  for (const make of [memoryBackend, redisBackend]) {
    const backend = make();
    const describeOrSkip = backend.name === "redis" && !redisRuns ? describe.skip : describe;
    describeOrSkip(`${suite} (${backend.name})`, () => {
      beforeAll(() => backend.setUp(), 30_000);
      afterAll(() => backend.tearDown(), 30_000);
      define(backend);
    });
  }
}
