/**
 * The LoanPro simulator's own behaviour over real HTTP (docs/providers/loanpro.md §11 checklist).
 */
import axios, { type AxiosInstance } from "axios";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";

describe("LoanPro simulator", () => {
  let simulator: LoanProSimulator;
  let client: AxiosInstance;

  beforeEach(async () => {
    simulator = await startLoanProSimulator({ clock: () => Date.parse("2025-01-01T00:00:00Z") });
    client = axios.create({
      baseURL: `${simulator.apiUrl}/`,
      validateStatus: () => true,
      headers: {
        Authorization: `Bearer ${simulator.token}`,
        "autopal-instance-id": simulator.instanceId,
      },
    });
  });

  afterEach(async () => {
    await simulator.close();
  });

  const list = async (params: Record<string, string>) =>
    client.get("odata.svc/Customers", { params });

  test("answers 401 with the standardized body without the Bearer prefix or the instance id", async () => {
    const noBearer = await client.get("odata.svc/Customers(1001)", {
      headers: { Authorization: simulator.token },
    });
    expect(noBearer.status).toBe(401);
    expect(noBearer.data).toMatchObject({ code: "401-CN0001", message: "Unauthorized" });
    const noInstance = await axios.get(`${simulator.apiUrl}/odata.svc/Customers(1001)`, {
      headers: { Authorization: `Bearer ${simulator.token}` },
      validateStatus: () => true,
    });
    expect(noInstance.status).toBe(401);
  });

  test("writes the d envelope with metadata, deferred nav props, seconds dates and 0/1 flags", async () => {
    const response = await client.get("odata.svc/Customers(1001)", {
      params: { $expand: "MailAddress" },
    });
    expect(response.status).toBe(200);
    const d = response.data.d;
    expect(d.__metadata).toEqual({
      uri: `http://127.0.0.1:${simulator.port}/api/public/api/1/odata.svc/Customers(id=1001)`,
      type: "Entity.Customer",
    });
    expect(d.PrimaryAddress).toEqual({ __deferred: { uri: "Customers(id=1001)/PrimaryAddress" } });
    expect(d.MailAddress).toMatchObject({ id: 5002, __metadata: { type: "Entity.Address" } });
    expect(d).toMatchObject({
      lastUpdate: "/Date(1717200000)/",
      birthDate: expect.stringMatching(/^\/Date\(\d+\)\/$/),
      ofacTested: 1,
      accessPassword: null,
      ssn: "900123456",
    });
  });

  test("answers a missing id with 409 by default and 404 when configured", async () => {
    expect((await client.get("odata.svc/Customers(999999)")).status).toBe(409);
    simulator.setNotFoundStatus(404);
    expect((await client.get("odata.svc/Customers(999999)")).status).toBe(404);
  });

  test("filters with or, and, tolower and substringof, and pages with a summary", async () => {
    const byIds = await list({
      $filter: "id eq 1003 or id eq 1001 or id eq 5",
      $orderby: "id desc",
    });
    expect(byIds.data.d.results.map((customer: { id: number }) => customer.id)).toEqual([
      1003, 1001,
    ]);
    expect(byIds.data.d.summary).toEqual({ start: 0, pageSize: 50, total: 2 });
    const byName = await list({
      $filter: "substringof('doe', tolower(lastName)) and status eq 'Inactive'",
    });
    expect(byName.data.d.results.map((customer: { id: number }) => customer.id)).toEqual([1008]);
    const page = await list({ $top: "5", $skip: "10" });
    expect(page.data.d.results).toHaveLength(5);
    expect(page.data.d.summary).toEqual({ start: 10, pageSize: 5, total: 40 });
    expect((await list({})).data.d.results).toHaveLength(40);
  });

  test("answers 409 for filter syntax it does not support", async () => {
    for (const filter of ["id eq", "length(lastName) eq 3", "unknownField eq 1", "id eq 1)"]) {
      const response = await list({ $filter: filter });
      expect(response.status).toBe(409);
      expect(response.data.error).toBeDefined();
    }
  });

  test("adds a new address when a nested address comes without __id and __update", async () => {
    const before = simulator.addressCount();
    const response = await client.put("odata.svc/Customers(1001)", {
      PrimaryAddress: {
        address1: "1 New Rd",
        city: "Provo",
        state: "geo.state.UT",
        country: "company.country.usa",
      },
    });
    expect(response.status).toBe(200);
    expect(response.data.d.PrimaryAddress).toEqual({
      __deferred: { uri: "Customers(id=1001)/PrimaryAddress" },
    });
    expect(simulator.addressCount()).toBe(before + 1);
    expect(simulator.customer(1001)?.PrimaryAddress?.id).not.toBe(5001);
    expect(simulator.customer(1001)?.lastUpdate).toBe(Date.parse("2025-01-01T00:00:00Z") / 1000);
  });

  test("refuses a mismatched __id, an unknown nested __id and an invalid state with 409", async () => {
    const bodies = [
      { __id: 1002, __update: true, firstName: "X" },
      { PrimaryAddress: { __id: 5003, __update: true, city: "X" } },
      { PrimaryAddress: { __id: 5001, __update: true, state: "geo.state.XX" } },
    ];
    for (const body of bodies) {
      expect((await client.put("odata.svc/Customers(1001)", body)).status).toBe(409);
    }
    expect(simulator.customer(1001)).toMatchObject({ firstName: "Ada", lastUpdate: 1717200000 });
  });

  test("raises a transaction warning for another customer's e-mail unless warnings are ignored", async () => {
    const refused = await client.put("odata.svc/Customers(1001)", {
      email: "john.dow@example.test",
    });
    expect(refused.status).toBe(409);
    expect(refused.data.warnings[0]).toContain("Customer ID 1002: John Dow");
    const accepted = await client.put("odata.svc/Customers(1001)", {
      email: "john.dow@example.test",
      __ignoreWarnings: true,
    });
    expect(accepted.status).toBe(200);
  });

  test("warns on another customer's SSN and always refuses an existing SSN and birth date pair", async () => {
    const warned = await client.put("odata.svc/Customers(1001)", { ssn: "900654321" });
    expect(warned.status).toBe(409);
    expect(warned.data.warnings[0]).toContain("(SSN)");
    const ignored = await client.put("odata.svc/Customers(1001)", {
      ssn: "900654321",
      __ignoreWarnings: true,
    });
    expect(ignored.status).toBe(200);
    // 1002 was born on 1990-01-01: the same SSN with the same birth date is never accepted.
    const pair = await client.put("odata.svc/Customers(1003)", {
      ssn: "900654321",
      birthDate: "1990-01-01",
      __ignoreWarnings: true,
    });
    expect(pair.status).toBe(409);
    expect(pair.data.warnings[0]).toContain("(SSN)");
  });

  test("clears a field with JSON null, ignores unknown fields and keeps lastUpdate on a no-op", async () => {
    await client.put("odata.svc/Customers(1001)", { middleName: null, notAField: 1 });
    expect(simulator.customer(1001)?.middleName).toBeNull();
    const noOp = await client.put("odata.svc/Customers(1002)", { firstName: "John" });
    expect(noOp.status).toBe(200);
    expect(simulator.customer(1002)?.lastUpdate).toBe(1717200000);
  });
});
