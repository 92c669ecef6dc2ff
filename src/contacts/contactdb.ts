import { promises as dns } from "node:dns";
import ipaddr from "ipaddr.js";
import { emailAddress } from "../domain/fields.ts";

/** The name to ask for an address in a contact zone: reversed octets (IPv4) or nibbles (IPv6). */
export function contactDbName(ip: string, zone: string): string {
  const addr = ipaddr.process(ip);
  const labels =
    addr.kind() === "ipv4"
      ? addr.toByteArray().reverse().map(String)
      : addr
          .toByteArray()
          .flatMap((b) => [b >> 4, b & 15])
          .reverse()
          .map((n) => n.toString(16));
  return `${labels.join(".")}.${zone.replace(/^\.|\.$/g, "")}`;
}

export interface ContactDbOptions {
  zone: string;
  servers: string[];
  timeoutMs: number;
}

/**
 * The abuse addresses a DNS contact database publishes for an address, as abusix's contactdb
 * does (TXT records of e-mail addresses, several per record separated by commas or spaces).
 * Returns [] when the zone has no record; rejects with a short reason when DNS fails.
 */
export async function contactDbLookup(ip: string, opts: ContactDbOptions): Promise<string[]> {
  const resolver = new dns.Resolver({ timeout: opts.timeoutMs, tries: 2 });
  if (opts.servers.length > 0) resolver.setServers(opts.servers);
  let records: string[][];
  try {
    records = await resolver.resolveTxt(contactDbName(ip, opts.zone));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA") return [];
    throw new Error(`the contact zone ${opts.zone} did not answer (${code ?? String(e)})`);
  }
  const out = new Set<string>();
  for (const record of records) {
    for (const word of record.join("").split(/[\s,;]+/)) {
      const email = emailAddress(word);
      if (email) out.add(email);
    }
  }
  return [...out];
}
