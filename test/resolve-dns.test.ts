// Whose an event is: by the most specific netblock at the event's time, by the longest
// inventory domain, by a shared platform's team, and for names that are not ours by name,
// by what a (test) DNS server answers for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../src/config/settings.ts";
import { startDnsServer, type TestDnsServer } from "./support/dns-server.ts";
import { submitRouted } from "./support/intake.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
let dns: TestDnsServer;

const svc = (id: string, customer: string, type: string, team = "T-res") => ({
  id,
  customer_id: customer,
  type,
  team_id: team,
  valid_from: "2024-01-01",
});

beforeAll(async () => {
  dns = await startDnsServer({
    "dns-vps.example": { A: ["10.50.1.20"] },
    "dns-v6.example": { AAAA: ["2001:db8:50::20"] },
    "elsewhere.example": { A: ["198.18.0.1"] },
    "dns-shared.example": { A: ["10.50.9.9"] },
    "two-homes.example": { A: ["198.18.0.2", "10.50.1.21"] },
  });
  p = await startWithDnsServer(dns.address);
  const customers = ["big", "small", "host", "parent", "child", "v6", "dns", "old"].map((c) => ({
    id: `C-${c}`,
    name: `Customer ${c}`,
  }));
  const r = await p.api("POST", "/api/v1/inventory/import", {
    body: {
      teams: [
        { id: "T-res", name: "Resolution desk" },
        { id: "T-shared-res", name: "Shared platform desk" },
      ],
      customers,
      services: [
        svc("S-big", "C-big", "vps"),
        svc("S-small", "C-small", "dedicated"),
        svc("S-host", "C-host", "cloud"),
        svc("S-parent", "C-parent", "shared", "T-shared-res"),
        svc("S-child", "C-child", "shared", "T-shared-res"),
        svc("S-v6", "C-v6", "cloud"),
        svc("S-dns", "C-dns", "vps"),
        svc("S-old", "C-old", "vps"),
      ],
      netblocks: [
        { cidr: "10.40.0.0/16", service_id: "S-big", valid_from: "2024-01-01" },
        { cidr: "10.40.5.0/24", service_id: "S-small", valid_from: "2024-01-01" },
        { cidr: "10.40.5.77/32", service_id: "S-host", valid_from: "2024-01-01" },
        { cidr: "10.50.1.0/24", service_id: "S-dns", valid_from: "2024-01-01" },
        { cidr: "10.50.9.0/24", team_id: "T-shared-res", shared: true, valid_from: "2024-01-01" },
        { cidr: "2001:db8:50::/48", service_id: "S-v6", valid_from: "2024-01-01" },
        {
          cidr: "10.61.0.0/24",
          service_id: "S-old",
          valid_from: "2024-01-01",
          valid_to: "2024-12-31",
        },
      ],
      domains: [
        { domain: "parent-site.example", service_id: "S-parent", valid_from: "2024-01-01" },
        { domain: "shop.parent-site.example", service_id: "S-child", valid_from: "2024-01-01" },
      ],
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.rejections).toEqual([]);
});
afterAll(async () => {
  await p?.stop();
  await dns?.close();
});

/** The platform, resolving names through the test DNS server. */
function startWithDnsServer(server: string): Promise<TestPlatform> {
  return startTestPlatform({ resolve: { dns: true, dnsServers: [server], dnsTimeoutMs: 500 } });
}

/** Submits a Mogura JSON report and waits until its events sit on cases. */
const submit = (report: Record<string, unknown>) => submitRouted(p, report);

interface Ev {
  id: string;
  case_id: string;
  data: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: the resolution is read field by field
  resolution: any;
}

/** The report's events, keyed by what identifies each: its URL, else its IP. */
async function eventsOf(reportId: string): Promise<Record<string, Ev>> {
  const rows = await p.store.query<Ev>(
    "SELECT id::text AS id, case_id::text AS case_id, data, resolution FROM events WHERE report_id = $1 ORDER BY id",
    [reportId],
  );
  return Object.fromEntries(
    rows.map((r) => [String(r.data["source.url"] ?? r.data["source.ip"]), r]),
  );
}

async function caseOf(e: Ev | undefined) {
  expect(e, "event").toBeDefined();
  const r = await p.api("GET", `/api/v1/cases/${e?.case_id}`);
  expect(r.status).toBe(200);
  return r.body;
}

describe("resolution by address", () => {
  it("takes the most specific netblock that holds the address", async () => {
    const id = await submit({
      category: "scanner",
      resources: [{ ip: "10.40.1.1" }, { ip: "10.40.5.9" }, { ip: "10.40.5.77" }],
    });
    const ev = await eventsOf(id);
    expect(ev["10.40.1.1"]?.resolution).toMatchObject({
      ownership: "customer",
      via: "ip",
      service_id: "S-big",
      service_type: "vps",
      customer_id: "C-big",
      team_id: "T-res",
    });
    expect(ev["10.40.5.9"]?.resolution).toMatchObject({
      service_id: "S-small",
      customer_id: "C-small",
    });
    expect(ev["10.40.5.77"]?.resolution).toMatchObject({
      service_id: "S-host",
      customer_id: "C-host",
    });
    expect(await caseOf(ev["10.40.5.77"])).toMatchObject({
      ownership: "customer",
      service_id: "S-host",
      customer_id: "C-host",
      team_id: "T-res",
      service_type: "cloud",
      resource: "10.40.5.77",
    });
  });

  it("matches a netblock only within its validity, at the event's own time", async () => {
    const during = await submit({
      category: "scanner",
      resource: { ip: "10.61.0.5", port: 22 },
      observed_at: "2024-06-01T00:00:00Z",
    });
    const after = await submit({
      category: "scanner",
      resource: { ip: "10.61.0.5", port: 23 },
      observed_at: "2025-06-01T00:00:00Z",
    });
    expect(Object.values(await eventsOf(during))[0]?.resolution).toMatchObject({
      ownership: "customer",
      customer_id: "C-old",
    });
    const late = Object.values(await eventsOf(after))[0];
    expect(late?.resolution).toMatchObject({ ownership: "not_ours", customer_id: null });
    expect(await caseOf(late)).toMatchObject({ ownership: "not_ours", resource: "10.61.0.5" });
  });

  it("resolves an IPv6 address on an IPv6 netblock, and finds its case by the block", async () => {
    const id = await submit({ category: "c2-server", resource: { ip: "2001:DB8:50:0::1" } });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "customer",
      via: "ip",
      ip: "2001:db8:50::1",
      service_id: "S-v6",
      customer_id: "C-v6",
    });
    const c = await caseOf(e);
    expect(c).toMatchObject({ service_id: "S-v6", type: "c2-server" });
    const byNet = await p.api("GET", "/api/v1/cases?resource=2001:db8:50::/48");
    expect(byNet.status).toBe(200);
    expect(byNet.body.items.map((x: { id: number }) => x.id)).toContain(c.id);
    const byIp = await p.api(
      "GET",
      `/api/v1/cases?resource=${encodeURIComponent("2001:db8:50::1")}`,
    );
    expect(byIp.body.items.map((x: { id: number }) => x.id)).toEqual([c.id]);
  });

  it("calls an address nothing holds not ours", async () => {
    const id = await submit({ category: "brute-force", resource: { ip: "198.18.200.1" } });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "not_ours",
      via: null,
      service_id: null,
      customer_id: null,
      team_id: null,
    });
    expect(await caseOf(e)).toMatchObject({ ownership: "not_ours", resource: "198.18.200.1" });
  });
});

