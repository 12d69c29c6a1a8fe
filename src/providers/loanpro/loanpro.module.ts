/** LoanPro as one provider module: its settings, its source, its simulator for demo mode. */
import { startLoanProSimulator } from "../../../simulators/loanpro/loanpro.simulator.js";
import type { ProviderModule } from "../provider-module.js";
import { LOANPRO_CAPABILITIES } from "./loanpro.capabilities.js";
import { readLoanProConfig, type LoanProConfig } from "./loanpro.config.js";
import { LoanProDataSource } from "./loanpro.datasource.js";

/** What points the client at a LoanPro tenant (or the simulator). */
export interface LoanProEndpoint {
  apiUrl: string;
  token: string;
  instanceId: string;
}

export const loanProModule: ProviderModule<LoanProConfig, LoanProEndpoint> = {
  name: "LOANPRO",
  defaultCapabilities: LOANPRO_CAPABILITIES,
  readConfig: readLoanProConfig,
  environmentFor: (endpoint) => ({
    LOANPRO_API_URL: endpoint.apiUrl,
    LOANPRO_API_TOKEN: endpoint.token,
    LOANPRO_INSTANCE_ID: endpoint.instanceId,
  }),
  createSource: ({ config, logger, http, hooks }) =>
    new LoanProDataSource({ config, logger, http: http(config.apiUrl), hooks }),
  async startSimulator() {
    const simulator = await startLoanProSimulator({ port: 0 });
    return {
      endpoint: simulator,
      exampleIds: ["loanpro:1001"],
      close: () => simulator.close(),
    };
  },
};
