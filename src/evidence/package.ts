// Evidence packages: one archive per case that someone outside can check without Mogura.
// Reading the case (package-sources.ts), what each audience may see (package-disclosure.ts) and
// the files of the archive (package-layout.ts) are separate steps; this module joins them.
import { gzipSync } from "node:zlib";
import type { SqlRunner } from "../store/database.ts";
import type { BlobStore } from "./blob-store.ts";
import type { LedgerSigner } from "./ledger-key.ts";
import { signedHead } from "./ledger-witness.ts";
import { discloseForAudience } from "./package-disclosure.ts";
import type { Audience, PackageManifest } from "./package-format.ts";
import { type BlobReader, layOutPackage } from "./package-layout.ts";
import { readPackageSources } from "./package-sources.ts";
import { writeTar } from "./tar.ts";

export * from "./package-format.ts";
export { verifyEvidencePackage } from "./package-verify.ts";

function blobReader(blobs: BlobStore): BlobReader {
  return (sha) => {
    try {
      return blobs.get(sha);
    } catch {
      // Not a SHA-256 at all: a ledger entry can only be asked about, never filled in.
      return null;
    }
  };
}

/**
 * One .tar.gz that shows a case to someone outside: manifest.json, summary.html (ja + en),
 * every blob the included ledger entries vouch for, and the public keys that signed them.
 * The customer copy leaves out what the provider may not pass on, and says so. Throws
 * UserError not_found for an unknown case.
 */
export async function buildEvidencePackage(
  db: SqlRunner,
  blobs: BlobStore,
  caseId: number,
  audience: Audience,
  /** Signs the ledger's head into the package, so a later cut of the ledger shows against it. */
  signer?: LedgerSigner,
): Promise<{ bytes: Buffer; filename: string; manifest: PackageManifest }> {
  const sources = await readPackageSources(db, caseId);
  const head = signer ? await signedHead(db, signer) : undefined;
  const generatedAt = new Date().toISOString();
  const { manifest, files } = layOutPackage(
    sources,
    discloseForAudience(sources, audience),
    blobReader(blobs),
    generatedAt,
    head,
  );
  const stamp = generatedAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return {
    bytes: gzipSync(writeTar(files)),
    filename: `mogura-case-${caseId}-${audience}-${stamp}.tar.gz`,
    manifest,
  };
}
