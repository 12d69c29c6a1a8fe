/**
 * A strict JSON parser for log lines: RFC 8259 grammar, and an object that names a key twice is
 * an error (JSON.parse keeps the last one silently; some log pipelines reject the line).
 */
export class StrictJsonError extends Error {}

export function parseStrictJson(text: string): unknown {
  let index = 0;
  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at offset ${index}`);
  };
  const skipSpace = () => {
    while (index < text.length && " \t\n\r".includes(text[index])) index += 1;
  };
  const parseString = (): string => {
    // Control characters must be escaped inside a JSON string (RFC 8259 §7).
    // eslint-disable-next-line no-control-regex
    const match = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(
      text.slice(index),
    );
    if (!match) fail("bad string");
    index += match![0].length;
    return JSON.parse(match![0]) as string;
  };
  const parseValue = (): unknown => {
    skipSpace();
    const char = text[index];
    if (char === "{") {
      index += 1;
      const object: Record<string, unknown> = {};
      const seen = new Set<string>();
      skipSpace();
      if (text[index] === "}") {
        index += 1;
        return object;
      }
      for (;;) {
        skipSpace();
        if (text[index] !== '"') fail("expected a key");
        const key = parseString();
        if (seen.has(key)) fail(`duplicate key "${key}"`);
        seen.add(key);
        skipSpace();
        if (text[index] !== ":") fail("expected ':'");
        index += 1;
        object[key] = parseValue();
        skipSpace();
        if (text[index] === ",") index += 1;
        else if (text[index] === "}") {
          index += 1;
          return object;
        } else fail("expected ',' or '}'");
      }
    }
    if (char === "[") {
      index += 1;
      const array: unknown[] = [];
      skipSpace();
      if (text[index] === "]") {
        index += 1;
        return array;
      }
      for (;;) {
        array.push(parseValue());
        skipSpace();
        if (text[index] === ",") index += 1;
        else if (text[index] === "]") {
          index += 1;
          return array;
        } else fail("expected ',' or ']'");
      }
    }
    if (char === '"') return parseString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(index, index + 64),
    );
    if (!literal) fail("unexpected character");
    index += literal![0].length;
    return JSON.parse(literal![0]) as unknown;
  };
  const value = parseValue();
  skipSpace();
  if (index !== text.length) fail("trailing characters");
  return value;
}
