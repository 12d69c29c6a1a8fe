/**
 * The GraphQL shapes of `Query.customers` (docs/architecture.md#finding-customers): the Relay-style
 * connection and the filter input. `totalCount` is resolved by `customer-list.resolver.ts` (null on
 * a partial page); a failed provider's error is reported in the response's `errors`
 * (`partial-errors.plugin.ts`).
 */
import { Directive, Field, InputType, ObjectType } from "type-graphql";
import type { Customer, CustomerProvider, CustomerStatus } from "../model/customer.js";
import type { DomainError } from "../model/errors.js";
import { CustomerObject } from "./customer.type.js";
import { CustomerProviderEnum, CustomerStatusEnum } from "./enums.js";

@InputType("CustomerFilter", {
  description:
    "Every given field must match. Strings are trimmed; an empty string is no filter. " +
    "Without `status`, SimPay's deleted customers are left out.",
})
export class CustomerFilterInput {
  @Field(() => CustomerProviderEnum, { nullable: true, description: "Only this provider." })
  provider?: CustomerProvider | null;

  @Field(() => String, { nullable: true, description: "Equal, case-sensitive." })
  externalId?: string | null;

  @Field(() => String, { nullable: true, description: "Equal, ignoring case." })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "`displayName` contains it, ignoring case.",
  })
  name?: string | null;

  @Field(() => CustomerStatusEnum, { nullable: true })
  status?: CustomerStatus | null;
}

@Directive("@shareable")
@ObjectType("PageInfo", { description: "Relay page information." })
export class PageInfoObject {
  @Field(() => Boolean, {
    description:
      "True when more customers may follow endCursor; always true when a provider failed.",
  })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "Pass as `after` for the next page; null only on an empty last page. Set even on an " +
      "empty page when hasNextPage is true (a failed provider is resumed where it stopped).",
  })
  endCursor!: string | null;
}

@ObjectType("CustomerEdge")
export class CustomerEdgeObject {
  @Field(() => String, { description: "Resumes the list right after this customer." })
  cursor!: string;

  @Field(() => CustomerObject)
  node!: Customer;
}

@ObjectType("CustomerConnection", {
  description:
    "One page of customers: LoanPro's first, then SimPay's, each by its provider id ascending.",
})
export class CustomerConnectionObject {
  @Field(() => [CustomerEdgeObject])
  edges!: CustomerEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  /** Not a GraphQL field: the total when known (read by the `totalCount` resolver). */
  knownTotal!: number | null;

  /** Not a GraphQL field: providers that failed on this page (reported through the request's partial errors). */
  failures!: DomainError[];
}
