import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../test/support/net.ts";
import {
  cannedDomain,
  cannedNetworkRangeOnly,
  cannedNetworkV6,
  cannedNetworkWithCidr0,
  startRdapServer,
  type TestRdapServer,
} from "../../test/support/rdap-server.ts";
import {
  fetchJsonDirect,
  loadBootstrap,
  RdapBootstrap,
  type RdapOptions,
  rdapBaseFor,
  rdapDomain,
  rdapIp,
} from "./rdap.ts";

/** A bootstrap from service lists, the way IANA's files lay them out. */
function bootstrapOf(services: {
  dns?: [string[], string[]][];
  ipv4?: [string[], string[]][];
  ipv6?: [string[], string[]][];
}): RdapBootstrap {
  return RdapBootstrap.parse({
    dns: { services: services.dns ?? [] },
    ipv4: { services: services.ipv4 ?? [] },
    ipv6: { services: services.ipv6 ?? [] },
    asn: { services: [] },
  });
}

let server: TestRdapServer;
let opts: RdapOptions;
let dir: string;

beforeAll(async () => {
  server = await startRdapServer({
    domains: {
      "phish-bank.example": { json: cannedDomain("phish-bank.example") },
      "broken-json.example": { body: '{"objectClassName": "domain", ' },
      "not-rdap.example": { json: { objectClassName: "entity", handle: "X" }, status: 200 },
      "html.example": { body: "<html>hello</html>", contentType: "text/html" },
      "failing.example": {
        status: 503,
        json: { errorCode: 503, title: "Service Unavailable", description: ["Try later."] },
      },
      "slow.example": "hang",
    },
    networks: {
      "192.0.2.0/24": { json: cannedNetworkWithCidr0() },
      "198.51.100.0/24": { json: cannedNetworkRangeOnly() },
      "2001:db8::/32": { json: cannedNetworkV6() },
      "203.0.113.0/24": "hang",
    },
  });
  opts = {
    bootstrap: bootstrapOf({
      dns: [[["example"], [server.baseUrl]]],
      ipv4: [[["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"], [server.baseUrl]]],
      ipv6: [[["2001:db8::/32"], [server.baseUrl]]],
    }),
    timeoutMs: 5000,
    fetchJson: fetchJsonDirect(5000),
  };
  dir = await mkdtemp(join(tmpdir(), "mogura-rdap-"));
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the bundled bootstrap", () => {
  const bundled = loadBootstrap();

  it("holds IANA's whole files: every TLD with RDAP, every RIR's ranges", () => {
    expect(bundled.description).toMatch(/'additions' are not IANA's/);
    for (const file of [bundled.dns, bundled.ipv4, bundled.ipv6, bundled.asn]) {
      expect(file.description).toMatch(/^RDAP bootstrap file for /);
      expect(file.publication).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    expect(bundled.dns.services.flatMap(([tlds]) => tlds).length).toBeGreaterThan(1000);
    // Every /8 of the unicast IPv4 space that IANA has given to a RIR.
    expect(bundled.ipv4.services.flatMap(([r]) => r).length).toBeGreaterThan(200);
    for (const rir of ["arin", "ripe", "apnic", "lacnic", "afrinic"]) {
      for (const file of [bundled.ipv4, bundled.ipv6, bundled.asn]) {
        expect(file.services.some(([, urls]) => urls.some((u) => u.includes(rir)))).toBe(true);
      }
    }
  });

  it("knows registries' RDAP servers", () => {
    expect(rdapBaseFor(bundled, { domain: "www.example.com" })).toBe(
      "https://rdap.verisign.com/com/v1/",
    );
    expect(rdapBaseFor(bundled, { domain: "example.net" })).toBe(
      "https://rdap.verisign.com/net/v1/",
    );
    // HTTPS is chosen over the HTTP URL listed beside it.
    expect(rdapBaseFor(bundled, { ip: "8.8.8.8" })).toBe("https://rdap.arin.net/registry/");
    expect(rdapBaseFor(bundled, { ip: "185.1.2.3" })).toBe("https://rdap.db.ripe.net/");
    expect(rdapBaseFor(bundled, { ip: "133.1.2.3" })).toBe("https://rdap.apnic.net/");
    expect(rdapBaseFor(bundled, { ip: "200.1.2.3" })).toBe("https://rdap.lacnic.net/rdap/");
    expect(rdapBaseFor(bundled, { ip: "41.1.2.3" })).toBe("https://rdap.afrinic.net/rdap/");
    expect(rdapBaseFor(bundled, { ip: "2a00:1450::1" })).toBe("https://rdap.db.ripe.net/");
    expect(rdapBaseFor(bundled, { ip: "2400:cb00::1" })).toBe("https://rdap.apnic.net/");
  });

  it("knows .jp's registry, which IANA's file does not list", () => {
    expect(rdapBaseFor(bundled, { domain: "example.co.jp" })).toBe("https://jprs.jp/rdap/");
  });

  it("has no server for the documentation ranges, even inside a RIR's /8", () => {
    expect(rdapBaseFor(bundled, { ip: "192.0.2.1" })).toBeNull();
    expect(rdapBaseFor(bundled, { ip: "198.51.100.1" })).toBeNull();
    expect(rdapBaseFor(bundled, { ip: "203.0.113.1" })).toBeNull();
    expect(rdapBaseFor(bundled, { ip: "2001:db8::1" })).toBeNull();
    // Just outside them, the /8 of the RIR applies again.
    expect(rdapBaseFor(bundled, { ip: "192.0.3.1" })).toBe("https://rdap.arin.net/registry/");
    expect(rdapBaseFor(bundled, { ip: "203.0.114.1" })).toBe("https://rdap.apnic.net/");
    expect(rdapBaseFor(bundled, { ip: "2001:db9::1" })).toBe("https://rdap.apnic.net/");
  });

  it("gives a clear error for a documentation address, without asking anyone", async () => {
    const r = await rdapIp("192.0.2.1", { ...opts, bootstrap: bundled });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/No RDAP server is known/) });
    expect(r).not.toHaveProperty("url");
  });
});

