/**
 * What a provider folder exports: one `ProviderModule`. Configuration loading (config.ts), the
 * registry, demo mode (demo.ts) and the test harness iterate over a list of these
 * (`defaultProviders`, a parameter of `loadConfig`), so a new provider is a new folder and one
 * entry in that list (docs/architecture.md#one-folder-per-provider).
 */
import type { Env } from "../environment.js";
import type { ProviderCapabilities } from "../model/capabilities.js";
import type { CustomerSource } from "../model/customer-source.js";
import type { Logger } from "../observability/logger.js";
import type { ProviderHttp } from "./provider-http.js";
import type { PipelineHooks } from "./update-pipeline.js";

export interface ProviderSourceDependencies<Settings> {
  /** This provider's settings, as its `readConfig` returned them. */
  config: Settings;
  /** Already bound to `{ provider: name }`. */
  logger: Logger;
  /**
   * The shared HTTP stack for `baseURL`: keep-alive client under the deadline, read retries,
   * circuit breaker and concurrency limit of the global settings. A provider without HTTP (an
   * in-memory one) never calls it.
   */
  http(baseURL: string): ProviderHttp;
  /**
   * Pass to `runUpdate`: every update of one customer runs under that customer's write lock, so
   * two updates of one customer never interleave their read, merge and write.
   */
  hooks: PipelineHooks;
}

/** A provider's simulator started for demo mode, on loopback. */
export interface ProviderSimulator<Endpoint> {
  /** What `environmentFor` turns into this provider's variables. */
  endpoint: Endpoint;
  /** Ids the simulator's seed holds, to try first (`<name lower case>:<providerId>`). */
  exampleIds: string[];
  close(): Promise<void>;
}

export interface ProviderModule<Settings = unknown, Endpoint = unknown> {
  /**
   * Upper case; a customer id is `<name in lower case>:<providerId>`. The public GraphQL enum
   * `CustomerProvider` names LOANPRO and SIMPAY only: a module with another name works through
   * the registry and `CustomerSource`, and needs a schema change to be served publicly.
   */
  readonly name: string;
  /**
   * The capability table of this provider with its default settings: listed for a provider the
   * deployment does not configure (a configured one lists its source's own table).
   */
  readonly defaultCapabilities: ProviderCapabilities;
  /**
   * This provider's settings from the environment, or null when it is not configured (its URL
   * unset). Every problem is pushed to `problems` naming the variable, never a secret's value.
   */
  readConfig(env: Env, problems: string[]): Settings | null;
  /** The variables that point this provider at a running backend (its simulator in demo mode). */
  environmentFor(endpoint: Endpoint): Record<string, string>;
  createSource(dependencies: ProviderSourceDependencies<Settings>): CustomerSource;
  /** Starts this provider's simulator on loopback (port 0), for demo mode. */
  startSimulator(): Promise<ProviderSimulator<Endpoint>>;
}

/** A module of the list together with the settings it read: what `Config.providers` holds. */
export interface ConfiguredProvider {
  readonly module: ProviderModule;
  readonly config: unknown;
}

/** The settings `module` read, or null when that provider is not configured. */
export function settingsOf<Settings, Endpoint>(
  configured: readonly ConfiguredProvider[],
  module: ProviderModule<Settings, Endpoint>,
): Settings | null {
  const entry = configured.find((candidate) => candidate.module.name === module.name);
  return entry ? (entry.config as Settings) : null;
}
