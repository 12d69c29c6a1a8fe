/**
 * `npm run bench` (docs/architecture.md#speed-is-measured-not-asserted): our server against the
 * hand-written floor, scenario by scenario, measured alternately in the same run; or `--soak`, or
 * `--profile` (see options.ts).
 *
 * Processes: this driver (autocannon) | simulators | our server | the floor, each its own child,
 * so the CPU time and RSS reported for a target are the target's alone.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { startChild, type BenchChild } from "./child-protocol.js";
import { runLoad, statusMb, type LoadResult } from "./load.js";
import type { MemorySnapshot } from "./memory.js";
import { parseOptions, type BenchOptions } from "./options.js";
import { summarizeProfile, type CpuProfile, type ProfileSummary } from "./profile-summary.js";
import {
  machineInfo,
  writeComparison,
  writeProfiles,
  writeSoak,
  type ScenarioResult,
  type SoakResult,
} from "./report.js";
import { requestBody, verifyResponse, type ScenarioName } from "./scenarios.js";
import type { SimulatorCounts, SimulatorsInfo, SpanSinkCounts } from "./simulators-entry.js";

export const BENCH_DIR = path.resolve(__dirname, "../../bench");
const TMP_DIR = path.join(BENCH_DIR, ".tmp");

type Target = "ours" | "floor";

/** What a measured child announces: its port and the Node version it runs on. */
interface TargetInfo {
  port: number;
  node: string;
}

interface Stack {
  simulators: BenchChild<SimulatorsInfo>;
  ours: BenchChild<TargetInfo>;
  floor: BenchChild<TargetInfo> | null;
}

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Scrapes our `/metrics` every `seconds` while the run lasts, as a Prometheus server would; the
 * answer must be the text format. Returns the stop function.
 */
function scrapeMetrics(port: number, seconds: number): () => void {
  if (seconds <= 0) return () => undefined;
  const timer = setInterval(() => {
    fetch(`http://127.0.0.1:${port}/metrics`)
      .then(async (response) => {
        const text = await response.text();
        if (response.status !== 200 || !text.includes("# TYPE")) {
          log(`metrics scrape answered ${response.status}`);
        }
      })
      .catch((error: unknown) => log(`metrics scrape failed: ${String(error)}`));
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function providerEnv(info: SimulatorsInfo): Record<string, string> {
  return {
    LOANPRO_API_URL: info.loanpro.apiUrl,
    LOANPRO_API_TOKEN: info.loanpro.token,
    LOANPRO_INSTANCE_ID: info.loanpro.instanceId,
    SIMPAY_API_URL: info.simpay.apiUrl,
    SIMPAY_USERNAME: info.simpay.username,
    SIMPAY_PASSWORD: info.simpay.password,
  };
}

async function startStack(options: BenchOptions, withFloor: boolean): Promise<Stack> {
  const simulators = await startChild<SimulatorsInfo>(path.join(__dirname, "simulators-entry.js"), {
    args: [String(options.latencyMs), String(options.customers.count)],
  });
  // Both targets run as deployed (NODE_ENV=production unless --node-env says otherwise); ours
  // with the flags of `npm start`, metrics on, and spans exported only with --tracing.
  const env = { ...providerEnv(simulators.info), NODE_ENV: options.nodeEnv };
  const ours = await startChild<TargetInfo>(path.join(__dirname, "server-entry.js"), {
    env: options.tracing
      ? { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: simulators.info.otlpTracesUrl }
      : env,
    execArgv: [...options.serverNodeFlags, "--expose-gc"],
  });
  const floor = withFloor
    ? await startChild<TargetInfo>(path.join(__dirname, "floor-entry.js"), {
        env,
        execArgv: ["--expose-gc"],
      })
    : null;
  log(
    `ours: Node ${ours.info.node}, flags ${options.serverNodeFlags.join(" ") || "none"}, tracing ${options.tracing ? "on" : "off"}${floor ? `; floor: Node ${floor.info.node}` : ""}`,
  );
  return { simulators, ours, floor };
}

async function stopStack(stack: Stack): Promise<void> {
  await Promise.all([stack.ours.stop(), stack.floor?.stop(), stack.simulators.stop()]);
}

/** One request per scenario and target, fully checked, before anything is timed. */
async function verify(
  port: number,
  scenario: ScenarioName,
  target: Target,
  options: BenchOptions,
): Promise<void> {
  const body = requestBody(scenario, options.customers, 0, `verify${Date.now()}`);
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const problem = verifyResponse(scenario, body, await response.text());
  if (problem) throw new Error(`${target} fails ${scenario}: ${problem}`);
}

/** Sends `amount` requests over `workers` parallel loops and waits for every answer. */
async function sendExactly(
  port: number,
  scenario: ScenarioName,
  options: BenchOptions,
  amount: number,
  workers: number,
): Promise<void> {
  const runTag = `count${Date.now()}`;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < amount) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(requestBody(scenario, options.customers, next++, runTag)),
      });
      await response.text();
    }
  };
  await Promise.all(Array.from({ length: workers }, () => worker()));
}

