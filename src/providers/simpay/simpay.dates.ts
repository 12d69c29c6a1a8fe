/**
 * SimPay timestamps (docs/providers/simpay.md §8): the JSON form is most likely zone-less ISO 8601
 * with 7 fractional digits ("2024-05-02T09:15:27.4410000"); ServiceStack's default would be
 * `/Date(1714641327441-0000)/`; date-only "2024-05-02" also occurs. The zone of a zone-less value
 * is UNCONFIRMED, so it is read with a configured offset ("UTC" by default). Pure.
 */

/** "UTC" or a fixed offset such as "-05:00" (simpay.config.ts SimPayConfig.timestampOffset). */
export type TimestampOffset = string;

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MICROSOFT_PATTERN = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const OFFSET_PATTERN = /^([+-])(\d{2}):?(\d{2})$/;

/** Minutes east of UTC for "UTC", "Z", "+02:00", "-0500"; null when it does not parse. */
export function offsetMinutes(offset: TimestampOffset): number | null {
  if (offset === "UTC" || offset === "Z") return 0;
  const match = OFFSET_PATTERN.exec(offset);
  if (!match) return null;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/**
 * Parses a SimPay timestamp; null for missing, unparsable, or .NET's `DateTime.MinValue`
 * ("0001-01-01T00:00:00.0000000"), which ServiceStack prints for an unset DateTime
 * (docs/providers/simpay.md §8).
 */
export function parseSimPayTimestamp(
  value: string | null | undefined,
  zonelessOffset: TimestampOffset = "UTC",
): Date | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();

  const microsoft = MICROSOFT_PATTERN.exec(text);
  if (microsoft) {
    // The milliseconds are UTC; the ±hhmm suffix only says how the server would display them.
    const date = new Date(Number(microsoft[1]));
    return Number.isNaN(date.getTime()) ? null : date;
  }

  const iso = ISO_PATTERN.exec(text);
  if (!iso) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = iso;
  if (year === "0001") return null;
  const offset = offsetMinutes(zone ?? zonelessOffset);
  if (offset === null) return null;
  const milliseconds = fraction ? Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6) : 0;
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
    milliseconds,
  );
  const date = new Date(utc - offset * 60_000);
  // Date.UTC rolls over (month 13, day 32); a rolled-over value was not a real date.
  const check = new Date(utc);
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day)) return null;
  return Number.isNaN(date.getTime()) ? null : date;
}
