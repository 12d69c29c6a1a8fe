/**
 * Turns a V8 .cpuprofile into the figures a reader needs: where the server's CPU goes, by area
 * (a package in node_modules, a file of ours, node internals, GC) and by function, self and
 * inclusive, as a share of the busy (non-idle) time.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CostLine {
  name: string;
  selfPercent: number;
  inclusivePercent: number;
}

export interface ProfileSummary {
  busyMs: number;
  idlePercent: number;
  areas: CostLine[];
  functions: CostLine[];
}

/** `axios`, `@apollo/server`, `src/providers/provider-http`, `node internals`, `(garbage collector)`. */
export function areaOf(frame: CallFrame): string {
  if (frame.url === "") return frame.functionName.startsWith("(") ? frame.functionName : "(native)";
  const modules = frame.url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const parts = frame.url.slice(modules + "node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  for (const root of ["/dist/src/", "/dist/bench/", "/dist/simulators/"]) {
    const index = frame.url.indexOf(root);
    if (index >= 0) {
      return `${root.slice(6)}${frame.url.slice(index + root.length).replace(/\.js$/, "")}`;
    }
  }
  return frame.url.startsWith("node:") ? "node internals" : frame.url;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

function top(
  self: Map<string, number>,
  inclusive: Map<string, number>,
  busy: number,
  count: number,
): CostLine[] {
  return [...inclusive.keys()]
    .map((name) => ({
      name,
      selfPercent: percent(self.get(name) ?? 0, busy),
      inclusivePercent: percent(inclusive.get(name) ?? 0, busy),
    }))
    .sort((left, right) => right.selfPercent - left.selfPercent)
    .slice(0, count);
}

export function summarizeProfile(profile: CpuProfile, count = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const areaSelf = new Map<string, number>();
  const areaInclusive = new Map<string, number>();
  const functionSelf = new Map<string, number>();
  const functionInclusive = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const add = (map: Map<string, number>, key: string, value: number): void => {
    map.set(key, (map.get(key) ?? 0) + value);
  };

  profile.samples.forEach((sample, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byId.get(sample);
    if (!node) return;
    if (node.callFrame.functionName === "(idle)") {
      idle += delta;
      return;
    }
    busy += delta;
    const leafArea = areaOf(node.callFrame);
    add(areaSelf, leafArea, delta);
    add(functionSelf, functionKey(node.callFrame), delta);
    const areas = new Set<string>();
    const functions = new Set<string>();
    for (
      let current: number | undefined = sample;
      current !== undefined;
      current = parent.get(current)
    ) {
      const frame = byId.get(current)?.callFrame;
      if (!frame || frame.functionName === "(root)") continue;
      areas.add(areaOf(frame));
      functions.add(functionKey(frame));
    }
    for (const area of areas) add(areaInclusive, area, delta);
    for (const name of functions) add(functionInclusive, name, delta);
  });

  return {
    busyMs: Math.round(busy / 1000),
    idlePercent: percent(idle, busy + idle),
    areas: top(areaSelf, areaInclusive, busy, count),
    functions: top(functionSelf, functionInclusive, busy, count),
  };
}

function functionKey(frame: CallFrame): string {
  return `${frame.functionName || "(anonymous)"} ${areaOf(frame)}:${frame.lineNumber + 1}`;
}
