import { LOANPRO_MAX_QUERY_LENGTH, loanProQueryLength } from "./loanpro.list.js";
import { chunkExternalIds, toLoanProLinkRequest } from "./loanpro.links.js";

describe("LoanPro customId lookups", () => {
  const keys = Array.from({ length: 120 }, (_, index) => `EXT-${String(index).padStart(5, "0")}`);

  it("packs keys greedily: each chunk fits the budget and the next key would not", () => {
    const { chunks, tooLong } = chunkExternalIds(keys);
    expect(tooLong).toEqual([]);
    expect(chunks.flat()).toEqual(keys);
    const worstCase = (chunk: string[]) =>
      loanProQueryLength(toLoanProLinkRequest(chunk, 450).params);
    chunks.forEach((chunk, index) => {
      expect(worstCase(chunk)).toBeLessThanOrEqual(LOANPRO_MAX_QUERY_LENGTH);
      const next = chunks[index + 1]?.[0];
      if (next !== undefined) {
        expect(worstCase([...chunk, next])).toBeGreaterThan(LOANPRO_MAX_QUERY_LENGTH);
      }
    });
  });

  it("quotes a quote inside an id and never sends an id that cannot fit alone", () => {
    const { chunks, tooLong } = chunkExternalIds(["O'Brien", "x".repeat(3_000)]);
    expect(chunks).toEqual([["O'Brien"]]);
    expect(tooLong).toHaveLength(1);
    expect(toLoanProLinkRequest(["O'Brien"], 0).params?.$filter).toBe("customId eq 'O''Brien'");
  });
});
