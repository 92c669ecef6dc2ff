// End-to-end tests of the `mogura` command as operators run it: real processes on the
// embedded database (PGlite) in temporary data directories, talking HTTP on 127.0.0.1 only.
//
// The three groups below each use their own data directories and run side by side (a
// process start is mostly CPU, and there are usually two cores); inside a group the tests run
// in order and hand one server on to the next where that does not weaken them.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { listMigrations } from "../src/store/migrate.ts";
import { slowdown } from "./support/net.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "bin", "mogura.js");
/** How long a process may take to come up or to finish, on a slow, busy CI machine. */
// Scaled on a busy machine (slowdown()): the deadline is for a process that never answers.
const DEADLINE_MS = 45_000 * slowdown();

// ---------------------------------------------------------------------------------------------
// Processes

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Proc {
  child: ChildProcess;
  pid: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves when the process has exited and its output is read. */
  exited: Promise<Exit>;
  exit: Exit | null;
  /** The test group that started it, whose afterEach kills it unless `keep` is set. */
  group: string;
  /** Handed on to the next test of the group (or killed in afterAll). */
  keep: boolean;
}

const procs: Proc[] = [];
const tempDirs: string[] = [];
const workDir = tempDir("cwd");

function tempDir(label: string): string {
  const d = mkdtempSync(join(tmpdir(), `mogura-cli-${label}-`));
  tempDirs.push(d);
  return d;
}

type Env = Record<string, string | undefined>;

