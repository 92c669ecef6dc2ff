// The files of an evidence package: manifest.json, summary.html, the public keys and the blobs
// the shown ledger entries vouch for. Blob bytes come through a function so this stays free of
// the blob store and can be checked with bytes held in memory.
import { sha256Hex } from "../domain/canonical-json.ts";
import type { CaptureView } from "./capture-store.ts";
import type { LedgerEntry } from "./ledger.ts";
import type { LedgerHead } from "./ledger-witness.ts";
import { captureResultOf, type Disclosure, isReporterAttachment } from "./package-disclosure.ts";
import {
  type BlobRole,
  PACKAGE_FORMAT,
  type PackageCapture,
  type PackageManifest,
} from "./package-format.ts";
import type { PackageSources } from "./package-sources.ts";
import { renderSummary } from "./package-summary.ts";
import type { TarInput } from "./tar.ts";

/** A package's manifest and the files of its archive, in archive order. */
export interface PackageLayout {
  manifest: PackageManifest;
  files: TarInput[];
}

/** A blob's bytes, or null when the store does not have them. */
export type BlobReader = (sha256: string) => Buffer | null;

interface RoleOf {
  role: BlobRole;
  media_type?: string;
}

function blobRoles(captures: CaptureView[], ledger: LedgerEntry[]) {
  const roles = new Map<string, RoleOf>();
  for (const c of captures) {
    const r = captureResultOf(c);
    c.blobs.forEach((sha, i) => {
      if (roles.has(sha)) return;
      if (isReporterAttachment(c))
        roles.set(sha, { role: "attachment", media_type: r?.media_type });
      else if (i === 0) roles.set(sha, { role: "record", media_type: "application/json" });
      else if (c.kind === "screenshot")
        roles.set(sha, { role: "screenshot", media_type: "image/png" });
      else roles.set(sha, { role: "body", media_type: r?.final?.content_type });
    });
  }
  // Blobs the reporter described but never sent.
  const notStored = new Set<string>();
  for (const e of ledger) {
    for (const sha of e.blobs) {
      if (roles.has(sha)) continue;
      if (e.kind === "attachment") {
        roles.set(sha, {
          role: "attachment",
          media_type: typeof e.details.media_type === "string" ? e.details.media_type : undefined,
        });
        if (e.details.stored === false) notStored.add(sha);
      } else roles.set(sha, { role: "action_evidence" });
    }
  }
  return { roles, notStored };
}

function blobFiles(
  needed: string[],
  sources: PackageSources,
  roles: Map<string, RoleOf>,
  notStored: Set<string>,
  readBlob: BlobReader,
) {
  const listed: PackageManifest["blobs"] = [];
  const missing: PackageManifest["missing_blobs"] = [];
  const files: TarInput[] = [];
  for (const sha of needed) {
    const purge = sources.purged.get(sha);
    if (purge) {
      missing.push({
        sha256: sha,
        reason: `purged under the retention policy on ${purge.purged_at}`,
        ledger_seq: purge.ledger_seq,
      });
      continue;
    }
    const bytes = readBlob(sha);
    if (!bytes) {
      missing.push({
        sha256: sha,
        reason: notStored.has(sha)
          ? "the reporter sent only this hash, not the bytes"
          : "not in the blob store",
      });
      continue;
    }
    if (sha256Hex(bytes) !== sha) {
      missing.push({
        sha256: sha,
        reason: "the stored bytes no longer match their hash (altered in the blob store)",
      });
      continue;
    }
    const role = roles.get(sha) ?? { role: "action_evidence" as const };
    listed.push({
      sha256: sha,
      size: bytes.length,
      role: role.role,
      ...(role.media_type ? { media_type: role.media_type } : {}),
    });
    files.push({ name: `blobs/${sha}`, data: bytes });
  }
  return { listed, missing, files };
}

// A purge is the signed reason a blob is gone, so its entry travels with the case's own.
function withPurgeEntries(
  ledger: LedgerEntry[],
  needed: string[],
  sources: PackageSources,
): LedgerEntry[] {
  const have = new Set(ledger.map((e) => e.seq));
  const out = [...ledger];
  for (const sha of needed) {
    const seq = sources.purged.get(sha)?.ledger_seq;
    const entry = seq === undefined ? undefined : sources.purgeEntries.get(seq);
    if (entry && !have.has(entry.seq)) {
      have.add(entry.seq);
      out.push(entry);
    }
  }
  return out.sort((a, b) => a.seq - b.seq);
}

const captureOut = (c: CaptureView): PackageCapture => ({
  id: c.id,
  kind: c.kind,
  target: c.target,
  status: c.status,
  summary: c.summary,
  created_at: c.created_at,
  finished_at: c.finished_at,
  event_id: c.event_id,
  report_id: c.report_id,
  blobs: c.blobs,
  ledger_seq: c.ledger_seq,
});

/** The manifest and the archive's files of a disclosed case, stamped `generatedAt`. */
export function layOutPackage(
  sources: PackageSources,
  shown: Disclosure,
  readBlob: BlobReader,
  generatedAt: string,
  head?: LedgerHead,
): PackageLayout {
  const { roles, notStored } = blobRoles(shown.captures, shown.ledger);
  const needed = [
    ...new Set([
      ...shown.captures.flatMap((c) => c.blobs),
      ...shown.ledger.flatMap((e) => e.blobs),
    ]),
  ].filter((sha) => !shown.withheldBytes.has(sha));
  const ledger = withPurgeEntries(shown.ledger, needed, sources);
  const blobs = blobFiles(needed, sources, roles, notStored, readBlob);
  const keyIds = new Set([...ledger.map((e) => e.key_id), ...(head ? [head.key_id] : [])]);
  const keys = sources.publicKeys.filter((k) => keyIds.has(k.id));

  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    generated_at: generatedAt,
    audience: shown.audience,
    case: shown.case,
    timeline: shown.timeline,
    reports: shown.reports,
    events: shown.events,
    captures: shown.captures.map(captureOut),
    ledger,
    ...(head ? { ledger_head: head } : {}),
    public_keys: keys.map((k) => ({ key_id: k.id, public_key: k.public_key })),
    blobs: blobs.listed,
    withheld: shown.withheld,
    missing_blobs: blobs.missing,
  };
  const results = new Map(shown.captures.map((c) => [c.id, c.result]));
  const mtime = new Date(generatedAt);
  const files: TarInput[] = [
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: "summary.html", data: Buffer.from(renderSummary(manifest, results)) },
    ...keys.map((k) => ({ name: `public-keys/${k.id}.pem`, data: Buffer.from(k.public_key) })),
    ...blobs.files,
  ];
  return { manifest, files: files.map((f) => ({ ...f, mtime })) };
}
