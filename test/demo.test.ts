// `mogura demo`: the generator is repeatable and stays inside fictional names and documentation
// addresses; the demo plays its day through the real channels and leaves a desk with the tour's
// case ready; the command prints where to go and cleans up after itself.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ipaddr from "ipaddr.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateProvider, loadProviderSpec } from "../src/demo/provider.ts";
import { DEMO_USER, type RunningDemo } from "../src/demo/run-demo.ts";
import { dayShape, generateDay } from "../src/demo/traffic.ts";
import { readInventoryDir } from "../src/inventory/csv-files.ts";
import { runMoguraWith } from "./support/cli.ts";
import { startTestDemo } from "./support/demo.ts";
import { smtpSend } from "./support/intake.ts";
import { until } from "./support/net.ts";

const BIN = join(import.meta.dirname, "..", "bin", "mogura.js");
const spec = loadProviderSpec();
const NOW = new Date("2026-11-29T09:00:00Z");
const make = (seed: number, events = 300) => {
  const provider = generateProvider(spec, {
    seed,
    customers: Math.max(50, Math.round(events / 20)),
    today: NOW,
  });
  return { provider, day: generateDay(provider, { seed, events, now: NOW, sitePort: 8443 }) };
};
const bytesOf = (d: ReturnType<typeof make>["day"]["deliveries"][number]) =>
  d.channel === "api" ? JSON.stringify(d.report) : d.bytes.toString("latin1");

const DOC_RANGES = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"].map((c) =>
  ipaddr.parseCIDR(c),
);
const isDocumentation = (ip: string) => {
  if (ip === "127.0.0.1") return true;
  const a = ipaddr.parse(ip);
  return DOC_RANGES.some((r) => a.kind() === r[0].kind() && a.match(r));
};

