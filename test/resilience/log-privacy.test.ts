/**
 * Leak test (docs/architecture.md#privacy): every log line (level trace) and every response body of
 * a run of faults and updates that carry secrets is searched for those secrets. Zero hits. The logs
 * must also hold what makes them useful (request id, upstream method/path/status), so this test
 * fails when logging is simply switched off.
 */
import axios from "axios";
import type { RecordedRequest } from "../../simulators/http-simulator.js";
import {
  LOANPRO_SEED,
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { startStack, type TestStack } from "../integration/harness.js";
import {
  DEADLINE_MS,
  LOANPRO_INSTANCE_ID,
  LOANPRO_TOKEN,
  READ_QUERY,
  RESILIENCE_ENV,
  SIMPAY_PASSWORD,
  SIMPAY_USERNAME,
  UPDATE_MUTATION,
} from "./resilience.harness.js";

/** Valid-looking but unique values, so a hit can only come from this test's input. */
const SSN = "987650123";
/** One SSN sentinel per customer: LoanPro refuses an SSN another customer already has. */
const SSN_BY_CUSTOMER = ["1001", "1002", "1003", "1004", "1005"].map((id) => `98765${id}`);
const ssnFor = (id: string): string => `98765${id.slice(-4)}`;
const DRIVER_LICENSE = "DL-SENTINEL-77";
const PORTAL_PASSWORD = "pw-SENTINEL-88";

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  operationName?: string;
  provider?: string;
  upstream?: { method?: string; path?: string; status?: number; latencyMs?: number };
}

/** Session ids and bearer tokens the SimPay simulator issued, read from what was sent to it. */
function issuedSimPaySecrets(requests: readonly RecordedRequest[]): string[] {
  const secrets = new Set<string>();
  for (const request of requests) {
    const cookie = request.headers.cookie ?? "";
    for (const part of cookie.split(";")) {
      const [name, value] = part.trim().split("=");
      if ((name === "ss-id" || name === "ss-pid") && value) secrets.add(value);
    }
    const authorization = request.headers.authorization ?? "";
    if (authorization.startsWith("Bearer ")) secrets.add(authorization.slice("Bearer ".length));
  }
  return [...secrets];
}

