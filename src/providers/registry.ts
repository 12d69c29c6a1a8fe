/**
 * The only file that names every provider: it turns the configuration into one CustomerSource
 * per configured provider. Adding a provider is a new folder and one entry here.
 */
import type { Config } from "../config.js";
import type { CustomerProvider } from "../model/customer.js";
import type { CustomerSource } from "../model/customer-source.js";
import { ProviderNotConfiguredError } from "../model/errors.js";
import type { Logger } from "../observability/logger.js";
import { LoanProDataSource } from "./loanpro/loanpro.datasource.js";
import { SimPayDataSource } from "./simpay/simpay.datasource.js";
import { AxiosProviderHttp } from "./provider-http.js";

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
}

export function createCustomerSources(config: Config, logger: Logger): CustomerSources {
  const sources: CustomerSource[] = [];
  if (config.loanpro) {
    const providerLogger = logger.child({ provider: "LOANPRO" });
    sources.push(
      new LoanProDataSource({
        config: config.loanpro,
        logger: providerLogger,
        http: new AxiosProviderHttp({
          provider: "LOANPRO",
          baseURL: config.loanpro.apiUrl,
          timeoutMs: config.upstreamTimeoutMs,
          logger: providerLogger,
        }),
      }),
    );
  }
  if (config.simpay) {
    const providerLogger = logger.child({ provider: "SIMPAY" });
    sources.push(
      new SimPayDataSource({
        config: config.simpay,
        logger: providerLogger,
        http: new AxiosProviderHttp({
          provider: "SIMPAY",
          baseURL: config.simpay.apiUrl,
          timeoutMs: config.upstreamTimeoutMs,
          logger: providerLogger,
        }),
      }),
    );
  }
  return new CustomerSources(sources);
}
