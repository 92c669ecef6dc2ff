import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { unwrapBytes, unwrapStream } from "./transport-encoding.ts";

const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

describe("transport encodings undone before parsing", () => {
  it("turns UTF-16 with a byte-order mark into UTF-8 and drops a UTF-8 mark", () => {
    const json = '{"category":"phishing","note":"フィッシング"}';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]);
    const be = Buffer.from(le.subarray(2)).swap16();
    const r1 = unwrapBytes(le, 1e6);
    const r2 = unwrapBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 1e6);
    const r3 = unwrapBytes(Buffer.from(`\uFEFF${json}`), 1e6);
    for (const r of [r1, r2, r3]) expect(r.ok && text(r.bytes)).toBe(json);
  });

  it("decompresses gzip, within a size limit, and says what is wrong otherwise", () => {
    const csv = "ip,port\n192.0.2.1,3389\n";
    const r = unwrapBytes(gzipSync(csv), 1e6);
    expect(r.ok && text(r.bytes)).toBe(csv);
    expect(unwrapBytes(gzipSync("x".repeat(10_000)), 100)).toEqual({
      ok: false,
      reason: "the input is gzip-compressed and larger than 100 bytes once decompressed",
    });
    const cut = gzipSync(csv).subarray(0, 12);
    const bad = unwrapBytes(cut, 1e6);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(
      /^the input is gzip-compressed but cannot be decompressed/,
    );
    const zip = unwrapBytes(Buffer.from("PK\x03\x04rest"), 1e6);
    expect(!zip.ok && zip.reason).toMatch(/ZIP archive/);
  });

  it("decompresses a streamed gzip feed and passes a plain one through", async () => {
    const csv = "a,b\n".repeat(50_000);
    const z = gzipSync(csv);
    async function* pieces(b: Uint8Array) {
      for (let i = 0; i < b.length; i += 1000) yield b.subarray(i, i + 1000);
    }
    const collect = async (s: AsyncIterable<Uint8Array>) => {
      const out: Buffer[] = [];
      for await (const p of s) out.push(Buffer.from(p));
      return Buffer.concat(out).toString("utf8");
    };
    expect(await collect(unwrapStream(pieces(z)))).toBe(csv);
    expect(await collect(unwrapStream(pieces(Buffer.from(csv))))).toBe(csv);
    expect(await collect(unwrapStream(pieces(Buffer.alloc(0))))).toBe("");
  });
});
