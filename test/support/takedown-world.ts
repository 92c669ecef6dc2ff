import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigInput } from "../../src/config/settings.ts";
import { startDnsServer, type TestDnsServer } from "./dns-server.ts";
import { submitRouted } from "./intake.ts";
import { startTestPlatform, type TestPlatform } from "./platform.ts";
import {
  cannedDomain,
  cannedNetworkWithCidr0,
  startRdapServer,
  type TestRdapServer,
  writeBootstrapFor,
} from "./rdap-server.ts";

/** The phishing page of the takedown tests, at a host that is not ours. */
export const PHISH = "https://secure-login.phish-bank.example/auth/index.php";

export interface TakedownWorld {
  rdap: TestRdapServer;
  dns: TestDnsServer;
  p: TestPlatform;
  /** The not-ours case the report of PHISH made. */
  caseId: number;
  close(): Promise<void>;
}

/**
 * RDAP and DNS on 127.0.0.1 for a phishing site at a foreign host (a Japanese network; an
 * English-speaking registrar), a platform that asks them, and the case a CSIRT's report made.
 */
export async function startTakedownWorld(config: ConfigInput = {}): Promise<TakedownWorld> {
  const rdap = await startRdapServer({
    domains: { "phish-bank.example": { json: cannedDomain("phish-bank.example") } },
    networks: { "192.0.2.0/24": { json: cannedNetworkWithCidr0() } },
  });
  const dns = await startDnsServer({
    "secure-login.phish-bank.example": { A: ["192.0.2.80"] },
    "ns1.hosting.example": { A: ["192.0.2.53"] },
  });
  const p = await startTestPlatform({
    ...config,
    // Requests need a sender with a real domain (their reply address is made from it).
    mail: { from: "Hoster Abuse Desk <abuse@hoster.example>", ...config.mail },
    resolve: { dnsServers: [dns.address], ...config.resolve },
    evidence: {
      rdapBootstrap: writeBootstrapFor(
        join(mkdtempSync(join(tmpdir(), "mogura-takedown-")), "bootstrap.json"),
        rdap.baseUrl,
      ),
      ...config.evidence,
    },
  });
  await submitRouted(p, {
    category: "phishing",
    resource: { url: PHISH },
    observed_at: new Date(Date.now() - 3_600_000).toISOString(),
    description: "A bank's login page copied.",
  });
  const cases = await p.api("GET", "/api/v1/cases?ownership=not_ours");
  const caseId = cases.body.items.find((c: { resource: string }) =>
    c.resource.includes("phish-bank"),
  )?.id;
  if (!caseId) throw new Error(`no not-ours case: ${JSON.stringify(cases.body)}`);
  return {
    rdap,
    dns,
    p,
    caseId,
    async close() {
      await p.stop();
      await Promise.all([rdap.close(), dns.close()]);
    },
  };
}
