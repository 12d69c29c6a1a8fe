import type { Customer } from "./customer.js";
import { compareLinkedOrder, distinctLinkKeys, groupByLinkKey, linkKey } from "./customer-links.js";

function record(provider: "LOANPRO" | "SIMPAY", providerId: string, externalId: string | null) {
  return {
    id: `${provider.toLowerCase()}:${providerId}`,
    provider,
    providerId,
    externalId,
  } as Customer;
}

describe("linked customers (pure rules)", () => {
  it("compares external ids exactly after trimming; blank is no link", () => {
    expect(linkKey("  IMP-1001 ")).toBe("IMP-1001");
    expect(linkKey("imp-1001")).not.toBe(linkKey("IMP-1001"));
    expect(linkKey("   ")).toBeNull();
    expect(linkKey(null)).toBeNull();
    expect(distinctLinkKeys([" A", "A ", "", "B"])).toEqual(["A", "B"]);
  });

  it("keeps only exact matches of the keys asked, each once, in the stable order", () => {
    const grouped = groupByLinkKey(
      ["A", "B"],
      [
        record("SIMPAY", "48237", "A"),
        record("SIMPAY", "48236", " A"),
        record("SIMPAY", "48236", " A"),
        record("SIMPAY", "48300", "AB"), // a substring match a provider might return
        record("SIMPAY", "48301", "a"), // a case-insensitive one
      ],
    );
    expect(grouped.get("A")?.map((customer) => customer.id)).toEqual([
      "simpay:48236",
      "simpay:48237",
    ]);
    expect(grouped.get("B")).toEqual([]);
  });

  it("orders LoanPro before SimPay, then by provider id as a number", () => {
    const sorted = [
      record("SIMPAY", "48236", "A"),
      record("LOANPRO", "10000", "A"),
      record("LOANPRO", "9", "A"),
    ].sort(compareLinkedOrder);
    expect(sorted.map((customer) => customer.id)).toEqual([
      "loanpro:9",
      "loanpro:10000",
      "simpay:48236",
    ]);
  });
});
