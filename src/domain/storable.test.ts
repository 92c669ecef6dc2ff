import { describe, expect, it } from "vitest";
import { quoteInput, storableJsonText, storableMessage, storableText } from "./storable.ts";

describe("storable text", () => {
  it("replaces NUL and lone surrogates, and leaves clean text as it is", () => {
    expect(storableText("a\u0000b")).toBe("a\uFFFDb");
    expect(storableText("x\uD800y")).toBe("x\uFFFDy");
    expect(storableText("x\uDC00")).toBe("x\uFFFD");
    const clean = "つばめ 🐦 tab\tline\n";
    expect(storableText(clean)).toBe(clean);
  });

  it("writes JSON that jsonb accepts: keys and nested strings cleaned, clean values untouched", () => {
    const dirty = { "k\u0000": ["v\u0000", { deep: "\uD83D" }], n: 1, when: new Date(0) };
    const text = storableJsonText(dirty);
    expect(text).not.toMatch(/\\u0000|\\ud83d/i);
    expect(JSON.parse(text)).toEqual({
      "k\uFFFD": ["v\uFFFD", { deep: "\uFFFD" }],
      n: 1,
      when: "1970-01-01T00:00:00.000Z",
    });
    // the text "\u0000" written by a sender (a backslash and five letters) stays as written
    expect(JSON.parse(storableJsonText({ a: "\\u0000" }))).toEqual({ a: "\\u0000" });
    expect(storableJsonText({ a: "b" })).toBe('{"a":"b"}');
  });

  it("quotes a piece of input escaped and short", () => {
    expect(quoteInput('{"a":\u0000}')).toBe('"{\\"a\\":\\u0000}"');
    expect(quoteInput("x".repeat(100), 10)).toBe(`"${"x".repeat(10)}…"`);
  });

  it("makes a message one storable line of at most the given length", () => {
    const m = storableMessage(`bad \u0000 \u0007 ${"y".repeat(2000)}`, 50);
    expect(m).toHaveLength(50);
    expect(m.startsWith("bad \uFFFD \uFFFD y")).toBe(true);
    expect(m.endsWith("…")).toBe(true);
  });
});
