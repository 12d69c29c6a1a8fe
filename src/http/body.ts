/**
 * The `/graphql` request body (docs/architecture.md#runtime-contract): parsed as JSON only when
 * the content type is `application/json`; any other body is left unread and Apollo answers the
 * request as it does for a body it cannot use (CSRF prevention, "POST body missing"). What is
 * parsed is at most 1 MB, measured after decompression (`gzip`, `deflate`, `br`, `zstd` where
 * Node has it: a router may compress subgraph requests), in UTF-8 (or UTF-16LE). A compressed
 * body is limited on the wire too: empty deflate blocks or bytes after the end of a gzip stream
 * inflate to nothing, so counting the inflated bytes alone would read any number of them. Strict:
 * the body is an object or an array; an empty body is `{}`.
 *
 * Errors carry a `type` (body-parser's names) that the error border (security/http-error.handler.ts)
 * turns into a JSON 400, 413 or 415; their message never quotes the body.
 */
import type { IncomingMessage } from "node:http";
import type { Transform } from "node:stream";
import zlib from "node:zlib";

/** 1 MB, as express.json's `limit: "1mb"` counted it. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export type BodyErrorType =
  | "entity.parse.failed"
  | "entity.too.large"
  | "encoding.unsupported"
  | "encoding.failed"
  | "charset.unsupported"
  | "request.aborted";

export class BodyError extends Error {
  override name = "BodyError";
  constructor(readonly type: BodyErrorType) {
    super(type);
  }
}

/** The charsets a JSON body may use (RFC 8259 §8.1 says UTF-8; body-parser also took UTF-16). */
const DECODERS: Record<string, BufferEncoding> = {
  "utf-8": "utf8",
  utf8: "utf8",
  "utf-16le": "utf16le",
};

/** `application/json` with any parameters, case-insensitive, and its charset parameter. */
function jsonMediaType(header: string | undefined): { charset: string } | null {
  if (!header) return null;
  const [type, ...parameters] = header.split(";");
  if (type.trim().toLowerCase() !== "application/json") return null;
  let charset = "utf-8";
  for (const parameter of parameters) {
    const equals = parameter.indexOf("=");
    if (equals === -1) continue;
    if (parameter.slice(0, equals).trim().toLowerCase() !== "charset") continue;
    charset = parameter
      .slice(equals + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .toLowerCase();
  }
  return { charset };
}

/** A body is announced by `transfer-encoding` or a numeric `content-length` (even 0). */
function hasBody(request: IncomingMessage): boolean {
  const length = request.headers["content-length"];
  return (
    request.headers["transfer-encoding"] !== undefined ||
    (length !== undefined && /^\s*\d+\s*$/.test(length))
  );
}

function decompressor(encoding: string): Transform | null {
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip();
    case "deflate":
      return zlib.createInflate();
    case "br":
      return zlib.createBrotliDecompress();
    case "zstd":
      return "createZstdDecompress" in zlib
        ? (zlib as unknown as { createZstdDecompress(): Transform }).createZstdDecompress()
        : null;
    default:
      return null;
  }
}

/**
 * Collects `stream` up to `limit` bytes, and at most `limit` bytes of `request` when `inflate`
 * reads it (the compressed bytes are counted as they arrive). On any failure the request is left flowing (its rest is
 * discarded), so the answer can still be sent on a connection that stays usable.
 */
function collect(
  request: IncomingMessage,
  inflate: Transform | null,
  limit: number,
): Promise<Buffer> {
  const stream = inflate ?? request;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let wireSize = 0;
    let settled = false;
    let inflated = false;
    const cleanup = () => {
      settled = true;
      request.off("data", onWireData);
      request.off("end", onRequestEnd);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("error", onError);
      request.off("close", onClose);
      if (inflate) {
        request.unpipe(inflate);
        inflate.on("error", () => undefined);
        inflate.destroy();
      }
      // Whatever is still coming is read and dropped.
      request.resume();
    };
    const fail = (type: BodyErrorType) => {
      if (settled) return;
      cleanup();
      reject(new BodyError(type));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        fail("entity.too.large");
        return;
      }
      chunks.push(chunk);
    };
    const onWireData = (chunk: Buffer) => {
      wireSize += chunk.length;
      if (wireSize > limit) fail("entity.too.large");
    };
    const finish = () => {
      if (settled) return;
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onEnd = () => {
      if (settled) return;
      if (inflate && !request.readableEnded) {
        // The compressed stream ended before the request: what follows is counted against the
        // limit until the request ends, then dropped.
        inflated = true;
        request.unpipe(inflate);
        request.resume();
        return;
      }
      finish();
    };
    const onRequestEnd = () => {
      if (inflated) finish();
    };
    // A request stream fails only when its connection does; a decompressor on bad input.
    const onError = () => fail(inflate ? "encoding.failed" : "request.aborted");
    const onClose = () => {
      if (!request.complete) fail("request.aborted");
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    request.on("close", onClose);
    if (inflate) {
      request.on("data", onWireData);
      request.on("end", onRequestEnd);
      request.pipe(inflate);
    }
    // Gone while the guards ran (a JWKS fetch): its `close` has passed, and no event would come.
    if (request.destroyed) fail("request.aborted");
  });
}

/** RFC 8259 §2 whitespace, then the first character. */
const FIRST_CHARACTER = /^[ \t\n\r]*(.)/s;

function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = FIRST_CHARACTER.exec(text)?.[1];
  if (first !== "{" && first !== "[") throw new BodyError("entity.parse.failed");
  try {
    return JSON.parse(text);
  } catch {
    // Never the SyntaxError: its message quotes the text around the fault.
    throw new BodyError("entity.parse.failed");
  }
}

/**
 * The parsed JSON body of `request`, or undefined when it has none or it is not
 * `application/json` (that body is not read). Throws a BodyError.
 */
export async function readJsonBody(
  request: IncomingMessage,
  options: {
    limit?: number;
    /** Called once the body is going to be read (not for a body refused unread). */
    beforeRead?: () => void;
  } = {},
): Promise<unknown> {
  const limit = options.limit ?? BODY_LIMIT_BYTES;
  if (!hasBody(request)) return undefined;
  const mediaType = jsonMediaType(request.headers["content-type"]);
  if (!mediaType) return undefined;
  const decoding = DECODERS[mediaType.charset];
  if (!decoding) throw new BodyError("charset.unsupported");
  const contentEncoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  let inflate: Transform | null = null;
  if (contentEncoding !== "identity") {
    inflate = decompressor(contentEncoding);
    if (!inflate) throw new BodyError("encoding.unsupported");
  }
  const length = Number(request.headers["content-length"]);
  // Announced too large (compressed or not): refused before a byte is read.
  if (Number.isFinite(length) && length > limit) {
    inflate?.destroy();
    request.resume();
    throw new BodyError("entity.too.large");
  }
  options.beforeRead?.();
  const buffer = await collect(request, inflate, limit);
  let text = buffer.toString(decoding);
  // A byte order mark is not JSON; body-parser's decoder dropped it too.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parseStrict(text);
}
