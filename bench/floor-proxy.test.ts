/**
 * The floor is only a fair baseline if it sends what our server sends: for every scenario, the
 * same upstream requests (method, path, query and body), counted at the simulators, in the same
 * order. Both run against simulators seeded like a bench run (bench-seed.ts).
 */
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../simulators/loanpro/loanpro.simulator.js";
import type { RecordedRequest } from "../simulators/http-simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../simulators/simpay/simpay.simulator.js";
import { startStack, type TestStack } from "../test/integration/harness.js";
import { benchLoanProSeed, benchSimPaySeed, BENCH_LOANPRO_FIRST_ID } from "./bench-seed.js";
import { startFloorProxy, type RunningFloorProxy } from "./floor-proxy.js";
import {
  benchCustomers,
  requestBody,
  SCENARIO_NAMES,
  verifyResponse,
  type ScenarioName,
} from "./scenarios.js";

const customers = benchCustomers(50);

describe("floor proxy", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let floor: RunningFloorProxy;
  let ours: TestStack;

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ port: 0, seed: benchLoanProSeed(customers.count) });
    simpay = await startSimPaySimulator({ port: 0, seed: benchSimPaySeed(customers.count) });
    const endpoints = {
      loanpro: { apiUrl: loanpro.apiUrl, token: loanpro.token, instanceId: loanpro.instanceId },
      simpay: { apiUrl: simpay.apiUrl, username: simpay.username, password: simpay.password },
    };
    floor = await startFloorProxy(endpoints);
    ours = await startStack(endpoints);
  });

  afterAll(async () => {
    await floor.close();
    await ours.close();
    await Promise.all([loanpro.close(), simpay.close()]);
  });

  beforeEach(() => {
    loanpro.clearLog();
    simpay.clearLog();
  });

  /** One request; each side writes its own e-mail, so our server has a change to make too. */
  async function send(
    origin: string,
    scenario: ScenarioName,
    sequence: number,
  ): Promise<string | null> {
    const side = origin === ours.origin ? "O" : "F";
    const body = requestBody(scenario, customers, sequence, `floortest${side}${sequence}`);
    const response = await fetch(`${origin}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return verifyResponse(scenario, body, await response.text());
  }

  /** The upstream requests since the last clear, without logins and without the run's tag. */
  function upstreamCalls(): string[] {
    const describe = (request: RecordedRequest): string => {
      const query = new URLSearchParams(request.rawQuery);
      const sortedQuery = [...query.entries()]
        .sort(([left], [right]) => left.localeCompare(right))
        .map(([name, value]) => `${name}=${value}`)
        .join("&");
      const body = request.body === undefined ? "" : ` ${JSON.stringify(request.body)}`;
      return `${request.method} ${request.path}?${sortedQuery}${body}`.replace(
        /floortest[FO]\d+/g,
        "TAG",
      );
    };
    return [...loanpro.requests, ...simpay.requests]
      .filter((request) => !request.path.endsWith("/authenticate"))
      .map(describe);
  }

  it.each(SCENARIO_NAMES.map((scenario, index) => [scenario, index + 2] as const))(
    "%s: the floor answers and sends exactly our upstream requests",
    async (scenario, sequence) => {
      expect(await send(`http://127.0.0.1:${floor.port}`, scenario, sequence)).toBeNull();
      const floorCalls = upstreamCalls();
      loanpro.clearLog();
      simpay.clearLog();
      expect(await send(ours.origin, scenario, sequence)).toBeNull();
      const ourCalls = upstreamCalls();
      expect(floorCalls.length).toBeGreaterThan(0);
      expect(floorCalls).toEqual(ourCalls);
    },
  );

  it("writes the e-mail through to LoanPro", async () => {
    await send(`http://127.0.0.1:${floor.port}`, "update.loanpro", 3);
    expect(loanpro.customer(BENCH_LOANPRO_FIRST_ID + 3)?.email).toBe(
      "bench.floortestF3.3@example.test",
    );
  });

  it("rotates updates over at least as many customers as connections", () => {
    const ids = new Set(
      Array.from({ length: 50 }, (_, sequence) =>
        JSON.stringify(requestBody("update.simpay", customers, sequence, "t").variables),
      ).map((text) => (JSON.parse(text) as { input: { id: string } }).input.id),
    );
    expect(ids.size).toBe(50);
    expect(benchCustomers(80).count).toBe(80);
  });
});
