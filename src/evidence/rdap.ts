// RDAP lookups for evidence: RFC 9082 queries, RFC 9083 responses, RFC 9224 bootstrap.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { domainToASCII, fileURLToPath } from "node:url";
import ipaddr from "ipaddr.js";
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// Bootstrap (RFC 9224)

const DomainEntry = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$/, "not a domain name in ASCII");

/** A CIDR range of the given family written the strict way (no "10/8", no octal). */
function cidrEntry(family: 4 | 6) {
  return z.string().refine((s) => {
    const slash = s.indexOf("/");
    if (slash < 0) return false;
    const bits = s.slice(slash + 1);
    return (
      isIP(s.slice(0, slash)) === family &&
      /^\d{1,3}$/.test(bits) &&
      Number(bits) <= (family === 4 ? 32 : 128)
    );
  }, `not an IPv${family} CIDR range`);
}

const AsnEntry = z
  .string()
  .regex(/^\d+(-\d+)?$/, "not an AS number or range")
  .refine((s) => {
    const [first, last = first] = s.split("-").map(Number);
    return first !== undefined && last !== undefined && first <= last && last <= 4294967295;
  }, "not an AS number range in order");

/** One IANA registry file: services map entries to base URLs (an empty list: no server). */
function registry<T extends z.ZodType<string>>(entry: T) {
  return z.object({
    description: z.string().optional(),
    publication: z.string().optional(),
    version: z.string().optional(),
    services: z.array(z.tuple([z.array(entry), z.array(z.url({ protocol: /^https?$/ }))])),
  });
}

/** The bootstrap file: IANA's dns.json, ipv4.json, ipv6.json and asn.json under one key each. */
const services = <T extends z.ZodType<string>>(entry: T) =>
  z.array(z.tuple([z.array(entry), z.array(z.url({ protocol: /^https?$/ }))]));

export const RdapBootstrap = z
  .object({
    description: z.string().optional(),
    dns: registry(DomainEntry),
    ipv4: registry(cidrEntry(4)),
    ipv6: registry(cidrEntry(6)),
    asn: registry(AsnEntry),
    /**
     * Entries that are not IANA's, applied after IANA's: a TLD IANA does not list, ranges that
     * must have no server. Kept apart so a refresh from IANA replaces IANA's part only.
     */
    additions: z
      .object({
        dns: services(DomainEntry).default([]),
        ipv4: services(cidrEntry(4)).default([]),
        ipv6: services(cidrEntry(6)).default([]),
      })
      .optional(),
  })
  .transform(({ additions, ...b }) => ({
    ...b,
    ...(additions ? { additions } : {}),
    dns: { ...b.dns, services: [...b.dns.services, ...(additions?.dns ?? [])] },
    ipv4: { ...b.ipv4, services: [...b.ipv4.services, ...(additions?.ipv4 ?? [])] },
    ipv6: { ...b.ipv6, services: [...b.ipv6.services, ...(additions?.ipv6 ?? [])] },
  }));
export type RdapBootstrap = z.output<typeof RdapBootstrap>;

const BUNDLED_BOOTSTRAP = fileURLToPath(new URL("./rdap-bootstrap.json", import.meta.url));

/**
 * Reads and checks a bootstrap file (the bundled subset when no path is given); throws an
 * error naming the file when it cannot be read, is not JSON, or does not have the shape.
 */
