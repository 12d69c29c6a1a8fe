import { Writable } from "node:stream";
import type { Customer, CustomerProvider } from "../model/customer.js";
import type { CustomerListPage } from "../model/customer-list.js";
import type { ExternalIdMatches } from "../model/customer-links.js";
import { formatCustomerId } from "../model/customer-id.js";
import type { CustomerSource, UpdateResult } from "../model/customer-source.js";
import { UpstreamTimeoutError } from "../model/errors.js";
import type { ProviderCapabilities } from "../model/capabilities.js";
import type { UpdatePlan } from "../model/update-plan.js";
import { createLogger } from "../observability/logger.js";
import { CustomerSources } from "../providers/registry.js";
import { createCustomerLoader, primeCustomer } from "./customer.loader.js";

function customer(provider: CustomerProvider, providerId: string): Customer {
  return { id: formatCustomerId(provider, providerId), provider, providerId } as Customer;
}

/** An in-memory source that records each getMany call (a fake, not a mock). */
class RecordingSource implements CustomerSource {
  readonly calls: string[][] = [];
  readonly failing = new Set<string>();
  throwOnGetMany: Error | undefined;
  constructor(
    readonly provider: CustomerProvider,
    readonly known: Set<string>,
  ) {}
  isValidProviderId(providerId: string): boolean {
    return /^[1-9]\d*$/.test(providerId);
  }
  async get(providerId: string): Promise<Customer | null> {
    const [entry] = await this.getMany([providerId]);
    if (entry instanceof Error) throw entry;
    return entry;
  }
  async getMany(providerIds: readonly string[]): Promise<Array<Customer | null | Error>> {
    this.calls.push([...providerIds]);
    if (this.throwOnGetMany) throw this.throwOnGetMany;
    return providerIds.map((id) => {
      if (this.failing.has(id)) return new UpstreamTimeoutError(this.provider);
      return this.known.has(id) ? customer(this.provider, id) : null;
    });
  }
  async update(): Promise<UpdateResult> {
    throw new Error("not used");
  }
  async plan(): Promise<UpdatePlan> {
    throw new Error("not used");
  }
  get capabilities(): ProviderCapabilities {
    throw new Error("not used");
  }
  async list(): Promise<CustomerListPage> {
    throw new Error("not used");
  }
  async findByExternalIds(): Promise<ExternalIdMatches> {
    throw new Error("not used");
  }
  async ping(): Promise<void> {}
}

const silentLogger = createLogger({
  level: "silent",
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

function settle(promises: Array<Promise<Customer | null>>) {
  return Promise.allSettled(promises);
}

describe("createCustomerLoader", () => {
  let loanpro: RecordingSource;
  let simpay: RecordingSource;

  beforeEach(() => {
    loanpro = new RecordingSource("LOANPRO", new Set(["1", "2", "3"]));
    simpay = new RecordingSource("SIMPAY", new Set(["10", "11"]));
  });

  it("calls getMany once per provider for one tick of loads and keeps the order", async () => {
    const loader = createCustomerLoader(new CustomerSources([loanpro, simpay]), silentLogger);
    const ids = ["loanpro:3", "simpay:11", "loanpro:1", "loanpro:404", "simpay:10", "loanpro:2"];
    const results = await Promise.all(ids.map((id) => loader.load(id)));
    expect(results.map((entry) => entry?.id ?? null)).toEqual([
      "loanpro:3",
      "simpay:11",
      "loanpro:1",
      null,
      "simpay:10",
      "loanpro:2",
    ]);
    expect(loanpro.calls).toEqual([["3", "1", "404", "2"]]);
    expect(simpay.calls).toEqual([["11", "10"]]);
  });

  it("de-duplicates ids and answers a repeated load from the request's cache", async () => {
    const loader = createCustomerLoader(new CustomerSources([loanpro]), silentLogger);
    await Promise.all([loader.load("loanpro:1"), loader.load("loanpro:1")]);
    await loader.load("loanpro:1");
    expect(loanpro.calls).toEqual([["1"]]);
  });

  it("shares nothing between two loaders (no cross-request cache)", async () => {
    const sources = new CustomerSources([loanpro]);
    await createCustomerLoader(sources, silentLogger).load("loanpro:1");
    await createCustomerLoader(sources, silentLogger).load("loanpro:1");
    expect(loanpro.calls).toEqual([["1"], ["1"]]);
  });

  it("rejects only the failing entry, with the source's error", async () => {
    loanpro.failing.add("2");
    const loader = createCustomerLoader(new CustomerSources([loanpro]), silentLogger);
    const [first, second, third] = await settle(
      ["loanpro:1", "loanpro:2", "loanpro:3"].map((id) => loader.load(id)),
    );
    expect(first).toMatchObject({ status: "fulfilled", value: { id: "loanpro:1" } });
    expect(second).toMatchObject({ status: "rejected", reason: { code: "UPSTREAM_TIMEOUT" } });
    expect(third).toMatchObject({ status: "fulfilled", value: { id: "loanpro:3" } });
  });

  it("fails one provider's entries when its getMany throws, leaving the other provider's", async () => {
    loanpro.throwOnGetMany = new UpstreamTimeoutError("LOANPRO");
    const loader = createCustomerLoader(new CustomerSources([loanpro, simpay]), silentLogger);
    const [lp, sp] = await settle([loader.load("loanpro:1"), loader.load("simpay:10")]);
    expect(lp).toMatchObject({ status: "rejected", reason: { code: "UPSTREAM_TIMEOUT" } });
    expect(sp).toMatchObject({ status: "fulfilled", value: { id: "simpay:10" } });
  });

  it("gives BAD_USER_INPUT and PROVIDER_NOT_CONFIGURED per entry without calling a source", async () => {
    const loader = createCustomerLoader(new CustomerSources([loanpro]), silentLogger);
    const results = await settle(
      ["acme:1", "loanpro:abc", "simpay:10", "loanpro:1"].map((id) => loader.load(id)),
    );
    expect(
      results.map((entry) => (entry.status === "rejected" ? entry.reason.code : "ok")),
    ).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT", "PROVIDER_NOT_CONFIGURED", "ok"]);
    expect(loanpro.calls).toEqual([["1"]]);
  });

  it("primeCustomer replaces a cached value so later loads skip the provider", async () => {
    const loader = createCustomerLoader(new CustomerSources([loanpro]), silentLogger);
    expect(await loader.load("loanpro:9")).toBeNull();
    primeCustomer(loader, customer("LOANPRO", "9"));
    expect(await loader.load("loanpro:9")).toMatchObject({ id: "loanpro:9" });
    expect(loanpro.calls).toEqual([["9"]]);
  });
});
