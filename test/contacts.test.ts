// Who can act on a resource outside our space: RDAP (walking up to the covering allocation),
// IANA's root for the registry, the name servers' network, a DNS contact zone, the platform
// list and the desk's overrides — all against RDAP and DNS servers this test starts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyOverrides,
  type ContactLookupDeps,
  lookupContacts,
  parseTarget,
} from "../src/contacts/contact-lookup.ts";
import { contactDbName } from "../src/contacts/contactdb.ts";
import { saveOverride } from "../src/contacts/overrides.ts";
import { loadPlatforms } from "../src/contacts/platforms.ts";
import { fetchJsonDirect, loadBootstrap } from "../src/evidence/rdap.ts";
import { createHostLookup } from "../src/resolve/host-lookup.ts";
import type { Store } from "../src/store/database.ts";
import { runMogura } from "./support/cli.ts";
import { testStore } from "./support/database.ts";
import { startDnsServer, type TestDnsServer } from "./support/dns-server.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import {
  cannedDomain,
  cannedNetworkWithCidr0,
  startRdapServer,
  type TestRdapServer,
  writeBootstrapFor,
} from "./support/rdap-server.ts";

const jcard = (...props: unknown[][]) => ["vcard", [["version", {}, "text", "4.0"], ...props]];

/** A network object; `abuse` adds an abuse entity under the registrant. */
function network(
  cidr: string,
  handle: string,
  opts: { org?: string; abuse?: string; country?: string; up?: string } = {},
) {
  const [prefix, length] = cidr.split("/");
  return {
    objectClassName: "ip network",
    handle,
    name: handle,
    startAddress: prefix,
    ...(opts.country ? { country: opts.country } : {}),
    cidr0_cidrs: [{ v4prefix: prefix, length: Number(length) }],
    ...(opts.up ? { links: [{ rel: "up", href: opts.up, type: "application/rdap+json" }] } : {}),
    entities: [
      {
        objectClassName: "entity",
        roles: ["registrant"],
        vcardArray: jcard(["fn", {}, "text", opts.org ?? handle]),
        entities: opts.abuse
          ? [
              {
                objectClassName: "entity",
                roles: ["abuse"],
                vcardArray: jcard(["email", {}, "text", opts.abuse]),
              },
            ]
          : [],
      },
    ],
  };
}

let rdap: TestRdapServer;
let root: TestRdapServer;
let dns: TestDnsServer;
let store: Store;
let deps: ContactLookupDeps;
let bootstrapFile: string;

beforeAll(async () => {
  rdap = await startRdapServer({
    domains: { "phish-bank.example": { json: cannedDomain("phish-bank.example") } },
    networks: {
      // A customer's assignment without an abuse contact, under its provider's allocation.
      "198.51.100.0/24": {
        json: network("198.51.100.0/24", "CUST-NET", { org: "Customer K.K." }),
      },
      "198.51.0.0/16": {
        json: network("198.51.0.0/16", "LIR-NET", {
          org: "Lir Networks",
          abuse: "abuse@lir.example",
          country: "JP",
        }),
      },
      "192.0.2.0/24": { json: cannedNetworkWithCidr0() },
      // A network that names its parent by an "up" link (relative, as servers may write it)
      // rather than by a prefix one bit shorter.
      "100.64.0.0/10": { json: network("100.64.0.0/10", "LINKS-UP", { up: "/ip/10.0.0.0/8" }) },
      "10.0.0.0/8": {
        json: network("10.0.0.0/8", "LINKED-PARENT", { abuse: "abuse@linked.example" }),
      },
    },
  });
  root = await startRdapServer({
    domains: {
      example: {
        json: {
          objectClassName: "domain",
          ldhName: "example",
          entities: [
            {
              objectClassName: "entity",
              roles: ["registrant"],
              vcardArray: jcard(["fn", {}, "text", "Example Registry Services"]),
            },
            {
              objectClassName: "entity",
              roles: ["technical"],
              vcardArray: jcard(["email", {}, "text", "tech@nic.example"]),
            },
          ],
        },
      },
    },
  });
  dns = await startDnsServer({
    "phish-bank.example": { A: ["198.51.100.7"] },
    "ns1.hosting.example": { A: ["192.0.2.53"] },
    "ns2.hosting.example": { A: ["192.0.2.54"] },
    "bit.ly": { A: ["192.0.2.80"] },
    [contactDbName("198.51.100.7", "contacts.test")]: { TXT: ["abuse@contactdb.example"] },
  });
  bootstrapFile = writeBootstrapFor(
    join(mkdtempSync(join(tmpdir(), "mogura-contacts-")), "bootstrap.json"),
    rdap.baseUrl,
  );
  store = await testStore();
  const hosts = createHostLookup({
    servers: [dns.address],
    timeoutMs: 1000,
    tries: 1,
    cacheSeconds: 0,
    negativeCacheSeconds: 0,
  });
  deps = {
    db: store.db,
    rdap: {
      bootstrap: loadBootstrap(bootstrapFile),
      timeoutMs: 5000,
      fetchJson: fetchJsonDirect(5000),
    },
    rdapRoot: root.baseUrl,
    contactDbZone: null,
    dnsServers: [dns.address],
    dnsTimeoutMs: 1000,
    resolveHost: (h) => hosts.resolve(h),
    platforms: loadPlatforms(),
    cacheSeconds: 3600,
  };
});

