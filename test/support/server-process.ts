/**
 * The real entry point (`src/index.ts`) as a separate process: compiled once per source state
 * into `.jest-cache/server-dist-<hash>` (the hash covers every compiled file and the tsconfigs, so
 * a changed source is always rebuilt and an unchanged one is built once for all test files; a
 * build whose sources changed while tsc ran is thrown away), then started with `node` on a free
 * loopback port and awaited until `/readyz` answers 200. Builds of other source states are
 * removed after an hour, so a run in progress never loses the one it uses.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import axios from "axios";
import { freePort } from "./free-port.js";

const ROOT = path.resolve(__dirname, "../..");
const COMPILED = ["src", "simulators", "scripts"];

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const full = path.join(directory, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

function sourceHash(): string {
  const hash = createHash("sha256");
  const files = [
    ...COMPILED.flatMap((folder) => filesUnder(path.join(ROOT, folder))),
    path.join(ROOT, "tsconfig.json"),
    path.join(ROOT, "tsconfig.build.json"),
  ];
  for (const file of files) {
    hash.update(path.relative(ROOT, file));
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/** Builds of other source states are removed once they are this old (no run is still using them). */
const STALE_BUILD_MS = 60 * 60 * 1000;

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Old builds of other source states, and staging folders of workers that are gone. */
function removeStaleBuilds(cache: string, keep: string): void {
  for (const name of readdirSync(cache)) {
    const full = path.join(cache, name);
    if (full === keep) continue;
    const staging = /^server-dist-[0-9a-f]{16}\.(\d+)$/.exec(name);
    const stale =
      (staging !== null && !processRuns(Number(staging[1]))) ||
      (/^server-dist-[0-9a-f]{16}$/.test(name) &&
        Date.now() - statSync(full).mtimeMs > STALE_BUILD_MS);
    if (stale) rmSync(full, { recursive: true, force: true });
  }
}

/** Compiles the server (unless this source state was compiled already); returns its folder. */
export function buildServer(): string {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const hash = sourceHash();
    const outDir = path.join(ROOT, ".jest-cache", `server-dist-${hash}`);
    const entry = path.join(outDir, "src", "index.js");
    if (existsSync(entry)) return outDir;
    // Built aside, then moved into place: a parallel worker never runs a half-written build.
    const staging = `${outDir}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    const build = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "typescript", "bin", "tsc"),
        "-p",
        "tsconfig.build.json",
        "--outDir",
        staging,
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    if (build.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`build failed: ${build.stdout}${build.stderr}`);
    }
    // A source saved while tsc ran: this build is of neither state; build again.
    if (sourceHash() !== hash) {
      rmSync(staging, { recursive: true, force: true });
      continue;
    }
    try {
      renameSync(staging, outDir);
    } catch (error) {
      // Another worker moved the same build into place first.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(entry)) throw error;
    }
    removeStaleBuilds(path.dirname(outDir), outDir);
    return outDir;
  }
  throw new Error("the sources kept changing while the server was being built");
}

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr, in order. */
  output: string[];
  /** Resolves with the exit code (null when killed by a signal) once the process ended. */
  exited: Promise<number | null>;
}

/** Starts the compiled server with `env` (and PATH) only, and waits until it is ready. */
export async function startServerProcess(
  outDir: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [path.join(outDir, "src", "index.js")], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.stdout?.on("data", (data: Buffer) => output.push(data.toString()));
  child.stderr?.on("data", (data: Buffer) => output.push(data.toString()));
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join("")}`);
    const ready = await axios
      .get(`${origin}/readyz`, { validateStatus: () => true, timeout: 1_000 })
      .then((response) => response.status === 200)
      .catch(() => false);
    if (ready) return { origin, child, output, exited };
    if (Date.now() > deadline) throw new Error(`server not ready: ${output.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kills the process if it still runs, and waits for it to end. */
export async function killServerProcess(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGKILL");
  await server.exited;
}
