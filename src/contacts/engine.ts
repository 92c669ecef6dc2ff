import type { Config } from "../config/settings.ts";
import { fetchJsonDirect } from "../evidence/rdap.ts";
import { bootstrapSource } from "../evidence/rdap-bootstrap-source.ts";
import { createHostLookup } from "../resolve/host-lookup.ts";
import type { Store } from "../store/database.ts";
import { type ContactLookupDeps, lookupContacts } from "./contact-lookup.ts";
import type { ContactLookup } from "./contact-types.ts";
import { loadPlatforms } from "./platforms.ts";

/** The contact lookup of one process: RDAP, DNS and the platform list, set up once. */
export interface ContactsEngine {
  deps: ContactLookupDeps;
  lookup(resource: string, opts?: { fresh?: boolean }): Promise<ContactLookup>;
}

// An analyst waits for the answer; a registry that takes longer than this per request is
// reported as not answering rather than holding the page.
const MAX_RDAP_TIMEOUT_MS = 10_000;

/** Builds the lookup from the configuration; throws when the platform file is wrong. */
export function startContacts(store: Store, config: Config): ContactsEngine {
  const timeoutMs = Math.min(config.evidence.timeoutSeconds * 1000, MAX_RDAP_TIMEOUT_MS);
  const bootstrap = bootstrapSource({
    ...(config.evidence.rdapBootstrap ? { operatorFile: config.evidence.rdapBootstrap } : {}),
    dataDir: config.dataDir,
  });
  const hosts = createHostLookup({
    servers: config.resolve.dnsServers,
    timeoutMs: config.resolve.dnsTimeoutMs,
    tries: 2,
    cacheSeconds: 300,
    negativeCacheSeconds: 60,
  });
  const deps: ContactLookupDeps = {
    db: store.db,
    // RDAP servers come from the bootstrap (IANA's or the operator's), not from a reporter.
    rdap: {
      get bootstrap() {
        return bootstrap.current();
      },
      timeoutMs,
      fetchJson: fetchJsonDirect(timeoutMs),
    },
    rdapRoot: config.contacts.rdapRoot === "off" ? null : config.contacts.rdapRoot,
    contactDbZone: config.contacts.contactDbZone ?? null,
    dnsServers: config.resolve.dnsServers,
    dnsTimeoutMs: config.resolve.dnsTimeoutMs,
    resolveHost: (host) => hosts.resolve(host),
    platforms: loadPlatforms(config.contacts.platformsFile),
    cacheSeconds: config.contacts.cacheHours * 3600,
  };
  return { deps, lookup: (resource, opts) => lookupContacts(deps, resource, opts) };
}
