import { describe, expect, it } from "vitest";
import { Random } from "../demo/random.ts";
import { Event } from "./event.ts";
import {
  asNumber,
  cidr,
  countryCode,
  emailAddress,
  hostName,
  hostNameCareful,
  ipAddress,
  ipAddressCareful,
  port,
  utcTime,
} from "./fields.ts";

/** Values of every shape a report or a feed may hold: canonical, nearly so, and broken. */
class Values {
  constructor(private readonly r: Random) {}

  private octet(): string {
    const r = this.r;
    const v = r.chance(0.1) ? r.int(256, 999) : r.int(0, 255);
    return r.chance(0.1) ? String(v).padStart(3, "0") : String(v);
  }

  ip(): string {
    const r = this.r;
    const shape = r.int(0, 9);
    if (shape <= 4) return Array.from({ length: 4 }, () => this.octet()).join(".");
    if (shape === 5) return Array.from({ length: r.int(1, 5) }, () => this.octet()).join(".");
    if (shape === 6) return `::ffff:${[1, 2, 3, 4].map(() => this.octet()).join(".")}`;
    const groups = Array.from({ length: 8 }, () => r.int(0, 0xffff).toString(16));
    if (r.chance(0.3)) groups.splice(r.int(1, 6), r.int(1, 3), "");
    let v = groups.join(":").replace(/:::+/, "::");
    if (r.chance(0.2)) v = v.toUpperCase();
    if (r.chance(0.1)) v = `[${v}]`;
    if (r.chance(0.05)) v = `${v}%eth0`;
    return v;
  }

  private label(): string {
    const r = this.r;
    const chars = "abcdefghijklmnopqrstuvwxyz0123456789-_";
    const odd = ["A", "Z", "é", "例", " ", "*", "/", ":", "@", "Ｘ"];
    const n = r.chance(0.02) ? 64 : r.int(1, 12);
    let s = "";
    for (let i = 0; i < n; i++) s += r.chance(0.03) ? r.pick(odd) : r.pick([...chars]);
    return r.chance(0.1) ? String(r.int(0, 999)) : s;
  }

  host(): string {
    const r = this.r;
    let v = Array.from({ length: r.int(1, 4) }, () => this.label()).join(".");
    if (r.chance(0.1)) v += ".";
    if (r.chance(0.05)) v = ` ${v} `;
    if (r.chance(0.05)) v = v.replace(".", "..");
    return v;
  }

  digits(): string {
    const r = this.r;
    const v = String(r.int(0, r.chance(0.5) ? 70_000 : 5_000_000_000));
    if (r.chance(0.1)) return `AS${v}`;
    if (r.chance(0.05)) return `${v}x`;
    return r.chance(0.05) ? "" : v;
  }
}

const random = () => new Values(new Random(20261128));
const N = 5000;

describe("the readers' fast paths agree with the careful ones", () => {
  it("IP addresses", () => {
    const v = random();
    for (let i = 0; i < N; i++) {
      const x = v.ip();
      expect(ipAddress(x), x).toBe(ipAddressCareful(x));
    }
  });

  it("host names, and a clean name stays as it is", () => {
    const v = random();
    for (let i = 0; i < N; i++) {
      const x = v.host();
      const clean = hostName(x);
      expect(clean, x).toBe(hostNameCareful(x));
      if (clean !== null) expect(hostName(clean), x).toBe(clean);
    }
  });

  it("a value read where it lies in a row is the value read on its own", () => {
    const v = random();
    for (let i = 0; i < N; i++) {
      const values = [v.ip(), v.host(), v.digits(), v.digits()];
      const row = `x,${values.join(",")},y`;
      let at = 2;
      const [ip, host, a, b] = values.map((s) => {
        const bounds: [number, number] = [at, at + s.length];
        at += s.length + 1;
        return bounds;
      }) as [[number, number], [number, number], [number, number], [number, number]];
      expect(ipAddress(row, ...ip)).toBe(ipAddress(values[0] as string));
      expect(hostName(row, ...host)).toBe(hostName(values[1] as string));
      expect(port(row, ...a)).toBe(port(values[2] as string));
      expect(asNumber(row, ...b)).toBe(asNumber(values[3] as string));
      expect(countryCode(row, a[0], a[0] + 2)).toBe(countryCode(row.slice(a[0], a[0] + 2)));
    }
  });

  it("ports and AS numbers are what their digits say, within range", () => {
    const v = random();
    for (let i = 0; i < N; i++) {
      const x = v.digits();
      const n = /^\d{1,5}$/.test(x) ? Number(x) : null;
      expect(port(x), x).toBe(n !== null && n <= 65535 ? n : null);
      const m = /^(?:as)?(\d{1,10})$/i.exec(x);
      expect(asNumber(x), x).toBe(m && Number(m[1]) <= 4294967295 ? Number(m[1]) : null);
    }
  });

  it("networks: refused host bits are exactly the ones zeroed, and results are canonical", () => {
    const v = random();
    const r = new Random(7);
    for (let i = 0; i < N; i++) {
      const ip = v.ip();
      const text = `${ip}/${r.int(0, ip.includes(":") ? 130 : 34)}`;
      const zero = cidr(text, { hostBits: "zero" });
      const refuse = cidr(text, { hostBits: "refuse" });
      if ("cidr" in refuse) expect(zero, text).toEqual(refuse);
      if ("cidr" in zero) expect(cidr(zero.cidr, { hostBits: "refuse" }), text).toEqual(zero);
    }
  });
});

