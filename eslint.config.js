// @ts-check
const eslint = require("@eslint/js");
const tseslint = require("typescript-eslint");

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
    // The dependency rule of docs/architecture.md: the model imports no framework and no provider.
    files: ["src/model/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["axios", "graphql", "type-graphql", "class-validator", "@apollo/*"],
              message: "model/ imports no framework",
            },
            {
              group: ["../providers/*", "../graphql/*"],
              message: "model/ imports neither providers nor graphql",
            },
          ],
        },
      ],
    },
  },
  {
    // A provider never imports another provider or the GraphQL layer.
    files: ["src/providers/loanpro/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../simpay/*", "../../graphql/*"],
              message: "a provider imports no other provider nor graphql/",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/providers/simpay/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../loanpro/*", "../../graphql/*"],
              message: "a provider imports no other provider nor graphql/",
            },
          ],
        },
      ],
    },
  },
);
