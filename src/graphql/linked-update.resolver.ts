/**
 * `Mutation.updateLinkedCustomers` (docs/architecture.md#linked-customers): the edge of the linked
 * update. The input is checked at the edge first (the same class-validator rules as
 * `updateCustomer`; any finding answers with no provider call), then `linked-update.ts` runs the
 * fan-out. Findings are data (`userErrors`); a fan-out failure is a result's `userErrors`/`error`,
 * never a top-level error. Top-level errors only come before any write (the records could not be
 * found or locked).
 */
import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import type { FieldError } from "../model/errors.js";
import { WRITE_SCOPE } from "../security/caller.js";
import type { GraphQLContext } from "./context.js";
import { INVALID_ID_MESSAGE } from "./customer-id.messages.js";
import { resolveCustomerId } from "./customer-lookup.js";
import { primeCustomer } from "./customer.loader.js";
import { toCustomerPatch } from "./input-to-patch.js";
import { updateLinkedCustomers, type LinkedUpdateAnswer } from "./linked-update.js";
import {
  PartialFailurePolicyEnum,
  UpdateLinkedCustomersPayload,
  type PartialFailurePolicy,
} from "./linked-update.types.js";
import { UpdateCustomerInput } from "./update-customer.input.js";
import { toUserError } from "./update-customer.payload.js";
import { validateInput } from "./validate-input.js";
import { revive, runIdempotentOperation } from "./idempotent-mutation.js";

function toPayload(answer: LinkedUpdateAnswer): UpdateLinkedCustomersPayload {
  return {
    results: answer.results.map((result) => ({
      customer: result.customer,
      outcome: result.outcome,
      skippedFields: result.skippedFields,
      userErrors: result.userErrors.map(toUserError),
      error: result.error,
    })),
    consistent: answer.consistent,
    userErrors: answer.userErrors.map(toUserError),
  };
}

@Resolver()
export class LinkedUpdateResolver {
  @Authorized(WRITE_SCOPE)
  @Mutation(() => UpdateLinkedCustomersPayload, {
    description:
      "Applies the input to every record of one person: the record named by input.id and every " +
      "record sharing its externalId (LoanPro, then SimPay, each by provider id). Each field " +
      "goes to the records whose provider has it (the others list it in skippedFields). Every " +
      "record is validated before the first write: any userError means nothing was written " +
      "anywhere. A failure after an earlier write applied is handled by onPartialFailure.",
  })
  async updateLinkedCustomers(
    @Arg("input", () => UpdateCustomerInput) input: UpdateCustomerInput,
    @Arg("idempotencyKey", () => String, {
      nullable: true,
      description:
        "1-255 printable ASCII characters; covers the whole fan-out: a retry with the same key " +
        "and input gets the first answer again, nothing is sent twice.",
    })
    idempotencyKey: string | null,
    @Arg("onPartialFailure", () => PartialFailurePolicyEnum, {
      nullable: true,
      defaultValue: "COMPENSATE",
    })
    onPartialFailure: PartialFailurePolicy | null,
    @Ctx() context: GraphQLContext,
  ): Promise<UpdateLinkedCustomersPayload> {
    const policy = onPartialFailure ?? "COMPENSATE";
    return runIdempotentOperation(
      context,
      "updateLinkedCustomers",
      idempotencyKey,
      { input, policy },
      {
        refused: (userError) => ({ results: [], consistent: true, userErrors: [userError] }),
        revive: (stored) => {
          const payload = stored as UpdateLinkedCustomersPayload;
          return {
            ...payload,
            results: payload.results.map((result) => ({
              ...result,
              customer: revive(result.customer),
            })),
          };
        },
      },
      () => this.run(input, policy, context),
    );
  }

  private async run(
    input: UpdateCustomerInput,
    policy: PartialFailurePolicy,
    context: GraphQLContext,
  ): Promise<UpdateLinkedCustomersPayload> {
    const resolved = resolveCustomerId(input.id, context);
    const inputErrors = await validateInput(input);
    if (!resolved || inputErrors.length > 0) {
      const idError: FieldError[] = resolved
        ? []
        : [{ path: ["id"], code: "INVALID", message: INVALID_ID_MESSAGE }];
      return toPayload({ results: [], consistent: true, userErrors: [...idError, ...inputErrors] });
    }
    const answer = await updateLinkedCustomers(
      {
        named: { source: resolved.source, providerId: resolved.ref.providerId },
        patch: toCustomerPatch(input),
        expectedVersion: input.expectedVersion ?? null,
        policy,
      },
      { sources: context.sources, lock: context.writeLock ?? null, logger: context.logger },
    );
    // Records read back: later reads of them in this operation see them as they are now.
    for (const result of answer.results) {
      if (result.customer && answer.userErrors.length === 0) {
        primeCustomer(context.customerLoader, result.customer);
      }
    }
    return toPayload(answer);
  }
}