describe("the demo generator", () => {
  it("makes the same provider and day from the same seed, and others from another", () => {
    const a = make(1);
    const b = make(1);
    const c = make(2);
    expect(b.provider.inventory).toEqual(a.provider.inventory);
    expect(b.day.deliveries.map(bytesOf)).toEqual(a.day.deliveries.map(bytesOf));
    expect(c.provider.inventory.customers).not.toEqual(a.provider.inventory.customers);
    expect(c.day.deliveries.map(bytesOf)).not.toEqual(a.day.deliveries.map(bytesOf));
  });

  it("has every kind of service, both address families, and a fraudulent VPS for the tour", () => {
    const { provider, day } = make(1);
    expect(provider.inventory.customers).toHaveLength(50);
    const kinds = new Set(provider.services.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(["dedicated", "shared", "vps"]);
    const cidrs = provider.inventory.netblocks.map((n) => n.cidr as string);
    expect(cidrs.some((c) => c.includes(":"))).toBe(true);
    expect(cidrs.some((c) => !c.includes(":"))).toBe(true);
    const tour = provider.services.find((s) => s.id === day.tour.serviceId);
    expect(tour?.fraudulent).toBe(true);
    expect(tour?.kind).toBe("vps");
    expect(day.tour.url).toMatch(/^http:\/\/secure\.[a-z-]+\.example:8443\/login$/);
  });

  it("names only .example hosts and documentation addresses, in the inventory and in every input", () => {
    const { provider, day } = make(1);
    const texts = [
      ...Object.values(provider.inventory).flatMap((rows) =>
        rows.map((r) => Object.values(r).join(" ")),
      ),
      ...day.deliveries.map(bytesOf),
    ];
    const hosts = new Set<string>();
    const ips = new Set<string>();
    for (const t of texts) {
      for (const m of t.matchAll(/(?:https?|hxxps?):\/\/([a-z0-9.[\]-]+)/gi))
        hosts.add(m[1] as string);
      for (const m of t.matchAll(/[\w.+-]+@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi))
        hosts.add(m[1] as string);
      for (const m of t.matchAll(/\b(?:\d{1,3}\.){3}\d{1,3}\b/g)) ips.add(m[0]);
      for (const m of t.matchAll(/\b2001:db8:[0-9a-f:]+/gi)) ips.add(m[0].replace(/:+$/, "::"));
    }
    expect(hosts.size).toBeGreaterThan(20);
    const foreign = [...hosts]
      .map((h) => h.replace(/\[\.\]/g, ".").toLowerCase())
      .filter((h) => !h.endsWith(".example") && !ipaddr.isValid(h) && h !== "xarf.org");
    expect(foreign).toEqual([]);
    const outside = [...ips].filter((ip) => ipaddr.isValid(ip) && !isDocumentation(ip));
    // Version strings such as "1.0.0.1" are not addresses; none may be outside the ranges either.
    expect(outside).toEqual([]);
  });

  it("grows to a large day with --scale: ~100,000 events and 5,000 customers", () => {
    const shape = dayShape(100_000);
    expect(shape.mails + shape.api + shape.feedRows).toBe(100_000);
    const { provider, day } = make(7, 100_000);
    expect(provider.inventory.customers).toHaveLength(5000);
    const rows = day.deliveries
      .filter(
        (d) => d.channel === "upload" && d.name.endsWith(".csv") && !d.name.startsWith("broken"),
      )
      .reduce(
        (n, d) =>
          n + (d.channel === "upload" ? d.bytes.toString().trim().split("\n").length - 1 : 0),
        0,
      );
    expect(rows).toBe(shape.feedRows);
    expect(day.deliveries.filter((d) => d.channel === "smtp").length).toBeGreaterThanOrEqual(
      shape.mails,
    );
  });
});

describe("the demo desk", () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startTestDemo("demo-test");
  }, 180_000);
  afterAll(async () => {
    await demo?.stop();
  });

  it("took in every input through its channel and every format's parser", async () => {
    const rows = await demo.platform.store.query<{
      channel: string;
      parser: string | null;
      status: string;
      n: number;
    }>("SELECT channel, parser, status, count(*)::int AS n FROM reports GROUP BY 1, 2, 3");
    const total = rows.reduce((n, r) => n + r.n, 0);
    // The day's inputs, then the takedown story's two reports of foreign phishing sites.
    expect(total).toBe(demo.day.deliveries.length + demo.takedown.reportIds.length);
    expect(demo.counts.reports).toBe(demo.day.deliveries.length);
    const processed = new Set(rows.filter((r) => r.status === "processed").map((r) => r.parser));
    for (const parser of [
      "arf",
      "x-arf",
      "xarf",
      "fail2ban",
      "email+free-text",
      "mogura-json",
      "shadowserver-csv",
    ]) {
      expect(processed, parser).toContain(parser);
    }
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(["smtp", "api"]));
    const broken = demo.day.deliveries.filter((d) => d.name.startsWith("broken")).length;
    const quarantined = rows.filter((r) => r.status === "quarantined").reduce((n, r) => n + r.n, 0);
    expect(quarantined).toBe(broken);
    expect(demo.counts.quarantined).toBe(broken);
  });

  it("has the tour's phishing case: owner, fraud suggestion, captured page and a notice sent", async () => {
    const store = demo.platform.store;
    const [c] = await store.query<{
      ownership: string;
      service_id: string;
      customer_id: string;
      misuse_suggestions: { misuse_type: string }[];
      state: string;
    }>(
      "SELECT ownership, service_id, customer_id, misuse_suggestions, state FROM cases WHERE id = $1",
      [demo.tourCaseId],
    );
    expect(c).toMatchObject({
      ownership: "customer",
      service_id: "S-vps-0001",
      customer_id: "C1001",
      state: "new",
    });
    expect(c?.misuse_suggestions.map((s) => s.misuse_type)).toContain("fraudulent_contract");
    const captures = await store.query<{ kind: string; status: string; summary: string }>(
      "SELECT kind, status, summary FROM evidence_captures WHERE case_id = $1 AND kind = 'http'",
      [demo.tourCaseId],
    );
    expect(captures.some((x) => x.status === "done" && /^200 text\/html/.test(x.summary))).toBe(
      true,
    );
    const outbox = readdirSync(join(demo.dataDir, "outbox"));
    expect(outbox.length).toBeGreaterThan(5);
    const notice = outbox
      .map((f) => readFileSync(join(demo.dataDir, "outbox", f), "latin1"))
      .find((m) => m.includes("/portal/") && /^To: .*freemail\.example/m.test(m));
    expect(notice, "a notice with a portal link to the customer").toBeDefined();
  });

  it("shows a desk at work: not-ours cases, cases the night shift moved, and the demo login", async () => {
    const states = await demo.platform.store.query<{ state: string; ownership: string; n: number }>(
      "SELECT state, ownership, count(*)::int AS n FROM cases GROUP BY 1, 2",
    );
    const count = (f: (r: { state: string; ownership: string }) => boolean) =>
      states.filter(f).reduce((n, r) => n + r.n, 0);
    expect(count((r) => r.ownership === "not_ours")).toBeGreaterThan(0);
    expect(count((r) => r.state === "acknowledged")).toBeGreaterThan(0);
    expect(count((r) => r.state === "resolved")).toBeGreaterThan(0);
    expect(count((r) => r.state === "new")).toBeGreaterThan(20);
    const login = await fetch(`${demo.platform.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DEMO_USER),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { role: string } }).user.role).toBe("analyst");
  });

  it("asked an overseas host down: requests sent, the host's answer filed, the site down, the kit back elsewhere", async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the test reads the shapes it asked for
    const api = async (path: string): Promise<any> => {
      const r = await fetch(`${demo.platform.url}${path}`, {
        headers: { authorization: `Bearer ${demo.adminKey}` },
      });
      return r.json();
    };
    const { firstCaseId, secondCaseId } = demo.takedown;
    const { requests } = await api(`/api/v1/cases/${firstCaseId}/takedown-requests`);
    const byRole = Object.fromEntries(requests.map((r: { role: string }) => [r.role, r]));
    expect(byRole.host).toMatchObject({ state: "resource_down", language: "en" });
    expect(byRole.host.recipient.email).toBe("abuse@overseas-hosting.example");
    expect(byRole.registrar).toMatchObject({ state: "resource_down" });
    expect(byRole.registrar.xarf.reports[0]).toMatchObject({
      xarf_version: "4.2.0",
      type: "phishing",
    });
    const host = await api(`/api/v1/takedown-requests/${byRole.host.id}`);
    expect(host.replies[0].body).toContain("suspended");
    const [watch] = (await api(`/api/v1/cases/${firstCaseId}/watch`)).watches;
    expect(watch.state).toBe("down");
    const second = await api(`/api/v1/cases/${secondCaseId}`);
    expect(second.reemerged).toBe(true);
    expect(
      second.timeline.find((t: { kind: string }) => t.kind === "reemerged").detail,
    ).toMatchObject({
      original_case_id: firstCaseId,
    });
    const stats = await api("/api/v1/stats/takedown");
    expect(stats.overall.cases).toBeGreaterThanOrEqual(1);
    expect(stats.overall.uptime_after_report.count).toBeGreaterThanOrEqual(1);
  });

  it("shows the mail it sent as web pages, with the notice's portal link to follow", async () => {
    // Mail is still going out (updates, batched notices): the page counts what was there.
    const before = readdirSync(join(demo.dataDir, "outbox")).length;
    const list = await fetch(demo.world.outboxUrl);
    expect(list.status).toBe(200);
    const html = await list.text();
    const after = readdirSync(join(demo.dataDir, "outbox")).length;
    const shown = Number(/Mail Mogura sent during the demo \((\d+)\)/.exec(html)?.[1]);
    expect(shown).toBeGreaterThanOrEqual(before);
    expect(shown).toBeLessThanOrEqual(after);
    expect((html.match(/<tr><td>/g) ?? []).length).toBe(shown);
    const link = [
      ...html.matchAll(/<a href="(\/outbox\/[^"]+)">([^<]*)<\/a>\s*<div class="kind">case (\d+)/g),
    ].find((m) => Number(m[3]) === demo.tourCaseId);
    expect(link, "a notice for the tour's case in the list").toBeDefined();
    const one = await (await fetch(new URL(link?.[1] as string, demo.world.outboxUrl))).text();
    expect(one).toMatch(new RegExp(`<a href="${demo.platform.url}/portal/[\\w-]+">`));
    const portal = /<a href="([^"]+\/portal\/[^"]+)">/.exec(one)?.[1] as string;
    expect((await fetch(portal)).status).toBe(200);
    // Only the outbox's own files: no way out of it.
    for (const bad of ["/outbox/raw/..%2Fkeys%2Fledger-ed25519.pem", "/outbox/..%2Fmogura.lock"]) {
      expect((await fetch(new URL(bad, demo.world.outboxUrl))).status, bad).toBe(404);
    }
  });

  it("takes more abuse mail at its SMTP intake", async () => {
    const before = await demo.platform.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM reports",
    );
    const mail = [
      "From: Someone <someone@mail-provider.example>",
      "To: abuse@tsubame-hosting.example",
      "Subject: spam from your network",
      "Message-ID: <more-1@mail-provider.example>",
      "",
      "Sender: 198.51.100.7 sent us 300 spam mails this morning.",
      "",
    ].join("\r\n");
    await smtpSend(
      demo.platform.smtpPort as number,
      mail,
      "someone@mail-provider.example",
      "abuse@tsubame-hosting.example",
    );
    await until(
      async () => {
        const [r] = await demo.platform.store.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM reports",
        );
        return (r?.n ?? 0) > (before[0]?.n ?? 0) ? true : undefined;
      },
      30_000,
      "the mail as a report",
    );
  });
});

describe("the demo command", () => {
  it("writes the provider and the day as files that import and ingest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mogura-demo-write-"));
    const r = await runMoguraWith({}, ["demo", "--write", dir, "--seed", "3"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("npx mogura inventory import --dir");
    const { batch } = readInventoryDir(join(dir, "inventory"));
    expect(batch.customers).toHaveLength(50);
    const mails = readdirSync(join(dir, "traffic", "mail")).filter((f) => f.endsWith(".eml"));
    // The day's mails, and the broken ones on top.
    expect(mails.length).toBe(dayShape(300).mails + 4);
    expect(readdirSync(join(dir, "traffic", "files")).some((f) => f.includes("scan_rdp"))).toBe(
      true,
    );
  });

  it("says why it cannot start, and exits instead of hanging", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "mogura-demo-fail-"));
    const r = await runMoguraWith({ TMPDIR: tmp, MOGURA_HTTP_HOST: "192.0.2.1" }, ["demo"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("MOGURA_HTTP_HOST is not an address of this machine");
    // The throw-away directory went with it.
    expect(readdirSync(tmp).filter((f) => f.startsWith("mogura-demo-"))).toEqual([]);
  }, 60_000);

  it("stops at Ctrl-C while the day is still being played, and leaves nothing behind", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "mogura-demo-int-"));
    const child = spawn(process.execPath, [BIN, "demo", "--scale", "5000"], {
      env: {
        PATH: process.env.PATH ?? "",
        TMPDIR: tmp,
        MOGURA_HTTP_PORT: "0",
        MOGURA_SMTP_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const exited = new Promise<number | null>((r) => child.once("close", r));
    child.stdout.on("data", (d) => {
      out += d;
    });
    await until(() => out.includes("Playing a day"), 120_000, "the day to start");
    child.kill("SIGINT");
    const started = Date.now();
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(out).toContain("Stopped.");
    expect(out).not.toContain("Ctrl-C stops the demo");
    expect(readdirSync(tmp).filter((f) => f.startsWith("mogura-demo-"))).toEqual([]);
  }, 180_000);

  it("refuses a bad --scale with a clear message", async () => {
    const r = await runMoguraWith({}, ["demo", "--scale", "lots"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--scale must be a whole number above 0");
  });

  it("starts, prints where to go and how to sign in, and removes its data when stopped", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "mogura-demo-cmd-"));
    // The port asked for is taken: the demo goes on on another one and says which.
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const takenPort = (taken.address() as AddressInfo).port;
    const child = spawn(process.execPath, [BIN, "demo"], {
      env: {
        PATH: process.env.PATH ?? "",
        TMPDIR: tmp,
        MOGURA_HTTP_PORT: String(takenPort),
        MOGURA_SMTP_PORT: "0",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stderr.on("data", (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => child.once("close", r));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no welcome after 150 s:\n${out}\n${err}`)),
        150_000,
      );
      child.stdout.on("data", (d) => {
        out += d;
        if (out.includes("Ctrl-C stops the demo")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("close", () => reject(new Error(`the demo exited:\n${out}\n${err}`)));
    });
    expect(out).toContain(`Sign in as    ${DEMO_USER.username} / ${DEMO_USER.password}`);
    expect(out).toMatch(/Start with case #\d+: phishing imitating Tsubasa Bank on VPS S-vps-0001/);
    const url = /Open +(http:\/\/\S+)\//.exec(out)?.[1];
    expect(url).toBeDefined();
    expect(new URL(url as string).port).not.toBe(String(takenPort));
    taken.close();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const dataDir = /Data +(\S+)/.exec(out)?.[1] as string;
    expect(dataDir.startsWith(tmp)).toBe(true);
    expect(existsSync(join(dataDir, "outbox"))).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  }, 200_000);
});
