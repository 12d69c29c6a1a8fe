/**
 * The GraphQL edge of an update, shared by `updateCustomer` and `customerUpdatePlan` so both give
 * the same userErrors: parse the id, run the input class's rules, turn the input into the patch.
 */
import type { CustomerPatch } from "../model/customer.js";
import type { CustomerSource, UpdateOptions } from "../model/customer-source.js";
import type { FieldError } from "../model/errors.js";
import type { GraphQLContext } from "./context.js";
import { INVALID_ID_MESSAGE } from "./customer-id.messages.js";
import { resolveCustomerId } from "./customer-lookup.js";
import { toCustomerPatch } from "./input-to-patch.js";
import type { UpdateCustomerInput } from "./update-customer.input.js";
import { validateInput } from "./validate-input.js";

export type PreparedUpdate =
  /** The id does not name a customer: these findings, and no provider is asked. */
  | { kind: "invalid-id"; userErrors: FieldError[] }
  | {
      kind: "ready";
      source: CustomerSource;
      providerId: string;
      patch: CustomerPatch;
      /** The edge's findings: the provider adds its own in the same pass and writes nothing. */
      inputErrors: FieldError[];
      /** The update's options for the source: the edge's findings and `expectedVersion`. */
      options: UpdateOptions;
    };

export async function prepareUpdate(
  input: UpdateCustomerInput,
  context: GraphQLContext,
): Promise<PreparedUpdate> {
  const resolved = resolveCustomerId(input.id, context);
  const inputErrors = await validateInput(input);
  if (!resolved) {
    const idError: FieldError = { path: ["id"], code: "INVALID", message: INVALID_ID_MESSAGE };
    return { kind: "invalid-id", userErrors: [idError, ...inputErrors] };
  }
  return {
    kind: "ready",
    source: resolved.source,
    providerId: resolved.ref.providerId,
    patch: toCustomerPatch(input),
    inputErrors,
    options: {
      inputErrors,
      // A condition on the write, checked against the record read under the customer's lock.
      ...(typeof input.expectedVersion === "string"
        ? { expectedVersion: input.expectedVersion }
        : {}),
    },
  };
}
