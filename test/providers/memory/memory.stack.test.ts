/**
 * The MEMORY provider beside the real two in the running server and in demo mode: the module list
 * `[...defaultProviders, memoryProviderModule]` is the only thing the test passes.
 */
import axios from "axios";
import { startDemo } from "../../../src/demo.js";
import { defaultProviders } from "../../../src/providers/default-providers.js";
import { startLoanProSimulator } from "../../../simulators/loanpro/loanpro.simulator.js";
import { startSimPaySimulator } from "../../../simulators/simpay/simpay.simulator.js";
import { startStack } from "../../integration/harness.js";
import { memoryProviderModule, startMemoryBackend } from "./memory.module.js";

const providers = [...defaultProviders, memoryProviderModule];

describe("a third provider module beside LoanPro and SimPay", () => {
  it("is configured, ready and served by id through GraphQL with the two real providers", async () => {
    const loanpro = await startLoanProSimulator();
    const simpay = await startSimPaySimulator();
    const backend = startMemoryBackend();
    const stack = await startStack({ loanpro, simpay, endpoints: { MEMORY: backend }, providers });
    try {
      const ready = await axios.get<{ status: string; providers: Record<string, unknown> }>(
        `${stack.origin}/readyz`,
      );
      expect(ready.data.status).toBe("ready");
      expect(Object.keys(ready.data.providers).sort()).toEqual(["LOANPRO", "MEMORY", "SIMPAY"]);
      expect(ready.data.providers.MEMORY).toEqual(expect.objectContaining({ reachable: true }));

      const query = `query ($id: ID!) { customer(id: $id) { id displayName email } }`;
      const memory = await stack.graphql(query, { id: "memory:1001" });
      expect(memory.body.errors).toBeUndefined();
      expect(memory.body.data?.customer).toEqual({
        id: "memory:1001",
        displayName: "Memory Customer 1",
        email: "memory.1001@example.test",
      });
      expect(backend.requests.map((request) => request.path)).toContain("/memory/customers/1001");
      const real = await stack.graphql(query, { id: "loanpro:1001" });
      expect(real.body.errors).toBeUndefined();
      expect(real.body.data?.customer).toEqual(expect.objectContaining({ id: "loanpro:1001" }));
    } finally {
      await stack.close();
      await Promise.all([loanpro.close(), simpay.close(), backend.close()]);
    }
  });

  it("an id naming a provider that is not in the list stays an invalid id", async () => {
    const stack = await startStack({ endpoints: { MEMORY: startMemoryBackend() }, providers });
    try {
      const result = await stack.graphql(`{ customer(id: "acme:1") { id } }`);
      expect(result.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    } finally {
      await stack.close();
    }
  });

  it("demo mode starts every module's simulator of the list and configures all of them", async () => {
    const demo = await startDemo({}, providers);
    try {
      expect(demo.config.providers.map(({ module }) => module.name)).toEqual([
        "LOANPRO",
        "SIMPAY",
        "MEMORY",
      ]);
      expect(demo.exampleIds).toEqual(["loanpro:1001", "simpay:48213", "memory:1001"]);
    } finally {
      await demo.close();
    }
  });
});
