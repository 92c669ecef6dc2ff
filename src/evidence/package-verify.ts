// Checking an evidence package offline, from its bytes alone: what a provider, a registrar or
// a court runs, and what docs/evidence.md describes doing by hand.
import { createPublicKey } from "node:crypto";
import { sha256Hex } from "../domain/canonical-json.ts";
import { entryProblem, type LedgerEntry } from "./ledger.ts";
import { keyIdOf } from "./ledger-key.ts";
import { headSignatureHolds } from "./ledger-witness.ts";
import { readPackageFiles } from "./package-archive.ts";
import { PACKAGE_FORMAT, PackageManifest, type PackageVerification } from "./package-format.ts";

const SHA_NAME = /^blobs\/([0-9a-f]{64})$/;
const KEY_NAME = /^public-keys\/([^/]+)\.pem$/;

/**
 * Checks a package from its bytes alone (no database, no server): every blob hashes to its
 * name, every ledger entry's hash and Ed25519 signature hold with the package's keys, each
 * key file is the key its id names, every vouched-for blob is present or accounted for,
 * every capture's blobs are vouched for by its entry, and consecutive entries link. Lists
 * every problem, not only the first. The archive may be the one Mogura wrote or its files
 * packed again (any order, directory entries, one top folder, gzipped or not).
 */
