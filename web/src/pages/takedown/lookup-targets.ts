// What "who can act" can be asked about: the case's resource (for a URL case, usually its
// registrable domain), and the URLs of its events, one per host. The server drafts the
// requests from those URLs, so their hosting networks are the ones it writes to.
import type { CaseDetail } from "../../types.ts";

const MAX_URLS = 5;

export function lookupTargets(c: CaseDetail): string[] {
  const out = [c.resource];
  const hosts = new Set<string>();
  for (const e of c.events) {
    const url = e.data["source.url"];
    if (typeof url !== "string" || url === "" || out.includes(url)) continue;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      continue;
    }
    if (hosts.has(host) || host === c.resource) continue;
    hosts.add(host);
    out.push(url);
    if (out.length > MAX_URLS) break;
  }
  return out;
}
