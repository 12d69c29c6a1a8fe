/**
 * The model's string-union enums registered as GraphQL enums. The model keeps `as const` arrays
 * (no framework there); type-graphql wants an object, so each array becomes `{ VALUE: "VALUE" }`
 * and the GraphQL value equals the model value: no translation table to keep in sync.
 */
import { registerEnumType } from "type-graphql";
import {
  CUSTOMER_PROVIDERS,
  CUSTOMER_STATUSES,
  CUSTOMER_TYPES,
  GENDERS,
  GENERATION_CODES,
  GOVERNMENT_ID_TYPES,
} from "../model/customer.js";
import { USER_ERROR_CODES } from "../model/errors.js";

function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

export const CustomerProviderEnum = enumObject(CUSTOMER_PROVIDERS);
export const CustomerStatusEnum = enumObject(CUSTOMER_STATUSES);
export const CustomerTypeEnum = enumObject(CUSTOMER_TYPES);
export const GenderEnum = enumObject(GENDERS);
export const GenerationCodeEnum = enumObject(GENERATION_CODES);
export const GovernmentIdTypeEnum = enumObject(GOVERNMENT_ID_TYPES);
export const UserErrorCodeEnum = enumObject(USER_ERROR_CODES);

registerEnumType(CustomerProviderEnum, {
  name: "CustomerProvider",
  description: "The system of record a customer lives in.",
});
registerEnumType(CustomerStatusEnum, {
  name: "CustomerStatus",
  description:
    "Unified status; OTHER when the provider's own status has no match (see statusLabel).",
});
registerEnumType(CustomerTypeEnum, {
  name: "CustomerType",
  description: "LoanPro's customer type; null for SimPay.",
});
registerEnumType(GenderEnum, { name: "Gender" });
registerEnumType(GenerationCodeEnum, { name: "GenerationCode" });
registerEnumType(GovernmentIdTypeEnum, { name: "GovernmentIdType" });
registerEnumType(UserErrorCodeEnum, {
  name: "UserErrorCode",
  description: "Why an input field was refused.",
});
