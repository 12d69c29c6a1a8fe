import { encodeQuery, urlWithQuery } from "./provider-http.js";

describe("encodeQuery", () => {
  it("percent-encodes spaces and quotes' neighbours but keeps OData's $ , and : readable", () => {
    expect(
      encodeQuery({
        $filter: "id eq 1001 or id eq 1002",
        $expand: "PrimaryAddress,MailAddress",
        $top: 2,
      }),
    ).toBe(
      "$filter=id%20eq%201001%20or%20id%20eq%201002&$expand=PrimaryAddress,MailAddress&$top=2",
    );
  });

  it("encodes what would change the query's meaning (&, =, +, #, ?) and non-ASCII text", () => {
    expect(encodeQuery({ CustomerName: "A&B=C+D#E?F Zoë" })).toBe(
      "CustomerName=A%26B%3DC%2BD%23E%3FF%20Zo%C3%AB",
    );
  });

  it("writes booleans and numbers as text and leaves out undefined values", () => {
    const params = { IncludeDeleted: true, PageSize: 1, Missing: undefined } as unknown as Record<
      string,
      string | number | boolean
    >;
    expect(encodeQuery(params)).toBe("IncludeDeleted=true&PageSize=1");
  });
});

describe("urlWithQuery", () => {
  it("appends the query with ? or with & when the URL already has one", () => {
    expect(urlWithQuery({ url: "odata.svc/Customers", params: { $top: 1 } })).toBe(
      "odata.svc/Customers?$top=1",
    );
    expect(urlWithQuery({ url: "customers?a=1", params: { b: "2" } })).toBe("customers?a=1&b=2");
    expect(urlWithQuery({ url: "customers/1" })).toBe("customers/1");
    expect(urlWithQuery({ url: "customers/1", params: {} })).toBe("customers/1");
  });
});
