/**
 * The test-only MEMORY provider as one provider module: the proof that a third provider is its
 * folder plus one entry in the module list. Its name is outside the public `CustomerProvider`
 * enum on purpose: it runs through configuration, the registry, the update pipeline and the
 * contract suite; serving it publicly would add its name to the schema's enum.
 */
import type { ProviderModule } from "../../../src/providers/provider-module.js";
import { MEMORY_CAPABILITIES } from "./memory.capabilities.js";
import { MemoryBackend } from "./memory.backend.js";
import { MemorySource } from "./memory.source.js";

export interface MemoryConfig {
  backend: MemoryBackend;
}

/** Backends started in this process, by id: what `MEMORY_BACKEND` names. */
const running = new Map<string, MemoryBackend>();

/** A fresh, seeded in-memory backend that `MEMORY_BACKEND=<its id>` points at. */
export function startMemoryBackend(): MemoryBackend {
  const backend = new MemoryBackend();
  running.set(backend.id, backend);
  return backend;
}

export const memoryProviderModule: ProviderModule<MemoryConfig, MemoryBackend> = {
  name: "MEMORY",
  defaultCapabilities: MEMORY_CAPABILITIES,
  readConfig(env, problems) {
    const id = env.MEMORY_BACKEND?.trim();
    if (!id) return null;
    const backend = running.get(id);
    if (!backend || backend.closed) {
      problems.push("MEMORY_BACKEND names no running in-memory backend");
      return null;
    }
    return { backend };
  },
  environmentFor: (backend) => ({ MEMORY_BACKEND: backend.id }),
  createSource: ({ config, logger }) => new MemorySource(config.backend, logger),
  async startSimulator() {
    const backend = startMemoryBackend();
    return { endpoint: backend, exampleIds: ["memory:1001"], close: () => backend.close() };
  },
};
