import { LOANPRO_CAPABILITIES } from "./loanpro/loanpro.capabilities.js";
import { simPayCapabilities, SIMPAY_CAPABILITIES } from "./simpay/simpay.capabilities.js";
import { lengthIn, validateCapabilities } from "../model/capabilities.js";
import type { Customer } from "../model/customer.js";
import { hasUnsafeCharacters } from "../model/text.js";

describe("hasUnsafeCharacters", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["tab (C0)", "a\tb"],
    ["newline (C0)", "line\n"],
    ["ESC of an ANSI colour", "\u001b[31mred"],
    ["DEL", "a\u007f"],
    ["C1 (NEL)", "a\u0085"],
    ["C1 (CSI)", "\u009b31m"],
    ["RLO", "abc\u202e"],
    ["LRE", "\u202aabc"],
    ["PDF", "a\u202cb"],
    ["LRI", "a\u2066b"],
    ["PDI", "a\u2069b"],
    ["a lone high surrogate", "a\ud800"],
    ["a lone high surrogate before a letter", "\ud800a"],
    ["a lone low surrogate", "\udc00a"],
    ["two high surrogates", "\ud800\ud800\udc00"],
  ])("refuses %s", (_name, value) => {
    expect(hasUnsafeCharacters(value)).toBe(true);
  });

  it.each([
    ["plain text", "Ada Lovelace"],
    ["accents and CJK", "Zoë 山田"],
    ["emoji (a surrogate pair)", "😀 Bakery"],
    ["an apostrophe and a dash", "O'Brien-Smith"],
    ["a right-to-left name without controls", "שלום"],
    ["the LRM/RLM marks (not overrides)", "a\u200eb\u200f"],
  ])("accepts %s", (_name, value) => {
    expect(hasUnsafeCharacters(value)).toBe(false);
  });
});

describe("lengths in each provider's unit", () => {
  const current = { provider: "SIMPAY" } as Customer;
  const emoji = (count: number) => "😀".repeat(count);

  it("counts UTF-16 code units or code points", () => {
    expect(lengthIn(emoji(3), "UTF-16 code units")).toBe(6);
    expect(lengthIn(emoji(3), "Unicode code points")).toBe(3);
  });

  it("applies SimPay's 50 in UTF-16 code units by default: 25 emoji fit, 26 do not", () => {
    const check = (count: number) =>
      validateCapabilities(
        { defaultContact: { firstName: emoji(count) } },
        current,
        SIMPAY_CAPABILITIES,
      );
    expect(check(25)).toEqual([]);
    expect(check(26)).toEqual([
      expect.objectContaining({ path: ["defaultContact", "firstName"], code: "TOO_LONG" }),
    ]);
  });

  it("applies SimPay's 50 in code points when configured so", () => {
    const caps = simPayCapabilities("Unicode code points");
    const errors = validateCapabilities(
      { defaultContact: { firstName: emoji(50) } },
      current,
      caps,
    );
    expect(errors).toEqual([]);
  });

  it("applies LoanPro's common 100 in the same unit: 50 emoji fit, 51 do not", () => {
    const loanpro = { provider: "LOANPRO" } as Customer;
    const check = (count: number) =>
      validateCapabilities({ firstName: emoji(count) }, loanpro, LOANPRO_CAPABILITIES);
    expect(check(50)).toEqual([]);
    expect(check(51)).toEqual([expect.objectContaining({ path: ["firstName"], code: "TOO_LONG" })]);
  });

  it("reports refused characters as INVALID once per field, without the value", () => {
    const errors = validateCapabilities(
      { defaultContact: { mobilePhone: "555\u0000", firstName: "x".repeat(60) + "\u202e" } },
      current,
      SIMPAY_CAPABILITIES,
    );
    expect(errors).toEqual([
      {
        path: ["defaultContact", "firstName"],
        code: "INVALID",
        message:
          "Must not contain control characters, unpaired surrogates or bidirectional text controls.",
      },
      {
        path: ["defaultContact", "mobilePhone"],
        code: "INVALID",
        message:
          "Must not contain control characters, unpaired surrogates or bidirectional text controls.",
      },
    ]);
  });
});
