/** SimPay as one provider module: its settings, its source, its simulator for demo mode. */
import { startSimPaySimulator } from "../../../simulators/simpay/simpay.simulator.js";
import type { ProviderModule } from "../provider-module.js";
import { SIMPAY_CAPABILITIES } from "./simpay.capabilities.js";
import { readSimPayConfig, type SimPayConfig } from "./simpay.config.js";
import { SimPayDataSource } from "./simpay.datasource.js";

/** What points the client at a SimPay instance (or the simulator). */
export interface SimPayEndpoint {
  apiUrl: string;
  username: string;
  password: string;
}

export const simPayModule: ProviderModule<SimPayConfig, SimPayEndpoint> = {
  name: "SIMPAY",
  defaultCapabilities: SIMPAY_CAPABILITIES,
  readConfig: readSimPayConfig,
  environmentFor: (endpoint) => ({
    SIMPAY_API_URL: endpoint.apiUrl,
    SIMPAY_USERNAME: endpoint.username,
    SIMPAY_PASSWORD: endpoint.password,
  }),
  createSource: ({ config, logger, http, hooks }) =>
    new SimPayDataSource({
      config,
      logger,
      concurrency: config.readConcurrency,
      regions: { allowTerritories: config.allowTerritories ?? false },
      http: http(config.apiUrl),
      hooks,
    }),
  async startSimulator() {
    const simulator = await startSimPaySimulator({ port: 0 });
    return {
      endpoint: simulator,
      exampleIds: ["simpay:48213"],
      close: () => simulator.close(),
    };
  },
};
