import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import ipaddr from "ipaddr.js";

/** What the server sends for one object: JSON, raw text, or nothing ever ("hang"). */
export type RdapReply =
  | { status?: number; json: unknown; contentType?: string }
  | { status?: number; body: string; contentType?: string }
  | "hang";

export interface TestRdapServerOptions {
  /** By domain name (any case). */
  domains?: Record<string, RdapReply>;
  /** By CIDR range; /ip/<addr> gets the most specific range holding the address, as RIRs do. */
  networks?: Record<string, RdapReply>;
}

/** A running test RDAP server and what it has been asked. */
export interface TestRdapServer {
  port: number;
  /** "http://127.0.0.1:PORT/", a base URL for a bootstrap file. */
  baseUrl: string;
  /** Every request, in arrival order. */
  requests: { path: string; accept?: string }[];
  close(): Promise<void>;
}

const RDAP_JSON = "application/rdap+json";

/**
 * Writes an RDAP bootstrap file (the bundled one, in IANA's layout) whose `.example` domains
 * and the given address ranges (default: all) are answered by the server at `baseUrl`.
 */
export function writeBootstrapFor(
  file: string,
  baseUrl: string,
  ranges: { ipv4?: string[]; ipv6?: string[] } = { ipv4: ["0.0.0.0/0"], ipv6: ["::/0"] },
): string {
  const bundled = JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "evidence", "rdap-bootstrap.json"), "utf8"),
  );
  // Only the test server answers: no TLD or range of the bundled additions either.
  delete bundled.additions;
  bundled.dns.services = [[["example"], [baseUrl]]];
  if (ranges.ipv4) bundled.ipv4.services = [[ranges.ipv4, [baseUrl]]];
  if (ranges.ipv6) bundled.ipv6.services = [[ranges.ipv6, [baseUrl]]];
  writeFileSync(file, JSON.stringify(bundled));
  return file;
}

