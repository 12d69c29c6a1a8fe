/**
 * No import cycles among our own files, `import type` included. ESLint's `import-x/no-cycle`
 * (eslint.config.js) skips type-only imports, but a type-only cycle still ties the layers of
 * docs/architecture.md#layers together (graphql/ <-> security/ was one), so this test reads every import
 * with the TypeScript compiler's own pre-processor and resolver and looks for strongly connected
 * components (Tarjan): between files, and between the folders of src/ (the layers; the files at
 * the top of src/ are the composition root and are left out of the folder graph).
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const FOLDERS = ["src", "simulators", "test", "bench", "scripts"];
const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
};

function sourceFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every file of ours that `file` imports (static, type-only, re-exports and dynamic). */
function importsOf(file: string, ours: Set<string>): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
  return info.importedFiles
    .filter((imported) => imported.fileName.startsWith("."))
    .map(
      (imported) =>
        ts.resolveModuleName(imported.fileName, file, OPTIONS, ts.sys).resolvedModule
          ?.resolvedFileName,
    )
    .filter((resolved): resolved is string => resolved !== undefined && ours.has(resolved));
}

/** The import cycles of `graph`: each strongly connected component of more than one file. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component);
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

function ourImportGraph(): Map<string, string[]> {
  const files = FOLDERS.flatMap((folder) => sourceFiles(path.join(ROOT, folder)));
  const ours = new Set(files);
  return new Map(files.map((file) => [file, importsOf(file, ours)]));
}

/** `src/graphql/x.ts` -> "graphql"; null for files outside a folder of src/. */
function layerOf(file: string): string | null {
  const parts = path.relative(path.join(ROOT, "src"), file).split(path.sep);
  return parts.length > 1 && parts[0] !== ".." ? parts[0] : null;
}

describe("import cycles", () => {
  it("finds a cycle when there is one (the check can fail)", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);
    expect(findCycles(graph).map((cycle) => [...cycle].sort())).toEqual([["a", "b", "c"]]);
  });

  it("none among src/, simulators/, test/, bench/ and scripts/, type-only imports included", () => {
    const graph = ourImportGraph();
    expect(graph.size).toBeGreaterThan(100);
    // The resolver really resolves our `.js` specifiers to `.ts` files.
    expect(graph.get(path.join(ROOT, "src", "server.ts"))).toContain(
      path.join(ROOT, "src", "config.ts"),
    );
    const cycles = findCycles(graph).map((cycle) =>
      cycle.map((file) => path.relative(ROOT, file)).sort(),
    );
    expect(cycles).toEqual([]);
  });

  it("none between the folders of src/ (graphql, security, model, providers, observability)", () => {
    const layers = new Map<string, Set<string>>();
    for (const [file, imports] of ourImportGraph()) {
      const from = layerOf(file);
      if (from === null) continue;
      const targets = layers.get(from) ?? new Set<string>();
      layers.set(from, targets);
      for (const imported of imports) {
        const to = layerOf(imported);
        if (to !== null && to !== from) targets.add(to);
      }
    }
    expect([...layers.keys()]).toEqual(expect.arrayContaining(["graphql", "model", "providers"]));
    const graph = new Map([...layers].map(([layer, targets]) => [layer, [...targets]]));
    expect(findCycles(graph).map((cycle) => [...cycle].sort())).toEqual([]);
  });
});