describe("rdapBaseFor", () => {
  const b = bootstrapOf({
    dns: [
      [["jp"], ["https://jp.test/rdap/"]],
      [["co.jp", "ne.example.jp"], ["https://co-jp.test/rdap"]],
      [["org"], ["http://plain.test/", "https://secure.test/"]],
      [["nothing"], []],
    ],
    ipv4: [
      [["10.0.0.0/8"], ["https://eight.test/"]],
      [["10.1.0.0/16"], ["https://sixteen.test/"]],
      [["10.1.2.0/24"], ["https://twentyfour.test/"]],
      [["0.0.0.0/0"], ["https://everything.test/"]],
    ],
    ipv6: [
      [["2001:db8::/32"], ["https://v6-32.test/"]],
      [["2001:db8:1::/48"], ["https://v6-48.test/"]],
    ],
  });

  it("matches the longest label suffix of a domain", () => {
    expect(rdapBaseFor(b, { domain: "shop.example.co.jp" })).toBe("https://co-jp.test/rdap/");
    expect(rdapBaseFor(b, { domain: "co.jp" })).toBe("https://co-jp.test/rdap/");
    expect(rdapBaseFor(b, { domain: "example.jp" })).toBe("https://jp.test/rdap/");
    expect(rdapBaseFor(b, { domain: "a.ne.example.jp" })).toBe("https://co-jp.test/rdap/");
    expect(rdapBaseFor(b, { domain: "example.ne.jp" })).toBe("https://jp.test/rdap/");
    // Labels match whole: "xco.jp" is not under "co.jp".
    expect(rdapBaseFor(b, { domain: "xco.jp" })).toBe("https://jp.test/rdap/");
    expect(rdapBaseFor(b, { domain: "EXAMPLE.CO.JP." })).toBe("https://co-jp.test/rdap/");
  });

  it("prefers HTTPS, adds the trailing slash, and honours an empty URL list", () => {
    expect(rdapBaseFor(b, { domain: "example.org" })).toBe("https://secure.test/");
    expect(rdapBaseFor(b, { domain: "example.nothing" })).toBeNull();
    expect(rdapBaseFor(b, { domain: "example.com" })).toBeNull();
  });

  it("matches the longest IPv4 prefix", () => {
    expect(rdapBaseFor(b, { ip: "10.1.2.3" })).toBe("https://twentyfour.test/");
    expect(rdapBaseFor(b, { ip: "10.1.3.3" })).toBe("https://sixteen.test/");
    expect(rdapBaseFor(b, { ip: "10.2.0.1" })).toBe("https://eight.test/");
    expect(rdapBaseFor(b, { ip: "11.0.0.1" })).toBe("https://everything.test/");
    expect(rdapBaseFor(b, { ip: "::ffff:10.1.2.3" })).toBe("https://twentyfour.test/");
  });

  it("matches the longest IPv6 prefix, and keeps the families apart", () => {
    expect(rdapBaseFor(b, { ip: "2001:db8:1::5" })).toBe("https://v6-48.test/");
    expect(rdapBaseFor(b, { ip: "2001:DB8:2::5" })).toBe("https://v6-32.test/");
    expect(rdapBaseFor(b, { ip: "[2001:db8:1::5]" })).toBe("https://v6-48.test/");
    expect(rdapBaseFor(b, { ip: "2001:db9::1" })).toBeNull();
  });

  it("answers null for things that are not domains or addresses", () => {
    expect(rdapBaseFor(b, { ip: "10.1.2" })).toBeNull();
    expect(rdapBaseFor(b, { ip: "example.jp" })).toBeNull();
    expect(rdapBaseFor(b, { domain: "10.1.2.3" })).toBeNull();
    expect(rdapBaseFor(b, { domain: "bad name.jp" })).toBeNull();
  });
});

