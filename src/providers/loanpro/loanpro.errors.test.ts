import { UpstreamAuthError, UpstreamUnavailableError } from "../../model/errors.js";
import { readLoanProErrorBody, toLoanProReadError, toLoanProRejection } from "./loanpro.errors.js";

const WARNING_BODY = {
  error: { message: "Transaction warnings found.", type: "TransactionWarningException", code: 500 },
  warnings: [
    "(Email) Email 'jane@example.test' already found in the system (Customer ID 396: Jane Doe).",
    "(Phones) Phone '8015550100' already found in the system (Customer ID 396: Jane Doe).",
  ],
};

describe("loanpro errors", () => {
  test("reads both body families, under d too", () => {
    expect(
      readLoanProErrorBody({ d: { error: { message: { lang: "en-US", value: "Bad" } } } }),
    ).toEqual({
      type: null,
      messages: ["Bad"],
      warnings: [],
    });
    expect(
      readLoanProErrorBody({
        code: "401-CN0001",
        message: "Unauthorized",
        context: { errors: ["why"] },
      }),
    ).toEqual({ type: null, messages: ["Unauthorized", "why"], warnings: [] });
    expect(readLoanProErrorBody("<html>")).toEqual({ type: null, messages: [], warnings: [] });
  });

  test("maps read statuses to auth and outage errors", () => {
    expect(toLoanProReadError(401)).toBeInstanceOf(UpstreamAuthError);
    expect(toLoanProReadError(403)).toBeInstanceOf(UpstreamAuthError);
    for (const status of [429, 500, 503]) {
      const error = toLoanProReadError(status);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect(error.retryable).toBe(true);
    }
    expect(toLoanProReadError(409).retryable).toBe(false);
  });

  test("turns transaction warnings into CONFLICT per named field without copying their text", () => {
    const rejection = toLoanProRejection(409, WARNING_BODY);
    expect(rejection.fieldErrors.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: ["email"], code: "CONFLICT" },
      { path: [], code: "CONFLICT" },
    ]);
    expect(rejection.log).toEqual({
      status: 409,
      errorType: "TransactionWarningException",
      warningCount: 2,
      warningFields: ["email", "(none)"],
    });
    const text = JSON.stringify(rejection);
    for (const leaked of ["jane@example.test", "Jane", "8015550100", "396"]) {
      expect(text).not.toContain(leaked);
    }
  });

  test("turns any other refusal into REJECTED_BY_PROVIDER with a fixed message", () => {
    const rejection = toLoanProRejection(409, { error: { message: "Mail Address is required" } });
    expect(rejection.fieldErrors).toEqual([
      { path: [], code: "REJECTED_BY_PROVIDER", message: "LoanPro rejected the update." },
    ]);
  });
});
