import "reflect-metadata";
import axios, { AxiosError, isAxiosError, type AxiosInstance } from "axios";
import { createAxiosInstance } from "../src/providers/provider-http.js";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../simulators/simpay/simpay.simulator.js";
import { createUndiciAdapter } from "./undici-adapter.js";

/** The provider-http.ts instance settings, on the undici adapter. */
function undiciInstance(baseURL: string, timeoutMs = 2_000): AxiosInstance {
  const instance = createAxiosInstance({ baseURL, timeoutMs });
  instance.defaults.adapter = createUndiciAdapter();
  return instance;
}

describe("undici axios adapter", () => {
  let loanpro: LoanProSimulator;
  let simpay: SimPaySimulator;

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ port: 0 });
    simpay = await startSimPaySimulator({ port: 0 });
  });

  afterAll(async () => {
    await Promise.all([loanpro.close(), simpay.close()]);
  });

  beforeEach(() => {
    loanpro.clearLog();
    simpay.clearLog();
  });

  const loanproHeaders = (): Record<string, string> => ({
    Authorization: `Bearer ${loanpro.token}`,
    "Autopal-Instance-ID": loanpro.instanceId,
  });

  it("sends baseURL + url + params and hands back parsed JSON", async () => {
    const response = await undiciInstance(loanpro.apiUrl).get<{ d: { id: number } }>(
      "odata.svc/Customers(1001)",
      { params: { $expand: "PrimaryAddress,MailAddress" }, headers: loanproHeaders() },
    );
    expect(response.status).toBe(200);
    expect(response.data.d.id).toBe(1001);
    expect(loanpro.requests).toHaveLength(1);
    expect(loanpro.requests[0].query).toEqual({ $expand: "PrimaryAddress,MailAddress" });
    expect(loanpro.requests[0].headers.accept).toBe("application/json");
  });

  it("returns an error status as data, as the provider-http seam expects", async () => {
    const response = await undiciInstance(loanpro.apiUrl).get("odata.svc/Customers(1001)", {
      headers: { Authorization: "Bearer wrong", "Autopal-Instance-ID": loanpro.instanceId },
    });
    expect(response.status).toBe(401);
  });

  it("sends a JSON body and exposes Set-Cookie as a list", async () => {
    const response = await undiciInstance(simpay.apiUrl).post<{ BearerToken?: string }>(
      "authenticate",
      { provider: "credentials", UserName: simpay.username, Password: simpay.password },
    );
    expect(response.status).toBe(200);
    expect(simpay.requests[0].body).toMatchObject({ UserName: simpay.username });
    expect(simpay.requests[0].headers["content-type"]).toContain("application/json");
    expect(Array.isArray(response.headers["set-cookie"])).toBe(true);
  });

  it("rejects with ETIMEDOUT when the answer takes longer than the timeout", async () => {
    loanpro.inject({ delayMs: 500 });
    const failure = await undiciInstance(loanpro.apiUrl, 100)
      .get("odata.svc/Customers(1001)", { headers: loanproHeaders() })
      .catch((error: unknown) => error);
    expect(isAxiosError(failure) && failure.code).toBe(AxiosError.ETIMEDOUT);
  });

  it("rejects with ERR_CANCELED when the caller's signal aborts", async () => {
    loanpro.inject({ delayMs: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const failure = await undiciInstance(loanpro.apiUrl)
      .get("odata.svc/Customers(1001)", { headers: loanproHeaders(), signal: controller.signal })
      .catch((error: unknown) => error);
    expect(axios.isCancel(failure)).toBe(true);
  });

  it("reports a refused connection by its code, without the request headers in the message", async () => {
    const closed = await startLoanProSimulator({ port: 0 });
    await closed.close();
    const failure = await undiciInstance(closed.apiUrl)
      .get("odata.svc/Customers(1001)", { headers: loanproHeaders() })
      .catch((error: unknown) => error);
    expect(isAxiosError(failure) && failure.code).toBe("ECONNREFUSED");
    expect(String((failure as Error).message)).not.toContain(loanpro.token);
  });
});
