import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "pino";
import { createApiKey } from "../auth/api-keys.ts";
import { hashPassword } from "../auth/secrets.ts";
import { createUser } from "../auth/users.ts";
import { caseCount, customerCases, firstCaseOn } from "../cases/case-store.ts";
import { ApiClient } from "../client/api-client.ts";
import { type Config, ConfigSchema } from "../config/settings.ts";
import { mapLimit } from "../domain/concurrency.ts";
import { finishedCaptures } from "../evidence/capture-store.ts";
import { unroutedEventCount } from "../intake/event-store.ts";
import { reportCounts } from "../intake/report-store.ts";
import { readInventoryDir } from "../inventory/csv-files.ts";
import { outboxCount } from "../notify/outbox.ts";
import { type Platform, startPlatform } from "../server/platform.ts";
import type { Store } from "../store/database.ts";
import { writeProviderFiles } from "./files.ts";
import { type DemoProvider, generateProvider, loadProviderSpec } from "./provider.ts";
import { playTakedownStory, type TakedownStory } from "./takedown-story.ts";
import { type Delivery, type DemoDay, generateDay } from "./traffic.ts";
import { type DemoWorld, startWorld } from "./world.ts";

/** The demo's login, printed for the user; the desk lives only as long as the demo. */
export const DEMO_USER = { username: "demo", password: "mogura-demo-desk" } as const;

export interface DemoOptions {
  seed: number;
  /** Events in the day of traffic (default 300). */
  events: number;
  /** Keep the data here (default: a new temporary directory). */
  dataDir?: string;
  now?: Date;
  /** Progress lines for the terminal. */
  say?: (line: string) => void;
  /** A database opened elsewhere (tests on PostgreSQL); default: PGlite in the data directory. */
  store?: Store;
  /** Ctrl-C while the day is still being played: stop and clean up instead of finishing. */
  signal?: AbortSignal;
}

/** The user stopped the demo before it was ready. */
export class DemoStopped extends Error {
  override name = "DemoStopped";
}

export interface RunningDemo {
  platform: Platform;
  world: DemoWorld;
  provider: DemoProvider;
  day: DemoDay;
  dataDir: string;
  adminKey: string;
  /** The tour's phishing case. */
  tourCaseId: number;
  /** The foreign phishing site asked down, and where its kit came back. */
  takedown: TakedownStory;
  counts: { reports: number; quarantined: number; cases: number; outbox: number };
  stop(): Promise<void>;
}