export function loadBootstrap(path?: string): RdapBootstrap {
  const file = path ?? BUNDLED_BOOTSTRAP;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`Cannot read the RDAP bootstrap file ${file}: ${describeError(e)}`, {
      cause: e,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`The RDAP bootstrap file ${file} is not valid JSON: ${describeError(e)}`, {
      cause: e,
    });
  }
  const parsed = RdapBootstrap.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`)
      .join("; ");
    const more =
      parsed.error.issues.length > 5 ? ` (and ${parsed.error.issues.length - 5} more)` : "";
    throw new Error(`The RDAP bootstrap file ${file} is not an RDAP bootstrap: ${issues}${more}`);
  }
  return parsed.data;
}

interface IpRange {
  family: 4 | 6;
  network: bigint;
  bits: number;
  urls: string[];
}

interface CompiledBootstrap {
  domains: Map<string, string[]>;
  ranges: IpRange[];
  /** Every server's origin, made when first asked for. */
  origins?: Set<string>;
}

// Parsing every CIDR of IANA's files on each lookup would dominate the cost of a lookup, so the
// parsed form is kept per bootstrap object (which is treated as immutable).
const compiled = new WeakMap<RdapBootstrap, CompiledBootstrap>();

function compile(bootstrap: RdapBootstrap): CompiledBootstrap {
  const hit = compiled.get(bootstrap);
  if (hit) return hit;
  const domains = new Map<string, string[]>();
  for (const [entries, urls] of bootstrap.dns.services) {
    for (const entry of entries) {
      const key = entry.toLowerCase();
      if (!domains.has(key)) domains.set(key, urls);
    }
  }
  const ranges: IpRange[] = [];
  for (const [family, file] of [
    [4, bootstrap.ipv4],
    [6, bootstrap.ipv6],
  ] as const) {
    for (const [entries, urls] of file.services) {
      for (const entry of entries) {
        const [addr = "", bits = ""] = entry.split("/");
        ranges.push({ family, network: toBigInt(ipaddr.parse(addr)), bits: Number(bits), urls });
      }
    }
  }
  const result = { domains, ranges };
  compiled.set(bootstrap, result);
  return result;
}

/**
 * The RDAP base URL (ending in "/") for a domain (longest matching label suffix) or an IP
 * address (longest matching CIDR range); null when the bootstrap names no server.
 */
export function rdapBaseFor(
  bootstrap: RdapBootstrap,
  query: { domain: string } | { ip: string },
): string | null {
  const index = compile(bootstrap);
  if ("domain" in query) {
    const name = normaliseDomain(query.domain);
    if (name === null) return null;
    const labels = name.split(".");
    for (let i = 0; i < labels.length; i++) {
      const urls = index.domains.get(labels.slice(i).join("."));
      // A longer match with no URLs means "no RDAP service", not "ask the parent's server".
      if (urls) return pickUrl(urls);
    }
    return null;
  }
  const ip = normaliseIp(query.ip);
  if (ip === null) return null;
  const width = ip.family === 4 ? 32 : 128;
  let best: IpRange | undefined;
  for (const range of index.ranges) {
    if (range.family !== ip.family || (best && best.bits >= range.bits)) continue;
    const shift = BigInt(width - range.bits);
    if (ip.value >> shift === range.network >> shift) best = range;
  }
  return best ? pickUrl(best.urls) : null;
}

/** RFC 9224 asks clients to prefer HTTPS when a service lists several base URLs. */
function pickUrl(urls: string[]): string | null {
  const url = urls.find((u) => u.startsWith("https:")) ?? urls[0];
  if (url === undefined) return null;
  return url.endsWith("/") ? url : `${url}/`;
}

// ---------------------------------------------------------------------------------------------
// Queries (RFC 9082) and answers (RFC 9083)

export interface RdapOptions {
  bootstrap: RdapBootstrap;
  /** Bound on each request, enforced here whatever `fetchJson` does. */
  timeoutMs: number;
  /**
   * GETs a URL. Resolves with the status and the parsed body (undefined when the body is not
   * JSON); rejects with a SyntaxError when a successful answer is not JSON, and with another
   * error (a "TimeoutError" for timeouts) when no answer came.
   */
  fetchJson: (url: string) => Promise<{ status: number; json: unknown }>;
}

export interface RdapContact {
  email?: string;
  phone?: string;
  name?: string;
}

export interface RdapDomain {
  /** The name asked, lowercase ASCII. */
  query: string;
  url: string;
  status?: string[];
  registrar?: string;
  /** The registrar's id in IANA's registrar registry (publicIds "IANA Registrar ID"). */
  registrar_iana_id?: string;
  /** Abuse contacts published under the registrar's entity (ICANN asks registrars for one). */
  registrar_abuse_contacts: RdapContact[];
  /** Links to other RDAP servers about the same name (a registrar's own server, "related"). */
  related_urls: string[];
  /** RFC 9083 events (registration, expiration, last changed…), dates in UTC ISO-8601. */
  events: { action: string; date: string }[];
  /** Lowercase, without trailing dots. */
  nameservers: string[];
  abuse_contacts: RdapContact[];
  raw: unknown;
}

export interface RdapNetwork {
  /** The address asked, in canonical form. */
  query: string;
  url: string;
  handle?: string;
  name?: string;
  start?: string;
  end?: string;
  /** From the cidr0 extension when present, else computed from start and end. */
  cidr?: string[];
  country?: string;
  /** The holder's name (the registrant entity's fn), when published. */
  organisation?: string;
  parent_handle?: string;
  /** The covering network's object, when the server links to it ("up"). */
  up_url?: string;
  abuse_contacts: RdapContact[];
  raw: unknown;
}

export type RdapResult<T> =
  | { ok: true; data: T; fetched_at: string }
  | { ok: false; error: string; url?: string; fetched_at: string };

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A `fetchJson` straight to the Internet with global fetch: no SSRF protection, which is why
 * callers that take URLs from reporters should pass Mogura's safe fetcher instead.
 */
export function fetchJsonDirect(timeoutMs: number): RdapOptions["fetchJson"] {
  return async (url) => {
    const signal = AbortSignal.timeout(timeoutMs);
    const res = await fetch(url, {
      // RFC 7480 section 4.2: ask for RDAP; plain JSON is accepted from older servers.
      headers: { accept: "application/rdap+json, application/json;q=0.9" },
      signal,
    });
    const text = await readBody(res, MAX_BODY_BYTES);
    try {
      return { status: res.status, json: JSON.parse(text) };
    } catch (e) {
      // Error pages (an HTML 404) are common; only a successful answer must be JSON.
      if (!res.ok) return { status: res.status, json: undefined };
      throw new SyntaxError(describeError(e));
    }
  };
}

async function readBody(res: Response, limit: number): Promise<string> {
  if (!res.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > limit) {
      await res.body.cancel().catch(() => {});
      throw new Error(`the answer is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The registration data of a domain (pass the registrable domain: registries know no others). */
