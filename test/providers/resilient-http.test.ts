import { Writable } from "node:stream";
import { CircuitState } from "cockatiel";
import { startHttpSimulator, type RunningSimulator } from "../../simulators/http-simulator";
import { UpstreamTimeoutError, UpstreamUnavailableError } from "../../src/model/errors";
import { createLogger } from "../../src/observability/logger";
import { AxiosProviderHttp, type ProviderHttp } from "../../src/providers/provider-http";
import {
  DEFAULT_RESILIENCE,
  ResilientProviderHttp,
  parseRetryAfter,
  type ResilienceOptions,
} from "../../src/providers/resilient-http";

const silent = createLogger({
  level: "info",
  destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
});

let simulator: RunningSimulator;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  simulator = await startHttpSimulator(async (request) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    if (request.path.startsWith("/slow")) await new Promise((resolve) => setTimeout(resolve, 150));
    inFlight -= 1;
    if (request.path.startsWith("/missing")) return { status: 404, body: { error: "none" } };
    return { status: 200, body: { ok: true, path: request.path } };
  });
});

afterAll(() => simulator.close());

beforeEach(() => {
  simulator.clearLog();
  maxInFlight = 0;
});

function client(overrides: Partial<ResilienceOptions> = {}): ResilientProviderHttp {
  const inner = new AxiosProviderHttp({
    provider: "LOANPRO",
    baseURL: simulator.origin,
    timeoutMs: 30_000,
    logger: silent,
  });
  return new ResilientProviderHttp(inner, "LOANPRO", silent, {
    ...DEFAULT_RESILIENCE,
    retryInitialDelayMs: 10,
    retryMaxDelayMs: 50,
    ...overrides,
  });
}

function count(path: string): number {
  return simulator.requests.filter((request) => request.path === path).length;
}

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP-dates", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe("ResilientProviderHttp retries", () => {
  it.each([502, 503, 504, 429])(
    "retries a read answered %i and returns the later success",
    async (status) => {
      simulator.inject({ path: "/a", status, body: { error: "busy" } });
      const response = await client().send({ method: "GET", url: "a" }, "read");
      expect(response.status).toBe(200);
      expect(count("/a")).toBe(2);
    },
  );

  it("does not retry a read answered 500 (the provider's own failure)", async () => {
    simulator.inject({ path: "/a", status: 500, body: { error: "boom" } });
    const response = await client().send({ method: "GET", url: "a" }, "read");
    expect(response.status).toBe(500);
    expect(count("/a")).toBe(1);
  });

  it("never retries a write", async () => {
    simulator.inject({ path: "/a", status: 503, body: { error: "busy" } });
    const response = await client().send({ method: "PUT", url: "a", data: { x: 1 } }, "write");
    expect(response.status).toBe(503);
    expect(count("/a")).toBe(1);
  });

  it("honours Retry-After in seconds", async () => {
    simulator.inject({ path: "/a", status: 503, headers: { "retry-after": "1" } });
    const started = Date.now();
    const response = await client().send({ method: "GET", url: "a" }, "read");
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(count("/a")).toBe(2);
  });

  it("honours Retry-After as an HTTP-date", async () => {
    const at = new Date(Date.now() + 2000).toUTCString();
    simulator.inject({ path: "/a", status: 503, headers: { "retry-after": at } });
    const started = Date.now();
    const response = await client().send({ method: "GET", url: "a" }, "read");
    expect(response.status).toBe(200);
    // HTTP-dates have whole seconds, so the wait is between 1 and 2 seconds.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(count("/a")).toBe(2);
  });

  it("returns the answer at once when Retry-After would pass the deadline", async () => {
    simulator.inject({ path: "/a", status: 503, headers: { "retry-after": "30" } });
    const started = Date.now();
    const response = await client({ deadlineMs: 2000 }).send({ method: "GET", url: "a" }, "read");
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(count("/a")).toBe(1);
  });

  it("retries a read whose connection was reset", async () => {
    simulator.inject({ path: "/a", drop: true });
    const response = await client().send({ method: "GET", url: "a" }, "read");
    expect(response.status).toBe(200);
    expect(count("/a")).toBe(2);
  });

  it("does not retry a write whose connection was reset", async () => {
    simulator.inject({ path: "/a", dropAfterApply: true });
    await expect(
      client().send({ method: "PATCH", url: "a", data: {} }, "write"),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(count("/a")).toBe(1);
  });
});

