/**
 * The LoanPro datasource against the LoanPro simulator over real HTTP on loopback.
 */
import { UpstreamAuthError, UpstreamUnavailableError } from "../../src/model/errors.js";
import type { CustomerPatch } from "../../src/model/customer.js";
import { startLoanProRig, type LoanProTestRig } from "../contract/loanpro.harness.js";

const ADA_SSN = "900123456";
const ADA_DRIVER_LICENSE = "UT1234567";
const ACME_EMPLOYER_NUMBER = "900112233";

describe("LoanProDataSource over HTTP", () => {
  let rig: LoanProTestRig;

  const puts = () => rig.simulator.requests.filter((request) => request.method === "PUT");

  beforeEach(async () => {
    rig = await startLoanProRig();
  });

  afterEach(async () => {
    await rig.close();
  });

  describe("get", () => {
    test("reads a customer with its addresses and sends the LoanPro headers", async () => {
      const customer = await rig.source.get("1001");
      expect(customer).toMatchObject({
        id: "loanpro:1001",
        providerId: "1001",
        externalId: "IMP-1001",
        displayName: "Ada M Example",
        status: "ACTIVE",
        statusLabel: "Active",
        customerType: "INDIVIDUAL",
        birthDate: "1988-04-12",
        gender: "FEMALE",
        governmentId: { type: "SSN", last4: "3456" },
        portalUsername: "ada.example",
        ofacMatch: false,
        ofacTested: true,
        primaryAddress: {
          line1: "10 Test Way",
          line2: "Apt 4",
          line3: null,
          city: "Provo",
          region: "UT",
          postalCode: "84601",
          country: "USA",
        },
        mailingAddress: { line1: "PO Box 17", postalCode: "84603" },
        defaultContact: null,
        billingAddress: null,
      });
      expect(customer?.updatedAt?.toISOString()).toBe("2024-06-01T00:00:00.000Z");
      const [request] = rig.simulator.requests;
      expect(request.path).toBe("/api/public/api/1/odata.svc/Customers(1001)");
      expect(request.query).toEqual({ $expand: "PrimaryAddress,MailAddress" });
      expect(request.headers.authorization).toBe(`Bearer ${rig.simulator.token}`);
      expect(request.headers["autopal-instance-id"]).toBe(rig.simulator.instanceId);
    });

    test("maps a company, a Canadian customer and a tenant-specific status", async () => {
      const [company, canadian, collections, noMail] = await Promise.all(
        ["1003", "1005", "1006", "1007"].map((id) => rig.source.get(id)),
      );
      expect(company).toMatchObject({
        displayName: "Acme Widgets LLC",
        customerType: "COMPANY",
        contactName: "Wile Coyote",
        governmentId: { type: "EMPLOYER_NUMBER", last4: "2233" },
        gender: null,
      });
      expect(canadian).toMatchObject({
        governmentId: { type: "SIN", last4: "5432" },
        primaryAddress: { region: "ON", country: "CAN", postalCode: "M5K 1A1" },
      });
      expect(collections).toMatchObject({ status: "OTHER", statusLabel: "Collections" });
      expect(noMail).toMatchObject({ status: "LEAD", mailingAddress: null });
      const unknownLog = rig.logLines.find((line) => line.includes("does not know"));
      expect(unknownLog).toContain('"field":"status"');
      expect(unknownLog).not.toContain("Marcus");
    });

    test("never carries the SSN, driver license or employer number in the mapped customer", async () => {
      const customers = await Promise.all(["1001", "1003"].map((id) => rig.source.get(id)));
      const text = JSON.stringify(customers);
      for (const secret of [ADA_SSN, ADA_DRIVER_LICENSE, ACME_EMPLOYER_NUMBER]) {
        expect(text).not.toContain(secret);
      }
      expect(rig.logLines.join("\n")).not.toContain(ADA_SSN);
    });

    test("returns null for a missing id when LoanPro answers 409, after a $filter lookup", async () => {
      await expect(rig.source.get("999999")).resolves.toBeNull();
      expect(rig.simulator.requests.map((request) => request.query.$filter)).toEqual([
        undefined,
        "id eq 999999",
      ]);
    });

    test("returns null for a missing id when LoanPro answers 404", async () => {
      rig.simulator.setNotFoundStatus(404);
      await expect(rig.source.get("999999")).resolves.toBeNull();
    });

    test("reports a 500 on the read as a retryable outage, not as not found", async () => {
      rig.simulator.inject({ method: "GET", path: "Customers(1001)", status: 500 });
      const error = await rig.source.get("1001").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).retryable).toBe(true);
    });

    test("reports a 409 whose $filter lookup fails with 503 as an outage, not as not found", async () => {
      rig.simulator.inject({ method: "GET", path: /Customers$/, status: 503 });
      await expect(rig.source.get("999999")).rejects.toBeInstanceOf(UpstreamUnavailableError);
    });

    test("reports a 409 for a customer the $filter lookup finds as an outage", async () => {
      rig.simulator.inject({ method: "GET", path: "Customers(1001)", status: 409, body: {} });
      const error = await rig.source.get("1001").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).retryable).toBe(false);
    });

    test("reports a 200 without d as an outage", async () => {
      rig.simulator.inject({ method: "GET", status: 200, body: { results: [] } });
      await expect(rig.source.get("1001")).rejects.toBeInstanceOf(UpstreamUnavailableError);
    });

    test("reports refused credentials as UpstreamAuthError without the token in the logs", async () => {
      const wrong = await startLoanProRig(
        { token: "another-token" },
        { token: "stale-secret-token" },
      );
      try {
        await expect(wrong.source.get("1001")).rejects.toBeInstanceOf(UpstreamAuthError);
        await expect(wrong.source.ping()).rejects.toBeInstanceOf(UpstreamAuthError);
        expect(wrong.logLines.join("\n")).not.toContain("stale-secret-token");
      } finally {
        await wrong.close();
      }
    });
  });

  describe("getMany", () => {
    test("reads 30 ids with at most 2 GETs, keeps the order and gives null for the missing one", async () => {
      const ids = Array.from({ length: 29 }, (_, index) => String(1040 - index));
      ids.splice(7, 0, "999999");
      const results = await rig.source.getMany(ids);
      expect(rig.simulator.requests.length).toBeLessThanOrEqual(2);
      expect(rig.simulator.requests[0].query.$expand).toBe("PrimaryAddress,MailAddress");
      expect(results).toHaveLength(30);
      results.forEach((result, index) => {
        if (ids[index] === "999999") expect(result).toBeNull();
        else expect(result).toMatchObject({ providerId: ids[index] });
      });
    });

    test("reads a single id by key with its addresses, not through $filter", async () => {
      const results = await rig.source.getMany(["1001", "1001", "abc"]);
      expect(rig.simulator.requests).toHaveLength(1);
      expect(rig.simulator.requests[0].path).toMatch(/\/odata\.svc\/Customers\(1001\)$/);
      expect(rig.simulator.requests[0].query).toEqual({ $expand: "PrimaryAddress,MailAddress" });
      expect(results[0]).toMatchObject({ providerId: "1001", primaryAddress: expect.any(Object) });
      expect(results[1]).toBe(results[0]);
      expect(results[2]).toBeNull();
    });

    test("gives null for a single missing id once the lookup finds nothing", async () => {
      const results = await rig.source.getMany(["999999"]);
      expect(results).toEqual([null]);
      expect(rig.simulator.requests.map((request) => request.query.$filter)).toEqual([
        undefined,
        "id eq 999999",
      ]);
    });

    test("gives a single id's failure to its entry instead of throwing", async () => {
      rig.simulator.inject({ method: "GET", status: 401 });
      const results = await rig.source.getMany(["1001"]);
      expect(results[0]).toBeInstanceOf(UpstreamAuthError);
    });

    test("gives the error of a failing chunk to that chunk's entries only", async () => {
      // Chunk 1: 1001-1030 and 20 missing ids; chunk 2: 1031-1040.
      const ids = [
        ...Array.from({ length: 30 }, (_, index) => String(1001 + index)),
        ...Array.from({ length: 20 }, (_, index) => String(9001 + index)),
        ...Array.from({ length: 10 }, (_, index) => String(1031 + index)),
      ];
      rig.simulator.inject({ method: "GET", status: 503, times: 1 });
      const results = await rig.source.getMany(ids);
      expect(rig.simulator.requests).toHaveLength(2);
      // The chunks (50 + 10 ids) run concurrently; whichever met the 503 fails alone.
      const errors = results.filter((result) => result instanceof Error);
      expect([10, 50]).toContain(errors.length);
      expect(errors[0]).toBeInstanceOf(UpstreamUnavailableError);
      const customers = results.filter((result) => result && !(result instanceof Error));
      expect(customers).toHaveLength(errors.length === 50 ? 10 : 30);
      expect(results.filter((result) => result === null)).toHaveLength(
        errors.length === 50 ? 0 : 20,
      );
    });
  });

  describe("update", () => {
    test("sends one PUT with only the changed fields and the existing address tagged, then reads back", async () => {
      const addressCount = rig.simulator.addressCount();
      rig.simulator.clearLog();
      const result = await rig.source.update("1001", {
        email: "ada.new@example.test",
        primaryAddress: { line1: "11 Test Way", postalCode: "84604" },
      });
      expect(result.userErrors).toEqual([]);
      expect(result.written).toBe(true);
      expect(puts()).toHaveLength(1);
      expect(puts()[0].path).toBe("/api/public/api/1/odata.svc/Customers(1001)");
      expect(puts()[0].body).toEqual({
        __id: 1001,
        __update: true,
        email: "ada.new@example.test",
        PrimaryAddress: { __id: 5001, __update: true, address1: "11 Test Way", zipcode: "84604" },
      });
      // The address was edited in place: same id, no new address record.
      expect(rig.simulator.customer(1001)?.PrimaryAddress).toMatchObject({
        id: 5001,
        address1: "11 Test Way",
        zipcode: "84604",
        city: "Provo",
      });
      expect(rig.simulator.addressCount()).toBe(addressCount);
      // The customer comes from a GET after the PUT (the PUT echo has no expanded addresses).
      expect(rig.simulator.requests.map((request) => request.method)).toEqual([
        "GET",
        "PUT",
        "GET",
      ]);
      expect(result.customer).toMatchObject({
        email: "ada.new@example.test",
        primaryAddress: { line1: "11 Test Way", line2: "Apt 4", postalCode: "84604", region: "UT" },
      });
    });

    test("creates a missing mailing address with every required field and no markers", async () => {
      const addressCount = rig.simulator.addressCount();
      const result = await rig.source.update("1007", {
        mailingAddress: { line1: "1 Post Rd", city: "Logan", region: "ut", country: "US" },
      });
      expect(result.userErrors).toEqual([]);
      expect(puts()[0].body).toEqual({
        __id: 1007,
        __update: true,
        MailAddress: {
          address1: "1 Post Rd",
          city: "Logan",
          state: "geo.state.UT",
          country: "company.country.usa",
        },
      });
      expect(rig.simulator.addressCount()).toBe(addressCount + 1);
      expect(result.customer?.mailingAddress).toMatchObject({ line1: "1 Post Rd", country: "USA" });
    });

    test("sends the SSN without dashes and the write-only fields, and logs none of them", async () => {
      const result = await rig.source.update("1002", {
        governmentId: { type: "SSN", number: "900-77-1234" },
        portalPassword: "hunter2-secret",
        driverLicense: "DL-SECRET-9",
      });
      expect(result.userErrors).toEqual([]);
      expect(puts()[0].body).toEqual({
        __id: 1002,
        __update: true,
        ssn: "900771234",
        accessPassword: "hunter2-secret",
        driverLicense: "DL-SECRET-9",
      });
      expect(result.customer?.governmentId).toEqual({ type: "SSN", last4: "1234" });
      const logs = rig.logLines.join("\n");
      for (const secret of ["900771234", "hunter2-secret", "DL-SECRET-9"]) {
        expect(logs).not.toContain(secret);
        expect(JSON.stringify(result)).not.toContain(secret);
      }
    });

    test("sends no PUT for a driver license equal to the stored one", async () => {
      const result = await rig.source.update("1001", { driverLicense: ADA_DRIVER_LICENSE });
      expect(result).toMatchObject({ written: false, userErrors: [] });
      expect(result.customer?.providerId).toBe("1001");
      expect(puts()).toHaveLength(0);
    });

    test("clears the SSN when the government id switches from SSN to SIN", async () => {
      const result = await rig.source.update("1001", {
        governmentId: { type: "SIN", number: "900-55-1212" },
      });
      expect(result.userErrors).toEqual([]);
      expect(puts()[0].body).toEqual({
        __id: 1001,
        __update: true,
        customerId: "900551212",
        customerIdType: "customer.idType.sin",
        ssn: null,
      });
      expect(rig.simulator.customer(1001)).toMatchObject({
        ssn: null,
        customerId: "900551212",
        customerIdType: "customer.idType.sin",
      });
      expect(result.customer?.governmentId).toEqual({ type: "SIN", last4: "1212" });
      expect(JSON.stringify(result) + rig.logLines.join("\n")).not.toContain(ADA_SSN);
    });

    test("clears the SIN when the government id switches from SIN to SSN", async () => {
      const result = await rig.source.update("1005", {
        governmentId: { type: "SSN", number: "900-55-3434" },
      });
      expect(result.userErrors).toEqual([]);
      expect(rig.simulator.customer(1005)).toMatchObject({
        ssn: "900553434",
        customerId: null,
        customerIdType: "customer.idType.ssn",
      });
      expect(result.customer?.governmentId).toEqual({ type: "SSN", last4: "3434" });
    });

    test("refuses a government id type switch when null does not clear fields", async () => {
      const strict = await startLoanProRig({}, { nullClearsField: false });
      try {
        const result = await strict.source.update("1001", {
          governmentId: { type: "EMPLOYER_NUMBER", number: "900-55-5656" },
        });
        expect(result).toMatchObject({ customer: null, written: false });
        expect(result.userErrors).toEqual([
          {
            path: ["governmentId", "type"],
            code: "UNSUPPORTED_FIELD",
            message: expect.stringContaining("cannot be cleared in this configuration"),
          },
        ]);
        expect(JSON.stringify(result)).not.toMatch(/900555656|900-55-5656|900123456/);
        expect(strict.simulator.requests.filter((request) => request.method === "PUT")).toEqual([]);
        expect(strict.simulator.customer(1001)).toMatchObject({ ssn: ADA_SSN, customerId: null });
      } finally {
        await strict.close();
      }
    });

    test("sends no PUT when nothing changes and returns the current customer", async () => {
      const result = await rig.source.update("1001", {
        email: "ada.example@example.test",
        status: "ACTIVE",
        primaryAddress: { postalCode: "84601", country: "usa" },
        ofacTested: true,
      });
      expect(result).toMatchObject({ written: false, userErrors: [] });
      expect(result.customer?.providerId).toBe("1001");
      expect(puts()).toHaveLength(0);
    });

    test("returns NOT_FOUND on id for a missing customer and writes nothing", async () => {
      const result = await rig.source.update("999999", { email: "x@example.test" });
      expect(result.userErrors).toEqual([
        expect.objectContaining({ path: ["id"], code: "NOT_FOUND" }),
      ]);
      expect(puts()).toHaveLength(0);
    });

    const invalidCases: Array<[string, string, CustomerPatch, string[], string]> = [
      ["displayName", "1001", { displayName: "Ada" }, ["displayName"], "UNSUPPORTED_FIELD"],
      [
        "defaultContact",
        "1001",
        { defaultContact: { email: "a@b.test" } },
        ["defaultContact"],
        "UNSUPPORTED_FIELD",
      ],
      [
        "billingAddress",
        "1001",
        { billingAddress: { line1: "x" } },
        ["billingAddress"],
        "UNSUPPORTED_FIELD",
      ],
      [
        "shippingAddress",
        "1001",
        { shippingAddress: null },
        ["shippingAddress"],
        "UNSUPPORTED_FIELD",
      ],
      [
        "line3",
        "1001",
        { primaryAddress: { line3: "Floor 2" } },
        ["primaryAddress", "line3"],
        "UNSUPPORTED_FIELD",
      ],
      [
        "unknown region",
        "1001",
        { primaryAddress: { region: "ZZ" } },
        ["primaryAddress", "region"],
        "INVALID",
      ],
      [
        "region of the other country",
        "1005",
        { primaryAddress: { region: "UT" } },
        ["primaryAddress", "region"],
        "INVALID",
      ],
      [
        "country change alone",
        "1001",
        { mailingAddress: { country: "CAN" } },
        ["mailingAddress", "country"],
        "INVALID",
      ],
      [
        "unsupported country",
        "1001",
        { primaryAddress: { country: "MEX" } },
        ["primaryAddress", "country"],
        "INVALID",
      ],
      [
        "cleared line1",
        "1001",
        { primaryAddress: { line1: null } },
        ["primaryAddress", "line1"],
        "REQUIRED",
      ],
      ["cleared address", "1001", { mailingAddress: null }, ["mailingAddress"], "REQUIRED"],
      [
        "partial new address",
        "1007",
        { mailingAddress: { postalCode: "84321" } },
        ["mailingAddress", "line1"],
        "REQUIRED",
      ],
      ["cleared email", "1001", { email: null }, ["email"], "REQUIRED"],
      ["status OTHER", "1001", { status: "OTHER" }, ["status"], "INVALID"],
      ["status DELETED", "1001", { status: "DELETED" }, ["status"], "INVALID"],
      [
        "short SSN",
        "1001",
        { governmentId: { type: "SSN", number: "12345678" } },
        ["governmentId", "number"],
        "INVALID",
      ],
    ];
    test.each(invalidCases)("refuses %s before any PUT", async (_name, id, patch, path, code) => {
      const result = await rig.source.update(id, patch);
      expect(result.written).toBe(false);
      expect(result.customer).toBeNull();
      expect(result.userErrors).toEqual(
        expect.arrayContaining([expect.objectContaining({ path, code })]),
      );
      for (const error of result.userErrors) {
        expect(error.message).not.toMatch(/ZZ|MEX|12345678|Floor 2/);
      }
      expect(puts()).toHaveLength(0);
    });

    test("refuses null on an optional field when null does not clear fields", async () => {
      const strict = await startLoanProRig({}, { nullClearsField: false });
      try {
        const result = await strict.source.update("1001", {
          middleName: null,
          primaryAddress: { line2: null },
        });
        expect(result.userErrors).toEqual([
          expect.objectContaining({ path: ["middleName"], code: "UNSUPPORTED_FIELD" }),
          expect.objectContaining({ path: ["primaryAddress", "line2"], code: "UNSUPPORTED_FIELD" }),
        ]);
        expect(strict.simulator.requests.filter((request) => request.method === "PUT")).toEqual([]);
      } finally {
        await strict.close();
      }
    });

    test("clears an optional field with JSON null by default", async () => {
      const result = await rig.source.update("1001", {
        middleName: null,
        primaryAddress: { line2: null },
      });
      expect(puts()[0].body).toEqual({
        __id: 1001,
        __update: true,
        middleName: null,
        PrimaryAddress: { __id: 5001, __update: true, address2: null },
      });
      expect(result.customer).toMatchObject({ middleName: null, displayName: "Ada Example" });
      expect(result.customer?.primaryAddress?.line2).toBeNull();
    });

    test("turns a duplicate e-mail warning into CONFLICT without the value or the other customer's name", async () => {
      const result = await rig.source.update("1001", { email: "jane.doe@example.test" });
      expect(puts()).toHaveLength(1);
      expect(result).toMatchObject({ customer: null, written: false });
      expect(result.userErrors).toEqual([
        { path: ["email"], code: "CONFLICT", message: expect.any(String) },
      ]);
      const exposed = JSON.stringify(result) + rig.logLines.join("\n");
      expect(exposed).not.toContain("jane.doe@example.test");
      expect(exposed).not.toContain("Jane");
      expect(exposed).not.toContain("Doe");
      const warning = rig.logLines.find((line) => line.includes("rejected an update"));
      expect(warning).toContain('"warningCount":1');
      expect(rig.simulator.customer(1001)?.email).toBe("ada.example@example.test");
    });

    test("turns a duplicate SSN warning into CONFLICT on governmentId without the number", async () => {
      // 900654321 is customer 1002's SSN in the seed.
      const result = await rig.source.update("1001", {
        governmentId: { type: "SSN", number: "900-65-4321" },
      });
      expect(puts()).toHaveLength(1);
      expect(result.userErrors).toEqual([
        { path: ["governmentId"], code: "CONFLICT", message: expect.any(String) },
      ]);
      const exposed = JSON.stringify(result) + rig.logLines.join("\n");
      expect(exposed).not.toContain("900654321");
      expect(exposed).not.toContain("Dow");
      expect(rig.simulator.customer(1001)?.ssn).toBe("900123456");
    });

    test("turns another 409 into REJECTED_BY_PROVIDER", async () => {
      rig.simulator.inject({
        method: "PUT",
        status: 409,
        body: { error: { message: { lang: "en-US", value: "Secret detail 42" }, type: "X" } },
      });
      const result = await rig.source.update("1001", { firstName: "Adah" });
      expect(result.userErrors).toEqual([
        { path: [], code: "REJECTED_BY_PROVIDER", message: expect.any(String) },
      ]);
      expect(JSON.stringify(result) + rig.logLines.join("\n")).not.toContain("Secret detail 42");
    });

    test("reads back after a PUT answered 200 without d instead of calling it a rejection", async () => {
      rig.simulator.inject({ method: "PUT", status: 200, body: { cut: "off" } });
      const error = await rig.source
        .update("1001", { firstName: "Adah" })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      // The fault answered before the simulator applied anything: the read-back shows no change.
      expect((error as UpstreamUnavailableError).writeOutcome).toBe("NOT_APPLIED");
      expect(puts()).toHaveLength(1);
    });

    test("reports a 500 on the PUT as an outage whose write outcome is unknown", async () => {
      rig.simulator.inject({ method: "PUT", status: 500 });
      const error = await rig.source
        .update("1001", { firstName: "Adah" })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UpstreamUnavailableError);
      expect((error as UpstreamUnavailableError).writeOutcome).toBe("UNKNOWN");
    });
  });
});