export async function rdapDomain(
  domain: string,
  opts: RdapOptions,
): Promise<RdapResult<RdapDomain>> {
  const name = normaliseDomain(domain);
  if (name === null) return failure(`"${domain}" is not a valid domain name.`);
  const base = rdapBaseFor(opts.bootstrap, { domain: name });
  if (base === null) {
    const tld = name.split(".").at(-1);
    return failure(`No RDAP server is known for ${name}: the bootstrap has none for ".${tld}".`);
  }
  const url = `${base}domain/${name}`;
  const got = await fetchObject(url, name, opts);
  if (!got.ok) return got;
  const parsed = DomainObject.safeParse(got.json);
  if (!parsed.success) return failure(notObject(url, "domain", got.json), url);
  const d = parsed.data;
  const entities = walkEntities(d.entities);
  return success({
    query: name,
    url,
    ...(d.status.length > 0 ? { status: d.status } : {}),
    ...optional("registrar", registrarOf(entities)),
    ...optional("registrar_iana_id", registrarIanaId(entities)),
    registrar_abuse_contacts: abuseContactsOf(
      entities.filter((e) => e.under.includes("registrar") || e.roles.includes("registrar")),
    ),
    related_urls: linksOf(d.links, "related", url),
    events: d.events.map((e) => ({ action: e.eventAction, date: isoDate(e.eventDate) })),
    nameservers: d.nameservers.flatMap((ns) => {
      const n = ns.ldhName ?? ns.unicodeName;
      return n ? [n.toLowerCase().replace(/\.$/, "")] : [];
    }),
    abuse_contacts: abuseContactsOf(entities),
    raw: got.json,
  });
}

/** The registration data of the network holding an IP address. */
export async function rdapIp(ip: string, opts: RdapOptions): Promise<RdapResult<RdapNetwork>> {
  const addr = normaliseIp(ip);
  if (addr === null) return failure(`"${ip}" is not an IP address.`);
  const base = rdapBaseFor(opts.bootstrap, { ip: addr.text });
  if (base === null) return failure(`No RDAP server is known for ${addr.text} in the bootstrap.`);
  return rdapNetworkAt(`${base}ip/${addr.text}`, addr.text, opts);
}

