/**
 * CPU profiling of a running child over the inspector (the same profiles `node --cpu-prof`
 * writes), started after the warm-up and stopped after one load run, so start-up work (schema
 * build, module loading) is not in the figures.
 */
import { writeFileSync } from "node:fs";
import { writeHeapSnapshot } from "node:v8";
import { Session } from "node:inspector";

let session: Session | null = null;

function post(method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!session) {
      reject(new Error("profiler not started"));
      return;
    }
    session.post(method, params ?? {}, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** `profile:start`, or `profile:stop:<file>` (writes the .cpuprofile); null for other commands. */
export async function profilerCommand(command: string): Promise<unknown> {
  if (command === "profile:start") {
    session = new Session();
    session.connect();
    await post("Profiler.enable");
    await post("Profiler.setSamplingInterval", { interval: 200 });
    await post("Profiler.start");
    return null;
  }
  if (command.startsWith("profile:stop:")) {
    const { profile } = (await post("Profiler.stop")) as { profile: unknown };
    session?.disconnect();
    session = null;
    const file = command.slice("profile:stop:".length);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  }
  if (command.startsWith("heap:")) {
    // A full collection first, so the snapshot holds only what is still reachable.
    (globalThis as { gc?: () => void }).gc?.();
    return writeHeapSnapshot(command.slice("heap:".length));
  }
  return undefined;
}
