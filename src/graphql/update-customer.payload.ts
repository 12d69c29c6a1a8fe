import { Field, ObjectType } from "type-graphql";
import type { Customer } from "../model/customer.js";
import type { FieldError, UserErrorCode } from "../model/errors.js";
import { CustomerObject } from "./customer.type.js";
import { UserErrorCodeEnum } from "./enums.js";
import { metrics } from "../observability/metrics.js";

@ObjectType("UserError", {
  description: "A finding about one input field, safe to show in a form.",
})
export class UserError {
  @Field(() => [String], {
    description: 'Path into the input: ["input", "billingAddress", "postalCode"].',
  })
  field!: string[];

  @Field(() => String, { description: "Never echoes the rejected value." })
  message!: string;

  @Field(() => UserErrorCodeEnum)
  code!: UserErrorCode;
}

@ObjectType("UpdateCustomerPayload")
export class UpdateCustomerPayload {
  @Field(() => CustomerObject, {
    nullable: true,
    description:
      "The record as the provider holds it after the write; null when nothing was applied.",
  })
  customer!: Customer | null;

  @Field(() => [UserError], { description: "When non-empty, nothing was written anywhere." })
  userErrors!: UserError[];
}

/** A provider's FieldError (path relative to the input) as a UserError (path from "input"). */
export function toUserError(fieldError: FieldError): UserError {
  // Every userError a payload returns is built here, so this is where they are counted.
  metrics.userErrors.inc({ code: fieldError.code });
  return {
    field: ["input", ...fieldError.path],
    message: fieldError.message,
    code: fieldError.code,
  };
}
