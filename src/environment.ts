/**
 * Readers of environment variables shared by the global configuration (config.ts) and each
 * provider module's own settings (src/providers/<p>/<p>.config.ts). Each reader pushes a problem
 * naming the variable, never its value (a value may be a secret), and returns a fallback so every
 * problem is collected in one pass.
 */

export type Env = Record<string, string | undefined>;

export function readBoolean(
  env: Env,
  name: string,
  fallback: boolean,
  problems: string[],
): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  problems.push(`${name} must be true or false`);
  return fallback;
}

export function readInteger(
  env: Env,
  name: string,
  fallback: number,
  range: [number, number],
  problems: string[],
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    problems.push(`${name} must be an integer from ${range[0]} to ${range[1]}`);
    return fallback;
  }
  return value;
}

/** An http(s) URL without trailing slashes; undefined when unset or not such a URL. */
export function readUrl(env: Env, name: string, problems: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    return raw.replace(/\/+$/, "");
  } catch {
    problems.push(`${name} must be an http(s) URL`);
    return undefined;
  }
}

/** One problem naming every variable of `names` that is unset, `because` something else is set. */
export function requireAll(env: Env, names: string[], because: string, problems: string[]): void {
  const missing = names.filter((name) => !env[name]?.trim());
  if (missing.length > 0) problems.push(`${because} but ${missing.join(", ")} is not set`);
}
