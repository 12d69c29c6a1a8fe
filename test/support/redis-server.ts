/**
 * A real Redis for the tests: `REDIS_URL` when set, else a `redis-server` started here on a free
 * loopback port with no persistence, stopped by `stop()`. Without a `redis-server` the Redis half
 * of a suite is skipped, loudly; under CI (`CI=true`) it is mandatory and its absence fails.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "./free-port.js";

export interface TestRedis {
  url: string;
  /** Prefix unique to this test file's run, so runs sharing a REDIS_URL never meet. */
  keyPrefix: string;
  /** Stops the server started here (kills it: no persistence to flush). */
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port, empty (for outage tests). */
  restart?(): Promise<void>;
  /** Stops the server and leaves it stopped (for outage tests); undefined with REDIS_URL. */
  kill?(): Promise<void>;
}

export const REDIS_REQUIRED = process.env.CI === "true";

function redisServerAvailable(): boolean {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "ignore" });
  return probe.status === 0;
}

/** Whether the Redis half can run here; says so loudly when it cannot, fails under CI. */
export function redisAvailability(suite: string): { available: boolean; reason?: string } {
  if (process.env.REDIS_URL) return { available: true };
  if (redisServerAvailable()) return { available: true };
  const reason =
    "redis-server is not installed and REDIS_URL is not set: the Redis half of this suite did not run";
  if (REDIS_REQUIRED) return { available: true, reason }; // startTestRedis fails the suite
  const banner = "!".repeat(100);
  process.stderr.write(`\n${banner}\n${suite}: SKIPPED REDIS TESTS: ${reason}.\n${banner}\n`);
  return { available: false, reason };
}

/** Whether a Redis answers PING on `port` (a bare socket: no client timers left behind). */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

async function waitUntilUp(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
    if (await pings(port)) return;
    if (Date.now() > deadline) throw new Error("redis-server did not start in 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function startServer(port: number): ChildProcess {
  return spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--protected-mode",
      "yes",
      "--loglevel",
      "warning",
    ],
    { stdio: "ignore" },
  );
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  const keyPrefix = `test-${process.pid}-${Date.now()}:`;
  if (process.env.REDIS_URL) {
    return { url: process.env.REDIS_URL, keyPrefix, stop: async () => undefined };
  }
  if (!redisServerAvailable()) {
    throw new Error(
      "CI=true and redis-server is not installed (and REDIS_URL is not set): the Redis tests are mandatory in CI",
    );
  }
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let child = startServer(port);
    try {
      await waitUntilUp(port, child);
    } catch (error) {
      await stopServer(child);
      if (attempt >= 3) throw error;
      continue; // the port was taken between the probe and the start: try another
    }
    return {
      url,
      keyPrefix,
      stop: () => stopServer(child),
      kill: () => stopServer(child),
      restart: async () => {
        await stopServer(child);
        child = startServer(port);
        await waitUntilUp(port, child);
      },
    };
  }
}
