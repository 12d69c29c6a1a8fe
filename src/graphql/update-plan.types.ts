/**
 * The public types of `customerUpdatePlan` and `customerCapabilities`.
 */
import { Field, Int, ObjectType } from "type-graphql";
import type { CustomerProvider, ProviderName } from "../model/customer.js";
import { CustomerProviderEnum } from "./enums.js";
import { JSONScalar } from "./scalars.js";
import { UserError } from "./update-customer.payload.js";

@ObjectType("FieldChange", { description: "One field an update would change." })
export class FieldChangeObject {
  @Field(() => [String], { description: 'Input path without "input": ["billingAddress", "city"].' })
  field!: string[];

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The current value; "[redacted]" for a write-only value.',
  })
  before!: unknown;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The value after the update; null clears; "[redacted]" for a write-only value.',
  })
  after!: unknown;
}

@ObjectType("PlannedRequest", { description: "One write request the provider would receive." })
export class PlannedRequestObject {
  /** The model's name; the public enum refuses one outside it when the response is written. */
  @Field(() => CustomerProviderEnum)
  provider!: ProviderName;

  @Field(() => String, { description: "PUT or PATCH." })
  method!: string;

  @Field(() => String, { description: "Relative to the provider's API base URL." })
  path!: string;

  @Field(() => JSONScalar, {
    nullable: true,
    description: 'The exact body, write-only values replaced by "[redacted]".',
  })
  body!: unknown;
}

@ObjectType("CustomerUpdatePlan", {
  description: "What updateCustomer would answer and send for the same input now; nothing is sent.",
})
export class CustomerUpdatePlanObject {
  @Field(() => [UserError], {
    description: "Exactly what updateCustomer would answer; non-empty means no requests.",
  })
  userErrors!: UserError[];

  @Field(() => [FieldChangeObject], { description: "Write-only values masked." })
  changes!: FieldChangeObject[];

  @Field(() => [PlannedRequestObject], {
    description:
      "The write requests, in order; reads are not listed; empty = nothing would change.",
  })
  requests!: PlannedRequestObject[];
}

@ObjectType("FieldCapability", { description: "What a provider does with one input field." })
export class FieldCapabilityObject {
  @Field(() => [String], { description: 'Input path: ["billingAddress", "postalCode"].' })
  field!: string[];

  @Field(() => Boolean, { description: "The provider returns it on a read." })
  readable!: boolean;

  @Field(() => Boolean, { description: "updateCustomer accepts a value for it." })
  writable!: boolean;

  @Field(() => Boolean, { description: "null clears it." })
  clearable!: boolean;

  @Field(() => Boolean, { description: "A record always has it (inside its object, if nested)." })
  required!: boolean;

  @Field(() => Int, { nullable: true, description: "The longest value accepted." })
  maxLength!: number | null;

  @Field(() => [String], { nullable: true, description: "The only values accepted." })
  allowedValues!: string[] | null;

  @Field(() => String, { nullable: true, description: "The expected form, in words." })
  format!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

@ObjectType("ProviderCapabilities", { description: "The input fields one provider accepts." })
export class ProviderCapabilitiesObject {
  @Field(() => CustomerProviderEnum)
  provider!: CustomerProvider;

  @Field(() => Boolean, { description: "Whether this deployment has the provider enabled." })
  configured!: boolean;

  @Field(() => [FieldCapabilityObject])
  fields!: FieldCapabilityObject[];
}
