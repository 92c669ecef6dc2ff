import { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";

/**
 * What a channel delivered may be wrapped: a gzip-compressed feed, JSON or CSV saved as
 * UTF-16 by a spreadsheet or an editor, a UTF-8 byte-order mark. These are undone before a
 * format is detected, so the parsers see the text the sender meant. The stored report keeps
 * the bytes as they came.
 */

const isGzip = (b: Uint8Array) => b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 0x08;
const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4;

/** The bytes a parser should read, or why there are none to read. */
export type Unwrapped =
  | { ok: true; bytes: Uint8Array; note?: string }
  | { ok: false; reason: string };

/**
 * Undoes gzip (up to `maxBytes` once decompressed) and turns UTF-16 with a byte-order mark
 * into UTF-8; drops a UTF-8 byte-order mark.
 */
export function unwrapBytes(bytes: Uint8Array, maxBytes: number): Unwrapped {
  let b = bytes;
  let note: string | undefined;
  if (isGzip(b)) {
    try {
      b = gunzipSync(b, { maxOutputLength: maxBytes });
      note = "gzip-compressed";
    } catch (e) {
      const code = (e as { code?: string }).code;
      return {
        ok: false,
        reason:
          code === "ERR_BUFFER_TOO_LARGE"
            ? `the input is gzip-compressed and larger than ${maxBytes} bytes once decompressed`
            : `the input is gzip-compressed but cannot be decompressed (${(e as Error).message})`,
      };
    }
  }
  if (isZip(b)) {
    return { ok: false, reason: "the input is a ZIP archive; send the files inside it one by one" };
  }
  if (b[0] === 0xff && b[1] === 0xfe)
    return { ok: true, bytes: utf16ToUtf8(b, "utf-16le"), note: note ?? "UTF-16LE" };
  if (b[0] === 0xfe && b[1] === 0xff)
    return { ok: true, bytes: utf16ToUtf8(b, "utf-16be"), note: note ?? "UTF-16BE" };
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  return { ok: true, bytes: b, note };
}

function utf16ToUtf8(b: Uint8Array, encoding: "utf-16le" | "utf-16be"): Uint8Array {
  return Buffer.from(new TextDecoder(encoding).decode(b.subarray(2)), "utf8");
}

/** A streamed feed, decompressed on the way when its first bytes say gzip. */
export async function* unwrapStream(stream: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  async function* all() {
    yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  if (!isGzip(first.value)) {
    yield* all();
    return;
  }
  try {
    for await (const piece of Readable.from(all()).pipe(createGunzip())) yield piece as Uint8Array;
  } catch (e) {
    // `inputProblem`: the parsers' mark for a fault of the input, which quarantines the report
    throw Object.assign(
      new Error(
        `the input is gzip-compressed but cannot be decompressed (${(e as Error).message})`,
      ),
      { inputProblem: true },
    );
  }
}
