import { z } from "zod";
import { canonicalJson, sha256Hex } from "../domain/canonical-json.ts";
import type { SqlRunner } from "../store/database.ts";
import type { BlobStore } from "./blob-store.ts";
import { type LedgerSigner, verifySignature } from "./ledger-key.ts";

// Raw SQL: an entry is appended under a transaction-level advisory lock, reading the chain's
// last hash and inserting the next entry on the caller's runner (its own transaction), so no
// two entries link to the same one. The reads take a SqlRunner from the package and the
// verifier, which has no typed layer, and go through toEntry, which turns the stored row
// into the entry exactly as it was hashed.
const LEDGER_LOCK = 7_140_006;
export const LEDGER_GENESIS = "0".repeat(64);

export const LedgerEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.string().describe("capture, attachment, action or purge"),
  case_id: z.number().int().nullable(),
  event_id: z.number().int().nullable(),
  blobs: z.array(z.string()).describe("SHA-256 of the blobs this entry vouches for"),
  actor: z.string(),
  details: z.record(z.string(), z.unknown()),
  prev_hash: z.string(),
  hash: z.string(),
  key_id: z.string(),
  signature: z.string().describe("Ed25519 over the 32 bytes of `hash`, base64"),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export interface LedgerInput {
  kind: "capture" | "attachment" | "action" | "purge";
  caseId?: number | null;
  eventId?: number | null;
  blobs?: string[];
  actor: string;
  details?: Record<string, unknown>;
}

/** The hash of an entry: SHA-256 over the canonical JSON of every field but hash and signature. */
export function ledgerHash(e: Omit<LedgerEntry, "hash" | "signature">): string {
  return sha256Hex(canonicalJson(e));
}

/** Makes sure the database knows the signer's public key (verifiers read it from there). */
export async function registerSigner(db: SqlRunner, signer: LedgerSigner): Promise<void> {
  await db.query(
    "INSERT INTO ledger_keys (id, public_key) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING",
    [signer.keyId, signer.publicKeyPem],
  );
}

/**
 * Appends one signed entry, linked to the one before, under a transaction-level lock (run
 * it inside the transaction of the change it records).
 */
export async function appendLedger(
  tx: SqlRunner,
  signer: LedgerSigner,
  input: LedgerInput,
): Promise<LedgerEntry> {
  await tx.query("SELECT pg_advisory_xact_lock($1)", [LEDGER_LOCK]);
  const [last] = await tx.query<{ seq: string; hash: string }>(
    "SELECT seq, hash FROM evidence_ledger ORDER BY seq DESC LIMIT 1",
  );
  const body = {
    seq: Number(last?.seq ?? 0) + 1,
    at: new Date().toISOString(),
    kind: input.kind,
    case_id: input.caseId ?? null,
    event_id: input.eventId ?? null,
    blobs: input.blobs ?? [],
    actor: input.actor,
    details: input.details ?? {},
    prev_hash: last?.hash ?? LEDGER_GENESIS,
    key_id: signer.keyId,
  };
  const hash = ledgerHash(body);
  const entry: LedgerEntry = { ...body, hash, signature: signer.sign(hash) };
  await tx.query(
    `INSERT INTO evidence_ledger (seq, at, kind, case_id, event_id, blobs, actor, details, prev_hash, hash, key_id, signature)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8::jsonb, $9, $10, $11, $12)`,
    [
      entry.seq,
      entry.at,
      entry.kind,
      entry.case_id,
      entry.event_id,
      JSON.stringify(entry.blobs),
      entry.actor,
      JSON.stringify(entry.details),
      entry.prev_hash,
      entry.hash,
      entry.key_id,
      entry.signature,
    ],
  );
  return entry;
}

function toEntry(r: Record<string, unknown>): LedgerEntry {
  return {
    seq: Number(r.seq),
    at: new Date(r.at as string).toISOString(),
    kind: r.kind as string,
    case_id: r.case_id === null ? null : Number(r.case_id),
    event_id: r.event_id === null ? null : Number(r.event_id),
    blobs: r.blobs as string[],
    actor: r.actor as string,
    details: r.details as Record<string, unknown>,
    prev_hash: r.prev_hash as string,
    hash: r.hash as string,
    key_id: r.key_id as string,
    signature: r.signature as string,
  };
}

