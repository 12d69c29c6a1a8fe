/**
 * Keeps citations honest: every reference written in the code must resolve inside the repository
 * (docs/architecture.md#comments-carry-the-contract). Scans the text of src, simulators, test,
 * bench and scripts:
 * - each `docs/…` path exists (a `docs/` inside a URL is the vendor's, not ours);
 * - each `docs/providers/<provider>.md §N` (or §N.M, ranges such as §4-§7) names a section heading
 *   of that file;
 * - each `docs/<page>.md#<anchor>` names a heading of that page, and each `README.md "Heading"` a
 *   heading of the README;
 * - a provider reference or the architecture page is always cited by its repository path;
 * - nothing cites a document that is not in the repository or an issue-tracker number.
 */
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SCANNED_DIRS = ["src", "simulators", "test", "bench", "scripts"];
const SCANNED_EXTENSIONS = new Set([".ts", ".js", ".graphql", ".md"]);
const SKIPPED_DIRS = new Set(["node_modules", "dist", "generated", ".jest-cache"]);

interface SourceFile {
  relative: string;
  lines: string[];
}

function walk(dir: string, found: string[]): void {
  for (const name of readdirSync(dir)) {
    if (SKIPPED_DIRS.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, found);
    else if (SCANNED_EXTENSIONS.has(path.extname(name))) found.push(full);
  }
}

function scannedFiles(): SourceFile[] {
  const found: string[] = [];
  for (const dir of SCANNED_DIRS) {
    const full = path.join(ROOT, dir);
    if (existsSync(full)) walk(full, found);
  }
  return found.map((full) => ({
    relative: path.relative(ROOT, full),
    lines: readFileSync(full, "utf8").split("\n"),
  }));
}

/** Every match of `pattern` in the scanned files, as "file:line: text" plus the match itself. */
function occurrences(
  files: SourceFile[],
  pattern: RegExp,
): { where: string; match: RegExpExecArray }[] {
  const found: { where: string; match: RegExpExecArray }[] = [];
  for (const file of files) {
    file.lines.forEach((line, index) => {
      for (const match of line.matchAll(new RegExp(pattern.source, "g"))) {
        found.push({ where: `${file.relative}:${index + 1}: ${line.trim()}`, match });
      }
    });
  }
  return found;
}

function markdownHeadings(relative: string): string[] {
  return readFileSync(path.join(ROOT, relative), "utf8")
    .split("\n")
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#{1,6} /, "").trim());
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

/** "§4.1" names a heading that starts with "4.1 " or "4.1. " (or "4. " for "§4"). */
function hasSection(headings: string[], section: string): boolean {
  return headings.some(
    (heading) => heading.startsWith(`${section} `) || heading.startsWith(`${section}. `),
  );
}

const files = scannedFiles();
const SELF = path.relative(ROOT, __filename);

describe("citations in the code", () => {
  it("scans the code folders", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it("name no document outside the repository and no issue number", () => {
    const outside = new RegExp(
      ["issue [0-9]", "Principle [0-9]", "product\\.md", "stack" + "-notes", "\\.\\./shared"].join(
        "|",
      ),
      "i",
    );
    const found = occurrences(files, outside).map((hit) => hit.where);
    expect(found).toEqual([]);
  });

  it("leave the README, the docs and the examples citing nothing outside the repository", () => {
    const outside = new RegExp(["stack" + "-notes", "product\\.md", "\\.\\./shared"].join("|"));
    const prose: SourceFile[] = [];
    for (const dir of ["docs", "examples"]) {
      const found: string[] = [];
      if (existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir), found);
      for (const full of found) {
        const text = readFileSync(full, "utf8");
        prose.push({ relative: path.relative(ROOT, full), lines: text.split("\n") });
      }
    }
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n");
    prose.push({ relative: "README.md", lines: readme });
    expect(occurrences(prose, outside).map((hit) => hit.where)).toEqual([]);
  });

  it("cite the provider references and the architecture page by their repository path", () => {
    const bare = /(?<!docs\/providers\/)\b(?:loanpro|simpay)\.md\b|(?<!docs\/)\barchitecture\.md\b/;
    const found = occurrences(files, bare).map((hit) => hit.where);
    expect(found).toEqual([]);
  });

  it("cite docs/ paths that exist", () => {
    const missing = occurrences(files, /(?<![\w/.-])docs\/[A-Za-z0-9_./-]*[A-Za-z0-9_]/)
      .filter((hit) => !existsSync(path.join(ROOT, hit.match[0])))
      .map((hit) => `${hit.match[0]} (${hit.where})`);
    expect(missing).toEqual([]);
  });

  it("cite provider sections that exist", () => {
    const cited = occurrences(
      files,
      /(?<![\w/.-])docs\/providers\/([a-z0-9-]+\.md)((?:\s*(?:,|-|–|\/|and)?\s*§\s?\d+(?:\.\d+)*)+)/,
    );
    expect(cited.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const hit of cited) {
      const document = `docs/providers/${hit.match[1]}`;
      if (!existsSync(path.join(ROOT, document))) continue; // reported by the path test
      const headings = markdownHeadings(document);
      for (const section of hit.match[2].match(/\d+(?:\.\d+)*/g) ?? []) {
        if (!hasSection(headings, section)) missing.push(`${document} §${section} (${hit.where})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("cite docs/ anchors that exist", () => {
    const missing = occurrences(files, /(?<![\w/.-])(docs\/[A-Za-z0-9_./-]+\.md)#([A-Za-z0-9_-]+)/)
      .filter((hit) => existsSync(path.join(ROOT, hit.match[1])))
      .filter((hit) => !markdownHeadings(hit.match[1]).map(headingAnchor).includes(hit.match[2]))
      .map((hit) => `${hit.match[1]}#${hit.match[2]} (${hit.where})`);
    expect(missing).toEqual([]);
  });
});

describe("citations of the README", () => {
  const readmeHeadings = markdownHeadings("README.md");

  it("name a README section by its quoted heading", () => {
    const found = occurrences(files, /\bREADME(?:\.md)?,? (?=[A-Z])/).map((hit) => hit.where);
    expect(found).toEqual([]);
  });

  it("name README sections that exist", () => {
    const missing = occurrences(files, /\bREADME(?:\.md)?,? "([^"]+)"/)
      .filter((hit) => !hit.where.startsWith(SELF)) // this file's own examples of the form
      .filter((hit) => !readmeHeadings.includes(hit.match[1]))
      .map((hit) => `README.md "${hit.match[1]}" (${hit.where})`);
    expect(missing).toEqual([]);
  });
});

describe("headingAnchor", () => {
  it("turns a heading into GitHub's anchor", () => {
    expect(headingAnchor("Partial input, complete provider request")).toBe(
      "partial-input-complete-provider-request",
    );
    expect(headingAnchor("4.1 GET one customer")).toBe("41-get-one-customer");
  });
});
