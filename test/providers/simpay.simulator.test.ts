/**
 * The SimPay simulator itself, over real HTTP: what it answers is what the datasource tests and the
 * embedded default rely on (docs/providers/simpay.md §2-§9).
 */
import axios, { type AxiosInstance } from "axios";
import {
  startSimPaySimulator,
  type SimPaySimulator,
} from "../../simulators/simpay/simpay.simulator.js";
import type { SimPayCustomerDetail } from "../../src/providers/simpay/simpay.wire.js";

let simulator: SimPaySimulator;
let client: AxiosInstance;

async function logIn(target: SimPaySimulator = simulator): Promise<Record<string, string>> {
  const response = await client.post(`${target.apiUrl}/Authenticate`, {
    provider: "credentials",
    UserName: target.username,
    Password: target.password,
    RememberMe: true,
  });
  expect(response.status).toBe(200);
  const cookies = (response.headers["set-cookie"] ?? []).map((line: string) => line.split(";")[0]);
  return { Cookie: cookies.join("; ") };
}

const validPatch = {
  DefaultContact: { FirstName: "Lena", LastName: "Ortiz", EmailAddress: "lena@example.org" },
  BillingAddress: {
    StreetAddress1: "410 W Lake St",
    StateOrProvinceCode: "IL",
    PostalCode: "60606",
    CountryCode: "USA",
  },
};

beforeEach(async () => {
  simulator = await startSimPaySimulator();
  client = axios.create({ validateStatus: () => true });
});

afterEach(async () => {
  await simulator.close();
});

describe("SimPay simulator authentication", () => {
  it("logs in with credentials and returns the session, cookies and a bearer token", async () => {
    const response = await client.post(`${simulator.apiUrl}/authenticate`, {
      provider: "credentials",
      UserName: simulator.username,
      Password: simulator.password,
      RememberMe: true,
    });
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({
      UserName: simulator.username,
      Roles: ["Merchant"],
      SessionId: expect.any(String),
      BearerToken: expect.any(String),
    });
    const names = (response.headers["set-cookie"] ?? []).map((line: string) => line.split("=")[0]);
    expect(names).toEqual(expect.arrayContaining(["ss-id", "ss-pid"]));
  });

  it("answers a wrong password with 401 Invalid UserName or Password", async () => {
    const response = await client.post(`${simulator.apiUrl}/authenticate`, {
      provider: "credentials",
      UserName: simulator.username,
      Password: "nope",
    });
    expect(response.status).toBe(401);
    expect(response.data.ResponseStatus.Message).toBe("Invalid UserName or Password");
  });

  it("answers a customer call without a session with 401 and WWW-Authenticate", async () => {
    const response = await client.get(`${simulator.apiUrl}/customers/48213`);
    expect(response.status).toBe(401);
    expect(response.data).toEqual({
      ResponseStatus: { ErrorCode: "Unauthorized", Message: "Not Authenticated" },
    });
    expect(response.headers["www-authenticate"]).toBeDefined();
  });

  it("accepts the bearer token alone", async () => {
    const login = await client.post(`${simulator.apiUrl}/authenticate`, {
      UserName: simulator.username,
      Password: simulator.password,
    });
    const response = await client.get(`${simulator.apiUrl}/customers/48213`, {
      headers: { Authorization: `Bearer ${login.data.BearerToken}` },
    });
    expect(response.status).toBe(200);
  });

  it("answers 401 after expireSessions()", async () => {
    const headers = await logIn();
    simulator.expireSessions();
    expect((await client.get(`${simulator.apiUrl}/customers/48213`, { headers })).status).toBe(401);
  });

  it("answers 403 Invalid Role to a user without the Merchant or Reseller role", async () => {
    const restricted = await startSimPaySimulator({ role: "Auditor" });
    try {
      const headers = await logIn(restricted);
      const response = await client.get(`${restricted.apiUrl}/customers/48213`, { headers });
      expect(response.status).toBe(403);
      expect(response.data.ResponseStatus.Message).toBe("Invalid Role");
    } finally {
      await restricted.close();
    }
  });
});

