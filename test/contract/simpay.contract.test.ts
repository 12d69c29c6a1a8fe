/**
 * The shared CustomerSource contract, run against SimPayDataSource and a fresh SimPay simulator
 * over real HTTP on loopback.
 */
import type { SimPayConfig } from "../../src/providers/simpay/simpay.config.js";
import { createLogger } from "../../src/observability/logger.js";
import { AxiosProviderHttp } from "../../src/providers/provider-http.js";
import { SimPayDataSource } from "../../src/providers/simpay/simpay.datasource.js";
import { startSimPaySimulator } from "../../simulators/simpay/simpay.simulator.js";
import {
  describeCustomerSourceContract,
  type ContractHarness,
} from "./customer-source.contract.js";

const simPayHarness: ContractHarness = {
  name: "SimPay",
  writeMethod: "PATCH",
  reauthenticates: true,
  async start() {
    const simulator = await startSimPaySimulator();
    const logger = createLogger({ level: "silent" });
    const config: SimPayConfig = {
      apiUrl: simulator.apiUrl,
      username: simulator.username,
      password: simulator.password,
      timestampOffset: "UTC",
    };
    const source = new SimPayDataSource({
      config,
      logger,
      http: new AxiosProviderHttp({
        provider: "SIMPAY",
        baseURL: config.apiUrl,
        timeoutMs: 5000,
        logger,
      }),
    });
    return {
      source,
      simulator,
      existingId: "48213",
      missingId: "99999",
      emailOf: (customer) => customer.email,
      partialAddressPatch: { billingAddress: { postalCode: "60607" } },
      partialAddressCheck(before, after) {
        expect(after.billingAddress).toEqual({ ...before.billingAddress, postalCode: "60607" });
      },
      invalid: {
        patch: { billingAddress: { region: "ON" } },
        path: ["billingAddress", "region"],
        code: "INVALID",
      },
      unsupported: {
        patch: { birthDate: "1990-01-01" },
        path: ["birthDate"],
        code: "UNSUPPORTED_FIELD",
      },
      expireSession: () => simulator.expireSessions(),
      loginPath: "/api/authenticate",
      close: () => simulator.close(),
    };
  },
};

describeCustomerSourceContract(simPayHarness);
