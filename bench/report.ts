/**
 * Writes what the bench measured: `results.json` (the machine-readable figures) and the generated
 * sections of `RESULTS.md` (between `<!-- bench:<section>:start -->` and `:end -->` markers; the
 * hand-written analysis around them is kept). Quick runs and profiles go to `bench/.tmp/`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "prettier";
import type { HeapGrowth } from "./heap-diff.js";
import type { LoadResult } from "./load.js";
import type { MemorySnapshot } from "./memory.js";
import type { BenchOptions } from "./options.js";
import type { ProfileSummary } from "./profile-summary.js";

export interface ScenarioResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
  floor_rps: number;
  floor_p50_ms: number;
  floor_p99_ms: number;
  floor_rss_mb: number;
  ratio: number;
  p99_vs_floor: number;
  cpu_ms_per_request: number;
  floor_cpu_ms_per_request: number;
  /** CPU of the simulators per request: what each side's upstream calls cost the upstream. */
  upstream_cpu_ms_per_request: number;
  floor_upstream_cpu_ms_per_request: number;
  upstream_calls_per_request: number;
  floor_upstream_calls_per_request: number;
  failures: number;
  floor_failures: number;
  rounds: { ours: LoadResult[]; floor: LoadResult[] };
}

export interface SoakResult {
  requests: number;
  mix: string[];
  rps: number;
  p50_ms: number;
  p99_ms: number;
  failures: number;
  warmup_failures: number;
  warmup_requests: number;
  /** After a forced GC at the end of each third of the warm-up. */
  warmup_trajectory: MemorySnapshot[];
  after_warmup: MemorySnapshot;
  at_end: MemorySnapshot;
  /** After a forced GC at the end of each tenth of the requests. */
  trajectory: MemorySnapshot[];
  heap_growth_percent: number;
  rss_growth_percent: number;
  peak_rss_mb: number;
  vmhwm_mb: number;
  /** The floor, serving the same warm-up and requests after us. */
  floor_peak_rss_mb: number;
  floor_vmhwm_mb: number;
  floor_failures: number;
  /** With --heap-snapshots: what changed most between the two snapshots. */
  heap_growth_top: HeapGrowth[];
}

export interface MachineInfo {
  cores: number;
  cpu_model: string;
  memory_gb: number;
  node: string;
  platform: string;
  load_average: number[];
  measured_at: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu_model: cpus[0]?.model ?? "unknown",
    memory_gb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    load_average: os.loadavg().map((value) => Math.round(value * 100) / 100),
    measured_at: new Date().toISOString(),
  };
}

/** What a comparison run adds beside its scenarios: peak memory, Node versions, spans exported. */
export interface RunFacts {
  peak: { ours_vmhwm_mb: number; floor_vmhwm_mb: number };
  nodes: { ours: string; floor: string };
  spans: { posts: number; bytes: number };
}

/**
 * The key a comparison run is stored under in results.json, and the name of its RESULTS.md
 * section: runs at other latencies or with tracing keep their own results.
 */
export function runLabel(options: BenchOptions): string {
  return `latency-${options.latencyMs}${options.tracing ? "-tracing" : ""}`;
}

function settingsOf(options: BenchOptions): Record<string, unknown> {
  return {
    latency_ms: options.latencyMs,
    tracing: options.tracing,
    server_node_flags: options.serverNodeFlags,
    customers_per_provider: options.customers.count,
    metrics_scrape_s: options.scrapeSeconds,
    connections: options.connections,
    duration_s: options.durationSeconds,
    warmup_s: options.warmupSeconds,
    rounds: options.rounds,
    transport: options.transport,
    node_env: options.nodeEnv,
    log_level: process.env.LOG_LEVEL ?? "info",
    command: commandOf(),
  };
}

function commandOf(): string {
  const args = process.argv.slice(2).join(" ");
  return `npm run bench${args ? ` -- ${args}` : ""}`;
}

