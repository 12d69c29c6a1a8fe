import { GraphQLError } from "graphql";
import { isLocalDate, SCALAR_MESSAGES } from "./scalars.js";
import { withoutEchoedValue } from "./to-graphql-error.js";

describe("withoutEchoedValue", () => {
  it("drops the value from a variable coercion message and keeps the place", () => {
    const message =
      'Variable "$input" got invalid value 900112222 at "input.governmentId.number"; String cannot represent a non string value: 900112222';
    expect(withoutEchoedValue(message, new GraphQLError(message))).toBe(
      'Variable "$input" got an invalid value at "input.governmentId.number".',
    );
  });

  it("keeps our own scalar sentence, which never quotes the value", () => {
    const cause = new GraphQLError(SCALAR_MESSAGES.localDate);
    const message = `Variable "$input" got invalid value "2021-02-29" at "input.birthDate"; ${SCALAR_MESSAGES.localDate}`;
    const error = new GraphQLError(message, { originalError: cause });
    expect(withoutEchoedValue(message, error)).toBe(
      `Variable "$input" got an invalid value at "input.birthDate". ${SCALAR_MESSAGES.localDate}`,
    );
  });

  it("drops the value from a literal validation message", () => {
    const message = 'Expected value of type "LocalDate", found "1999-99-99"; whatever';
    expect(withoutEchoedValue(message, new GraphQLError(message))).toBe(
      'Expected a value of type "LocalDate".',
    );
  });

  it("leaves other messages as they are", () => {
    const message = 'Cannot query field "nope" on type "Customer".';
    expect(withoutEchoedValue(message, new GraphQLError(message))).toBe(message);
  });
});

describe("isLocalDate", () => {
  it("accepts real calendar dates, including 29 February of a leap year", () => {
    expect(isLocalDate("2024-02-29")).toBe(true);
    expect(isLocalDate("1988-04-12")).toBe(true);
  });

  it("rejects impossible dates and other formats", () => {
    for (const value of ["2023-02-29", "2020-13-01", "2020-04-31", "20200101", "2020-1-01"]) {
      expect(isLocalDate(value)).toBe(false);
    }
  });
});
