/**
 * `/readyz`: whether THIS replica can serve (schema built, configuration valid, not shutting
 * down), with each configured provider's reachability reported in the body but never deciding the
 * status: a provider outage is handled by the breaker and partial results, and failing readiness
 * for it would pull every replica out of the load balancer at once.
 *
 * Provider checks are cached for at most `cacheMs` and refreshed by one call per provider at a
 * time (concurrent probes share the call in flight), so probes never multiply upstream calls.
 */
import type { ProviderName } from "./model/customer.js";
import type { CustomerSource } from "./model/customer-source.js";
import { DomainError } from "./model/errors.js";

/** How long one provider check may take before it counts as a timeout. */
export const READINESS_TIMEOUT_MS = 3_000;

export interface ProviderReadiness {
  reachable: boolean;
  /** The error code when not reachable (`UPSTREAM_UNAVAILABLE`, `UPSTREAM_TIMEOUT`, …). */
  code?: string;
  /** When the check that produced this ran (ISO 8601). */
  checkedAt: string;
}

export type ReadinessStatus = "ready" | "starting" | "shutting_down";

export interface ReadinessReport {
  status: ReadinessStatus;
  providers: Partial<Record<ProviderName, ProviderReadiness>>;
}

interface CachedCheck {
  result: ProviderReadiness;
  at: number;
}

class ReadinessTimeout extends Error {}

async function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ReadinessTimeout("readiness timeout")), timeoutMs);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class Readiness {
  private status: ReadinessStatus = "starting";
  private readonly cache = new Map<ProviderName, CachedCheck>();
  private readonly inFlight = new Map<ProviderName, Promise<ProviderReadiness>>();

  constructor(
    private readonly sources: () => CustomerSource[],
    private readonly cacheMs: number,
    private readonly timeoutMs: number = READINESS_TIMEOUT_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The schema is built and the server is started. */
  markReady(): void {
    if (this.status === "starting") this.status = "ready";
  }

  /** From now on `/readyz` answers 503, before the server drains (SIGTERM). */
  markShuttingDown(): void {
    this.status = "shutting_down";
  }

  get ready(): boolean {
    return this.status === "ready";
  }

  /** The body of `/readyz`; providers are checked only while ready. */
  async report(): Promise<ReadinessReport> {
    if (this.status !== "ready") return { status: this.status, providers: {} };
    const sources = this.sources();
    const results = await Promise.all(sources.map((source) => this.check(source)));
    const providers: ReadinessReport["providers"] = {};
    sources.forEach((source, index) => {
      providers[source.provider] = results[index];
    });
    return { status: this.status, providers };
  }

  private check(source: CustomerSource): Promise<ProviderReadiness> {
    const cached = this.cache.get(source.provider);
    if (cached && this.now() - cached.at < this.cacheMs) return Promise.resolve(cached.result);
    const running = this.inFlight.get(source.provider);
    if (running) return running;
    const started = this.now();
    const refresh = this.ping(source)
      .then((result) => {
        this.cache.set(source.provider, { result, at: started });
        return result;
      })
      .finally(() => this.inFlight.delete(source.provider));
    this.inFlight.set(source.provider, refresh);
    return refresh;
  }

  private async ping(source: CustomerSource): Promise<ProviderReadiness> {
    const checkedAt = new Date(this.now()).toISOString();
    try {
      await withTimeout(source.ping(), this.timeoutMs);
      return { reachable: true, checkedAt };
    } catch (error) {
      const code =
        error instanceof DomainError
          ? error.code
          : error instanceof ReadinessTimeout
            ? "UPSTREAM_TIMEOUT"
            : "UPSTREAM_UNAVAILABLE";
      return { reachable: false, code, checkedAt };
    }
  }
}
