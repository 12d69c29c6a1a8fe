/**
 * The public types of `updateLinkedCustomers` (docs/architecture.md#linked-customers).
 */
import { Field, ObjectType, registerEnumType } from "type-graphql";
import type { Customer } from "../model/customer.js";
import type { LinkedWriteOutcome } from "../model/linked-update.js";
import { CustomerObject } from "./customer.type.js";
import { UserError } from "./update-customer.payload.js";

export const PartialFailurePolicyEnum = { COMPENSATE: "COMPENSATE", KEEP: "KEEP" } as const;
export type PartialFailurePolicy = keyof typeof PartialFailurePolicyEnum;
registerEnumType(PartialFailurePolicyEnum, {
  name: "PartialFailurePolicy",
  description:
    "What a linked update does when a write fails after an earlier record's write applied: " +
    "COMPENSATE writes the earlier records back to their previous values; KEEP leaves them.",
});

export const LinkedWriteOutcomeEnum = {
  APPLIED: "APPLIED",
  UNCHANGED: "UNCHANGED",
  NOT_APPLIED: "NOT_APPLIED",
  COMPENSATED: "COMPENSATED",
  UNKNOWN: "UNKNOWN",
} as const satisfies Record<LinkedWriteOutcome, LinkedWriteOutcome>;
registerEnumType(LinkedWriteOutcomeEnum, {
  name: "LinkedWriteOutcome",
  description:
    "What one linked record holds after the update: APPLIED (the requested values, read back), " +
    "UNCHANGED (it already held them; nothing sent), NOT_APPLIED (its previous values: not " +
    "written, refused, or not attempted after an earlier failure), COMPENSATED (written, then " +
    "written back to its previous values and read back equal), UNKNOWN (a write whose effect " +
    "could not be established: read the record before acting).",
});

@ObjectType("LinkedWriteError", {
  description: "A failure of one record's write that was not the input's.",
})
export class LinkedWriteError {
  @Field(() => String, {
    description:
      "The error code (UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT, …), or COMPENSATION_FAILED when " +
      "writing this record back to its previous values failed or could not be done.",
  })
  code!: string;

  @Field(() => Boolean, { description: "Whether the same linked update may simply be retried." })
  retryable!: boolean;
}

@ObjectType("LinkedUpdateResult")
export class LinkedUpdateResult {
  @Field(() => CustomerObject, {
    nullable: true,
    description: "The record read back after the write (or the current record).",
  })
  customer!: Customer | null;

  @Field(() => LinkedWriteOutcomeEnum)
  outcome!: LinkedWriteOutcome;

  @Field(() => [[String]], {
    description: 'Input paths (without "input") this record\'s provider does not have.',
  })
  skippedFields!: string[][];

  @Field(() => [UserError], {
    description: "The provider's rejection of this record's write, if it rejected it.",
  })
  userErrors!: UserError[];

  @Field(() => LinkedWriteError, {
    nullable: true,
    description: "A failure that was not the input's, if any.",
  })
  error!: LinkedWriteError | null;
}

@ObjectType("UpdateLinkedCustomersPayload")
export class UpdateLinkedCustomersPayload {
  @Field(() => [LinkedUpdateResult], {
    description:
      "One per linked record, in a stable order: LoanPro, then SimPay, each by provider id ascending.",
  })
  results!: LinkedUpdateResult[];

  @Field(() => Boolean, {
    description:
      "All records agree, as read back: each holds the requested values, or (after a " +
      "successful compensation) its previous values.",
  })
  consistent!: boolean;

  @Field(() => [UserError], {
    description: "Validation before any write; non-empty = nothing was written anywhere.",
  })
  userErrors!: UserError[];
}
