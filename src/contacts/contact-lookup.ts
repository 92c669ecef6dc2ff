import { promises as dns } from "node:dns";
import ipaddr from "ipaddr.js";
import { UserError } from "../domain/errors.ts";
import { cidr as cidrRule, hostName, ipAddress, urlOf } from "../domain/fields.ts";
import { storableJson } from "../domain/storable.ts";
import type { RdapOptions } from "../evidence/rdap.ts";
import { refang } from "../intake/resources.ts";
import { registrableDomain } from "../resolve/resolver.ts";
import type { Db } from "../store/database.ts";
import type { Contact, ContactLookup, LookupProblem } from "./contact-types.ts";
import { contactDbLookup } from "./contactdb.ts";
import { cachedLookup, keepLookup } from "./lookup-cache.ts";
import { type ContactOverride, listOverrides } from "./overrides.ts";
import { type Platform, platformOf } from "./platforms.ts";
import { networkContacts, registrarContacts, registryContacts } from "./rdap-contacts.ts";

/** What a lookup needs: RDAP, DNS, the known platforms, and where it keeps what it found. */
export interface ContactLookupDeps {
  db: Db;
  rdap: RdapOptions;
  /** IANA's root RDAP server (for TLD managers); null: not asked. */
  rdapRoot: string | null;
  /** A DNS contact database zone (abusix's contactdb layout); null: not asked. */
  contactDbZone: string | null;
  dnsServers: string[];
  dnsTimeoutMs: number;
  /** A host's addresses (the configured resolvers, cached). */
  resolveHost: (host: string) => Promise<{ addresses: string[]; error?: string }>;
  platforms: Platform[];
  cacheSeconds: number;
}

/** A resource as asked: an address, a CIDR range, a host name or a URL (defanged is fine). */
export interface Target {
  resource: string;
  kind: ContactLookup["kind"];
  host?: string;
  ip?: string;
}

// Reverse-resolving many addresses of one host would multiply RDAP queries for little: the
// first few show whether a site sits behind one network or several.
const MAX_ADDRESSES = 3;

/** Reads a resource the way a desk writes it; throws a UserError saying what it expected. */
export function parseTarget(input: string): Target {
  const text = refang(input.trim());
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const u = urlOf(text);
    if (!u) throw invalid(input);
    const ip = ipAddress(u.host);
    return { resource: u.url, kind: "url", ...(ip ? { ip } : { host: u.host }) };
  }
  if (text.includes("/")) {
    const c = cidrRule(text, { hostBits: "zero" });
    if ("error" in c) throw invalid(input);
    const [network = ""] = c.cidr.split("/");
    return { resource: c.cidr, kind: "cidr", ip: network };
  }
  const ip = ipAddress(text);
  if (ip) return { resource: ip, kind: "ip", ip };
  const host = hostName(text);
  if (host?.includes(".")) return { resource: host, kind: "domain", host };
  throw invalid(input);
}

function invalid(input: string): UserError {
  return new UserError(
    "invalid_resource",
    `"${input.slice(0, 200)}" is not an IP address, a CIDR range, a domain or a URL.`,
  );
}

/**
 * Who can act on a resource: the network's abuse contact, the domain's registrar and registry,
 * the name servers' operator, the platform. Kept for `cacheSeconds` unless `fresh`; the desk's
 * overrides are applied to every answer, cached or not, so a correction counts at once.
 */
export async function lookupContacts(
  deps: ContactLookupDeps,
  input: string,
  opts: { fresh?: boolean } = {},
): Promise<ContactLookup> {
  const target = parseTarget(input);
  const cached = opts.fresh ? null : await cachedLookup(deps.db, target.resource);
  // RDAP and DNS answers are outside text: made storable once here, so the takedown request
  // that keeps a contact (jsonb) and its mail (text) can store what the lookup returned.
  const found = cached ?? storableJson(await lookUp(deps, target));
  if (!cached) await keepLookup(deps.db, found, deps.cacheSeconds);
  return applyOverrides(found, await listOverrides(deps.db));
}

