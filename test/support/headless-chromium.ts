/**
 * Headless Chromium driven over the DevTools protocol (raw CDP over a WebSocket, no driver
 * library), with the network limited to loopback: every host but 127.0.0.1 resolves to nothing
 * and any proxied request goes to a closed port. Found as `CHROMIUM_PATH` or `chromium` /
 * `chromium-browser` / `google-chrome` on PATH.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "undici";

export function findChromium(): string | null {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "chromium",
    "chromium-browser",
    "google-chrome",
  ].filter((candidate): candidate is string => Boolean(candidate));
  for (const candidate of candidates) {
    const found = spawnSync(candidate, ["--version"], { encoding: "utf8", timeout: 30_000 });
    if (found.status === 0 && /chrom/i.test(found.stdout)) return candidate;
  }
  return null;
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export interface Browser {
  /** Sends a command to the page (or to the browser with `browser: true`). */
  send(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Evaluates an expression in the page and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Every event received so far, page and browser. */
  events: CdpMessage[];
  close(): Promise<void>;
}

export async function launchChromium(executable: string): Promise<Browser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "graphiql-test-profile-"));
  const child: ChildProcess = spawn(
    executable,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      `--user-data-dir=${userDataDir}`,
      "--remote-debugging-port=0",
      // Loopback only: no name resolves but 127.0.0.1, and anything proxied dies on port 9.
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
      "--proxy-server=http://127.0.0.1:9",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    const timer = setTimeout(
      () => reject(new Error(`Chromium did not start: ${stderr.slice(-2000)}`)),
      60_000,
    );
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}): ${stderr.slice(-2000)}`));
    });
  });

  const socket = new WebSocket(endpoint);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener("open", () => resolve());
    socket.addEventListener("error", () => reject(new Error("CDP connection failed")));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (m: CdpMessage) => void }>();
  const events: CdpMessage[] = [];
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as CdpMessage;
    if (message.id !== undefined) pending.get(message.id)?.resolve(message);
    else events.push(message);
  });
  const raw = async (
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> => {
    const id = nextId++;
    const answer = new Promise<CdpMessage>((resolve) => pending.set(id, { resolve }));
    socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    const message = await answer;
    pending.delete(id);
    if (message.error) throw new Error(`${method}: ${message.error.message}`);
    return message.result ?? {};
  };

  const { targetId } = (await raw("Target.createTarget", { url: "about:blank" })) as {
    targetId: string;
  };
  const { sessionId } = (await raw("Target.attachToTarget", { targetId, flatten: true })) as {
    sessionId: string;
  };

  return {
    events,
    send: (method, params) => raw(method, params, sessionId),
    async evaluate<T>(expression: string): Promise<T> {
      const result = (await raw(
        "Runtime.evaluate",
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      )) as { result: { value?: T }; exceptionDetails?: { text: string } };
      if (result.exceptionDetails) throw new Error(result.exceptionDetails.text);
      return result.result.value as T;
    },
    async close() {
      try {
        await raw("Browser.close");
      } catch {
        // Already gone.
      }
      socket.close();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve();
          }, 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
