/**
 * SimPay's settings, read from the environment by its module (simpay.module.ts). Nothing here
 * imports config.ts: the global settings stay there, this provider's live with it.
 */
import { parseLengthUnit, type LengthUnit } from "../../model/capabilities.js";
import { readBoolean, readInteger, readUrl, requireAll, type Env } from "../../environment.js";

export interface SimPayConfig {
  /** Up to and including `/api`. */
  apiUrl: string;
  username: string;
  password: string;
  /**
   * How zone-less timestamps are read (docs/providers/simpay.md §8: UNCONFIRMED): "UTC" or a
   * fixed offset such as "-05:00".
   */
  timestampOffset: string;
  /**
   * At most this many customer GETs at once when many customers are read together (`_entities`,
   * getMany): SimPay has no batch read (docs/providers/simpay.md §3). `SIMPAY_READ_CONCURRENCY`;
   * absent in a config built by hand, which means DEFAULT_SIMPAY_READ_CONCURRENCY.
   */
  readConcurrency?: number;
  /**
   * Whether the `customers` name filter is sent to SimPay as `CustomerName`
   * (docs/providers/simpay.md §3 leaves exact-vs-substring matching UNCONFIRMED; off, the product
   * filters a scan itself). `SIMPAY_NAME_PUSH_DOWN`; absent in a config built by hand, which means
   * off.
   */
  namePushDown?: boolean;
  /**
   * How SimPay counts text lengths (`SIMPAY_LENGTH_UNIT`: utf16 or codepoints; docs/providers/simpay.md §6 UNCONFIRMED).
   * Absent in a config built by hand: UTF-16 code units.
   */
  lengthUnit?: LengthUnit;
  /**
   * Whether the US territories, freely associated states, military codes and `NF` are region
   * codes SimPay takes (docs/providers/simpay.md §7: UNCONFIRMED). `SIMPAY_ALLOW_TERRITORIES`;
   * absent in a config built by hand, which means off.
   */
  allowTerritories?: boolean;
}

/** Default of `SIMPAY_READ_CONCURRENCY`. */
export const DEFAULT_SIMPAY_READ_CONCURRENCY = 8;

/**
 * SIMPAY_* variables: null unless SIMPAY_API_URL is set. The optional ones are checked even then,
 * so a typo is reported before the URL is added. The password is never trimmed nor echoed.
 */
export function readSimPayConfig(env: Env, problems: string[]): SimPayConfig | null {
  const apiUrl = readUrl(env, "SIMPAY_API_URL", problems);
  const timestampOffset = env.SIMPAY_TIMESTAMP_OFFSET?.trim() || "UTC";
  if (timestampOffset !== "UTC" && !/^[+-](0\d|1[0-4]):[0-5]\d$/.test(timestampOffset)) {
    problems.push('SIMPAY_TIMESTAMP_OFFSET must be "UTC" or an offset such as "-05:00"');
  }
  const readConcurrency = readInteger(
    env,
    "SIMPAY_READ_CONCURRENCY",
    DEFAULT_SIMPAY_READ_CONCURRENCY,
    [1, 64],
    problems,
  );
  const namePushDown = readBoolean(env, "SIMPAY_NAME_PUSH_DOWN", false, problems);
  const allowTerritories = readBoolean(env, "SIMPAY_ALLOW_TERRITORIES", false, problems);
  const lengthUnit = parseLengthUnit(env.SIMPAY_LENGTH_UNIT);
  if (lengthUnit === null) problems.push("SIMPAY_LENGTH_UNIT must be utf16 or codepoints");
  if (!apiUrl) return null;
  requireAll(env, ["SIMPAY_USERNAME", "SIMPAY_PASSWORD"], "SIMPAY_API_URL is set", problems);
  return {
    apiUrl,
    username: env.SIMPAY_USERNAME?.trim() ?? "",
    password: env.SIMPAY_PASSWORD ?? "",
    timestampOffset,
    readConcurrency,
    namePushDown,
    lengthUnit: lengthUnit ?? undefined,
    allowTerritories,
  };
}