describe("SimPay simulator customers", () => {
  it("answers GET with a PascalCase CustomerDetail, CustomerID and 7-digit zone-less timestamps", async () => {
    const headers = await logIn();
    const response = await client.get(`${simulator.apiUrl}/customers/48213`, { headers });
    expect(response.status).toBe(200);
    expect(response.data.CustomerID).toBe("NW-0007");
    expect(response.data.CustomerName).toBe("Northwind Bakery");
    expect(response.data.CreationTimestamp).toBe("2024-05-02T09:15:27.4410000");
    expect("ShippingAddress" in response.data).toBe(false);
  });

  it("answers an unknown key with 404 ResponseStatus", async () => {
    const headers = await logIn();
    const response = await client.get(`${simulator.apiUrl}/customers/99999`, { headers });
    expect(response.status).toBe(404);
    expect(response.data.ResponseStatus.ErrorCode).toBe("NotFound");
  });

  it("seeds 40 varied customers", () => {
    const customers = simulator.customers();
    expect(customers).toHaveLength(40);
    const statuses = new Set(customers.map((customer) => customer.ActivationStatus));
    expect([...statuses].sort()).toEqual(["Active", "Deleted", "Inactive", "Pending"]);
    const has = (test: (customer: SimPayCustomerDetail) => boolean): boolean =>
      customers.some(test);
    expect(has((c) => !!c.BillingAddress && !c.ShippingAddress)).toBe(true);
    expect(has((c) => !c.BillingAddress && !!c.ShippingAddress)).toBe(true);
    expect(has((c) => !!c.BillingAddress && !!c.ShippingAddress)).toBe(true);
    expect(has((c) => c.BillingAddress?.CountryCode === "CAN")).toBe(true);
    expect(has((c) => !!c.DefaultContact?.BillingAddress)).toBe(true);
    expect(customers.every((c) => !!c.BillingAddress || !!c.ShippingAddress)).toBe(true);
  });

  it("lists with filters, sorting, paging, and hides Deleted unless asked", async () => {
    const headers = await logIn();
    const page = await client.get(`${simulator.apiUrl}/customers`, {
      headers,
      params: { PageSize: 5, PageNumber: 2, SortField: "CustomerKey", SortDirection: "Desc" },
    });
    expect(page.data.map((customer: SimPayCustomerDetail) => customer.CustomerKey)).toEqual([
      48234, 48233, 48232, 48231, 48230,
    ]);
    const byName = await client.get(`${simulator.apiUrl}/customers`, {
      headers,
      params: { CustomerName: "northwind" },
    });
    expect(byName.data.map((customer: SimPayCustomerDetail) => customer.CustomerKey)).toEqual([
      48213,
    ]);
    const all = await client.get(`${simulator.apiUrl}/customers`, {
      headers,
      params: { PageSize: 100 },
    });
    expect(all.data).toHaveLength(39);
    const withDeleted = await client.get(`${simulator.apiUrl}/customers`, {
      headers,
      params: { PageSize: 100, IncludeDeleted: true },
    });
    expect(withDeleted.data).toHaveLength(40);
  });

  it("applies a valid PATCH, replacing nested objects and bumping LastUpdateTimestamp", async () => {
    const headers = await logIn();
    const response = await client.patch(
      `${simulator.apiUrl}/customers/48213`,
      { ...validPatch, CustomerId: "NW-8", ActivationStatus: "Inactive" },
      { headers },
    );
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ CustomerID: "NW-8", ActivationStatus: "Inactive" });
    expect(response.data.DefaultContact).toEqual(validPatch.DefaultContact);
    expect(response.data.BillingAddress).toEqual(validPatch.BillingAddress);
    expect(response.data.LastUpdateTimestamp).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/,
    );
    expect(response.data.LastUpdateTimestamp).not.toBe("2024-05-02T09:15:27.4410000");
  });

  it("rejects a PATCH breaking the rules with 400 Errors[] and stores nothing", async () => {
    const headers = await logIn();
    const before = simulator.customer(48213);
    const response = await client.patch(
      `${simulator.apiUrl}/customers/48213`,
      {
        CustomerName: "x".repeat(101),
        ActivationStatus: "Frozen",
        DefaultContact: { EmailAddress: "e".repeat(101) },
        BillingAddress: {
          StreetAddress1: "1 Main",
          StateOrProvinceCode: "ON",
          PostalCode: "1",
          CountryCode: "USA",
        },
        ShippingAddress: {
          StreetAddress1: "1 Main",
          StateOrProvinceCode: "ON",
          PostalCode: "1",
          CountryCode: "MEX",
        },
      },
      { headers },
    );
    expect(response.status).toBe(400);
    const fields = response.data.ResponseStatus.Errors.map(
      (error: { FieldName: string }) => error.FieldName,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        "CustomerName",
        "ActivationStatus",
        "DefaultContact.EmailAddress",
        "BillingAddress.StateOrProvinceCode",
        "ShippingAddress.CountryCode",
      ]),
    );
    expect(simulator.customer(48213)).toEqual(before);
  });

  it("enforces DefaultContact and an address on PATCH", async () => {
    const headers = await logIn();
    const response = await client.patch(
      `${simulator.apiUrl}/customers/48213`,
      { CustomerName: "Renamed" },
      { headers },
    );
    expect(response.status).toBe(400);
    const fields = response.data.ResponseStatus.Errors.map(
      (error: { FieldName: string }) => error.FieldName,
    );
    expect(fields).toEqual(["DefaultContact", "BillingAddress"]);
    expect(simulator.customer(48213)?.CustomerName).toBe("Northwind Bakery");
  });

  it("answers DELETE with 405", async () => {
    const headers = await logIn();
    const response = await client.delete(`${simulator.apiUrl}/customers/48213`, { headers });
    expect(response.status).toBe(405);
    expect(simulator.customer(48213)).toBeDefined();
  });
});