async function lookUp(deps: ContactLookupDeps, target: Target): Promise<ContactLookup> {
  const contacts: Contact[] = [];
  const problems: LookupProblem[] = [];
  const take = (f: { contacts: Contact[]; problems: LookupProblem[] }) => {
    contacts.push(...f.contacts);
    problems.push(...f.problems);
  };

  let addresses: string[] = target.ip ? [target.ip] : [];
  const host = target.host;
  const domain = host ? registrableDomain(host) : undefined;
  let nameservers: string[] = [];

  if (host) {
    const resolved = await deps.resolveHost(host);
    addresses = resolved.addresses.slice(0, MAX_ADDRESSES);
    if (resolved.error) problems.push({ source: "dns", message: `${host}: ${resolved.error}` });
  }

  const work: Promise<void>[] = [];
  for (const ip of addresses) {
    work.push(networkContacts(ip, "host", deps.rdap, `${ip} in `).then(take));
    if (deps.contactDbZone) work.push(contactDb(deps, ip).then(take));
  }
  if (domain && domain !== host?.split(".").at(-1)) {
    work.push(
      registrarContacts(domain, deps.rdap).then(async (r) => {
        take(r);
        nameservers = r.nameservers.length > 0 ? r.nameservers : await nsOf(deps, domain);
        take(await dnsOperator(deps, nameservers));
      }),
    );
    const tld = domain.split(".").at(-1) ?? "";
    work.push(registryContacts(tld, deps.rdapRoot, deps.rdap).then(take));
  }
  if (host) {
    const platform = platformOf(deps.platforms, host);
    if (platform) {
      contacts.push({
        role: "platform",
        about: platform.suffix,
        organisation: platform.name,
        source: "platform-list",
        fetched_at: new Date().toISOString(),
        note:
          platform.kind === "shortener"
            ? "A URL shortener: it can stop the redirect whoever hosts the target."
            : "A shared platform: it can take its user's site down whoever runs the network.",
      });
    }
  }
  await Promise.all(work);

  return {
    resource: target.resource,
    kind: target.kind,
    ...(host ? { host } : {}),
    ...(domain ? { domain } : {}),
    addresses,
    nameservers,
    contacts: inOrder(contacts),
    problems,
    looked_up_at: new Date().toISOString(),
    cached: false,
  };
}

async function contactDb(deps: ContactLookupDeps, ip: string) {
  const zone = deps.contactDbZone ?? "";
  try {
    const emails = await contactDbLookup(ip, {
      zone,
      servers: deps.dnsServers,
      timeoutMs: deps.dnsTimeoutMs,
    });
    return {
      problems: [],
      contacts: emails.map(
        (email): Contact => ({
          role: "host",
          about: `${ip} (contact database ${zone})`,
          address: ip,
          email,
          source: "dns-txt",
          source_url: `dns:${zone}`,
          fetched_at: new Date().toISOString(),
        }),
      ),
    };
  } catch (e) {
    return { contacts: [], problems: [{ source: "dns-txt", message: (e as Error).message }] };
  }
}

async function nsOf(deps: ContactLookupDeps, domain: string): Promise<string[]> {
  const resolver = new dns.Resolver({ timeout: deps.dnsTimeoutMs, tries: 2 });
  if (deps.dnsServers.length > 0) resolver.setServers(deps.dnsServers);
  try {
    return (await resolver.resolveNs(domain)).map((n) => n.toLowerCase().replace(/\.$/, ""));
  } catch {
    return [];
  }
}

/**
 * The operator of a domain's DNS: the network holding its first name server that resolves. A
 * DNS provider can stop answering for the name, which takes the site down wherever it is
 * hosted.
 */
async function dnsOperator(deps: ContactLookupDeps, nameservers: string[]) {
  for (const ns of nameservers.slice(0, 3)) {
    const { addresses } = await deps.resolveHost(ns);
    const ip = addresses[0];
    if (!ip) continue;
    return networkContacts(ip, "dns", deps.rdap, `name server ${ns} (${ip}) in `);
  }
  return {
    contacts: [],
    problems:
      nameservers.length > 0
        ? [
            {
              source: "dns",
              message: `None of the name servers ${nameservers.join(", ")} resolves.`,
            },
          ]
        : [],
  };
}

