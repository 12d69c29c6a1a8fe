/**
 * Apollo federated tracing (ftv1): when the router sends `apollo-federation-include-trace: ftv1`,
 * the response's `extensions.ftv1` holds a protobuf Trace with each resolver's timing; error
 * messages in it are masked; nothing is added when the header is absent or the feature is off.
 */
import { Trace } from "@apollo/usage-reporting-protobuf";
import {
  startLoanProSimulator,
  type LoanProSimulator,
} from "../../simulators/loanpro/loanpro.simulator.js";
import { startStack, type GraphQLResult, type TestStack } from "../integration/harness.js";

const FTV1 = { "apollo-federation-include-trace": "ftv1" };
const READ = `query ReadCustomer($id: ID!) { customer(id: $id) { id email displayName } }`;

function decodeTrace(result: GraphQLResult): Trace {
  const extensions = (result.body as { extensions?: { ftv1?: unknown } }).extensions;
  expect(typeof extensions?.ftv1).toBe("string");
  return Trace.decode(Buffer.from(extensions!.ftv1 as string, "base64"));
}

/** Every node of the trace tree with its response name, depth first. */
function nodes(node: Trace.INode | null | undefined): Trace.INode[] {
  if (!node) return [];
  return [node, ...(node.child ?? []).flatMap((child) => nodes(child))];
}

describe("federated tracing (ftv1)", () => {
  let loanpro: LoanProSimulator;
  let stack: TestStack;

  beforeAll(async () => {
    loanpro = await startLoanProSimulator({ token: "lp-ftv1-token", instanceId: "lp-ftv1" });
    stack = await startStack({ loanpro, env: { UPSTREAM_READ_ATTEMPTS: "1" } });
  });
  afterAll(async () => {
    await stack.close();
    await loanpro.close();
  });

  it("answers the router's request with a decodable trace holding resolver timings", async () => {
    const result = await stack.graphql(READ, { id: "loanpro:1001" }, FTV1);
    expect(result.body.errors).toBeUndefined();
    const trace = decodeTrace(result);

    const duration = Number(trace.durationNs);
    expect(duration).toBeGreaterThan(0);
    expect(trace.startTime?.seconds).toBeDefined();
    const all = nodes(trace.root);
    const customer = all.find((node) => node.responseName === "customer");
    expect(customer).toBeDefined();
    expect(customer!.type).toBe("Customer");
    expect(customer!.parentType).toBe("Query");
    const start = Number(customer!.startTime);
    const end = Number(customer!.endTime);
    // The resolver's own span inside the operation: it called LoanPro, so it took some time.
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(duration);
    const fieldNames = all.map((node) => node.responseName).filter(Boolean);
    expect(fieldNames).toEqual(expect.arrayContaining(["customer", "id", "email", "displayName"]));
  });

  it("masks error messages in the trace", async () => {
    loanpro.inject({
      method: "GET",
      path: /odata\.svc\/Customers/,
      status: 500,
      body: { error: { message: "SECRET-UPSTREAM-DETAIL" } },
    });
    const result = await stack.graphql(READ, { id: "loanpro:1002" }, FTV1);
    expect(result.body.errors?.length).toBe(1);
    const trace = decodeTrace(result);
    const errors = nodes(trace.root).flatMap((node) => node.error ?? []);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.message).toBe("<masked>");
    expect(JSON.stringify(Trace.toObject(trace))).not.toContain("SECRET");
  });

  it("adds nothing when the router does not ask", async () => {
    const result = await stack.graphql(READ, { id: "loanpro:1001" });
    expect(result.body.errors).toBeUndefined();
    expect((result.body as { extensions?: unknown }).extensions).toBeUndefined();
  });

  it("adds nothing when APOLLO_FEDERATED_TRACING=false", async () => {
    const off = await startStack({ loanpro, env: { APOLLO_FEDERATED_TRACING: "false" } });
    try {
      const result = await off.graphql(READ, { id: "loanpro:1001" }, FTV1);
      expect(result.body.errors).toBeUndefined();
      expect((result.body as { extensions?: unknown }).extensions).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
