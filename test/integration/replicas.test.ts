/**
 * Two server processes behind no router, sharing one real Redis (`REDIS_URL`): concurrent updates
 * of one customer sent to both replicas lose nothing, and an idempotency key sent to both writes
 * once. The servers are the real entry point (`src/index.ts`), compiled for this test into
 * `.jest-cache/`, run with `node` (test/support/server-process.ts); the simulators run in this process and count the writes.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import axios from "axios";
import { print } from "graphql";
import {
  UpdateCustomerOnceDocument,
  type UpdateCustomerInput,
  type UpdateCustomerOnceMutation,
} from "../../src/generated/graphql.js";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import { redisAvailability, startTestRedis, type TestRedis } from "../support/redis-server.js";
import {
  buildServer,
  killServerProcess,
  startServerProcess,
  type ServerProcess,
} from "../support/server-process.js";

const SIMPAY_USER = { username: "sp-replica-user-5510", password: "sp-replica-password-c2d9" };
const PAIRS = 50;

async function send<TData, TVariables>(
  replica: ServerProcess,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<{ data?: TData; errors?: unknown }> {
  const response = await axios.post<{ data?: TData; errors?: unknown }>(
    `${replica.origin}/graphql`,
    { query: print(document), variables },
    { headers: { "content-type": "application/json" }, validateStatus: () => true },
  );
  return response.data;
}

type Payload = UpdateCustomerOnceMutation["updateCustomer"];

const redisRuns = redisAvailability("two replicas sharing Redis").available;
const describeOrSkip = redisRuns ? describe : describe.skip;

describeOrSkip("two server processes sharing one Redis", () => {
  let redis: TestRedis;
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;
  let replicas: ServerProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    const outDir = buildServer();
    loanpro = await startLoanProSimulator({ latencyMs: 10 });
    simpay = await startSimPaySimulator({ ...SIMPAY_USER, latencyMs: 10 });
    const env = {
      LOG_LEVEL: "warn",
      LOANPRO_API_URL: loanpro.apiUrl,
      LOANPRO_API_TOKEN: loanpro.token,
      LOANPRO_INSTANCE_ID: loanpro.instanceId,
      SIMPAY_API_URL: simpay.apiUrl,
      SIMPAY_USERNAME: SIMPAY_USER.username,
      SIMPAY_PASSWORD: SIMPAY_USER.password,
      REDIS_URL: redis.url,
      // 100 updates of one customer queue behind each other: give the last one time.
      LOCK_WAIT_MS: "120000",
    };
    replicas = await Promise.all([
      startServerProcess(outDir, env),
      startServerProcess(outDir, env),
    ]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(replicas.map(killServerProcess));
    await loanpro?.close();
    await simpay?.close();
    await redis?.stop();
  }, 30_000);

  beforeEach(() => {
    loanpro.clearLog();
    simpay.clearLog();
  });

  async function burst(inputs: Array<(index: number) => UpdateCustomerInput>): Promise<Payload[]> {
    const sends: Array<Promise<{ data?: UpdateCustomerOnceMutation; errors?: unknown }>> = [];
    for (let index = 0; index < PAIRS; index += 1) {
      inputs.forEach((input, side) => {
        // The two updates of a pair go to different replicas.
        sends.push(send(replicas[side % 2]!, UpdateCustomerOnceDocument, { input: input(index) }));
      });
    }
    const results = await Promise.all(sends);
    for (const result of results) expect(result.errors).toBeUndefined();
    return results.map((result) => result.data!.updateCustomer);
  }

  it("keeps every change of 50 concurrent pairs of SimPay contact updates split over both: 0 lost", async () => {
    const payloads = await burst([
      (index) => ({ id: "simpay:48213", defaultContact: { firstName: `First${1000 + index}` } }),
      (index) => ({
        id: "simpay:48213",
        defaultContact: { mobilePhone: `801-555-${1000 + index}` },
      }),
    ]);
    for (const payload of payloads) expect(payload.userErrors).toEqual([]);
    // Every PATCH carries the complete contact: one that changes a field and puts back an older
    // value of the other is a lost write.
    const patches = simpay
      .customerRequests("PATCH")
      .map(
        (request) =>
          (request.body as { DefaultContact: { FirstName: string; MobileTelephoneNumber: string } })
            .DefaultContact,
      );
    expect(patches).toHaveLength(2 * PAIRS);
    let firstName = "Lena";
    let phone = "773-555-0199";
    let lost = 0;
    for (const contact of patches) {
      if (contact.FirstName !== firstName && contact.MobileTelephoneNumber !== phone) lost += 1;
      firstName = contact.FirstName;
      phone = contact.MobileTelephoneNumber;
    }
    expect(lost).toBe(0);
    expect(simpay.customer(48213)?.DefaultContact).toMatchObject({
      FirstName: firstName,
      MobileTelephoneNumber: phone,
    });
  });

  it("keeps every change of 50 concurrent pairs of LoanPro updates split over both: 0 lost", async () => {
    await burst([
      (index) => ({ id: "loanpro:1002", firstName: `First${index}` }),
      (index) => ({ id: "loanpro:1002", lastName: `Last${index}` }),
    ]);
    const puts = loanpro.requests
      .filter((request) => request.method === "PUT")
      .map((request) => request.body as { firstName?: string; lastName?: string });
    expect(puts).toHaveLength(2 * PAIRS);
    const lastFirst = puts.filter((body) => body.firstName !== undefined).at(-1)?.firstName;
    const lastLast = puts.filter((body) => body.lastName !== undefined).at(-1)?.lastName;
    expect(loanpro.customer(1002)).toMatchObject({ firstName: lastFirst, lastName: lastLast });
  });

  it("creates one LoanPro mailing address when each replica adds one at once", async () => {
    const before = loanpro.addressCount();
    const address = {
      line1: "9 Mailing Way",
      city: "Provo",
      region: "UT",
      postalCode: "84604",
      country: "USA",
    };
    const results = await Promise.all([
      send(replicas[0]!, UpdateCustomerOnceDocument, {
        input: { id: "loanpro:1007", mailingAddress: address },
      }),
      send(replicas[1]!, UpdateCustomerOnceDocument, {
        input: { id: "loanpro:1007", mailingAddress: { ...address, line1: "11 Mailing Way" } },
      }),
    ]);
    for (const result of results) expect(result.data?.updateCustomer.userErrors).toEqual([]);
    expect(loanpro.addressCount() - before).toBe(1);
  });

  it("writes once for one idempotency key sent 10 times to both replicas, with identical payloads", async () => {
    const input = { id: "simpay:48220", displayName: "Replica Once Ltd" };
    const idempotencyKey = "replica-form-submit-01";
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        send(replicas[index % 2]!, UpdateCustomerOnceDocument, { input, idempotencyKey }),
      ),
    );
    const later = await send(replicas[1]!, UpdateCustomerOnceDocument, { input, idempotencyKey });
    const all = [...results, later];
    for (const result of all) expect(result.errors).toBeUndefined();
    expect(results[0]!.data?.updateCustomer.customer?.displayName).toBe("Replica Once Ltd");
    for (const result of all) expect(result.data).toEqual(results[0]!.data);
    expect(simpay.customerRequests("PATCH")).toHaveLength(1);
  });

  it("answers STATE_STORE_UNAVAILABLE, retryable, and writes nothing while Redis is down", async () => {
    if (!redis.kill || !redis.restart) return; // a REDIS_URL given from outside is not ours to stop
    await redis.kill();
    try {
      const result = await send(replicas[0]!, UpdateCustomerOnceDocument, {
        input: { id: "simpay:48221", displayName: "Never Unlocked" },
      });
      expect(result.errors).toMatchObject([
        { extensions: { code: "STATE_STORE_UNAVAILABLE", retryable: true } },
      ]);
      expect(simpay.customerRequests("PATCH")).toHaveLength(0);
    } finally {
      await redis.restart();
    }
  });
});
