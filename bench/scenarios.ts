/**
 * The benchmark scenarios (docs/architecture.md#speed-is-measured-not-asserted): the GraphQL
 * request each one sends, identical for our server and the floor proxy, and how a response is
 * checked. Ids rotate over seed records that both simulators hold (loanpro.seed.ts 1010-1040,
 * simpay.seed.ts 48201-48239), so reads and writes are spread over 30 records like a real workload,
 * never one hot record.
 */

export type ScenarioName =
  | "customer.loanpro"
  | "customer.simpay"
  | "update.loanpro"
  | "update.simpay"
  | "entities.loanpro.30";

export const SCENARIO_NAMES: readonly ScenarioName[] = [
  "customer.loanpro",
  "customer.simpay",
  "update.loanpro",
  "update.simpay",
  "entities.loanpro.30",
];

/** The operation names the floor proxy dispatches on (it parses no GraphQL). */
export type OperationName = "ReadCustomer" | "UpdateCustomer" | "Entities";

export interface GraphQLBody {
  operationName: OperationName;
  query: string;
  variables: Record<string, unknown>;
}

/** 30 LoanPro seed customers with the same shape (generated individuals). */
export const LOANPRO_IDS: readonly number[] = Array.from(
  { length: 30 },
  (_, index) => 1010 + index,
);
/** 30 SimPay seed customers; 48240 is Deleted and left out. */
export const SIMPAY_KEYS: readonly number[] = Array.from(
  { length: 30 },
  (_, index) => 48201 + index,
);

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

/** What a router asks a subgraph for when another subgraph's list references customers. */
const ENTITIES_QUERY = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Customer { id displayName status email primaryAddress ${ADDRESS} }
  }
}`;

function customerIdFor(scenario: ScenarioName, sequence: number): string {
  return scenario.endsWith("loanpro")
    ? `loanpro:${LOANPRO_IDS[sequence % LOANPRO_IDS.length]}`
    : `simpay:${SIMPAY_KEYS[sequence % SIMPAY_KEYS.length]}`;
}

/**
 * The request body of the `sequence`-th request of a scenario. Updates carry a unique e-mail
 * (run tag + sequence), so every request is a real change: read, write, read back.
 */
export function requestBody(scenario: ScenarioName, sequence: number, runTag: string): GraphQLBody {
  switch (scenario) {
    case "customer.loanpro":
    case "customer.simpay":
      return {
        operationName: "ReadCustomer",
        query: READ_QUERY,
        variables: { id: customerIdFor(scenario, sequence) },
      };
    case "update.loanpro":
    case "update.simpay":
      return {
        operationName: "UpdateCustomer",
        query: UPDATE_QUERY,
        variables: {
          input: {
            id: customerIdFor(scenario, sequence),
            email: `bench.${runTag}.${sequence}@example.test`,
          },
        },
      };
    case "entities.loanpro.30":
      return {
        operationName: "Entities",
        query: ENTITIES_QUERY,
        variables: {
          representations: LOANPRO_IDS.map((id, index) => ({
            __typename: "Customer",
            id: `loanpro:${LOANPRO_IDS[(index + sequence) % LOANPRO_IDS.length] ?? id}`,
          })),
        },
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
    default: {
      const unknown: never = request.operationName;
      return `unknown operation ${String(unknown)}`;
    }
  }
}