/**
 * The smallest network that covers a whole prefix (RFC 9082 `ip/<address>/<length>`): asked
 * with a network's prefix one bit shorter, it is the network above it.
 */
export async function rdapIpCovering(
  address: string,
  length: number,
  opts: RdapOptions,
): Promise<RdapResult<RdapNetwork>> {
  const addr = normaliseIp(address);
  if (addr === null) return failure(`"${address}" is not an IP address.`);
  const base = rdapBaseFor(opts.bootstrap, { ip: addr.text });
  if (base === null) return failure(`No RDAP server is known for ${addr.text} in the bootstrap.`);
  return rdapNetworkAt(`${base}ip/${addr.text}/${length}`, `${addr.text}/${length}`, opts);
}

/**
 * A network object at a URL another answer linked to ("up"). Only URLs on a server the
 * bootstrap names are followed: a link is what a server says, and it must not send us to an
 * address of its choosing.
 */
export async function rdapNetworkLinked(
  url: string,
  opts: RdapOptions,
): Promise<RdapResult<RdapNetwork>> {
  if (!isBootstrapServer(opts.bootstrap, url)) {
    return failure(`The link ${url} is not on an RDAP server the bootstrap names.`, url);
  }
  return rdapNetworkAt(url, url, opts);
}

async function rdapNetworkAt(
  url: string,
  query: string,
  opts: RdapOptions,
): Promise<RdapResult<RdapNetwork>> {
  const got = await fetchObject(url, query, opts);
  if (!got.ok) return got;
  const parsed = NetworkObject.safeParse(got.json);
  if (!parsed.success) return failure(notObject(url, "ip network", got.json), url);
  const n = parsed.data;
  const cidr = n.cidr0_cidrs.flatMap((c) => {
    const prefix = c.v4prefix ?? c.v6prefix;
    return prefix === undefined ? [] : [`${prefix}/${c.length}`];
  });
  const computed = cidr.length > 0 ? cidr : rangeToCidrs(n.startAddress, n.endAddress);
  const entities = walkEntities(n.entities);
  return success({
    query,
    url,
    ...optional("handle", n.handle),
    ...optional("name", n.name),
    ...optional("start", n.startAddress),
    ...optional("end", n.endAddress),
    ...(computed && computed.length > 0 ? { cidr: computed } : {}),
    ...optional("country", n.country),
    ...optional("organisation", organisationOf(entities)),
    ...optional("parent_handle", n.parentHandle),
    ...optional("up_url", linksOf(n.links, "up", url)[0]),
    abuse_contacts: abuseContactsOf(entities),
    raw: got.json,
  });
}

/** What IANA's root RDAP server says of a top-level domain: its manager and their contacts. */
export interface RdapTld {
  tld: string;
  url: string;
  /** The TLD manager (the registrant entity of the TLD object). */
  organisation?: string;
  contacts: (RdapContact & { role: string })[];
  raw: unknown;
}

/** The operator of a top-level domain, from IANA's root RDAP server at `rootBase`. */
export async function rdapTld(
  tld: string,
  rootBase: string,
  opts: RdapOptions,
): Promise<RdapResult<RdapTld>> {
  const name = normaliseDomain(tld);
  if (name === null || name.includes(".")) return failure(`"${tld}" is not a top-level domain.`);
  const base = rootBase.endsWith("/") ? rootBase : `${rootBase}/`;
  const url = `${base}domain/${name}`;
  const got = await fetchObject(url, name, opts);
  if (!got.ok) return got;
  const parsed = DomainObject.safeParse(got.json);
  if (!parsed.success) return failure(notObject(url, "domain", got.json), url);
  const entities = walkEntities(parsed.data.entities);
  const contacts: RdapTld["contacts"] = [];
  for (const role of ["abuse", "technical", "administrative"]) {
    for (const c of contactsOf(entities, role)) contacts.push({ ...c, role });
  }
  return success({
    tld: name,
    url,
    ...optional("organisation", organisationOf(entities)),
    contacts,
    raw: got.json,
  });
}

