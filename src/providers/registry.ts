/**
 * The only file that names every provider: it turns the configuration into one CustomerSource
 * per configured provider. Adding a provider is a new folder and one entry here.
 */
import type { Config } from "../config.js";
import type { ProviderCapabilities } from "../model/capabilities.js";
import { CUSTOMER_PROVIDERS, type CustomerProvider } from "../model/customer.js";
import type { CustomerSource } from "../model/customer-source.js";
import { ProviderNotConfiguredError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import { LOANPRO_CAPABILITIES } from "./loanpro/loanpro.capabilities.js";
import { LoanProDataSource } from "./loanpro/loanpro.datasource.js";
import { SIMPAY_CAPABILITIES } from "./simpay/simpay.capabilities.js";
import { SimPayDataSource } from "./simpay/simpay.datasource.js";
import { AxiosProviderHttp, type ProviderHttp } from "./provider-http.js";
import { ResilientProviderHttp } from "./resilient-http.js";

export class CustomerSources {
  private readonly sources: Map<CustomerProvider, CustomerSource>;

  constructor(sources: CustomerSource[]) {
    this.sources = new Map(sources.map((source) => [source.provider, source]));
  }

  /** The source for `provider`; throws ProviderNotConfiguredError when there is none. */
  get(provider: CustomerProvider): CustomerSource {
    const source = this.sources.get(provider);
    if (!source) throw new ProviderNotConfiguredError(provider);
    return source;
  }

  has(provider: CustomerProvider): boolean {
    return this.sources.has(provider);
  }

  all(): CustomerSource[] {
    return [...this.sources.values()];
  }

  /**
   * Every provider's capability table, configured or not, in the public enum's order: a
   * configured provider's is the one its updates validate with (it follows the configuration),
   * another's is the provider's default table.
   */
  capabilities(): ProviderCapabilityTable[] {
    return CUSTOMER_PROVIDERS.map((provider) => {
      const source = this.sources.get(provider);
      return source
        ? { provider, configured: true, capabilities: source.capabilities }
        : { provider, configured: false, capabilities: DEFAULT_CAPABILITIES[provider] };
    });
  }
}

/** A provider's table and whether this deployment has the provider. */
export interface ProviderCapabilityTable {
  provider: CustomerProvider;
  configured: boolean;
  capabilities: ProviderCapabilities;
}

/** The tables of providers this deployment does not configure (listings only). */
const DEFAULT_CAPABILITIES: Record<CustomerProvider, ProviderCapabilities> = {
  LOANPRO: LOANPRO_CAPABILITIES,
  SIMPAY: SIMPAY_CAPABILITIES,
};

/** The HTTP stack of one provider: keep-alive axios under the resilience policies. */
function createProviderHttp(
  provider: CustomerProvider,
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

export function createCustomerSources(config: Config, logger: Logger): CustomerSources {
  const sources: CustomerSource[] = [];
  if (config.loanpro) {
    const providerLogger = logger.child({ provider: "LOANPRO" });
    sources.push(
      new LoanProDataSource({
        config: config.loanpro,
        logger: providerLogger,
        http: createProviderHttp("LOANPRO", config.loanpro.apiUrl, config, providerLogger),
      }),
    );
  }
  if (config.simpay) {
    const providerLogger = logger.child({ provider: "SIMPAY" });
    sources.push(
      new SimPayDataSource({
        config: config.simpay,
        logger: providerLogger,
        concurrency: config.simpay.readConcurrency,
        http: createProviderHttp("SIMPAY", config.simpay.apiUrl, config, providerLogger),
      }),
    );
  }
  return new CustomerSources(sources);
}
