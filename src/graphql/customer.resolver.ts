import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import type { Customer } from "../model/customer.js";
import { customerVersion } from "../model/customer-version.js";
import { READ_SCOPE, WRITE_SCOPE } from "../security/caller.js";
import type { GraphQLContext } from "./context.js";
import { lookupCustomer } from "./customer-lookup.js";
import { runIdempotent } from "./idempotent-mutation.js";
import { primeCustomer } from "./customer.loader.js";
import { CustomerObject } from "./customer.type.js";
import { UpdateCustomerInput } from "./update-customer.input.js";
import { toUserError, UpdateCustomerPayload } from "./update-customer.payload.js";
import { prepareUpdate } from "./update-input.js";

@Resolver(() => CustomerObject)
export class CustomerResolver {
  @Authorized(READ_SCOPE)
  @Query(() => CustomerObject, {
    nullable: true,
    description: "null when the provider has no such customer.",
  })
  async customer(
    @Arg("id", () => ID) id: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Customer | null> {
    return lookupCustomer(id, context);
  }

  /**
   * Findings are data, never errors: the edge's format rules and the provider's rules are reported
   * together, and an input with any userError is never written (docs/architecture.md).
   */
  @Authorized(WRITE_SCOPE)
  @Mutation(() => UpdateCustomerPayload)
  async updateCustomer(
    @Arg("input", () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Arg("idempotencyKey", () => String, {
      nullable: true,
      description:
        '1-255 printable ASCII characters. A retry with the same key and input within 24 hours gets the first answer again and writes nothing; the same key with another input is a CONFLICT userError on ["idempotencyKey"].',
    })
    idempotencyKey: string | null | undefined,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdateCustomerPayload> {
    return runIdempotent(context, "updateCustomer", idempotencyKey, input, () =>
      this.update(input, context),
    );
  }

  /** The version of the record as mapped: the same whichever query returned it. */
  @FieldResolver(() => String, {
    description:
      "Opaque; changes whenever a field this API maps changes. Send it back as `UpdateCustomerInput.expectedVersion` so an update of a record that changed since is refused.",
  })
  version(@Root() customer: Customer): string {
    return customerVersion(customer);
  }

  private async update(
    input: UpdateCustomerInput,
    context: GraphQLContext,
  ): Promise<UpdateCustomerPayload> {
    const prepared = await prepareUpdate(input, context);
    if (prepared.kind === "invalid-id") {
      return { customer: null, userErrors: prepared.userErrors.map(toUserError) };
    }
    // The edge's findings go with the input: the provider adds its own in the same pass, and
    // nothing is written when there is any (a provider rejection comes back the same way).
    const result = await prepared.source.update(
      prepared.providerId,
      prepared.patch,
      prepared.options,
    );
    const userErrors = result.userErrors.map(toUserError);
    // The write read fresh (never the loader's value); later reads in this operation see the result.
    if (userErrors.length === 0 && result.customer) {
      primeCustomer(context.customerLoader, result.customer);
    }
    return { customer: userErrors.length > 0 ? null : result.customer, userErrors };
  }
}