/** Whether a URL points at a server (scheme, host and port) that the bootstrap names. */
export function isBootstrapServer(bootstrap: RdapBootstrap, url: string): boolean {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return false;
  }
  const index = compile(bootstrap);
  if (!index.origins) {
    const origins = new Set<string>();
    const all = [
      ...bootstrap.dns.services,
      ...bootstrap.ipv4.services,
      ...bootstrap.ipv6.services,
      ...bootstrap.asn.services,
    ];
    for (const [, urls] of all) {
      for (const u of urls) {
        try {
          origins.add(new URL(u).origin);
        } catch {
          // The schema checked these are URLs.
        }
      }
    }
    index.origins = origins;
  }
  return index.origins.has(origin);
}

function success<T>(data: T): RdapResult<T> {
  return { ok: true, data, fetched_at: new Date().toISOString() };
}

function failure(
  error: string,
  url?: string,
): { ok: false; error: string; url?: string; fetched_at: string } {
  return { ok: false, error, ...(url ? { url } : {}), fetched_at: new Date().toISOString() };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: string };
}

class RequestTimeout extends Error {}

type Fetched = { ok: true; json: unknown } | ReturnType<typeof failure>;

/** Fetches an RDAP object, turning every way of not getting one into a sentence. */
async function fetchObject(url: string, what: string, opts: RdapOptions): Promise<Fetched> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout()), opts.timeoutMs);
  });
  let res: { status: number; json: unknown };
  try {
    res = await Promise.race([opts.fetchJson(url), deadline]);
  } catch (e) {
    const name = (e as { name?: unknown } | null)?.name;
    if (e instanceof RequestTimeout) {
      return failure(`The RDAP server did not answer within ${opts.timeoutMs} ms (${url}).`, url);
    }
    if (name === "TimeoutError" || name === "AbortError") {
      return failure(`The RDAP server did not answer in time (${url}).`, url);
    }
    if (e instanceof SyntaxError) {
      return failure(`The answer from ${url} is not valid JSON (${e.message}).`, url);
    }
    return failure(`The RDAP request to ${url} failed: ${describeError(e)}.`, url);
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 404) {
    return failure(`The RDAP server has no record of ${what} (HTTP 404 from ${url}).`, url);
  }
  if (res.status < 200 || res.status > 299) {
    const detail = ErrorObject.safeParse(res.json);
    const title = detail.success
      ? [detail.data.title, ...detail.data.description].filter(Boolean)
      : [];
    const why = title.length > 0 ? `: ${title.join(" ")}` : "";
    return failure(`The RDAP server answered HTTP ${res.status} for ${url}${why}.`, url);
  }
  if (res.json === undefined) return failure(`The answer from ${url} is not valid JSON.`, url);
  return { ok: true, json: res.json };
}

function notObject(url: string, objectClass: string, json: unknown): string {
  const found = ClassName.safeParse(json);
  const actual = found.success ? ` (its objectClassName is "${found.data.objectClassName}")` : "";
  return `The answer from ${url} is not an RDAP ${objectClass} object${actual}.`;
}

// Server data is read leniently: a malformed member loses that member, not the whole answer,
// because the raw object is kept as evidence anyway.

/** The items of an array that match `item`; [] when the value is not an array. */
function listOf<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((xs) =>
      xs.flatMap((x) => {
        const r = item.safeParse(x);
        return r.success ? [r.data as z.output<T>] : [];
      }),
    );
}

const text = z.string().optional().catch(undefined);

const ClassName = z.object({ objectClassName: z.string() });

const ErrorObject = z.object({
  errorCode: z.number().optional().catch(undefined),
  title: text,
  description: listOf(z.string()),
});

const DomainObject = z.object({
  objectClassName: z.literal("domain"),
  status: listOf(z.string()),
  events: listOf(z.object({ eventAction: z.string(), eventDate: z.string() })),
  nameservers: listOf(z.object({ ldhName: text, unicodeName: text })),
  entities: z.array(z.unknown()).catch([]),
  links: listOf(z.object({ rel: text, href: z.string(), type: text })),
});

const NetworkObject = z.object({
  objectClassName: z.literal("ip network"),
  handle: text,
  name: text,
  startAddress: text,
  endAddress: text,
  country: text,
  cidr0_cidrs: listOf(
    z.object({ v4prefix: text, v6prefix: text, length: z.number().int().min(0).max(128) }),
  ),
  parentHandle: text,
  entities: z.array(z.unknown()).catch([]),
  links: listOf(z.object({ rel: text, href: z.string(), type: text })),
});

