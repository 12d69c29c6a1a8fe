/**
 * The LoanPro datasource wired to a fresh LoanPro simulator over real HTTP, for the contract
 * suite and the datasource tests.
 */
import { Writable } from "node:stream";
import type { LoanProConfig } from "../../src/providers/loanpro/loanpro.config.js";
import { createLogger, type Logger } from "../../src/observability/logger.js";
import { LoanProDataSource } from "../../src/providers/loanpro/loanpro.datasource.js";
import { AxiosProviderHttp } from "../../src/providers/provider-http.js";
import {
  startLoanProSimulator,
  type LoanProSimulator,
  type LoanProSimulatorOptions,
} from "../../simulators/loanpro/loanpro.simulator.js";
import type { ContractHarness } from "./customer-source.contract.js";

export interface LoanProTestRig {
  simulator: LoanProSimulator;
  source: LoanProDataSource;
  config: LoanProConfig;
  /** Every log line the datasource and its HTTP client wrote, as raw JSON text. */
  logLines: string[];
  close(): Promise<void>;
}

/** A logger whose lines are kept in memory, so tests can search them for leaks. */
export function createCapturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString("utf8"));
      callback();
    },
  });
  return { logger: createLogger({ level: "debug", destination }), lines };
}

export async function startLoanProRig(
  options: LoanProSimulatorOptions = {},
  overrides: Partial<LoanProConfig> = {},
): Promise<LoanProTestRig> {
  const simulator = await startLoanProSimulator(options);
  const { logger, lines } = createCapturingLogger();
  const config: LoanProConfig = {
    apiUrl: simulator.apiUrl,
    token: simulator.token,
    instanceId: simulator.instanceId,
    statusLabels: { ACTIVE: "Active", INACTIVE: "Inactive", PENDING: "Pending", LEAD: "Lead" },
    nullClearsField: true,
    ...overrides,
  };
  const source = new LoanProDataSource({
    config,
    logger,
    http: new AxiosProviderHttp({
      provider: "LOANPRO",
      baseURL: config.apiUrl,
      timeoutMs: 5000,
      logger,
    }),
  });
  return { simulator, source, config, logLines: lines, close: () => simulator.close() };
}

export const loanProHarness: ContractHarness = {
  name: "LoanPro",
  writeMethod: "PUT",
  async start() {
    const rig = await startLoanProRig();
    return {
      source: rig.source,
      simulator: rig.simulator,
      existingId: "1001",
      missingId: "999999",
      emailOf: (customer) => customer.email,
      partialAddressPatch: { primaryAddress: { postalCode: "84604" } },
      partialAddressCheck(before, after) {
        expect(after.primaryAddress).toEqual({ ...before.primaryAddress, postalCode: "84604" });
      },
      invalid: {
        patch: { primaryAddress: { region: "ZZ" } },
        path: ["primaryAddress", "region"],
        code: "INVALID",
      },
      unsupported: {
        patch: { defaultContact: { firstName: "Ada" } },
        path: ["defaultContact"],
        code: "UNSUPPORTED_FIELD",
      },
      close: () => rig.close(),
    };
  },
};
