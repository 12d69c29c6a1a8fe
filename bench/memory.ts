/**
 * The memory commands both measured children answer: `memory` (process.memoryUsage) and `gc`
 * (a forced full collection first; the child runs with --expose-gc).
 */

export interface MemorySnapshot {
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  /** Buffers and ArrayBuffers (part of external): socket and body data held outside the heap. */
  arrayBuffersMb: number;
}

const MB = 1024 * 1024;

function round(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}

export function memorySnapshot(command: string): MemorySnapshot {
  if (command === "gc") {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("gc is not exposed: start the child with --expose-gc");
    // Two passes: the first may only move survivors to the old generation.
    gc();
    gc();
  } else if (command !== "memory") {
    throw new Error(`unknown command ${command}`);
  }
  const usage = process.memoryUsage();
  return {
    rssMb: round(usage.rss),
    heapUsedMb: round(usage.heapUsed),
    heapTotalMb: round(usage.heapTotal),
    externalMb: round(usage.external),
    arrayBuffersMb: round(usage.arrayBuffers),
  };
}
