/**
 * `Query.customers(filter, first = 20, after)` and the connection's `totalCount`.
 *
 * Partial results: graphql-js cannot return data AND an error for the same field, so when one
 * provider fails while another answers, `customers` returns the other provider's edges and records
 * the failure on the request's `partialErrors`, with the field's response path (`["customers"]`,
 * or the alias); `partial-errors.plugin.ts` adds it to the response's `errors` with
 * `extensions { code, provider, retryable }`. Whatever the selection, such a page comes with that
 * error: `hasNextPage` is true, `endCursor` resumes the failed provider where it stopped, and
 * `totalCount` is null (not known), without a second error.
 */
import { responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Info,
  Int,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { CustomerProvider } from "../model/customer.js";
import { checkCustomerFilter, type CustomerFilter } from "../model/customer-list.js";
import type { CustomerSource } from "../model/customer-source.js";
import { READ_SCOPE } from "../security/caller.js";
import type { GraphQLContext } from "./context.js";
import { primeCustomer } from "./customer.loader.js";
import { findCustomersPage } from "./customer-list.pager.js";
import { CustomerConnectionObject, CustomerFilterInput } from "./customer-list.types.js";

export const DEFAULT_PAGE_SIZE = 20;

function toFilter(input: CustomerFilterInput | null | undefined): CustomerFilter {
  return {
    provider: input?.provider ?? undefined,
    externalId: input?.externalId ?? undefined,
    email: input?.email ?? undefined,
    name: input?.name ?? undefined,
    status: input?.status ?? undefined,
  };
}

function sourcesFor(
  context: GraphQLContext,
  provider: CustomerProvider | undefined,
): CustomerSource[] {
  // A named provider that is not configured is PROVIDER_NOT_CONFIGURED (sources.get throws).
  if (provider !== undefined) return [context.sources.get(provider)];
  // `all()` follows the registry's order: LOANPRO, then SIMPAY (the module list, `defaultProviders`).
  return context.sources.all();
}

@Resolver(() => CustomerConnectionObject)
export class CustomerListResolver {
  // The same scope as `customer`: listing reads customers.
  @Authorized(READ_SCOPE)
  @Query(() => CustomerConnectionObject, {
    description:
      "Finds customers across providers, LoanPro's first, then SimPay's, each by provider id " +
      "ascending. `first` is 1 to 100. When one provider fails, the others' customers come " +
      "back with an error on this field naming the failed provider (extensions.provider).",
  })
  async customers(
    @Arg("filter", () => CustomerFilterInput, { nullable: true })
    filter: CustomerFilterInput | null | undefined,
    @Arg("first", () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null | undefined,
    @Arg("after", () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CustomerConnectionObject> {
    // A filter no provider should be asked about is refused before any provider call.
    const wanted = toFilter(filter);
    checkCustomerFilter(wanted);
    const page = await findCustomersPage(
      { filter: wanted, first: first ?? DEFAULT_PAGE_SIZE, after: after ?? null },
      {
        sourcesFor: (provider) => sourcesFor(context, provider),
        cursors: context.cursorCodec,
        onFailure: (provider, error) => {
          context.logger.warn(
            { provider, code: error.code, retryable: error.retryable },
            "customers: a provider failed; returning the others' customers",
          );
        },
      },
    );
    // Thrown when every provider asked failed; else reported next to the edges, on this field.
    const path = responsePathAsArray(info.path);
    for (const failure of page.failures) context.partialErrors.add(path, failure);
    // The nodes are complete customers: later lookups of them in this operation cost no call.
    for (const edge of page.edges) primeCustomer(context.customerLoader, edge.node);
    return Object.assign(new CustomerConnectionObject(), {
      edges: page.edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      knownTotal: page.totalCount,
      failures: page.failures,
    });
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "All matching customers, when every provider in scope can say (SimPay's list has no " +
      "total, so across providers it is usually null). Null when a provider failed on this " +
      "page (that error is on `customers`).",
  })
  totalCount(@Root() connection: CustomerConnectionObject): number | null {
    // The pager leaves the total unknown (null) on a partial page; the failure is reported once.
    return connection.failures.length > 0 ? null : connection.knownTotal;
  }
}