describe("resolution by name", () => {
  it("takes the longest inventory domain: a sub-domain may belong to another service than its parent", async () => {
    const id = await submit({
      category: "phishing",
      resources: [
        { url: "https://parent-site.example/login" },
        { url: "https://www.parent-site.example/login" },
        { url: "https://shop.parent-site.example/cart" },
        { url: "https://img.shop.parent-site.example/a.png" },
      ],
    });
    const ev = await eventsOf(id);
    const byUrl = (u: string) => ev[u]?.resolution;
    for (const u of ["https://parent-site.example/login", "https://www.parent-site.example/login"])
      expect(byUrl(u), u).toMatchObject({
        ownership: "customer",
        via: "domain",
        service_id: "S-parent",
        customer_id: "C-parent",
        team_id: "T-shared-res",
      });
    for (const u of [
      "https://shop.parent-site.example/cart",
      "https://img.shop.parent-site.example/a.png",
    ])
      expect(byUrl(u), u).toMatchObject({
        ownership: "customer",
        via: "domain",
        service_id: "S-child",
        customer_id: "C-child",
      });
  });

  it("matches whole labels only: xparent-site.example is not parent-site.example", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://xparent-site.example/" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({ ownership: "not_ours", service_id: null });
  });

  it("prefers the host name to the shared address it is served from", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://shop.parent-site.example/pay", ip: "10.50.9.1" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "customer",
      via: "domain",
      service_id: "S-child",
      customer_id: "C-child",
    });
  });
});

