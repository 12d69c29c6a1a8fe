/**
 * The opaque `after` cursor of `Query.customers` (docs/architecture.md#finding-customers):
 * base64url of a versioned JSON that holds each provider's position and a fingerprint of the
 * filter, then "." and an HMAC-SHA256 of that text (node:crypto). A cursor that was changed, made
 * up, or made for another filter is a BAD_USER_INPUT naming `after`, found before any provider
 * call.
 *
 * The key is `CURSOR_SECRET` (config.ts). Without it every server process draws a random key, so
 * its cursors do not survive a restart and are not accepted by another replica: set the secret
 * when more than one process serves the same clients.
 */
import {
  createHmac,
  createSecretKey,
  hash,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from "node:crypto";
import { CUSTOMER_PROVIDERS, type ProviderName } from "../model/customer.js";
import { normalizeCustomerFilter, type CustomerFilter } from "../model/customer-list.js";
import { BadUserInputError } from "../model/errors.js";

export const CURSOR_VERSION = 1;
/** Cursors we make are far shorter; anything longer is refused before it is parsed. */
const MAX_CURSOR_LENGTH = 512;
const MAC_BYTES = 16;

export const INVALID_CURSOR_MESSAGE =
  "The `after` cursor is not valid: pass an endCursor or edge cursor this API returned.";
export const FOREIGN_CURSOR_MESSAGE =
  "The `after` cursor was made for a different filter: use the same filter as the page it came from.";

/** Where one provider stands: the offset of its next customer, or done (nothing more). */
export interface ProviderPosition {
  position: number;
  done: boolean;
}

export type CursorPositions = Partial<Record<ProviderName, ProviderPosition>>;

interface CursorPayload {
  v: number;
  /** Filter fingerprint. */
  f: string;
  /** Per provider: its position, or null when it is done. A missing provider starts at 0. */
  p: Partial<Record<ProviderName, number | null>>;
}

/** A stable fingerprint of the filter (after trimming), so a cursor only resumes its own filter. */
export function filterFingerprint(filter: CustomerFilter): string {
  const normalized = normalizeCustomerFilter(filter);
  const canonical = JSON.stringify([
    normalized.provider ?? null,
    normalized.externalId ?? null,
    normalized.email ?? null,
    normalized.name ?? null,
    normalized.status ?? null,
  ]);
  return hash("sha256", canonical, "base64url").slice(0, 16);
}

function isPosition(value: unknown): value is number | null {
  return value === null || (Number.isSafeInteger(value) && (value as number) >= 0);
}

export class CursorCodec {
  /**
   * A KeyObject, made once: `createHmac` with a Buffer key builds one on every call, which cost
   * about five times the HMAC itself (bench/RESULTS.md).
   */
  private readonly key: KeyObject;

  /**
   * `secret` null or empty: a random key for this process only. `known`: the provider names a
   * cursor may carry (the registry's, `CustomerSources.known()`).
   */
  constructor(
    secret: string | null,
    private readonly known: readonly ProviderName[] = CUSTOMER_PROVIDERS,
  ) {
    this.key = createSecretKey(secret ? Buffer.from(secret, "utf8") : randomBytes(32));
  }

  encode(filter: CustomerFilter, positions: CursorPositions): string {
    return this.encoderFor(filter)(positions);
  }

  /** Encodes cursors of one filter: its fingerprint is taken once for a whole page of edges. */
  encoderFor(filter: CustomerFilter): (positions: CursorPositions) => string {
    const fingerprint = filterFingerprint(filter);
    return (positions) => {
      const payload: CursorPayload = { v: CURSOR_VERSION, f: fingerprint, p: {} };
      for (const [provider, entry] of Object.entries(positions)) {
        if (entry) payload.p[provider] = entry.done ? null : entry.position;
      }
      const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
      return `${body}.${this.sign(body)}`;
    };
  }

  /** The positions in `cursor`; BAD_USER_INPUT on `after` for anything we did not make for `filter`. */
  decode(cursor: string, filter: CustomerFilter): CursorPositions {
    const invalid = new BadUserInputError("after", INVALID_CURSOR_MESSAGE);
    if (cursor.length > MAX_CURSOR_LENGTH) throw invalid;
    const parts = cursor.split(".");
    if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0])) throw invalid;
    const [body, mac] = parts;
    const expected = Buffer.from(this.sign(body), "utf8");
    const given = Buffer.from(mac, "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid;

    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    } catch {
      throw invalid;
    }
    if (typeof payload !== "object" || payload === null) throw invalid;
    const { v, f, p } = payload as Partial<CursorPayload>;
    if (v !== CURSOR_VERSION || typeof f !== "string") throw invalid;
    if (typeof p !== "object" || p === null || Array.isArray(p)) throw invalid;
    if (f !== filterFingerprint(filter)) {
      throw new BadUserInputError("after", FOREIGN_CURSOR_MESSAGE);
    }
    const positions: CursorPositions = {};
    for (const [name, value] of Object.entries(p)) {
      if (!this.known.includes(name) || !isPosition(value)) throw invalid;
      positions[name] =
        value === null ? { position: 0, done: true } : { position: value, done: false };
    }
    return positions;
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key)
      .update(body)
      .digest()
      .subarray(0, MAC_BYTES)
      .toString("base64url");
  }
}
