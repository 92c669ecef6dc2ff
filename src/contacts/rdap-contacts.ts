import {
  type RdapContact,
  type RdapNetwork,
  type RdapOptions,
  type RdapResult,
  rdapBaseFor,
  rdapDomain,
  rdapIp,
  rdapIpCovering,
  rdapNetworkLinked,
  rdapTld,
} from "../evidence/rdap.ts";
import type { Contact, ContactRole, LookupProblem } from "./contact-types.ts";

/** What one source found: contacts, and the problems of asking it. */
export interface Found {
  contacts: Contact[];
  problems: LookupProblem[];
}

// Registries nest allocations a few levels deep (RIR → LIR → customer); a chain longer than
// this is a server pointing at itself in a way the handle check did not catch.
const MAX_NETWORK_HOPS = 6;

/** The prefix just above a network: its widest block, one bit shorter. */
function parentPrefix(n: RdapNetwork): { address: string; length: number } | null {
  const blocks = (n.cidr ?? []).map((c) => {
    const [address = "", bits = ""] = c.split("/");
    return { address, length: Number(bits) };
  });
  const widest = blocks.sort((a, b) => a.length - b.length)[0];
  return widest && widest.length > 0
    ? { address: widest.address, length: widest.length - 1 }
    : null;
}

const networkLabel = (n: RdapNetwork) =>
  `${n.cidr?.join(", ") ?? (n.start && n.end ? `${n.start} - ${n.end}` : n.query)}${n.handle ? ` (${n.handle})` : ""}`;

function toContacts(
  role: ContactRole,
  about: string,
  found: RdapContact[],
  base: Omit<Contact, "role" | "about" | "email" | "phone" | "fetched_at">,
  fetchedAt: string,
): Contact[] {
  if (found.length === 0) return [{ role, about, ...base, fetched_at: fetchedAt }];
  return found.map((c) => ({
    role,
    about,
    ...base,
    ...(c.email ? { email: c.email } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    fetched_at: fetchedAt,
  }));
}

/**
 * The abuse contact of the network holding an address. When the most specific network names
 * none (a customer's assignment often does not), the covering allocations are asked in turn,
 * by the server's "up" link or by the prefix one bit shorter, until one does.
 */
export async function networkContacts(
  ip: string,
  role: ContactRole,
  rdap: RdapOptions,
  aboutPrefix = "",
): Promise<Found & { first?: RdapNetwork }> {
  const problems: LookupProblem[] = [];
  const chain: RdapNetwork[] = [];
  let answer: RdapResult<RdapNetwork> = await rdapIp(ip, rdap);
  for (let hop = 0; hop < MAX_NETWORK_HOPS; hop++) {
    if (!answer.ok) {
      problems.push({ source: "rdap", message: answer.error });
      break;
    }
    const n = answer.data;
    if (chain.some((c) => c.url === n.url || (c.handle && c.handle === n.handle))) break;
    chain.push(n);
    if (n.abuse_contacts.length > 0) break;
    const up = parentPrefix(n);
    if (n.up_url) answer = await rdapNetworkLinked(n.up_url, rdap);
    else if (up) answer = await rdapIpCovering(up.address, up.length, rdap);
    else break;
  }
  const first = chain[0];
  if (!first) return { contacts: [], problems };
  const withAbuse = chain.find((n) => n.abuse_contacts.length > 0);
  const holder = withAbuse ?? first;
  const about =
    withAbuse && withAbuse !== first
      ? `${aboutPrefix}${networkLabel(withAbuse)}, covering ${networkLabel(first)} which names no abuse contact`
      : `${aboutPrefix}${networkLabel(first)}`;
  const organisation = first.organisation ?? first.name ?? holder.organisation ?? holder.name;
  const country = first.country ?? holder.country;
  if (!withAbuse) {
    problems.push({
      source: "rdap",
      message: `No network from ${networkLabel(first)} upwards publishes an abuse contact.`,
    });
  }
  return {
    first,
    problems,
    contacts: toContacts(
      role,
      about,
      holder.abuse_contacts,
      {
        ...(organisation ? { organisation } : {}),
        ...(country ? { country } : {}),
        address: ip,
        source: "rdap",
        source_url: holder.url,
      },
      new Date().toISOString(),
    ),
  };
}

/** The registrar of a registrable domain and its abuse contact, with the name servers. */
export async function registrarContacts(
  domain: string,
  rdap: RdapOptions,
): Promise<Found & { nameservers: string[] }> {
  const r = await rdapDomain(domain, rdap);
  if (!r.ok)
    return { contacts: [], problems: [{ source: "rdap", message: r.error }], nameservers: [] };
  const d = r.data;
  const abuse =
    d.registrar_abuse_contacts.length > 0 ? d.registrar_abuse_contacts : d.abuse_contacts;
  const problems: LookupProblem[] = [];
  if (abuse.length === 0) {
    problems.push({
      source: "rdap",
      message: `The registry's answer for ${domain} names no registrar abuse contact${d.related_urls.length > 0 ? ` (the registrar's own RDAP server may: ${d.related_urls.join(", ")})` : ""}.`,
    });
  }
  return {
    nameservers: d.nameservers,
    problems,
    contacts: toContacts(
      "registrar",
      domain,
      abuse,
      {
        ...(d.registrar ? { organisation: d.registrar } : {}),
        ...(d.registrar_iana_id ? { iana_id: d.registrar_iana_id } : {}),
        source: "rdap",
        source_url: d.url,
      },
      r.fetched_at,
    ),
  };
}

/** The registry of a TLD: its manager from IANA's root RDAP server, and its RDAP service. */
export async function registryContacts(
  tld: string,
  rootBase: string | null,
  rdap: RdapOptions,
): Promise<Found> {
  const service = rdapBaseFor(rdap.bootstrap, { domain: `nic.${tld}` });
  const about = `.${tld}`;
  const fallback: Contact = {
    role: "registry",
    about,
    source: "rdap",
    ...(service ? { source_url: service } : {}),
    fetched_at: new Date().toISOString(),
  };
  if (rootBase === null) return { contacts: [fallback], problems: [] };
  const r = await rdapTld(tld, rootBase, rdap);
  if (!r.ok) return { contacts: [fallback], problems: [{ source: "rdap-root", message: r.error }] };
  // A registry's abuse desk when IANA lists one, else the people IANA lists for the TLD.
  const byRole = ["abuse", "technical", "administrative"]
    .map((role) => r.data.contacts.filter((c) => c.role === role && c.email))
    .find((cs) => cs.length > 0);
  return {
    problems: [],
    contacts: toContacts(
      "registry",
      about,
      (byRole ?? []).slice(0, 1),
      {
        ...(r.data.organisation ? { organisation: r.data.organisation } : {}),
        source: "rdap-root",
        source_url: r.data.url,
      },
      r.fetched_at,
    ),
  };
}
