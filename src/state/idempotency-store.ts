/**
 * Idempotency keys of mutations: the final outcome of a key is kept for a day and replayed for a
 * retry with the same key and the same input; a retry arriving while the first request runs waits
 * for it; the same key with another input is a conflict. In memory (bounded, with expiry) by
 * default; in Redis (`redis-idempotency-store.ts`) when replicas must share it.
 *
 * The store keeps JSON only. What counts as a final outcome, and what a retry gets, is the
 * caller's: it calls `complete` with what is to be replayed, or `release` when the failure is
 * retryable and nothing was applied, so that a retry runs again.
 */
import { createHash, createHmac, randomUUID } from "node:crypto";
import { LRUCache } from "lru-cache";
import { canonicalJson, digestOf } from "../model/customer-version.js";
import { LockTimeoutError } from "../model/errors.js";

/** 1 to 255 printable ASCII characters (space to tilde). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

export const IDEMPOTENCY_WAIT_MESSAGE =
  "An earlier request with this idempotency key is still running; nothing was written.";

/** What a request gets when it presents its key. */
export type IdempotencyClaim<T> =
  /**
   * This request runs; it must end with `complete` (resolves false when the outcome could not be
   * stored: the answer stands, a retry runs again) or `release` (never throws).
   */
  | { status: "owner"; complete(outcome: T): Promise<boolean>; release(): Promise<void> }
  /** The key's earlier request ended with this outcome, for this same input. */
  | { status: "replay"; outcome: T }
  /** The key was used with another input (finished or still running). */
  | { status: "conflict" };

export interface ClaimRequest {
  /**
   * Whose key it is: the authenticated caller when authentication is on, so two callers' keys
   * never meet; null when it is off.
   */
  scope: string | null;
  key: string;
  /** `fingerprintOf` the operation and its input. */
  fingerprint: string;
  /** How long to wait for an earlier request with this key; `LockTimeoutError` after. */
  waitMs?: number;
}

export interface IdempotencyStore {
  readonly backend: "memory" | "redis";
  claim<T>(request: ClaimRequest): Promise<IdempotencyClaim<T>>;
  close(): Promise<void>;
}

export interface IdempotencyStoreOptions {
  /** How long a final outcome is replayed (24 h). */
  retentionMs: number;
  /** Default wait for a running request with the same key. */
  waitMs: number;
}

export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A stable digest of a JSON-like value: object keys sorted, `undefined` members left out (an
 * omitted input field), `null` kept (a field to clear). With `keyedBy` (the caller's scope and
 * idempotency key) it is an HMAC: the input may hold a government id or a password, and a plain
 * hash of a 9-digit number stored in Redis could be reversed by trying every number; keyed by
 * the caller's key text, which the store never holds in clear (`recordId`), it cannot.
 */
export function fingerprintOf(value: unknown, keyedBy?: string): string {
  if (keyedBy === undefined) return digestOf(value);
  return createHmac("sha256", keyedBy).update(canonicalJson(value)).digest("base64url");
}

/** The stored name of a key: the caller's key text itself is never a store key. */
export function recordId(scope: string | null, key: string): string {
  return createHash("sha256")
    .update(`${scope ?? ""}\u0000${key}`)
    .digest("base64url");
}

interface Pending {
  fingerprint: string;
  token: string;
  finished: Promise<void>;
  finish(): void;
}

interface Completed {
  fingerprint: string;
  /** JSON text: every replay gets its own copy. */
  outcome: string;
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  readonly backend = "memory";
  /** Requests running now: bounded by the requests in flight. */
  private readonly pending = new Map<string, Pending>();
  private readonly completed: LRUCache<string, Completed>;

  constructor(
    private readonly options: IdempotencyStoreOptions & {
      /** At most this many outcomes are kept; the least recently used goes first. */
      maxEntries: number;
      /** And at most this many characters of outcome JSON in all. */
      maxChars: number;
    },
  ) {
    this.completed = new LRUCache<string, Completed>({
      max: options.maxEntries,
      maxSize: options.maxChars,
      sizeCalculation: (entry) => Math.max(1, entry.outcome.length),
      ttl: options.retentionMs,
    });
  }

  async claim<T>(request: ClaimRequest): Promise<IdempotencyClaim<T>> {
    const id = recordId(request.scope, request.key);
    const deadline = Date.now() + (request.waitMs ?? this.options.waitMs);
    for (;;) {
      const done = this.completed.get(id);
      if (done) {
        return done.fingerprint === request.fingerprint
          ? { status: "replay", outcome: JSON.parse(done.outcome) as T }
          : { status: "conflict" };
      }
      const running = this.pending.get(id);
      if (!running) return this.own<T>(id, request.fingerprint);
      if (running.fingerprint !== request.fingerprint) return { status: "conflict" };
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LockTimeoutError(IDEMPOTENCY_WAIT_MESSAGE);
      await waitFor(running.finished, remaining);
    }
  }

  private own<T>(id: string, fingerprint: string): IdempotencyClaim<T> {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const entry: Pending = { fingerprint, token: randomUUID(), finished, finish };
    this.pending.set(id, entry);
    const end = () => {
      if (this.pending.get(id) === entry) this.pending.delete(id);
      entry.finish();
    };
    return {
      status: "owner",
      complete: async (outcome: T) => {
        if (this.pending.get(id) !== entry) return false;
        this.completed.set(id, { fingerprint, outcome: JSON.stringify(outcome) });
        end();
        return this.completed.has(id);
      },
      release: async () => end(),
    };
  }

  get size(): { pending: number; completed: number } {
    return { pending: this.pending.size, completed: this.completed.size };
  }

  async close(): Promise<void> {
    this.completed.clear();
  }
}

/** Resolves when `promise` settles or after `ms`, whichever is first. */
export async function waitFor(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}
