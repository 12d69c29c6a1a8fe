/**
 * Shared start-up for the end-to-end tests: the real simulators on loopback, a config shaped by
 * `loadConfig` from environment-like variables pointing at them, the real server listening on
 * port 0, and a log capture so tests can assert what was (not) logged.
 */
import type { AddressInfo } from "node:net";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import axios, { type AxiosResponse } from "axios";
import { print } from "graphql";
import { loadConfig, type Config } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { defaultProviders } from "../../src/providers/default-providers.js";
import type { LoanProEndpoint } from "../../src/providers/loanpro/loanpro.module.js";
import type { ProviderModule } from "../../src/providers/provider-module.js";
import type { CustomerSources } from "../../src/providers/registry.js";
import type { SimPayEndpoint } from "../../src/providers/simpay/simpay.module.js";
import { createServer, type CustomerSubgraphServer } from "../../src/server.js";

export interface StackOptions {
  /** Shorthands for `endpoints.LOANPRO` and `endpoints.SIMPAY` (a running simulator fits). */
  loanpro?: LoanProEndpoint;
  simpay?: SimPayEndpoint;
  /** What each module's `environmentFor` gets, by module name; a module without one is not configured. */
  endpoints?: Record<string, unknown>;
  /** The provider module list (default `defaultProviders`), given to loadConfig and so the server. */
  providers?: readonly ProviderModule[];
  /** Extra or overriding environment variables (e.g. a wrong token). */
  env?: Record<string, string>;
  /** Sources to serve instead of the ones the configuration would create (fakes). */
  sources?: CustomerSources;
}

export interface GraphQLResult<TData = Record<string, unknown>> {
  status: number;
  headers: AxiosResponse["headers"];
  /** The raw response text, for privacy assertions. */
  raw: string;
  body: {
    data?: TData | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  };
}

export interface TestStack {
  config: Config;
  server: CustomerSubgraphServer;
  /** Origin of the listening server, e.g. http://127.0.0.1:40123. */
  origin: string;
  /** Every JSON log line written so far. */
  logLines: string[];
  /**
   * Sends one operation: a typed document from `src/generated/graphql.ts` (result and variables
   * typed from the schema, so a breaking schema change fails `tsc`), or query text.
   */
  graphql<TData = Record<string, unknown>, TVariables = Record<string, unknown>>(
    query: string | TypedDocumentNode<TData, TVariables>,
    // NoInfer: the document alone fixes the variables' type, so a wrong field fails `tsc`.
    variables?: NoInfer<TVariables>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<TData>>;
  close(): Promise<void>;
}

export function environmentFor(options: StackOptions): Record<string, string> {
  const env: Record<string, string> = { LOG_LEVEL: "debug", UPSTREAM_TIMEOUT_MS: "3000" };
  const endpoints: Record<string, unknown> = {
    LOANPRO: options.loanpro,
    SIMPAY: options.simpay,
    ...options.endpoints,
  };
  for (const module of options.providers ?? defaultProviders) {
    const endpoint = endpoints[module.name];
    if (endpoint !== undefined) Object.assign(env, module.environmentFor(endpoint));
  }
  return { ...env, ...options.env };
}

export async function startStack(options: StackOptions): Promise<TestStack> {
  const config = loadConfig(environmentFor(options), options.providers ?? defaultProviders);
  const logLines: string[] = [];
  const logger = createLogger({
    level: config.logLevel,
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const server = await createServer({ config, sources: options.sources, logger });
  await server.start();
  await new Promise<void>((resolve) => server.httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = server.httpServer.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    config,
    server,
    origin,
    logLines,
    async graphql<TData, TVariables>(
      query: string | TypedDocumentNode<TData, TVariables>,
      variables?: TVariables,
      headers: Record<string, string> = {},
    ): Promise<GraphQLResult<TData>> {
      const response = await axios.post<string>(
        `${origin}/graphql`,
        { query: typeof query === "string" ? query : print(query), variables },
        {
          headers: { "content-type": "application/json", ...headers },
          responseType: "text",
          transformResponse: (data: string) => data,
          validateStatus: () => true,
        },
      );
      return {
        status: response.status,
        headers: response.headers,
        raw: response.data,
        body: JSON.parse(response.data) as GraphQLResult<TData>["body"],
      };
    },
    async close() {
      await server.stop();
    },
  };
}

/** Every product field of Customer, with nested selections, for read tests. */
export const CUSTOMER_FIELDS = `
  id provider providerId externalId displayName status statusLabel customerType
  firstName middleName lastName companyName contactName email birthDate gender generationCode
  governmentId { type last4 }
  creditLimit portalUsername ofacMatch ofacTested
  defaultContact {
    firstName lastName jobTitle departmentName email daytimePhone nighttimePhone faxNumber mobilePhone
    billingAddress { line1 line2 line3 city region postalCode country }
    shippingAddress { line1 line2 line3 city region postalCode country }
  }
  primaryAddress { line1 line2 line3 city region postalCode country }
  mailingAddress { line1 line2 line3 city region postalCode country }
  billingAddress { line1 line2 line3 city region postalCode country }
  shippingAddress { line1 line2 line3 city region postalCode country }
  createdAt updatedAt
`;

export const CUSTOMER_QUERY = `query ReadCustomer($id: ID!) { customer(id: $id) { ${CUSTOMER_FIELDS} } }`;

export const UPDATE_MUTATION = `
  mutation UpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      customer { ${CUSTOMER_FIELDS} }
      userErrors { field message code }
    }
  }
`;