afterAll(async () => {
  await Promise.all([rdap?.close(), root?.close(), dns?.close()]);
  await store?.close();
});

describe("reading a resource", () => {
  it("takes addresses, ranges, domains and URLs, defanged or not", () => {
    expect(parseTarget(" 198.51.100.7 ")).toEqual({
      resource: "198.51.100.7",
      kind: "ip",
      ip: "198.51.100.7",
    });
    expect(parseTarget("198.51.100.9/24")).toMatchObject({
      resource: "198.51.100.0/24",
      kind: "cidr",
    });
    expect(parseTarget("Phish-Bank.EXAMPLE.")).toMatchObject({
      kind: "domain",
      host: "phish-bank.example",
    });
    expect(parseTarget("hxxps://login.phish-bank[.]example/a?b=1")).toMatchObject({
      kind: "url",
      resource: "https://login.phish-bank.example/a?b=1",
      host: "login.phish-bank.example",
    });
    expect(parseTarget("http://[2001:db8::1]/x")).toMatchObject({ kind: "url", ip: "2001:db8::1" });
  });

  it("refuses what is none of them, saying what it expected", () => {
    for (const bad of ["", "localhost", "not a host", "999.1.1.1/40", "mailto:x@y.example"]) {
      expect(() => parseTarget(bad)).toThrow(
        /is not an IP address, a CIDR range, a domain or a URL/,
      );
    }
  });
});

