import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startDnsServer, type TestDnsServer } from "../../test/support/dns-server.ts";
import { createHostLookup, type HostLookupOptions } from "./host-lookup.ts";

let dns: TestDnsServer;

beforeAll(async () => {
  dns = await startDnsServer(
    {
      "both.test": { A: ["192.0.2.1", "192.0.2.2"], AAAA: ["2001:db8::1"] },
      "v4only.test": { A: ["192.0.2.10"] },
      "v6only.test": { AAAA: ["2001:db8::10"] },
      "empty.test": {},
      "xn--bcher-kva.test": { A: ["192.0.2.20"] },
    },
    { silent: ["slow.test"], servfail: ["broken.test"] },
  );
});
afterAll(() => dns.close());
beforeEach(() => {
  dns.queries.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

function lookup(over: Partial<HostLookupOptions> = {}) {
  return createHostLookup({
    servers: [dns.address],
    timeoutMs: 2000,
    tries: 1,
    cacheSeconds: 300,
    negativeCacheSeconds: 60,
    ...over,
  });
}

const typesAsked = () => dns.queries.map((q) => `${q.name} ${q.type}`).sort();

describe("answers", () => {
  it("returns the A and AAAA addresses together, IPv4 first", async () => {
    expect(await lookup().resolve("both.test")).toEqual({
      host: "both.test",
      addresses: ["192.0.2.1", "192.0.2.2", "2001:db8::1"],
    });
    expect(typesAsked()).toEqual(["both.test A", "both.test AAAA"]);
  });

  it("takes a name with addresses of only one family as an answer, not an error", async () => {
    const l = lookup();
    expect(await l.resolve("v4only.test")).toEqual({
      host: "v4only.test",
      addresses: ["192.0.2.10"],
    });
    expect(await l.resolve("v6only.test")).toEqual({
      host: "v6only.test",
      addresses: ["2001:db8::10"],
    });
  });

  it("reports a name that does not exist as NXDOMAIN", async () => {
    expect(await lookup().resolve("nowhere.test")).toEqual({
      host: "nowhere.test",
      addresses: [],
      error: "NXDOMAIN",
    });
  });

  it("reports a name without address records", async () => {
    expect(await lookup().resolve("empty.test")).toEqual({
      host: "empty.test",
      addresses: [],
      error: "no address records",
    });
  });

  it("reports SERVFAIL", async () => {
    expect(await lookup().resolve("broken.test")).toEqual({
      host: "broken.test",
      addresses: [],
      error: "SERVFAIL",
    });
  });

  it("reports a server that never answers as a timeout", async () => {
    const started = Date.now();
    const r = await lookup({ timeoutMs: 200, tries: 1 }).resolve("slow.test");
    expect(r).toEqual({ host: "slow.test", addresses: [], error: "timeout" });
    expect(typesAsked()).toEqual(["slow.test A", "slow.test AAAA"]);
    // Node checks c-ares' timers on a tick of timeoutMs, so the wait is up to about twice it.
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("normalises case and a trailing dot", async () => {
    const l = lookup();
    const r = await l.resolve("Both.TEST.");
    expect(r).toEqual({ host: "both.test", addresses: ["192.0.2.1", "192.0.2.2", "2001:db8::1"] });
    expect(await l.resolve("both.test")).toEqual(r);
    expect(typesAsked()).toEqual(["both.test A", "both.test AAAA"]);
  });

  it("asks for an internationalised name in its ASCII form", async () => {
    expect(await lookup().resolve("Bücher.test")).toEqual({
      host: "xn--bcher-kva.test",
      addresses: ["192.0.2.20"],
    });
  });

  it("returns an IP literal as it is, without a query", async () => {
    const l = lookup();
    expect(await l.resolve("192.0.2.7")).toEqual({ host: "192.0.2.7", addresses: ["192.0.2.7"] });
    expect(await l.resolve("2001:DB8::7")).toEqual({
      host: "2001:db8::7",
      addresses: ["2001:db8::7"],
    });
    expect(await l.resolve("[2001:db8::7]")).toEqual({
      host: "2001:db8::7",
      addresses: ["2001:db8::7"],
    });
    expect(dns.queries).toEqual([]);
  });

  it("refuses names that are not DNS names, without a query", async () => {
    const l = lookup();
    const bad = [
      "",
      ".",
      "exa mple.test",
      " both.test",
      "a..test",
      ".both.test",
      "both.test..",
      "*.both.test",
      "both.test/path",
      `${"a".repeat(64)}.test`,
      `${"abcdefghi.".repeat(25)}test`, // 254 characters
      "192.0.2.300",
    ];
    for (const host of bad) {
      expect(await l.resolve(host), host).toEqual({
        host,
        addresses: [],
        error: "invalid host name",
      });
    }
    expect(dns.queries).toEqual([]);
  });

  it("accepts a name of exactly 253 characters", async () => {
    const name = `${"abcdefghi.".repeat(24)}abcdefgh.test`;
    expect(name.length).toBe(253);
    const l = lookup();
    expect(await l.resolve(name)).toEqual({ host: name, addresses: [], error: "NXDOMAIN" });
    // The root's dot is not part of the limit.
    expect(await l.resolve(`${name}.`)).toEqual({ host: name, addresses: [], error: "NXDOMAIN" });
  });
});

describe("cache", () => {
  it("answers a second lookup from the cache", async () => {
    const l = lookup();
    const first = await l.resolve("both.test");
    first.addresses.push("198.51.100.1"); // a caller changing its copy changes nothing else
    expect(await l.resolve("both.test")).toEqual({
      host: "both.test",
      addresses: ["192.0.2.1", "192.0.2.2", "2001:db8::1"],
    });
    expect(typesAsked()).toEqual(["both.test A", "both.test AAAA"]);
  });

  it("asks again every time when cacheSeconds is 0", async () => {
    const l = lookup({ cacheSeconds: 0 });
    await l.resolve("v4only.test");
    await l.resolve("v4only.test");
    expect(dns.queries).toHaveLength(4);
  });

  it("forgets an answer after cacheSeconds and sees the zone's change", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const l = lookup({ cacheSeconds: 30 });
    dns.set("moving.test", { A: ["192.0.2.30"] });
    expect((await l.resolve("moving.test")).addresses).toEqual(["192.0.2.30"]);
    dns.set("moving.test", { A: ["192.0.2.31"] });
    vi.advanceTimersByTime(29_000);
    expect((await l.resolve("moving.test")).addresses).toEqual(["192.0.2.30"]);
    vi.advanceTimersByTime(2_000);
    expect((await l.resolve("moving.test")).addresses).toEqual(["192.0.2.31"]);
    expect(dns.queries).toHaveLength(4);
  });

  it("keeps addresses no longer than the TTL the zone gave them", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const l = lookup({ cacheSeconds: 3600 });
    await l.resolve("v4only.test");
    vi.advanceTimersByTime(59_000); // the test server's TTL is 60 s
    await l.resolve("v4only.test");
    expect(dns.queries).toHaveLength(2);
    vi.advanceTimersByTime(2_000);
    await l.resolve("v4only.test");
    expect(dns.queries).toHaveLength(4);
  });

  it("remembers a name that does not exist for negativeCacheSeconds", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const l = lookup({ negativeCacheSeconds: 600 });
    await l.resolve("nowhere.test");
    await l.resolve("empty.test");
    vi.advanceTimersByTime(599_000);
    expect(await l.resolve("nowhere.test")).toMatchObject({ error: "NXDOMAIN" });
    expect(await l.resolve("empty.test")).toMatchObject({ error: "no address records" });
    expect(dns.queries).toHaveLength(4);
    vi.advanceTimersByTime(2_000);
    await l.resolve("nowhere.test");
    expect(dns.queries).toHaveLength(6);
  });

  it("does not remember negative answers when negativeCacheSeconds is 0", async () => {
    const l = lookup({ negativeCacheSeconds: 0 });
    await l.resolve("nowhere.test");
    await l.resolve("nowhere.test");
    expect(dns.queries).toHaveLength(4);
  });

  it("holds a server failure for at most 30 seconds", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    const l = lookup({ negativeCacheSeconds: 3600 });
    await l.resolve("broken.test");
    const asked = dns.queries.length;
    vi.advanceTimersByTime(29_000);
    expect(await l.resolve("broken.test")).toMatchObject({ error: "SERVFAIL" });
    expect(dns.queries).toHaveLength(asked);
    vi.advanceTimersByTime(2_000);
    await l.resolve("broken.test");
    expect(dns.queries.length).toBeGreaterThan(asked);
  });

  it("shares one query between concurrent lookups of the same name", async () => {
    const l = lookup({ cacheSeconds: 0 });
    const results = await Promise.all([
      l.resolve("both.test"),
      l.resolve("BOTH.test."),
      l.resolve("v4only.test"),
    ]);
    expect(results.map((r) => r.addresses)).toEqual([
      ["192.0.2.1", "192.0.2.2", "2001:db8::1"],
      ["192.0.2.1", "192.0.2.2", "2001:db8::1"],
      ["192.0.2.10"],
    ]);
    expect(typesAsked()).toEqual([
      "both.test A",
      "both.test AAAA",
      "v4only.test A",
      "v4only.test AAAA",
    ]);
    // Once the shared query is over, nothing of it stays behind when there is no cache.
    await l.resolve("both.test");
    expect(dns.queries).toHaveLength(6);
  });
});

describe("options", () => {
  it("refuses a bad server string when it is created", () => {
    for (const server of [
      "bad",
      "localhost",
      "127.0.0.1:",
      "127.0.0.1:0",
      "127.0.0.1:99999",
      "127.0.0.1:53x",
      "[127.0.0.1]:53",
      "[::1",
      "::1]:53",
      "",
    ]) {
      expect(() => lookup({ servers: [server] }), server).toThrow(
        `invalid DNS server ${JSON.stringify(server)}`,
      );
    }
  });

  it("accepts addresses with and without ports", () => {
    expect(() =>
      lookup({ servers: ["192.0.2.53", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::53]:53"] }),
    ).not.toThrow();
    expect(() => lookup({ servers: [] })).not.toThrow();
  });

  it("refuses timeouts, tries and cache times that cannot work", () => {
    expect(() => lookup({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => lookup({ timeoutMs: 1.5 })).toThrow(/timeoutMs/);
    expect(() => lookup({ tries: 0 })).toThrow(/tries/);
    expect(() => lookup({ cacheSeconds: -1 })).toThrow(/cacheSeconds/);
    expect(() => lookup({ negativeCacheSeconds: Number.NaN })).toThrow(/negativeCacheSeconds/);
  });
});
