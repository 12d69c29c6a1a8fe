/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/src", "<rootDir>/simulators", "<rootDir>/test", "<rootDir>/bench"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }],
    // The OTLP exporter's `import("http")`: see the transform's header.
    "otlp-exporter-base/build/src/.+\\.js$": "<rootDir>/test/support/dynamic-import-to-require.cjs",
  },
  transformIgnorePatterns: ["^(?!.*/otlp-exporter-base/build/).*/node_modules/"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  setupFiles: ["reflect-metadata"],
  cacheDirectory: "<rootDir>/.jest-cache",
  testTimeout: 20000,
};
