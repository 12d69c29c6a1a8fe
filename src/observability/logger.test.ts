import { createLogger, redactSecrets, safeErrorSerializer } from "./logger.js";
import { requestContextFor, runWithRequestContext } from "./request-context.js";

function capture(level = "trace") {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const logger = createLogger({
    level,
    destination: {
      write: (line: string) => {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return { logger, lines, raw };
}

describe("createLogger", () => {
  it("redacts secrets by key at every logged depth, dashed cookie names included", () => {
    const { logger, raw } = capture();
    logger.info(
      {
        authorization: "Bearer top-level-secret",
        upstream: { headers: { Cookie: "ss-id=cookie-secret", "set-cookie": "x=set-secret" } },
        session: { "ss-id": "session-secret", BearerToken: "bearer-secret" },
        customer: { ssn: "987650123", driverLicense: "DL-77", portalPassword: "pw-88" },
        password: "password-secret",
      },
      "secrets",
    );
    for (const secret of [
      "top-level-secret",
      "cookie-secret",
      "set-secret",
      "session-secret",
      "bearer-secret",
      "987650123",
      "DL-77",
      "pw-88",
      "password-secret",
    ]) {
      expect(raw.join("")).not.toContain(secret);
    }
    expect(raw.join("")).toContain("[redacted]");
  });

  it("redacts secret keys deeper than two levels, inside arrays and in child bindings", () => {
    const { logger, raw } = capture();
    logger
      .child({ session: { sessionId: "binding-secret" } })
      .info(
        { a: { b: { c: { token: "deep-secret" } } }, list: [{ ssn: "111223333" }, "plain"] },
        "deep",
      );
    const line = raw.join("");
    for (const secret of ["binding-secret", "deep-secret", "111223333"]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(raw[0])).toMatchObject({ list: [{ ssn: "[redacted]" }, "plain"] });
  });

  it("does not change the object the caller logged and returns a line without secrets as it is", () => {
    const logged = { upstream: { headers: { Authorization: "Bearer x" } }, count: 1 };
    const redacted = redactSecrets(logged);
    expect(logged.upstream.headers.Authorization).toBe("Bearer x");
    expect(redacted.upstream.headers.Authorization).toBe("[redacted]");
    const clean = { operationName: "ReadCustomer", durationMs: 3 };
    expect(redactSecrets(clean)).toBe(clean);
  });

  it("logs an error as its name and code only, never its message", () => {
    const error = Object.assign(new Error("GET /customers?ssn=987650123 failed"), {
      code: "ECONNRESET",
      config: { headers: { Authorization: "Bearer secret" } },
    });
    const { logger, raw } = capture();
    logger.error({ err: error }, "failure");
    expect(JSON.parse(raw[0]).err).toEqual({ errorName: "Error", errorCode: "ECONNRESET" });
    expect(safeErrorSerializer("text")).toEqual({ errorName: "string" });
  });

  it("adds the request id and operation name of the current request to every line", () => {
    const { logger, lines } = capture();
    runWithRequestContext({ requestId: "req-1", operationName: "ReadCustomer" }, () => {
      logger.child({ provider: "LOANPRO" }).debug("inside");
    });
    logger.info("outside");
    expect(lines[0]).toMatchObject({
      requestId: "req-1",
      operationName: "ReadCustomer",
      provider: "LOANPRO",
    });
    expect(lines[1].requestId).toBeUndefined();
  });

  it("does not write the request id twice when a child logger already binds it", () => {
    const { logger, raw } = capture();
    runWithRequestContext({ requestId: "req-2" }, () => {
      logger.child({ requestId: "req-2" }).info("bound");
    });
    expect(raw[0].split('"requestId"').length).toBe(2);
  });

  it("honours the configured level", () => {
    const { logger, lines } = capture("warn");
    logger.info("dropped");
    logger.warn("kept");
    expect(lines.map((line) => line.msg)).toEqual(["kept"]);
  });
});

describe("requestContextFor", () => {
  it("runs the rest of the request in its context, keeping only a well-formed operation name", () => {
    const { logger, lines } = capture();
    const next = () => logger.info("handled");
    runWithRequestContext(
      requestContextFor({ operationName: "Read Customer; drop" }, "req-3"),
      next,
    );
    runWithRequestContext(requestContextFor({ operationName: "UpdateCustomer" }, "req-4"), next);
    expect(lines[0]).toMatchObject({ requestId: "req-3" });
    expect(lines[0].operationName).toBeUndefined();
    expect(lines[1]).toMatchObject({ requestId: "req-4", operationName: "UpdateCustomer" });
  });
});
