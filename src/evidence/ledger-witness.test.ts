import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backend, testStore } from "../../test/support/database.ts";
import { startTestPlatform } from "../../test/support/platform.ts";
import type { SqlRunner, Store } from "../store/database.ts";
import { BlobStore } from "./blob-store.ts";
import { appendLedger, registerSigner, verifyLedger } from "./ledger.ts";
import { type LedgerSigner, loadOrCreateSigner } from "./ledger-key.ts";
import { lastWitnessedHead, publishHead, witnessCheck } from "./ledger-witness.ts";
import { buildEvidencePackage, verifyEvidencePackage } from "./package.ts";
import { readTar, writeTar } from "./tar.ts";

let store: Store;
let signer: LedgerSigner;
let dir: string;
let witness: string;
let blobs: BlobStore;

beforeEach(async () => {
  store = await testStore();
  dir = mkdtempSync(join(tmpdir(), "mogura-witness-"));
  signer = loadOrCreateSigner(join(dir, "key.pem"));
  await registerSigner(store, signer);
  witness = join(dir, "elsewhere", "ledger-head.jsonl");
  blobs = new BlobStore(join(dir, "blobs"));
  mkdirSync(join(dir, "elsewhere"));
});
afterEach(() => store?.close());

const append = (n: number, s = signer) =>
  store.transaction(async (tx: SqlRunner) => {
    for (let i = 0; i < n; i++)
      await appendLedger(tx, s, { kind: "action", actor: "user:hanako", details: { n: i } });
  });

/** What someone who owns the database and the data directory could do to the ledger. */
async function asOwner(sql: string) {
  await store.exec(
    `ALTER TABLE evidence_ledger DISABLE TRIGGER ALL; ${sql}; ALTER TABLE evidence_ledger ENABLE TRIGGER ALL`,
  );
}

const verify = () => verifyLedger(store, blobs, witnessCheck(store, witness));

describe(`the ledger's witnessed head (${backend})`, () => {
  it("is appended only when it moves, and a ledger that grew since still holds it", async () => {
    await append(3);
    expect((await publishHead(store, signer, witness)).written).toBe(true);
    expect((await publishHead(store, signer, witness)).written).toBe(false);
    expect(readFileSync(witness, "utf8").trim().split("\n")).toHaveLength(1);
    await append(2);
    const v = await verify();
    expect(v).toMatchObject({ ok: true, entries: 5, witness: { size: 3 } });
    expect((await publishHead(store, signer, witness)).head.size).toBe(5);
    expect(lastWitnessedHead(witness)?.size).toBe(5);
  });

  it("reads the newest head from the end of a long witness file", async () => {
    for (let i = 0; i < 120; i++) {
      await append(1);
      await publishHead(store, signer, witness);
    }
    expect(readFileSync(witness, "utf8").length).toBeGreaterThan(16 * 1024);
    expect(lastWitnessedHead(witness)?.size).toBe(120);
    expect(await verify()).toMatchObject({ ok: true, witness: { size: 120 } });
  });

  it("shows newest entries cut off, which the chain alone cannot", async () => {
    await append(4);
    await publishHead(store, signer, witness);
    await asOwner("DELETE FROM evidence_ledger WHERE seq >= 3");
    // the rest of the chain is whole: without a witness nothing looks wrong
    expect(await verifyLedger(store, blobs)).toMatchObject({ ok: true, entries: 2 });
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.problem?.reason).toMatch(/ends before entry 4.*entries were deleted/);
  });

  it("shows a ledger rewritten and signed again with the key from the data directory", async () => {
    await append(3);
    await publishHead(store, signer, witness);
    await asOwner("DELETE FROM evidence_ledger WHERE seq = 3");
    await store.transaction((tx: SqlRunner) =>
      appendLedger(tx, signer, { kind: "action", actor: "user:mallory", details: { n: "forged" } }),
    );
    expect(await verifyLedger(store, blobs)).toMatchObject({ ok: true, entries: 3 });
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.problem?.reason).toMatch(/entry 3 is not the one witnessed.*rewritten/);
  });

  it("refuses a witness line whose signature does not hold", async () => {
    await append(2);
    await publishHead(store, signer, witness);
    const line = JSON.parse(readFileSync(witness, "utf8"));
    writeFileSync(witness, `${JSON.stringify({ ...line, size: 1 })}\n`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.problem?.reason).toMatch(/signature does not verify/);
  });

  it("goes into each evidence package, which is refused when the head in it is changed", async () => {
    const [c] = await store.query<{ id: string }>(
      `INSERT INTO cases (group_key, classification_type, taxonomy, ownership, resource, first_event_at, last_event_at)
       VALUES ('g', 'phishing', 'fraud', 'customer', 'x.example', now(), now()) RETURNING id`,
    );
    const caseId = Number(c?.id);
    await store.transaction((tx: SqlRunner) =>
      appendLedger(tx, signer, { kind: "action", caseId, actor: "user:hanako", details: {} }),
    );
    await append(1);
    const pkg = await buildEvidencePackage(store, blobs, caseId, "internal", signer);
    expect(pkg.manifest.ledger_head).toMatchObject({ size: 2, key_id: signer.keyId });
    expect(verifyEvidencePackage(pkg.bytes)).toMatchObject({ ok: true });
    const files = readTar(gunzipSync(pkg.bytes)).map((f) =>
      f.name === "manifest.json"
        ? {
            ...f,
            data: Buffer.from(
              JSON.stringify({
                ...pkg.manifest,
                ledger_head: { ...pkg.manifest.ledger_head, size: 9 },
              }),
            ),
          }
        : f,
    );
    const v = verifyEvidencePackage(gzipSync(writeTar(files)));
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.reason)).toContain(
      "the ledger head's signature does not verify",
    );
  });

  it("must live outside the data directory: the server will not start otherwise", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "mogura-witness-data-"));
    await expect(
      startTestPlatform({ dataDir, evidence: { witnessFile: join(dataDir, "head.jsonl") } }),
    ).rejects.toThrow(/inside the data directory/);
  });
});