/** Ledger entries, oldest first: after `afterSeq`, or those of one case. */
export async function listLedger(
  db: SqlRunner,
  opts: { afterSeq?: number; caseId?: number; limit?: number } = {},
): Promise<LedgerEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    opts.caseId === undefined
      ? "SELECT * FROM evidence_ledger WHERE seq > $1 ORDER BY seq LIMIT $2"
      : "SELECT * FROM evidence_ledger WHERE seq > $1 AND case_id = $3 ORDER BY seq LIMIT $2",
    [opts.afterSeq ?? 0, opts.limit ?? 1000, ...(opts.caseId === undefined ? [] : [opts.caseId])],
  );
  return rows.map(toEntry);
}

/** Why one entry does not hold on its own (content, signature), or null. */
export function entryProblem(e: LedgerEntry, keys: Map<string, string>): string | null {
  const { hash, signature, ...body } = e;
  if (ledgerHash(body) !== hash) return "its content does not match its hash (altered)";
  const pem = keys.get(e.key_id);
  if (!pem) return `it is signed by key ${e.key_id}, which this ledger does not know`;
  if (!verifySignature(pem, hash, signature)) return "its signature does not verify";
  return null;
}

export const LedgerVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  blobs: z.number().int().describe("blobs checked byte for byte"),
  last_hash: z.string().describe("keep it elsewhere: a ledger cut short ends before it"),
  problem: z
    .object({
      seq: z.number().int().optional(),
      blob: z.string().optional(),
      reason: z.string(),
    })
    .optional()
    .describe("the first thing that does not hold"),
  witness: z
    .object({ size: z.number().int(), hash: z.string(), at: z.string() })
    .nullable()
    .optional()
    .describe(
      "the head published outside the data directory that the ledger was checked against; null: no witness (MOGURA_LEDGER_WITNESS_FILE), so entries cut off at the end would not show",
    ),
});
export type LedgerVerification = z.infer<typeof LedgerVerification>;

/**
 * Walks the whole ledger: every entry's hash, signature and link to the one before, no gap
 * in the sequence, and every blob it vouches for, byte for byte (purged blobs excepted:
 * their purge is an entry of its own).
 */
export async function verifyLedger(
  db: SqlRunner,
  blobs: BlobStore,
  witness?: {
    head: { size: number; hash: string; at: string } | null;
    /** Why the ledger no longer holds the head, or null (ledger-witness.ts's headProblem). */
    problem: (keys: Map<string, string>) => Promise<string | null>;
  },
): Promise<LedgerVerification> {
  const keys = new Map(
    (
      await db.query<{ id: string; public_key: string }>("SELECT id, public_key FROM ledger_keys")
    ).map((k) => [k.id, k.public_key]),
  );
  const purged = new Set(
    (await db.query<{ sha256: string }>("SELECT sha256 FROM evidence_purged")).map((p) => p.sha256),
  );
  let prev = LEDGER_GENESIS;
  let expected = 1;
  let count = 0;
  const checked = new Set<string>();
  for (;;) {
    const page = await listLedger(db, { afterSeq: expected - 1, limit: 1000 });
    if (page.length === 0) break;
    for (const e of page) {
      const fail = (reason: string, blob?: string): LedgerVerification => ({
        ok: false,
        entries: count,
        blobs: checked.size,
        last_hash: prev,
        problem: { seq: e.seq, reason, ...(blob ? { blob } : {}) },
      });
      if (e.seq !== expected) return fail(`entry ${expected} is missing`);
      if (e.prev_hash !== prev) return fail("it does not link to the entry before it");
      const problem = entryProblem(e, keys);
      if (problem) return fail(problem);
      for (const sha of e.blobs) {
        if (checked.has(sha) || purged.has(sha)) continue;
        const state = blobs.check(sha);
        if (state === "missing") return fail(`blob ${sha} is missing`, sha);
        if (state === "altered") return fail(`blob ${sha} does not match its hash (altered)`, sha);
        checked.add(sha);
      }
      prev = e.hash;
      expected++;
      count++;
    }
  }
  const witnessed = witness?.head
    ? { size: witness.head.size, hash: witness.head.hash, at: witness.head.at }
    : null;
  const broken = witness?.head ? await witness.problem(keys) : null;
  if (broken) {
    return {
      ok: false,
      entries: count,
      blobs: checked.size,
      last_hash: prev,
      problem: { seq: witness?.head?.size, reason: broken },
      witness: witnessed,
    };
  }
  return { ok: true, entries: count, blobs: checked.size, last_hash: prev, witness: witnessed };
}

/** Every signing key the ledger has used, oldest first: what a verifier needs. */
export async function ledgerKeys(db: SqlRunner) {
  return db.query<{ id: string; public_key: string; created_at: Date }>(
    "SELECT id, public_key, created_at FROM ledger_keys ORDER BY created_at",
  );
}
