import { getDomain } from "tldts";
import type { Ownership } from "../domain/case.ts";
import { hostName, ipAddress } from "../domain/fields.ts";
import type { ServiceType } from "../domain/inventory.ts";
import { inventoryVersion, loadIndexRows } from "../inventory/inventory-store.ts";
import type { Store } from "../store/database.ts";
import { DomainIndex } from "./domain-index.ts";
import type { HostLookup } from "./host-lookup.ts";
import { IpIndex } from "./ip-index.ts";

/** Whose an event is, at the event's time, and how Mogura found out. */
export interface Resolution {
  ownership: Ownership;
  /** domain: the host name is in the inventory; ip: the address is; dns: the host's addresses are. */
  via: "domain" | "ip" | "dns" | null;
  service_id: string | null;
  service_type: ServiceType | null;
  customer_id: string | null;
  team_id: string | null;
  netblock_id: number | null;
  domain_id: number | null;
  /** The event's host name (from source.fqdn or source.url), and its address. */
  host: string | null;
  ip: string | null;
  /** What DNS said when the name had to be resolved. */
  dns?: { addresses: string[]; error?: string };
  customer_verification: string | null;
  service_valid_from: number | null;
}

interface NetblockEntry {
  cidr: string;
  validFrom: number;
  validTo: number | null;
  id: number;
  serviceId: string | null;
  teamId: string | null;
  shared: boolean;
}
interface DomainEntry {
  domain: string;
  validFrom: number;
  validTo: number | null;
  id: number;
  serviceId: string;
}
interface ServiceEntry {
  customerId: string;
  type: ServiceType;
  teamId: string;
  validFrom: number;
}

interface Snapshot {
  version: number;
  ips: IpIndex<NetblockEntry>;
  domains: DomainIndex<DomainEntry>;
  services: Map<string, ServiceEntry>;
  verification: Map<string, string>;
}

const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

/** The host name in an event: source.fqdn, else the host of source.url (not an IP literal). */
export function eventHost(event: Record<string, unknown>): string | null {
  const fqdn = event["source.fqdn"];
  if (typeof fqdn === "string" && fqdn) return hostName(fqdn);
  const url = event["source.url"];
  if (typeof url !== "string" || !url) return null;
  try {
    const host = new URL(url).hostname;
    return host.startsWith("[") ? null : hostName(host); // a dotted quad is no host name
  } catch {
    return null;
  }
}

/** The address in an event: source.ip, else an IP literal in source.url. */
export function eventIp(event: Record<string, unknown>): string | null {
  const ip = event["source.ip"];
  if (typeof ip === "string" && ip) return ipAddress(ip);
  const url = event["source.url"];
  if (typeof url !== "string" || !url) return null;
  try {
    const host = new URL(url).hostname;
    const literal = host.startsWith("[") ? host.slice(1, -1) : host;
    return ipAddress(literal);
  } catch {}
  return null;
}

/** When an event happened, for matching it against the inventory of that day. */
export function eventTime(event: Record<string, unknown>, fallback: number): number {
  for (const k of ["time.source", "time.observation"]) {
    const v = event[k];
    if (typeof v === "string") {
      const t = Date.parse(v);
      if (!Number.isNaN(t)) return t;
    }
  }
  return fallback;
}

/** The registrable domain of a host (`a.b.example.co.jp` → `example.co.jp`), or the host. */
export function registrableDomain(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/**
 * Finds the contract, customer and team behind events, as the inventory stood at each
 * event's time. Keeps an in-memory index and rebuilds it when the inventory's version moves
 * (any process may change the inventory).
 */
export class InventoryResolver {
  private snapshot: Snapshot | null = null;

  constructor(
    private readonly store: Store,
    private readonly hosts: HostLookup | null,
  ) {}

  /** Rebuilds the index if the inventory changed since it was built. */
  async refresh(): Promise<void> {
    if (this.snapshot && this.snapshot.version === (await inventoryVersion(this.store))) return;
    const rows = await loadIndexRows(this.store);
    this.snapshot = {
      version: rows.version,
      ips: IpIndex.build(
        rows.netblocks.map((n) => ({
          cidr: n.cidr,
          validFrom: ms(n.valid_from) as number,
          validTo: ms(n.valid_to),
          id: n.id,
          serviceId: n.service_id,
          teamId: n.team_id,
          shared: n.shared,
        })),
      ),
      domains: DomainIndex.build(
        rows.domains.map((d) => ({
          domain: d.domain,
          validFrom: ms(d.valid_from) as number,
          validTo: ms(d.valid_to),
          id: d.id,
          serviceId: d.service_id,
        })),
      ),
      services: new Map(
        rows.services.map((s) => [
          s.id,
          {
            customerId: s.customer_id,
            type: s.type as ServiceType,
            teamId: s.team_id,
            validFrom: ms(s.valid_from) as number,
          },
        ]),
      ),
      verification: new Map(rows.customers.map((c) => [c.id, c.verification])),
    };
  }

  /** Whose the event is at `at` (ms): by host name, then by address, then by the host's DNS. */
  async resolve(event: Record<string, unknown>, at: number): Promise<Resolution> {
    if (!this.snapshot) await this.refresh();
    const snap = this.snapshot as Snapshot;
    const host = eventHost(event);
    const ip = eventIp(event);
    const base: Resolution = {
      ownership: "not_ours",
      via: null,
      service_id: null,
      service_type: null,
      customer_id: null,
      team_id: null,
      netblock_id: null,
      domain_id: null,
      host,
      ip,
      customer_verification: null,
      service_valid_from: null,
    };
    if (host) {
      const d = snap.domains.lookup(host, at);
      if (d) {
        const viaIp = ip ? snap.ips.lookup(ip, at) : null;
        return this.withService(
          snap,
          { ...base, via: "domain", domain_id: d.id, netblock_id: viaIp?.id ?? null },
          d.serviceId,
          null,
        );
      }
    }
    if (ip) {
      const n = snap.ips.lookup(ip, at);
      if (n) return this.fromNetblock(snap, { ...base, via: "ip" }, n);
    }
    if (host && !ip && this.hosts) {
      const answer = await this.hosts.resolve(host);
      const dns = { addresses: answer.addresses, ...(answer.error ? { error: answer.error } : {}) };
      for (const addr of answer.addresses) {
        const n = snap.ips.lookup(addr, at);
        if (n) return this.fromNetblock(snap, { ...base, via: "dns", ip: addr, dns }, n);
      }
      return { ...base, dns };
    }
    return base;
  }

  private fromNetblock(snap: Snapshot, r: Resolution, n: NetblockEntry): Resolution {
    const withBlock = { ...r, netblock_id: n.id };
    if (n.serviceId) return this.withService(snap, withBlock, n.serviceId, n.teamId);
    // A shared platform: many customers behind one address; the host name would have told which.
    return { ...withBlock, ownership: "platform", team_id: n.teamId };
  }

  private withService(
    snap: Snapshot,
    r: Resolution,
    serviceId: string,
    teamOverride: string | null,
  ): Resolution {
    const s = snap.services.get(serviceId);
    return {
      ...r,
      ownership: "customer",
      service_id: serviceId,
      service_type: s?.type ?? null,
      customer_id: s?.customerId ?? null,
      team_id: teamOverride ?? s?.teamId ?? null,
      customer_verification: s ? (snap.verification.get(s.customerId) ?? null) : null,
      service_valid_from: s?.validFrom ?? null,
    };
  }
}
