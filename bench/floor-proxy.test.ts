import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../simulators/simpay/simpay.simulator.js";
import { startFloorProxy, type RunningFloorProxy } from "./floor-proxy.js";
import { requestBody, verifyResponse, type ScenarioName } from "./scenarios.js";

describe("floor proxy", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let floor: RunningFloorProxy;

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ port: 0 });
    simpay = await startSimPaySimulator({ port: 0 });
    floor = await startFloorProxy({
      loanpro: { apiUrl: loanpro.apiUrl, token: loanpro.token, instanceId: loanpro.instanceId },
      simpay: { apiUrl: simpay.apiUrl, username: simpay.username, password: simpay.password },
    });
  });

  afterAll(async () => {
    await floor.close();
    await Promise.all([loanpro.close(), simpay.close()]);
  });

  beforeEach(() => {
    loanpro.clearLog();
    simpay.clearLog();
  });

  async function send(scenario: ScenarioName): Promise<string | null> {
    const body = requestBody(scenario, 3, "floortest");
    const response = await fetch(`http://127.0.0.1:${floor.port}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return verifyResponse(scenario, body, await response.text());
  }

  const calls = (): string[] =>
    [...loanpro.requests, ...simpay.requests].map((request) => request.method);

  it.each<[ScenarioName, string[]]>([
    ["customer.loanpro", ["GET"]],
    ["customer.simpay", ["GET"]],
    ["update.loanpro", ["GET", "PUT", "GET"]],
    ["update.simpay", ["GET", "PATCH", "GET"]],
    ["entities.loanpro.30", ["GET"]],
  ])("answers %s with the upstream calls %j", async (scenario, expected) => {
    expect(await send(scenario)).toBeNull();
    expect(calls()).toEqual(expected);
  });

  it("writes the e-mail through to LoanPro", async () => {
    await send("update.loanpro");
    expect(loanpro.customer(1013)?.email).toBe("bench.floortest.3@example.test");
  });

  it("writes the e-mail through to SimPay with the current address kept", async () => {
    await send("update.simpay");
    const stored = simpay.customer(48204);
    expect(stored?.DefaultContact?.EmailAddress).toBe("bench.floortest.3@example.test");
    expect(stored?.BillingAddress ?? stored?.ShippingAddress).toBeDefined();
  });
});
