/**
 * One measured load run: autocannon against one target for one scenario, while the target's
 * process is sampled from /proc (RSS every 100 ms, CPU time before and after). The load generator
 * runs in the driver's process, the target in its own child, so the target's CPU and memory are
 * its own.
 */
import { readFileSync } from "node:fs";
import autocannon from "autocannon";
import {
  looksSuccessful,
  requestBody,
  type BenchCustomers,
  type ScenarioName,
} from "./scenarios.js";

export interface LoadOptions {
  port: number;
  /** The measured process (our server or the floor). */
  pid: number;
  scenario: ScenarioName;
  /** The customers the requests rotate over. */
  customers: BenchCustomers;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSeconds: number;
  amount?: number;
  /** Distinguishes the e-mails written by this run from every other run. */
  runTag: string;
  /** The simulators' process, to report the upstream CPU each request causes. */
  upstreamPid?: number;
  /** Several scenarios in turn per connection (the soak's mix); default [scenario]. */
  mix?: ScenarioName[];
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx, transport errors, timeouts and answers with `errors` or `userErrors`. */
  failures: number;
  /** Highest RSS sampled during the run. */
  peakRssMb: number;
  /** CPU time (user + system) of the measured process per request, in milliseconds. */
  cpuMsPerRequest: number;
  /** CPU time of the simulators per request (0 when no upstreamPid was given). */
  upstreamCpuMsPerRequest: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in milliseconds (proc(5): fields 14 and 15 of /proc/pid/stat). */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command name, the state is field 3: utime (14) and stime (15) sit at 11 and 12.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** A `/proc/<pid>/status` value in MB, e.g. VmRSS (current) or VmHWM (peak since start). */
export function statusMb(pid: number, field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : 0;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const mix = options.mix ?? [options.scenario];
  let sequence = 0;
  let failures = 0;
  let peakRssMb = statusMb(options.pid, "VmRSS");
  const sampler = setInterval(() => {
    peakRssMb = Math.max(peakRssMb, statusMb(options.pid, "VmRSS"));
  }, 100);
  const cpuBefore = cpuTimeMs(options.pid);
  const upstreamCpuBefore = options.upstreamPid ? cpuTimeMs(options.upstreamPid) : 0;
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${options.port}/graphql`,
      connections: options.connections,
      duration: options.durationSeconds,
      amount: options.amount,
      timeout: 30,
      requests: mix.map((scenario) => ({
        method: "POST" as const,
        path: "/graphql",
        headers: { "content-type": "application/json" },
        setupRequest: (request: autocannon.Request) => {
          const body = requestBody(scenario, options.customers, sequence++, options.runTag);
          return { ...request, body: JSON.stringify(body) };
        },
        onResponse: (status: number, body: string) => {
          if (status !== 200 || !looksSuccessful(body)) failures += 1;
        },
      })),
    });
    const cpuMs = cpuTimeMs(options.pid) - cpuBefore;
    const upstreamCpuMs = options.upstreamPid
      ? cpuTimeMs(options.upstreamPid) - upstreamCpuBefore
      : 0;
    const completed = result.requests.total;
    const perRequest = (ms: number): number =>
      completed > 0 ? Math.round((ms / completed) * 1000) / 1000 : 0;
    return {
      requests: completed,
      rps: Math.round(completed / result.duration),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      // `errors` counts transport errors, timeouts included.
      failures: failures + result.errors,
      peakRssMb,
      cpuMsPerRequest: perRequest(cpuMs),
      upstreamCpuMsPerRequest: perRequest(upstreamCpuMs),
    };
  } finally {
    clearInterval(sampler);
  }
}