describe("looking up who can act", () => {
  it("finds the host network's abuse contact above an assignment that names none", async () => {
    const r = await lookupContacts(deps, "198.51.100.7", { fresh: true });
    const host = r.contacts.filter((c) => c.role === "host");
    expect(host).toEqual([
      expect.objectContaining({
        email: "abuse@lir.example",
        organisation: "Customer K.K.",
        country: "JP",
        source: "rdap",
        // Where it was found: the covering prefix asked for.
        source_url: `${rdap.baseUrl}ip/198.51.100.0/23`,
        address: "198.51.100.7",
      }),
    ]);
    expect(host[0]?.about).toBe(
      "198.51.100.7 in 198.51.0.0/16 (LIR-NET), covering 198.51.100.0/24 (CUST-NET) which names no abuse contact",
    );
    // The walk asked the prefix one bit shorter than the assignment, as RFC 9082 allows.
    expect(rdap.requests.map((q) => q.path)).toContain("/ip/198.51.100.0/23");
  });

  it("follows a network's up link to its parent", async () => {
    const r = await lookupContacts(deps, "100.64.1.1", { fresh: true });
    expect(r.contacts.find((c) => c.role === "host")).toMatchObject({
      email: "abuse@linked.example",
      source_url: `${rdap.baseUrl}ip/10.0.0.0/8`,
    });
  });

  it("names the registrar, registry and DNS operator of a domain, with their sources", async () => {
    const r = await lookupContacts(deps, "https://login.phish-bank.example/secure", {
      fresh: true,
    });
    expect(r).toMatchObject({
      kind: "url",
      host: "login.phish-bank.example",
      domain: "phish-bank.example",
      nameservers: ["ns1.hosting.example", "ns2.hosting.example"],
      cached: false,
    });
    const byRole = Object.fromEntries(r.contacts.map((c) => [c.role, c]));
    expect(byRole.registrar).toMatchObject({
      organisation: "Example Registrar, Inc.",
      iana_id: "9999",
      email: "abuse@registrar.example",
      phone: "+1.5555550100",
      source: "rdap",
      source_url: `${rdap.baseUrl}domain/phish-bank.example`,
    });
    expect(byRole.registry).toMatchObject({
      about: ".example",
      organisation: "Example Registry Services",
      email: "tech@nic.example",
      source: "rdap-root",
      source_url: `${root.baseUrl}domain/example`,
    });
    // The name server's network: the DNS operator can stop answering for the name.
    expect(byRole.dns).toMatchObject({
      email: "abuse@hosting.example",
      organisation: "Example Hosting K.K.",
      address: "192.0.2.53",
    });
    expect(byRole.dns?.about).toMatch(
      /^name server ns1\.hosting\.example \(192\.0\.2\.53\) in 192\.0\.2\.0\/24/,
    );
    // login.phish-bank.example has no address of its own in this world.
    expect(r.addresses).toEqual([]);
    expect(r.problems).toContainEqual({
      source: "dns",
      message: "login.phish-bank.example: NXDOMAIN",
    });
  });

  it("names the platform of a URL shortener or shared host first", async () => {
    const r = await lookupContacts(deps, "https://bit.ly/3xAmPlE", { fresh: true });
    expect(r.contacts[0]).toMatchObject({
      role: "platform",
      organisation: "Bitly",
      about: "bit.ly",
      source: "platform-list",
    });
    const shared = await lookupContacts(deps, "https://evil.github.io/login", { fresh: true });
    expect(shared.contacts[0]).toMatchObject({ role: "platform", organisation: "GitHub Pages" });
  });

  it("asks a DNS contact database when one is configured", async () => {
    const r = await lookupContacts({ ...deps, contactDbZone: "contacts.test" }, "198.51.100.7", {
      fresh: true,
    });
    expect(r.contacts.filter((c) => c.role === "host").map((c) => [c.email, c.source])).toEqual([
      ["abuse@lir.example", "rdap"],
      ["abuse@contactdb.example", "dns-txt"],
    ]);
  });

  it("says which source did not answer, and goes on with the others", async () => {
    const dead = { ...deps, rdapRoot: "http://127.0.0.1:1/" };
    const r = await lookupContacts(dead, "phish-bank.example", { fresh: true });
    expect(r.contacts.find((c) => c.role === "registrar")?.email).toBe("abuse@registrar.example");
    expect(r.contacts.find((c) => c.role === "registry")).toMatchObject({ about: ".example" });
    expect(r.problems.find((p) => p.source === "rdap-root")?.message).toMatch(
      /RDAP request to .* failed/,
    );
  });

  it("keeps a lookup for its TTL and serves it without asking again", async () => {
    await lookupContacts(deps, "192.0.2.10", { fresh: true });
    const asked = rdap.requests.length;
    const again = await lookupContacts(deps, "192.0.2.10");
    expect(again.cached).toBe(true);
    expect(rdap.requests.length).toBe(asked);
    expect(again.contacts[0]).toMatchObject({ email: "abuse@hosting.example" });
  });
});

