// `mogura evidence verify --local` on the data itself (no server), and retention purges.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSchema } from "../src/config/settings.ts";
import { BlobStore } from "../src/evidence/blob-store.ts";
import type { EvidenceDeps } from "../src/evidence/capture.ts";
import { blobDir, ledgerKeyPath } from "../src/evidence/engine.ts";
import { appendLedger, registerSigner, verifyLedger } from "../src/evidence/ledger.ts";
import { loadOrCreateSigner } from "../src/evidence/ledger-key.ts";
import { purgeExpiredEvidence } from "../src/evidence/retention.ts";
import type { Store } from "../src/store/database.ts";
import { migrate } from "../src/store/migrate.ts";
import { openStore } from "../src/store/open-store.ts";
import { runMoguraWith } from "./support/cli.ts";
import { createTestDatabase, TEST_PG_URL } from "./support/database.ts";

const config = ConfigSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), "mogura-evidence-")) });
let databaseUrl: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let store: Store;
const blobs = new BlobStore(blobDir(config));
const signer = loadOrCreateSigner(ledgerKeyPath(config));
const env = () => ({
  MOGURA_DATA_DIR: config.dataDir,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});

async function caseWithCapture(
  closedDaysAgo: number | null,
  bytes: string,
): Promise<{ caseId: number; sha: string }> {
  const [c] = await store.query<{ id: string }>(
    `INSERT INTO cases (group_key, state, classification_type, taxonomy, ownership, resource,
       first_event_at, last_event_at, closed_at)
     VALUES ($1, $2, 'phishing', 'fraud', 'not_ours', 'x.example', now(), now(),
             CASE WHEN $3::int IS NULL THEN NULL ELSE now() - make_interval(days => $3::int) END)
     RETURNING id`,
    [`k-${bytes}`, closedDaysAgo === null ? "new" : "closed", closedDaysAgo],
  );
  const caseId = Number(c?.id);
  const sha = blobs.put(Buffer.from(bytes));
  await store.transaction(async (tx) => {
    const e = await appendLedger(tx, signer, {
      kind: "capture",
      caseId,
      blobs: [sha],
      actor: "system",
    });
    await tx.query(
      `INSERT INTO evidence_captures (case_id, kind, target, status, blobs, ledger_seq, finished_at)
       VALUES ($1, 'http', $2, 'done', $3::jsonb, $4, now())`,
      [caseId, `https://${bytes}.example/`, JSON.stringify([sha]), e.seq],
    );
  });
  return { caseId, sha };
}

beforeAll(async () => {
  if (TEST_PG_URL) ({ url: databaseUrl, drop: dropDatabase } = await createTestDatabase());
  store = await openStore({ dataDir: config.dataDir, databaseUrl });
  await migrate(store);
  await registerSigner(store, signer);
});
afterAll(async () => {
  await store?.close();
  await dropDatabase?.();
});

describe("retention", () => {
  it("purges the blobs of long-closed cases only, as ledger entries, and the ledger still verifies", async () => {
    const old = await caseWithCapture(400, "old-page");
    const recent = await caseWithCapture(10, "recent-page");
    const open = await caseWithCapture(null, "open-page");
    const deps = {
      store,
      blobs,
      signer,
      log: pino({ level: "silent" }),
    } as unknown as EvidenceDeps;
    expect(await purgeExpiredEvidence(deps, 365)).toBe(1);
    expect(blobs.has(old.sha)).toBe(false);
    expect(blobs.has(recent.sha)).toBe(true);
    expect(blobs.has(open.sha)).toBe(true);
    const [purge] = await store.query<{ kind: string; blobs: string[] }>(
      "SELECT kind, blobs FROM evidence_ledger ORDER BY seq DESC LIMIT 1",
    );
    expect(purge).toEqual({ kind: "purge", blobs: [old.sha] });
    expect(await purgeExpiredEvidence(deps, 365)).toBe(0);
    expect(await verifyLedger(store, blobs)).toMatchObject({ ok: true });
  });
});

describe("mogura evidence verify --local", () => {
  it("checks the data directly, and names a changed blob", async () => {
    const { sha } = await caseWithCapture(null, "local-page");
    await store.close();
    try {
      const ok = await runMoguraWith(env(), ["evidence", "verify", "--local"]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^ok: \d+ ledger entries and \d+ blobs hold/);
      const path = blobs.pathOf(sha);
      chmodSync(path, 0o640);
      writeFileSync(path, Buffer.from("local-pagE"));
      const broken = await runMoguraWith(env(), ["evidence", "verify", "--local"]);
      expect(broken.code).toBe(4);
      expect(broken.stderr).toContain(`blob ${sha} does not match its hash (altered)`);
      writeFileSync(path, readFileSync(path).fill(0));
    } finally {
      store = await openStore({ dataDir: config.dataDir, databaseUrl });
    }
  });
});