/** This process's environment without any Mogura or database settings, plus MOGURA_LOG_LEVEL=warn and `extra`. */
function childEnv(extra: Env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith("MOGURA_") || k === "DATABASE_URL" || k.startsWith("PG")) continue;
    env[k] = v;
  }
  env.MOGURA_LOG_LEVEL = "warn";
  env.MOGURA_SMTP_PORT = "0"; // servers run side by side; the SMTP intake is tested elsewhere
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Starts `mogura <args>`; stdin gets `input`, then end of file. */
function mogura(args: string[], env: Env, opts: { group: string; input?: string }): Proc {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: workDir, // never the repository: a forgotten MOGURA_DATA_DIR must not touch ./data there
    env: childEnv(env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr?.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  const proc: Proc = {
    child,
    pid: child.pid ?? -1,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exit: null,
    group: opts.group,
    keep: false,
    exited: new Promise<Exit>((done, fail) => {
      child.once("error", fail);
      // 'close' rather than 'exit': all of stdout and stderr has been read by then.
      child.once("close", (code, signal) => {
        proc.exit = { code, signal };
        done(proc.exit);
      });
    }),
  };
  child.stdin?.on("error", () => {}); // a process that exits without reading stdin
  child.stdin?.end(opts.input ?? "");
  procs.push(proc);
  return proc;
}

async function kill(p: Proc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
  await p.exited.catch(() => {});
}

/** Kills what a group's test started and did not hand on. */
async function killLeftovers(group: string): Promise<void> {
  await Promise.all(procs.filter((p) => p.group === group && !p.keep).map(kill));
}

/** Waits for a process to end; kills it, and fails, at the deadline. */
async function ended(p: Proc): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => {
      void kill(p);
      fail(new Error(`process ${p.pid} did not exit within ${DEADLINE_MS} ms\n${p.stderr}`));
    }, DEADLINE_MS);
  });
  try {
    return await Promise.race([p.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

type Result = Exit & { stdout: string; stderr: string };

/** Runs a command to its end. */
async function run(args: string[], env: Env, opts: { group: string; input?: string }) {
  const p = mogura(args, env, opts);
  const exit = await ended(p);
  return { ...exit, stdout: p.stdout, stderr: p.stderr } satisfies Result;
}

/** Polls `check` until it returns something other than undefined; fails at the deadline. */
async function poll<T>(what: string, check: () => Promise<T | undefined> | T | undefined) {
  const until = Date.now() + DEADLINE_MS;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${DEADLINE_MS} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until `p` has written text matching `re` to stdout; fails if it exits first. */
function waitForStdout(p: Proc, re: RegExp): Promise<RegExpMatchArray> {
  return poll(`stdout of ${p.pid} matching ${re}`, () => {
    const m = p.stdout.match(re);
    if (m) return m;
    if (p.exit) throw new Error(`process exited (${JSON.stringify(p.exit)}):\n${p.stderr}`);
    return undefined;
  });
}

// ---------------------------------------------------------------------------------------------
// Servers and HTTP

/** A port nobody listens on (as far as this machine can tell). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((done) => srv.listen(0, "127.0.0.1", done));
  const addr = srv.address();
  await new Promise<void>((done) => srv.close(() => done()));
  if (addr === null || typeof addr === "string") throw new Error("no port");
  return addr.port;
}

async function api(
  base: string,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: each test reads its own shape
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

interface Running {
  proc: Proc;
  url: string;
}

/** Starts `mogura serve` on `dataDir` and a free port, and waits until /healthz answers 200. */
async function serve(
  dataDir: string,
  env: Env,
  opts: { group: string; keep?: boolean },
): Promise<Running> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = mogura(
    ["serve"],
    { MOGURA_DATA_DIR: dataDir, MOGURA_HTTP_PORT: String(port), ...env },
    opts,
  );
  proc.keep = opts.keep ?? false;
  await poll(`${url}/healthz answering 200`, async () => {
    if (proc.exit) {
      throw new Error(`serve exited early (${JSON.stringify(proc.exit)}):\n${proc.stderr}`);
    }
    try {
      return (await fetch(`${url}/healthz`)).status === 200 ? true : undefined;
    } catch {
      return undefined; // not listening yet
    }
  });
  return { proc, url };
}

/** Sends SIGTERM and returns how the server exited. */
function stop(s: Running): Promise<Exit> {
  s.proc.child.kill("SIGTERM");
  return ended(s.proc);
}

const lockFile = (dataDir: string) => join(dataDir, "mogura.lock");
const lockPid = (dataDir: string) => readFileSync(lockFile(dataDir), "utf8");
const nonEmptyLines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
const API_KEY_LINE = /^mgk_[\w-]+$/m;
// Info level: this log line comes after the key banner, so it marks the banner's end.
const RUNNING = /Mogura is running/;

afterAll(async () => {
  await Promise.all(procs.map(kill));
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe.concurrent("a data directory whose first start generates the admin key", () => {
  describe.sequential("in order", () => {
    const group = "generated";
    const dataDir = join(tempDir("generated"), "data");
    let a: Running;
    let adminKey: string;
    let client: Env;

    beforeAll(async () => {
      a = await serve(dataDir, { MOGURA_LOG_LEVEL: "info" }, { group, keep: true });
      await waitForStdout(a.proc, RUNNING);
      adminKey = a.proc.stdout.match(/mgk_[\w-]+/)?.[0] ?? "(no key printed)";
      client = { MOGURA_URL: a.url, MOGURA_API_KEY: adminKey };
    });
    afterEach(() => killLeftovers(group));

    it("prints the admin key once on the first start, and /healthz answers", async ({ expect }) => {
      const banner = a.proc.stdout.slice(0, a.proc.stdout.search(RUNNING));
      expect(banner.match(/mgk_[\w-]+/g)).toHaveLength(1);
      expect(banner).toContain("shown only this once");
      expect(await api(a.url, "GET", "/healthz")).toEqual({ status: 200, body: { status: "ok" } });
      const keys = await api(a.url, "GET", "/api/v1/apikeys", { key: adminKey });
      expect(keys.status).toBe(200);
      expect(keys.body.items).toMatchObject([{ name: "bootstrap-admin", role: "admin" }]);
    });

    it("refuses a second serve on the directory, in one stderr line naming the pid", async ({
      expect,
    }) => {
      const port = String(await freePort());
      const r = await run(
        ["serve"],
        { MOGURA_DATA_DIR: dataDir, MOGURA_HTTP_PORT: port },
        { group },
      );
      expect(r.code).not.toBe(0);
      expect(r.signal).toBeNull();
      const lines = nonEmptyLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`the data directory ${dataDir} is in use`);
      expect(lines[0]).toContain(`pid ${a.proc.pid}`);
      // The first server still owns the directory and answers.
      expect(lockPid(dataDir)).toBe(String(a.proc.pid));
      expect((await api(a.url, "GET", "/healthz")).status).toBe(200);
    });

    it("refuses `migrate` while the server holds the directory", async ({ expect }) => {
      const r = await run(["migrate"], { MOGURA_DATA_DIR: dataDir }, { group });
      expect(r.code).not.toBe(0);
      expect(r.signal).toBeNull();
      expect(r.stderr).toContain("in use");
      expect(r.stderr).toContain(`pid ${a.proc.pid}`);
      expect(r.stdout).not.toContain("up to date");
      expect(lockPid(dataDir)).toBe(String(a.proc.pid));
    });

    describe("the CLI as an API client", () => {
      it("creates, lists and revokes an API key", async ({ expect }) => {
        const made = await run(["apikey", "create", "--name", "x", "--role", "viewer"], client, {
          group,
        });
        expect(made.stderr).toBe("");
        expect(made.code).toBe(0);
        const id = made.stdout.match(/^API key ([0-9a-f-]{36}) \(viewer, "x"\)/m)?.[1] ?? "?";
        const key = made.stdout.match(API_KEY_LINE)?.[0];
        expect(id).not.toBe("?");
        expect(key).toBeDefined();
        const who = await api(a.url, "GET", "/api/v1/auth/session", { key });
        expect(who.status).toBe(200);
        expect(who.body).toMatchObject({ kind: "apikey", name: "x", role: "viewer" });
        expect((await api(a.url, "GET", "/api/v1/apikeys", { key })).status).toBe(403);

        const listed = await run(["apikey", "list"], client, { group });
        expect(listed.code).toBe(0);
        const row = nonEmptyLines(listed.stdout).find((l) => l.startsWith(id));
        expect(row).toMatch(/\sx\s+viewer\s+mgk_\S*\s+active\s/);
        expect(listed.stdout).not.toContain(key);

        const revoked = await run(["apikey", "revoke", id], client, { group });
        expect(revoked.code).toBe(0);
        expect(revoked.stdout).toContain(`revoked ${id} ("x")`);
        expect((await api(a.url, "GET", "/api/v1/auth/session", { key })).status).toBe(401);
      });

      it("creates a user with the password from stdin, who can then log in", async ({ expect }) => {
        const password = "correct horse battery staple";
        const r = await run(
          ["user", "create", "bob", "--role", "analyst", "--password-stdin"],
          client,
          {
            group,
            input: `${password}\n`, // the final newline is not part of the password
          },
        );
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(r.stdout).toContain("created user bob (analyst)");
        const login = await api(a.url, "POST", "/api/v1/auth/login", {
          body: { username: "bob", password },
        });
        expect(login.status).toBe(200);
        expect(login.body.user).toMatchObject({ username: "bob", role: "analyst" });
      });

      it("verifies the audit chain", async ({ expect }) => {
        const r = await run(["audit", "verify"], client, { group });
        expect(r.code).toBe(0);
        const entries = Number(r.stdout.match(/^audit chain intact: (\d+) entries/m)?.[1]);
        expect(entries).toBeGreaterThanOrEqual(1); // the bootstrap key at least
      });

      it("exits 2 naming MOGURA_API_KEY when no key is given", async ({ expect }) => {
        const r = await run(["apikey", "list"], { MOGURA_URL: a.url }, { group });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain("MOGURA_API_KEY");
        expect(r.stdout).toBe("");
      });

      it("says so in one line when MOGURA_URL answers with something else than Mogura", async ({
        expect,
      }) => {
        const other = createHttpServer((_req, res) => {
          res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad Gateway</html>");
        });
        await new Promise<void>((done) => other.listen(0, "127.0.0.1", done));
        try {
          const url = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
          const r = await run(
            ["apikey", "list"],
            { MOGURA_URL: url, MOGURA_API_KEY: adminKey },
            { group },
          );
          expect(r.code).toBe(1);
          expect(nonEmptyLines(r.stderr)).toEqual([
            `mogura: 502: ${url} did not answer with JSON; is MOGURA_URL a Mogura server?`,
          ]);
        } finally {
          await new Promise<void>((done) => other.close(() => done()));
        }
      });

      it("says it cannot reach Mogura when MOGURA_URL is a closed port", async ({ expect }) => {
        const closed = `http://127.0.0.1:${await freePort()}`;
        const r = await run(
          ["apikey", "list"],
          { MOGURA_URL: closed, MOGURA_API_KEY: adminKey },
          { group },
        );
        expect(r.code).not.toBe(0);
        expect(r.signal).toBeNull();
        expect(r.stderr).toContain(`cannot reach Mogura at ${closed}`);
      });
    });

    it("stops on SIGTERM with exit code 0 and removes the lock file", async ({ expect }) => {
      expect(lockPid(dataDir)).toBe(String(a.proc.pid));
      expect(await stop(a)).toEqual({ code: 0, signal: null });
      expect(existsSync(lockFile(dataDir))).toBe(false);
    });

    it("does not print an admin key on the second start", async ({ expect }) => {
      a = await serve(dataDir, { MOGURA_LOG_LEVEL: "info" }, { group });
      await waitForStdout(a.proc, RUNNING);
      expect(a.proc.stdout).not.toContain("mgk_");
      expect(a.proc.stdout).not.toContain("shown only this once");
      // The key of the first start still works.
      expect((await api(a.url, "GET", "/api/v1/apikeys", { key: adminKey })).status).toBe(200);
      expect(await stop(a)).toEqual({ code: 0, signal: null });
    });
  });
});

describe.concurrent("a data directory set up with MOGURA_BOOTSTRAP_ADMIN_KEY", () => {
  describe.sequential("in order", () => {
    const group = "bootstrap";
    const dataDir = join(tempDir("bootstrap"), "data");
    const adminKey = `bootstrap-${randomBytes(24).toString("hex")}`;
    let s: Running;

    beforeAll(async () => {
      s = await serve(
        dataDir,
        { MOGURA_BOOTSTRAP_ADMIN_KEY: adminKey, MOGURA_LOG_LEVEL: "info" },
        { group, keep: true },
      );
    });
    afterEach(() => killLeftovers(group));

    it("makes exactly that key the admin key, and prints no key", async ({ expect }) => {
      await waitForStdout(s.proc, RUNNING);
      expect(s.proc.stdout).not.toContain("mgk_");
      expect(s.proc.stdout).not.toContain(adminKey);
      const keys = await api(s.url, "GET", "/api/v1/apikeys", { key: adminKey });
      expect(keys.status).toBe(200);
      expect(keys.body.items).toMatchObject([{ name: "bootstrap-admin", role: "admin" }]);
      const wrong = await api(s.url, "GET", "/api/v1/apikeys", { key: `${adminKey}x` });
      expect(wrong.status).toBe(401);
    });

    it("comes back after kill -9 with the data written before", async ({ expect }) => {
      const made = await api(s.url, "POST", "/api/v1/apikeys", {
        key: adminKey,
        body: { name: "before-crash", role: "analyst" },
      });
      expect(made.status).toBe(201);

      s.proc.child.kill("SIGKILL");
      expect(await ended(s.proc)).toEqual({ code: null, signal: "SIGKILL" });
      // The dead server's lock is left behind; the restart takes it over.
      expect(lockPid(dataDir)).toBe(String(s.proc.pid));

      s = await serve(dataDir, {}, { group });
      expect(lockPid(dataDir)).toBe(String(s.proc.pid));
      const keys = await api(s.url, "GET", "/api/v1/apikeys", { key: adminKey });
      expect(keys.status).toBe(200);
      expect(keys.body.items.map((k: { id: string }) => k.id)).toContain(made.body.info.id);
      const who = await api(s.url, "GET", "/api/v1/auth/session", { key: made.body.key });
      expect(who.body).toMatchObject({ name: "before-crash", role: "analyst" });

      expect(await stop(s)).toEqual({ code: 0, signal: null });
      expect(existsSync(lockFile(dataDir))).toBe(false);
    });

    it("`migrate` on the stopped directory says it is up to date; --status counts", async ({
      expect,
    }) => {
      const r = await run(["migrate"], { MOGURA_DATA_DIR: dataDir }, { group });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe("the database is up to date");

      const st = await run(["migrate", "--status"], { MOGURA_DATA_DIR: dataDir }, { group });
      expect(st.code).toBe(0);
      expect(st.stdout).toContain(`${dataDir}: ${listMigrations().length} applied, 0 pending`);
      expect(existsSync(lockFile(dataDir))).toBe(false);
    });

    it("`apikey create --offline` makes a key that the next server accepts", async ({ expect }) => {
      const r = await run(
        ["apikey", "create", "--offline", "--name", "offline-key", "--role", "viewer"],
        { MOGURA_DATA_DIR: dataDir },
        { group },
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const key = r.stdout.match(API_KEY_LINE)?.[0];
      expect(key).toBeDefined();
      expect(existsSync(lockFile(dataDir))).toBe(false);

      s = await serve(dataDir, {}, { group });
      const who = await api(s.url, "GET", "/api/v1/auth/session", { key });
      expect(who.status).toBe(200);
      expect(who.body).toMatchObject({ kind: "apikey", name: "offline-key", role: "viewer" });
      expect(await stop(s)).toEqual({ code: 0, signal: null });
    });

    it("refuses to start on a database that a newer Mogura migrated", async ({ expect }) => {
      const pg = await PGlite.create(join(dataDir, "pglite"));
      try {
        await pg.query(
          "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, '9999_future.sql', 'x')",
        );
      } finally {
        await pg.close();
      }
      const port = String(await freePort());
      const r = await run(
        ["serve"],
        { MOGURA_DATA_DIR: dataDir, MOGURA_HTTP_PORT: port },
        { group },
      );
      expect(r.code).not.toBe(0);
      expect(r.signal).toBeNull();
      expect(r.stderr).toContain("newer than this Mogura");
      expect(r.stderr).toContain("9999");
      expect(existsSync(lockFile(dataDir))).toBe(false); // the failed start let go of it
    });
  });
});

describe.concurrent("doctor, and bad input at start", () => {
  describe.sequential("in order", () => {
    const group = "checks";
    /** Set up by `doctor`, then used where a start must get as far as listening. */
    const doctorDir = join(tempDir("doctor"), "data");
    afterEach(() => killLeftovers(group));

    /** Runs `serve` expecting it to fail; returns its result. */
    async function failedStart(env: Env, args: string[] = []): Promise<Result> {
      const r = await run([...args, "serve"], env, { group });
      if (r.code === 0 || r.signal !== null) {
        throw new Error(`serve did not fail: ${JSON.stringify(r)}`);
      }
      return r;
    }

    it("doctor passes on a fresh data directory", async ({ expect }) => {
      const r = await run(
        ["doctor"],
        {
          MOGURA_DATA_DIR: doctorDir,
          MOGURA_HTTP_PORT: String(await freePort()),
          MOGURA_SMTP_PORT: String(await freePort()),
        },
        { group },
      );
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^ok\s+configuration\s+valid$/m);
      expect(r.stdout).toMatch(/^ok\s+database\s+pglite at /m);
      expect(r.stdout).not.toMatch(/^fail/m);
    });

    it("doctor fails on MOGURA_HTTP_PORT=abc", async ({ expect }) => {
      const r = await run(
        ["doctor"],
        { MOGURA_DATA_DIR: join(tempDir("doctor-abc"), "data"), MOGURA_HTTP_PORT: "abc" },
        { group },
      );
      expect(r.code).not.toBe(0);
      expect(r.signal).toBeNull();
      expect(r.stdout).toMatch(/^fail\s+configuration\s+MOGURA_HTTP_PORT="abc"/m);
    });

    it("serve names MOGURA_HTTP_PORT and its value when it is not a number", async ({ expect }) => {
      const r = await failedStart({
        MOGURA_DATA_DIR: join(tempDir("abc"), "data"),
        MOGURA_HTTP_PORT: "abc",
      });
      expect(r.stderr).toMatch(/MOGURA_HTTP_PORT\W+abc\b/);
    });

    it("serve says the port is already in use", async ({ expect }) => {
      const holder = createServer();
      await new Promise<void>((done) => holder.listen(0, "127.0.0.1", done));
      try {
        const port = (holder.address() as { port: number }).port;
        const r = await failedStart({ MOGURA_DATA_DIR: doctorDir, MOGURA_HTTP_PORT: String(port) });
        expect(r.stderr).toContain(`127.0.0.1:${port} is already in use`);
        expect(existsSync(lockFile(doctorDir))).toBe(false); // the failed start let go of it
      } finally {
        await new Promise<void>((done) => holder.close(() => done()));
      }
    });

    it("serve names the data directory when it cannot create it", async ({ expect }) => {
      const file = join(tempDir("file"), "regular-file");
      writeFileSync(file, "not a directory\n");
      const dataDir = join(file, "data");
      const r = await failedStart({
        MOGURA_DATA_DIR: dataDir,
        MOGURA_HTTP_PORT: String(await freePort()),
      });
      expect(r.stderr).toContain(dataDir);
    });

    it("serve and doctor name a bad MOGURA_POLICY_FILE and the field", async ({ expect }) => {
      const policy = join(tempDir("policy"), "policy.yaml");
      writeFileSync(policy, "sla:\n  types:\n    phishing: { first_action_hours: -4 }\n");
      const env = {
        MOGURA_DATA_DIR: join(tempDir("policy"), "data"),
        MOGURA_HTTP_PORT: String(await freePort()),
        MOGURA_POLICY_FILE: policy,
      };
      const r = await failedStart(env);
      expect(r.stderr).toContain(
        `MOGURA_POLICY_FILE: ${policy}: sla.types.phishing.first_action_hours`,
      );
      const d = await run(["doctor"], env, { group });
      expect(d.code).not.toBe(0);
      expect(d.stdout).toMatch(/^fail\s+case policy\s+.*sla\.types\.phishing\.first_action_hours/m);
    });

    it("serve rejects a config file with an unknown key", async ({ expect }) => {
      const file = join(tempDir("yaml"), "mogura.yaml");
      writeFileSync(file, "http:\n  prot: 8080\n");
      const r = await failedStart({ MOGURA_DATA_DIR: join(tempDir("yaml"), "data") }, [
        "--config",
        file,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`http.prot in ${file}: unknown setting`);
    });

    it("serve rejects a config file with a bad value", async ({ expect }) => {
      const file = join(tempDir("yaml"), "mogura.yaml");
      writeFileSync(file, "http:\n  port: -1\n");
      // No MOGURA_HTTP_PORT: the environment would override the file.
      const r = await failedStart({ MOGURA_DATA_DIR: join(tempDir("yaml"), "data") }, [
        "--config",
        file,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`http.port=-1 in ${file}`);
      expect(r.stderr).toContain(": expected an integer port");
    });

    it("serve says PostgreSQL refused the connection, naming DATABASE_URL", async ({ expect }) => {
      const r = await failedStart({
        DATABASE_URL: "postgres://postgres@127.0.0.1:1/x",
        MOGURA_DATA_DIR: join(tempDir("pg"), "data"),
        MOGURA_HTTP_PORT: String(await freePort()),
      });
      expect(r.stderr).toContain("connection refused");
      expect(r.stderr).toContain("DATABASE_URL");
    });
  });
});
