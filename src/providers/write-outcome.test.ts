import {
  UpstreamAuthError,
  UpstreamTimeoutError,
  UpstreamUnavailableError,
} from "../model/errors.js";
import {
  classifyWriteFailure,
  classifyWriteStatus,
  compareWrite,
  settleWriteOutcome,
  writeOutcomeAfterReadBack,
} from "./write-outcome.js";

const before = {
  id: 7,
  firstName: "Ada",
  email: "ada@example.test",
  PrimaryAddress: { id: 3, city: "Provo", zipcode: "84601" },
};
const sent = {
  __id: 7,
  __update: true,
  email: "new@example.test",
  PrimaryAddress: { __id: 3, __update: true, city: "Ogden" },
};

describe("compareWrite", () => {
  it("answers APPLIED when every sent field now holds the sent value", () => {
    const after = { ...before, email: "new@example.test", PrimaryAddress: { city: "Ogden" } };
    expect(compareWrite(sent, before, after)).toEqual({
      outcome: "APPLIED",
      applied: 2,
      unchanged: 0,
      different: 0,
    });
  });

  it("answers NOT_APPLIED when every sent field still holds its old value", () => {
    expect(compareWrite(sent, before, structuredClone(before)).outcome).toBe("NOT_APPLIED");
  });

  it("answers UNKNOWN when only part of the write is visible", () => {
    const after = { ...before, email: "new@example.test" };
    expect(compareWrite(sent, before, after).outcome).toBe("UNKNOWN");
  });

  it("answers UNKNOWN when a field holds a third value", () => {
    const after = { ...before, email: "other@example.test", PrimaryAddress: { city: "Ogden" } };
    expect(compareWrite(sent, before, after).outcome).toBe("UNKNOWN");
  });

  it("answers UNKNOWN when no sent field differs from the old record", () => {
    expect(compareWrite({ firstName: "Ada" }, before, before).outcome).toBe("UNKNOWN");
  });

  it("skips fields sent with their old value, such as SimPay's whole DefaultContact", () => {
    const simPayBefore = { DefaultContact: { FirstName: "Ada", LastName: "Lovelace" } };
    const simPaySent = { DefaultContact: { FirstName: "Ada", LastName: "Byron" } };
    const after = { DefaultContact: { FirstName: "Ada", LastName: "Byron" } };
    expect(compareWrite(simPaySent, simPayBefore, after)).toMatchObject({
      outcome: "APPLIED",
      applied: 1,
    });
  });

  it("matches member names case-insensitively (SimPay CustomerId in, CustomerID out)", () => {
    const result = compareWrite(
      { CustomerId: "X-2" },
      { CustomerID: "X-1" },
      { CustomerID: "X-2" },
    );
    expect(result.outcome).toBe("APPLIED");
  });

  it("treats absent, null and the empty string as one value", () => {
    const result = compareWrite({ middleName: null }, { middleName: "M" }, { middleName: "" });
    expect(result.outcome).toBe("APPLIED");
  });

  it("ignores write-only keys and normalizes read values", () => {
    const result = compareWrite(
      { accessPassword: "pw", birthDate: "1990-01-02" },
      { accessPassword: null, birthDate: "/Date(0)/" },
      { accessPassword: null, birthDate: "/Date(631238400)/" },
      {
        ignoreKeys: ["accessPassword"],
        normalize: (_key, value) =>
          value === "/Date(631238400)/" ? "1990-01-02" : value === "/Date(0)/" ? null : value,
      },
    );
    expect(result).toMatchObject({ outcome: "APPLIED", applied: 1 });
  });
});

