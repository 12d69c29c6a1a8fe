import {
  chooseSimPayPageSize,
  readSimPayCustomerList,
  toSimPayListFilter,
  toSimPayListRequest,
} from "./simpay.list.js";

describe("toSimPayListFilter", () => {
  it("sorts by CustomerKey and trusts SimPay's order alone for an empty filter", () => {
    expect(toSimPayListFilter({})).toEqual({
      params: { SortField: "CustomerKey", SortDirection: "Asc" },
      exact: true,
      empty: false,
    });
  });

  it("pushes externalId and email down by default, never the name", () => {
    const pushed = toSimPayListFilter({ externalId: "C-1", email: "a@b.test", name: "bakery" });
    expect(pushed.params).toMatchObject({ CustomerId: "C-1", Email: "a@b.test" });
    expect(pushed.params).not.toHaveProperty("CustomerName");
    expect(pushed.exact).toBe(false);
  });

  it("pushes the name down when turned on, but never treats it as exact", () => {
    const pushed = toSimPayListFilter(
      { externalId: "C-1", email: "a@b.test", name: "bakery" },
      { externalId: true, email: true, name: true },
    );
    expect(pushed.params).toMatchObject({
      CustomerId: "C-1",
      Email: "a@b.test",
      CustomerName: "bakery",
    });
    expect(pushed.exact).toBe(false);
  });

  it("leaves a switched-off filter to us", () => {
    const pushed = toSimPayListFilter(
      { email: "a@b.test" },
      { externalId: true, email: false, name: true },
    );
    expect(pushed.params).not.toHaveProperty("Email");
    expect(pushed.exact).toBe(false);
  });

  it("asks for deleted customers only for status DELETED", () => {
    expect(toSimPayListFilter({ status: "DELETED" }).params.IncludeDeleted).toBe("true");
    expect(toSimPayListFilter({ status: "ACTIVE" }).params).not.toHaveProperty("IncludeDeleted");
    expect(toSimPayListFilter({ status: "ACTIVE" }).exact).toBe(false);
  });

  it("sends no request for LEAD or another provider, which no SimPay customer matches", () => {
    expect(toSimPayListFilter({ status: "LEAD" }).empty).toBe(true);
    expect(toSimPayListFilter({ provider: "LOANPRO" }).empty).toBe(true);
  });
});

describe("SimPay page arithmetic", () => {
  it("finds the smallest page size whose one page covers the wanted items", () => {
    expect(chooseSimPayPageSize(0, 8)).toBe(8);
    expect(chooseSimPayPageSize(16, 8)).toBe(8);
    expect(chooseSimPayPageSize(7, 8)).toBe(15);
    expect(chooseSimPayPageSize(250, 100)).toBe(100);
  });

  it("asks for the page holding the offset and skips the items before it", () => {
    const { request, skip, pageSize } = toSimPayListRequest({ SortField: "CustomerKey" }, 7, 8);
    expect(request).toEqual({
      method: "GET",
      url: "customers",
      params: { SortField: "CustomerKey", PageSize: 15, PageNumber: 1 },
    });
    expect([skip, pageSize]).toEqual([7, 15]);
    const later = toSimPayListRequest({}, 24, 8);
    expect(later.request.params).toMatchObject({ PageSize: 8, PageNumber: 4 });
    expect(later.skip).toBe(0);
  });
});

describe("readSimPayCustomerList", () => {
  it("reads a bare array (docs/providers/simpay.md §3) without a total", () => {
    expect(readSimPayCustomerList([{ CustomerKey: 1 }, { nope: 1 }])).toEqual({
      customers: [{ CustomerKey: 1 }],
      total: null,
    });
  });

  it("tolerates a wrapper with Pagination.TotalRecordCount", () => {
    const list = readSimPayCustomerList({
      Customers: [{ CustomerKey: 2 }],
      Pagination: { CurrentPageNumber: 1, PageSize: 20, TotalRecordCount: 41 },
    });
    expect(list).toEqual({ customers: [{ CustomerKey: 2 }], total: 41 });
  });

  it("gives null for a body that holds no list", () => {
    expect(readSimPayCustomerList({ ResponseStatus: {} })).toBeNull();
    expect(readSimPayCustomerList("oops")).toBeNull();
  });
});
