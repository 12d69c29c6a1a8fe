/**
 * The benchmark scenarios (docs/architecture.md#speed-is-measured-not-asserted): the GraphQL
 * request each one sends, identical for our server and the floor proxy, and how a response is
 * checked. Ids rotate over the bench's own customers (bench-seed.ts: as many per provider as there
 * are connections, at least 60), so reads and writes are spread like a real workload, never one hot
 * record, and no two connections update the same customer at once.
 */
import { BENCH_LOANPRO_FIRST_ID, BENCH_SIMPAY_FIRST_KEY } from "./bench-seed.js";

export type ScenarioName =
  | "customer.loanpro"
  | "customer.simpay"
  | "update.loanpro"
  | "update.simpay"
  | "entities.loanpro.30"
  | "customers.loanpro.20";

export const SCENARIO_NAMES: readonly ScenarioName[] = [
  "customer.loanpro",
  "customer.simpay",
  "update.loanpro",
  "update.simpay",
  "entities.loanpro.30",
  "customers.loanpro.20",
];

/** The operation names the floor proxy dispatches on (it parses no GraphQL). */
export type OperationName = "ReadCustomer" | "UpdateCustomer" | "Entities" | "CustomerPage";

export interface GraphQLBody {
  operationName: OperationName;
  query: string;
  variables: Record<string, unknown>;
}

/** The customers a run rotates over: `count` per provider (bench-seed.ts). */
export interface BenchCustomers {
  count: number;
}

/** At least as many customers per provider as connections, and never fewer than 60. */
export function benchCustomers(connections: number): BenchCustomers {
  return { count: Math.max(60, connections) };
}

/** The size of a `customers` page in the page scenario. */
export const PAGE_SIZE = 20;

const ADDRESS = "{ line1 line2 city region postalCode country }";

/** What a customer form reads: identity, status, contact data and addresses. */
export const CUSTOMER_SELECTION = `
  id provider providerId externalId displayName status statusLabel customerType
  firstName middleName lastName companyName email birthDate gender
  governmentId { type last4 }
  defaultContact { firstName lastName email daytimePhone mobilePhone }
  primaryAddress ${ADDRESS}
  mailingAddress ${ADDRESS}
  billingAddress ${ADDRESS}
  shippingAddress ${ADDRESS}
  createdAt updatedAt
`;

const READ_QUERY = `query ReadCustomer($id: ID!) { customer(id: $id) { ${CUSTOMER_SELECTION} } }`;

const UPDATE_QUERY = `mutation UpdateCustomer($input: UpdateCustomerInput!) {
  updateCustomer(input: $input) { customer { ${CUSTOMER_SELECTION} } userErrors { field message code } }
}`;

/** A list page of one provider, as a customer search screen reads it. */
const PAGE_QUERY = `query CustomerPage($first: Int!, $filter: CustomerFilter) {
  customers(first: $first, filter: $filter) {
    edges { cursor node { id displayName status email primaryAddress ${ADDRESS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** What a router asks a subgraph for when another subgraph's list references customers. */
const ENTITIES_QUERY = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Customer { id displayName status email primaryAddress ${ADDRESS} }
  }
}`;

function loanProId(customers: BenchCustomers, sequence: number): number {
  return BENCH_LOANPRO_FIRST_ID + (sequence % customers.count);
}

function customerIdFor(
  scenario: ScenarioName,
  customers: BenchCustomers,
  sequence: number,
): string {
  return scenario.endsWith("loanpro")
    ? `loanpro:${loanProId(customers, sequence)}`
    : `simpay:${BENCH_SIMPAY_FIRST_KEY + (sequence % customers.count)}`;
}

/**
 * The request body of the `sequence`-th request of a scenario. Updates carry a unique e-mail
 * (run tag + sequence), so every request is a real change: read, write, read back.
 */
export function requestBody(
  scenario: ScenarioName,
  customers: BenchCustomers,
  sequence: number,
  runTag: string,
): GraphQLBody {
  switch (scenario) {
    case "customer.loanpro":
    case "customer.simpay":
      return {
        operationName: "ReadCustomer",
        query: READ_QUERY,
        variables: { id: customerIdFor(scenario, customers, sequence) },
      };
    case "update.loanpro":
    case "update.simpay":
      return {
        operationName: "UpdateCustomer",
        query: UPDATE_QUERY,
        variables: {
          input: {
            id: customerIdFor(scenario, customers, sequence),
            email: `bench.${runTag}.${sequence}@example.test`,
          },
        },
      };
    case "entities.loanpro.30":
      return {
        operationName: "Entities",
        query: ENTITIES_QUERY,
        variables: {
          representations: Array.from({ length: 30 }, (_, index) => ({
            __typename: "Customer",
            id: `loanpro:${loanProId(customers, sequence + index)}`,
          })),
        },
      };
    case "customers.loanpro.20":
      return {
        operationName: "CustomerPage",
        query: PAGE_QUERY,
        variables: { first: PAGE_SIZE, filter: { provider: "LOANPRO" } },
      };
    default: {
      const unknown: never = scenario;
      throw new Error(`unknown scenario ${String(unknown)}`);
    }
  }
}

/**
 * Whether a response body is a success: no top-level `errors`, and no `userErrors` entry. A plain
 * substring test, so checking costs the load generator almost nothing; the verification pass
 * (`verifyResponse`) parses.
 */
export function looksSuccessful(body: string): boolean {
  return !body.includes('"errors"') && !body.includes('"code"');
}

/** A full check of one answer, used before timing: data present and the e-mail written. */
export function verifyResponse(
  scenario: ScenarioName,
  request: GraphQLBody,
  body: string,
): string | null {
  let parsed: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return "not JSON";
  }
  if (parsed.errors && parsed.errors.length > 0)
    return `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  const data = parsed.data;
  if (!data) return "no data";
  switch (request.operationName) {
    case "ReadCustomer":
      return data.customer ? null : "customer is null";
    case "UpdateCustomer": {
      const payload = data.updateCustomer as
        { customer: Record<string, unknown> | null; userErrors: unknown[] } | undefined;
      if (!payload?.customer)
        return `no customer: ${JSON.stringify(payload?.userErrors ?? null).slice(0, 300)}`;
      const input = request.variables.input as { email: string };
      const email =
        (payload.customer.email as string | undefined) ??
        (payload.customer.DefaultContact as { EmailAddress?: string } | undefined)?.EmailAddress;
      return email === input.email ? null : `e-mail not written back (${scenario})`;
    }
    case "Entities": {
      const entities = data._entities as unknown[] | undefined;
      return entities?.length === 30 && entities.every((entity) => entity !== null)
        ? null
        : "entities missing";
    }
    case "CustomerPage": {
      const page = data.customers as
        | { edges?: Array<{ node?: { id?: unknown } }>; pageInfo?: { hasNextPage?: boolean } }
        | undefined;
      return page?.edges?.length === PAGE_SIZE &&
        page.edges.every((edge) => edge.node?.id !== undefined) &&
        page.pageInfo?.hasNextPage === true
        ? null
        : "page incomplete";
    }
    default: {
      const unknown: never = request.operationName;
      return `unknown operation ${String(unknown)}`;
    }
  }
}