/**
 * Upstream requests per incoming request, counted by the simulators over a fixed number of
 * requests whose answers all arrived (autocannon's `amount` leaves requests in flight when it
 * stops, which would be counted against the next target).
 */
async function upstreamCallsPerRequest(
  stack: Stack,
  child: BenchChild<TargetInfo>,
  scenario: ScenarioName,
  options: BenchOptions,
): Promise<number> {
  const amount = 100;
  // Let requests still in flight from the previous run finish before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await stack.simulators.command("clear");
  await sendExactly(child.info.port, scenario, options, amount, 10);
  const counts = await stack.simulators.command<SimulatorCounts>("count");
  log(
    `${scenario} ${child === stack.ours ? "ours" : "floor"}: upstream calls for ${amount} requests ${JSON.stringify(counts.routes)}`,
  );
  return Math.round(((counts.loanpro + counts.simpay) / amount) * 100) / 100;
}

async function compare(options: BenchOptions): Promise<void> {
  const stack = await startStack(options, true);
  const floor = stack.floor as BenchChild<TargetInfo>;
  const targets: Record<Target, BenchChild<TargetInfo>> = { ours: stack.ours, floor };
  const stopScraping = scrapeMetrics(stack.ours.info.port, options.scrapeSeconds);
  const loadBefore = machineInfo();
  const results: Record<string, ScenarioResult> = {};
  try {
    for (const scenario of options.scenarios) {
      for (const target of ["ours", "floor"] as const) {
        await verify(targets[target].info.port, scenario, target, options);
      }
    }
    let runIndex = 0;
    const run = async (
      target: Target,
      scenario: ScenarioName,
      seconds: number,
    ): Promise<LoadResult> => {
      // autocannon stops with requests in flight: let them finish before the next run starts.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return runLoad({
        port: targets[target].info.port,
        pid: targets[target].pid,
        upstreamPid: stack.simulators.pid,
        scenario,
        customers: options.customers,
        connections: options.connections,
        durationSeconds: seconds,
        runTag: `${target}${runIndex++}t${Date.now()}`,
      });
    };
    for (const scenario of options.scenarios) {
      log(`${scenario}: warm-up`);
      await run("ours", scenario, options.warmupSeconds);
      await run("floor", scenario, options.warmupSeconds);
      const oursCalls = await upstreamCallsPerRequest(stack, stack.ours, scenario, options);
      const floorCalls = await upstreamCallsPerRequest(stack, floor, scenario, options);
      const measured: Record<Target, LoadResult[]> = { ours: [], floor: [] };
      for (let round = 0; round < options.rounds; round += 1) {
        // Alternate which target goes first, so a drift in machine load hits both alike.
        const order: Target[] = round % 2 === 0 ? ["ours", "floor"] : ["floor", "ours"];
        for (const target of order) {
          const result = await run(target, scenario, options.durationSeconds);
          measured[target].push(result);
          log(
            `${scenario} round ${round + 1} ${target}: ${result.rps} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.cpuMsPerRequest} CPU ms/req (simulators ${result.upstreamCpuMsPerRequest}), ${result.failures} failures`,
          );
        }
      }
      const rps = median(measured.ours.map((result) => result.rps));
      const floorRps = median(measured.floor.map((result) => result.rps));
      const p99 = median(measured.ours.map((result) => result.p99Ms));
      const floorP99 = median(measured.floor.map((result) => result.p99Ms));
      results[scenario] = {
        rps,
        p50_ms: median(measured.ours.map((result) => result.p50Ms)),
        p99_ms: p99,
        rss_mb: Math.max(...measured.ours.map((result) => result.peakRssMb)),
        floor_rps: floorRps,
        floor_p50_ms: median(measured.floor.map((result) => result.p50Ms)),
        floor_p99_ms: floorP99,
        floor_rss_mb: Math.max(...measured.floor.map((result) => result.peakRssMb)),
        ratio: floorRps > 0 ? Math.round((rps / floorRps) * 100) / 100 : 0,
        p99_vs_floor: floorP99 > 0 ? Math.round((p99 / floorP99) * 100) / 100 : 0,
        cpu_ms_per_request: median(measured.ours.map((result) => result.cpuMsPerRequest)),
        floor_cpu_ms_per_request: median(measured.floor.map((result) => result.cpuMsPerRequest)),
        upstream_cpu_ms_per_request: median(
          measured.ours.map((result) => result.upstreamCpuMsPerRequest),
        ),
        floor_upstream_cpu_ms_per_request: median(
          measured.floor.map((result) => result.upstreamCpuMsPerRequest),
        ),
        upstream_calls_per_request: oursCalls,
        floor_upstream_calls_per_request: floorCalls,
        failures: measured.ours.reduce((sum, result) => sum + result.failures, 0),
        floor_failures: measured.floor.reduce((sum, result) => sum + result.failures, 0),
        rounds: { ours: measured.ours, floor: measured.floor },
      };
    }
    const peak = {
      ours_vmhwm_mb: statusMb(stack.ours.pid, "VmHWM"),
      floor_vmhwm_mb: statusMb(floor.pid, "VmHWM"),
    };
    const spans = await stack.simulators.command<SpanSinkCounts>("spans");
    if (options.tracing) log(`spans exported: ${spans.posts} posts, ${spans.bytes} bytes`);
    const file = await writeComparison(
      options,
      results,
      loadBefore,
      machineInfo(),
      { peak, nodes: { ours: stack.ours.info.node, floor: floor.info.node }, spans },
      options.quick ? TMP_DIR : BENCH_DIR,
    );
    log(`results written to ${path.relative(process.cwd(), file)}`);
  } finally {
    stopScraping();
    await stopStack(stack);
  }
}

