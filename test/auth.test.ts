import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../src/domain/canonical-json.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ auth: { loginMaxFailures: 3, loginWindowMinutes: 15 } });
  const r = await p.api("POST", "/api/v1/users", {
    body: {
      username: "alice",
      password: "correct horse battery",
      role: "analyst",
      display_name: "Alice",
    },
  });
  expect(r.status).toBe(201);
});
afterAll(() => p?.stop());

async function login(username: string, password: string) {
  const r = await p.api("POST", "/api/v1/auth/login", { key: null, body: { username, password } });
  const cookie = r.headers.get("set-cookie") ?? "";
  return { ...r, cookie, session: cookie.split(";")[0] ?? "" };
}

describe("API keys", () => {
  it("are shown once, stored only as a hash, listed without the key, and record their last use", async () => {
    const made = await p.api("POST", "/api/v1/apikeys", {
      body: { name: "soc feed", role: "reporter" },
    });
    expect(made.status).toBe(201);
    const key: string = made.body.key;
    expect(key).toMatch(/^mgk_[A-Za-z0-9_-]{43}$/); // 32 random bytes = 256 bits
    const rows = await p.store.query<{ key_hash: string }>(
      "SELECT key_hash FROM api_keys WHERE id = $1",
      [made.body.info.id],
    );
    expect(rows[0]?.key_hash).toBe(sha256Hex(key));
    expect(JSON.stringify(await p.store.query("SELECT * FROM api_keys"))).not.toContain(key);

    expect((await p.api("GET", "/api/v1/auth/session", { key })).body).toMatchObject({
      kind: "apikey",
      role: "reporter",
    });
    const list = await p.api("GET", "/api/v1/apikeys");
    const listed = list.body.items.find((k: { id: string }) => k.id === made.body.info.id);
    expect(listed.last_used_at).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(key);
  });

  it("stop working the moment they are revoked, and the revocation is audited", async () => {
    const made = await p.api("POST", "/api/v1/apikeys", { body: { name: "temp", role: "viewer" } });
    const key = made.body.key;
    expect((await p.api("GET", "/api/v1/auth/session", { key })).status).toBe(200);
    const revoked = await p.api("DELETE", `/api/v1/apikeys/${made.body.info.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    const after = await p.api("GET", "/api/v1/auth/session", { key });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("invalid_credentials");
    const audit = await p.api("GET", "/api/v1/audit?limit=1000");
    expect(
      audit.body.items.map((e: { action: string; target: string }) => `${e.action} ${e.target}`),
    ).toContain(`apikey.revoked apikey:${made.body.info.id}`);
    expect(
      (await p.api("DELETE", "/api/v1/apikeys/00000000-0000-4000-8000-000000000000")).status,
    ).toBe(404);
  });
});

describe("browser sessions", () => {
  it("log in with an HttpOnly, SameSite=Strict cookie and a CSRF token", async () => {
    const r = await login("alice", "correct horse battery");
    expect(r.status).toBe(200);
    expect(r.cookie).toMatch(/^mogura_session=/);
    expect(r.cookie).toContain("HttpOnly");
    expect(r.cookie).toContain("SameSite=Strict");
    expect(r.body.user).toMatchObject({ username: "alice", role: "analyst" });
    expect(r.body.csrf_token.length).toBeGreaterThan(20);
    const who = await p.api("GET", "/api/v1/auth/session", {
      key: null,
      headers: { cookie: r.session },
    });
    expect(who.body).toMatchObject({
      kind: "user",
      name: "alice",
      role: "analyst",
      csrf_token: r.body.csrf_token,
    });
  });

  it("refuse a state-changing request without the CSRF token, accept it with", async () => {
    const r = await login("alice", "correct horse battery");
    const noToken = await p.api("POST", "/api/v1/auth/logout", {
      key: null,
      headers: { cookie: r.session },
    });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe("csrf_failed");
    const wrongToken = await p.api("POST", "/api/v1/auth/logout", {
      key: null,
      headers: { cookie: r.session, "x-csrf-token": "forged" },
    });
    expect(wrongToken.status).toBe(403);
    const ok = await p.api("POST", "/api/v1/auth/logout", {
      key: null,
      headers: { cookie: r.session, "x-csrf-token": r.body.csrf_token },
    });
    expect(ok.status).toBe(204);
    // The session is gone on the server, not only the cookie in the browser.
    expect(
      (await p.api("GET", "/api/v1/auth/session", { key: null, headers: { cookie: r.session } }))
        .status,
    ).toBe(401);
  });

  it("keep a person's role: an analyst session cannot manage keys", async () => {
    const r = await login("alice", "correct horse battery");
    const res = await p.api("GET", "/api/v1/apikeys", {
      key: null,
      headers: { cookie: r.session },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  it("end when the password changes", async () => {
    await p.api("POST", "/api/v1/users", {
      body: { username: "carol", password: "first password!!", role: "viewer" },
    });
    const r = await login("carol", "first password!!");
    const wrong = await p.api("POST", "/api/v1/auth/password", {
      key: null,
      headers: { cookie: r.session, "x-csrf-token": r.body.csrf_token },
      body: { current_password: "not it at all", new_password: "second password!!" },
    });
    expect(wrong.status).toBe(401);
    const changed = await p.api("POST", "/api/v1/auth/password", {
      key: null,
      headers: { cookie: r.session, "x-csrf-token": r.body.csrf_token },
      body: { current_password: "first password!!", new_password: "second password!!" },
    });
    expect(changed.status).toBe(204);
    expect(
      (await p.api("GET", "/api/v1/auth/session", { key: null, headers: { cookie: r.session } }))
        .status,
    ).toBe(401);
    expect((await login("carol", "first password!!")).status).toBe(401);
    expect((await login("carol", "second password!!")).status).toBe(200);
  });

  it("stores passwords as scrypt hashes, never in clear", async () => {
    const rows = await p.store.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'alice'",
    );
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(rows[0]?.password_hash).not.toContain("correct horse");
  });

  it("refuse short passwords and duplicate user names", async () => {
    const short = await p.api("POST", "/api/v1/users", {
      body: { username: "dave", password: "short", role: "viewer" },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain("password");
    const dup = await p.api("POST", "/api/v1/users", {
      body: { username: "alice", password: "long enough password", role: "viewer" },
    });
    expect(dup.status).toBe(409);
  });
});

describe("login throttling", () => {
  it("refuses further tries after too many failures, even with the right password, and audits the lockout", async () => {
    await p.api("POST", "/api/v1/users", {
      body: { username: "erin", password: "erin's long password", role: "viewer" },
    });
    for (let i = 0; i < 3; i++) {
      const r = await login("erin", `wrong ${i}`);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("invalid_login");
    }
    const blocked = await login("erin", "erin's long password");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("too_many_attempts");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Other users are not affected.
    expect((await login("alice", "correct horse battery")).status).toBe(200);
    const audit = await p.api("GET", "/api/v1/audit?limit=1000");
    expect(
      audit.body.items.some(
        (e: { action: string; target: string }) =>
          e.action === "auth.lockout" && e.target === "user:erin",
      ),
    ).toBe(true);
  });

  it("locks a name out from the failing address only, and slows guessing down before that", async () => {
    const q = await startTestPlatform({
      http: { trustProxy: true },
      auth: { loginMaxFailures: 4, loginWindowMinutes: 15 },
    });
    try {
      await q.api("POST", "/api/v1/users", {
        body: { username: "frank", password: "frank's long password", role: "viewer" },
      });
      const from = (ip: string, password: string) =>
        q.api("POST", "/api/v1/auth/login", {
          key: null,
          body: { username: "frank", password },
          headers: { "x-forwarded-for": ip },
        });
      const took: number[] = [];
      for (let i = 0; i < 4; i++) {
        const t0 = Date.now();
        expect((await from("198.51.100.66", `wrong ${i}`)).status).toBe(401);
        took.push(Date.now() - t0);
      }
      // the third and fourth failures were held back (250 ms, then 500 ms)
      expect(took[2]).toBeGreaterThanOrEqual(240);
      expect(took[3]).toBeGreaterThanOrEqual(490);
      expect((await from("198.51.100.66", "frank's long password")).status).toBe(429);
      // the owner, elsewhere, is not locked out by someone who knows the name
      expect((await from("203.0.113.9", "frank's long password")).status).toBe(200);
    } finally {
      await q.stop();
    }
  });

  it("gives the same answer for an unknown user as for a wrong password", async () => {
    const r = await login("nobody-here", "whatever password");
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe("invalid_login");
  });
});
