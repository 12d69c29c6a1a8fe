/**
 * The input of `updateCustomer`, with the validation rules common to both providers declared on
 * the classes (docs/architecture.md#validate-at-the-edge). Provider-specific rules (SimPay's
 * shorter limits, LoanPro's collection values, unsupported fields) live in each datasource.
 *
 * Every decorator carries its own message: `validate-input.ts` returns these messages to the
 * caller, so none of them may quote the rejected value
 * (docs/architecture.md#validation-before-any-write). Omitted = leave unchanged, null = clear
 * (`@IsOptional()` lets null through to the provider, which knows whether it can clear the field).
 */
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from "class-validator";
import { Field, Float, ID, InputType } from "type-graphql";
import type {
  CustomerStatus,
  CustomerType,
  Gender,
  GenerationCode,
  GovernmentIdType,
} from "../model/customer.js";
import {
  CustomerStatusEnum,
  CustomerTypeEnum,
  GenderEnum,
  GenerationCodeEnum,
  GovernmentIdTypeEnum,
} from "./enums.js";
import { isLocalDate, LocalDateScalar } from "./scalars.js";
import { COMMON_MAX_LENGTHS } from "../model/capabilities.js";
import { CREDIT_LIMIT_MESSAGE, MAX_CREDIT_LIMIT } from "../model/limits.js";

/**
 * Sane maxima common to both providers. Text lengths are checked against each provider's
 * capability table (these maxima where the provider documents none), counted the way that
 * provider counts them: one check per field, so a common and a provider check cannot disagree on
 * how long a value is. Only the government id number (digits and dashes) is checked here.
 */
export const INPUT_LIMITS = COMMON_MAX_LENGTHS;

/**
 * Statuses some provider can write; OTHER is only ever read (docs/architecture.md#field-mapping).
 */
export const WRITABLE_STATUSES: readonly CustomerStatus[] = [
  "ACTIVE",
  "INACTIVE",
  "PENDING",
  "DELETED",
  "LEAD",
];

function tooLong(max: number): PropertyDecorator {
  return MaxLength(max, { message: `Must be at most ${max} characters.` });
}

/**
 * An e-mail address, at most 254 characters. The e-mail rule itself refuses anything longer
 * (validator.js counts UTF-16 code units, as the provider tables do by default); the length is
 * checked first under the `maxLength` constraint so an over-long address is TOO_LONG, not INVALID.
 */
function emailAddress(): PropertyDecorator {
  const max = INPUT_LIMITS.email;
  const isEmail = IsEmail({}, { message: "Must be a valid e-mail address." });
  const length = ValidateBy(
    {
      name: "maxLength",
      constraints: [max],
      validator: { validate: (value: unknown) => typeof value !== "string" || value.length <= max },
    },
    { message: `Must be at most ${max} characters.` },
  );
  return (target, key) => {
    isEmail(target, key);
    length(target, key);
  };
}

/** The earliest birth date accepted. */
export const EARLIEST_BIRTH_DATE = "1900-01-01";

/**
 * The latest birth date accepted: today where it is already latest (UTC+14), so a customer born
 * today is accepted whatever the caller's time zone.
 */
export function latestBirthDate(now: Date = new Date()): string {
  return new Date(now.getTime() + 14 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * The LocalDate scalar checks the shape "YYYY-MM-DD" only; whether it names a real day is checked
 * here, so an impossible date comes back as a userError
 * (docs/architecture.md#validation-before-any-write).
 */
function calendarDate(): PropertyDecorator {
  return ValidateBy(
    {
      name: "isCalendarDate",
      validator: { validate: (value: unknown) => typeof value === "string" && isLocalDate(value) },
    },
    { message: "Must be a real calendar date written as YYYY-MM-DD." },
  );
}

/** From 1900 to today; a value that is not a real date is left to `calendarDate`. */
function plausibleBirthDate(): PropertyDecorator {
  return ValidateBy(
    {
      name: "isPlausibleBirthDate",
      validator: {
        validate: (value: unknown) =>
          typeof value !== "string" ||
          !isLocalDate(value) ||
          (value >= EARLIEST_BIRTH_DATE && value <= latestBirthDate()),
      },
    },
    { message: `Must be a date from ${EARLIEST_BIRTH_DATE} to today.` },
  );
}

/** Present (not omitted) means it must hold something: for fields that cannot be cleared. */
function requiredWhenGiven(): PropertyDecorator[] {
  return [
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsNotEmpty({ message: "Required: this field cannot be empty or cleared." }),
  ];
}

function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorator) => decorator(target, key));
}

