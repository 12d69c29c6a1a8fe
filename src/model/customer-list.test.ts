import type { Customer } from "./customer.js";
import {
  collectCustomerPage,
  matchesCustomerFilter,
  normalizeCustomerFilter,
  type CustomerBatch,
} from "./customer-list.js";

function customer(providerId: number, fields: Partial<Customer> = {}): Customer {
  return {
    id: `loanpro:${providerId}`,
    provider: "LOANPRO",
    providerId: String(providerId),
    externalId: null,
    displayName: `Customer ${providerId}`,
    status: "ACTIVE",
    statusLabel: "Active",
    customerType: "INDIVIDUAL",
    firstName: null,
    middleName: null,
    lastName: null,
    companyName: null,
    contactName: null,
    email: null,
    birthDate: null,
    gender: null,
    generationCode: null,
    governmentId: null,
    creditLimit: null,
    portalUsername: null,
    ofacMatch: null,
    ofacTested: null,
    defaultContact: null,
    primaryAddress: null,
    mailingAddress: null,
    billingAddress: null,
    shippingAddress: null,
    createdAt: null,
    updatedAt: null,
    ...fields,
  };
}

describe("matchesCustomerFilter", () => {
  const jane = customer(1, {
    displayName: "Jane Q Doe",
    email: "Jane.Doe@Example.test",
    externalId: "EXT-1",
    status: "INACTIVE",
  });

  it("matches a name contained in displayName, ignoring case", () => {
    expect(matchesCustomerFilter(jane, { name: "q dOE" })).toBe(true);
    expect(matchesCustomerFilter(jane, { name: "john" })).toBe(false);
  });

  it("matches an e-mail address only as a whole, ignoring case", () => {
    expect(matchesCustomerFilter(jane, { email: "jane.doe@example.TEST" })).toBe(true);
    expect(matchesCustomerFilter(jane, { email: "jane.doe@example" })).toBe(false);
  });

  it("matches externalId exactly, case included", () => {
    expect(matchesCustomerFilter(jane, { externalId: "EXT-1" })).toBe(true);
    expect(matchesCustomerFilter(jane, { externalId: "ext-1" })).toBe(false);
  });

  it("needs every given field to match", () => {
    expect(matchesCustomerFilter(jane, { name: "doe", status: "INACTIVE" })).toBe(true);
    expect(matchesCustomerFilter(jane, { name: "doe", status: "ACTIVE" })).toBe(false);
    expect(matchesCustomerFilter(jane, { provider: "SIMPAY" })).toBe(false);
  });

  it("ignores blank strings and trims the others", () => {
    expect(normalizeCustomerFilter({ name: "  doe ", email: " ", externalId: "" })).toEqual({
      name: "doe",
    });
  });
});

describe("collectCustomerPage", () => {
  /** 1..30 in a provider; every third one (3, 6, 9, ...) has "match" in its name. */
  const all = Array.from({ length: 30 }, (_, index) =>
    customer(index + 1, { displayName: (index + 1) % 3 === 0 ? "match" : "other" }),
  );
  const requests: Array<[number, number]> = [];
  const fetch = async (offset: number, size: number): Promise<CustomerBatch> => {
    requests.push([offset, size]);
    const customers = all.slice(offset, offset + size);
    return { customers, reachedEnd: offset + size >= all.length, totalCount: all.length };
  };
  const options = { batchSize: () => 4, exact: false, maxRequests: 50 };

  beforeEach(() => {
    requests.length = 0;
  });

  it("walks every match exactly once across pages, over-fetching raw batches", async () => {
    const seen: string[] = [];
    let position = 0;
    for (let guard = 0; guard < 20; guard += 1) {
      const page = await collectCustomerPage(
        { filter: { name: "match" }, position, limit: 3 },
        fetch,
        options,
      );
      seen.push(...page.items.map((item) => item.customer.providerId));
      position = page.nextPosition;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(["3", "6", "9", "12", "15", "18", "21", "24", "27", "30"]);
  });

  it("gives each item the position right after it", async () => {
    const page = await collectCustomerPage(
      { filter: { name: "match" }, position: 0, limit: 2 },
      fetch,
      options,
    );
    expect(page.items.map((item) => item.position)).toEqual([3, 6]);
    expect(page.nextPosition).toBe(6);
    expect(page.hasMore).toBe(true);
  });

  it("says there is no more when the last match ends the page", async () => {
    const page = await collectCustomerPage(
      { filter: { name: "match" }, position: 27, limit: 1 },
      fetch,
      options,
    );
    expect(page.items.map((item) => item.customer.providerId)).toEqual(["30"]);
    expect(page.hasMore).toBe(false);
  });

  it("answers limit 0 with no items and whether a match follows", async () => {
    const before = await collectCustomerPage(
      { filter: { name: "match" }, position: 28, limit: 0 },
      fetch,
      options,
    );
    expect(before).toMatchObject({ items: [], hasMore: true, nextPosition: 28 });
    const after = await collectCustomerPage(
      { filter: { name: "match" }, position: 30, limit: 0 },
      fetch,
      options,
    );
    expect(after).toMatchObject({ items: [], hasMore: false });
  });

  it("stops at the request budget and resumes after what it scanned", async () => {
    const page = await collectCustomerPage(
      { filter: { name: "match" }, position: 0, limit: 5 },
      fetch,
      { ...options, maxRequests: 2 },
    );
    expect(requests).toEqual([
      [0, 4],
      [4, 4],
    ]);
    expect(page.items.map((item) => item.customer.providerId)).toEqual(["3", "6"]);
    expect(page).toMatchObject({ nextPosition: 8, hasMore: true });
  });

  it("takes the provider's total only when the provider applied the whole filter", async () => {
    const exact = await collectCustomerPage({ filter: {}, position: 10, limit: 2 }, fetch, {
      ...options,
      exact: true,
    });
    expect(exact.totalCount).toBe(30);
    const partial = await collectCustomerPage(
      { filter: { name: "match" }, position: 10, limit: 2 },
      fetch,
      options,
    );
    expect(partial.totalCount).toBeNull();
  });

  it("counts the matches as the total when one page scanned everything from the start", async () => {
    const page = await collectCustomerPage(
      { filter: { name: "match" }, position: 0, limit: 20 },
      fetch,
      options,
    );
    expect(page.totalCount).toBe(10);
  });
});
