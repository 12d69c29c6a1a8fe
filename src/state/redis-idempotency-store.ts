/**
 * The idempotency store in Redis, shared by every replica. One hash per key:
 * `s` (pending | done), `f` (input fingerprint), `t` (the running request's token), `o` (the
 * outcome JSON). A pending record expires after `pendingLeaseMs` unless its request keeps it
 * alive (a third of the lease before it ends), so a crashed replica frees its keys; a done
 * record expires after the retention time. Every transition is one Lua script, and only the
 * token holder completes, releases or extends a pending record.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { LockTimeoutError } from "../model/errors.js";
import {
  IDEMPOTENCY_WAIT_MESSAGE,
  recordId,
  type ClaimRequest,
  type IdempotencyClaim,
  type IdempotencyStore,
  type IdempotencyStoreOptions,
} from "./idempotency-store.js";
import { toStateStoreError, type StateRedis } from "./redis-client.js";

/** Returns {"owner"} when it created the pending record, else [state, fingerprint, outcome]. */
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 's', 'pending', 'f', ARGV[1], 't', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'owner'}
end
return redis.call('HMGET', KEYS[1], 's', 'f', 'o')
`;
const COMPLETE = `
if redis.call('HGET', KEYS[1], 't') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 's', 'done', 'o', ARGV[2])
redis.call('HDEL', KEYS[1], 't')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;
const RELEASE = `
if redis.call('HGET', KEYS[1], 't') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;
const KEEP_ALIVE = `
if redis.call('HGET', KEYS[1], 't') ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])
`;

interface IdempotencyCommands {
  idempotencyClaim(
    key: string,
    fingerprint: string,
    token: string,
    ttlMs: number,
  ): Promise<Array<string | null>>;
  idempotencyComplete(key: string, token: string, outcome: string, ttlMs: number): Promise<number>;
  idempotencyRelease(key: string, token: string): Promise<number>;
  idempotencyKeepAlive(key: string, token: string, ttlMs: number): Promise<number>;
}

export interface RedisIdempotencyStoreOptions extends IdempotencyStoreOptions {
  /** Lifetime of a pending record, renewed while its request runs. */
  pendingLeaseMs: number;
  /** Pause between two looks at a pending record someone else is running. */
  pollMs?: number;
}

export class RedisIdempotencyStore implements IdempotencyStore {
  readonly backend = "redis";
  private readonly commands: IdempotencyCommands;

  constructor(
    private readonly redis: StateRedis,
    private readonly options: RedisIdempotencyStoreOptions,
  ) {
    const client: Redis = redis.client;
    client.defineCommand("idempotencyClaim", { numberOfKeys: 1, lua: CLAIM });
    client.defineCommand("idempotencyComplete", { numberOfKeys: 1, lua: COMPLETE });
    client.defineCommand("idempotencyRelease", { numberOfKeys: 1, lua: RELEASE });
    client.defineCommand("idempotencyKeepAlive", { numberOfKeys: 1, lua: KEEP_ALIVE });
    this.commands = client as unknown as IdempotencyCommands;
  }

  async claim<T>(request: ClaimRequest): Promise<IdempotencyClaim<T>> {
    const key = `${this.redis.keyPrefix}idempotency:${recordId(request.scope, request.key)}`;
    const deadline = Date.now() + (request.waitMs ?? this.options.waitMs);
    const token = randomUUID();
    let pause = this.options.pollMs ?? 25;
    await this.redis.ready();
    for (;;) {
      let reply: Array<string | null>;
      try {
        reply = await this.commands.idempotencyClaim(
          key,
          request.fingerprint,
          token,
          this.options.pendingLeaseMs,
        );
      } catch (error) {
        throw toStateStoreError(error);
      }
      const [state, fingerprint, outcome] = reply;
      if (state === "owner") return this.own<T>(key, token);
      if (fingerprint !== request.fingerprint) return { status: "conflict" };
      if (state === "done" && outcome !== null && outcome !== undefined) {
        return { status: "replay", outcome: JSON.parse(outcome) as T };
      }
      // Pending with this input: wait for it to complete, be released, or expire.
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LockTimeoutError(IDEMPOTENCY_WAIT_MESSAGE);
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, remaining)));
      pause = Math.min(pause * 2, 200);
    }
  }

  private own<T>(key: string, token: string): IdempotencyClaim<T> {
    const lease = this.options.pendingLeaseMs;
    const timer = setInterval(
      () => {
        this.commands.idempotencyKeepAlive(key, token, lease).catch(() => undefined);
      },
      Math.max(100, Math.floor((lease * 2) / 3)),
    );
    timer.unref(); // never what keeps a process alive
    let ended = false;
    const end = () => {
      ended = true;
      clearInterval(timer);
    };
    return {
      status: "owner",
      complete: async (outcome: T) => {
        if (ended) return false;
        end();
        try {
          const stored = await this.commands.idempotencyComplete(
            key,
            token,
            JSON.stringify(outcome),
            this.options.retentionMs,
          );
          return stored === 1;
        } catch {
          // The outcome stands; only its replay is lost (the pending record expires).
          return false;
        }
      },
      release: async () => {
        if (ended) return;
        end();
        // If this fails the pending record expires at the end of its lease.
        await this.commands.idempotencyRelease(key, token).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    // The connection is closed by its owner (`state-backends.ts`).
  }
}
