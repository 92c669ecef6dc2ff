import type { Config } from "../config/settings.ts";
import { createHostLookup } from "../resolve/host-lookup.ts";
import { InventoryResolver } from "../resolve/resolver.ts";
import type { Store } from "../store/database.ts";
import { CaseService } from "./case-service.ts";
import { type CasePolicy, loadPolicy } from "./policy.ts";

/** The case engine's parts that live as long as the process. */
export interface CaseEngine {
  policy: CasePolicy;
  resolver: InventoryResolver;
  service: CaseService;
}

/** Loads the case policy (PolicyError if it is wrong) and builds the resolver. */
export function startCaseEngine(store: Store, config: Config): CaseEngine {
  const policy = loadPolicy(config.cases.policyFile);
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
    service: new CaseService(store, policy),
  };
}
