// Watching what was reported, on sites this test serves on 127.0.0.1: a phishing page is seen
// up, falls (two checks in a row), its takedown request follows, the same kit comes back on
// a new domain and is linked to the first case, and the first domain comes back too.
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runMogura } from "./support/cli.ts";
import { startDnsServer, type TestDnsServer } from "./support/dns-server.ts";
import { submitRouted } from "./support/intake.ts";
import { freePort, until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import {
  cannedDomain,
  startRdapServer,
  type TestRdapServer,
  writeBootstrapFor,
} from "./support/rdap-server.ts";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink.ts";

const kit = (
  token: string,
) => `<!doctype html><html><head><title>Example Bank - Sign in</title></head>
<body><h1>Example Bank online banking</h1>
<p>For your security, please confirm your account details to continue using online banking.</p>
<p>Your account will be suspended within 24 hours if you do not confirm your identity.</p>
<form method="post" action="post.php?s=${token}"><input name="user"><input name="pass" type="password">
<input name="card"><input name="exp"><input name="cvv"><button>Confirm</button></form></body></html>`;

// Which hosts serve the kit right now; others answer 404.
const serving = new Set<string>();
let site: Server;
let port: number;
let dns: TestDnsServer;
let rdap: TestRdapServer;
let sink: SmtpSink;
let p: TestPlatform;

const url = (host: string) => `http://${host}:${port}/secure/login.php`;

async function tick(): Promise<void> {
  // Due now, whatever the schedule says: the test does not wait for the backoff.
  await p.store.query("UPDATE watched_resources SET next_check_at = now(), lease_until = NULL");
  const before = await p.store.query<{ n: number }>(
    "SELECT coalesce(sum(checks), 0)::int AS n FROM watched_resources",
  );
  await p.jobs.send("watch.tick", {});
  await until(
    async () => {
      const [r] = await p.store.query<{ n: number; due: number }>(
        "SELECT coalesce(sum(checks), 0)::int AS n, count(*) FILTER (WHERE next_check_at <= now())::int AS due FROM watched_resources",
      );
      return r && r.n > (before[0]?.n ?? 0) && r.due === 0;
    },
    30_000,
    "a watch tick",
  );
}

async function caseOf(host: string): Promise<number> {
  const r = await p.api("GET", "/api/v1/cases?ownership=not_ours&limit=100");
  const c = r.body.items.find((x: { resource: string }) =>
    x.resource.includes(host.split(".").slice(-2).join(".")),
  );
  if (!c) throw new Error(`no case for ${host}`);
  return c.id;
}

beforeAll(async () => {
  port = await freePort();
  site = createServer((req, res) => {
    const host = (req.headers.host ?? "").split(":")[0] ?? "";
    if (!serving.has(host))
      return void res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not Found</h1>");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(kit(Math.random().toString(36).slice(2)));
  });
  await new Promise<void>((r) => site.listen(port, "127.0.0.1", r));
  dns = await startDnsServer({
    "login.bank-a.example": { A: ["127.0.0.1"] },
    "login.bank-b.example": { A: ["127.0.0.1"] },
  });
  rdap = await startRdapServer({
    domains: {
      "bank-a.example": { json: cannedDomain("bank-a.example") },
      "bank-b.example": { json: cannedDomain("bank-b.example") },
    },
    networks: {
      "127.0.0.0/8": {
        json: {
          objectClassName: "ip network",
          handle: "LOOP-NET",
          startAddress: "127.0.0.0",
          endAddress: "127.255.255.255",
          entities: [
            {
              objectClassName: "entity",
              roles: ["abuse"],
              vcardArray: [
                "vcard",
                [
                  ["version", {}, "text", "4.0"],
                  ["email", {}, "text", "abuse@loop-hosting.example"],
                ],
              ],
            },
          ],
        },
      },
    },
  });
  sink = await startSmtpSink();
  p = await startTestPlatform({
    mail: { relay: sink.url, from: "Hoster Abuse Desk <abuse@hoster.example>" },
    resolve: { dnsServers: [dns.address], dnsTimeoutMs: 1000 },
    evidence: {
      allowPrivateTargets: true,
      ports: [port],
      rdapBootstrap: writeBootstrapFor(
        join(mkdtempSync(join(tmpdir(), "mogura-watch-")), "b.json"),
        rdap.baseUrl,
      ),
    },
    watch: { intervalSeconds: 10 },
  });
});

afterAll(async () => {
  await p?.stop();
  await Promise.all([
    dns?.close(),
    rdap?.close(),
    sink?.close(),
    new Promise((r) => site?.close(r)),
  ]);
});

describe("watching a reported phishing site", () => {
  let first: number;

  it("watches the URL of a new not-ours case and sees it up", async () => {
    serving.add("login.bank-a.example");
    await submitRouted(p, {
      category: "phishing",
      resource: { url: url("login.bank-a.example") },
      observed_at: new Date().toISOString(),
    });
    first = await caseOf("login.bank-a.example");
    await until(
      async () => (await p.api("GET", `/api/v1/cases/${first}/watch`)).body.watches.length === 1,
      30_000,
      "the watch planned",
    );
    await tick();
    const [w] = (await p.api("GET", `/api/v1/cases/${first}/watch`)).body.watches;
    expect(w).toMatchObject({
      url: url("login.bank-a.example"),
      state: "up",
      last_status: 200,
      last_addresses: ["127.0.0.1"],
    });
    expect(w.first_up_at).not.toBeNull();
  });

  it("calls it down only after two checks in a row, and the takedown request follows", async () => {
    const drafted = await p.api("POST", `/api/v1/cases/${first}/takedown-requests`, {
      body: { roles: ["host"] },
    });
    expect(drafted.body.requests).toHaveLength(1);
    const request = drafted.body.requests[0].id;
    await p.api("POST", `/api/v1/takedown-requests/${request}/send`);

    serving.delete("login.bank-a.example");
    await tick();
    let [w] = (await p.api("GET", `/api/v1/cases/${first}/watch`)).body.watches;
    expect(w).toMatchObject({
      state: "down_unconfirmed",
      last_status: 404,
      down_confirmed_at: null,
    });
    expect((await p.api("GET", `/api/v1/takedown-requests/${request}`)).body.state).toBe("sent");
    await tick();
    [w] = (await p.api("GET", `/api/v1/cases/${first}/watch`)).body.watches;
    expect(w.state).toBe("down");
    expect(w.down_confirmed_at).not.toBeNull();
    // Down is checked less and less often.
    expect(w.interval_seconds).toBe(20);
    const r = (await p.api("GET", `/api/v1/takedown-requests/${request}`)).body;
    expect(r.state).toBe("resource_down");
    expect(r.down_at).not.toBeNull();
    const timeline = (await p.api("GET", `/api/v1/cases/${first}`)).body.timeline;
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: "watch",
        detail: expect.objectContaining({ step: "down", reason: "the server answered 404" }),
      }),
    );
  });

  it("links the same kit on a new domain to the first case within one check", async () => {
    serving.add("login.bank-b.example");
    await submitRouted(p, {
      category: "phishing",
      resource: { url: url("login.bank-b.example") },
      observed_at: new Date().toISOString(),
    });
    const second = await caseOf("login.bank-b.example");
    expect(second).not.toBe(first);
    await until(
      async () => (await p.api("GET", `/api/v1/cases/${second}/watch`)).body.watches.length === 1,
      30_000,
      "the second watch",
    );
    await tick();
    const c = (await p.api("GET", `/api/v1/cases/${second}`)).body;
    expect(c.reemerged).toBe(true);
    const link = c.timeline.find((t: { kind: string }) => t.kind === "reemerged");
    expect(link.detail).toMatchObject({
      original_case_id: first,
      original_url: url("login.bank-a.example"),
      url: url("login.bank-b.example"),
    });
    expect(["similar_content", "same_kit_path"]).toContain(link.detail.reason);
    const original = (await p.api("GET", `/api/v1/cases/${first}`)).body;
    expect(original.timeline).toContainEqual(
      expect.objectContaining({
        kind: "reemerged",
        detail: expect.objectContaining({ seen_again_on_case_id: second }),
      }),
    );
    // The queue finds it.
    const q = await p.api("GET", "/api/v1/cases?reemerged=true");
    expect(q.body.items.map((x: { id: number }) => x.id)).toContain(second);
  });

  it("counts the takedown: time to the request, uptime after the report, per recipient", async () => {
    const s = (await p.api("GET", "/api/v1/stats/takedown")).body;
    expect(s.overall).toMatchObject({ cases: 1, still_up: 0 });
    expect(s.overall.time_to_first_request.count).toBe(1);
    expect(s.overall.uptime_after_report.count).toBe(1);
    // Minutes in this test, and never negative.
    expect(s.overall.uptime_after_report.median_hours).toBeGreaterThanOrEqual(0);
    expect(s.overall.uptime_after_report.median_hours).toBeLessThan(1);
    // Nothing in the test is 24 hours old: the shares are not known yet, not 0.
    expect(s.overall.share_down_24h).toBeNull();
    expect(s.by_recipient).toEqual([
      expect.objectContaining({
        recipient: "abuse@loop-hosting.example",
        role: "host",
        requests: 1,
        down: 1,
        acknowledged: 0,
      }),
    ]);
    const cli = await runMogura(p, ["stats", "takedown"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain("Cases with a request sent: 1 (still up: 0)");
    expect(cli.stdout).toMatch(/abuse@loop-hosting\.example\s+host\s+1/);
  });

  it("says so when the first domain comes back", async () => {
    serving.add("login.bank-a.example");
    await tick();
    const [w] = (await p.api("GET", `/api/v1/cases/${first}/watch`)).body.watches;
    expect(w.state).toBe("up");
    const timeline = (await p.api("GET", `/api/v1/cases/${first}`)).body.timeline;
    expect(timeline).toContainEqual(
      expect.objectContaining({
        kind: "reemerged",
        detail: expect.objectContaining({ reason: "back_up" }),
      }),
    );
  });
});
