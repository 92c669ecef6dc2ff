import { readFileSync } from "node:fs";
import { join } from "node:path";
import ipaddr from "ipaddr.js";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { Random } from "./random.ts";

/** Where the demo provider's description lives in the project. */
export const DEMO_DIR = join(import.meta.dirname, "..", "..", "examples", "demo");

const ServiceKind = z.enum(["shared", "vps", "dedicated"]);
type ServiceKind = z.infer<typeof ServiceKind>;

const Party = z.object({ name: z.string(), email: z.string(), org: z.string().optional() });

/** examples/demo/provider.yaml: the fictional provider the generator fills with customers. */
export const ProviderSpec = z.object({
  company: z.object({
    name: z.string(),
    name_ja: z.string(),
    domain: z.string(),
    abuse: z.email(),
  }),
  teams: z
    .array(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z.email(),
        serves: z.array(ServiceKind),
      }),
    )
    .min(1),
  service_mix: z.record(ServiceKind, z.number().nonnegative()),
  plans: z.record(ServiceKind, z.array(z.string()).min(1)),
  addresses: z.object({
    shared_clusters: z.array(z.object({ v4: z.string(), v6: z.string(), note: z.string() })).min(1),
    dedicated_v4: z.array(z.string()),
    dedicated_v6: z.string(),
    vps_v4: z.array(z.string()),
    vps_v6: z.string(),
    not_ours: z.array(z.string()).min(1),
  }),
  names: z.object({
    surnames: z.array(z.string()).min(1),
    given: z.array(z.string()).min(1),
    company_words: z.array(z.string()).min(1),
    company_kinds: z.array(z.string()).min(1),
    foreign: z.array(z.string()).min(1),
    freemail: z.string(),
  }),
  phishing_brands: z
    .array(z.object({ slug: z.string(), name_ja: z.string(), name: z.string() }))
    .min(1),
  reporters: z.object({
    csirt: Party,
    mailbox: Party,
    honeypot: Party,
    feed: Party,
    people: z.array(Party.extend({ language: z.enum(["ja", "en"]) })).min(1),
  }),
});
export type ProviderSpec = z.infer<typeof ProviderSpec>;

/** Reads and checks a provider description (default: the project's demo provider). */
export function loadProviderSpec(file = join(DEMO_DIR, "provider.yaml")): ProviderSpec {
  return ProviderSpec.parse(parseYaml(readFileSync(file, "utf8")));
}

/** One service of the generated provider, with what the traffic generator needs to aim at it. */
export interface DemoService {
  id: string;
  customerId: string;
  customerName: string;
  kind: ServiceKind;
  teamId: string;
  validFrom: string;
  /** The address its traffic comes from (for shared hosting: its cluster's web server). */
  ipv4?: string;
  ipv6: string;
  domains: string[];
  /** Made to abuse: an unverified customer, a few days old, a look-alike domain. */
  fraudulent: boolean;
  /** The brand a fraudulent service imitates. */
  brand?: ProviderSpec["phishing_brands"][number];
}

type Row = Record<string, string>;

/** The generated provider: CSV rows as `mogura inventory import` reads them, and its services. */
export interface DemoProvider {
  spec: ProviderSpec;
  inventory: {
    teams: Row[];
    customers: Row[];
    services: Row[];
    netblocks: Row[];
    domains: Row[];
  };
  services: DemoService[];
}

const DAY_MS = 86_400_000;
const day = (today: Date, daysAgo: number) =>
  new Date(today.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10);

/** Successive IPv4 blocks of one size from a list of ranges; undefined once they run out. */
function ipv4Allocator(ranges: string[], prefix: number) {
  const blocks: string[] = [];
  for (const range of ranges) {
    const [addr, bits] = ipaddr.IPv4.parseCIDR(range);
    const start = addr.toByteArray().reduce((n, b) => n * 256 + b, 0);
    const size = 2 ** (32 - bits);
    const step = 2 ** (32 - prefix);
    for (let off = 0; off + step <= size; off += step) {
      // Single addresses skip the range's first and last, which look like network and broadcast.
      if (prefix === 32 && (off === 0 || off === size - 1)) continue;
      blocks.push(`${v4FromNumber(start + off)}/${prefix}`);
    }
  }
  let next = 0;
  return () => blocks[next++];
}

const v4FromNumber = (n: number) =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");

