import type { Config } from "../config/settings.ts";
import { createHostLookup } from "../resolve/host-lookup.ts";
import { InventoryResolver } from "../resolve/resolver.ts";
import type { Store } from "../store/database.ts";
import { type ActionLedger, CaseService } from "./case-service.ts";
import type { CasePolicy } from "./policy.ts";

/** The case engine's parts that live as long as the process. */
export interface CaseEngine {
  policy: CasePolicy;
  resolver: InventoryResolver;
  service: CaseService;
}

/** Builds the resolver and the case service for a policy (see loadPolicy). */
export function startCaseEngine(
  store: Store,
  config: Config,
  policy: CasePolicy,
  ledger?: ActionLedger,
): CaseEngine {
  const hosts = config.resolve.dns
    ? createHostLookup({
        servers: config.resolve.dnsServers,
        timeoutMs: config.resolve.dnsTimeoutMs,
        tries: 2,
        cacheSeconds: 300,
        negativeCacheSeconds: 60,
      })
    : null;
  return {
    policy,
    resolver: new InventoryResolver(store, hosts),
    service: new CaseService(store, policy, ledger),
  };
}