export function verifyEvidencePackage(bytes: Buffer): PackageVerification {
  const problems: PackageVerification["problems"] = [];
  const fail = (reason: string): PackageVerification => ({
    ok: false,
    entries: 0,
    blobs: 0,
    key_ids: [],
    problems: [{ reason }],
  });
  const archive = readPackageFiles(bytes);
  if ("problem" in archive) return fail(archive.problem);
  const { files } = archive;
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const manifestBytes = byName.get("manifest.json");
  if (!manifestBytes) return fail("manifest.json is missing");
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString("utf8"));
  } catch (e) {
    return fail(`manifest.json is not JSON: ${(e as Error).message}`);
  }
  const parsed = PackageManifest.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)
      .join("; ");
    return fail(`manifest.json is not a ${PACKAGE_FORMAT} manifest: ${first}`);
  }
  const m = parsed.data;

  // Files: blobs hash to their names; key files are the keys their names say.
  const present = new Set<string>();
  const altered = new Set<string>();
  const keys = new Map<string, string>();
  for (const f of files) {
    const blob = SHA_NAME.exec(f.name);
    const key = KEY_NAME.exec(f.name);
    if (blob?.[1]) {
      if (sha256Hex(f.data) === blob[1]) present.add(blob[1]);
      else {
        altered.add(blob[1]);
        problems.push({ file: f.name, reason: "its bytes do not hash to its name (altered)" });
      }
    } else if (key?.[1]) {
      const pem = f.data.toString("utf8");
      let actual: string;
      try {
        actual = keyIdOf(createPublicKey(pem));
      } catch {
        problems.push({ file: f.name, reason: "it is not a PEM public key" });
        continue;
      }
      if (actual !== key[1])
        problems.push({
          file: f.name,
          reason: `it holds the key with id ${actual}, not ${key[1]} (replaced)`,
        });
      // Kept either way, so each entry signed with this id says whether its signature holds.
      keys.set(key[1], pem);
    } else if (f.name !== "manifest.json" && f.name !== "summary.html") {
      problems.push({ file: f.name, reason: "a file this format does not have" });
    }
  }
  for (const k of m.public_keys) {
    const pem = keys.get(k.key_id);
    if (pem === undefined)
      problems.push({
        file: `public-keys/${k.key_id}.pem`,
        reason: "listed in manifest.json but not in the archive",
      });
    else if (pem.trim() !== k.public_key.trim())
      problems.push({
        file: `public-keys/${k.key_id}.pem`,
        reason: "it differs from the key manifest.json lists under the same id",
      });
  }
  const listed = new Set(m.blobs.map((b) => b.sha256));
  for (const b of m.blobs) {
    const data = byName.get(`blobs/${b.sha256}`);
    if (!data)
      problems.push({
        file: `blobs/${b.sha256}`,
        reason: "listed in manifest.json but not in the archive",
      });
    else if (data.length !== b.size)
      problems.push({
        file: `blobs/${b.sha256}`,
        reason: `${data.length} bytes, manifest.json says ${b.size}`,
      });
  }
  for (const sha of [...present, ...altered])
    if (!listed.has(sha))
      problems.push({
        file: `blobs/${sha}`,
        reason: "in the archive but not listed in manifest.json",
      });

  // The ledger: each entry on its own, the blobs it vouches for, links where seqs touch.
  const missing = new Set(m.missing_blobs.map((b) => b.sha256));
  const withheldBlobs = new Set(m.withheld.flatMap((w) => w.blobs ?? []));
  const bySeq = new Map<number, LedgerEntry>();
  let prev: LedgerEntry | undefined;
  for (const e of m.ledger) {
    if (bySeq.has(e.seq)) problems.push({ seq: e.seq, reason: "the entry appears twice" });
    bySeq.set(e.seq, e);
    const p = entryProblem(e, keys);
    if (p) problems.push({ seq: e.seq, reason: p });
    for (const sha of e.blobs) {
      if (present.has(sha) || missing.has(sha) || withheldBlobs.has(sha)) continue;
      problems.push({
        seq: e.seq,
        file: `blobs/${sha}`,
        reason: altered.has(sha)
          ? `blob ${sha} it vouches for does not match its hash (altered)`
          : `blob ${sha} it vouches for is neither in the package nor listed as missing or withheld`,
      });
    }
    if (prev && e.seq <= prev.seq)
      problems.push({ seq: e.seq, reason: `the ledger is out of order (after entry ${prev.seq})` });
    else if (prev && e.seq === prev.seq + 1 && e.prev_hash !== prev.hash)
      problems.push({
        seq: e.seq,
        reason: `it does not link to entry ${prev.seq} (its prev_hash is not that entry's hash)`,
      });
    prev = e;
  }

  // The head the package was made on: signed, and no entry of the package after it.
  const head = m.ledger_head;
  if (head) {
    const pem = keys.get(head.key_id);
    if (!pem)
      problems.push({
        reason: `the ledger head is signed by key ${head.key_id}, not in the package`,
      });
    else if (!headSignatureHolds(head, pem))
      problems.push({ reason: "the ledger head's signature does not verify" });
    for (const e of m.ledger) {
      if (e.seq > head.size)
        problems.push({
          seq: e.seq,
          reason: `it is newer than the ledger head (${head.size} entries)`,
        });
      else if (e.seq === head.size && e.hash !== head.hash)
        problems.push({ seq: e.seq, reason: "it is not the entry the ledger head names" });
    }
  }

  // A blob said to be purged must be vouched for by the purge entry named.
  for (const b of m.missing_blobs) {
    if (b.ledger_seq === undefined) continue;
    if (!bySeq.get(b.ledger_seq)?.blobs.includes(b.sha256))
      problems.push({
        seq: b.ledger_seq,
        file: `blobs/${b.sha256}`,
        reason: `blob ${b.sha256} is said to be accounted for by ledger entry ${b.ledger_seq}, which is not in the package or does not name it`,
      });
  }

  // Captures: their blobs must be what their signed entry vouches for.
  for (const c of m.captures) {
    const ref = `capture ${c.id}`;
    if (c.ledger_seq === null) {
      if (c.blobs.length > 0)
        problems.push({ reason: `${ref} has blobs but no ledger entry vouches for them` });
      continue;
    }
    const e = bySeq.get(c.ledger_seq);
    if (!e) {
      problems.push({
        seq: c.ledger_seq,
        reason: `${ref} names ledger entry ${c.ledger_seq}, which is not in the package`,
      });
      continue;
    }
    if (e.details.capture_id !== c.id)
      problems.push({
        seq: e.seq,
        reason: `${ref} names ledger entry ${e.seq}, which is about capture ${String(e.details.capture_id)}`,
      });
    for (const sha of c.blobs)
      if (!e.blobs.includes(sha))
        problems.push({
          seq: e.seq,
          file: `blobs/${sha}`,
          reason: `${ref} lists blob ${sha}, which its ledger entry does not vouch for`,
        });
    if (e.kind === "capture") {
      for (const field of ["kind", "target", "status", "summary"] as const) {
        const signed = e.details[field];
        if (signed !== undefined && signed !== c[field])
          problems.push({
            seq: e.seq,
            reason: `${ref}: its ${field} in manifest.json differs from its signed ledger entry`,
          });
      }
    }
  }

  return {
    ok: problems.length === 0,
    entries: m.ledger.length,
    blobs: present.size,
    key_ids: [...keys.keys()].sort(),
    problems,
  };
}