describe("classifyWriteFailure", () => {
  it("treats a timeout as possibly still running", () => {
    expect(classifyWriteFailure(new UpstreamTimeoutError("LOANPRO"))).toBe("MAY_STILL_RUN");
  });

  it("treats a reset connection after sending as ambiguous", () => {
    const error = new UpstreamUnavailableError("SIMPAY", { transportCode: "ECONNRESET" });
    expect(classifyWriteFailure(error)).toBe("AMBIGUOUS");
  });

  it("treats a refused connection and a refusal by the breaker as not sent", () => {
    const refused = new UpstreamUnavailableError("SIMPAY", { transportCode: "ECONNREFUSED" });
    expect(classifyWriteFailure(refused)).toBe("NOT_SENT");
    const breaker = new UpstreamUnavailableError("SIMPAY", { notSent: true });
    expect(classifyWriteFailure(breaker)).toBe("NOT_SENT");
  });

  it("treats an unavailability with neither status nor transport code as ambiguous", () => {
    expect(classifyWriteFailure(new UpstreamUnavailableError("SIMPAY"))).toBe("AMBIGUOUS");
  });

  it("treats auth failures as not applied", () => {
    expect(classifyWriteFailure(new UpstreamAuthError("LOANPRO", 401))).toBe("NOT_SENT");
  });

  it("classifies statuses: 504 may still run, other 5xx are ambiguous, 429 is a refusal", () => {
    expect(classifyWriteStatus(504)).toBe("MAY_STILL_RUN");
    expect(classifyWriteStatus(503)).toBe("AMBIGUOUS");
    expect(classifyWriteStatus(500)).toBe("AMBIGUOUS");
    expect(classifyWriteStatus(429)).toBe("NOT_SENT");
  });

  it("treats a provider's own timeout status as possibly still running when told so", () => {
    // docs/providers/loanpro.md §10: LoanPro answers its timeouts with 500.
    expect(classifyWriteStatus(500, [500, 504])).toBe("MAY_STILL_RUN");
    const error = new UpstreamUnavailableError("LOANPRO", { status: 500 });
    expect(classifyWriteFailure(error, [500, 504])).toBe("MAY_STILL_RUN");
  });
});

describe("writeOutcomeAfterReadBack", () => {
  const unchanged = { outcome: "NOT_APPLIED" as const, applied: 0, unchanged: 1, different: 0 };

  it("never answers NOT_APPLIED when the write may still be running", () => {
    expect(writeOutcomeAfterReadBack("MAY_STILL_RUN", unchanged)).toBe("UNKNOWN");
    expect(writeOutcomeAfterReadBack("AMBIGUOUS", unchanged)).toBe("NOT_APPLIED");
  });

  it("answers UNKNOWN when the read-back failed", () => {
    expect(writeOutcomeAfterReadBack("AMBIGUOUS", undefined)).toBe("UNKNOWN");
  });
});

describe("settleWriteOutcome", () => {
  it("does not read back a write that was never sent", async () => {
    const readBack = jest.fn();
    const error = await settleWriteOutcome({
      error: new UpstreamUnavailableError("LOANPRO"),
      kind: "NOT_SENT",
      sent,
      before,
      readBack,
      log: () => undefined,
    });
    expect(error.writeOutcome).toBe("NOT_APPLIED");
    expect(readBack).not.toHaveBeenCalled();
  });

  it("answers UNKNOWN when the read-back fails, and logs counts without values", async () => {
    const logged: Array<Record<string, unknown>> = [];
    const error = await settleWriteOutcome({
      error: new UpstreamTimeoutError("LOANPRO"),
      kind: "MAY_STILL_RUN",
      sent,
      before,
      readBack: () => Promise.reject(new UpstreamTimeoutError("LOANPRO")),
      log: (details) => logged.push(details),
    });
    expect(error.writeOutcome).toBe("UNKNOWN");
    expect(logged).toEqual([
      {
        writeOutcome: "UNKNOWN",
        failure: "MAY_STILL_RUN",
        errorCode: "UPSTREAM_TIMEOUT",
        readBackFailed: true,
      },
    ]);
  });

  it("answers APPLIED when the read-back shows the write", async () => {
    const error = await settleWriteOutcome({
      error: new UpstreamUnavailableError("LOANPRO", { transportCode: "ECONNRESET" }),
      kind: "AMBIGUOUS",
      sent,
      before,
      readBack: () =>
        Promise.resolve({
          ...before,
          email: "new@example.test",
          PrimaryAddress: { city: "Ogden" },
        }),
      log: () => undefined,
    });
    expect(error.writeOutcome).toBe("APPLIED");
  });
});
