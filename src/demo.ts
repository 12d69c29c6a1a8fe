/**
 * Demo mode (docs/architecture.md#runtime-contract): with no provider configured, `npm start` starts every
 * module's simulator in-process on loopback and points the server at them.
 */
import { loadConfig, type Config, type Env } from "./config.js";
import { defaultProviders } from "./providers/default-providers.js";
import type { ProviderModule, ProviderSimulator } from "./providers/provider-module.js";

export interface DemoStack {
  /** The configuration with every module of the list pointed at its simulator. */
  config: Config;
  /** Ids the seeds hold, to try first. */
  exampleIds: string[];
  close(): Promise<void>;
}

export async function startDemo(
  env: Env = process.env,
  providerModules: readonly ProviderModule[] = defaultProviders,
): Promise<DemoStack> {
  const running: ProviderSimulator<unknown>[] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(running.map((simulator) => simulator.close()));
  };
  try {
    const pointed: Record<string, string> = {};
    for (const module of providerModules) {
      const simulator = await module.startSimulator();
      running.push(simulator);
      Object.assign(pointed, module.environmentFor(simulator.endpoint));
    }
    // Through loadConfig so the operator's other settings (status labels, offsets) still apply.
    const config = loadConfig({ ...env, ...pointed }, providerModules);
    if (config.providers.length !== providerModules.length) {
      throw new Error("demo configuration is incomplete");
    }
    return { config, exampleIds: running.flatMap((simulator) => simulator.exampleIds), close };
  } catch (error) {
    await close();
    throw error;
  }
}
