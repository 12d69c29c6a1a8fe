/**
 * The subgraph's `_entities` as a gateway calls it, over real HTTP against both simulators: one
 * batched read per provider, representations kept in order, and a failure, a missing customer or
 * a bad id affecting its own entry only (docs/architecture.md#federation).
 */
import { useSimulatorStack } from "../integration/harness.js";

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Customer { id displayName } }
}`;

interface EntitiesData {
  _entities: Array<{ id: string; displayName: string } | null>;
}

function representations(ids: string[]) {
  return { representations: ids.map((id) => ({ __typename: "Customer", id })) };
}

describe("_entities for Customer", () => {
  const sim = useSimulatorStack({
    loanpro: { token: "ent-token", instanceId: "ent-instance" },
    simpay: { username: "ent", password: "ent-pass" },
    env: { UPSTREAM_READ_ATTEMPTS: "1" },
  });

  it("keeps the order and gives null plus an error only to the failing or malformed entries", async () => {
    sim.simpay.inject({
      method: "GET",
      path: "/customers/48215",
      status: 503,
      body: { ResponseStatus: { Message: "SECRET-UPSTREAM-DETAIL" } },
    });
    const result = await sim.stack.graphql<EntitiesData>(
      ENTITIES,
      representations([
        "loanpro:1001",
        "simpay:48215",
        "loanpro:1999",
        "acme:1",
        "simpay:48213",
        "loanpro:1002",
      ]),
    );
    expect(result.body.data?._entities).toEqual([
      { id: "loanpro:1001", displayName: "Ada M Example" },
      null,
      null,
      null,
      { id: "simpay:48213", displayName: "Northwind Bakery" },
      { id: "loanpro:1002", displayName: expect.any(String) },
    ]);
    // Errors come in completion order; compare them by entry.
    const errors = (result.body.errors ?? [])
      .map((error) => ({ path: error.path, code: error.extensions?.code }))
      .sort((left, right) => Number(left.path?.[1]) - Number(right.path?.[1]));
    expect(errors).toEqual([
      { path: ["_entities", 1], code: "UPSTREAM_UNAVAILABLE" },
      { path: ["_entities", 3], code: "BAD_USER_INPUT" },
    ]);
    expect(result.raw).not.toContain("SECRET-UPSTREAM-DETAIL");
    expect(sim.stack.logLines.join("")).not.toContain("SECRET-UPSTREAM-DETAIL");
    expect(sim.loanpro.requests).toHaveLength(1);
    expect(sim.loanpro.requests[0].query.$filter).toBe("id eq 1001 or id eq 1999 or id eq 1002");
  });

  it("reads a customer asked for twice in one operation once", async () => {
    const result = await sim.stack.graphql<{
      customer: { id: string } | null;
      _entities: EntitiesData["_entities"];
    }>(
      `query Both($id: ID!, $representations: [_Any!]!) {
        customer(id: $id) { id }
        _entities(representations: $representations) { ... on Customer { id } }
      }`,
      { id: "loanpro:1003", ...representations(["loanpro:1003", "loanpro:1004"]) },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual([{ id: "loanpro:1003" }, { id: "loanpro:1004" }]);
    expect(sim.loanpro.requests).toHaveLength(1);
  });

  it("does not reuse customer data across requests", async () => {
    await sim.stack.graphql(ENTITIES, representations(["loanpro:1005"]));
    await sim.stack.graphql(ENTITIES, representations(["loanpro:1005"]));
    expect(sim.loanpro.requests).toHaveLength(2);
  });
});
