import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { type Assignment, IpIndex } from "./ip-index.ts";

interface Item extends Assignment {
  id: string;
}

const T = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const a = (id: string, cidr: string, validFrom = 0, validTo: number | null = null): Item => ({
  id,
  cidr,
  validFrom,
  validTo,
});
const idAt = (index: IpIndex<Item>, ip: string, at = T) => index.lookup(ip, at)?.id ?? null;

describe("IpIndex", () => {
  it("returns the most specific block holding the address", () => {
    const index = IpIndex.build([
      a("big", "192.0.0.0/16"),
      a("mid", "192.0.2.0/24"),
      a("small", "192.0.2.128/25"),
      a("host", "192.0.2.200/32"),
      a("other", "198.51.100.0/24"),
    ]);
    expect(index.size).toBe(5);
    expect(idAt(index, "192.0.1.1")).toBe("big");
    expect(idAt(index, "192.0.2.1")).toBe("mid");
    expect(idAt(index, "192.0.2.129")).toBe("small");
    expect(idAt(index, "192.0.2.200")).toBe("host");
    expect(idAt(index, "192.0.2.201")).toBe("small");
    expect(idAt(index, "192.0.3.0")).toBe("big");
    expect(idAt(index, "198.51.100.7")).toBe("other");
    expect(idAt(index, "203.0.113.1")).toBeNull();
  });

  it("does not depend on input order", () => {
    const items = [
      a("host", "192.0.2.200/32"),
      a("mid", "192.0.2.0/24"),
      a("small", "192.0.2.128/25"),
      a("big", "192.0.0.0/16"),
    ];
    const index = IpIndex.build(items);
    const reversed = IpIndex.build([...items].reverse());
    for (const ip of ["192.0.1.1", "192.0.2.1", "192.0.2.129", "192.0.2.200", "192.0.2.255"]) {
      expect(idAt(reversed, ip)).toBe(idAt(index, ip));
    }
  });

  it("honours validity periods: the old holder before T, the new one from T", () => {
    const index = IpIndex.build([
      a("old", "192.0.2.0/24", T - 100 * DAY, T),
      a("new", "192.0.2.0/24", T, null),
      a("parent", "192.0.0.0/16", T - 1000 * DAY, null),
    ]);
    expect(idAt(index, "192.0.2.9", T - 1)).toBe("old");
    expect(idAt(index, "192.0.2.9", T)).toBe("new");
    expect(idAt(index, "192.0.2.9", T + 365 * DAY)).toBe("new");
    // Before the /24 was assigned at all, the enclosing /16 answers.
    expect(idAt(index, "192.0.2.9", T - 200 * DAY)).toBe("parent");
    expect(idAt(index, "192.0.2.9", T - 2000 * DAY)).toBeNull();
    expect(idAt(index, "192.0.2.9", Number.NaN)).toBeNull();
  });

  it("falls back to the parent once a nested block is closed", () => {
    const index = IpIndex.build([a("parent", "10.0.0.0/8"), a("child", "10.1.0.0/16", 0, T)]);
    expect(idAt(index, "10.1.2.3", T - 1)).toBe("child");
    expect(idAt(index, "10.1.2.3", T)).toBe("parent");
  });

  it("prefers the latest validFrom among overlapping periods of one CIDR", () => {
    const index = IpIndex.build([
      a("first", "2001:db8::/32", T - 10 * DAY, null),
      a("second", "2001:db8::/32", T - 5 * DAY, T + 5 * DAY),
    ]);
    expect(idAt(index, "2001:db8::1", T - 7 * DAY)).toBe("first");
    expect(idAt(index, "2001:db8::1", T)).toBe("second");
    expect(idAt(index, "2001:db8::1", T + 5 * DAY)).toBe("first");
  });

  it("breaks an exact tie in favour of the later input item", () => {
    const index = IpIndex.build([a("one", "192.0.2.0/24", T), a("two", "192.0.2.0/24", T)]);
    expect(idAt(index, "192.0.2.1")).toBe("two");
  });

  it("handles IPv6 in any textual form", () => {
    const index = IpIndex.build([
      a("site", "2001:db8:1234::/48"),
      a("subnet", "2001:db8:1234:5678::/64"),
      a("host", "2001:db8:1234:5678::1/128"),
    ]);
    expect(idAt(index, "2001:db8:1234:1::1")).toBe("site");
    expect(idAt(index, "2001:db8:1234:5678::2")).toBe("subnet");
    expect(idAt(index, "2001:DB8:1234:5678::1")).toBe("host");
    expect(idAt(index, "2001:0db8:1234:5678:0000:0000:0000:0001")).toBe("host");
    expect(idAt(index, "2001:db8:1235::")).toBeNull();
    expect(idAt(index, "2001:db8:1233:ffff:ffff:ffff:ffff:ffff")).toBeNull();
    expect(idAt(index, "192.0.2.1")).toBeNull();
  });

  it("looks IPv4-mapped IPv6 addresses up in the IPv4 table", () => {
    const index = IpIndex.build([
      a("v4", "192.0.2.0/24"),
      a("mapped-block", "::ffff:198.51.100.0/120"),
      a("v6", "::/0"),
    ]);
    expect(idAt(index, "::ffff:192.0.2.1")).toBe("v4");
    expect(idAt(index, "::FFFF:c000:201")).toBe("v4");
    expect(idAt(index, "0:0:0:0:0:ffff:192.0.2.1")).toBe("v4");
    expect(idAt(index, "::ffff:198.51.100.1")).toBe("mapped-block");
    expect(idAt(index, "198.51.100.1")).toBe("mapped-block");
    expect(idAt(index, "::ffff:203.0.113.1")).toBeNull();
    expect(idAt(index, "2001:db8::1")).toBe("v6");
  });

  it("gets block boundaries exactly right", () => {
    const index = IpIndex.build([
      a("v4", "192.0.2.0/24"),
      a("v6", "2001:db8::/32"),
      a("hi", "255.255.255.0/24"),
      a("lo", "0.0.0.0/24"),
      a("hi6", "ffff::/16"),
    ]);
    expect(idAt(index, "192.0.2.0")).toBe("v4");
    expect(idAt(index, "192.0.2.255")).toBe("v4");
    expect(idAt(index, "192.0.1.255")).toBeNull();
    expect(idAt(index, "192.0.3.0")).toBeNull();
    expect(idAt(index, "2001:db8::")).toBe("v6");
    expect(idAt(index, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).toBe("v6");
    expect(idAt(index, "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).toBeNull();
    expect(idAt(index, "2001:db9::")).toBeNull();
    expect(idAt(index, "255.255.255.255")).toBe("hi");
    expect(idAt(index, "255.255.254.255")).toBeNull();
    expect(idAt(index, "0.0.0.0")).toBe("lo");
    expect(idAt(index, "0.0.1.0")).toBeNull();
    expect(idAt(index, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).toBe("hi6");
  });

  it("handles /0, /32 and /128", () => {
    const index = IpIndex.build([
      a("all4", "0.0.0.0/0"),
      a("one4", "192.0.2.1/32"),
      a("all6", "::/0"),
      a("one6", "2001:db8::1/128"),
      a("bare", "198.51.100.1"),
    ]);
    expect(idAt(index, "8.8.8.8")).toBe("all4");
    expect(idAt(index, "192.0.2.1")).toBe("one4");
    expect(idAt(index, "192.0.2.2")).toBe("all4");
    expect(idAt(index, "198.51.100.1")).toBe("bare");
    expect(idAt(index, "2001:db8::1")).toBe("one6");
    expect(idAt(index, "2001:db8::2")).toBe("all6");
    expect(idAt(index, "::")).toBe("all6");
  });

  it("returns null for invalid lookups instead of throwing", () => {
    const index = IpIndex.build([a("all4", "0.0.0.0/0"), a("all6", "::/0")]);
    for (const s of [
      "",
      "example.com",
      "192.0.2",
      "192.0.2.256",
      "192.0.2.1/32",
      " 192.0.2.1",
      "fe80::1%eth0",
      "1::2::3",
      "::ffff:1.2.3",
      "http://192.0.2.1/",
    ]) {
      expect(idAt(index, s), s).toBeNull();
    }
    expect(index.lookup(undefined as unknown as string, T)).toBeNull();
  });

  it("works with an empty inventory", () => {
    const index = IpIndex.build<Item>([]);
    expect(index.size).toBe(0);
    expect(idAt(index, "192.0.2.1")).toBeNull();
    expect(idAt(index, "2001:db8::1")).toBeNull();
  });

  it("rejects invalid CIDRs with an error naming them", () => {
    expect(() => IpIndex.build([a("x", "192.0.2.5/24")])).toThrow(
      /"192\.0\.2\.5\/24".*host bits.*192\.0\.2\.0\/24/,
    );
    expect(() => IpIndex.build([a("x", "2001:db8::1/64")])).toThrow(/"2001:db8::1\/64".*host bits/);
    for (const bad of ["192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "nonsense/8", "10/8", ""]) {
      expect(() => IpIndex.build([a("x", bad)]), bad).toThrow(JSON.stringify(bad));
    }
    expect(() => IpIndex.build([a("x", "192.0.2.0/24", T, T)])).toThrow(/validTo/);
    expect(() => IpIndex.build([a("x", "192.0.2.0/24", Number.NaN)])).toThrow(/validFrom/);
  });

  it("agrees with a brute-force reference on random inventories", () => {
    let hits = 0;
    for (const seed of [1, 2, 3, 4]) {
      const random = mulberry32(seed);
      const int = (n: number) => Math.floor(random() * n);
      const items: Item[] = [];
      const cidrs: string[] = [];
      // Addresses from a small region so that blocks nest often and lookups hit.
      const v4Base = 0xc6120000;
      for (let i = 0; i < 300; i++) {
        let cidr: string;
        if (cidrs.length > 0 && random() < 0.25) {
          cidr = cidrs[int(cidrs.length)] as string;
        } else if (random() < 0.6) {
          const prefix = 16 + int(17);
          const addr = (v4Base + int(65536)) >>> 0;
          const net = prefix === 0 ? 0 : (addr & (~0 << (32 - prefix))) >>> 0;
          cidr = `${ipaddr.fromByteArray([net >>> 24, (net >>> 16) & 255, (net >>> 8) & 255, net & 255]).toString()}/${prefix}`;
        } else {
          const prefix = 112 + int(17);
          const low = int(65536);
          const net = prefix === 128 ? low : low & (0xffff << (128 - prefix)) & 0xffff;
          cidr = `2001:db8::${net.toString(16)}/${prefix}`;
        }
        cidrs.push(cidr);
        const from = int(100);
        const to = random() < 0.5 ? null : from + 1 + int(50);
        items.push(a(`n${i}`, cidr, from, to));
      }
      const index = IpIndex.build(items);
      const ref = reference(items);
      for (let i = 0; i < 2000; i++) {
        const at = int(160) - 5;
        let ip: string;
        if (random() < 0.6) {
          const n = (v4Base - 256 + int(65536 + 512)) >>> 0;
          ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
          if (random() < 0.1) ip = `::ffff:${ip}`;
        } else {
          const low = int(65536);
          const hi = random() < 0.9 ? 0 : int(3);
          const full = [0x2001, 0xdb8, 0, 0, 0, 0, hi, low];
          ip =
            random() < 0.5
              ? ipaddr.fromByteArray(full.flatMap((g) => [g >> 8, g & 255])).toString()
              : full.map((g) => g.toString(16).padStart(4, "0").toUpperCase()).join(":");
        }
        const want = ref(ip, at);
        if (want !== null) hits++;
        expect(idAt(index, ip, at), `${ip} at ${at} (seed ${seed})`).toBe(want);
      }
    }
    // The comparison means little unless a good share of the lookups find something.
    expect(hits).toBeGreaterThan(2000);
  });
});

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks every item with ipaddr.js: slow, obviously right. */
function reference(items: Item[]) {
  const parsed = items.map((it, index) => {
    const [net, prefix] = ipaddr.parseCIDR(it.cidr);
    return { it, index, net, prefix };
  });
  return (ip: string, at: number): string | null => {
    let addr = ipaddr.parse(ip);
    if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
      addr = (addr as ipaddr.IPv6).toIPv4Address();
    }
    let best: (typeof parsed)[number] | null = null;
    for (const p of parsed) {
      if (p.net.kind() !== addr.kind() || !addr.match(p.net, p.prefix)) continue;
      if (!(p.it.validFrom <= at && (p.it.validTo === null || at < p.it.validTo))) continue;
      if (
        !best ||
        p.prefix > best.prefix ||
        (p.prefix === best.prefix &&
          (p.it.validFrom > best.it.validFrom ||
            (p.it.validFrom === best.it.validFrom && p.index > best.index)))
      ) {
        best = p;
      }
    }
    return best?.it.id ?? null;
  };
}