describe("rdapDomain", () => {
  it("reads registrar, status, events, nameservers and the nested abuse contact", async () => {
    const before = Date.now();
    const r = await rdapDomain("Phish-Bank.example.", opts);
    if (!r.ok) throw new Error(r.error);
    expect(Date.parse(r.fetched_at)).toBeGreaterThanOrEqual(before - 1000);
    const { raw, ...data } = r.data;
    expect(data).toEqual({
      query: "phish-bank.example",
      url: `${server.baseUrl}domain/phish-bank.example`,
      status: ["client transfer prohibited", "server delete prohibited"],
      registrar: "Example Registrar, Inc.",
      registrar_iana_id: "9999",
      registrar_abuse_contacts: [
        {
          name: "Registrar Abuse Desk",
          email: "abuse@registrar.example",
          phone: "+1.5555550100",
        },
      ],
      related_urls: [],
      events: [
        { action: "registration", date: "2024-03-01T09:15:00.000Z" },
        { action: "expiration", date: "2027-03-01T09:15:00.000Z" },
        { action: "last changed", date: "2026-02-10T12:00:00.000Z" },
        { action: "last update of RDAP database", date: "2026-11-29T08:00:00.000Z" },
      ],
      nameservers: ["ns1.hosting.example", "ns2.hosting.example"],
      abuse_contacts: [
        {
          name: "Registrar Abuse Desk",
          email: "abuse@registrar.example",
          phone: "+1.5555550100",
        },
      ],
    });
    expect(raw).toEqual(cannedDomain("phish-bank.example"));
    expect(server.requests.at(-1)?.accept).toMatch(/^application\/rdap\+json/);
  });

  it("fails clearly for a TLD the bootstrap does not know, without a request", async () => {
    const seen = server.requests.length;
    const r = await rdapDomain("example.jp", opts);
    expect(r).toMatchObject({
      ok: false,
      error: 'No RDAP server is known for example.jp: the bootstrap has none for ".jp".',
    });
    expect(server.requests.length).toBe(seen);
  });

  it("fails clearly for a name that is not a domain", async () => {
    const r = await rdapDomain("not a domain", opts);
    expect(r).toMatchObject({ ok: false, error: '"not a domain" is not a valid domain name.' });
  });

  it("turns a 404 into an error naming the URL", async () => {
    const r = await rdapDomain("unregistered.example", opts);
    expect(r).toMatchObject({
      ok: false,
      url: `${server.baseUrl}domain/unregistered.example`,
      error: `The RDAP server has no record of unregistered.example (HTTP 404 from ${server.baseUrl}domain/unregistered.example).`,
    });
  });

  it("passes on the title of an RDAP error object", async () => {
    const r = await rdapDomain("failing.example", opts);
    expect(r).toMatchObject({
      ok: false,
      error: expect.stringMatching(/answered HTTP 503 for .*: Service Unavailable Try later\.\.$/),
    });
  });

  it("turns invalid JSON into an error", async () => {
    const r = await rdapDomain("broken-json.example", opts);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/is not valid JSON/) });
    const html = await rdapDomain("html.example", opts);
    expect(html).toMatchObject({ ok: false, error: expect.stringMatching(/is not valid JSON/) });
  });

  it("rejects JSON that is not an RDAP domain object", async () => {
    const r = await rdapDomain("not-rdap.example", opts);
    expect(r).toMatchObject({
      ok: false,
      error: `The answer from ${server.baseUrl}domain/not-rdap.example is not an RDAP domain object (its objectClassName is "entity").`,
    });
  });

  it("gives up on a server that does not answer within timeoutMs", async () => {
    const r = await rdapDomain("slow.example", { ...opts, timeoutMs: 200 });
    expect(r).toMatchObject({
      ok: false,
      error: `The RDAP server did not answer within 200 ms (${server.baseUrl}domain/slow.example).`,
    });
  });

  it("reports an unreachable server", async () => {
    const base = `http://127.0.0.1:${await freePort()}/`;
    const r = await rdapDomain("phish-bank.example", {
      ...opts,
      bootstrap: bootstrapOf({ dns: [[["example"], [base]]] }),
    });
    expect(r).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^The RDAP request to .* failed: fetch failed \(ECONNREFUSED\)\.$/,
      ),
    });
  });

  it("goes through the injected fetchJson, whatever it answers", async () => {
    const asked: string[] = [];
    const fake: RdapOptions = {
      ...opts,
      bootstrap: bootstrapOf({ dns: [[["test"], ["https://rdap.nic.test/"]]] }),
      fetchJson: async (url) => {
        asked.push(url);
        return { status: 200, json: cannedDomain("bücher.test") };
      },
    };
    const r = await rdapDomain("bücher.test", fake);
    expect(asked).toEqual(["https://rdap.nic.test/domain/xn--bcher-kva.test"]);
    expect(r.ok && r.data.registrar).toBe("Example Registrar, Inc.");

    const rejecting = await rdapDomain("x.test", {
      ...fake,
      fetchJson: async () => {
        throw new Error("blocked by the SSRF policy");
      },
    });
    expect(rejecting).toMatchObject({
      ok: false,
      error:
        "The RDAP request to https://rdap.nic.test/domain/x.test failed: blocked by the SSRF policy.",
    });
  });

  it("keeps what it can read from a sloppy answer", async () => {
    const r = await rdapDomain("sloppy.test", {
      ...opts,
      bootstrap: bootstrapOf({ dns: [[["test"], ["https://rdap.nic.test/"]]] }),
      fetchJson: async () => ({
        status: 200,
        json: {
          objectClassName: "domain",
          status: "active",
          events: [{ eventAction: "registration", eventDate: "not a date" }, 7],
          nameservers: [{ ldhName: 5 }, { unicodeName: "NS.EXAMPLE" }],
          entities: [{ roles: ["abuse"], vcardArray: ["vcard", "garbage"] }, "x"],
        },
      }),
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.data).toMatchObject({
      events: [{ action: "registration", date: "not a date" }],
      nameservers: ["ns.example"],
      abuse_contacts: [],
    });
    expect(r.data).not.toHaveProperty("status");
    expect(r.data).not.toHaveProperty("registrar");
  });
});

