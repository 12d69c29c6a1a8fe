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
 */
import { SCENARIO_NAMES, type ScenarioName } from "./scenarios.js";

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
  /** What carries our server's upstream calls (a label in the results). */
  transport: "node-http-adapter";
  soakRequests: number;
  /** NODE_ENV of both targets: graphql-js and express take their fast paths in production. */
  nodeEnv: string;
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
  return {
    mode,
    quick,
    latencyMs: numberAfter(args, "--latency", 0),
    rounds: numberAfter(args, "--rounds", quick ? 1 : 3),
    durationSeconds: numberAfter(args, "--duration", quick ? 3 : 10),
    warmupSeconds: numberAfter(args, "--warmup", quick ? 1 : 3),
    connections: numberAfter(args, "--connections", 50),
    scenarios: scenarios as ScenarioName[],
    transport: "node-http-adapter",
    soakRequests: numberAfter(args, "--requests", 100_000),
    nodeEnv: args.includes("--node-env")
      ? (args[args.indexOf("--node-env") + 1] ?? "")
      : "production",
  };
}
