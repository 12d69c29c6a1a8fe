/**
 * A second subgraph written for the federation tests: Loans. It references `Customer` by key only
 * (its own `CustomerRef` class named "Customer", `id` alone) and adds `Customer.loans`, the way a
 * supergraph team would extend this subgraph's entity (docs/architecture.md#federation).
 */
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import type { GraphQLSchema } from "graphql";
import gql from "graphql-tag";
import {
  Arg,
  buildSchema,
  createResolversMap,
  Directive,
  Field,
  FieldResolver,
  Float,
  ID,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";

@Directive('@key(fields: "id")')
@ObjectType("Customer")
export class CustomerRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType("Loan")
export class LoanObject {
  @Field(() => ID)
  id!: string;

  @Field(() => Float)
  amount!: number;

  /** Nullable: the customer subgraph answers null for a customer the provider does not hold. */
  @Field(() => CustomerRef, { nullable: true })
  customer!: CustomerRef | null;
}

export interface LoanRecord {
  id: string;
  amount: number;
  customerId: string;
}

/** The loans the subgraph serves; tests replace the contents before they query. */
export const LOANS: LoanRecord[] = [];

function toLoanObject(record: LoanRecord): LoanObject {
  return { id: record.id, amount: record.amount, customer: { id: record.customerId } };
}

@Resolver(() => LoanObject)
export class LoanResolver {
  @Query(() => LoanObject, { nullable: true })
  loan(@Arg("id", () => ID) id: string): LoanObject | null {
    const record = LOANS.find((loan) => loan.id === id);
    return record ? toLoanObject(record) : null;
  }

  @Query(() => [LoanObject])
  loans(): LoanObject[] {
    return LOANS.map(toLoanObject);
  }
}

@Resolver(() => CustomerRef)
export class CustomerLoansResolver {
  @FieldResolver(() => [LoanObject], { name: "loans" })
  loansOfCustomer(@Root() customer: CustomerRef): LoanObject[] {
    return LOANS.filter((loan) => loan.customerId === customer.id).map(toLoanObject);
  }
}

type SubgraphResolverMap = NonNullable<
  Extract<Parameters<typeof buildSubgraphSchema>[0], { resolvers?: unknown }>["resolvers"]
>;

async function buildLoansSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [LoanResolver, CustomerLoansResolver],
    orphanedTypes: [CustomerRef],
    validate: false,
    // type-graphql's metadata is process-wide: the customer subgraph's @Authorized fields make
    // buildSchema demand an authChecker even though no Loans field uses it.
    authChecker: () => true,
  });
  const typeDefs = gql`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
    ${printSchemaWithDirectives(schema)}
  `;
  // Without __resolveReference, @apollo/subgraph hands the representation ({ id }) to `loans`.
  const resolvers = createResolversMap(schema) as unknown as SubgraphResolverMap;
  return buildSubgraphSchema({ typeDefs, resolvers });
}

export interface LoansSubgraph {
  url: string;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

export async function startLoansSubgraph(): Promise<LoansSubgraph> {
  const schema = await buildLoansSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  // startStandaloneServer reports "localhost"; pin loopback explicitly.
  const port = new URL(url).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    schema,
    stop: () => server.stop(),
  };
}
