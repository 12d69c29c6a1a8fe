import { Field, ObjectType } from "type-graphql";
import type { Address } from "../model/customer.js";

@ObjectType("Address", { description: "A postal address, in the same shape for every provider." })
export class AddressObject implements Address {
  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2!: string | null;

  @Field(() => String, { nullable: true })
  line3!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, {
    nullable: true,
    description: '2-letter US state or Canadian province code: "UT", "ON".',
  })
  region!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166-1 alpha-3: "USA" or "CAN".',
  })
  country!: string | null;
}
