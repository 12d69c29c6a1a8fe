import {
  odataString,
  readLoanProCollection,
  toLoanProListFilter,
  toLoanProListRequest,
} from "./loanpro.list.js";

const LABELS = { ACTIVE: "Active", INACTIVE: "Inactive", PENDING: "Pending", LEAD: "Prospect" };

describe("toLoanProListFilter", () => {
  it("pushes nothing down for an empty filter, and LoanPro's total is exact", () => {
    expect(toLoanProListFilter({}, LABELS)).toEqual({
      expression: null,
      exact: true,
      empty: false,
    });
  });

  it("matches externalId on customId and email on the lower-cased address", () => {
    expect(
      toLoanProListFilter({ externalId: "IMP-7", email: "Jane@Example.test" }, LABELS).expression,
    ).toBe("(customId eq 'IMP-7') and (tolower(email) eq 'jane@example.test')");
  });

  it("matches a status through the tenant's configured label", () => {
    expect(toLoanProListFilter({ status: "LEAD" }, LABELS).expression).toBe(
      "(tolower(status) eq 'prospect')",
    );
  });

  it("matches OTHER as none of the configured labels", () => {
    expect(toLoanProListFilter({ status: "OTHER" }, LABELS).expression).toBe(
      "(not (tolower(status) eq 'active' or tolower(status) eq 'inactive' or " +
        "tolower(status) eq 'pending' or tolower(status) eq 'prospect'))",
    );
  });

  it("sends no request for DELETED or another provider, which no LoanPro customer matches", () => {
    expect(toLoanProListFilter({ status: "DELETED" }, LABELS).empty).toBe(true);
    expect(toLoanProListFilter({ provider: "SIMPAY" }, LABELS).empty).toBe(true);
    expect(toLoanProListFilter({ provider: "LOANPRO" }, LABELS).empty).toBe(false);
  });

  it("looks for every word of a name in the name fields and marks the result inexact", () => {
    const pushed = toLoanProListFilter({ name: " Jane  DOE " }, LABELS);
    expect(pushed.exact).toBe(false);
    expect(pushed.expression).toContain("substringof('jane', tolower(firstName))");
    expect(pushed.expression).toContain("substringof('doe', tolower(companyName))");
    expect(pushed.expression?.match(/\) and \(/g)).toHaveLength(1);
  });

  it("doubles quotes inside string literals", () => {
    expect(odataString("O'Brien")).toBe("'O''Brien'");
    expect(toLoanProListFilter({ name: "o'b" }, LABELS).expression).toContain("'o''b'");
  });
});

describe("toLoanProListRequest", () => {
  it("orders by id and pages with $skip/$top, expanding both addresses", () => {
    expect(toLoanProListRequest("(customId eq 'A')", 14, 8)).toEqual({
      method: "GET",
      url: "odata.svc/Customers",
      params: {
        $filter: "(customId eq 'A')",
        $orderby: "id asc",
        $skip: 14,
        $top: 8,
        $expand: "PrimaryAddress,MailAddress",
      },
    });
    expect(toLoanProListRequest(null, 0, 1).params).not.toHaveProperty("$filter");
  });
});

describe("readLoanProCollection", () => {
  it("reads the results and summary.total of a collection envelope", () => {
    const body = {
      d: {
        results: [{ id: 5, firstName: "A" }, { nope: true }],
        summary: { start: 0, pageSize: 50, total: 61 },
      },
    };
    const collection = readLoanProCollection(body);
    expect(collection?.results.map((wire) => wire.id)).toEqual([5]);
    expect(collection?.total).toBe(61);
  });

  it("gives a null total when the summary has none, and null for another shape", () => {
    expect(readLoanProCollection({ d: { results: [] } })?.total).toBeNull();
    expect(readLoanProCollection({ d: { id: 5 } })).toBeNull();
    expect(readLoanProCollection("<html>")).toBeNull();
  });
});
