import { isAbsolute, join, relative, resolve } from "node:path";
import type { Logger } from "pino";
import type { CasePolicy } from "../cases/policy.ts";
import type { Config } from "../config/settings.ts";
import { createHostLookup } from "../resolve/host-lookup.ts";
import type { SqlRunner, Store } from "../store/database.ts";
import { BlobStore } from "./blob-store.ts";
import type { EvidenceDeps } from "./capture.ts";
import { appendLedger, type LedgerInput, registerSigner } from "./ledger.ts";
import { loadOrCreateSigner } from "./ledger-key.ts";
import { publishHead } from "./ledger-witness.ts";
import { fetchJsonDirect } from "./rdap.ts";
import { bootstrapSource } from "./rdap-bootstrap-source.ts";
import { fetchPolicy } from "./safe-fetch.ts";

/** The evidence parts that live as long as the process. */
export interface EvidenceEngine {
  deps: EvidenceDeps;
  /** Appends a ledger entry inside the caller's transaction (case actions use it). */
  ledger: (tx: SqlRunner, input: LedgerInput) => Promise<unknown>;
}

/** A setting of the evidence engine the operator must fix; the message says what. */
export class EvidenceSetupError extends Error {
  override name = "EvidenceSetupError";
}

/** Where the instance key lives unless MOGURA_LEDGER_KEY_FILE says otherwise. */
export const ledgerKeyPath = (config: Config) =>
  config.evidence.ledgerKeyFile ?? join(config.dataDir, "keys", "ledger-ed25519.pem");

/** The blob directory of an instance. */
export const blobDir = (config: Config) => join(config.dataDir, "blobs");

/** Loads (or makes) the signing key, registers its public half, and builds the capture deps. */
export async function startEvidence(
  store: Store,
  config: Config,
  policy: CasePolicy,
  log: Logger,
): Promise<EvidenceEngine> {
  const signer = loadOrCreateSigner(ledgerKeyPath(config));
  await registerSigner(store, signer);
  const witness = config.evidence.witnessFile;
  if (witness) {
    // A witness the data directory's owner can rewrite witnesses nothing.
    const rel = relative(resolve(config.dataDir), resolve(witness));
    if (!rel.startsWith("..") && !isAbsolute(rel))
      throw new EvidenceSetupError(
        `MOGURA_LEDGER_WITNESS_FILE (${witness}) is inside the data directory; name a file elsewhere`,
      );
    await publishHead(store, signer, witness);
  } else {
    log.warn(
      "no MOGURA_LEDGER_WITNESS_FILE: the ledger's head is not published, so entries cut off at its end would go unnoticed",
    );
  }
  if (config.evidence.allowPrivateTargets) {
    log.warn(
      "MOGURA_EVIDENCE_ALLOW_PRIVATE_TARGETS is on: the evidence fetcher may reach loopback and private addresses. Never in production.",
    );
  }
  const hosts = createHostLookup({
    servers: config.resolve.dnsServers,
    timeoutMs: config.resolve.dnsTimeoutMs,
    tries: 2,
    cacheSeconds: 60,
    negativeCacheSeconds: 30,
  });
  const timeoutMs = config.evidence.timeoutSeconds * 1000;
  const bootstrap = bootstrapSource({
    ...(config.evidence.rdapBootstrap ? { operatorFile: config.evidence.rdapBootstrap } : {}),
    dataDir: config.dataDir,
  });
  const deps: EvidenceDeps = {
    store,
    blobs: new BlobStore(blobDir(config)),
    signer,
    fetchPolicy: fetchPolicy((host) => hosts.resolve(host), {
      allowPrivateTargets: config.evidence.allowPrivateTargets,
      internalRanges: config.evidence.internalRanges,
      allowedPorts: config.evidence.ports,
      maxBytes: config.evidence.maxBytes,
      timeoutMs,
      userAgent: config.evidence.userAgent,
    }),
    dns: { servers: config.resolve.dnsServers, timeoutMs: config.resolve.dnsTimeoutMs },
    // RDAP servers come from the operator's bootstrap file, not from a reporter: fetched directly.
    rdap: {
      get bootstrap() {
        return bootstrap.current();
      },
      timeoutMs,
      fetchJson: fetchJsonDirect(timeoutMs),
    },
    chromium: config.evidence.chromium,
    timeoutMs,
    // Off, nothing is fetched; evidence that came with reports is still sealed.
    captureTypes: config.evidence.capture ? policy.evidence.capture_types : [],
    log,
  };
  return { deps, ledger: (tx, input) => appendLedger(tx, signer, input) };
}
