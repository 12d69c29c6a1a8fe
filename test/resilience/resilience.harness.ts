/**
 * Start-up for the fault tests (docs/architecture.md#fault-and-leak-tests): the real server over
 * HTTP against the real simulators, with short deadlines so a timeout costs seconds, not the
 * production default.
 */
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import type { RecordedRequest } from "../../simulators/http-simulator.js";
import { startStack, type GraphQLResult, type TestStack } from "../integration/harness.js";

export const LOANPRO_TOKEN = "lp-resilience-token-5f81c3";
export const LOANPRO_INSTANCE_ID = "lp-instance-90311";
export const SIMPAY_USERNAME = "sp-resilience-user";
export const SIMPAY_PASSWORD = "sp-pass-SENTINEL-6613";

/** The deadline of one upstream call in these tests. */
export const DEADLINE_MS = 2_000;

/** Short deadline, quick retries; a breaker that never opens unless a test configures it. */
export const RESILIENCE_ENV: Record<string, string> = {
  UPSTREAM_TIMEOUT_MS: String(DEADLINE_MS),
  BREAKER_MINIMUM_CALLS: "100000",
};

export const READ_QUERY = `query ReadCustomer($id: ID!) { customer(id: $id) { id email } }`;

export const UPDATE_MUTATION = `
  mutation UpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      customer { id email }
      userErrors { field message code }
    }
  }
`;

export interface LoanProStack {
  simulator: LoanProSimulator;
  stack: TestStack;
  close(): Promise<void>;
}

export interface SimPayStack {
  simulator: SimPaySimulator;
  stack: TestStack;
  close(): Promise<void>;
}

export async function startLoanProStack(env: Record<string, string> = {}): Promise<LoanProStack> {
  const simulator = await startLoanProSimulator({
    token: LOANPRO_TOKEN,
    instanceId: LOANPRO_INSTANCE_ID,
  });
  const stack = await startStack({ loanpro: simulator, env: { ...RESILIENCE_ENV, ...env } });
  return {
    simulator,
    stack,
    async close() {
      await stack.close();
      await simulator.close();
    },
  };
}

export async function startSimPayStack(env: Record<string, string> = {}): Promise<SimPayStack> {
  const simulator = await startSimPaySimulator({
    username: SIMPAY_USERNAME,
    password: SIMPAY_PASSWORD,
  });
  const stack = await startStack({ simpay: simulator, env: { ...RESILIENCE_ENV, ...env } });
  return {
    simulator,
    stack,
    async close() {
      await stack.close();
      await simulator.close();
    },
  };
}

/** The single top-level error of a response, or a failure naming what came back instead. */
export function onlyError(result: GraphQLResult): {
  message: string;
  extensions: Record<string, unknown>;
} {
  const errors = result.body.errors ?? [];
  if (errors.length !== 1) {
    throw new Error(`expected exactly one error, got ${errors.length}: ${result.raw}`);
  }
  return { message: errors[0].message, extensions: errors[0].extensions ?? {} };
}

/** Requests the simulator received with this method whose path contains `pathPart`. */
export function requestsTo(
  requests: readonly RecordedRequest[],
  method: string,
  pathPart = "",
): RecordedRequest[] {
  return requests.filter((request) => request.method === method && request.path.includes(pathPart));
}

/** Runs `work` and measures it in milliseconds. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await sleep(25);
  }
  return condition();
}
