import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { startDnsServer, type TestDnsServer } from "./dns-zone-server.ts";
import { renderOutbox } from "./outbox-viewer.ts";
import type { DemoProvider } from "./provider.ts";
import {
  type RdapReply,
  startRdapServer,
  type TestRdapServer,
  writeBootstrapFor,
} from "./rdap-server.ts";
import type { DemoSite } from "./traffic.ts";

/**
 * The demo's small Internet on 127.0.0.1: the web sites the reports name (so evidence is
 * really captured), a DNS server for the provider's names and those sites, and an RDAP
 * server for their registrations and address ranges. Nothing leaves the machine.
 */
export interface DemoWorld {
  sitePort: number;
  /** The mail Mogura sent, as web pages. */
  outboxUrl: string;
  dnsAddress: string;
  /** An RDAP bootstrap file that sends every question to the demo's RDAP server. */
  rdapBootstrap: string;
  /** IANA's root RDAP server of this world (it knows the TLD `example`). */
  rdapRoot: string;
  /** Puts the day's sites online: pages, DNS names and registrations. */
  publish(sites: DemoSite[]): void;
  /** Takes a site down (its host answers 404, as after a provider suspends it). */
  takeDown(host: string): void;
  close(): Promise<void>;
}

function phishingPage(site: DemoSite): string {
  const brand = site.brand ?? { name: "Online Banking", name_ja: "オンラインバンキング" };
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<title>ログイン | ${brand.name_ja}</title>
<style>body{font-family:sans-serif;background:#eef3f8;margin:0}header{background:#0b4f8a;color:#fff;padding:14px 24px;font-size:20px}
main{max-width:420px;margin:40px auto;background:#fff;padding:24px;border-radius:6px;box-shadow:0 1px 4px #0003}
input{display:block;width:100%;margin:6px 0 14px;padding:8px;box-sizing:border-box}button{background:#0b4f8a;color:#fff;border:0;padding:10px 18px}
.notice{color:#b00020;font-size:14px}</style></head>
<body><header>${brand.name_ja} / ${brand.name}</header><main>
<p class="notice">【重要】お客様の口座が一時的に制限されています。本人確認を行ってください。</p>
<form action="/auth/post.php" method="post">
<label>お客様番号<input name="id" autocomplete="off"></label>
<label>ログインパスワード<input name="pw" type="password"></label>
<label>暗証番号（4桁）<input name="pin" type="password" maxlength="4"></label>
<button type="submit">ログイン</button></form></main></body></html>`;
}

/** A harmless stand-in for the malware file a report names. */
const MALWARE_STAND_IN = Buffer.from(
  "This file stands in for the malware that the demo's reports name. It is plain text and harmless.\n",
);

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

const jcard = (fn: string, email?: string) => [
  "vcard",
  [
    ["version", {}, "text", "4.0"],
    ["fn", {}, "text", fn],
    ...(email ? [["email", {}, "text", email]] : []),
  ],
];

function registration(domain: string, registeredDaysAgo: number): RdapReply {
  const registered = new Date(Date.now() - registeredDaysAgo * 86_400_000).toISOString();
  return {
    json: {
      objectClassName: "domain",
      rdapConformance: ["rdap_level_0"],
      ldhName: domain.toUpperCase(),
      status: ["client transfer prohibited"],
      events: [
        { eventAction: "registration", eventDate: registered },
        {
          eventAction: "expiration",
          eventDate: new Date(Date.parse(registered) + 365 * 86_400_000).toISOString(),
        },
      ],
      entities: [
        {
          objectClassName: "entity",
          roles: ["registrar"],
          vcardArray: jcard("Example Registrar KK"),
          entities: [
            {
              objectClassName: "entity",
              roles: ["abuse"],
              vcardArray: jcard("Abuse team", "abuse@registrar.example"),
            },
          ],
        },
        {
          objectClassName: "entity",
          roles: ["registrant"],
          vcardArray: jcard("REDACTED FOR PRIVACY"),
        },
      ],
      nameservers: [{ objectClassName: "nameserver", ldhName: "NS1.TSUBAME-HOSTING.EXAMPLE" }],
    },
  };
}

function network(cidr: string, name: string, abuse: string): RdapReply {
  const [start] = cidr.split("/");
  return {
    json: {
      objectClassName: "ip network",
      rdapConformance: ["rdap_level_0"],
      handle: `${name.toUpperCase().replace(/\W+/g, "-")}-${start}`,
      startAddress: start,
      cidr0_cidrs: [{ v4prefix: start, length: Number(cidr.split("/")[1]) }],
      name,
      ipVersion: cidr.includes(":") ? "v6" : "v4",
      entities: [
        { objectClassName: "entity", roles: ["registrant"], vcardArray: jcard(name) },
        { objectClassName: "entity", roles: ["abuse"], vcardArray: jcard("Abuse desk", abuse) },
      ],
    },
  };
}

/** The outbox viewer's pages: the list, one mail, or one mail's raw bytes. */
async function serveOutbox(dir: string, path: string, res: ServerResponse): Promise<void> {
  const rest = decodeURIComponent(path.slice("/outbox".length).replace(/^\//, ""));
  if (rest.startsWith("raw/")) {
    const file = rest.slice(4);
    // Only the listed file names: never a path out of the outbox.
    if ((await renderOutbox(dir, file)) !== null) {
      res.writeHead(200, { "content-type": "message/rfc822" });
      res.end(readFileSync(join(dir, file)));
      return;
    }
  } else {
    const html = await renderOutbox(dir, rest || undefined);
    if (html !== null) {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
      });
      res.end(html);
      return;
    }
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("no such mail\n");
}

/** The overseas hosting provider of the demo's foreign phishing sites (not ours). */
export const FOREIGN_HOSTING = {
  cidr: "127.0.0.0/8",
  name: "Example Overseas Hosting Ltd.",
  abuse: "abuse@overseas-hosting.example",
};

/** Registrable domains of the foreign phishing sites: the first, and where its kit comes back. */
export const FOREIGN_DOMAINS = ["jp-bank-verify.example", "jp-bank-auth.example"] as const;

/** Starts the demo's web sites, DNS and RDAP on 127.0.0.1. */
export async function startWorld(provider: DemoProvider, workDir: string): Promise<DemoWorld> {
  const sites = new Map<string, DemoSite>();
  const outboxDir = join(workDir, "outbox");
  const web = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const site = sites.get(host);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if ((host === "127.0.0.1" || host === "localhost") && path.startsWith("/outbox")) {
      serveOutbox(outboxDir, path, res).catch(() => {
        res.writeHead(500);
        res.end();
      });
    } else if (!site || site.kind === "gone") {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>");
    } else if (site.kind === "malware" || path.endsWith(".zip")) {
      res.writeHead(200, {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${path.split("/").pop()}"`,
      });
      res.end(MALWARE_STAND_IN);
    } else if (path === "/login") {
      // Phishing kits bounce through a redirect; the capture keeps every hop.
      res.writeHead(302, { location: `/auth/index.php?session=${Date.now() % 100000}` });
      res.end();
    } else {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", server: "nginx" });
      res.end(phishingPage(site));
    }
  });
  const sitePort = await listen(web);

  const { spec } = provider;
  const zone: Parameters<typeof startDnsServer>[0] = {};
  for (const s of provider.services) {
    for (const d of s.domains) {
      zone[d] = {
        ...(s.ipv4 ? { A: [s.ipv4] } : {}),
        AAAA: [s.ipv6],
        NS: [`ns1.${spec.company.domain}`],
      };
      zone[`www.${d}`] = { CNAME: d };
    }
  }
  const dns: TestDnsServer = await startDnsServer(zone);

  const domains: Record<string, RdapReply> = {};
  for (const s of provider.services) {
    for (const d of s.domains) domains[d] = registration(d, s.fraudulent ? 5 : 900);
  }
  const networks: Record<string, RdapReply> = {};
  for (const cidr of ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/25", "2001:db8::/32"]) {
    networks[cidr] = network(cidr, spec.company.name, spec.company.abuse);
  }
  for (const cidr of spec.addresses.not_ours) {
    networks[cidr] = network(cidr, "Example Transit Networks", "abuse@transit.example");
  }
  // Every site of the day answers on this machine; to a contact lookup, 127.0.0.0/8 is an
  // overseas hosting provider, which is who hosts the foreign phishing sites.
  networks["127.0.0.0/8"] = network(
    FOREIGN_HOSTING.cidr,
    FOREIGN_HOSTING.name,
    FOREIGN_HOSTING.abuse,
  );
  for (const d of FOREIGN_DOMAINS) domains[d] = registration(d, 3);
  // IANA's root answers who runs the TLD.
  domains.example = {
    json: {
      objectClassName: "domain",
      ldhName: "example",
      entities: [
        {
          objectClassName: "entity",
          roles: ["registrant"],
          vcardArray: jcard("Example Registry Services"),
        },
        {
          objectClassName: "entity",
          roles: ["technical"],
          vcardArray: jcard("Registry operations", "abuse@nic.example"),
        },
      ],
    },
  };
  const rdap: TestRdapServer = await startRdapServer({ domains, networks });
  const rdapBootstrap = writeBootstrapFor(join(workDir, "rdap-bootstrap.json"), rdap.baseUrl);

  return {
    sitePort,
    outboxUrl: `http://127.0.0.1:${sitePort}/outbox`,
    dnsAddress: dns.address,
    rdapBootstrap,
    rdapRoot: rdap.baseUrl,
    takeDown(host) {
      const site = sites.get(host);
      if (site) sites.set(host, { ...site, kind: "gone" });
    },
    publish(day) {
      for (const site of day) {
        sites.set(site.host, site);
        // The sites answer here, on this machine: that is where the capture must go.
        dns.set(site.host, { A: ["127.0.0.1"] });
      }
    },
    async close() {
      await new Promise<void>((r) => web.close(() => r()));
      web.closeAllConnections();
      await Promise.all([dns.close(), rdap.close()]);
    },
  };
}