const EntityObject = z.object({
  handle: text,
  roles: listOf(z.string()),
  publicIds: listOf(z.object({ type: z.string(), identifier: z.string() })),
  vcardArray: z.unknown(),
  entities: z.array(z.unknown()).catch([]),
});

/** A jCard property (RFC 7095): name, parameters, value type, then the value(s). */
const JCardProperty = z.tuple(
  [z.string(), z.record(z.string(), z.unknown()).catch({}), z.string().catch("")],
  z.unknown(),
);
const JCard = z.tuple([z.literal("vcard"), listOf(JCardProperty)]);

interface Entity {
  handle?: string;
  roles: string[];
  /** The roles of the entities this one is nested under, outermost first. */
  under: string[];
  publicIds: { type: string; identifier: string }[];
  properties: z.output<typeof JCardProperty>[];
}

// Registries nest contacts (an abuse role under the registrar, a network's abuse contact under
// its organisation); the bound stops a hostile answer from recursing without end.
const MAX_ENTITY_DEPTH = 8;

/** Every entity, depth first in document order. */
function walkEntities(
  list: unknown[],
  depth = 0,
  out: Entity[] = [],
  under: string[] = [],
): Entity[] {
  if (depth >= MAX_ENTITY_DEPTH) return out;
  for (const item of list) {
    const parsed = EntityObject.safeParse(item);
    if (!parsed.success) continue;
    const e = parsed.data;
    const card = JCard.safeParse(e.vcardArray);
    const roles = e.roles.map((r) => r.toLowerCase());
    out.push({
      ...(e.handle ? { handle: e.handle } : {}),
      roles,
      under,
      publicIds: e.publicIds,
      properties: card.success ? card.data[1] : [],
    });
    walkEntities(e.entities, depth + 1, out, [...under, ...roles]);
  }
  return out;
}

/** The first string value of a jCard property, skipping those whose type is in `avoid`. */
function vcardValue(entity: Entity, property: string, avoid: string[] = []): string | undefined {
  const candidates = entity.properties.filter((p) => p[0].toLowerCase() === property);
  const preferred = candidates.filter((p) => {
    const type = p[1].type;
    const types = (Array.isArray(type) ? type : [type]).map((t) => String(t).toLowerCase());
    return !types.some((t) => avoid.includes(t));
  });
  for (const p of [...preferred, ...candidates]) {
    const value = p[3];
    if (typeof value === "string" && value.trim() !== "") return value.trim();
  }
  return undefined;
}

function registrarOf(entities: Entity[]): string | undefined {
  const registrar = entities.find((e) => e.roles.includes("registrar"));
  return registrar ? (vcardValue(registrar, "fn") ?? registrar.handle) : undefined;
}

function registrarIanaId(entities: Entity[]): string | undefined {
  const registrar = entities.find((e) => e.roles.includes("registrar"));
  return registrar?.publicIds.find((p) => p.type.toLowerCase() === "iana registrar id")?.identifier;
}

function organisationOf(entities: Entity[]): string | undefined {
  const holder = entities.find((e) => e.roles.includes("registrant"));
  return holder ? vcardValue(holder, "fn") : undefined;
}

/** Link targets of a relation, absolute (relative hrefs resolved against the object's URL). */
function linksOf(links: { rel?: string; href: string }[], rel: string, base: string): string[] {
  const out: string[] = [];
  for (const l of links) {
    if (l.rel?.toLowerCase() !== rel) continue;
    try {
      const url = new URL(l.href, base);
      if ((url.protocol === "https:" || url.protocol === "http:") && url.href !== base) {
        out.push(url.href);
      }
    } catch {
      // A link that is not a URL is skipped; the raw object keeps it.
    }
  }
  return [...new Set(out)];
}

function abuseContactsOf(entities: Entity[]): RdapContact[] {
  return contactsOf(entities, "abuse");
}

