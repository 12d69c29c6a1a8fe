/**
 * SimPayDataSource against the SimPay simulator over real HTTP on loopback
 * (docs/providers/simpay.md §2-§9).
 */
import type { SimPayConfig } from "../../src/providers/simpay/simpay.config.js";
import { UpstreamAuthError, UpstreamUnavailableError } from "../../src/model/errors.js";
import { createLogger, type Logger } from "../../src/observability/logger.js";
import { AxiosProviderHttp } from "../../src/providers/provider-http.js";
import { SimPayDataSource } from "../../src/providers/simpay/simpay.datasource.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
  type SimPaySimulatorOptions,
} from "../../simulators/simpay/simpay.simulator.js";

interface Harness {
  simulator: SimPaySimulator;
  source: SimPayDataSource;
  logLines: string[];
}

const running: SimPaySimulator[] = [];

async function setUp(
  simulatorOptions: SimPaySimulatorOptions = {},
  overrides: { password?: string; concurrency?: number } = {},
): Promise<Harness> {
  const simulator = await startSimPaySimulator(simulatorOptions);
  running.push(simulator);
  const logLines: string[] = [];
  const logger: Logger = createLogger({
    level: "debug",
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const config: SimPayConfig = {
    apiUrl: simulator.apiUrl,
    username: simulator.username,
    password: overrides.password ?? simulator.password,
    timestampOffset: "UTC",
  };
  const http = new AxiosProviderHttp({
    provider: "SIMPAY",
    baseURL: config.apiUrl,
    timeoutMs: 5_000,
    logger,
  });
  const source = new SimPayDataSource({ config, http, logger, concurrency: overrides.concurrency });
  return { simulator, source, logLines };
}

/** Session secrets the simulator handed out: ss-id/ss-pid values and bearer tokens. */
function secretsSeenBy(simulator: SimPaySimulator): string[] {
  const secrets = new Set<string>();
  for (const request of simulator.requests) {
    const cookie = request.headers.cookie ?? "";
    for (const pair of cookie.split(";")) {
      const value = pair.split("=")[1]?.trim();
      if (value && value.length > 8) secrets.add(value);
    }
    const authorization = request.headers.authorization;
    if (authorization) secrets.add(authorization.replace("Bearer ", ""));
  }
  return [...secrets];
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.close()));
});

