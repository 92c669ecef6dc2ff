import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreError } from "../src/store/database.ts";
import { listMigrations, migrate, migrationStatus } from "../src/store/migrate.ts";
import { openPgliteStore } from "../src/store/pglite-store.ts";
import { openPostgresStore } from "../src/store/postgres-store.ts";
import { savedFilters } from "../src/store/schema.ts";
import { backend, testStore } from "./support/database.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "mogura-store-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe(`migrations (${backend})`, () => {
  it("apply once, record themselves, and are idempotent", async () => {
    const store = await testStore({ migrated: false });
    try {
      const first = await migrate(store);
      expect(first.applied).toEqual(listMigrations().map((m) => m.name));
      expect((await migrate(store)).applied).toEqual([]);
      expect(await migrationStatus(store)).toEqual({
        applied: listMigrations().length,
        pending: [],
      });
    } finally {
      await store.close();
    }
  });

  it("refuse a database migrated by a newer Mogura", async () => {
    const store = await testStore();
    try {
      await store.exec(
        "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future.sql', 'x')",
      );
      await expect(migrate(store)).rejects.toThrow(/newer than this Mogura knows: upgrade Mogura/);
    } finally {
      await store.close();
    }
  });

  it("refuse when a shipped migration was edited after it was applied", async () => {
    const store = await testStore();
    try {
      const edited = listMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "edited" } : m));
      await expect(migrate(store, edited)).rejects.toThrow(/differs from the one applied/);
    } finally {
      await store.close();
    }
  });

  it("run concurrently from two connections without applying anything twice", async () => {
    const store = await testStore({ migrated: false });
    try {
      const results = await Promise.all([migrate(store), migrate(store)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(
        listMigrations()
          .map((m) => m.name)
          .sort(),
      );
    } finally {
      await store.close();
    }
  });
});

describe("the embedded database's data directory", () => {
  it("persists data across close and reopen", async () => {
    const dir = tempDir();
    const a = await openPgliteStore(dir);
    await migrate(a);
    await a.exec("INSERT INTO login_failures (username, client_ip) VALUES ('kept', '192.0.2.1')");
    await a.close();
    const b = await openPgliteStore(dir);
    try {
      expect(await b.query("SELECT username FROM login_failures")).toEqual([{ username: "kept" }]);
    } finally {
      await b.close();
    }
  });

  it("belongs to one process: a second open gets a clear error naming the holder", async () => {
    const dir = tempDir();
    const owner = await openPgliteStore(dir);
    try {
      // Pretend the lock is another live process's (this test's parent is alive for sure).
      writeFileSync(join(dir, "mogura.lock"), String(process.ppid));
      const err = await openPgliteStore(dir).catch((e) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err.message).toContain(`in use by another Mogura process (pid ${process.ppid})`);
    } finally {
      writeFileSync(join(dir, "mogura.lock"), String(process.pid));
      await owner.close();
    }
  });

  it("takes over a lock left by a process that died", async () => {
    const dir = tempDir();
    await (await openPgliteStore(dir)).close();
    writeFileSync(join(dir, "mogura.lock"), "2147483646"); // no such pid
    const store = await openPgliteStore(dir);
    try {
      expect(readFileSync(join(dir, "mogura.lock"), "utf8")).toBe(String(process.pid));
    } finally {
      await store.close();
    }
  });

  it("says so when the directory cannot be created", async () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "");
    const err = await openPgliteStore(join(file, "data")).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(/cannot create the data directory .*a-file\/data \(ENOTDIR\)/);
  });
});

describe.runIf(backend === "postgres")("connections to a PostgreSQL server", () => {
  it("run without JIT, which made the queue's search slower than the query itself", async () => {
    const store = await testStore();
    try {
      const [row] = await store.query<{ jit: string }>("SHOW jit");
      expect(row?.jit).toBe("off");
    } finally {
      await store.close();
    }
  });
});

describe("PostgreSQL connection problems", () => {
  it("explain a refused connection", async () => {
    const err = await openPostgresStore("postgres://postgres@127.0.0.1:1/none").catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.message).toMatch(
      /cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/none \(connection refused\)/,
    );
  });

  it("never show the password in messages", async () => {
    const err = await openPostgresStore("postgres://postgres:s3cret@127.0.0.1:1/none").catch(
      (e) => e,
    );
    expect(err.message).not.toContain("s3cret");
  });
});

describe(`transactions (${backend})`, () => {
  it("give raw SQL and the typed query layer one connection: both commit or neither", async () => {
    const store = await testStore();
    try {
      await store.transaction(async (tx) => {
        await tx.db.insert(savedFilters).values({ owner: "user:a", name: "kept", query: "q=1" });
        // the raw side sees the typed side's row inside the same transaction
        const [r] = await tx.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM saved_filters WHERE name = 'kept'",
        );
        expect(r?.n).toBe(1);
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.db.insert(savedFilters).values({ owner: "user:a", name: "gone", query: "" });
          await tx.query(
            "INSERT INTO saved_filters (owner, name, query) VALUES ('user:a', 'gone2', '')",
          );
          throw new Error("changed my mind");
        }),
      ).rejects.toThrow("changed my mind");
      const names = await store.db.select({ name: savedFilters.name }).from(savedFilters);
      expect(names.map((n) => n.name)).toEqual(["kept"]);
    } finally {
      await store.close();
    }
  });
});
