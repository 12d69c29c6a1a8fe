/**
 * The IPC between the bench driver and its child processes (simulators, our server, the floor):
 * each child announces itself with one `ready` message, then answers numbered commands. IPC keeps
 * bench-only controls (GC, request counts) out of every HTTP surface, the product's included.
 */
import { fork, type ChildProcess } from "node:child_process";

export interface ReadyMessage<T> {
  type: "ready";
  info: T;
}

interface CommandMessage {
  type: "command";
  id: number;
  command: string;
}

interface ReplyMessage {
  type: "reply";
  id: number;
  result?: unknown;
  error?: string;
}

export type CommandHandler = (command: string) => unknown;

/** In a child: announce `info`, then answer commands with `handler`. */
export function serveParent<T>(info: T, handler: CommandHandler): void {
  if (!process.send)
    throw new Error("started without an IPC channel: run it through npm run bench");
  process.on("message", (message: CommandMessage) => {
    if (message?.type !== "command") return;
    Promise.resolve()
      .then(() => handler(message.command))
      .then(
        (result) =>
          process.send?.({ type: "reply", id: message.id, result } satisfies ReplyMessage),
        (error: unknown) =>
          process.send?.({
            type: "reply",
            id: message.id,
            error: error instanceof Error ? error.message : String(error),
          } satisfies ReplyMessage),
      );
  });
  process.on("disconnect", () => process.exit(0));
  process.send({ type: "ready", info } satisfies ReadyMessage<T>);
}

export interface BenchChild<T> {
  process: ChildProcess;
  pid: number;
  info: T;
  command<R>(command: string): Promise<R>;
  stop(): Promise<void>;
}

/** Forks a compiled child script and waits for its `ready` message. */
export function startChild<T>(
  script: string,
  options: { args?: string[]; env?: Record<string, string>; execArgv?: string[] } = {},
): Promise<BenchChild<T>> {
  const child = fork(script, options.args ?? [], {
    env: { ...process.env, ...options.env },
    execArgv: options.execArgv ?? [],
    // Logs go nowhere (as to a collector that costs nothing); errors stay visible.
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  child.on("message", (message: ReplyMessage) => {
    if (message?.type !== "reply") return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before ready`)));
    child.once("message", (message: ReadyMessage<T>) => {
      if (message?.type !== "ready" || child.pid === undefined) {
        reject(new Error(`${script} did not announce itself`));
        return;
      }
      resolve({
        process: child,
        pid: child.pid,
        info: message.info,
        command<R>(command: string): Promise<R> {
          const id = nextId++;
          return new Promise<R>((resolveReply, rejectReply) => {
            pending.set(id, {
              resolve: resolveReply as (value: unknown) => void,
              reject: rejectReply,
            });
            child.send({ type: "command", id, command } satisfies CommandMessage);
          });
        },
        stop() {
          return new Promise<void>((resolveStop) => {
            if (child.exitCode !== null) {
              resolveStop();
              return;
            }
            child.once("exit", () => resolveStop());
            child.kill("SIGTERM");
          });
        },
      });
    });
  });
}
