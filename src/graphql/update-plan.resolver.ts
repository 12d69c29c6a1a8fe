/**
 * `customerUpdatePlan` (the update pipeline's dry run) and `customerCapabilities` (the capability
 * tables the validator reads, as a list).
 */
import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { listCapabilities } from "../model/capability-listing.js";
import { READ_SCOPE } from "../security/caller.js";
import type { GraphQLContext } from "./context.js";
import { edgeMaxLength } from "./input-limits.js";
import { UpdateCustomerInput } from "./update-customer.input.js";
import { toUserError } from "./update-customer.payload.js";
import { prepareUpdate } from "./update-input.js";
import {
  CustomerUpdatePlanObject,
  FieldCapabilityObject,
  ProviderCapabilitiesObject,
} from "./update-plan.types.js";

/** The shorter of two maxima; null when neither applies. */
function shorter(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

@Resolver()
export class UpdatePlanResolver {
  /**
   * The same edge and pipeline as `updateCustomer` up to the write: the same userErrors, then the
   * changes and the write requests instead of the write. Reads only, so the read scope is enough.
   */
  @Authorized(READ_SCOPE)
  @Query(() => CustomerUpdatePlanObject, {
    description: "What updateCustomer would answer and send for this input now, sending nothing.",
  })
  async customerUpdatePlan(
    @Arg("input", () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Ctx() context: GraphQLContext,
  ): Promise<CustomerUpdatePlanObject> {
    const prepared = await prepareUpdate(input, context);
    if (prepared.kind === "invalid-id") {
      return { userErrors: prepared.userErrors.map(toUserError), changes: [], requests: [] };
    }
    const plan = await prepared.source.plan(prepared.providerId, prepared.patch, {
      ...prepared.options,
    });
    return {
      userErrors: plan.userErrors.map(toUserError),
      changes: plan.changes.map((change) => ({
        field: change.path,
        before: change.before,
        after: change.after,
      })),
      requests: plan.requests,
    };
  }

  /**
   * Every provider's table as `updateCustomer` validates with it. A maximum length is the shorter
   * of the provider's and the input's own rule (both are enforced).
   */
  @Authorized(READ_SCOPE)
  @Query(() => [ProviderCapabilitiesObject], {
    description: "Per provider and input field: what updateCustomer accepts.",
  })
  customerCapabilities(@Ctx() context: GraphQLContext): ProviderCapabilitiesObject[] {
    return context.sources.capabilities().map(({ provider, configured, capabilities }) => ({
      provider,
      configured,
      fields: listCapabilities(capabilities).map((entry): FieldCapabilityObject => ({
        ...entry,
        maxLength: entry.writable
          ? shorter(entry.maxLength, edgeMaxLength(entry.field))
          : entry.maxLength,
      })),
    }));
  }
}
