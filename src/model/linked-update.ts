/**
 * The pure rules of a linked update (docs/architecture.md#linked-customers): which input fields
 * each linked record's provider has, how an applied change is written back (compensation), and
 * the verdict. No provider, no I/O: `graphql/linked-update.ts` runs the fan-out with them.
 */
import type { FieldCapability, ProviderCapabilities } from "./capabilities.js";
import type { Customer, CustomerPatch } from "./customer.js";

type AnyTable = Record<string, FieldCapability & { members?: AnyTable }>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface PatchSplit {
  /** The part of the patch this provider has (what its record is written with). */
  applicable: CustomerPatch;
  /** Input paths (without "input") this provider does not have. */
  skipped: string[][];
}

/**
 * Splits `patch` by what `caps` can write: a field the table marks unwritable is skipped for this
 * provider (with its path), member by member inside contacts and addresses. A `null` on an
 * unwritable field is skipped too (nothing to clear there).
 */
export function splitPatch(patch: CustomerPatch, caps: ProviderCapabilities): PatchSplit {
  const skipped: string[][] = [];
  const visit = (
    level: Record<string, unknown>,
    table: AnyTable,
    path: string[],
  ): Record<string, unknown> => {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(level)) {
      if (value === undefined) continue;
      const cap = table[key];
      if (!cap || !cap.writable) {
        skipped.push([...path, key]);
        continue;
      }
      if (cap.members && isObject(value)) {
        const inner = visit(value, cap.members, [...path, key]);
        if (Object.keys(inner).length > 0) kept[key] = inner;
        continue;
      }
      kept[key] = value;
    }
    return kept;
  };
  const applicable = visit(
    patch as Record<string, unknown>,
    caps.fields as unknown as AnyTable,
    [],
  ) as CustomerPatch;
  return { applicable, skipped };
}

/** Whether `patch` asks for nothing. */
export function isEmptyPatch(patch: CustomerPatch): boolean {
  return Object.values(patch).every((value) => value === undefined);
}

/** Paths skipped by every target: no linked record has them (UNSUPPORTED_FIELD). */
export function skippedByAll(splits: readonly PatchSplit[]): string[][] {
  if (splits.length === 0) return [];
  const key = (path: string[]): string => path.join("\u0000");
  const counts = new Map<string, { path: string[]; count: number }>();
  for (const split of splits) {
    for (const path of split.skipped) {
      const entry = counts.get(key(path)) ?? { path, count: 0 };
      entry.count += 1;
      counts.set(key(path), entry);
    }
  }
  return [...counts.values()]
    .filter((entry) => entry.count === splits.length)
    .map((entry) => entry.path);
}

/**
 * The patch that writes `before`'s values back over the fields `applied` wrote, or null when
 * that cannot be done: a write-only field (government id, driver license, portal password) is
 * never readable, so its previous value is unknown. A nested object that did not exist before is
 * cleared as a whole.
 */
export function reversePatch(
  applied: CustomerPatch,
  before: Customer,
  caps: ProviderCapabilities,
): CustomerPatch | null {
  let reversible = true;
  const visit = (
    level: Record<string, unknown>,
    previous: Record<string, unknown> | null,
    table: AnyTable,
  ): Record<string, unknown> => {
    const back: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(level)) {
      if (value === undefined) continue;
      const cap = table[key];
      if (cap?.writeOnly || !cap?.readable) {
        reversible = false;
        continue;
      }
      const old = previous?.[key] ?? null;
      if (cap.members && isObject(value)) {
        back[key] = isObject(old) ? visit(value, old, cap.members) : null;
        continue;
      }
      back[key] = old;
    }
    return back;
  };
  const back = visit(
    applied as Record<string, unknown>,
    before as unknown as Record<string, unknown>,
    caps.fields as unknown as AnyTable,
  );
  return reversible ? (back as CustomerPatch) : null;
}

/** Whether `after` holds `before`'s values on every field `applied` wrote (compared as JSON). */
export function holdsPreviousValues(
  applied: CustomerPatch,
  before: Customer,
  after: Customer,
): boolean {
  const same = (level: Record<string, unknown>, left: unknown, right: unknown): boolean =>
    Object.entries(level).every(([key, value]) => {
      if (value === undefined) return true;
      const l = isObject(left) ? (left[key] ?? null) : null;
      const r = isObject(right) ? (right[key] ?? null) : null;
      if (isObject(value) && (isObject(l) || isObject(r))) return same(value, l, r);
      return JSON.stringify(l) === JSON.stringify(r);
    });
  return same(applied as Record<string, unknown>, before, after);
}

export type LinkedWriteOutcome =
  "APPLIED" | "UNCHANGED" | "NOT_APPLIED" | "COMPENSATED" | "UNKNOWN";

/**
 * The verdict: every record agrees. Either every write applied (or had nothing to change) and
 * was read back, or nothing holds a change any more: every applied write was compensated and
 * read back equal to before. An UNKNOWN, or an applied write whose read-back is missing, is never
 * called consistent.
 */
export function isConsistent(
  results: ReadonlyArray<{ outcome: LinkedWriteOutcome; readBack: boolean }>,
): boolean {
  if (results.some((result) => result.outcome === "UNKNOWN")) return false;
  if (results.some((result) => result.outcome !== "NOT_APPLIED" && !result.readBack)) return false;
  const applied = results.some((result) => result.outcome === "APPLIED");
  const reverted = results.some(
    (result) => result.outcome === "NOT_APPLIED" || result.outcome === "COMPENSATED",
  );
  // All new values, or all previous values (an UNCHANGED record holds both).
  return !(applied && reverted);
}