/** Starts an RDAP server (RFC 9082 paths /domain/<name>, /ip/<addr> and /ip/<addr>/<len>) on 127.0.0.1. */
export async function startRdapServer(opts: TestRdapServerOptions = {}): Promise<TestRdapServer> {
  const domains = new Map(Object.entries(opts.domains ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const networks = Object.entries(opts.networks ?? {}).map(([cidr, reply]) => ({
    range: ipaddr.parseCIDR(cidr),
    reply,
  }));
  const requests: TestRdapServer["requests"] = [];

  function lookup(path: string): RdapReply | undefined {
    const m = /^\/(domain|ip)\/(.+)$/.exec(path);
    if (!m?.[2]) return undefined;
    const key = decodeURIComponent(m[2]);
    if (m[1] === "domain") return domains.get(key.toLowerCase());
    // "ip/<address>/<length>" asks for the smallest network holding the whole prefix.
    const [address = "", lengthText] = key.split("/");
    if (!ipaddr.isValid(address)) return undefined;
    const addr = ipaddr.parse(address);
    const length =
      lengthText === undefined ? (addr.kind() === "ipv4" ? 32 : 128) : Number(lengthText);
    let best: { bits: number; reply: RdapReply } | undefined;
    for (const { range, reply } of networks) {
      if (range[0].kind() !== addr.kind() || !addr.match(range) || range[1] > length) continue;
      if (!best || range[1] > best.bits) best = { bits: range[1], reply };
    }
    return best?.reply;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    requests.push({ path, ...(req.headers.accept ? { accept: req.headers.accept } : {}) });
    const reply = lookup(path);
    if (reply === "hang") return; // Left open until the client gives up or the server closes.
    if (reply === undefined) {
      // RFC 9083 section 6: errors come as an error response object.
      send(res, 404, RDAP_JSON, JSON.stringify({ errorCode: 404, title: "Not Found" }));
      return;
    }
    const type = reply.contentType ?? RDAP_JSON;
    const body = "json" in reply ? JSON.stringify(reply.json) : reply.body;
    send(res, reply.status ?? 200, type, body);
  }

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/`,
    requests,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

// ---------------------------------------------------------------------------------------------
// Canned RFC 9083 objects, shaped like what registries and RIRs send (trimmed).

const jcard = (...props: unknown[][]) => ["vcard", [["version", {}, "text", "4.0"], ...props]];

/** A gTLD-style domain: registrar entity with its abuse contact nested inside, redacted registrant. */
export function cannedDomain(name: string): Record<string, unknown> {
  return {
    objectClassName: "domain",
    rdapConformance: ["rdap_level_0", "icann_rdap_response_profile_1"],
    handle: "2336799_DOMAIN_EXAMPLE-TEST",
    ldhName: name.toUpperCase(),
    status: ["client transfer prohibited", "server delete prohibited"],
    events: [
      { eventAction: "registration", eventDate: "2024-03-01T09:15:00Z" },
      { eventAction: "expiration", eventDate: "2027-03-01T09:15:00Z" },
      // Offsets other than Z occur in the wild; evidence stores UTC.
      { eventAction: "last changed", eventDate: "2026-02-10T21:00:00+09:00" },
      { eventAction: "last update of RDAP database", eventDate: "2026-11-29T08:00:00Z" },
      { eventAction: "bogus event without a date" },
    ],
    entities: [
      {
        objectClassName: "entity",
        handle: "9999",
        roles: ["registrar"],
        publicIds: [{ type: "IANA Registrar ID", identifier: "9999" }],
        vcardArray: jcard(["fn", {}, "text", "Example Registrar, Inc."]),
        entities: [
          {
            objectClassName: "entity",
            roles: ["abuse"],
            vcardArray: jcard(
              ["fn", {}, "text", "Registrar Abuse Desk"],
              ["tel", { type: ["voice"] }, "uri", "tel:+1.5555550100"],
              ["email", {}, "text", "abuse@registrar.example"],
            ),
          },
        ],
      },
      {
        objectClassName: "entity",
        handle: "REDACTED",
        roles: ["registrant"],
        remarks: [{ title: "REDACTED FOR PRIVACY", type: "object redacted due to authorization" }],
        vcardArray: jcard(
          ["fn", {}, "text", ""],
          ["adr", { cc: "JP" }, "text", ["", "", "", "", "", "", ""]],
        ),
      },
    ],
    nameservers: [
      { objectClassName: "nameserver", ldhName: "NS1.HOSTING.EXAMPLE" },
      { objectClassName: "nameserver", ldhName: "ns2.hosting.example." },
    ],
    secureDNS: { delegationSigned: false },
    notices: [
      {
        title: "Terms of Use",
        description: ["Service subject to the terms of use."],
        links: [{ href: "https://registry.example/terms", rel: "terms-of-service" }],
      },
    ],
  };
}

/** An RIR-style network with the cidr0 extension; the abuse contact sits under the organisation. */
export function cannedNetworkWithCidr0(): Record<string, unknown> {
  return {
    objectClassName: "ip network",
    rdapConformance: ["nro_rdap_profile_0", "rdap_level_0", "cidr0"],
    handle: "NET-192-0-2-0-1",
    startAddress: "192.0.2.0",
    endAddress: "192.0.2.255",
    ipVersion: "v4",
    name: "EXAMPLE-HOSTING-NET",
    type: "ASSIGNMENT",
    country: "JP",
    parentHandle: "NET-192-0-0-0-0",
    status: ["active"],
    cidr0_cidrs: [{ v4prefix: "192.0.2.0", length: 24 }],
    events: [{ eventAction: "registration", eventDate: "2019-06-01T00:00:00Z" }],
    entities: [
      {
        objectClassName: "entity",
        handle: "EXHOST-ORG",
        roles: ["registrant"],
        vcardArray: jcard(["fn", {}, "text", "Example Hosting K.K."], ["kind", {}, "text", "org"]),
        entities: [
          {
            objectClassName: "entity",
            handle: "EXHOST-ABUSE",
            roles: ["abuse"],
            vcardArray: jcard(
              ["fn", {}, "text", "Abuse Team"],
              // A fax number first: the contact must still get the voice number.
              ["tel", { type: "fax" }, "text", "+81-3-5555-0199"],
              ["tel", { type: ["work", "voice"] }, "text", "+81-3-5555-0100"],
              ["email", {}, "text", "abuse@hosting.example"],
            ),
          },
          {
            objectClassName: "entity",
            handle: "EXHOST-NOC",
            roles: ["technical"],
            vcardArray: jcard(["email", {}, "text", "noc@hosting.example"]),
          },
        ],
      },
    ],
  };
}

/** A network without cidr0 whose range is not one CIDR block (198.51.100.0 - 198.51.100.191). */
export function cannedNetworkRangeOnly(): Record<string, unknown> {
  return {
    objectClassName: "ip network",
    rdapConformance: ["rdap_level_0"],
    handle: "198.51.100.0 - 198.51.100.191",
    startAddress: "198.51.100.0",
    endAddress: "198.51.100.191",
    ipVersion: "v4",
    name: "DOC-RANGE",
    country: "NL",
    entities: [
      {
        objectClassName: "entity",
        handle: "AR1-TEST",
        roles: ["abuse"],
        vcardArray: jcard(
          ["fn", {}, "text", "Abuse contact"],
          ["kind", {}, "text", "group"],
          ["email", { type: "abuse" }, "text", "abuse@range.example"],
        ),
      },
      {
        // The same contact again under another handle: it is reported once.
        objectClassName: "entity",
        handle: "AR1-TEST-COPY",
        roles: ["abuse", "technical"],
        vcardArray: jcard(
          ["fn", {}, "text", "Abuse contact"],
          ["email", {}, "text", "abuse@range.example"],
        ),
      },
    ],
  };
}

/** An IPv6 network with cidr0. */
export function cannedNetworkV6(): Record<string, unknown> {
  return {
    objectClassName: "ip network",
    rdapConformance: ["rdap_level_0", "cidr0"],
    handle: "DOC-V6",
    startAddress: "2001:db8::",
    endAddress: "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
    ipVersion: "v6",
    name: "DOC-V6-NET",
    cidr0_cidrs: [{ v6prefix: "2001:db8::", length: 32 }],
    entities: [
      {
        objectClassName: "entity",
        roles: ["abuse"],
        vcardArray: jcard(["email", {}, "text", "abuse-v6@hosting.example"]),
      },
    ],
  };
}