function readJson(file: string): Record<string, unknown> {
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)
    : {};
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Replaces one generated section of RESULTS.md (appends it when the markers are missing). */
async function replaceSection(directory: string, section: string, content: string): Promise<void> {
  const file = path.join(directory, "RESULTS.md");
  const start = `<!-- bench:${section}:start -->`;
  const end = `<!-- bench:${section}:end -->`;
  const block = `${start}\n${content.trimEnd()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  // Formatted like the rest of the repository, so `prettier --check .` stays clean after a run.
  writeFileSync(file, await format(next, { parser: "markdown" }));
}

function loadLine(before: MachineInfo, after: MachineInfo): string {
  return `${after.cores} cores (${after.cpu_model}), ${after.memory_gb} GB, Node ${after.node}, ${after.platform}; load average (1/5/15 min) ${before.load_average.join(" / ")} at start, ${after.load_average.join(" / ")} at end; ${after.measured_at}`;
}

export async function writeComparison(
  options: BenchOptions,
  scenarios: Record<string, ScenarioResult>,
  before: MachineInfo,
  after: MachineInfo,
  facts: RunFacts,
  directory: string,
): Promise<string> {
  const file = path.join(directory, "results.json");
  const previous = readJson(file);
  const label = runLabel(options);
  const runs = (previous.runs ?? {}) as Record<string, unknown>;
  writeJson(file, {
    runs: {
      ...runs,
      [label]: {
        scenarios,
        peak: facts.peak,
        nodes: facts.nodes,
        ...(options.tracing ? { spans_exported: facts.spans } : {}),
        machine: { ...after, load_average_at_start: before.load_average },
        settings: settingsOf(options),
      },
    },
    ...(previous.soak ? { soak: previous.soak } : {}),
  });
  const { peak } = facts;
  const rows = Object.entries(scenarios).map(
    ([name, r]) =>
      `| ${name} | ${r.rps} | ${r.floor_rps} | **${r.ratio}** | ${r.p50_ms} / ${r.floor_p50_ms} | ${r.p99_ms} / ${r.floor_p99_ms} (${r.p99_vs_floor}x) | ${r.cpu_ms_per_request} / ${r.floor_cpu_ms_per_request} | ${r.upstream_cpu_ms_per_request} / ${r.floor_upstream_cpu_ms_per_request} | ${r.rss_mb} / ${r.floor_rss_mb} | ${r.upstream_calls_per_request} / ${r.floor_upstream_calls_per_request} | ${r.failures} / ${r.floor_failures} |`,
  );
  if (!options.quick) {
    await replaceSection(
      directory,
      `table-${label}`,
      [
        `Machine: ${loadLine(before, after)}.`,
        `Settings: simulator latency ${options.latencyMs} ms, ${options.connections} connections, ${options.warmupSeconds} s warm-up per target, ${options.rounds} alternating rounds of ${options.durationSeconds} s, transport ${options.transport}, NODE_ENV ${options.nodeEnv}. Command: \`${commandOf()}\`.`,
        `Ours as deployed: Node ${facts.nodes.ours} (floor: Node ${facts.nodes.floor}), flags \`${options.serverNodeFlags.join(" ") || "none"}\`, metrics on (\`/metrics\` scraped every ${options.scrapeSeconds} s), tracing ${options.tracing ? `on (OTLP/HTTP to a local sink: ${facts.spans.posts} exports, ${Math.round(facts.spans.bytes / 1024)} KiB)` : "off"}; requests rotate over ${options.customers.count} customers per provider.`,
        "",
        "Each cell is ours / floor; req/s, latency and CPU are medians over the rounds, RSS is the peak sampled (VmRSS, every 100 ms).",
        "",
        "| scenario | req/s ours | req/s floor | ratio | p50 ms | p99 ms (ours/floor) | server CPU ms per request | simulators' CPU ms per request | peak RSS MB | upstream calls per request | failures |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        ...rows,
        "",
        `Peak RSS over the whole run (VmHWM): ours ${peak.ours_vmhwm_mb} MB, floor ${peak.floor_vmhwm_mb} MB.`,
      ].join("\n"),
    );
  }
  return file;
}

export async function writeSoak(
  options: BenchOptions,
  soak: SoakResult,
  before: MachineInfo,
  after: MachineInfo,
  directory: string,
): Promise<string> {
  const file = path.join(directory, "results.json");
  const previous = readJson(file);
  writeJson(file, {
    ...previous,
    soak: { ...soak, machine: after, settings: settingsOf(options) },
  });
  const verdict = (growth: number): string => (growth <= 10 ? "within 10%" : "ABOVE 10%");
  if (!options.quick) {
    await replaceSection(
      directory,
      "soak",
      [
        `Machine: ${loadLine(before, after)}. Command: \`${commandOf()}\`.`,
        "",
        `${soak.warmup_requests} requests of warm-up, then ${soak.requests} requests (${soak.mix.join(", ")} in turn) in ten slices, ${options.connections} connections, rotating over ${options.customers.count} customers per provider: ${soak.rps} req/s, p50 ${soak.p50_ms} ms, p99 ${soak.p99_ms} ms (worst slice), **${soak.failures} failures** (non-2xx, transport errors, \`errors\` or \`userErrors\` in the answer). Server flags \`${options.serverNodeFlags.join(" ") || "none"}\`.`,
        "",
        "| after a forced GC | heap used MB | RSS MB |",
        "|---|---|---|",
        `| after warm-up | ${soak.after_warmup.heapUsedMb} | ${soak.after_warmup.rssMb} |`,
        `| at the end | ${soak.at_end.heapUsedMb} | ${soak.at_end.rssMb} |`,
        `| growth | ${soak.heap_growth_percent}% (${verdict(soak.heap_growth_percent)}) | ${soak.rss_growth_percent}% (${verdict(soak.rss_growth_percent)}) |`,
        "",
        `During the warm-up, after a forced GC at each third (MB): RSS ${soak.warmup_trajectory.map((point) => point.rssMb).join(", ")}; V8 heap committed ${soak.warmup_trajectory.map((point) => point.heapTotalMb).join(", ")}.`,
        "",
        `RSS after a forced GC at the end of each slice (MB): ${soak.trajectory.map((point) => point.rssMb).join(", ")}; heap used: ${soak.trajectory.map((point) => point.heapUsedMb).join(", ")}.`,
        "",
        `Peak RSS during the soak: ours ${soak.peak_rss_mb} MB sampled (${soak.vmhwm_mb} MB VmHWM); the floor, serving the same requests: ${soak.floor_peak_rss_mb} MB sampled (${soak.floor_vmhwm_mb} MB VmHWM, ${soak.floor_failures} failures).`,
      ].join("\n"),
    );
  }
  return file;
}

export function writeProfiles(
  options: BenchOptions,
  summaries: Record<string, ProfileSummary & { rps: number; cpu_ms_per_request: number }>,
  directory: string,
): string {
  const file = path.join(directory, `profile-summary.${options.transport}.json`);
  writeJson(file, { summaries, machine: machineInfo(), settings: settingsOf(options) });
  return file;
}
