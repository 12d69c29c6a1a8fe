/**
 * `Customer.linkedCustomers` (docs/architecture.md#linked-customers): every OTHER record, in any
 * configured provider (its own provider included: a person may have two SimPay records), whose
 * `externalId` equals this one's after trimming, in the stable order (LoanPro, then SimPay, each by
 * provider id ascending). No externalId, no links. When one provider's lookup fails, the others'
 * records come back and the failure is reported on this field (naming the provider) next to them.
 */
import { responsePathAsArray, type GraphQLResolveInfo } from "graphql";
import { Authorized, Ctx, FieldResolver, Info, Resolver, Root } from "type-graphql";
import type { Customer } from "../model/customer.js";
import { compareLinkedOrder, linkKey } from "../model/customer-links.js";
import { DomainError, UpstreamUnavailableError } from "../model/errors.js";
import { READ_SCOPE } from "../security/caller.js";
import type { GraphQLContext } from "./context.js";
import { primeCustomer } from "./customer.loader.js";
import { CustomerObject } from "./customer.type.js";

/** Every record sharing `customer`'s link key, itself included, per configured provider. */
export async function loadLinkedRecords(
  customer: Pick<Customer, "externalId">,
  context: GraphQLContext,
): Promise<{ records: Customer[]; failures: DomainError[] }> {
  const key = linkKey(customer.externalId);
  if (key === null) return { records: [], failures: [] };
  const records: Customer[] = [];
  const failures: DomainError[] = [];
  const answers = await Promise.all(
    context.sources.all().map(async (source) => {
      try {
        return await context.linkLoader.forProvider(source.provider).load(key);
      } catch (error) {
        return error instanceof DomainError
          ? error
          : new UpstreamUnavailableError(source.provider, { retryable: false });
      }
    }),
  );
  for (const answer of answers) {
    if (answer instanceof DomainError) failures.push(answer);
    else records.push(...answer);
  }
  records.sort(compareLinkedOrder);
  return { records, failures };
}

@Resolver(() => CustomerObject)
export class LinkedCustomersResolver {
  @Authorized(READ_SCOPE)
  @FieldResolver(() => [CustomerObject], {
    description:
      "The same person's other records, in every configured provider: the records whose " +
      "externalId equals this one's after trimming (none without an externalId), LoanPro's " +
      "first, then SimPay's, each by provider id ascending. When one provider cannot be asked, " +
      "the others' records come back with an error on this field naming that provider.",
  })
  async linkedCustomers(
    @Root() customer: Customer,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Customer[]> {
    const { records, failures } = await loadLinkedRecords(customer, context);
    const path = responsePathAsArray(info.path);
    for (const failure of failures) {
      context.logger.warn(
        { provider: failure.provider, code: failure.code, retryable: failure.retryable },
        "linkedCustomers: a provider failed; returning the others' records",
      );
      context.partialErrors.add(path, failure);
    }
    const others = records.filter((record) => record.id !== customer.id);
    // Complete records: a later lookup of one of them in this operation costs no call.
    for (const record of others) primeCustomer(context.customerLoader, record);
    return others;
  }
}
