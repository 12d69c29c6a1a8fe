/**
 * The capability tables (`capabilities.ts`) as a flat list of input field paths, for callers that
 * build forms. Generated from the same table the validator reads: nothing here decides a rule.
 */
import type { FieldCapability, ProviderCapabilities } from "./capabilities.js";

/** One input path (without "input") and what the provider does with it. */
export interface FieldCapabilityEntry {
  field: string[];
  readable: boolean;
  writable: boolean;
  clearable: boolean;
  required: boolean;
  maxLength: number | null;
  allowedValues: string[] | null;
  format: string | null;
  note: string | null;
}

type AnyTable = Record<string, FieldCapability & { members?: AnyTable }>;

/**
 * Every field of the table, depth first, members right after their object. A member of an object
 * the provider does not have is neither readable nor writable (the validator reports the object
 * as UNSUPPORTED_FIELD and never looks at its members), and carries the object's note.
 */
export function listCapabilities(caps: ProviderCapabilities): FieldCapabilityEntry[] {
  const entries: FieldCapabilityEntry[] = [];
  const visit = (table: AnyTable, path: string[], parent: FieldCapability | null): void => {
    for (const [field, cap] of Object.entries(table)) {
      const inherited = parent !== null && !parent.writable;
      entries.push({
        field: [...path, field],
        readable: cap.readable && (parent?.readable ?? true),
        writable: cap.writable && !inherited,
        clearable: cap.clearable && !inherited,
        required: cap.required && !inherited,
        maxLength: cap.maxLength ?? null,
        allowedValues: cap.allowed ? [...cap.allowed] : null,
        format: cap.format ?? null,
        note: (inherited ? parent.note : cap.note) ?? null,
      });
      if (cap.members) {
        const effective: FieldCapability = inherited ? { ...cap, ...parent, writable: false } : cap;
        visit(cap.members, [...path, field], effective);
      }
    }
  };
  visit(caps.fields as unknown as AnyTable, [], null);
  return entries;
}
