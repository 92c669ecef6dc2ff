import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey, revokeApiKey } from "../src/auth/api-keys.ts";
import { bootstrapAdminKey } from "../src/auth/bootstrap.ts";
import { createUser } from "../src/auth/users.ts";
import type { Store } from "../src/store/database.ts";
import { testStore } from "./support/database.ts";

let store: Store;
beforeEach(async () => {
  store = await testStore();
});
afterEach(() => store?.close());

describe("the first admin key", () => {
  it("is generated once, with 256 random bits, and audited", async () => {
    const first = await bootstrapAdminKey(store.db);
    expect(first.outcome).toBe("created");
    if (first.outcome !== "created") return;
    expect(first.generated).toBe(true);
    expect((await authenticateApiKey(store.db, first.key))?.role).toBe("admin");
    expect(await bootstrapAdminKey(store.db)).toEqual({ outcome: "admin_exists" });
    const audit = await store.query<{ action: string }>("SELECT action FROM audit_log");
    expect(audit.map((a) => a.action)).toEqual(["apikey.bootstrapped"]);
  });

  it("is the configured one when MOGURA_BOOTSTRAP_ADMIN_KEY is set", async () => {
    const key = "k".repeat(40);
    expect(await bootstrapAdminKey(store.db, key)).toEqual({
      outcome: "created",
      key,
      generated: false,
    });
    expect((await authenticateApiKey(store.db, key))?.role).toBe("admin");
    expect(await bootstrapAdminKey(store.db, key)).toEqual({ outcome: "admin_exists" });
    expect(await bootstrapAdminKey(store.db, "x".repeat(40))).toEqual({
      outcome: "configured_key_ignored",
    });
  });

  it("is still made when only keys of other roles exist (made offline before the first start)", async () => {
    await createApiKey(store.db, { name: "feed", role: "reporter", createdBy: "cli:offline" });
    expect((await bootstrapAdminKey(store.db)).outcome).toBe("created");
  });

  it("is not made while an admin user exists, and is made again once every admin is gone", async () => {
    await createUser(store.db, { username: "root", passwordHash: "scrypt$x", role: "admin" });
    expect((await bootstrapAdminKey(store.db)).outcome).toBe("admin_exists");

    const other = await testStore();
    try {
      const made = await bootstrapAdminKey(other.db);
      if (made.outcome !== "created") throw new Error("expected a key");
      const [info] = await other.query<{ id: string }>("SELECT id FROM api_keys");
      await revokeApiKey(other.db, info?.id as string);
      expect((await bootstrapAdminKey(other.db)).outcome).toBe("created");
    } finally {
      await other.close();
    }
  });
});