describe("SimPayDataSource reads", () => {
  it("reads a customer and maps it to the model", async () => {
    const { source } = await setUp();
    const customer = await source.get("48213");
    expect(customer).toMatchObject({
      id: "simpay:48213",
      provider: "SIMPAY",
      providerId: "48213",
      externalId: "NW-0007",
      displayName: "Northwind Bakery",
      status: "ACTIVE",
      statusLabel: "Active",
      email: "lena.ortiz@example.com",
      firstName: null,
      customerType: null,
      shippingAddress: null,
      billingAddress: {
        line1: "410 W Lake St",
        line2: null,
        city: "Chicago",
        region: "IL",
        postalCode: "60606",
        country: "USA",
      },
    });
    expect(customer?.defaultContact).toMatchObject({ firstName: "Lena", lastName: "Ortiz" });
    expect(customer?.createdAt?.toISOString()).toBe("2024-05-02T09:15:27.441Z");
  });

  it("returns null for a customer key SimPay does not have", async () => {
    const { source } = await setUp();
    await expect(source.get("99999")).resolves.toBeNull();
  });

  it("reads an unknown ActivationStatus as OTHER with its label, and logs it", async () => {
    const { source, simulator, logLines } = await setUp();
    simulator.inject({
      method: "GET",
      path: "/api/customers/48213",
      status: 200,
      body: { ...simulator.customer(48213)!, ActivationStatus: "Frozen" },
    });
    const customer = await source.get("48213");
    expect(customer).toMatchObject({ status: "OTHER", statusLabel: "Frozen" });
    const warnings = logLines.filter((line) => line.includes("unknown ActivationStatus"));
    expect(warnings.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 40, customerKey: 48213, activationStatus: "Frozen" }),
    ]);
  });

  it("reads an address code outside SimPay's lists as null and logs the field and the value", async () => {
    const { source, simulator, logLines } = await setUp();
    const stored = simulator.customer(48213)!;
    simulator.inject({
      method: "GET",
      path: "/api/customers/48213",
      status: 200,
      body: {
        ...stored,
        BillingAddress: {
          StreetAddress1: "1 Code St",
          CountryCode: "MEX",
          StateOrProvinceCode: "IL",
        },
      },
    });
    const customer = await source.get("48213");
    expect(customer?.billingAddress).toMatchObject({
      line1: "1 Code St",
      country: null,
      region: "IL",
    });
    const warnings = logLines.filter((line) => line.includes("SimPay returned an unknown code"));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({
      level: 40,
      customerKey: 48213,
      field: "BillingAddress.CountryCode",
      value: "MEX",
    });
  });

  it("throws a retryable UpstreamUnavailableError when SimPay answers 503", async () => {
    const { source, simulator } = await setUp();
    simulator.inject({ method: "GET", path: "/api/customers/48213", status: 503, body: {} });
    const failure = await source.get("48213").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect((failure as UpstreamUnavailableError).retryable).toBe(true);
  });

  it("throws UpstreamAuthError when the configured password is wrong", async () => {
    const { source, simulator } = await setUp({}, { password: "not-the-password" });
    await expect(source.get("48213")).rejects.toBeInstanceOf(UpstreamAuthError);
    expect(simulator.loginCount()).toBe(1);
    expect(simulator.customerRequests()).toHaveLength(0);
  });

  it("throws UpstreamAuthError when the API user's role may not read customers", async () => {
    const { source } = await setUp({ role: "Auditor" });
    const failure = await source.get("48213").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamAuthError);
    expect((failure as UpstreamAuthError).status).toBe(403);
  });

  it("shares one login between 10 concurrent first reads", async () => {
    const { source, simulator } = await setUp({ latencyMs: 20 });
    const customers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => source.get(String(48201 + index))),
    );
    expect(customers.every((customer) => customer !== null)).toBe(true);
    expect(simulator.loginCount()).toBe(1);
  });

  it("logs in exactly once more after the session expired, and the call succeeds", async () => {
    const { source, simulator } = await setUp();
    await source.get("48213");
    simulator.expireSessions();
    const results = await Promise.all([source.get("48213"), source.get("48214")]);
    expect(results.map((customer) => customer?.providerId)).toEqual(["48213", "48214"]);
    expect(simulator.loginCount()).toBe(2);
  });

  it("sends the session as cookies and as a bearer token", async () => {
    const { source, simulator } = await setUp();
    await source.get("48213");
    const [read] = simulator.customerRequests("GET");
    expect(read.headers.cookie).toMatch(/ss-id=[^;]+/);
    expect(read.headers.cookie).toMatch(/ss-pid=[^;]+/);
    expect(read.headers.authorization).toMatch(/^Bearer \S+$/);
    const [login] = simulator.requests;
    expect(login.body).toEqual({
      provider: "credentials",
      UserName: simulator.username,
      Password: simulator.password,
      RememberMe: true,
    });
  });

  it("works with a cookie-only session when login returns no bearer token", async () => {
    const { source, simulator } = await setUp({ bearerToken: false });
    await expect(source.get("48213")).resolves.not.toBeNull();
    expect(simulator.customerRequests("GET")[0].headers.authorization).toBeUndefined();
  });

  it("keeps order in getMany, never exceeds the concurrency, and isolates missing entries", async () => {
    const { source, simulator } = await setUp({ latencyMs: 25 }, { concurrency: 4 });
    await source.get("48201");
    simulator.resetInFlight();
    const keys = Array.from({ length: 30 }, (_, index) => String(48201 + index));
    keys[7] = "99999";
    const results = await source.getMany(keys);
    expect(results).toHaveLength(30);
    expect(results[7]).toBeNull();
    results.forEach((result, index) => {
      if (index !== 7) expect((result as { providerId: string }).providerId).toBe(keys[index]);
    });
    expect(simulator.maxInFlight()).toBeLessThanOrEqual(4);
    expect(simulator.maxInFlight()).toBeGreaterThanOrEqual(2);
  });

  it("returns the Error for the one entry of getMany that fails", async () => {
    const { source, simulator } = await setUp();
    simulator.inject({ method: "GET", path: "/api/customers/48203", status: 500, body: {} });
    const results = await source.getMany(["48202", "48203", "48204"]);
    expect(results[1]).toBeInstanceOf(UpstreamUnavailableError);
    expect(results[0]).toMatchObject({ providerId: "48202" });
    expect(results[2]).toMatchObject({ providerId: "48204" });
  });
});

