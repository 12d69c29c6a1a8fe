/**
 * What a guard in front of a route knows of one request, and what it may decide
 * (docs/architecture.md#caller-security): a guard runs before the body is read, answers the
 * request itself when it refuses it, and leaves the verified caller in the request's state for
 * the GraphQL context.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { UNIDENTIFIED_CALLER, type Caller } from "./caller.js";

/** One request's state, made by the HTTP layer when the request arrives and dropped with it. */
export interface RequestState {
  /** The sane incoming `x-request-id`, else a fresh UUID; echoed on every response. */
  readonly requestId: string;
  /** Set by the authentication guard (or the unrestricted one); absent: no guard said who. */
  caller?: Caller;
}

/** True: the request goes on. False: the guard has answered it (a 401, a 503). */
export type Guard = (
  request: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
) => boolean | Promise<boolean>;

/** The caller a guard stored, or the fail-closed caller when no guard ran. */
export function callerOf(state: RequestState): Caller {
  return state.caller ?? UNIDENTIFIED_CALLER;
}

/** Runs `guards` in order; false as soon as one has answered the request. */
export async function passGuards(
  guards: readonly Guard[],
  request: IncomingMessage,
  response: ServerResponse,
  state: RequestState,
): Promise<boolean> {
  for (const guard of guards) {
    if (!(await guard(request, response, state))) return false;
  }
  return true;
}
