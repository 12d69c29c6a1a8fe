/**
 * A dry run of an update: what `updateCustomer` would answer and send, without sending it. The
 * types every provider returns from `CustomerSource.plan`, and the pure pieces that do not depend
 * on a provider: the field-level changes (read from the capability table, so write-only values are
 * masked the same way for every provider) and the masking of write-only values in a request body.
 */
import type { FieldCapability, ProviderCapabilities } from "./capabilities.js";
import type { Customer, CustomerPatch, ProviderName } from "./customer.js";
import type { FieldError } from "./errors.js";

/** What stands in for a write-only value in a plan. */
export const REDACTED = "[redacted]";

/** One write request as the provider would receive it (relative path, JSON body). */
export interface PlannedRequest {
  provider: ProviderName;
  method: "PUT" | "PATCH" | "POST";
  /** Relative to the provider's base URL, e.g. "odata.svc/Customers(555)". */
  path: string;
  body: unknown;
}

/** One field the update would change: its input path (without "input"), before and after. */
export interface FieldChange {
  path: string[];
  before: unknown;
  after: unknown;
}

export interface UpdatePlan {
  /** Exactly what the update would answer; non-empty means no changes and no requests. */
  userErrors: FieldError[];
  changes: FieldChange[];
  /** In sending order; empty when nothing would change. Write-only values are masked. */
  requests: PlannedRequest[];
}

type AnyTable = Record<string, FieldCapability & { members?: AnyTable }>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON-like values (key order ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

function masked(value: unknown): unknown {
  return value === null || value === undefined ? null : REDACTED;
}

/**
 * The leaf fields `patch` sets to a value different from `current`, in the table's order. Nested
 * objects (contact, addresses) are listed member by member; a `null` on a whole object is one
 * change. A write-only field is always listed (its stored value cannot be compared here) and
 * masked on both sides; an unreadable one's `before` is masked too, as it is not known.
 */
export function describeChanges(
  patch: CustomerPatch,
  current: Customer,
  caps: ProviderCapabilities,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const visit = (
    values: Record<string, unknown>,
    before: Record<string, unknown> | null,
    table: AnyTable,
    path: string[],
  ): void => {
    for (const [field, cap] of Object.entries(table)) {
      const after = values[field];
      if (after === undefined) continue;
      const at = [...path, field];
      const old = before?.[field] ?? null;
      if (cap.members && isObject(after)) {
        visit(after, isObject(old) ? old : null, cap.members, at);
        continue;
      }
      if (cap.writeOnly) {
        changes.push({
          path: at,
          before: cap.readable ? masked(old) : REDACTED,
          after: masked(after),
        });
        continue;
      }
      if (!sameValue(old, after)) changes.push({ path: at, before: old, after });
    }
  };
  visit(
    patch as Record<string, unknown>,
    current as unknown as Record<string, unknown>,
    caps.fields as unknown as AnyTable,
    [],
  );
  return changes;
}

/** A copy of `body` with the value of every key in `keys` (at any depth) masked; null stays null. */
export function redactBody(body: unknown, keys: readonly string[]): unknown {
  if (keys.length === 0) return body;
  if (Array.isArray(body)) return body.map((item) => redactBody(item, keys));
  if (!isObject(body)) return body;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    copy[key] = keys.includes(key) ? masked(value) : redactBody(value, keys);
  }
  return copy;
}
