/**
 * Characters no text input may carry (README.md "Limits on work and input"): control characters (C0 U+0000-U+001F,
 * DEL U+007F, C1 U+0080-U+009F), lone surrogates (half of a UTF-16 pair: not a character at all,
 * and turned into U+FFFD or refused by whatever stores it next) and the bidirectional embedding,
 * override and isolate controls (U+202A-U+202E, U+2066-U+2069), which make text display in an
 * order other than the one stored ("Trojan Source").
 */

export const UNSAFE_TEXT_MESSAGE =
  "Must not contain control characters, unpaired surrogates or bidirectional text controls.";

function isRefused(code: number): boolean {
  return (
    code <= 0x1f || // C0
    (code >= 0x7f && code <= 0x9f) || // DEL and C1
    (code >= 0x202a && code <= 0x202e) || // LRE RLE PDF LRO RLO
    (code >= 0x2066 && code <= 0x2069) // LRI RLI FSI PDI
  );
}

/** Whether `value` holds a character text input refuses (one pass over its UTF-16 code units). */
export function hasUnsafeCharacters(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true; // a high surrogate alone
      index += 1; // a well-formed pair: one character outside the BMP
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return true; // a low surrogate alone
    if (isRefused(code)) return true;
  }
  return false;
}
