import { Field, ObjectType } from "type-graphql";
import type { Address, Contact } from "../model/customer.js";
import { AddressObject } from "./address.type.js";

@ObjectType("Contact", { description: "A contact person (SimPay DefaultContact)." })
export class ContactObject implements Contact {
  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String, { nullable: true })
  lastName!: string | null;

  @Field(() => String, { nullable: true })
  jobTitle!: string | null;

  @Field(() => String, { nullable: true })
  departmentName!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  daytimePhone!: string | null;

  @Field(() => String, { nullable: true })
  nighttimePhone!: string | null;

  @Field(() => String, { nullable: true })
  faxNumber!: string | null;

  @Field(() => String, { nullable: true })
  mobilePhone!: string | null;

  @Field(() => AddressObject, { nullable: true })
  billingAddress!: Address | null;

  @Field(() => AddressObject, { nullable: true })
  shippingAddress!: Address | null;
}
