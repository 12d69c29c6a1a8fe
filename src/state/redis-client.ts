/**
 * The Redis connection shared by the lock and the idempotency store. It fails fast: with no
 * offline queue, a command sent while Redis is unreachable fails at once instead of waiting for a
 * reconnection, so a write is refused (`StateStoreUnavailableError`) rather than left hanging or
 * run without its lock. The client keeps reconnecting in the background.
 */
import { Redis } from "ioredis";
import { StateStoreUnavailableError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";

export interface RedisClientOptions {
  /** How long a command may wait for a connection that is being (re)established. */
  connectWaitMs?: number;
  /** Prefix of every key this service writes, so it can share a Redis with others. */
  keyPrefix?: string;
}

export const DEFAULT_KEY_PREFIX = "customer-subgraph:";

export interface StateRedis {
  client: Redis;
  keyPrefix: string;
  /**
   * Resolves when the connection is ready, waiting at most `connectWaitMs` for one being
   * (re)established; throws `StateStoreUnavailableError` otherwise.
   */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createStateRedis(
  url: string,
  logger: Logger | null,
  options: RedisClientOptions = {},
): StateRedis {
  const connectWaitMs = options.connectWaitMs ?? 2_000;
  const client = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: connectWaitMs,
    // Keep trying in the background; each command fails fast meanwhile.
    retryStrategy: (attempt: number) => Math.min(100 * attempt, 2_000),
  });
  let lastLogged = 0;
  client.on("error", (error: NodeJS.ErrnoException) => {
    // The URL may carry a password: log the error's code only, at most every 10 s.
    const now = Date.now();
    if (now - lastLogged < 10_000) return;
    lastLogged = now;
    logger?.warn({ errorCode: error.code ?? error.name }, "Redis connection error");
  });

  /** One wait for the connection shared by every caller that arrives while it is not ready. */
  let connecting: Promise<void> | undefined;
  function ready(): Promise<void> {
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "end") return Promise.reject(new StateStoreUnavailableError());
    connecting ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off("ready", onReady);
        reject(new StateStoreUnavailableError());
      }, connectWaitMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once("ready", onReady);
    }).finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  return {
    client,
    keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
    ready,
    async close() {
      if (client.status === "end") return;
      if (client.status !== "ready") {
        client.disconnect(); // also stops reconnecting
        return;
      }
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}

/** A failure that is Redis's, not the caller's: any error from the client. */
export function toStateStoreError(error: unknown): Error {
  return error instanceof StateStoreUnavailableError ? error : new StateStoreUnavailableError();
}
