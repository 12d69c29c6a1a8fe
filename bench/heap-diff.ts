/**
 * What grew between two V8 heap snapshots (`.heapsnapshot`, the format DevTools reads): live
 * objects counted and summed (self size) by type and constructor or string kind, and the
 * differences, largest first. A leak shows as a class whose count grows with the requests served;
 * allocator growth shows as RSS rising while these totals stay flat.
 */
import { readFileSync } from "node:fs";

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

export interface HeapGrowth {
  name: string;
  countBefore: number;
  countAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Live objects by `type:name` (strings grouped as one kind: their text is data, maybe private). */
export function heapGroups(file: string): Map<string, HeapGroup> {
  const snapshot = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshotFile;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map<string, HeapGroup>();
  for (let offset = 0; offset < snapshot.nodes.length; offset += width) {
    const type = types[snapshot.nodes[offset + typeAt]] ?? "?";
    const name =
      type === "string" || type === "concatenated string" || type === "sliced string"
        ? type
        : `${type}:${snapshot.strings[snapshot.nodes[offset + nameAt]] ?? "?"}`;
    const group = groups.get(name) ?? { name, count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += snapshot.nodes[offset + sizeAt];
    groups.set(name, group);
  }
  return groups;
}

/** The `limit` groups whose size changed most between the two snapshots. */
export function heapGrowth(before: string, after: string, limit = 15): HeapGrowth[] {
  const first = heapGroups(before);
  const second = heapGroups(after);
  const names = new Set([...first.keys(), ...second.keys()]);
  return [...names]
    .map((name) => ({
      name: name.slice(0, 80),
      countBefore: first.get(name)?.count ?? 0,
      countAfter: second.get(name)?.count ?? 0,
      bytesBefore: first.get(name)?.bytes ?? 0,
      bytesAfter: second.get(name)?.bytes ?? 0,
    }))
    .sort(
      (left, right) =>
        Math.abs(right.bytesAfter - right.bytesBefore) -
        Math.abs(left.bytesAfter - left.bytesBefore),
    )
    .slice(0, limit);
}
