import { createHmac } from "node:crypto";
import { BadUserInputError } from "../model/errors.js";
import {
  CursorCodec,
  FOREIGN_CURSOR_MESSAGE,
  INVALID_CURSOR_MESSAGE,
  filterFingerprint,
} from "./customer-list.cursor.js";

const SECRET = "a-test-secret-of-enough-length";
const FILTER = { name: "doe", status: "ACTIVE" as const };

function refusal(run: () => unknown): BadUserInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof BadUserInputError) return error;
    throw error;
  }
  throw new Error("expected a BadUserInputError");
}

/** Re-encodes a cursor's JSON body with a change, keeping the original signature. */
function withBody(cursor: string, change: (payload: Record<string, unknown>) => void): string {
  const [body, mac] = cursor.split(".");
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<
    string,
    unknown
  >;
  change(payload);
  return `${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${mac}`;
}

describe("CursorCodec", () => {
  const codec = new CursorCodec(SECRET);
  const cursor = codec.encode(FILTER, {
    LOANPRO: { position: 0, done: true },
    SIMPAY: { position: 14, done: false },
  });

  it("round-trips each provider's position and done flag", () => {
    expect(codec.decode(cursor, FILTER)).toEqual({
      LOANPRO: { position: 0, done: true },
      SIMPAY: { position: 14, done: false },
    });
  });

  it("is base64url of a versioned JSON followed by a signature", () => {
    const [body, mac] = cursor.split(".");
    expect(JSON.parse(Buffer.from(body, "base64url").toString("utf8"))).toEqual({
      v: 1,
      f: filterFingerprint(FILTER),
      p: { LOANPRO: null, SIMPAY: 14 },
    });
    expect(mac).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it("refuses a cursor whose position was changed, naming `after`", () => {
    const tampered = withBody(cursor, (payload) => {
      payload.p = { LOANPRO: null, SIMPAY: 0 };
    });
    const error = refusal(() => codec.decode(tampered, FILTER));
    expect(error.field).toBe("after");
    expect(error.message).toBe(INVALID_CURSOR_MESSAGE);
  });

  it("refuses a cursor whose signature was changed", () => {
    const last = cursor.at(-1) === "A" ? "B" : "A";
    expect(refusal(() => codec.decode(cursor.slice(0, -1) + last, FILTER)).field).toBe("after");
  });

  it("refuses a cursor signed with another key (another server without CURSOR_SECRET)", () => {
    const other = new CursorCodec(null);
    expect(refusal(() => other.decode(cursor, FILTER)).message).toBe(INVALID_CURSOR_MESSAGE);
  });

  it("accepts a cursor from another codec with the same secret (a restart, a replica)", () => {
    expect(new CursorCodec(SECRET).decode(cursor, FILTER).SIMPAY).toEqual({
      position: 14,
      done: false,
    });
  });

  it("refuses a genuine cursor used with another filter", () => {
    const error = refusal(() => codec.decode(cursor, { name: "doe" }));
    expect(error.field).toBe("after");
    expect(error.message).toBe(FOREIGN_CURSOR_MESSAGE);
  });

  it("treats the same filter with extra spaces or empty strings as the same filter", () => {
    expect(() =>
      codec.decode(cursor, { name: "  doe ", status: "ACTIVE", email: "" }),
    ).not.toThrow();
  });

  it.each([
    ["an empty string", ""],
    ["no signature", "eyJ2IjoxfQ"],
    ["three parts", "a.b.c"],
    ["characters outside base64url", "ab+/.cd"],
    ["a very long string", "a".repeat(600) + ".b"],
  ])("refuses %s", (_label, forged) => {
    expect(refusal(() => codec.decode(forged, FILTER)).field).toBe("after");
  });

  it.each([
    ["another version", { v: 2 }],
    ["a negative position", { p: { LOANPRO: -1 } }],
    ["a fractional position", { p: { LOANPRO: 1.5 } }],
    ["an unknown provider", { p: { ACME: 1 } }],
  ])("refuses a correctly signed cursor with %s", (_label, change) => {
    // Signed with the right key, so only the content checks can refuse it.
    const sign = (body: string): string =>
      createHmac("sha256", SECRET).update(body).digest().subarray(0, 16).toString("base64url");
    const encode = (payload: object): string => {
      const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return `${body}.${sign(body)}`;
    };
    const valid = { v: 1, f: filterFingerprint(FILTER), p: { LOANPRO: 3 } };
    expect(codec.decode(encode(valid), FILTER)).toEqual({
      LOANPRO: { position: 3, done: false },
    });
    expect(refusal(() => codec.decode(encode({ ...valid, ...change }), FILTER)).field).toBe(
      "after",
    );
  });
});
