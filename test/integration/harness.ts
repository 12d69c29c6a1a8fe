/**
 * Shared start-up for the end-to-end tests: the real simulators on loopback, a config shaped by
 * `loadConfig` from environment-like variables pointing at them, the real server listening on
 * port 0, and a log capture so tests can assert what was (not) logged.
 */
import type { AddressInfo } from "node:net";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import axios, { type AxiosResponse } from "axios";
import { print } from "graphql";
import {
  startLoanProSimulator,
  type LoanProSimulator,
  type LoanProSimulatorOptions,
} from "../../simulators/loanpro/loanpro.simulator.js";
import {
  startSimPaySimulator,
  type SimPaySimulator,
  type SimPaySimulatorOptions,
} from "../../simulators/simpay/simpay.simulator.js";
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

export interface SimulatorStackOptions {
  /** The LoanPro simulator's options, or `false` for a server without LoanPro configured. */
  loanpro?: LoanProSimulatorOptions | false;
  /** The SimPay simulator's options, or `false` for a server without SimPay configured. */
  simpay?: SimPaySimulatorOptions | false;
  /** Extra or overriding environment variables for the server. */
  env?: Record<string, string>;
  /** The provider module list (default `defaultProviders`). */
  providers?: readonly ProviderModule[];
  /**
   * "all" (default): one stack for the enclosing describe block, the simulators' request logs
   * cleared before each test (unless `clearLogs` is false). "each": fresh simulators and server
   * for every test, so no test sees another's writes.
   */
  per?: "all" | "each";
  /** With `per: "all"`, clear both simulators' request logs before each test (default true). */
  clearLogs?: boolean;
}

/** The running simulators and server of `useSimulatorStack`, readable inside tests and hooks. */
export interface SimulatorStack {
  readonly loanpro: LoanProSimulator;
  readonly simpay: SimPaySimulator;
  readonly stack: TestStack;
}

/**
 * Registers the jest hooks that start the simulators and a server over them (`startStack`) and
 * close all three afterwards. Call it at the top of a describe block, before hooks that use it.
 */
export function useSimulatorStack(options: SimulatorStackOptions = {}): SimulatorStack {
  let loanpro: LoanProSimulator | undefined;
  let simpay: SimPaySimulator | undefined;
  let stack: TestStack | undefined;

  async function start(): Promise<void> {
    if (options.loanpro !== false) loanpro = await startLoanProSimulator(options.loanpro);
    if (options.simpay !== false) simpay = await startSimPaySimulator(options.simpay);
    stack = await startStack({
      loanpro,
      simpay,
      env: options.env,
      providers: options.providers,
    });
  }

  async function stop(): Promise<void> {
    await stack?.close();
    await Promise.all([loanpro?.close(), simpay?.close()]);
    [loanpro, simpay, stack] = [undefined, undefined, undefined];
  }

  if (options.per === "each") {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
    if (options.clearLogs ?? true) {
      beforeEach(() => {
        loanpro?.clearLog();
        simpay?.clearLog();
      });
    }
  }

  function running<T>(value: T | undefined, name: string): T {
    if (value === undefined) {
      throw new Error(`useSimulatorStack: no ${name} here (turned off, or read outside a test)`);
    }
    return value;
  }

  return {
    get loanpro() {
      return running(loanpro, "LoanPro simulator");
    },
    get simpay() {
      return running(simpay, "SimPay simulator");
    },
    get stack() {
      return running(stack, "stack");
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