/** The n-th subnet of `prefix` bits inside an IPv6 range. */
function ipv6Subnet(range: string, prefix: number, n: number): string {
  const [addr, bits] = ipaddr.IPv6.parseCIDR(range);
  if (n >= 2 ** (prefix - bits)) throw new Error(`${range} has no room for ${n + 1} /${prefix}s`);
  const base = addr.toByteArray().reduce((v, b) => (v << 8n) | BigInt(b), 0n);
  const value = base + (BigInt(n) << BigInt(128 - prefix));
  const bytes = Array.from({ length: 16 }, (_, i) =>
    Number((value >> BigInt(8 * (15 - i))) & 255n),
  );
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}

/** The address `hostPart` inside an IPv6 subnet (e.g. ::10 of a /64). */
function ipv6Host(subnet: string, hostPart: number): string {
  const [addr] = ipaddr.IPv6.parseCIDR(subnet);
  const parts = addr.parts.slice();
  parts[7] = hostPart;
  return new ipaddr.IPv6(parts).toString();
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Makes the provider's customers, services, netblocks and domains: `customers` customers
 * (at least 50 give every kind of case), dates counted back from `today`, same seed → same
 * provider.
 */
export function generateProvider(
  spec: ProviderSpec,
  opts: { seed: number; customers: number; today: Date },
): DemoProvider {
  const rnd = new Random(opts.seed);
  const { today } = opts;
  const teamFor = (kind: ServiceKind) =>
    (spec.teams.find((t) => t.serves.includes(kind)) ?? (spec.teams[0] as ProviderSpec["teams"][0]))
      .id;
  const inventory: DemoProvider["inventory"] = {
    teams: spec.teams.map((t) => ({
      team_id: t.id,
      name: t.name,
      email: t.email,
      company: spec.company.name,
    })),
    customers: [],
    services: [],
    netblocks: [],
    domains: [],
  };
  const services: DemoService[] = [];
  const usedDomains = new Set<string>();
  const uniqueDomain = (base: string) => {
    let name = `${base}.example`;
    for (let i = 2; usedDomains.has(name); i++) name = `${base}-${i}.example`;
    usedDomains.add(name);
    return name;
  };

  for (const c of spec.addresses.shared_clusters) {
    inventory.netblocks.push(
      ...[c.v4, c.v6].map((cidr) => ({
        cidr,
        service_id: "",
        team_id: teamFor("shared"),
        shared: "yes",
        valid_from: day(today, 2000),
        valid_to: "",
        note: c.note,
      })),
    );
  }

  // The pools themselves: an address no service holds is still the provider's (its team's).
  const pools: [string[], ServiceKind, string][] = [
    [spec.addresses.vps_v4, "vps", "VPS pool (addresses not assigned)"],
    [[spec.addresses.vps_v6], "vps", "VPS pool (addresses not assigned)"],
    [spec.addresses.dedicated_v4, "dedicated", "dedicated servers (addresses not assigned)"],
    [[spec.addresses.dedicated_v6], "dedicated", "dedicated servers (addresses not assigned)"],
  ];
  for (const [ranges, kind, note] of pools) {
    for (const cidr of ranges) {
      inventory.netblocks.push({
        cidr,
        service_id: "",
        team_id: teamFor(kind),
        shared: "no",
        valid_from: day(today, 2000),
        valid_to: "",
        note,
      });
    }
  }

  const nextDedicated = ipv4Allocator(spec.addresses.dedicated_v4, 29);
  const nextVps = ipv4Allocator(spec.addresses.vps_v4, 32);
  const counters: Record<ServiceKind, number> = { shared: 0, vps: 0, dedicated: 0 };
  let fraudCount = 0;

  for (let c = 0; c < opts.customers; c++) {
    const customerId = `C${1001 + c}`;
    const kind = rnd.weighted(spec.service_mix as Record<ServiceKind, number>);
    // One VPS customer in twelve is a fraudster, and the first VPS customer always is, so
    // every demo has the phishing case the tour starts from.
    const fraudulent = kind === "vps" && (fraudCount === 0 || rnd.chance(1 / 12));
    const foreign = !fraudulent && rnd.chance(0.08);
    const isCompany = !fraudulent && (foreign || rnd.chance(kind === "shared" ? 0.6 : 0.75));
    const surname = rnd.pick(spec.names.surnames);
    const given = rnd.pick(spec.names.given);
    const name = foreign
      ? rnd.pick(spec.names.foreign)
      : isCompany
        ? `${rnd.pick(spec.names.company_words)} ${rnd.pick(spec.names.company_kinds)}`
        : `${given} ${surname}`;
    const homeDomain = isCompany ? uniqueDomain(slugOf(name)) : undefined;
    const email = homeDomain
      ? `info@${homeDomain}`
      : `${slugOf(given)}.${slugOf(surname)}${rnd.int(1, 99)}@${spec.names.freemail}`;
    const verification = fraudulent
      ? "none"
      : isCompany
        ? rnd.pick(["phone+postal", "phone+postal", "postal"])
        : rnd.pick(["phone", "phone", "none"]);
    inventory.customers.push({
      customer_id: customerId,
      name,
      email,
      phone: `+81-${rnd.pick(["3", "6", "50", "90"])}-5555-${String(rnd.int(100, 9999)).padStart(4, "0")}`,
      country: foreign ? "SE" : "JP",
      verified: verification,
      language: foreign ? "en" : "ja",
      abuse_email: homeDomain && rnd.chance(0.3) ? `security@${homeDomain}` : "",
    });

    const count = kind === "vps" && !fraudulent ? rnd.pick([1, 1, 1, 2, 3]) : 1;
    for (let s = 0; s < count; s++) {
      counters[kind] += 1;
      const n = counters[kind];
      const serviceId = `S-${kind === "dedicated" ? "ded" : kind}-${String(n).padStart(4, "0")}`;
      const validFrom = day(today, fraudulent ? rnd.int(2, 9) : rnd.int(40, 1500));
      const teamId = teamFor(kind);
      inventory.services.push({
        service_id: serviceId,
        customer_id: customerId,
        type: kind,
        plan: rnd.pick(spec.plans[kind] ?? ["standard"]),
        team_id: teamId,
        valid_from: validFrom,
        valid_to: "",
      });
      const service: DemoService = {
        id: serviceId,
        customerId,
        customerName: name,
        kind,
        teamId,
        validFrom,
        ipv6: "",
        domains: [],
        fraudulent,
      };
      const netblock = (cidr: string, note = "") =>
        inventory.netblocks.push({
          cidr,
          service_id: serviceId,
          team_id: "",
          shared: "no",
          valid_from: validFrom,
          valid_to: "",
          note,
        });

      if (kind === "shared") {
        const cluster = spec.addresses.shared_clusters[n % spec.addresses.shared_clusters.length];
        if (!cluster) throw new Error("no shared cluster");
        const [v4, bits] = ipaddr.IPv4.parseCIDR(cluster.v4);
        const first = v4.toByteArray().reduce((x, b) => x * 256 + b, 0);
        service.ipv4 = v4FromNumber(first + rnd.int(1, 2 ** (32 - bits) - 2));
        service.ipv6 = ipv6Host(cluster.v6, rnd.int(16, 4000));
        const site = homeDomain ?? uniqueDomain(`${slugOf(given)}-${slugOf(surname)}-blog`);
        service.domains.push(site);
        if (rnd.chance(0.3)) service.domains.push(`shop.${site}`);
      } else if (kind === "vps") {
        const block = nextVps();
        if (block) {
          service.ipv4 = block.replace(/\/32$/, "");
          netblock(block);
        }
        const v6 = ipv6Subnet(spec.addresses.vps_v6, 64, n);
        service.ipv6 = ipv6Host(v6, 1);
        netblock(v6);
        if (fraudulent) {
          const brand = spec.phishing_brands[fraudCount % spec.phishing_brands.length];
          service.brand = brand;
          service.domains.push(uniqueDomain(`${brand?.slug}-login${fraudCount ? fraudCount : ""}`));
          fraudCount += 1;
        } else if (homeDomain && s === 0) {
          service.domains.push(homeDomain);
        }
      } else {
        const block = nextDedicated();
        if (block) {
          const [v4] = ipaddr.IPv4.parseCIDR(block);
          service.ipv4 = v4FromNumber(v4.toByteArray().reduce((x, b) => x * 256 + b, 0) + 2);
          netblock(block, "dedicated rack");
        }
        const v6 = ipv6Subnet(spec.addresses.dedicated_v6, 56, n);
        service.ipv6 = ipv6Host(v6.replace(/\/56$/, "/64"), 2);
        netblock(v6);
        if (homeDomain) service.domains.push(homeDomain);
      }
      for (const domain of service.domains) {
        inventory.domains.push({
          domain,
          service_id: serviceId,
          valid_from: validFrom,
          valid_to: "",
        });
      }
      services.push(service);
    }
  }
  return { spec, inventory, services };
}

/** The rows of one inventory kind as CSV text (header, then rows; quoted where needed). */
export function toCsv(rows: Row[]): string {
  const first = rows[0];
  if (!first) return "";
  const header = Object.keys(first);
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[header.join(","), ...rows.map((r) => header.map((h) => cell(r[h] ?? "")).join(","))].join("\n")}\n`;
}
