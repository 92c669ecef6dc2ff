import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAudit, GENESIS_HASH, verifyAuditChain } from "../src/audit/audit-log.ts";
import type { Store } from "../src/store/database.ts";
import { testStore } from "./support/database.ts";

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(() => store?.close());

async function appendSome(n: number) {
  for (let i = 0; i < n; i++) {
    await appendAudit(store.db, {
      actor: "user:alice",
      action: "case.noted",
      target: `case:${i}`,
      details: { note: `n${i}`, 日本: true },
    });
  }
}

// An attacker with database superuser rights can switch the trigger off; the chain still tells.
async function tamper(sql: string) {
  await store.exec(
    `ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER;`,
  );
}

describe("audit log", () => {
  it("links every entry to the one before, starting from the genesis hash", async () => {
    await appendSome(3);
    const rows = await store.query<{ seq: string; prev_hash: string; hash: string }>(
      "SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq",
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]?.prev_hash).toBe(rows[0]?.hash);
    expect(rows[2]?.prev_hash).toBe(rows[1]?.hash);
    expect(await verifyAuditChain(store.db)).toEqual({
      ok: true,
      entries: 3,
      last_hash: rows[2]?.hash,
    });
  });

  it("stays one chain when many entries are written at once", async () => {
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        appendAudit(store.db, { actor: "system", action: "x", target: `t${i}` }),
      ),
    );
    const v = await verifyAuditChain(store.db);
    expect(v).toMatchObject({ ok: true, entries: 25 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE from the application", async () => {
    await appendSome(2);
    await expect(
      store.exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"),
    ).rejects.toThrow(/append-only/);
    await expect(store.exec("DELETE FROM audit_log WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(store.exec("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(store.db)).entries).toBe(2);
  });

  it("detects an altered entry", async () => {
    await appendSome(4);
    await tamper('UPDATE audit_log SET details = \'{"note":"innocent"}\' WHERE seq = 2');
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: false,
      entries: 1,
      problem: { seq: 2, reason: expect.stringMatching(/altered/) },
    });
  });

  it("detects a removed entry", async () => {
    await appendSome(4);
    await tamper("DELETE FROM audit_log WHERE seq = 3");
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: false,
      problem: { seq: 4, reason: "entry 3 is missing" },
    });
  });

  it("detects an entry rewritten with a fresh hash (the next link breaks)", async () => {
    await appendSome(3);
    const [row] = await store.query<{ at: Date; prev_hash: string }>(
      "SELECT at, prev_hash FROM audit_log WHERE seq = 2",
    );
    const { auditHash } = await import("../src/audit/audit-log.ts");
    const forged = {
      seq: 2,
      at: new Date(row?.at as Date).toISOString(),
      actor: "user:alice",
      action: "case.noted",
      target: "case:1",
      details: { note: "forged" },
      prev_hash: row?.prev_hash as string,
    };
    await tamper(
      `UPDATE audit_log SET details = '{"note":"forged"}', hash = '${auditHash(forged)}' WHERE seq = 2`,
    );
    expect(await verifyAuditChain(store.db)).toMatchObject({
      ok: false,
      problem: { seq: 3, reason: "does not link to the entry before it" },
    });
  });
});
