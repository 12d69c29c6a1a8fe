/**
 * The `loop` command of a measured child: how late its event loop ran timers since the last call
 * (perf_hooks' histogram, 10 ms resolution), then a reset. A long stall (a major GC pause, a
 * synchronous burst) shows as a max far above the p50 and explains a p99 far above the p50.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();

const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e5) / 10;

export function loopDelay(): LoopDelay {
  const result = {
    p50Ms: ms(histogram.percentile(50)),
    p99Ms: ms(histogram.percentile(99)),
    maxMs: ms(histogram.max),
  };
  histogram.reset();
  return result;
}
