/**
 * `npm run bench -- [options]`:
 *   --quick                a few seconds per scenario, one round (a fast check; results in bench/.tmp/)
 *   --soak                 100 000 mixed reads and updates against our server, memory after GC
 *   --profile              CPU profiles of our server under customer.loanpro and update.loanpro
 *   --latency <ms>         fixed simulator latency (default 0)
 *   --rounds <n>           alternating rounds per scenario (default 3)
 *   --duration <s>         seconds per measured run (default 10)
 *   --warmup <s>           seconds of warm-up per target and scenario (default 3)
 *   --connections <n>      autocannon connections (default 50)
 *   --scenarios a,b        only these scenarios
 *   --node-env <name>      NODE_ENV of our server and the floor (default production, as deployed)
 *   --requests <n>         soak size (default 100 000)
 *   --soak-warmup <n>      soak warm-up requests before the reference reading (default 30 000)
 *   --heap-snapshots       soak: heap snapshots after warm-up and at the end, and what grew
 *   --tracing              our server exports spans (OTLP/HTTP to a sink in the simulators' process)
 *   --server-node-flags "…"  V8/Node flags of our server (default: those of `npm start`)
 *   --scrape <s>           GET /metrics from our server every s seconds, as Prometheus would
 *                          (default 15; 0 = never)
 *
 * Our server runs as deployed: metrics on (always), tracing off unless --tracing, the flags of
 * `npm start`, NODE_ENV production.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  benchCustomers,
  SCENARIO_NAMES,
  type BenchCustomers,
  type ScenarioName,
} from "./scenarios.js";

export type BenchMode = "compare" | "soak" | "profile";

export interface BenchOptions {
  mode: BenchMode;
  quick: boolean;
  latencyMs: number;
  rounds: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  scenarios: ScenarioName[];
  /** Whether --scenarios named them (profile mode: else one read and one update). */
  scenariosChosen: boolean;
  /** What carries our server's upstream calls (a label in the results). */
  transport: "node-http-adapter";
  soakRequests: number;
  soakWarmupRequests: number;
  heapSnapshots: boolean;
  /** NODE_ENV of both targets: graphql-js takes its fast path in production. */
  nodeEnv: string;
  /** The customers per provider the scenarios rotate over (at least `connections`). */
  customers: BenchCustomers;
  /** Whether our server exports a span per request and per upstream call. */
  tracing: boolean;
  /** Node/V8 flags of our server's process. */
  serverNodeFlags: string[];
  /** Seconds between two scrapes of our `/metrics` during a run (0: none). */
  scrapeSeconds: number;
}

/**
 * The Node flags `npm start` gives the server: the `--` words between `node` and the script in
 * package.json's start script, so the bench measures what is deployed.
 */
export function deployedNodeFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(path.resolve(__dirname, "../../package.json"), "utf8"),
  ) as { scripts?: Record<string, string> };
  const words = (manifest.scripts?.start ?? "").split(/\s+/);
  const flags: string[] = [];
  for (const word of words.slice(words.indexOf("node") + 1)) {
    if (!word.startsWith("--")) break;
    flags.push(word);
  }
  return flags;
}

function stringAfter(args: string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index < 0 ? undefined : (args[index + 1] ?? "");
}

function numberAfter(args: string[], flag: string, fallback: number): number {
  const index = args.indexOf(flag);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number`);
  return value;
}

export function parseOptions(args: string[]): BenchOptions {
  const quick = args.includes("--quick");
  const mode: BenchMode = args.includes("--soak")
    ? "soak"
    : args.includes("--profile")
      ? "profile"
      : "compare";
  const scenarioIndex = args.indexOf("--scenarios");
  const scenarios =
    scenarioIndex >= 0 ? (args[scenarioIndex + 1] ?? "").split(",") : [...SCENARIO_NAMES];
  for (const scenario of scenarios) {
    if (!SCENARIO_NAMES.includes(scenario as ScenarioName)) {
      throw new Error(`unknown scenario ${scenario}; known: ${SCENARIO_NAMES.join(", ")}`);
    }
  }
  const connections = numberAfter(args, "--connections", 50);
  const serverFlags = stringAfter(args, "--server-node-flags");
  return {
    mode,
    quick,
    latencyMs: numberAfter(args, "--latency", 0),
    rounds: numberAfter(args, "--rounds", quick ? 1 : 3),
    durationSeconds: numberAfter(args, "--duration", quick ? 3 : 10),
    warmupSeconds: numberAfter(args, "--warmup", quick ? 1 : 3),
    connections,
    scenarios: scenarios as ScenarioName[],
    scenariosChosen: scenarioIndex >= 0,
    transport: "node-http-adapter",
    soakRequests: numberAfter(args, "--requests", 100_000),
    soakWarmupRequests: numberAfter(args, "--soak-warmup", 30_000),
    heapSnapshots: args.includes("--heap-snapshots"),
    nodeEnv: stringAfter(args, "--node-env") ?? "production",
    customers: benchCustomers(connections),
    tracing: args.includes("--tracing"),
    serverNodeFlags:
      serverFlags === undefined ? deployedNodeFlags() : serverFlags.split(/\s+/).filter(Boolean),
    scrapeSeconds: numberAfter(args, "--scrape", 15),
  };
}
