/**
 * An in-memory CustomerSource (a fake, not a mock): it behaves like a provider with a few stored
 * customers, records the updates it receives, and can be told to fail. It lets the GraphQL layer
 * be tested over HTTP independently of any provider's wire format.
 */
import type { Customer, CustomerPatch, CustomerProvider } from "../../src/model/customer.js";
import { formatCustomerId } from "../../src/model/customer-id.js";
import type {
  CustomerSource,
  UpdateOptions,
  UpdateResult,
} from "../../src/model/customer-source.js";
import {
  collectCustomerPage,
  type CustomerListPage,
  type CustomerListQuery,
} from "../../src/model/customer-list.js";
import type { FieldError } from "../../src/model/errors.js";
import type { ProviderCapabilities } from "../../src/model/capabilities.js";
import type { UpdatePlan } from "../../src/model/update-plan.js";
import { LOANPRO_CAPABILITIES } from "../../src/providers/loanpro/loanpro.capabilities.js";
import { SIMPAY_CAPABILITIES } from "../../src/providers/simpay/simpay.capabilities.js";
import { groupByLinkKey, type ExternalIdMatches } from "../../src/model/customer-links.js";

export function sampleCustomer(provider: CustomerProvider, providerId: string): Customer {
  return {
    id: formatCustomerId(provider, providerId),
    provider,
    providerId,
    externalId: null,
    displayName: "Grace Hopper",
    status: "ACTIVE",
    statusLabel: "Active",
    customerType: "INDIVIDUAL",
    firstName: "Grace",
    middleName: null,
    lastName: "Hopper",
    companyName: null,
    contactName: null,
    email: "grace@example.test",
    birthDate: "1906-12-09",
    gender: "FEMALE",
    generationCode: null,
    governmentId: { type: "SSN", last4: "6789" },
    creditLimit: 1000,
    portalUsername: null,
    ofacMatch: false,
    ofacTested: true,
    defaultContact: null,
    primaryAddress: {
      line1: "1 Navy Way",
      line2: null,
      line3: null,
      city: "Arlington",
      region: "VA",
      postalCode: "22201",
      country: "USA",
    },
    mailingAddress: null,
    billingAddress: null,
    shippingAddress: null,
    createdAt: new Date("2024-01-02T03:04:05Z"),
    updatedAt: null,
  };
}

export class FakeCustomerSource implements CustomerSource {
  readonly customers = new Map<string, Customer>();
  readonly updates: Array<{ providerId: string; patch: CustomerPatch }> = [];
  /** Every findByExternalIds call's keys, in order. */
  readonly linkLookups: string[][] = [];
  /** When set, every call throws it. */
  failure: unknown = undefined;
  /** When set, `update` returns these as userErrors. */
  updateFieldErrors: FieldError[] = [];

  constructor(readonly provider: CustomerProvider) {}

  isValidProviderId(providerId: string): boolean {
    return /^[1-9][0-9]*$/.test(providerId);
  }

  async get(providerId: string): Promise<Customer | null> {
    if (this.failure !== undefined) throw this.failure;
    return this.customers.get(providerId) ?? null;
  }

  async getMany(providerIds: readonly string[]): Promise<Array<Customer | null | Error>> {
    return Promise.all(providerIds.map((providerId) => this.get(providerId)));
  }

  async update(
    providerId: string,
    patch: CustomerPatch,
    options: UpdateOptions = {},
  ): Promise<UpdateResult> {
    if (this.failure !== undefined) throw this.failure;
    // The caller's findings: reported, nothing written (model/customer-source.ts).
    if (options.inputErrors && options.inputErrors.length > 0) {
      return { customer: null, userErrors: options.inputErrors, written: false };
    }
    this.updates.push({ providerId, patch });
    if (this.updateFieldErrors.length > 0) {
      return { customer: null, userErrors: this.updateFieldErrors, written: false };
    }
    const current = this.customers.get(providerId);
    if (!current) {
      return {
        customer: null,
        userErrors: [{ path: ["id"], code: "NOT_FOUND", message: "No such customer." }],
        written: false,
      };
    }
    const updated = { ...current, ...(patch.email !== undefined ? { email: patch.email } : {}) };
    this.customers.set(providerId, updated);
    return { customer: updated, userErrors: [], written: true };
  }

  /** The dry run: the caller's findings, NOT_FOUND, or a plan that would send nothing. */
  async plan(
    providerId: string,
    _patch: CustomerPatch,
    options: UpdateOptions = {},
  ): Promise<UpdatePlan> {
    if (this.failure !== undefined) throw this.failure;
    if (options.inputErrors && options.inputErrors.length > 0) {
      return { userErrors: options.inputErrors, changes: [], requests: [] };
    }
    if (!this.customers.has(providerId)) {
      const notFound: FieldError = {
        path: ["id"],
        code: "NOT_FOUND",
        message: "No such customer.",
      };
      return { userErrors: [notFound], changes: [], requests: [] };
    }
    return { userErrors: this.updateFieldErrors, changes: [], requests: [] };
  }

  /** The real table of the provider the fake stands in for (listings only). */
  get capabilities(): ProviderCapabilities {
    return this.provider === "SIMPAY" ? SIMPAY_CAPABILITIES : LOANPRO_CAPABILITIES;
  }

  /** The stored customers whose trimmed externalId is one of `externalIds` (model/customer-links.ts). */
  async findByExternalIds(externalIds: readonly string[]): Promise<ExternalIdMatches> {
    this.linkLookups.push([...externalIds]);
    if (this.failure !== undefined) throw this.failure;
    return groupByLinkKey(externalIds, [...this.customers.values()]);
  }

  /** The stored customers in id order, paged by the shared loop (model/customer-list.ts). */
  async list(query: CustomerListQuery): Promise<CustomerListPage> {
    if (this.failure !== undefined) throw this.failure;
    const all = [...this.customers.values()].sort(
      (left, right) => Number(left.providerId) - Number(right.providerId),
    );
    return collectCustomerPage(
      query,
      async (offset, size) => ({
        customers: all.slice(offset, offset + size),
        reachedEnd: offset + size >= all.length,
        totalCount: all.length,
      }),
      { batchSize: () => 50, exact: false, maxRequests: 100 },
    );
  }

  async ping(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
  }
}