@InputType("AddressInput", {
  description: "Merged field by field into the current address: omitted fields stay as they are.",
})
export class AddressInput {
  @Field(() => String, { nullable: true })
  @apply(requiredWhenGiven())
  line1?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  line2?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  line3?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  city?: string | null;

  @Field(() => String, {
    nullable: true,
    description: '2-letter US state or Canadian province code: "UT", "ON".',
  })
  @IsOptional()
  @Matches(/^[A-Za-z]{2}$/, { message: "Must be a 2-letter state or province code." })
  region?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  postalCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 3166-1 alpha-3 "USA" or "CAN"; alpha-2 "US"/"CA" accepted, any case.',
  })
  @IsOptional()
  @Matches(/^(USA|CAN|US|CA)$/i, { message: 'Must be "USA" or "CAN".' })
  country?: string | null;
}

@InputType("ContactInput", { description: "Changes to the default contact (SimPay)." })
export class ContactInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  departmentName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @emailAddress()
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  daytimePhone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  nighttimePhone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  faxNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  mobilePhone?: string | null;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  billingAddress?: AddressInput | null;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  shippingAddress?: AddressInput | null;
}

@InputType("GovernmentIdInput", { description: "Write-only: the number is never returned." })
export class GovernmentIdInput {
  @Field(() => GovernmentIdTypeEnum)
  type!: GovernmentIdType;

  @Field(() => String)
  @IsNotEmpty({ message: "Required: give the number." })
  @Matches(/^[0-9-]*$/, { message: "Must contain digits and dashes only." })
  @tooLong(INPUT_LIMITS.governmentIdNumber)
  number!: string;
}

@InputType("UpdateCustomerInput", {
  description:
    "Omitted = leave unchanged. null = clear it, where the provider can; otherwise a userError says so. A value = set it.",
})
export class UpdateCustomerInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  displayName?: string | null;

  @Field(() => CustomerStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(WRITABLE_STATUSES, { message: "OTHER is not a status that can be written." })
  status?: CustomerStatus | null;

  @Field(() => CustomerTypeEnum, { nullable: true })
  customerType?: CustomerType | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  middleName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @emailAddress()
  email?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  @calendarDate()
  @plausibleBirthDate()
  birthDate?: string | null;

  @Field(() => GenderEnum, { nullable: true })
  gender?: Gender | null;

  @Field(() => GenerationCodeEnum, { nullable: true })
  generationCode?: GenerationCode | null;

  @Field(() => GovernmentIdInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  governmentId?: GovernmentIdInput | null;

  @Field(() => String, { nullable: true, description: "Write-only." })
  @IsOptional()
  driverLicense?: string | null;

  @Field(() => Float, { nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: "Must be a finite number." })
  @Min(0, { message: CREDIT_LIMIT_MESSAGE })
  @Max(MAX_CREDIT_LIMIT, { message: CREDIT_LIMIT_MESSAGE })
  creditLimit?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  portalUsername?: string | null;

  @Field(() => String, { nullable: true, description: "Write-only." })
  @IsOptional()
  portalPassword?: string | null;

  @Field(() => Boolean, { nullable: true })
  ofacMatch?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  ofacTested?: boolean | null;

  @Field(() => ContactInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  defaultContact?: ContactInput | null;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  primaryAddress?: AddressInput | null;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  mailingAddress?: AddressInput | null;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  billingAddress?: AddressInput | null;

  @Field(() => AddressInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  shippingAddress?: AddressInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Optimistic concurrency: the `Customer.version` you last read. When the record changed since, nothing is written and the answer is a CONFLICT userError on ["input", "expectedVersion"]. Omitted or null: no check.',
  })
  expectedVersion?: string | null;
}
