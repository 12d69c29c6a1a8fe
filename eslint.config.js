// @ts-check
const eslint = require("@eslint/js");
const tseslint = require("typescript-eslint");
const fs = require("node:fs");
const path = require("node:path");
const importX = require("eslint-plugin-import-x");

/** Every provider folder under src/providers/: a new folder is covered without an edit here. */
const providerFolders = fs
  .readdirSync(path.join(__dirname, "src", "providers"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** Relative-import patterns that leave the folder a file is in, for `no-restricted-imports`. */
const layer = (patterns) => ({
  "no-restricted-imports": ["error", { patterns }],
});

module.exports = tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".jest-cache/**", "coverage/**", "src/generated/**"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        module: "writable",
        require: "readonly",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // No import cycles anywhere (type-only imports count: they still couple the files).
    files: ["**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [
        importX.createNodeResolver({ extensionAlias: { ".js": [".ts", ".js"] } }),
      ],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // The dependency rule of docs/architecture.md: graphql/ -> model/ <- providers/<p>/.
    // The model imports no framework, no provider and no GraphQL.
    files: ["src/model/**/*.ts"],
    rules: layer([
      {
        group: ["axios", "graphql", "type-graphql", "class-validator", "@apollo/*"],
        message: "model/ imports no framework",
      },
      {
        group: ["../*", "!../model/*"],
        message: "model/ imports only model/",
      },
    ]),
  },
  {
    // graphql/ reaches providers only through the registry, and never reads config.ts.
    files: ["src/graphql/**/*.ts"],
    rules: layer([
      {
        group: ["../providers/*", "!../providers/registry.js", "../config.js"],
        message: "graphql/ reaches providers only through providers/registry.ts",
      },
    ]),
  },
  // A provider folder imports neither another provider, nor graphql/ or security/, nor config.ts:
  // its settings are read by its own module (<p>.module.ts) and reach it as arguments.
  ...providerFolders.map((folder) => ({
    files: [`src/providers/${folder}/**/*.ts`],
    rules: layer([
      ...providerFolders
        .filter((other) => other !== folder)
        .map((other) => ({
          group: [`../${other}/*`, `../../providers/${other}/*`],
          message: "a provider imports no other provider",
        })),
      {
        group: [
          "../../graphql/*",
          "../../security/*",
          "../../http/*",
          "../../server.js",
          "../../index.js",
        ],
        message: "a provider imports nothing from graphql/, security/, http/ or the server",
      },
      { group: ["../../config.js"], message: "a provider never imports config.ts" },
    ]),
  })),
  {
    // http/ is the transport (docs/architecture.md#runtime-contract): routes, the body, Apollo's
    // HTTP entry, over security/ (guards) and observability/. It knows no schema, model, provider
    // or shared state: server.ts composes them.
    files: ["src/http/**/*.ts"],
    rules: layer([
      {
        group: ["../graphql/*", "../model/*", "../providers/*", "../state/*", "../config.js"],
        message: "http/ knows routes and guards, not the schema, the model or the providers",
      },
    ]),
  },
  {
    // The folders under http/ never reach up into it.
    files: ["src/security/**/*.ts", "src/observability/**/*.ts", "src/graphiql/**/*.ts"],
    rules: layer([{ group: ["../http/*"], message: "http/ sits above this folder" }]),
  },
  {
    // Simulators are an independent oracle: nothing from src/ (their region lists and wire
    // types are spelled from docs/providers/*.md, not shared with the client).
    files: ["simulators/**/*.ts"],
    rules: layer([
      { group: ["**/src/*", "**/src/**"], message: "simulators import nothing from src/" },
    ]),
  },
  {
    // Shared state (lock, idempotency store) is infrastructure under the model: it knows neither
    // the providers nor the GraphQL layer.
    files: ["src/state/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../providers/*", "../graphql/*", "graphql", "type-graphql", "axios"],
              message: "state/ imports neither providers, graphql nor their frameworks",
            },
          ],
        },
      ],
    },
  },
);
