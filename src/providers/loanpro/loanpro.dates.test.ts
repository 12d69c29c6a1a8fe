import { isCalendarDate, parseLoanProDate, parseLoanProDateTime } from "./loanpro.dates.js";

describe("loanpro dates", () => {
  test("reads /Date(seconds)/ as seconds, not milliseconds", () => {
    expect(parseLoanProDateTime("/Date(1427829732)/")?.toISOString()).toBe(
      "2015-03-31T19:22:12.000Z",
    );
    expect(parseLoanProDate("/Date(0)/")).toBe("1970-01-01");
    expect(parseLoanProDate("/Date(-86400)/")).toBe("1969-12-31");
  });

  test("reads the zero-date sentinel, null and garbage as no date", () => {
    expect(parseLoanProDate("/Date(-62169984000)/")).toBeNull();
    expect(parseLoanProDate(null)).toBeNull();
    expect(parseLoanProDate("2020-01-01")).toBeNull();
  });

  test("reads a date outside JavaScript's range as no date instead of failing", () => {
    expect(parseLoanProDateTime("/Date(99999999999999)/")).toBeNull();
    expect(parseLoanProDate("/Date(99999999999999)/")).toBeNull();
  });

  test("accepts only real calendar dates written YYYY-MM-DD", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2024-2-1")).toBe(false);
  });
});