// ---------------------------------------------------------------------------------------------
// The desk's overrides

function inCidr(ip: string, range: string): boolean {
  try {
    const addr = ipaddr.process(ip);
    const [net, bits] = ipaddr.parseCIDR(range);
    return addr.kind() === net.kind() && addr.match(net, bits);
  } catch {
    return false;
  }
}

const underDomain = (host: string | undefined, suffix: string) =>
  host !== undefined && (host === suffix || host.endsWith(`.${suffix}`));

/** Whether an override applies to this lookup, or to one of its contacts. */
function matches(o: ContactOverride, lookup: ContactLookup, contact?: Contact): boolean {
  switch (o.match_kind) {
    case "cidr":
      return contact?.address
        ? inCidr(contact.address, o.match_value)
        : lookup.addresses.some((ip) => inCidr(ip, o.match_value));
    case "domain":
      return o.role === "dns"
        ? lookup.nameservers.some((ns) => underDomain(ns, o.match_value))
        : underDomain(lookup.host, o.match_value);
    case "tld":
      return lookup.domain?.split(".").at(-1) === o.match_value;
    case "organisation":
      return contact?.organisation?.toLowerCase() === o.match_value.toLowerCase();
    case "registrar":
      return contact?.iana_id === o.match_value;
    case "country":
      return lookup.contacts.some((c) => c.role === "host" && c.country === o.match_value);
  }
}

function overridden(c: Contact, o: ContactOverride): Contact {
  return {
    ...c,
    ...(o.organisation ? { organisation: o.organisation } : {}),
    ...(o.email ? { email: o.email } : {}),
    ...(o.web_form ? { web_form: o.web_form } : {}),
    ...(o.phone ? { phone: o.phone } : {}),
    ...(o.preferred_format ? { preferred_format: o.preferred_format } : {}),
    ...(o.language ? { language: o.language } : {}),
    ...(o.note ? { note: o.note } : {}),
    source: "override",
    override_id: o.id,
  };
}

/**
 * The lookup with the desk's overrides applied: an override that matches changes the
 * contacts of its role (one entry where the lookup had several), and adds one when the lookup
 * found none of that role (a platform's web form, a country's CERT).
 */
export function applyOverrides(lookup: ContactLookup, overrides: ContactOverride[]): ContactLookup {
  let contacts = lookup.contacts;
  for (const o of overrides) {
    const ofRole = contacts.filter((c) => c.role === o.role);
    const hit = ofRole.filter((c) => matches(o, lookup, c));
    if (hit.length > 0) {
      const replaced = overridden(hit[0] as Contact, o);
      contacts = [...contacts.filter((c) => !hit.includes(c)), replaced];
    } else if (
      o.match_kind !== "organisation" &&
      o.match_kind !== "registrar" &&
      matches(o, lookup)
    ) {
      contacts = [
        ...contacts,
        overridden(
          {
            role: o.role,
            about: o.match_value,
            // A country's CERT speaks its country's language unless the override says.
            ...(o.match_kind === "country" ? { country: o.match_value } : {}),
            source: "override",
            fetched_at: o.created_at,
          },
          o,
        ),
      ];
    }
  }
  return { ...lookup, contacts: inOrder(contacts) };
}

const ROLE_ORDER = ["platform", "host", "registrar", "registry", "dns", "cert"];
const SOURCE_ORDER = ["override", "platform-list", "rdap", "rdap-root", "dns-txt"];

/**
 * Who acts fastest first (a platform removes one user's page; the network, then the name), and
 * within a role the desk's own knowledge first. The sources answer in parallel, so without
 * this the order would be whichever answered first.
 */
function inOrder(contacts: Contact[]): Contact[] {
  const rank = (c: Contact) => ROLE_ORDER.indexOf(c.role) * 10 + SOURCE_ORDER.indexOf(c.source);
  return [...contacts].sort(
    (a, b) => rank(a) - rank(b) || (a.address ?? "").localeCompare(b.address ?? ""),
  );
}