describe("shared platforms", () => {
  it("gives an address on a shared netblock without a known host name to the platform team", async () => {
    const id = await submit({
      category: "malware-distribution",
      resources: [
        { url: "https://unknown-tenant.example/x.exe", ip: "10.50.9.4" },
        { ip: "10.50.9.5" },
      ],
    });
    const ev = await eventsOf(id);
    const named = ev["https://unknown-tenant.example/x.exe"];
    for (const e of [named, ev["10.50.9.5"]]) {
      expect(e?.resolution).toMatchObject({
        ownership: "platform",
        via: "ip",
        team_id: "T-shared-res",
        customer_id: null,
        service_id: null,
      });
      expect(e?.resolution.netblock_id).toEqual(expect.any(Number));
    }
    const c = await caseOf(named);
    expect(c).toMatchObject({
      ownership: "platform",
      team_id: "T-shared-res",
      customer_id: null,
      service_id: null,
    });
    // With an address at hand, the name is not looked up in DNS.
    expect(dns.queries.map((q) => q.name)).not.toContain("unknown-tenant.example");
  });
});

describe("DNS for names that are not ours by name", () => {
  it("configuration: resolve.dnsServers takes DNS servers with and without a port", () => {
    const servers = ["127.0.0.1:5353", "192.0.2.53", "[::1]:53", "2001:db8::53"];
    const parsed = ConfigSchema.safeParse({ resolve: { dns: true, dnsServers: servers } });
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data?.resolve.dnsServers).toEqual(servers);
  });

  it("finds the customer whose netblock holds the host's A record", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://dns-vps.example/bank/" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.data["source.ip"]).toBeUndefined();
    expect(e?.resolution).toMatchObject({
      ownership: "customer",
      via: "dns",
      ip: "10.50.1.20",
      host: "dns-vps.example",
      service_id: "S-dns",
      customer_id: "C-dns",
      dns: { addresses: ["10.50.1.20"] },
    });
    expect(e?.resolution.dns.error).toBeUndefined();
    expect(await caseOf(e)).toMatchObject({ ownership: "customer", customer_id: "C-dns" });
    expect(dns.queries).toContainEqual({ name: "dns-vps.example", type: "A" });
  });

  it("finds the customer of an AAAA record on an IPv6 netblock", async () => {
    const id = await submit({ category: "phishing", resource: { fqdn: "dns-v6.example" } });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "customer",
      via: "dns",
      ip: "2001:db8:50::20",
      customer_id: "C-v6",
    });
  });

  it("takes whichever of the host's addresses is ours", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://two-homes.example/" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({ via: "dns", ip: "10.50.1.21", customer_id: "C-dns" });
  });

  it("gives a host resolving to a shared netblock to the platform team", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://dns-shared.example/" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "platform",
      via: "dns",
      ip: "10.50.9.9",
      team_id: "T-shared-res",
      customer_id: null,
    });
  });

  it("keeps a host whose addresses are not ours as not ours, with what DNS said", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://elsewhere.example/" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "not_ours",
      service_id: null,
      dns: { addresses: ["198.18.0.1"] },
    });
    expect(await caseOf(e)).toMatchObject({ ownership: "not_ours", resource: "elsewhere.example" });
  });

  it("keeps an NXDOMAIN host as not ours, with the DNS error in the event's resolution", async () => {
    const id = await submit({
      category: "phishing",
      resource: { url: "https://no-such-host.example/login" },
    });
    const [e] = Object.values(await eventsOf(id));
    expect(e?.resolution).toMatchObject({
      ownership: "not_ours",
      via: null,
      customer_id: null,
      dns: { addresses: [], error: "NXDOMAIN" },
    });
    const c = await caseOf(e);
    expect(c.ownership).toBe("not_ours");
    // The case shows the event with its resolution, DNS error included.
    const shown = c.events.find((x: { id: number }) => String(x.id) === e?.id);
    expect(shown?.resolution.dns).toEqual({ addresses: [], error: "NXDOMAIN" });
    expect(dns.queries.map((q) => q.name)).toContain("no-such-host.example");
  });
});