describe("SimPayDataSource updates", () => {
  it("changes the e-mail with one login and one PATCH carrying the complete contact and the required address", async () => {
    const { source, simulator } = await setUp();
    const result = await source.update("48213", { email: "l.ortiz@example.com" });
    expect(result.userErrors).toEqual([]);
    expect(result.written).toBe(true);
    expect(result.customer?.email).toBe("l.ortiz@example.com");
    expect(simulator.loginCount()).toBe(1);
    const patches = simulator.customerRequests("PATCH");
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toEqual({
      DefaultContact: {
        FirstName: "Lena",
        LastName: "Ortiz",
        EmailAddress: "l.ortiz@example.com",
        DaytimeTelephoneNumber: "312-555-0107",
        MobileTelephoneNumber: "773-555-0199",
      },
      BillingAddress: {
        StreetAddress1: "410 W Lake St",
        City: "Chicago",
        StateOrProvinceCode: "IL",
        PostalCode: "60606",
        CountryCode: "USA",
      },
    });
    expect(simulator.customer(48213)?.DefaultContact?.EmailAddress).toBe("l.ortiz@example.com");
  });

  it("merges a partial address into the current one", async () => {
    const { source, simulator } = await setUp();
    const result = await source.update("48213", { billingAddress: { postalCode: "60607" } });
    expect(result.userErrors).toEqual([]);
    const [patch] = simulator.customerRequests("PATCH");
    expect((patch.body as { BillingAddress: unknown }).BillingAddress).toEqual({
      StreetAddress1: "410 W Lake St",
      City: "Chicago",
      StateOrProvinceCode: "IL",
      PostalCode: "60607",
      CountryCode: "USA",
    });
    expect(result.customer?.billingAddress?.postalCode).toBe("60607");
    expect(result.customer?.billingAddress?.line1).toBe("410 W Lake St");
  });

  it("sends no PATCH when nothing changes and returns the current customer", async () => {
    const { source, simulator } = await setUp();
    const result = await source.update("48213", {
      displayName: "Northwind Bakery",
      email: "lena.ortiz@example.com",
      billingAddress: { country: "US", region: "IL" },
    });
    expect(result).toMatchObject({ userErrors: [], written: false });
    expect(result.customer?.displayName).toBe("Northwind Bakery");
    expect(simulator.customerRequests("PATCH")).toHaveLength(0);
  });

  it("reports over-long and invalid input as userErrors with paths and sends no PATCH", async () => {
    const { source, simulator } = await setUp();
    const result = await source.update("48213", {
      displayName: "x".repeat(101),
      birthDate: "1990-01-01",
      status: "LEAD",
      defaultContact: { email: "e".repeat(101) },
      billingAddress: { region: "ON" },
      shippingAddress: { postalCode: "10001" },
    });
    expect(result.written).toBe(false);
    expect(result.customer).toBeNull();
    const found = result.userErrors.map((error) => `${error.path.join(".")}:${error.code}`);
    expect(found).toEqual(
      expect.arrayContaining([
        "displayName:TOO_LONG",
        "birthDate:UNSUPPORTED_FIELD",
        "status:INVALID",
        "defaultContact.email:TOO_LONG",
        "billingAddress.region:INVALID",
        "shippingAddress.line1:REQUIRED",
        "shippingAddress.region:REQUIRED",
        "shippingAddress.country:REQUIRED",
      ]),
    );
    expect(simulator.customerRequests("PATCH")).toHaveLength(0);
  });

  it("answers NOT_FOUND on id for a customer SimPay does not have", async () => {
    const { source, simulator } = await setUp();
    const result = await source.update("99999", { displayName: "Anyone" });
    expect(result.userErrors).toEqual([
      { path: ["id"], code: "NOT_FOUND", message: expect.any(String) },
    ]);
    expect(simulator.customerRequests("PATCH")).toHaveLength(0);
  });

  it("turns a 400 ResponseStatus into REJECTED_BY_PROVIDER userErrors without the provider's text", async () => {
    const { source, simulator } = await setUp();
    simulator.inject({
      method: "PATCH",
      status: 400,
      body: {
        ResponseStatus: {
          ErrorCode: "Email",
          Message: "'l.ortiz@example.com' is not a valid email address.",
          Errors: [
            {
              ErrorCode: "Email",
              FieldName: "DefaultContact.EmailAddress",
              Message: "'l.ortiz@example.com' is not a valid email address.",
            },
          ],
        },
      },
    });
    const result = await source.update("48213", { email: "l.ortiz@example.com" });
    expect(result.written).toBe(false);
    expect(result.userErrors).toEqual([
      { path: ["email"], code: "REJECTED_BY_PROVIDER", message: expect.any(String) },
    ]);
    expect(JSON.stringify(result)).not.toContain("l.ortiz");
  });

  it("logs in again and repeats a PATCH once when it is answered 401", async () => {
    const { source, simulator } = await setUp();
    simulator.inject({
      method: "PATCH",
      status: 401,
      body: { ResponseStatus: { ErrorCode: "Unauthorized", Message: "Not Authenticated" } },
    });
    const result = await source.update("48213", { displayName: "Northwind Bakery & Cafe" });
    expect(result.userErrors).toEqual([]);
    expect(result.customer?.displayName).toBe("Northwind Bakery & Cafe");
    expect(simulator.customerRequests("PATCH")).toHaveLength(2);
    expect(simulator.loginCount()).toBe(2);
  });

  it("reports NOT_APPLIED without a read-back when the login after a 401 PATCH fails", async () => {
    const { source, simulator } = await setUp();
    await source.get("48213");
    simulator.inject({
      method: "PATCH",
      status: 401,
      body: { ResponseStatus: { ErrorCode: "Unauthorized", Message: "Not Authenticated" } },
    });
    simulator.inject({ method: "POST", path: "/api/authenticate", status: 503, body: {} });
    const readsBefore = simulator.customerRequests("GET").length;
    const error = await source
      .update("48213", { displayName: "Northwind Bakery & Cafe" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UpstreamUnavailableError);
    expect((error as UpstreamUnavailableError).writeOutcome).toBe("NOT_APPLIED");
    expect(simulator.customerRequests("PATCH")).toHaveLength(1);
    // One GET before the PATCH (the merge); none after it.
    expect(simulator.customerRequests("GET").length - readsBefore).toBe(1);
    expect(simulator.customer(48213)?.CustomerName).toBe("Northwind Bakery");
  });
});

describe("SimPayDataSource privacy", () => {
  it("keeps the password, session ids and bearer token out of log lines and errors", async () => {
    const { source, simulator, logLines } = await setUp({ latencyMs: 5 });
    await source.get("48213");
    simulator.expireSessions();
    await source.update("48213", { email: "lena@example.org" });
    simulator.inject({ method: "GET", path: "/api/customers/48214", status: 503, body: {} });
    const unavailable = await source.get("48214").catch((error: unknown) => error);
    const wrong = await setUp({}, { password: "wrong-secret-password" });
    const authFailure = await wrong.source.get("48213").catch((error: unknown) => error);

    const secrets = [simulator.password, "wrong-secret-password", ...secretsSeenBy(simulator)];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const logged = [...logLines, ...wrong.logLines].join("\n");
    expect(logged).toContain("SimPay login succeeded");
    const thrown = [unavailable, authFailure]
      .map((error) => `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`)
      .join("\n");
    for (const secret of secrets) {
      expect(logged).not.toContain(secret);
      expect(thrown).not.toContain(secret);
    }
  });
});
