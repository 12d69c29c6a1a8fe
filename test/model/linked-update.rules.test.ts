import { LOANPRO_CAPABILITIES } from "../../src/providers/loanpro/loanpro.capabilities.js";
import { SIMPAY_CAPABILITIES } from "../../src/providers/simpay/simpay.capabilities.js";
import type { Customer } from "../../src/model/customer.js";
import {
  holdsPreviousValues,
  isConsistent,
  reversePatch,
  skippedByAll,
  splitPatch,
} from "../../src/model/linked-update.js";

const before = {
  email: "old@example.test",
  primaryAddress: { line1: "1 Old Rd", line2: null, city: "Provo", region: "UT" },
  billingAddress: null,
} as unknown as Customer;

describe("linked update rules", () => {
  it("splits a patch by what each provider can write", () => {
    const patch = {
      email: "a@example.test",
      primaryAddress: { line1: "x" },
      billingAddress: { line1: "y" },
    };
    const loanpro = splitPatch(patch, LOANPRO_CAPABILITIES);
    const simpay = splitPatch(patch, SIMPAY_CAPABILITIES);
    expect(loanpro).toEqual({
      applicable: { email: "a@example.test", primaryAddress: { line1: "x" } },
      skipped: [["billingAddress"]],
    });
    expect(simpay.skipped).toEqual([["primaryAddress"]]);
    expect(skippedByAll([loanpro, simpay])).toEqual([]);
    expect(skippedByAll([simpay])).toEqual([["primaryAddress"]]);
  });

  it("writes back the previous values of what was written, and refuses write-only fields", () => {
    expect(
      reversePatch(
        {
          email: "a@example.test",
          primaryAddress: { line1: "x", line2: "y" },
          mailingAddress: { line1: "z" },
        },
        before,
        LOANPRO_CAPABILITIES,
      ),
    ).toEqual({
      email: "old@example.test",
      primaryAddress: { line1: "1 Old Rd", line2: null },
      mailingAddress: null,
    });
    expect(reversePatch({ driverLicense: "X1" }, before, LOANPRO_CAPABILITIES)).toBeNull();
  });

  it("compares the written fields only", () => {
    const after = { ...before, email: "old@example.test", lastName: "changed" } as Customer;
    expect(holdsPreviousValues({ email: "a@example.test" }, before, after)).toBe(true);
    expect(
      holdsPreviousValues({ email: "a@example.test" }, before, {
        ...before,
        email: "a",
      } as Customer),
    ).toBe(false);
  });

  it("calls consistent only what was read back and agrees", () => {
    const r = (
      outcome: "APPLIED" | "UNCHANGED" | "NOT_APPLIED" | "COMPENSATED" | "UNKNOWN",
      readBack = true,
    ) => ({
      outcome,
      readBack,
    });
    expect(isConsistent([r("APPLIED"), r("UNCHANGED")])).toBe(true);
    expect(isConsistent([r("COMPENSATED"), r("NOT_APPLIED", false)])).toBe(true);
    expect(isConsistent([r("APPLIED"), r("NOT_APPLIED")])).toBe(false);
    expect(isConsistent([r("APPLIED"), r("UNKNOWN", false)])).toBe(false);
    expect(isConsistent([r("APPLIED", false), r("APPLIED")])).toBe(false);
  });
});
