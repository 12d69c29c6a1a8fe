/**
 * A developer page that works offline: GraphiQL at `/graphiql`, every asset served by this
 * process from the npm packages (`graphiql` 3's browser bundle, React 18's UMD builds), nothing
 * fetched from a CDN. Mounted only while the landing page is on (`GRAPHQL_LANDING_PAGE`).
 *
 * The page's Content-Security-Policy allows this origin only, so the browser itself refuses any
 * other address; queries go to `/graphql` on the same origin.
 */
import path from "node:path";
import express, { type Express, type Response } from "express";

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
      type: "text/javascript",
    },
    "react-dom.production.min.js": {
      file: path.join(reactDom, "umd", "react-dom.production.min.js"),
      type: "text/javascript",
    },
    "graphiql.min.js": { file: path.join(graphiql, "graphiql.min.js"), type: "text/javascript" },
    "graphiql.min.css": { file: path.join(graphiql, "graphiql.min.css"), type: "text/css" },
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

function securityHeaders(response: Response): void {
  response.setHeader("content-security-policy", CONTENT_SECURITY_POLICY);
  response.setHeader("x-content-type-options", "nosniff");
  response.setHeader("referrer-policy", "no-referrer");
}

export function mountGraphiQL(app: Express): void {
  const assets = assetFiles();
  const router = express.Router();
  router.get("/", (_request, response) => {
    securityHeaders(response);
    response.type("html").setHeader("cache-control", "no-store");
    response.send(PAGE);
  });
  router.get("/assets/start.js", (_request, response) => {
    securityHeaders(response);
    response.type("text/javascript").send(START_SCRIPT);
  });
  router.get("/assets/:name", (request, response, next) => {
    const asset = Object.prototype.hasOwnProperty.call(assets, request.params.name)
      ? assets[request.params.name]
      : undefined;
    if (!asset) {
      next();
      return;
    }
    securityHeaders(response);
    response.type(asset.type);
    // The files change only with the package versions: cached for a day.
    response.sendFile(asset.file, { maxAge: "1d", dotfiles: "deny" }, (error) => {
      if (error) next(error);
    });
  });
  app.use(GRAPHIQL_PATH, router);
}