async function soak(options: BenchOptions): Promise<void> {
  const stack = await startStack(options, false);
  const mix: ScenarioName[] = [
    "customer.loanpro",
    "update.loanpro",
    "customer.simpay",
    "update.simpay",
  ];
  const loadBefore = machineInfo();
  try {
    const base = {
      port: stack.ours.info.port,
      pid: stack.ours.pid,
      scenario: mix[0],
      mix,
      customers: options.customers,
      connections: options.connections,
      durationSeconds: 3600,
    };
    const warmupRequests = Math.max(2_000, Math.round(options.soakRequests / 20));
    log(`soak: warm-up ${warmupRequests} requests`);
    const warmup = await runLoad({
      ...base,
      amount: warmupRequests,
      runTag: `soakwarm${Date.now()}`,
    });
    const afterWarmup = await stack.ours.command<MemorySnapshot>("gc");
    log(`soak: ${options.soakRequests} requests`);
    const main = await runLoad({
      ...base,
      amount: options.soakRequests,
      runTag: `soak${Date.now()}`,
    });
    const atEnd = await stack.ours.command<MemorySnapshot>("gc");
    const growth = (after: number, before: number): number =>
      Math.round(((after - before) / before) * 1000) / 10;
    const result: SoakResult = {
      requests: main.requests,
      mix,
      rps: main.rps,
      p50_ms: main.p50Ms,
      p99_ms: main.p99Ms,
      failures: main.failures,
      warmup_failures: warmup.failures,
      after_warmup: afterWarmup,
      at_end: atEnd,
      heap_growth_percent: growth(atEnd.heapUsedMb, afterWarmup.heapUsedMb),
      rss_growth_percent: growth(atEnd.rssMb, afterWarmup.rssMb),
      peak_rss_mb: main.peakRssMb,
      vmhwm_mb: statusMb(stack.ours.pid, "VmHWM"),
    };
    const file = await writeSoak(
      options,
      result,
      loadBefore,
      machineInfo(),
      options.quick ? TMP_DIR : BENCH_DIR,
    );
    log(
      `soak: heap ${afterWarmup.heapUsedMb} -> ${atEnd.heapUsedMb} MB (${result.heap_growth_percent}%), rss ${afterWarmup.rssMb} -> ${atEnd.rssMb} MB (${result.rss_growth_percent}%), failures ${result.failures}; ${path.relative(process.cwd(), file)}`,
    );
  } finally {
    await stopStack(stack);
  }
}

async function profile(options: BenchOptions): Promise<void> {
  const stack = await startStack(options, false);
  const profileDir = path.join(TMP_DIR, "profiles");
  mkdirSync(profileDir, { recursive: true });
  const summaries: Record<string, ProfileSummary & { rps: number; cpu_ms_per_request: number }> =
    {};
  try {
    // --scenarios picks what is profiled; by default one read and one update.
    const profiled: ScenarioName[] = process.argv.includes("--scenarios")
      ? options.scenarios
      : ["customer.loanpro", "update.loanpro"];
    for (const scenario of profiled) {
      const load = (seconds: number, tag: string): Promise<LoadResult> =>
        runLoad({
          port: stack.ours.info.port,
          pid: stack.ours.pid,
          scenario,
          customers: options.customers,
          connections: options.connections,
          durationSeconds: seconds,
          runTag: `${tag}${Date.now()}`,
        });
      await verify(stack.ours.info.port, scenario, "ours", options);
      await load(options.warmupSeconds, "profwarm");
      await stack.ours.command("profile:start");
      const result = await load(options.durationSeconds, "prof");
      const file = path.join(profileDir, `${scenario}.${options.transport}.cpuprofile`);
      await stack.ours.command(`profile:stop:${file}`);
      const summary = summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
      summaries[scenario] = {
        ...summary,
        rps: result.rps,
        cpu_ms_per_request: result.cpuMsPerRequest,
      };
      log(`${scenario}: profile in ${path.relative(process.cwd(), file)}`);
    }
    const file = writeProfiles(options, summaries, TMP_DIR);
    log(`profile summary written to ${path.relative(process.cwd(), file)}`);
  } finally {
    await stopStack(stack);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  log(
    `mode ${options.mode}${options.quick ? " (quick)" : ""}, latency ${options.latencyMs} ms, ${options.connections} connections, transport ${options.transport}, NODE_ENV ${options.nodeEnv}`,
  );
  if (options.mode === "soak") await soak(options);
  else if (options.mode === "profile") await profile(options);
  else await compare(options);
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
