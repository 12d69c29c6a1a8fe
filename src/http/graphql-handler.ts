/**
 * `/graphql` on bare node:http (docs/architecture.md#runtime-contract): CORS for Apollo Studio
 * (the `cors` package, connect-style, answers the preflight), the guards (before the body is
 * read), the JSON body of a POST, the request context and trace, then Apollo's
 * `executeHTTPGraphQLRequest`, whose answer is written as it comes: one string, or chunks
 * (incremental delivery) written as Apollo yields them.
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import cors from "cors";
import { requestContextFor, runWithRequestContext } from "../observability/request-context.js";
import { createRequestTracer, type Tracing } from "../observability/tracing.js";
import { passGuards, type Guard, type RequestState } from "../security/guard.js";
import { readJsonBody } from "./body.js";
import { sendContinue, type RouteHandler } from "./router.js";

/** Origins allowed to call `/graphql` from a browser: Studio and the Sandbox it embeds. */
export const ALLOWED_ORIGINS = [
  "https://studio.apollographql.com",
  "https://sandbox.embed.apollographql.com",
];

export interface GraphQLHandlerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  guards: readonly Guard[];
  tracing: Tracing;
  /** `MAX_UPSTREAM_CALLS_PER_REQUEST`. */
  upstreamCallLimit: number;
  /** The GraphQL context of one request, made after the guards and the body. */
  context: (state: RequestState) => Promise<TContext>;
}

/** Apollo's view of the request: headers as one string each, the query string with its `?`. */
function graphQLHeaders(request: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

function searchOf(url: string): string {
  const query = url.indexOf("?");
  if (query === -1) return "";
  const hash = url.indexOf("#", query);
  return hash === -1 ? url.slice(query) : url.slice(query, hash);
}

/** Resolves when `response` can take more, or is gone. */
async function drained(response: ServerResponse): Promise<void> {
  const controller = new AbortController();
  await Promise.race([
    once(response, "drain", { signal: controller.signal }),
    once(response, "close", { signal: controller.signal }),
  ]).finally(() => controller.abort());
}

export function createGraphQLHandler<TContext extends BaseContext>(
  options: GraphQLHandlerOptions<TContext>,
): RouteHandler {
  const { apollo, guards } = options;
  const corsHandler = cors<IncomingMessage>({ origin: ALLOWED_ORIGINS, credentials: true });
  /** False when `cors` answered the request itself (a preflight). */
  const passCors = (request: IncomingMessage, response: ServerResponse) =>
    new Promise<boolean>((resolve, reject) => {
      corsHandler(request, response, (error?: unknown) => (error ? reject(error) : resolve(true)));
      if (response.writableEnded) resolve(false);
    });
  const trace = createRequestTracer(options.tracing);

  return async (request, response, state) => {
    if (!(await passCors(request, response))) return;
    // Router secret and caller authentication answer 401 before the body is even read.
    if (!(await passGuards(guards, request, response, state))) return;
    // Apollo reads a body for POST only (a GET's operation is in its query string, any other
    // method is a 405): no other request has its body read, nor decompressed. A plain GET passes
    // the guards without a token (the landing page), so reading its body would be work for anyone.
    const body =
      request.method === "POST"
        ? await readJsonBody(request, { beforeRead: () => sendContinue(request, response) })
        : undefined;
    const requestContext = requestContextFor(body, state.requestId, options.upstreamCallLimit);
    await runWithRequestContext(requestContext, async () => {
      trace(request, response);
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: (request.method ?? "GET").toUpperCase(),
          headers: graphQLHeaders(request),
          search: searchOf(request.url ?? ""),
          body,
        },
        context: () => options.context(state),
      });
      for (const [name, value] of answer.headers) response.setHeader(name, value);
      response.statusCode = answer.status ?? 200;
      if (answer.body.kind === "complete") {
        // The string goes out as UTF-8 and says so (the landing page's `text/html` has no charset).
        const type = answer.headers.get("content-type");
        if (type && !/;\s*charset=/i.test(type)) {
          response.setHeader("content-type", `${type}; charset=utf-8`);
        }
        response.setHeader("content-length", Buffer.byteLength(answer.body.string));
        response.end(answer.body.string);
        return;
      }
      // Incremental delivery (multipart/mixed): no length, each part sent as soon as it exists.
      for await (const chunk of answer.body.asyncIterator) {
        if (response.destroyed) break;
        if (!response.write(chunk)) await drained(response);
      }
      response.end();
    });
  };
}
