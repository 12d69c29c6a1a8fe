/**
 * The one list of provider modules the product runs with. `loadConfig` takes it as a parameter
 * (this is the default); configuration loading, the registry, demo mode and the test harness all
 * iterate over the list they are given. Adding a provider: its folder, its module, one entry here
 * (docs/architecture.md#one-folder-per-provider).
 */
import { loanProModule } from "./loanpro/loanpro.module.js";
import type { ProviderModule } from "./provider-module.js";
import { simPayModule } from "./simpay/simpay.module.js";

export const defaultProviders: readonly ProviderModule[] = [loanProModule, simPayModule];
