import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Customer } from "../model/customer.js";
import { ProviderRejectedError, type FieldError } from "../model/errors.js";
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
   * Validation runs before any provider call and its findings are data (product.md, Rules): an
   * input with any userError never reaches the provider.
   */
  @Authorized(WRITE_SCOPE)
  @Mutation(() => UpdateCustomerPayload)
  async updateCustomer(
    @Arg("input", () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdateCustomerPayload> {
    const resolved = resolveCustomerId(input.id, context);
    const fieldErrors: FieldError[] = [];
    if (!resolved) fieldErrors.push({ path: ["id"], code: "INVALID", message: INVALID_ID_MESSAGE });
    fieldErrors.push(...(await validateInput(input)));
    if (!resolved || fieldErrors.length > 0) {
      return { customer: null, userErrors: fieldErrors.map(toUserError) };
    }
    try {
      const result = await resolved.source.update(resolved.ref.providerId, toCustomerPatch(input));
      const userErrors = result.userErrors.map(toUserError);
      // The write read fresh (never the loader's value); later reads in this operation see the result.
      if (userErrors.length === 0 && result.customer) {
        primeCustomer(context.customerLoader, result.customer);
      }
      return { customer: userErrors.length > 0 ? null : result.customer, userErrors };
    } catch (error) {
      if (error instanceof ProviderRejectedError) {
        return { customer: null, userErrors: error.fieldErrors.map(toUserError) };
      }
      throw error;
    }
  }
}
