/**
 * Writes the subgraph SDL generated from the code to `schema.graphql` (`npm run schema:emit`),
 * or with `--check` fails when the committed file differs (`npm run check:schema`).
 * Runs from the compiled `dist/` because type-graphql needs decorator metadata, which only `tsc`
 * emits here (docs/architecture.md#decorator-metadata).
 */
import "reflect-metadata";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderSchemaFile } from "../src/schema.js";

/** The first lines where two texts differ, as a short hint for the person fixing the drift. */
function describeDifference(expected: string, actual: string): string {
  const expectedLines = expected.split("\n");
  const actualLines = actual.split("\n");
  const hints: string[] = [];
  const length = Math.max(expectedLines.length, actualLines.length);
  for (let line = 0; line < length && hints.length < 10; line += 1) {
    if (expectedLines[line] !== actualLines[line]) {
      hints.push(`  line ${line + 1}:`);
      hints.push(`    committed: ${actualLines[line] ?? "(end of file)"}`);
      hints.push(`    from code: ${expectedLines[line] ?? "(end of file)"}`);
    }
  }
  return hints.join("\n");
}

async function main(): Promise<void> {
  const schemaPath = path.join(process.cwd(), "schema.graphql");
  const expected = await renderSchemaFile();
  if (!process.argv.includes("--check")) {
    writeFileSync(schemaPath, expected);
    console.log("schema.graphql written.");
    return;
  }
  const committed = existsSync(schemaPath) ? readFileSync(schemaPath, "utf8") : "";
  if (committed === expected) {
    console.log("schema.graphql is up to date.");
    return;
  }
  console.error(
    "schema.graphql differs from the schema the code builds. Run `npm run schema:emit` and commit the result.\n" +
      describeDifference(expected, committed) +
      "\n(Full diff after regenerating: git diff schema.graphql)",
  );
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error("Could not build the schema:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
