import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  writeSync,
} from "node:fs";
import { z } from "zod";
import { canonicalJson, sha256Hex } from "../domain/canonical-json.ts";
import type { SqlRunner } from "../store/database.ts";
import { LEDGER_GENESIS } from "./ledger.ts";
import { type LedgerSigner, verifySignature } from "./ledger-key.ts";

/**
 * The ledger's head (how many entries, and the newest one's hash), signed and published
 * outside the data directory. A hash chain alone cannot show that its newest entries were
 * cut off, nor that the whole chain was signed again with the key that lives beside it;
 * a head written somewhere the data directory's owner cannot rewrite can, as
 * certificate-transparency logs publish theirs.
 */
export const LedgerHead = z.object({
  size: z.number().int().min(0).describe("entries in the ledger"),
  hash: z.string().describe("the newest entry's hash (64 zeros for an empty ledger)"),
  at: z.string().describe("when the head was signed"),
  key_id: z.string(),
  signature: z.string().describe("Ed25519 over SHA-256 of the canonical JSON of size, hash, at"),
});
export type LedgerHead = z.infer<typeof LedgerHead>;

// Raw SQL: the head is read on whatever SqlRunner the caller has (the package's, the
// verifier's), which has no typed layer; it is the same last-entry read appendLedger makes
// under its lock.

const headDigest = (h: Pick<LedgerHead, "size" | "hash" | "at">) =>
  sha256Hex(canonicalJson({ size: h.size, hash: h.hash, at: h.at }));

/** The ledger's head now, signed. */
export async function signedHead(db: SqlRunner, signer: LedgerSigner): Promise<LedgerHead> {
  const [last] = await db.query<{ seq: string; hash: string }>(
    "SELECT seq, hash FROM evidence_ledger ORDER BY seq DESC LIMIT 1",
  );
  const head = {
    size: last ? Number(last.seq) : 0,
    hash: last?.hash ?? LEDGER_GENESIS,
    at: new Date().toISOString(),
  };
  return { ...head, key_id: signer.keyId, signature: signer.sign(headDigest(head)) };
}

/** Whether a head's signature holds with this public key. */
export const headSignatureHolds = (h: LedgerHead, publicKeyPem: string) =>
  verifySignature(publicKeyPem, headDigest(h), h.signature);

// A head is about 250 bytes; the file grows by one a change, for years: only its end is read.
const TAIL_BYTES = 16 * 1024;

/** The newest head in a witness file (JSON lines), or null when there is none yet. */
export function lastWitnessedHead(path: string): LedgerHead | null {
  if (!existsSync(path)) return null;
  const fd = openSync(path, "r");
  let tail: string;
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    tail = buf.toString("utf8");
  } finally {
    closeSync(fd);
  }
  const lines = tail.split("\n").filter(Boolean);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const h = LedgerHead.safeParse(JSON.parse(lines[i] as string));
      if (h.success) return h.data;
    } catch {
      // a line cut short by a crash, or cut by the tail's start: the one before is whole
    }
  }
  return null;
}

/**
 * Appends the head to the witness file when it moved since the last one written there
 * (an unchanged ledger adds nothing). Returns the head and whether it was written.
 */
export async function publishHead(
  db: SqlRunner,
  signer: LedgerSigner,
  witnessFile: string,
): Promise<{ head: LedgerHead; written: boolean }> {
  const head = await signedHead(db, signer);
  const last = lastWitnessedHead(witnessFile);
  if (last && last.size === head.size && last.hash === head.hash)
    return { head: last, written: false };
  const fd = openSync(witnessFile, "a", 0o644);
  try {
    writeSync(fd, `${JSON.stringify(head)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { head, written: true };
}

/**
 * What a ledger says against a head published before: null when it still holds that head
 * (the entry at its size has its hash), else the reason. Entries may have been added since.
 */
export async function headProblem(
  db: SqlRunner,
  head: LedgerHead,
  keys: Map<string, string>,
): Promise<string | null> {
  const pem = keys.get(head.key_id);
  if (!pem)
    return `the witnessed head is signed by key ${head.key_id}, which this ledger does not know`;
  if (!headSignatureHolds(head, pem)) return "the witnessed head's signature does not verify";
  if (head.size === 0) return null;
  const [entry] = await db.query<{ hash: string }>(
    "SELECT hash FROM evidence_ledger WHERE seq = $1",
    [head.size],
  );
  if (!entry)
    return `the ledger ends before entry ${head.size}, which was witnessed at ${head.at} (entries were deleted)`;
  if (entry.hash !== head.hash)
    return `entry ${head.size} is not the one witnessed at ${head.at} (the ledger was rewritten)`;
  return null;
}

/** verifyLedger's check against the newest head in a witness file (none configured: no check). */
export function witnessCheck(db: SqlRunner, witnessFile: string | undefined) {
  if (!witnessFile) return undefined;
  const head = lastWitnessedHead(witnessFile);
  return {
    head,
    problem: (keys: Map<string, string>) =>
      head ? headProblem(db, head, keys) : Promise.resolve(null),
  };
}
