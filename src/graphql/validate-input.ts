/**
 * Runs class-validator on the input ourselves, so findings come back as userErrors instead of
 * type-graphql's top-level "Argument Validation Error"
 * (docs/architecture.md#validation-inside-the-resolver). `target: false, value: false` keeps the
 * rejected value out of the ValidationError objects.
 */
import { validate, type ValidationError } from "class-validator";
import type { FieldError, UserErrorCode } from "../model/errors.js";

/** class-validator constraint name -> userError code; anything not listed is INVALID. */
const CONSTRAINT_CODES: Record<string, UserErrorCode> = {
  maxLength: "TOO_LONG",
  length: "TOO_LONG",
  isNotEmpty: "REQUIRED",
  isDefined: "REQUIRED",
};

/** When one field fails several constraints, report the most useful one only. */
const CODE_PRIORITY: UserErrorCode[] = ["REQUIRED", "TOO_LONG", "INVALID"];

export function codeForConstraint(constraint: string): UserErrorCode {
  return CONSTRAINT_CODES[constraint] ?? "INVALID";
}

function collect(errors: ValidationError[], parentPath: string[], into: FieldError[]): void {
  for (const error of errors) {
    const path = [...parentPath, error.property];
    const constraints = Object.entries(error.constraints ?? {});
    if (constraints.length > 0) {
      const ranked = constraints
        .map(([name, message]) => ({ code: codeForConstraint(name), message }))
        .sort((a, b) => CODE_PRIORITY.indexOf(a.code) - CODE_PRIORITY.indexOf(b.code));
      // The messages are the decorators' own (update-customer.input.ts), written without the value.
      into.push({ path, code: ranked[0].code, message: ranked[0].message });
    }
    if (error.children && error.children.length > 0) collect(error.children, path, into);
  }
}

/** Validates an input instance; returns one FieldError per failing field, paths relative to the input. */
export async function validateInput(input: object): Promise<FieldError[]> {
  const errors = await validate(input, {
    validationError: { target: false, value: false },
    forbidUnknownValues: false,
    skipMissingProperties: false,
  });
  const fieldErrors: FieldError[] = [];
  collect(errors, [], fieldErrors);
  return fieldErrors;
}