/** The distinct contacts of the entities that have a role. */
function contactsOf(entities: Entity[], role: string): RdapContact[] {
  const seen = new Set<string>();
  const contacts: RdapContact[] = [];
  for (const e of entities) {
    if (!e.roles.includes(role)) continue;
    const email = vcardValue(e, "email");
    // A tel value of type "uri" is "tel:+1.5555551234"; the number is what a person dials.
    const phone = vcardValue(e, "tel", ["fax"])?.replace(/^tel:/i, "");
    const name = vcardValue(e, "fn");
    const contact = {
      ...optional("email", email),
      ...optional("phone", phone),
      ...optional("name", name),
    };
    const key = JSON.stringify([contact.email, contact.phone, contact.name]);
    if (Object.keys(contact).length === 0 || seen.has(key)) continue;
    seen.add(key);
    contacts.push(contact);
  }
  return contacts;
}

// ---------------------------------------------------------------------------------------------
// Names and addresses

/** Lowercase ASCII (A-labels) without a trailing dot; null when not a domain name. */
function normaliseDomain(domain: string): string | null {
  let name = domain.trim().toLowerCase();
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (isIP(name) !== 0) return null;
  const ascii = domainToASCII(name);
  if (ascii === "" || ascii.length > 253) return null;
  return ascii.split(".").every((l) => /^[a-z0-9_-]{1,63}$/.test(l)) ? ascii : null;
}

/** The address as a number, with its canonical text; IPv4-mapped IPv6 counts as IPv4. */
function normaliseIp(ip: string): { family: 4 | 6; value: bigint; text: string } | null {
  let s = ip.trim();
  const bracketed = /^\[(.+)\]$/.exec(s);
  if (bracketed?.[1]) s = bracketed[1];
  // A zone id names an interface of the asking machine; it means nothing to a registry.
  s = s.split("%")[0] ?? "";
  if (isIP(s) === 0) return null;
  const addr = ipaddr.process(s);
  return addr.kind() === "ipv4"
    ? { family: 4, value: toBigInt(addr), text: addr.toString() }
    : { family: 6, value: toBigInt(addr), text: (addr as ipaddr.IPv6).toRFC5952String() };
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let v = 0n;
  for (const byte of addr.toByteArray()) v = (v << 8n) | BigInt(byte);
  return v;
}

function fromBigInt(value: bigint, family: 4 | 6): string {
  const bytes: number[] = [];
  for (let i = family === 4 ? 4 : 16; i > 0; i--)
    bytes.push(Number((value >> BigInt((i - 1) * 8)) & 0xffn));
  const addr = ipaddr.fromByteArray(bytes);
  return addr.kind() === "ipv4" ? addr.toString() : (addr as ipaddr.IPv6).toRFC5952String();
}

/** The fewest CIDR blocks covering exactly start..end; undefined when they are not a range. */
function rangeToCidrs(start?: string, end?: string): string[] | undefined {
  if (start === undefined || end === undefined) return undefined;
  const family = isIP(start);
  if ((family !== 4 && family !== 6) || isIP(end) !== family) return undefined;
  const width = family === 4 ? 32 : 128;
  let lo = toBigInt(ipaddr.parse(start));
  const hi = toBigInt(ipaddr.parse(end));
  if (lo > hi) return undefined;
  const out: string[] = [];
  while (lo <= hi) {
    // The largest block aligned at `lo` that does not run past `hi`.
    let size = 0;
    while (size < width) {
      const next = 1n << BigInt(size + 1);
      if ((lo & (next - 1n)) !== 0n || lo + next - 1n > hi) break;
      size++;
    }
    out.push(`${fromBigInt(lo, family)}/${width - size}`);
    lo += 1n << BigInt(size);
  }
  return out;
}

function isoDate(date: string): string {
  const t = Date.parse(date);
  return Number.isNaN(t) ? date : new Date(t).toISOString();
}

function describeError(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
    // Node's fetch reports "fetch failed" and keeps the reason (ECONNREFUSED…) in the cause.
    if (cause && typeof cause.code === "string") return `${e.message} (${cause.code})`;
    if (cause && typeof cause.message === "string") return `${e.message} (${cause.message})`;
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" && !e.message.includes(code)
      ? `${code}: ${e.message}`
      : e.message;
  }
  return String(e);
}
