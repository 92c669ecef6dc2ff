import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { type Config, type ConfigInput, ConfigSchema } from "../../src/config/settings.ts";
import type { JobDefinition } from "../../src/jobs/queue.ts";
import { type Platform, startPlatform } from "../../src/server/platform.ts";
import { testStore } from "./database.ts";

export interface TestPlatform extends Platform {
  adminKey: string;
  config: Config;
  /** Calls the running server over real HTTP; `key` defaults to the admin key (null: none). */
  api(
    method: string,
    path: string,
    opts?: {
      key?: string | null;
      body?: unknown;
      headers?: Record<string, string>;
      raw?: string | Blob;
    },
    // biome-ignore lint/suspicious/noExplicitAny: each test reads the shape of the answer it asked for
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Starts a whole platform on a fresh test database and a free port, with a known admin key. */
export async function startTestPlatform(
  overrides: ConfigInput = {},
  extraJobs: JobDefinition[] = [],
): Promise<TestPlatform> {
  const adminKey = `test-admin-${randomBytes(24).toString("hex")}`;
  const config = ConfigSchema.parse({
    // The outbox and any file goes to a fresh directory, never the checkout's ./data.
    dataDir: mkdtempSync(join(tmpdir(), "mogura-test-")),
    ...overrides,
    smtp: { port: 0, ...overrides.smtp },
    http: { port: 0, ...overrides.http },
    log: { level: "silent", ...overrides.log },
    auth: { bootstrapAdminKey: adminKey, ...overrides.auth },
    jobs: { pollSeconds: 0.5, ...overrides.jobs },
    // Tests never ask the machine's DNS; a test that needs DNS starts its own server.
    resolve: { dns: false, ...overrides.resolve },
    // Nor do they fetch evidence from anywhere unless they start the server it comes from.
    evidence: { capture: false, ...overrides.evidence },
    // Nor IANA's servers: a contact lookup in a test asks the RDAP server the test started.
    contacts: { rdapRoot: "off", bootstrapUrl: "off", ...overrides.contacts },
  });
  const store = await testStore();
  const platform = await startPlatform(config, pino({ level: config.log.level }), {
    store,
    extraJobs,
  });
  const api: TestPlatform["api"] = async (method, path, opts = {}) => {
    const key = opts.key === undefined ? adminKey : opts.key;
    const headers: Record<string, string> = { ...opts.headers };
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | Blob | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers["content-type"] ??= "application/json";
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${platform.url}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return { ...platform, adminKey, config, api };
}
