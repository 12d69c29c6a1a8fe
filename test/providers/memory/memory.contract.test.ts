/**
 * The test-only MEMORY provider passes the shared CustomerSource contract, built the way the
 * product builds every provider: `loadConfig` over the module list `[...defaultProviders,
 * memoryProviderModule]`, then the registry. Nothing outside this folder names it.
 */
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/observability/logger.js";
import { defaultProviders } from "../../../src/providers/default-providers.js";
import { createCustomerSources } from "../../../src/providers/registry.js";
import {
  describeCustomerSourceContract,
  type ContractHarness,
} from "../../contract/customer-source.contract.js";
import { memoryProviderModule, startMemoryBackend } from "./memory.module.js";

const providers = [...defaultProviders, memoryProviderModule];

const memoryHarness: ContractHarness = {
  name: "Memory (test-only third provider)",
  writeMethod: "PUT",
  async start() {
    const backend = startMemoryBackend();
    const config = loadConfig(memoryProviderModule.environmentFor(backend), providers);
    const sources = createCustomerSources(config, createLogger({ level: "silent" }));
    return {
      source: sources.get("MEMORY"),
      simulator: backend,
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
        patch: { birthDate: "1990-01-01" },
        path: ["birthDate"],
        code: "UNSUPPORTED_FIELD",
      },
      close: () => backend.close(),
    };
  },
};

describeCustomerSourceContract(memoryHarness);