describe("ResilientProviderHttp deadline", () => {
  it("ends a response that drips slowly at the deadline", async () => {
    simulator.inject({
      path: "/drip",
      status: 200,
      body: { padding: "x".repeat(200) },
      dripMs: 20,
    });
    const started = Date.now();
    await expect(
      client({ deadlineMs: 500 }).send({ method: "GET", url: "drip" }, "read"),
    ).rejects.toBeInstanceOf(UpstreamTimeoutError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2000);
  });

  it("aborts the request's signal only on expiry, not after every call that returned", async () => {
    const signals: AbortSignal[] = [];
    const inner = new AxiosProviderHttp({
      provider: "LOANPRO",
      baseURL: simulator.origin,
      timeoutMs: 30_000,
      logger: silent,
    });
    const watching: ProviderHttp = {
      send: (request, kind) => {
        if (request.signal) signals.push(request.signal);
        return inner.send(request, kind);
      },
    };
    // The deadline leaves a loaded machine ample time for the call that must succeed; the slow
    // call has a path of its own, so no request left over from another test can take its fault.
    const resilient = new ResilientProviderHttp(watching, "LOANPRO", silent, {
      ...DEFAULT_RESILIENCE,
      deadlineMs: 2_000,
    });
    await resilient.send({ method: "GET", url: "expiry" }, "read");
    simulator.inject({ path: "/expiry", delayMs: 6_000, status: 200, body: {} });
    await expect(resilient.send({ method: "GET", url: "expiry" }, "read")).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
    expect(signals.map((signal) => signal.aborted)).toEqual([false, true]);
  });

  it("ends a provider that does not answer at the deadline", async () => {
    simulator.inject({ path: "/silent", delayMs: 3000, status: 200, body: {} });
    await expect(
      client({ deadlineMs: 300 }).send({ method: "GET", url: "silent" }, "read"),
    ).rejects.toBeInstanceOf(UpstreamTimeoutError);
  });
});

describe("ResilientProviderHttp circuit breaker", () => {
  const breakerOptions: Partial<ResilienceOptions> = {
    readAttempts: 1,
    breakerMinimumCalls: 6,
    breakerWindowMs: 10_000,
    breakerFailureRatio: 0.5,
    breakerHalfOpenAfterMs: 60_000,
  };

  it("opens on sustained provider failure and then answers at once without calling", async () => {
    const http = client(breakerOptions);
    simulator.inject({ status: 503, times: Infinity });
    const outcomes: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      outcomes.push(
        await http.send({ method: "GET", url: `c${index}` }, "read").then(
          (response) => String(response.status),
          () => "refused",
        ),
      );
    }
    // The first calls reach the provider and fail; once the minimum is met, the breaker opens.
    expect(outcomes.slice(0, 3)).toEqual(["503", "503", "503"]);
    expect(outcomes.slice(-1)).toEqual(["refused"]);
    expect(http.breaker.state).toBe(CircuitState.Open);
    const before = simulator.requests.length;
    expect(before).toBeLessThan(10);
    const started = Date.now();
    const error = await http
      .send({ method: "GET", url: "healthy" }, "read")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).retryable).toBe(true);
    // No request reached the provider (below); "at once" is well under the deadline.
    expect(Date.now() - started).toBeLessThan(1000);
    expect(simulator.requests.length).toBe(before);
  });

  it("stays closed while one customer keeps failing and the others are served", async () => {
    const http = client(breakerOptions);
    simulator.inject({ path: "/broken", status: 500, times: Infinity });
    for (let round = 0; round < 10; round += 1) {
      const broken = await http.send({ method: "GET", url: "broken" }, "read");
      expect(broken.status).toBe(500);
      const healthy = await http.send({ method: "GET", url: `ok${round}` }, "read");
      expect(healthy.status).toBe(200);
    }
    expect(count("/broken")).toBe(10);
  });

  it("opens when a provider-wide status repeats on one resource", async () => {
    const http = client(breakerOptions);
    simulator.inject({ status: 503, times: Infinity });
    const outcomes: string[] = [];
    for (let index = 0; index < 10; index += 1) {
      outcomes.push(
        await http.send({ method: "GET", url: "same" }, "read").then(
          (response) => String(response.status),
          () => "refused",
        ),
      );
    }
    expect(outcomes.slice(-1)).toEqual(["refused"]);
    expect(http.breaker.state).toBe(CircuitState.Open);
    expect(count("/same")).toBeLessThan(10);
  });

  it("opens when 500 answers are spread over several resources", async () => {
    const http = client(breakerOptions);
    simulator.inject({ status: 500, times: Infinity });
    for (let index = 0; index < 10; index += 1) {
      await http.send({ method: "GET", url: `spread${index}` }, "read").catch(() => undefined);
    }
    expect(http.breaker.state).toBe(CircuitState.Open);
  });

  it("stays closed while the only traffic is one record answering 500", async () => {
    const http = client(breakerOptions);
    simulator.inject({ path: "/broken", status: 500, times: Infinity });
    for (let round = 0; round < 12; round += 1) {
      const broken = await http.send({ method: "GET", url: "broken" }, "read");
      expect(broken.status).toBe(500);
    }
    expect(http.breaker.state).toBe(CircuitState.Closed);
    expect(count("/broken")).toBe(12);
  });

  it("does not count provider 4xx answers", async () => {
    const http = client(breakerOptions);
    for (let index = 0; index < 12; index += 1) {
      const response = await http.send({ method: "GET", url: `missing${index}` }, "read");
      expect(response.status).toBe(404);
    }
    const response = await http.send({ method: "GET", url: "fine" }, "read");
    expect(response.status).toBe(200);
  });
});

describe("ResilientProviderHttp concurrency limit", () => {
  it("keeps at most maxConcurrent calls in flight and refuses past the queue", async () => {
    const http = client({ maxConcurrent: 2, maxQueued: 1 });
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map((index) => http.send({ method: "GET", url: `slow${index}` }, "read")),
    );
    expect(maxInFlight).toBeLessThanOrEqual(2);
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(UpstreamUnavailableError);
    expect(simulator.requests.length).toBe(3);
  });
});
