/**
 * ROUTER_SECRET (docs/architecture.md#caller-security): every request to /graphql must carry it in
 * x-router-secret, or it is a 401 before GraphQL runs, so `_service` and `_entities` answer only
 * the router.
 */
import { startSecurityStack, TEST_ROUTER_SECRET, type SecurityStack } from "./security-stack.js";

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Customer { id } }
}`;
const REPRESENTATIONS = { representations: [{ __typename: "Customer", id: "loanpro:1001" }] };

describe("the router secret", () => {
  let security: SecurityStack;

  beforeAll(async () => {
    security = await startSecurityStack({ ROUTER_SECRET: TEST_ROUTER_SECRET });
  });
  afterAll(() => security.close());
  beforeEach(() => security.forgetProviderCalls());

  it("answers 401 to _entities without the header, calling no provider", async () => {
    const result = await security.stack.graphql(ENTITIES, REPRESENTATIONS);
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0].extensions).toEqual({ code: "UNAUTHENTICATED" });
    expect(security.providerCalls()).toBe(0);
  });

  it("answers 401 to _service with a wrong secret of another length", async () => {
    const result = await security.stack.graphql(
      "{ _service { sdl } }",
      {},
      {
        "x-router-secret": "wrong",
      },
    );
    expect(result.status).toBe(401);
    expect(result.raw).not.toContain("Customer");
  });

  it("answers 401 to a wrong secret of the same length", async () => {
    const sameLength = TEST_ROUTER_SECRET.replace(/.$/, "X");
    const result = await security.stack.graphql(ENTITIES, REPRESENTATIONS, {
      "x-router-secret": sameLength,
    });
    expect(result.status).toBe(401);
    expect(security.providerCalls()).toBe(0);
  });

  it("serves _entities when the router sends the secret", async () => {
    const result = await security.stack.graphql(ENTITIES, REPRESENTATIONS, {
      "x-router-secret": TEST_ROUTER_SECRET,
    });
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ _entities: [{ id: "loanpro:1001" }] });
    expect(security.providerCalls()).toBeGreaterThan(0);
  });

  it("keeps /healthz and /readyz open", async () => {
    expect((await fetch(`${security.stack.origin}/healthz`)).status).toBe(200);
    expect((await fetch(`${security.stack.origin}/readyz`)).status).toBe(200);
  });

  it("never logs the secret or the wrong value sent", async () => {
    await security.stack.graphql("{ __typename }", {}, { "x-router-secret": "leaked-guess-123" });
    const logs = security.stack.logLines.join("");
    expect(logs).toContain("request without the router secret rejected");
    expect(logs).not.toContain("leaked-guess-123");
    expect(logs).not.toContain(TEST_ROUTER_SECRET);
  });
});
