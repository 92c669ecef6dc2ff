import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./canonical-json.ts";

describe("canonical JSON", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("is the same for objects built in different orders", () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });

  it("escapes strings as JSON does, and keeps non-ASCII text as is", () => {
    expect(canonicalJson({ s: 'a"b\n', j: "日本" })).toBe('{"j":"日本","s":"a\\"b\\n"}');
  });

  it("writes dates as ISO strings and refuses non-finite numbers", () => {
    expect(canonicalJson({ t: new Date("2026-01-02T03:04:05.000Z") })).toBe(
      '{"t":"2026-01-02T03:04:05.000Z"}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });

  it("hashes with SHA-256 as other tools do", () => {
    // printf '%s' '{"a":1}' | sha256sum
    expect(sha256Hex(canonicalJson({ a: 1 }))).toBe(
      "015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862",
    );
  });
});
