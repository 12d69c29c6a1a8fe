import { offsetMinutes, parseSimPayTimestamp } from "./simpay.dates.js";

describe("parseSimPayTimestamp", () => {
  it("reads a zone-less 7-digit timestamp as UTC by default", () => {
    expect(parseSimPayTimestamp("2024-05-02T09:15:27.4410000")?.toISOString()).toBe(
      "2024-05-02T09:15:27.441Z",
    );
  });

  it("reads a zone-less timestamp with the configured offset", () => {
    expect(parseSimPayTimestamp("2024-05-02T09:15:27.4410000", "-05:00")?.toISOString()).toBe(
      "2024-05-02T14:15:27.441Z",
    );
  });

  it("honours an explicit zone over the configured offset", () => {
    expect(parseSimPayTimestamp("2024-05-02T09:15:27Z", "-05:00")?.toISOString()).toBe(
      "2024-05-02T09:15:27.000Z",
    );
    expect(parseSimPayTimestamp("2024-05-02T09:15:27.1+02:00")?.toISOString()).toBe(
      "2024-05-02T07:15:27.100Z",
    );
  });

  it("reads a date-only value as midnight at the configured offset", () => {
    expect(parseSimPayTimestamp("2024-05-02")?.toISOString()).toBe("2024-05-02T00:00:00.000Z");
    expect(parseSimPayTimestamp("2024-05-02", "+01:00")?.toISOString()).toBe(
      "2024-05-01T23:00:00.000Z",
    );
  });

  it("reads the /Date(ms±hhmm)/ form as UTC milliseconds whatever its suffix", () => {
    expect(parseSimPayTimestamp("/Date(1714641327441-0000)/")?.toISOString()).toBe(
      "2024-05-02T09:15:27.441Z",
    );
    expect(parseSimPayTimestamp("/Date(1714641327441+0200)/")?.toISOString()).toBe(
      "2024-05-02T09:15:27.441Z",
    );
    expect(parseSimPayTimestamp("/Date(1714641327441)/", "-05:00")?.toISOString()).toBe(
      "2024-05-02T09:15:27.441Z",
    );
  });

  it("returns null for missing, unparsable, impossible and DateTime.MinValue values", () => {
    expect(parseSimPayTimestamp(undefined)).toBeNull();
    expect(parseSimPayTimestamp(null)).toBeNull();
    expect(parseSimPayTimestamp("yesterday")).toBeNull();
    expect(parseSimPayTimestamp("2024-02-30T00:00:00")).toBeNull();
    expect(parseSimPayTimestamp("0001-01-01T00:00:00.0000000")).toBeNull();
  });
});

describe("offsetMinutes", () => {
  it("reads UTC and signed offsets", () => {
    expect(offsetMinutes("UTC")).toBe(0);
    expect(offsetMinutes("-05:00")).toBe(-300);
    expect(offsetMinutes("+0530")).toBe(330);
    expect(offsetMinutes("EST")).toBeNull();
  });
});
