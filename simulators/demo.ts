/**
 * The embedded default (docs/architecture.md#runtime-contract): with no provider configured, `npm
 * start` runs both simulators in-process on loopback and points the server at them.
 */
import { loadConfig, type LoanProConfig, type SimPayConfig } from "../src/config.js";
import { startLoanProSimulator } from "./loanpro/loanpro.simulator.js";
import { startSimPaySimulator } from "./simpay/simpay.simulator.js";

export interface DemoSimulators {
  loanpro: LoanProConfig;
  simpay: SimPayConfig;
  /** Ids the seeds hold, to try first. */
  exampleIds: string[];
  close(): Promise<void>;
}

export const DEMO_EXAMPLE_IDS = ["loanpro:1001", "simpay:48213"];

export async function startDemoSimulators(
  env: Record<string, string | undefined> = process.env,
): Promise<DemoSimulators> {
  const loanpro = await startLoanProSimulator({ port: 0 });
  const simpay = await startSimPaySimulator({ port: 0 }).catch(async (error: unknown) => {
    await loanpro.close();
    throw error;
  });
  // Through loadConfig so the operator's other settings (status labels, offsets) still apply.
  const config = loadConfig({
    ...env,
    LOANPRO_API_URL: loanpro.apiUrl,
    LOANPRO_API_TOKEN: loanpro.token,
    LOANPRO_INSTANCE_ID: loanpro.instanceId,
    SIMPAY_API_URL: simpay.apiUrl,
    SIMPAY_USERNAME: simpay.username,
    SIMPAY_PASSWORD: simpay.password,
  });
  if (!config.loanpro || !config.simpay) throw new Error("demo configuration is incomplete");
  return {
    loanpro: config.loanpro,
    simpay: config.simpay,
    exampleIds: DEMO_EXAMPLE_IDS,
    async close() {
      await Promise.allSettled([loanpro.close(), simpay.close()]);
    },
  };
}
