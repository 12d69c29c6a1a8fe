import { Directive, Field, Float, ID, ObjectType } from "type-graphql";
import type {
  Address,
  Contact,
  Customer,
  CustomerProvider,
  CustomerStatus,
  CustomerType,
  Gender,
  GenerationCode,
  GovernmentId,
  GovernmentIdType,
} from "../model/customer.js";
import { AddressObject } from "./address.type.js";
import { ContactObject } from "./contact.type.js";
import {
  CustomerProviderEnum,
  CustomerStatusEnum,
  CustomerTypeEnum,
  GenderEnum,
  GenerationCodeEnum,
  GovernmentIdTypeEnum,
} from "./enums.js";
import { DateTimeScalar, LocalDateScalar } from "./scalars.js";

@ObjectType("GovernmentId", {
  description: "Which government id the provider holds. Never the full number.",
})
export class GovernmentIdObject implements GovernmentId {
  @Field(() => GovernmentIdTypeEnum)
  type!: GovernmentIdType;

  @Field(() => String, { nullable: true, description: "The last four digits, at most." })
  last4!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType("Customer", { description: "A customer record in one system of record." })
export class CustomerObject implements Customer {
  @Field(() => ID, { description: 'Provider and its id: "loanpro:555", "simpay:48213".' })
  id!: string;

  @Field(() => CustomerProviderEnum)
  provider!: CustomerProvider;

  @Field(() => ID, { description: "LoanPro Customers.id / SimPay CustomerKey." })
  providerId!: string;

  @Field(() => String, {
    nullable: true,
    description: "LoanPro customId / SimPay CustomerID (merchant-assigned).",
  })
  externalId!: string | null;

  @Field(() => String)
  displayName!: string;

  @Field(() => CustomerStatusEnum)
  status!: CustomerStatus;

  @Field(() => String, { nullable: true, description: "The provider's own text for the status." })
  statusLabel!: string | null;

  @Field(() => CustomerTypeEnum, { nullable: true })
  customerType!: CustomerType | null;

  @Field(() => String, { nullable: true })
  firstName!: string | null;

  @Field(() => String, { nullable: true })
  middleName!: string | null;

  @Field(() => String, { nullable: true })
  lastName!: string | null;

  @Field(() => String, { nullable: true })
  companyName!: string | null;

  @Field(() => String, { nullable: true })
  contactName!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  birthDate!: string | null;

  @Field(() => GenderEnum, { nullable: true })
  gender!: Gender | null;

  @Field(() => GenerationCodeEnum, { nullable: true })
  generationCode!: GenerationCode | null;

  @Field(() => GovernmentIdObject, { nullable: true })
  governmentId!: GovernmentId | null;

  @Field(() => Float, { nullable: true })
  creditLimit!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "The portal password is write-only and never readable.",
  })
  portalUsername!: string | null;

  @Field(() => Boolean, { nullable: true })
  ofacMatch!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  ofacTested!: boolean | null;

  @Field(() => ContactObject, { nullable: true })
  defaultContact!: Contact | null;

  @Field(() => AddressObject, { nullable: true })
  primaryAddress!: Address | null;

  @Field(() => AddressObject, { nullable: true })
  mailingAddress!: Address | null;

  @Field(() => AddressObject, { nullable: true })
  billingAddress!: Address | null;

  @Field(() => AddressObject, { nullable: true })
  shippingAddress!: Address | null;

  @Field(() => DateTimeScalar, { nullable: true })
  createdAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  updatedAt!: Date | null;
}