describe("the desk's overrides", () => {
  it("replace what RDAP says for a range, and add a country's CERT and a platform's form", async () => {
    const r = await lookupContacts(deps, "198.51.100.7", { fresh: true });
    const o1 = await saveOverride(
      store.db,
      {
        role: "host",
        match_kind: "cidr",
        match_value: "198.51.0.0/16",
        web_form: "https://lir.example/abuse-form",
        language: "ja",
        note: "Answers only through its web form.",
      },
      "test",
    );
    const o2 = await saveOverride(
      store.db,
      {
        role: "cert",
        match_kind: "country",
        match_value: "jp",
        organisation: "National CERT",
        email: "cert@cert.example",
      },
      "test",
    );
    const applied = applyOverrides(r, [o1, o2]);
    expect(applied.contacts.find((c) => c.role === "host")).toMatchObject({
      email: "abuse@lir.example",
      web_form: "https://lir.example/abuse-form",
      language: "ja",
      source: "override",
      override_id: o1.id,
    });
    expect(applied.contacts.find((c) => c.role === "cert")).toMatchObject({
      about: "JP",
      organisation: "National CERT",
      email: "cert@cert.example",
    });
    // And the lookup itself applies them, also to a cached answer.
    const cached = await lookupContacts(deps, "198.51.100.7");
    expect(cached.cached).toBe(true);
    expect(cached.contacts.map((c) => c.role)).toEqual(["host", "cert"]);
  });

  it("refuse a match value that is not what its kind needs", async () => {
    await expect(
      saveOverride(
        store.db,
        { role: "host", match_kind: "cidr", match_value: "198.51.100.7/16", email: "a@b.example" },
        "t",
      ),
    ).rejects.toThrow(/not a CIDR range/);
    await expect(
      saveOverride(
        store.db,
        { role: "registry", match_kind: "tld", match_value: "co.jp", email: "a@b.example" },
        "t",
      ),
    ).rejects.toThrow(/not a top-level domain/);
    await expect(
      saveOverride(
        store.db,
        { role: "host", match_kind: "domain", match_value: "example.jp" },
        "t",
      ),
    ).rejects.toThrow(/must say something/);
  });
});

describe("the API and the command line", () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform({
      resolve: { dnsServers: [dns.address] },
      evidence: { rdapBootstrap: bootstrapFile },
      contacts: { rdapRoot: root.baseUrl, contactDbZone: "contacts.test" },
    });
  });
  afterAll(async () => p?.stop());

  it("looks up through GET /api/v1/contacts and refuses what is not a resource", async () => {
    const r = await p.api("GET", "/api/v1/contacts?resource=phish-bank.example");
    expect(r.status).toBe(200);
    expect(r.body.contacts.map((c: { role: string }) => c.role)).toEqual([
      "host",
      "host",
      "registrar",
      "registry",
      "dns",
    ]);
    const bad = await p.api("GET", "/api/v1/contacts?resource=nothing");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_resource");
  });

  it("prints a lookup and keeps overrides from `mogura contacts`", async () => {
    const added = await runMogura(p, [
      "contacts",
      "override",
      "add",
      "--role",
      "registrar",
      "--registrar",
      "9999",
      "--email",
      "takedown@registrar.example",
      "--format",
      "xarf",
    ]);
    expect(added.stderr).toBe("");
    expect(added.stdout).toMatch(/^override #\d+: registrar for registrar 9999/);
    const out = await runMogura(p, ["contacts", "lookup", "hxxps://phish-bank[.]example/x"]);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("registrar: Example Registrar, Inc.");
    expect(out.stdout).toContain("e-mail   takedown@registrar.example");
    expect(out.stdout).toContain("prefers  xarf");
    expect(out.stdout).toMatch(
      /hosting network: Customer K\.K\.\n {2}for {6}198\.51\.100\.7 in 198\.51\.0\.0\/16/,
    );
    const list = await runMogura(p, ["contacts", "override", "list", "--json"]);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ match_value: "9999", created_by: "apikey:bootstrap-admin" }),
    ]);
    const audit = await p.api("GET", "/api/v1/audit?limit=5");
    expect(JSON.stringify(audit.body)).toContain("contact_override.saved");
  });
});