describe("rdapIp", () => {
  it("reads an IPv4 network with cidr0, and the abuse contact under its organisation", async () => {
    const r = await rdapIp("192.0.2.77", opts);
    if (!r.ok) throw new Error(r.error);
    const { raw, ...data } = r.data;
    expect(data).toEqual({
      query: "192.0.2.77",
      url: `${server.baseUrl}ip/192.0.2.77`,
      handle: "NET-192-0-2-0-1",
      name: "EXAMPLE-HOSTING-NET",
      start: "192.0.2.0",
      end: "192.0.2.255",
      cidr: ["192.0.2.0/24"],
      country: "JP",
      organisation: "Example Hosting K.K.",
      parent_handle: "NET-192-0-0-0-0",
      abuse_contacts: [
        { name: "Abuse Team", email: "abuse@hosting.example", phone: "+81-3-5555-0100" },
      ],
    });
    expect(raw).toEqual(cannedNetworkWithCidr0());
  });

  it("computes the CIDR blocks from start and end when cidr0 is absent", async () => {
    const r = await rdapIp("198.51.100.10", opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.data.cidr).toEqual(["198.51.100.0/25", "198.51.100.128/26"]);
    expect(r.data.abuse_contacts).toEqual([
      { name: "Abuse contact", email: "abuse@range.example" },
    ]);
  });

  it("reads an IPv6 network and asks with the canonical address", async () => {
    const r = await rdapIp("2001:DB8:0:0::1", opts);
    if (!r.ok) throw new Error(r.error);
    expect(r.data).toMatchObject({
      query: "2001:db8::1",
      url: `${server.baseUrl}ip/2001:db8::1`,
      cidr: ["2001:db8::/32"],
      abuse_contacts: [{ email: "abuse-v6@hosting.example" }],
    });
    expect(r.data).not.toHaveProperty("country");
  });

  it("computes IPv6 blocks from a range", async () => {
    const r = await rdapIp("2001:db8::1", {
      ...opts,
      fetchJson: async () => ({
        status: 200,
        json: {
          objectClassName: "ip network",
          startAddress: "2001:db8::",
          endAddress: "2001:db8:0:2:ffff:ffff:ffff:ffff",
        },
      }),
    });
    expect(r.ok && r.data.cidr).toEqual(["2001:db8::/63", "2001:db8:0:2::/64"]);
  });

  it("fails clearly for an address no bootstrap range holds, or not an address", async () => {
    expect(await rdapIp("10.0.0.1", opts)).toMatchObject({
      ok: false,
      error: "No RDAP server is known for 10.0.0.1 in the bootstrap.",
    });
    expect(await rdapIp("10.0.0", opts)).toMatchObject({
      ok: false,
      error: '"10.0.0" is not an IP address.',
    });
  });

  it("turns a 404 into an error", async () => {
    const r = await rdapIp("2001:db8::1", {
      ...opts,
      bootstrap: bootstrapOf({ ipv6: [[["::/0"], [server.baseUrl]]] }),
    });
    expect(r).toMatchObject({ ok: true });
    const missing = await rdapIp("2001:db9::1", {
      ...opts,
      bootstrap: bootstrapOf({ ipv6: [[["::/0"], [server.baseUrl]]] }),
    });
    expect(missing).toMatchObject({
      ok: false,
      error: expect.stringMatching(/has no record of 2001:db9::1 \(HTTP 404/),
    });
  });

  it("rejects a domain object where a network was asked for", async () => {
    const r = await rdapIp("192.0.2.1", {
      ...opts,
      fetchJson: async () => ({ status: 200, json: cannedDomain("x.example") }),
    });
    expect(r).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /is not an RDAP ip network object \(its objectClassName is "domain"\)/,
      ),
    });
  });

  it("times out through fetchJsonDirect's own signal too", async () => {
    const r = await rdapIp("203.0.113.9", {
      ...opts,
      timeoutMs: 10_000,
      fetchJson: fetchJsonDirect(200),
    });
    expect(r).toMatchObject({
      ok: false,
      error: `The RDAP server did not answer in time (${server.baseUrl}ip/203.0.113.9).`,
    });
  });
});