describe("no secret in any log line or response under faults", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let stack: TestStack;
  const responses: string[] = [];
  const requestIds: string[] = [];

  async function send(
    query: string,
    variables: Record<string, unknown>,
    operationName?: string,
  ): Promise<void> {
    const response = await axios.post<string>(
      `${stack.origin}/graphql`,
      { query, variables, ...(operationName ? { operationName } : {}) },
      {
        headers: { "content-type": "application/json" },
        responseType: "text",
        transformResponse: (data: string) => data,
        validateStatus: () => true,
      },
    );
    responses.push(response.data);
    requestIds.push(String(response.headers["x-request-id"]));
  }

  const secretUpdate = (id: string) => ({
    input: {
      id,
      email: `privacy.${id.replace(":", ".")}@example.test`,
      governmentId: { type: "SSN", number: ssnFor(id) },
      driverLicense: DRIVER_LICENSE,
      portalPassword: PORTAL_PASSWORD,
    },
  });

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({
      token: LOANPRO_TOKEN,
      instanceId: LOANPRO_INSTANCE_ID,
    });
    simpay = await startSimPaySimulator({ username: SIMPAY_USERNAME, password: SIMPAY_PASSWORD });
    stack = await startStack({
      loanpro,
      simpay,
      env: { ...RESILIENCE_ENV, LOG_LEVEL: "trace" },
    });

    // Updates carrying secrets: a clean one, then under every write fault.
    await send(UPDATE_MUTATION, secretUpdate("loanpro:1001"), "UpdateCustomer");
    loanpro.inject({ method: "PUT", dropAfterApply: true });
    await send(UPDATE_MUTATION, secretUpdate("loanpro:1002"));
    loanpro.inject({ method: "PUT", drop: true });
    await send(UPDATE_MUTATION, secretUpdate("loanpro:1003"));
    loanpro.inject({ method: "PUT", status: 503, body: { error: { message: SSN } } });
    await send(UPDATE_MUTATION, secretUpdate("loanpro:1004"));
    loanpro.inject({ method: "PUT", delayMs: DEADLINE_MS + 500 });
    await send(UPDATE_MUTATION, secretUpdate("loanpro:1005"));
    // A duplicate of another customer's seeded SSN: LoanPro's warning quotes values.
    await send(UPDATE_MUTATION, {
      input: { id: "loanpro:1006", governmentId: { type: "SSN", number: "900123456" } },
    });
    // SimPay has no SSN or license field: the input is refused, the value must not echo.
    await send(UPDATE_MUTATION, secretUpdate("simpay:48201"));
    simpay.inject({ method: "PATCH", dropAfterApply: true });
    await send(UPDATE_MUTATION, {
      input: { id: "simpay:48202", email: "privacy.simpay@example.test" },
    });

    // Read faults, session expiry, and a refused login.
    loanpro.inject({ method: "GET", status: 503, headers: { "retry-after": "1" } });
    await send(READ_QUERY, { id: "loanpro:1001" }, "ReadCustomer");
    loanpro.inject({ method: "GET", drop: true });
    await send(READ_QUERY, { id: "loanpro:1002" });
    loanpro.inject({ method: "GET", dripMs: 20 });
    await send(READ_QUERY, { id: "loanpro:1003" });
    simpay.expireSessions();
    await send(READ_QUERY, { id: "simpay:48203" });
    simpay.inject({ method: "GET", path: "/customers/", status: 500 });
    await send(READ_QUERY, { id: "simpay:48204" });
    simpay.expireSessions();
    simpay.inject({ method: "POST", path: "/authenticate", status: 401, times: 3 });
    await send(READ_QUERY, { id: "simpay:48205" });
  }, 30_000);

  afterAll(async () => {
    await stack.close();
    await loanpro.close();
    await simpay.close();
  });

  const secrets = (): Array<[string, string]> => {
    const list: Array<[string, string]> = [
      ["ssn sentinel", SSN],
      ...SSN_BY_CUSTOMER.map((value): [string, string] => ["ssn sentinel", value]),
      ["driver license sentinel", DRIVER_LICENSE],
      ["portal password sentinel", PORTAL_PASSWORD],
      ["LoanPro token", LOANPRO_TOKEN],
      ["SimPay password", SIMPAY_PASSWORD],
    ];
    for (const value of issuedSimPaySecrets(simpay.requests)) list.push(["SimPay session", value]);
    for (const customer of LOANPRO_SEED) {
      if (customer.ssn) list.push([`seeded ssn of ${customer.id}`, customer.ssn]);
      if (customer.driverLicense) {
        list.push([`seeded license of ${customer.id}`, customer.driverLicense]);
      }
    }
    return list;
  };

  it("issued SimPay sessions that the search covers", () => {
    // At least the first login and the one after expiry: otherwise the search below proves little.
    expect(issuedSimPaySecrets(simpay.requests).length).toBeGreaterThanOrEqual(4);
  });

  it("writes no secret into any log line", () => {
    expect(stack.logLines.length).toBeGreaterThan(50);
    const hits = secrets().flatMap(([name, value]) =>
      stack.logLines.filter((line) => line.includes(value)).map((line) => `${name}: ${line}`),
    );
    expect(hits).toEqual([]);
  });

  it("returns no secret in any response body", () => {
    expect(responses.length).toBe(14);
    // The run did reach the refused-login path (its log lines are part of the search).
    expect(responses[13]).toContain('"code":"UPSTREAM_AUTH_FAILED"');
    const hits = secrets().flatMap(([name, value]) =>
      responses.filter((body) => body.includes(value)).map((body) => `${name}: ${body}`),
    );
    expect(hits).toEqual([]);
  });

  it("tags each upstream call with the request id, provider, method, path, status and latency", () => {
    const lines = stack.logLines.map((line) => JSON.parse(line) as LogLine);
    const upstreamOf = (requestId: string) =>
      lines.filter((line) => line.requestId === requestId && line.upstream !== undefined);

    const cleanUpdate = upstreamOf(requestIds[0]);
    expect(cleanUpdate).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          provider: "LOANPRO",
          operationName: "UpdateCustomer",
          upstream: expect.objectContaining({
            method: "PUT",
            path: "odata.svc/Customers(1001)",
            status: 200,
            latencyMs: expect.any(Number),
          }),
        }),
      ]),
    );
    // The failed PUT of the drop-after-apply update is a warning with the same request id.
    expect(upstreamOf(requestIds[1])).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 40,
          upstream: expect.objectContaining({ method: "PUT" }),
        }),
      ]),
    );
    // One request id per request: no line carries the key twice.
    expect(stack.logLines.filter((line) => line.split('"requestId"').length > 2)).toEqual([]);
  });

  it("logs the settled write outcome and the access line of each request", () => {
    const lines = stack.logLines.map(
      (line) => JSON.parse(line) as LogLine & Record<string, unknown>,
    );
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          requestId: requestIds[1],
          msg: "LoanPro write failed ambiguously",
          loanpro: expect.objectContaining({ writeOutcome: "APPLIED" }),
        }),
        expect.objectContaining({
          requestId: requestIds[8],
          msg: "graphql request",
          operationName: "ReadCustomer",
        }),
      ]),
    );
  });
});
