/**
 * A developer page that works offline: GraphiQL at `/graphiql`, every asset served by this
 * process from the npm packages (`graphiql` 3's browser bundle, React 18's UMD builds), nothing
 * fetched from a CDN. Mounted only while the landing page is on (`GRAPHQL_LANDING_PAGE`).
 *
 * The page's Content-Security-Policy allows this origin only, so the browser itself refuses any
 * other address; queries go to `/graphql` on the same origin. The handlers are plain functions the
 * HTTP layer routes to by exact path (docs/architecture.md#runtime-contract).
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";

export const GRAPHIQL_PATH = "/graphiql";

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** URL name -> file: a fixed list, so no request path ever reaches the file system. */
function assetFiles(): Record<string, { file: string; type: string }> {
  const react = packageDir("react");
  const reactDom = packageDir("react-dom");
  const graphiql = packageDir("graphiql");
  return {
    "react.production.min.js": {
      file: path.join(react, "umd", "react.production.min.js"),
      type: "text/javascript; charset=utf-8",
    },
    "react-dom.production.min.js": {
      file: path.join(reactDom, "umd", "react-dom.production.min.js"),
      type: "text/javascript; charset=utf-8",
    },
    "graphiql.min.js": {
      file: path.join(graphiql, "graphiql.min.js"),
      type: "text/javascript; charset=utf-8",
    },
    "graphiql.min.css": {
      file: path.join(graphiql, "graphiql.min.css"),
      type: "text/css; charset=utf-8",
    },
  };
}

/** Starts GraphiQL against `/graphql`; `?query=` pre-fills the editor (GraphiQL's own URL use). */
const START_SCRIPT = `"use strict";
(function () {
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: new URL("/graphql", window.location.href).href });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultEditorToolsVisibility: true,
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
    }),
  );
})();
`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>customer-subgraph · GraphiQL</title>
    <link rel="stylesheet" href="${GRAPHIQL_PATH}/assets/graphiql.min.css" />
    <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${GRAPHIQL_PATH}/assets/react.production.min.js"></script>
    <script src="${GRAPHIQL_PATH}/assets/react-dom.production.min.js"></script>
    <script src="${GRAPHIQL_PATH}/assets/graphiql.min.js"></script>
    <script src="${GRAPHIQL_PATH}/assets/start.js"></script>
  </body>
</html>
`;

/** This origin only; inline styles for GraphiQL's own style attributes; images and fonts inline. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

function securityHeaders(response: ServerResponse): void {
  response.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
  response.setHeader("x-content-type-options", "nosniff");
  response.setHeader("referrer-policy", "no-referrer");
}

function send(
  response: ServerResponse,
  type: string,
  body: string | Buffer,
  cacheControl?: string,
): void {
  securityHeaders(response);
  response.statusCode = 200;
  response.setHeader("content-type", type);
  if (cacheControl) response.setHeader("cache-control", cacheControl);
  response.setHeader("content-length", Buffer.byteLength(body));
  response.end(body);
}

export type GraphiQLHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/**
 * Path -> handler for the page and its assets: a fixed list, so no request path ever reaches the
 * file system. An asset file is read once, on its first request.
 */
export function graphiqlRoutes(): Map<string, GraphiQLHandler> {
  const routes = new Map<string, GraphiQLHandler>();
  const page = async (_request: IncomingMessage, response: ServerResponse) =>
    send(response, "text/html; charset=utf-8", PAGE, "no-store");
  routes.set(GRAPHIQL_PATH, page);
  routes.set(`${GRAPHIQL_PATH}/`, page);
  routes.set(`${GRAPHIQL_PATH}/assets/start.js`, async (_request, response) =>
    send(response, "text/javascript; charset=utf-8", START_SCRIPT),
  );
  for (const [name, asset] of Object.entries(assetFiles())) {
    let content: Promise<Buffer> | undefined;
    routes.set(`${GRAPHIQL_PATH}/assets/${name}`, async (_request, response) => {
      content ??= readFile(asset.file);
      // A failed read is not kept: the next request tries again.
      const body = await content.catch((error: unknown) => {
        content = undefined;
        throw error;
      });
      // The files change only with the package versions: cached for a day.
      send(response, asset.type, body, "public, max-age=86400");
    });
  }
  return routes;
}
