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
import { heapGrowth } from "./heap-diff.js";
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
          if (target === "ours") await stack.ours.command("loop");
          const result = await run(target, scenario, options.durationSeconds);
          measured[target].push(result);
          const loop =
            target === "ours"
              ? `, event loop delay ${JSON.stringify(await stack.ours.command("loop"))}`
              : "";
          log(
            `${scenario} round ${round + 1} ${target}: ${result.rps} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ${result.cpuMsPerRequest} CPU ms/req (simulators ${result.upstreamCpuMsPerRequest}), ${result.failures} failures${loop}`,
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

/** Heap snapshot of a target, written to bench/.tmp (a forced GC first). */
async function heapSnapshot(child: BenchChild<TargetInfo>, name: string): Promise<string> {
  const file = path.join(TMP_DIR, `${name}.heapsnapshot`);
  mkdirSync(TMP_DIR, { recursive: true });
  await child.command(`heap:${file}`);
  return file;
}

/**
 * The soak: warm-up, a memory reading after a forced GC, then the requests in ten slices with a
 * reading after each (a leak climbs slice after slice; allocator growth levels off), and a last
 * reading. Then the floor serves the same mix, for its peak RSS beside ours.
 */
async function soak(options: BenchOptions): Promise<void> {
  const stack = await startStack(options, true);
  const floor = stack.floor as BenchChild<TargetInfo>;
  const mix: ScenarioName[] = [
    "customer.loanpro",
    "update.loanpro",
    "customer.simpay",
    "update.simpay",
  ];
  const loadBefore = machineInfo();
  try {
    const base = (child: BenchChild<TargetInfo>) => ({
      port: child.info.port,
      pid: child.pid,
      scenario: mix[0],
      mix,
      customers: options.customers,
      connections: options.connections,
      durationSeconds: 3600,
    });
    // The warm-up in three slices too, with a reading after each: where memory levels off.
    log(`soak: warm-up ${options.soakWarmupRequests} requests`);
    const warmupTrajectory: MemorySnapshot[] = [];
    let warmupFailures = 0;
    for (let slice = 0; slice < 3; slice += 1) {
      const run = await runLoad({
        ...base(stack.ours),
        amount: Math.round(options.soakWarmupRequests / 3),
        runTag: `soakwarm${slice}t${Date.now()}`,
      });
      warmupFailures += run.failures;
      warmupTrajectory.push(await stack.ours.command<MemorySnapshot>("gc"));
      log(`soak: warm-up slice ${slice + 1}/3 ${JSON.stringify(warmupTrajectory.at(-1))}`);
    }
    const afterWarmup = warmupTrajectory[warmupTrajectory.length - 1];
    const before = options.heapSnapshots ? await heapSnapshot(stack.ours, "soak-after-warmup") : "";
    log(`soak: ${options.soakRequests} requests; after warm-up ${JSON.stringify(afterWarmup)}`);
    const slices = 10;
    const trajectory: MemorySnapshot[] = [];
    const runs: LoadResult[] = [];
    for (let slice = 0; slice < slices; slice += 1) {
      runs.push(
        await runLoad({
          ...base(stack.ours),
          amount: Math.round(options.soakRequests / slices),
          runTag: `soak${slice}t${Date.now()}`,
        }),
      );
      trajectory.push(await stack.ours.command<MemorySnapshot>("gc"));
      log(`soak: slice ${slice + 1}/${slices} ${JSON.stringify(trajectory.at(-1))}`);
    }
    const atEnd = trajectory[trajectory.length - 1];
    let heapGrowthTop: ReturnType<typeof heapGrowth> = [];
    if (options.heapSnapshots) {
      const after = await heapSnapshot(stack.ours, "soak-at-end");
      heapGrowthTop = heapGrowth(before, after);
      for (const line of heapGrowthTop) log(`heap diff: ${JSON.stringify(line)}`);
    }
    const oursVmHwm = statusMb(stack.ours.pid, "VmHWM");
    log(`soak: the floor serves the same ${options.soakWarmupRequests} + ${options.soakRequests}`);
    await runLoad({
      ...base(floor),
      amount: options.soakWarmupRequests,
      runTag: `floorwarm${Date.now()}`,
    });
    const floorRun = await runLoad({
      ...base(floor),
      amount: options.soakRequests,
      runTag: `floorsoak${Date.now()}`,
    });
    const growth = (after: number, before: number): number =>
      Math.round(((after - before) / before) * 1000) / 10;
    const sum = (pick: (run: LoadResult) => number): number =>
      runs.reduce((total, run) => total + pick(run), 0);
    const result: SoakResult = {
      requests: sum((run) => run.requests),
      mix,
      rps: Math.round(sum((run) => run.rps) / runs.length),
      p50_ms: median(runs.map((run) => run.p50Ms)),
      p99_ms: Math.max(...runs.map((run) => run.p99Ms)),
      failures: sum((run) => run.failures),
      warmup_failures: warmupFailures,
      warmup_trajectory: warmupTrajectory,
      warmup_requests: options.soakWarmupRequests,
      after_warmup: afterWarmup,
      at_end: atEnd,
      trajectory,
      heap_growth_percent: growth(atEnd.heapUsedMb, afterWarmup.heapUsedMb),
      rss_growth_percent: growth(atEnd.rssMb, afterWarmup.rssMb),
      peak_rss_mb: Math.max(...runs.map((run) => run.peakRssMb)),
      vmhwm_mb: oursVmHwm,
      floor_peak_rss_mb: floorRun.peakRssMb,
      floor_vmhwm_mb: statusMb(floor.pid, "VmHWM"),
      floor_failures: floorRun.failures,
      heap_growth_top: heapGrowthTop,
    };
    const file = await writeSoak(
      options,
      result,
      loadBefore,
      machineInfo(),
      options.quick ? TMP_DIR : BENCH_DIR,
    );
    log(
      `soak: heap ${afterWarmup.heapUsedMb} -> ${atEnd.heapUsedMb} MB (${result.heap_growth_percent}%), rss ${afterWarmup.rssMb} -> ${atEnd.rssMb} MB (${result.rss_growth_percent}%), failures ${result.failures}; peak RSS ours ${result.peak_rss_mb} MB, floor ${result.floor_peak_rss_mb} MB; ${path.relative(process.cwd(), file)}`,
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
    const profiled: ScenarioName[] = options.scenariosChosen
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
