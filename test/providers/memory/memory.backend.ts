/**
 * The in-memory backend of the test-only MEMORY provider: a map of customers behind a tiny
 * request interface that records every request and answers injected faults like the HTTP
 * simulators do, so the same contract suite can count writes and inject 503s.
 */
import type { Customer } from "../../../src/model/customer.js";
import type {
  Fault,
  RecordedRequest,
  RunningSimulator,
} from "../../../simulators/http-simulator.js";

/** Shaped like the HTTP stack's UpstreamResponse, so the pipeline takes it as is. */
export interface MemoryResponse {
  status: number;
  data: unknown;
  headers: Record<string, string>;
}

/** Ids the seed holds. */
export const MEMORY_SEED_IDS = ["1001", "1002", "1003"];

function seedCustomer(providerId: string, index: number): Customer {
  return {
    id: `memory:${providerId}`,
    provider: "MEMORY",
    providerId,
    externalId: `M-${index + 1}`,
    displayName: `Memory Customer ${index + 1}`,
    status: "ACTIVE",
    statusLabel: "Active",
    customerType: null,
    firstName: "Memory",
    middleName: null,
    lastName: `Customer ${index + 1}`,
    companyName: null,
    contactName: null,
    email: `memory.${providerId}@example.test`,
    birthDate: null,
    gender: null,
    generationCode: null,
    governmentId: null,
    creditLimit: null,
    portalUsername: null,
    ofacMatch: null,
    ofacTested: null,
    defaultContact: null,
    primaryAddress: {
      line1: `${100 + index} Main St`,
      line2: null,
      line3: null,
      city: "Provo",
      region: "UT",
      postalCode: "84601",
      country: "USA",
    },
    mailingAddress: null,
    billingAddress: null,
    shippingAddress: null,
    createdAt: new Date(Date.UTC(2024, 0, 1 + index)),
    updatedAt: new Date(Date.UTC(2024, 0, 1 + index)),
  };
}

let nextBackendId = 1;

export class MemoryBackend implements RunningSimulator {
  /** Names this backend in the environment (`MEMORY_BACKEND`). */
  readonly id = `memory-${nextBackendId++}`;
  readonly origin = `memory://${this.id}`;
  readonly port = 0;
  readonly requests: RecordedRequest[] = [];
  private readonly rows = new Map<string, Customer>();
  private faults: Array<Fault & { left: number }> = [];
  closed = false;

  constructor() {
    MEMORY_SEED_IDS.forEach((id, index) => this.rows.set(id, seedCustomer(id, index)));
  }

  /**
   * One request, its path relative to the backend's base like a provider's base URL:
   * `GET customers/{id}`, `GET customers`, `PUT customers/{id}`, `GET ping`. It is recorded as
   * an HTTP server would see it, under `/memory/`.
   */
  async handle(method: "GET" | "PUT", relative: string, body?: unknown): Promise<MemoryResponse> {
    if (this.closed) throw new Error("the in-memory backend is closed");
    const path = `/memory/${relative}`;
    this.requests.push({ method, path, query: {}, rawQuery: "", headers: {}, body });
    const fault = this.faults.find(
      (candidate) =>
        (!candidate.method || candidate.method.toUpperCase() === method) &&
        (candidate.path === undefined ||
          (candidate.path instanceof RegExp
            ? candidate.path.test(path)
            : path.includes(candidate.path))),
    );
    if (fault && fault.status !== undefined) {
      fault.left -= 1;
      if (fault.left <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
      return { status: fault.status, data: fault.body ?? null, headers: {} };
    }
    if (relative === "ping") return { status: 200, data: { ok: true }, headers: {} };
    if (relative === "customers" && method === "GET") {
      const rows = [...this.rows.values()].map((row) => structuredClone(row));
      return { status: 200, data: rows, headers: {} };
    }
    const id = /^customers\/([^/]+)$/.exec(relative)?.[1];
    const row = id === undefined ? undefined : this.rows.get(id);
    if (id === undefined || row === undefined) return { status: 404, data: null, headers: {} };
    if (method === "GET") return { status: 200, data: structuredClone(row), headers: {} };
    const next = { ...structuredClone(body as Customer), updatedAt: new Date() };
    this.rows.set(id, next);
    return { status: 200, data: structuredClone(next), headers: {} };
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clearLog(): void {
    this.requests.length = 0;
    this.faults = [];
  }

  setLatency(): void {
    // Nothing to delay in memory.
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