describe("the rules decided for intake and inventory alike", () => {
  it("reads IPv4 with leading zeros as decimal, IPv4-mapped IPv6 as IPv4, refuses zone ids", () => {
    expect(ipAddress("010.000.002.001")).toBe("10.0.2.1");
    expect(ipAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(ipAddress("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(ipAddress("[2001:db8::1]")).toBe("2001:db8::1");
    expect(ipAddress("fe80::1%eth0")).toBeNull();
    expect(ipAddress("0x7f.1")).toBeNull();
    expect(ipAddress("192.0.2.256")).toBeNull();
  });

  it("zeroes host bits or refuses them, as the caller says", () => {
    expect(cidr("192.0.2.5/24", { hostBits: "zero" })).toEqual({ cidr: "192.0.2.0/24" });
    expect(cidr("192.0.2.5/24", { hostBits: "refuse" })).toEqual({
      error: '"192.0.2.5/24" has host bits set: did you mean 192.0.2.0/24?',
    });
    expect(cidr("192.0.2.5", { hostBits: "refuse" })).toEqual({ cidr: "192.0.2.5/32" });
    expect(cidr("::ffff:192.0.2.0/120", { hostBits: "zero" })).toEqual({ cidr: "192.0.2.0/24" });
    expect(cidr("::ffff:192.0.2.0/120", { hostBits: "refuse" })).toMatchObject({
      error: expect.stringMatching(/IPv4-mapped/),
    });
    // "10.1/16" is 10.1.0.0/16 to PostgreSQL and 10.0.0.1/16 to inet_aton: neither is guessed
    expect(cidr("10.1/16", { hostBits: "zero" })).toMatchObject({ error: /is not a CIDR/ });
  });

  it("keeps underscores in host names, lower-cases them and writes IDNs as punycode", () => {
    expect(hostName("a_b.example")).toBe("a_b.example");
    expect(hostName("selector._domainkey.Example.COM.")).toBe("selector._domainkey.example.com");
    expect(hostName("例え.jp")).toBe("xn--r8jz45g.jp");
    expect(hostName("ＥＸＡＭＰＬＥ．ｃｏｍ")).toBe("example.com");
    for (const bad of ["localhost", "192.0.2.1", "example.123", "*.example", "a..b", "a b.example"])
      expect(hostName(bad), bad).toBeNull();
    expect(hostName(`${"a".repeat(64)}.example`)).toBeNull();
  });

  it("reads e-mail addresses with a host name for a domain", () => {
    expect(emailAddress(" Spam@Bulk.EXAMPLE ")).toBe("spam@bulk.example");
    expect(emailAddress("x@例え.jp")).toBe("x@xn--r8jz45g.jp");
    expect(emailAddress("x@localhost")).toBeNull();
    expect(emailAddress("@example.com")).toBeNull();
  });

  it("writes times as UTC with milliseconds and refuses days that do not exist", () => {
    expect(utcTime("2026-11-28T09:14:09+09:00")).toBe("2026-11-28T00:14:09.000Z");
    expect(utcTime("2026-11-28 00:14:09Z")).toBe("2026-11-28T00:14:09.000Z");
    expect(utcTime("2026-02-30T00:00:00Z")).toBeNull();
    expect(utcTime("2026-11-28T00:14:09")).toBeNull(); // no zone
    expect(utcTime("0000-01-01T00:00:00Z")).toBeNull(); // no year PostgreSQL reads back
  });
});

describe("the Event schema is made of the rules", () => {
  const base = {
    "feed.name": "test",
    "time.observation": "2026-11-28T12:30:00.000Z",
    "classification.taxonomy": "fraud",
    "classification.type": "phishing",
  } as const;

  it("cleans what it is given", () => {
    expect(
      Event.parse({
        ...base,
        "time.source": "2026-11-28T09:00:00+09:00",
        "source.ip": "::ffff:192.0.2.1",
        "source.network": "192.0.2.5/24",
        "source.fqdn": "Shop.例え.JP.",
        "source.port": "443",
        "source.asn": "AS64500",
        "source.geolocation.cc": "jp",
        "protocol.transport": "TCP",
        "malware.name": "Emotet",
        raw: "nul\u0000here",
        extra: { note: "lone \uD800 surrogate" },
      }),
    ).toEqual({
      ...base,
      "time.source": "2026-11-28T00:00:00.000Z",
      "source.ip": "192.0.2.1",
      "source.network": "192.0.2.0/24",
      "source.fqdn": "shop.xn--r8jz45g.jp",
      "source.port": 443,
      "source.asn": 64500,
      "source.geolocation.cc": "JP",
      "protocol.transport": "tcp",
      "malware.name": "emotet",
      raw: "nul\uFFFDhere",
      extra: { note: "lone \uFFFD surrogate" },
    });
  });

  it("refuses what no rule can clean, naming the field", () => {
    const r = Event.safeParse({ ...base, "source.fqdn": "not a host", "source.port": 70000 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join("."))).toEqual(["source.port", "source.fqdn"]);
  });
});
