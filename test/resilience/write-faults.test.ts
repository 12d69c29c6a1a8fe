/**
 * Write faults through the real server over HTTP (docs/architecture.md#write-outcomes): a write is
 * never sent twice; after an ambiguous failure the datasource reads back and reports
 * `extensions.writeOutcome`, which each test checks against the truth: the record the simulator
 * holds.
 */
import type { Fault, RecordedRequest } from "../../simulators/http-simulator.js";
import type { GraphQLResult, TestStack } from "../integration/harness.js";
import {
  DEADLINE_MS,
  UPDATE_MUTATION,
  eventually,
  onlyError,
  requestsTo,
  startLoanProStack,
  startSimPayStack,
} from "./resilience.harness.js";

/** What differs between the providers for these tests. */
interface ProviderUnderTest {
  name: "LOANPRO" | "SIMPAY";
  start(): Promise<{
    stack: TestStack;
    requests: () => RecordedRequest[];
    clear: () => void;
    inject: (fault: Fault) => void;
    storedEmail: (providerId: number) => string | null | undefined;
    close: () => Promise<void>;
  }>;
  /** One customer per test, so no test sees another's write. */
  providerIds: number[];
  writeMethod: "PUT" | "PATCH";
  writePath: (providerId: number) => string | RegExp;
}

const PROVIDERS: ProviderUnderTest[] = [
  {
    name: "LOANPRO",
    async start() {
      const lp = await startLoanProStack();
      return {
        stack: lp.stack,
        requests: () => lp.simulator.requests,
        clear: () => lp.simulator.clearLog(),
        inject: (fault) => lp.simulator.inject(fault),
        storedEmail: (id) => lp.simulator.customer(id)?.email ?? undefined,
        close: () => lp.close(),
      };
    },
    providerIds: [1011, 1012, 1013, 1014, 1015, 1016, 1017],
    writeMethod: "PUT",
    writePath: (id) => `Customers(${id})`,
  },
  {
    name: "SIMPAY",
    async start() {
      const sp = await startSimPayStack();
      return {
        stack: sp.stack,
        requests: () => sp.simulator.requests,
        clear: () => sp.simulator.clearLog(),
        inject: (fault) => sp.simulator.inject(fault),
        storedEmail: (key) => sp.simulator.customer(key)?.DefaultContact?.EmailAddress,
        close: () => sp.close(),
      };
    },
    providerIds: [48202, 48203, 48204, 48205, 48206, 48207, 48208],
    writeMethod: "PATCH",
    writePath: (key) => `/customers/${key}`,
  },
];

describe.each(PROVIDERS)("$name write faults", (provider) => {
  let started: Awaited<ReturnType<ProviderUnderTest["start"]>>;
  const ids = [...provider.providerIds];
  const prefix = provider.name.toLowerCase();

  beforeAll(async () => {
    started = await provider.start();
  });
  afterAll(() => started.close());
  beforeEach(() => started.clear());

  /** Sends an email change for the next unused customer; returns what a test needs. */
  async function changeEmail(fault: Fault): Promise<{
    result: GraphQLResult;
    providerId: number;
    oldEmail: string | null | undefined;
    newEmail: string;
    writes: () => RecordedRequest[];
  }> {
    const providerId = ids.shift() as number;
    const oldEmail = started.storedEmail(providerId);
    const newEmail = `changed.${providerId}.${Date.now()}@example.test`;
    started.inject({
      method: provider.writeMethod,
      path: provider.writePath(providerId),
      ...fault,
    });
    const result = await started.stack.graphql(UPDATE_MUTATION, {
      input: { id: `${prefix}:${providerId}`, email: newEmail },
    });
    const writes = () => requestsTo(started.requests(), provider.writeMethod);
    return { result, providerId, oldEmail, newEmail, writes };
  }

  it("reports APPLIED when the connection drops after the write applied, and sends it once", async () => {
    const { result, providerId, newEmail, writes } = await changeEmail({ dropAfterApply: true });
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: provider.name,
      retryable: false,
      writeOutcome: "APPLIED",
    });
    expect(started.storedEmail(providerId)).toBe(newEmail);
    expect(writes().length).toBe(1);
  });

  it("reports APPLIED and never retryable when the write applied and the provider answered 500", async () => {
    const { result, providerId, newEmail, writes } = await changeEmail({ statusAfterApply: 500 });
    expect(onlyError(result).extensions).toMatchObject({
      provider: provider.name,
      retryable: false,
      writeOutcome: "APPLIED",
    });
    expect(started.storedEmail(providerId)).toBe(newEmail);
    expect(writes().length).toBe(1);
  });

  it("reports NOT_APPLIED when the connection drops before the write, and sends it once", async () => {
    const { result, providerId, oldEmail, writes } = await changeEmail({ drop: true });
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: provider.name,
      retryable: true,
      writeOutcome: "NOT_APPLIED",
    });
    expect(started.storedEmail(providerId)).toBe(oldEmail);
    expect(writes().length).toBe(1);
  });

  it("reports NOT_APPLIED for a 503 on the write, and sends it once", async () => {
    const { result, providerId, oldEmail, writes } = await changeEmail({ status: 503 });
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_UNAVAILABLE",
      provider: provider.name,
      retryable: true,
      writeOutcome: "NOT_APPLIED",
    });
    expect(started.storedEmail(providerId)).toBe(oldEmail);
    expect(writes().length).toBe(1);
  });

  it("reports UNKNOWN for a 504 on the write (the provider may still be working on it)", async () => {
    const { result, writes } = await changeEmail({ status: 504 });
    expect(onlyError(result).extensions).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      retryable: false,
      writeOutcome: "UNKNOWN",
    });
    expect(writes().length).toBe(1);
  });

  it("reports APPLIED when the write applied but its answer drips past the deadline", async () => {
    const { result, providerId, newEmail, writes } = await changeEmail({ dripMs: 100 });
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_TIMEOUT",
      provider: provider.name,
      retryable: false,
      writeOutcome: "APPLIED",
    });
    expect(started.storedEmail(providerId)).toBe(newEmail);
    expect(writes().length).toBe(1);
  });

  it("reports UNKNOWN, never NOT_APPLIED, when the write is still running at the deadline", async () => {
    const { result, providerId, oldEmail, newEmail, writes } = await changeEmail({
      delayMs: DEADLINE_MS + 1_000,
    });
    expect(onlyError(result).extensions).toEqual({
      code: "UPSTREAM_TIMEOUT",
      provider: provider.name,
      retryable: false,
      writeOutcome: "UNKNOWN",
    });
    // When the read-back ran the record was unchanged, yet the write applies later: that is why
    // "unchanged after a timeout" is reported UNKNOWN.
    expect(started.storedEmail(providerId)).toBe(oldEmail);
    expect(await eventually(() => started.storedEmail(providerId) === newEmail, 3_000)).toBe(true);
    expect(writes().length).toBe(1);
  });
});
