import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Customer } from "../model/customer.js";
import type { FieldError } from "../model/errors.js";
import { READ_SCOPE, WRITE_SCOPE } from "../security/caller.js";
import type { GraphQLContext } from "./context.js";
import { INVALID_ID_MESSAGE, lookupCustomer, resolveCustomerId } from "./customer-lookup.js";
import { primeCustomer } from "./customer.loader.js";
import { CustomerObject } from "./customer.type.js";
import { toCustomerPatch } from "./input-to-patch.js";
import { UpdateCustomerInput } from "./update-customer.input.js";
import { toUserError, UpdateCustomerPayload } from "./update-customer.payload.js";
import { validateInput } from "./validate-input.js";

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
    @Ctx() context: GraphQLContext,
  ): Promise<UpdateCustomerPayload> {
    const resolved = resolveCustomerId(input.id, context);
    const inputErrors = await validateInput(input);
    if (!resolved) {
      const idError: FieldError = { path: ["id"], code: "INVALID", message: INVALID_ID_MESSAGE };
      return { customer: null, userErrors: [idError, ...inputErrors].map(toUserError) };
    }
    // The edge's findings go with the input: the provider adds its own in the same pass, and
    // nothing is written when there is any (a provider rejection comes back the same way).
    const result = await resolved.source.update(resolved.ref.providerId, toCustomerPatch(input), {
      inputErrors,
    });
    const userErrors = result.userErrors.map(toUserError);
    // The write read fresh (never the loader's value); later reads in this operation see the result.
    if (userErrors.length === 0 && result.customer) {
      primeCustomer(context.customerLoader, result.customer);
    }
    return { customer: userErrors.length > 0 ? null : result.customer, userErrors };
  }
}