/** The preferred port when it is free, else one the system picks. */
async function freePortNear(host: string, preferred: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const s = createServer();
      s.once("error", () => resolve(null));
      s.listen(port, host, () => {
        const got = (s.address() as { port: number }).port;
        s.close(() => resolve(got));
      });
    });
  // Neither: leave it to the start, which explains why it cannot listen there.
  return (preferred > 0 ? await tryPort(preferred) : null) ?? (await tryPort(0)) ?? preferred;
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`the demo gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Starts Mogura on a throw-away data directory with the demo provider, plays a day of abuse
 * traffic through SMTP and the API, and leaves the desk running for the user.
 */
export async function startDemo(
  base: Config,
  logger: Logger,
  opts: DemoOptions,
): Promise<RunningDemo> {
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    return startDemoIn(opts.dataDir, base, logger, opts);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "mogura-demo-"));
  try {
    return await startDemoIn(dataDir, base, logger, opts);
  } catch (e) {
    // A demo that never started leaves nothing behind.
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

async function startDemoIn(
  dataDir: string,
  base: Config,
  logger: Logger,
  opts: DemoOptions,
): Promise<RunningDemo> {
  const say = opts.say ?? (() => {});
  const now = opts.now ?? new Date();

  const spec = loadProviderSpec();
  const provider = generateProvider(spec, {
    seed: opts.seed,
    customers: Math.max(50, Math.round(opts.events / 20)),
    today: now,
  });
  const world = await startWorld(provider, dataDir);
  const day = generateDay(provider, {
    seed: opts.seed,
    events: opts.events,
    now,
    sitePort: world.sitePort,
  });
  world.publish(day.sites);
  const inventoryDir = join(dataDir, "inventory");
  writeProviderFiles(provider, inventoryDir);

  const host = base.http.host;
  const httpPort = await freePortNear(host, base.http.port);
  const smtpPort = await freePortNear(base.smtp.host, base.smtp.port);
  const adminKey = `mgk_demo_${randomBytes(24).toString("hex")}`;
  const publicUrl = `http://${host.includes(":") ? `[${host}]` : host}:${httpPort}`;
  const config = ConfigSchema.parse({
    ...base,
    dataDir,
    databaseUrl: undefined,
    http: { ...base.http, port: httpPort, publicUrl },
    smtp: {
      ...base.smtp,
      port: smtpPort,
      recipients: [spec.company.abuse, `@${spec.company.domain}`],
    },
    // No relay, whatever the environment says: the demo's mail stays in its outbox.
    mail: { from: `${spec.company.name} abuse desk <${spec.company.abuse}>` },
    auth: { ...base.auth, bootstrapAdminKey: adminKey },
    // A whole day arrives within a minute here; a real reporter's key keeps the normal limit.
    intake: {
      ...base.intake,
      rateLimitPerMinute: Math.max(base.intake.rateLimitPerMinute, 1_000_000),
    },
    // Generous: a busy machine (Chromium drawing pages) must not turn an answer into "no records".
    resolve: { ...base.resolve, dns: true, dnsServers: [world.dnsAddress], dnsTimeoutMs: 3000 },
    evidence: {
      ...base.evidence,
      capture: true,
      // The demo's web sites live on this machine; nothing else is ever fetched.
      allowPrivateTargets: true,
      ports: [80, 443, world.sitePort],
      rdapBootstrap: world.rdapBootstrap,
    },
    // Who can act on what is not ours is asked of this world's RDAP, IANA's root included.
    contacts: { ...base.contacts, rdapRoot: world.rdapRoot, bootstrapUrl: "off" },
    // Checked every ten seconds: the story's sites fall and come back within the minute.
    watch: { ...base.watch, enabled: true, intervalSeconds: 10 },
  } satisfies Record<string, unknown>);

  say(`Starting Mogura on ${dataDir} …`);
  let platform: Platform;
  try {
    platform = await startPlatform(config, logger, opts.store ? { store: opts.store } : {});
  } catch (e) {
    await world.close();
    throw e;
  }
  const stop = async () => {
    await platform.stop();
    await world.close();
  };
  try {
    const db = platform.store.db;
    await createUser(db, {
      username: DEMO_USER.username,
      displayName: "Demo analyst",
      role: "analyst",
      passwordHash: await hashPassword(DEMO_USER.password),
    });
    const admin = new ApiClient({ url: platform.url, apiKey: adminKey });
    const reporterKey = (
      await createApiKey(db, {
        name: spec.reporters.csirt.name,
        role: "reporter",
        createdBy: "demo",
      })
    ).key;
    const reporter = new ApiClient({ url: platform.url, apiKey: reporterKey });
    const colleague = new ApiClient({
      url: platform.url,
      apiKey: (
        await createApiKey(db, { name: "Sato (night shift)", role: "analyst", createdBy: "demo" })
      ).key,
    });

    say(
      `Loading ${spec.company.name}: ${provider.inventory.customers.length} customers, ${provider.services.length} services …`,
    );
    await admin.request("POST", "/api/v1/inventory/import", readInventoryDir(inventoryDir).batch);

    say(`Playing a day of abuse traffic: ${summarize(day.deliveries)} …`);
    const stopped = () => {
      if (opts.signal?.aborted) throw new DemoStopped("stopped before the demo was ready");
    };
    await play(day.deliveries, { smtpPort, to: spec.company.abuse, reporter, say, stopped });
    const counts = await settle(platform, day.deliveries.length, say, stopped);

    const tourCaseId = await firstCaseOn(platform.store, day.tour.serviceId, "phishing");
    if (tourCaseId === null) throw new Error("the tour's phishing case was not made");
    await earlierShift(platform, colleague, tourCaseId);
    const takedown = await playTakedownStory({
      platform,
      world,
      reporter,
      colleague,
      smtpPort,
      outboxDir: join(dataDir, "outbox"),
      sitePort: world.sitePort,
      say,
    });
    // The tour opens with the page captured: wait for it (a few seconds).
    await waitFor("the phishing page's capture", 30_000, async () => {
      return (await finishedCaptures(platform.store, tourCaseId, "http")) > 0 ? true : undefined;
    }).catch(() => say("(the phishing page's capture is still running)"));
    return {
      platform,
      world,
      provider,
      day,
      dataDir,
      adminKey,
      tourCaseId,
      takedown,
      counts,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function summarize(deliveries: Delivery[]): string {
  const n = (c: Delivery["channel"]) => deliveries.filter((d) => d.channel === c).length;
  return `${n("smtp")} mails over SMTP, ${n("api")} API reports, ${n("upload")} files`;
}

/** Sends every input through its channel: SMTP to the intake, reports and files to the API. */
async function play(
  deliveries: Delivery[],
  ctx: {
    smtpPort: number;
    to: string;
    reporter: ApiClient;
    say: (line: string) => void;
    stopped: () => void;
  },
): Promise<void> {
  let sent = 0;
  const progress = setInterval(
    () => ctx.say(`… ${sent} of ${deliveries.length} inputs sent`),
    10_000,
  );
  const smtp = nodemailer.createTransport({
    host: "127.0.0.1",
    port: ctx.smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
  try {
    await mapLimit(deliveries, 6, async (d) => {
      ctx.stopped();
      if (d.channel === "smtp") {
        await smtp.sendMail({ envelope: { from: d.from, to: [ctx.to] }, raw: d.bytes });
      } else if (d.channel === "api") {
        await ctx.reporter.request("POST", "/api/v1/reports", d.report);
      } else {
        await ctx.reporter.upload(
          `/api/v1/reports?filename=${encodeURIComponent(d.name)}`,
          d.contentType,
          new Blob([new Uint8Array(d.bytes)]),
        );
      }
      sent += 1;
    });
  } finally {
    clearInterval(progress);
    smtp.close();
  }
}

/** Waits until every input is parsed (or quarantined) and every event sits on a case. */
async function settle(
  platform: Platform,
  expected: number,
  say: (line: string) => void,
  stopped: () => void,
) {
  let lastSaid = Date.now();
  await waitFor("the reports to be read", 30 * 60_000, async () => {
    stopped();
    const { reports, queued: waiting } = await reportCounts(platform.store);
    const unrouted = await unroutedEventCount(platform.store);
    if (reports >= expected && waiting === 0 && unrouted === 0) return true;
    // A large day takes minutes: show that it moves.
    if (Date.now() - lastSaid > 10_000) {
      lastSaid = Date.now();
      say(
        `… ${reports - waiting} of ${expected} inputs read, ${unrouted} events waiting for their case`,
      );
    }
    return undefined;
  });
  const { reports, quarantined } = await reportCounts(platform.store);
  return {
    reports,
    quarantined,
    cases: await caseCount(platform.store),
    outbox: await outboxCount(platform.store),
  };
}

/**
 * What the night shift did before the user arrived: some cases acknowledged, some resolved,
 * so the queue and the statistics show a desk at work. The tour's case is left for the user.
 */
async function earlierShift(platform: Platform, colleague: ApiClient, tourCaseId: number) {
  // A shift's worth of work, however large the day.
  const cases = await customerCases(platform.store, tourCaseId, 300);
  const moves: [number, string, string][] = [];
  cases.forEach((c, i) => {
    if (i % 5 === 1) moves.push([c.id, "acknowledged", "looked at by the night shift"]);
    if (i % 7 === 3) {
      moves.push([c.id, "acknowledged", "clear case"]);
      moves.push([c.id, "resolved", "the customer cleaned the server; reports stopped"]);
    }
  });
  for (const [id, to, reason] of moves) {
    await colleague
      .request("POST", `/api/v1/cases/${id}/transition`, { to, reason })
      .catch(() => {}); // A move the policy refuses (e.g. a state already passed) is skipped.
  }
}
