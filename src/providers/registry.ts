/**
 * Turns the configuration into one CustomerSource per configured provider, by asking each
 * configured module (`Config.providers`) to build its source over the shared HTTP stack. No
 * provider is named here: the list is `defaultProviders` or the one given to `loadConfig`.
 */
import type { Config } from "../config.js";
import type { ProviderCapabilities } from "../model/capabilities.js";
import { CUSTOMER_PROVIDERS, type CustomerProvider, type ProviderName } from "../model/customer.js";
import type { CustomerSource } from "../model/customer-source.js";
import { ProviderNotConfiguredError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import { InMemoryKeyedLock, type KeyedLock } from "../state/keyed-lock.js";
import { reentrant } from "../state/held-locks.js";
import type { PipelineHooks } from "./update-pipeline.js";
import { defaultProviders } from "./default-providers.js";
import type { ProviderModule } from "./provider-module.js";
import { AxiosProviderHttp, type ProviderHttp } from "./provider-http.js";
import { ResilientProviderHttp } from "./resilient-http.js";

export class CustomerSources {
  private readonly sources: Map<ProviderName, CustomerSource>;
  private readonly modules: readonly ProviderModule[];
  private readonly knownNames: readonly ProviderName[];

  /**
   * `modules`: the module list (configured or not), for the names an id may carry and the
   * default capability tables; `defaultProviders` unless given.
   */
  constructor(sources: CustomerSource[], modules: readonly ProviderModule[] = defaultProviders) {
    this.sources = new Map(sources.map((source) => [source.provider, source]));
    this.modules = modules;
    this.knownNames = [
      ...new Set([
        ...CUSTOMER_PROVIDERS,
        ...modules.map((module) => module.name),
        ...this.sources.keys(),
      ]),
    ];
  }

  /** The provider names an id may carry; one that is not configured gets ProviderNotConfiguredError. */
  known(): readonly ProviderName[] {
    return this.knownNames;
  }

  /** The source for `provider`; throws ProviderNotConfiguredError when there is none. */
  get(provider: ProviderName): CustomerSource {
    const source = this.sources.get(provider);
    if (!source) throw new ProviderNotConfiguredError(provider);
    return source;
  }

  has(provider: ProviderName): boolean {
    return this.sources.has(provider);
  }

  all(): CustomerSource[] {
    return [...this.sources.values()];
  }

  /**
   * Every provider's capability table, configured or not, in the public enum's order: a
   * configured provider's is the one its updates validate with (it follows the configuration),
   * another's is its module's default table. Only the public enum's providers: the GraphQL
   * listing names them by that enum.
   */
  capabilities(): ProviderCapabilityTable[] {
    return CUSTOMER_PROVIDERS.flatMap((provider): ProviderCapabilityTable[] => {
      const source = this.sources.get(provider);
      if (source) return [{ provider, configured: true, capabilities: source.capabilities }];
      const module = this.modules.find((candidate) => candidate.name === provider);
      return module
        ? [{ provider, configured: false, capabilities: module.defaultCapabilities }]
        : [];
    });
  }
}

/** A provider's table and whether this deployment has the provider. */
export interface ProviderCapabilityTable {
  provider: CustomerProvider;
  configured: boolean;
  capabilities: ProviderCapabilities;
}

/** The HTTP stack of one provider: keep-alive axios under the resilience policies. */
function createProviderHttp(
  provider: ProviderName,
  baseURL: string,
  config: Config,
  logger: Logger,
): ProviderHttp {
  const inner = new AxiosProviderHttp({
    provider,
    baseURL,
    timeoutMs: config.upstreamTimeoutMs,
    logger,
  });
  return new ResilientProviderHttp(inner, provider, logger, {
    deadlineMs: config.upstreamTimeoutMs,
    readAttempts: config.upstreamReadAttempts,
    retryInitialDelayMs: 100,
    retryMaxDelayMs: 2_000,
    breakerFailureRatio: config.breaker.failureRatio,
    breakerWindowMs: config.breaker.windowMs,
    breakerMinimumCalls: config.breaker.minimumCalls,
    breakerHalfOpenAfterMs: config.breaker.halfOpenAfterMs,
    breakerConsecutiveFailures: config.breaker.consecutiveFailures,
    maxConcurrent: config.upstreamMaxConcurrency,
    maxQueued: config.upstreamMaxConcurrency * 4,
  });
}

/** Every update of one customer runs under that customer's lock (`state/keyed-lock.ts`). */
export function lockHooks(lock: KeyedLock): PipelineHooks {
  // Re-entrant: inside a linked update, which already holds this customer's lock
  // (`state/held-locks.ts`), the record's own pipeline runs under that hold instead of waiting
  // for itself; every other update waits as usual.
  const shared = reentrant(lock);
  return {
    runExclusive: (customerKey, fn) => shared.withLock(customerKey, (guard) => fn(guard)),
  };
}

/**
 * One source per configured provider. `lock` serialises the updates of each customer: the
 * server's shared one (`state/state-backends.ts`, in Redis when `REDIS_URL` is set), else one for
 * this process.
 */
export function createCustomerSources(
  config: Config,
  logger: Logger,
  lock: KeyedLock = new InMemoryKeyedLock({ waitMs: config.state.lockWaitMs }),
): CustomerSources {
  const hooks = lockHooks(lock);
  const sources = config.providers.map(({ module, config: settings }) => {
    const providerLogger = logger.child({ provider: module.name });
    return module.createSource({
      config: settings,
      logger: providerLogger,
      http: (baseURL) => createProviderHttp(module.name, baseURL, config, providerLogger),
      hooks,
    });
  });
  return new CustomerSources(sources, config.providerModules);
}