describe("loadBootstrap", () => {
  it("names the file when it is not JSON", async () => {
    const file = join(dir, "not-json.json");
    await writeFile(file, "{ dns: ");
    expect(() => loadBootstrap(file)).toThrow(`The RDAP bootstrap file ${file} is not valid JSON`);
  });

  it("names the file and the bad member when the shape is wrong", async () => {
    const file = join(dir, "bad-shape.json");
    const bad = structuredClone(loadBootstrap()) as Record<string, unknown>;
    (bad.ipv4 as { services: unknown[] }).services.push([["300.0.0.0/8"], ["https://x.test/"]]);
    delete bad.asn;
    await writeFile(file, JSON.stringify(bad));
    let message = "";
    try {
      loadBootstrap(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`The RDAP bootstrap file ${file} is not an RDAP bootstrap:`);
    expect(message).toMatch(/ipv4\.services\.\d+\.0\.0: not an IPv4 CIDR range/);
    expect(message).toMatch(/asn: /);
  });

  it("names the file when it cannot be read", () => {
    const file = join(dir, "missing.json");
    expect(() => loadBootstrap(file)).toThrow(`Cannot read the RDAP bootstrap file ${file}`);
  });

  it("reads an operator's copy", async () => {
    const file = join(dir, "operator.json");
    await writeFile(
      file,
      JSON.stringify({
        dns: { services: [[["jp"], ["https://rdap.jprs.test/"]]] },
        ipv4: { services: [] },
        ipv6: { services: [] },
        asn: { services: [[["2497-2528"], ["https://rdap.apnic.net/"]]] },
      }),
    );
    expect(rdapBaseFor(loadBootstrap(file), { domain: "example.jp" })).toBe(
      "https://rdap.jprs.test/",
    );
  });
});
