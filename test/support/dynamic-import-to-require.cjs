/* global module */
/**
 * Jest transform for the OTLP exporter's transport (otlp-exporter-base): it loads `http`/`https`
 * with `import("http")`, which Node runs in CommonJS but jest's CommonJS runtime refuses without
 * --experimental-vm-modules. Each string-literal `import(...)` becomes the `require` Node would
 * resolve to for a built-in module; nothing else changes.
 */
module.exports = {
  process(source) {
    return {
      code: source.replace(
        /\bimport\((["'][a-z:]+["'])\)/g,
        "Promise.resolve().then(() => require($1))",
      ),
    };
  },
};
