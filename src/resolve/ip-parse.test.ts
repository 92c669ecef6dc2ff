import { describe, expect, it } from "vitest";
import { isMappedIPv4, parseIPv4, parseIPv6 } from "./ip-parse.ts";

const v6 = (s: string): string | null => {
  const w = new Uint32Array(4);
  return parseIPv6(s, w) ? Array.from(w, (x) => x.toString(16).padStart(8, "0")).join("") : null;
};

describe("parseIPv4", () => {
  it("parses dotted quads to unsigned numbers", () => {
    expect(parseIPv4("0.0.0.0")).toBe(0);
    expect(parseIPv4("255.255.255.255")).toBe(4294967295);
    expect(parseIPv4("192.0.2.1")).toBe(0xc0000201);
    expect(parseIPv4("010.001.002.003")).toBe(0x0a010203);
  });

  it("parses a slice", () => {
    expect(parseIPv4("x1.2.3.4y", 1, 8)).toBe(0x01020304);
  });

  it("rejects everything else", () => {
    for (const s of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "1.2.3.256",
      "1..2.3",
      ".1.2.3",
      "1.2.3.",
      "1.2.3.4 ",
      " 1.2.3.4",
      "0x1.2.3.4",
      "1.2.3.0004",
      "1.2.3.-4",
      "3232235777",
      "1.2.3.4/24",
    ]) {
      expect(parseIPv4(s), s).toBe(-1);
    }
  });
});

describe("parseIPv6", () => {
  it("parses compressed, uncompressed and mixed forms in any case", () => {
    expect(v6("::")).toBe("0".repeat(32));
    expect(v6("::1")).toBe(`${"0".repeat(31)}1`);
    expect(v6("1::")).toBe(`0001${"0".repeat(28)}`);
    expect(v6("2001:db8::1")).toBe("20010db8000000000000000000000001");
    expect(v6("2001:0DB8:0000:0000:0000:0000:0000:0001")).toBe("20010db8000000000000000000000001");
    expect(v6("1:2:3:4:5:6:7:8")).toBe("00010002000300040005000600070008");
    expect(v6("1:2:3:4:5:6:7::")).toBe("00010002000300040005000600070000");
    expect(v6("::2:3:4:5:6:7:8")).toBe("00000002000300040005000600070008");
    expect(v6("::ffff:192.0.2.1")).toBe("00000000000000000000ffffc0000201");
    expect(v6("1:2:3:4:5:6:1.2.3.4")).toBe("00010002000300040005000601020304");
    expect(v6("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).toBe("f".repeat(32));
  });

  it("rejects malformed addresses and zone ids", () => {
    for (const s of [
      "",
      ":",
      ":::",
      "1:",
      ":1",
      "1::2::3",
      "1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7:8::",
      "::1:2:3:4:5:6:7:8",
      "12345::",
      "fe80::1%eth0",
      "g::1",
      "::ffff:256.0.0.1",
      "::ffff:1.2.3",
      "1:2:3:4:5:6:7:1.2.3.4",
      "::1.2.3.4:5",
      "1.2.3.4",
      " ::1",
      "::1 ",
    ]) {
      expect(v6(s), s).toBeNull();
    }
  });

  it("recognises IPv4-mapped addresses", () => {
    const w = new Uint32Array(4);
    expect(parseIPv6("::FFFF:c000:0201", w) && isMappedIPv4(w)).toBe(true);
    expect(w[3]).toBe(0xc0000201);
    expect(parseIPv6("::1.2.3.4", w) && isMappedIPv4(w)).toBe(false);
  });
});
