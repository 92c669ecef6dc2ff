// Customer notices, reply tokens and reporter updates, through the running server: the
// customer's language, what a notice carries (and what consent and TLP keep out of it),
// preview and hand-made notices, a relay that refuses, per-customer rules, batching,
// the reply portal's 404s and throttle, and updates only to reporters who asked.
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smtpSend } from "./support/intake.ts";
import { freePort, until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { type SmtpSink, type SunkMail, startSmtpSink } from "./support/smtp-sink.ts";

// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields it asked for
type Json = any;

const PUBLIC = "https://abuse.hoster.example";
const FROM = "Hoster Abuse Desk <abuse@hoster.example>";
const PORTAL = /https:\/\/abuse\.hoster\.example\/portal\/([a-z2-7]{32})/;
const REPLY_TO = /abuse\+([a-z2-7]{32})@hoster\.example/;

let p: TestPlatform;
let sink: SmtpSink;
let analyst: string;
let viewer: string;

const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const mailsTo = (addr: string) => sink.mails.filter((m) => m.to.includes(addr));
const casesHeader = (m: SunkMail) => String(m.mail.headers.get("x-mogura-cases") ?? "");

/** Customers of the test inventory: one vps service on its own /24 per `net` entry. */
const CUSTOMERS = [
  {
    id: "C-EN",
    name: "Acme Hosting Ltd",
    email: "office@acme.example",
    abuse_email: "abuse@acme.example",
    language: "en",
    nets: 11,
  },
  { id: "C-JA", name: "Yamada Shoten", email: "info@yamada.example", nets: 2 },
  { id: "C-QUIET", name: "Quiet KK", email: "quiet@quiet.example", language: "en", nets: 2 },
  { id: "C-HAND", name: "Hand Made Inc", email: "hand@hand.example", language: "en", nets: 2 },
  { id: "C-CC", name: "Copy Corp", email: "owner@cc.example", language: "en", nets: 1 },
  { id: "C-BATCH", name: "Batch Ltd", email: "batch@batch.example", language: "en", nets: 2 },
] as const;
const CC_COPY = "security@cc-copy.example";

/** Address `host` in customer `c`'s `k`th /24 (from 1). */
const ipOf = (c: string, k: number, host = 10) =>
  `10.${60 + CUSTOMERS.findIndex((x) => x.id === c)}.${k}.${host}`;

function inventory() {
  const services: Json[] = [];
  const netblocks: Json[] = [];
  for (const c of CUSTOMERS) {
    for (let k = 1; k <= c.nets; k++) {
      const id = `S-${c.id}-${k}`;
      services.push({
        id,
        customer_id: c.id,
        type: "vps",
        team_id: "T-desk",
        valid_from: "2024-01-01",
      });
      netblocks.push({
        cidr: `${ipOf(c.id, k, 0)}/24`,
        service_id: id,
        valid_from: "2024-01-01",
      });
    }
  }
  return {
    teams: [{ id: "T-desk", name: "Abuse desk" }],
    customers: CUSTOMERS.map(({ nets: _, ...c }) => c),
    services,
    netblocks,
  };
}

function writePolicy(yaml: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "mogura-policy-")), "policy.yaml");
  writeFileSync(file, yaml);
  return file;
}

/** Submits a Mogura JSON report; waits until its events sit on cases. */
async function submit(
  platform: TestPlatform,
  report: Record<string, unknown>,
): Promise<{ id: string; tracking: string; cases: number[] }> {
  const r = await platform.api("POST", "/api/v1/reports", {
    body: { observed_at: new Date().toISOString(), ...report },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const cases = await until(
    async () => {
      const rows = await platform.store.query<{ case_id: string | null }>(
        "SELECT case_id FROM events WHERE report_id = $1",
        [r.body.id],
      );
      return rows.length > 0 && rows.every((x) => x.case_id)
        ? [...new Set(rows.map((x) => Number(x.case_id)))]
        : undefined;
    },
    30_000,
    `report ${r.body.id} routed`,
  );
  return { id: r.body.id, tracking: r.body.tracking_number, cases };
}

/** A phishing report about one address; returns its one case. */
async function phish(
  platform: TestPlatform,
  ip: string,
  extra: Record<string, unknown> = {},
  path = "/login/bank.php",
): Promise<{ id: string; tracking: string; caseId: number }> {
  const r = await submit(platform, {
    category: "phishing",
    resource: { url: `http://${ip}${path}`, ip },
    reporter: { name: "Test CERT", email: "cert@reporter.example", type: "csirt" },
    description: "Bank phishing page",
    ...extra,
  });
  expect(r.cases).toHaveLength(1);
  return { id: r.id, tracking: r.tracking, caseId: r.cases[0] as number };
}

async function getCase(platform: TestPlatform, id: number): Promise<Json> {
  const r = await platform.api("GET", `/api/v1/cases/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** Waits until every job `name` about `key = value` has completed (and at least one ran). */
function jobsDone(platform: TestPlatform, name: string, key: string, value: string) {
  return until(
    async () => {
      const rows = await platform.store.query<{ state: string }>(
        "SELECT state FROM pgboss.job WHERE name = $1 AND data->>$2 = $3",
        [name, key, value],
      );
      return rows.length > 0 && rows.every((r) => r.state === "completed");
    },
    30_000,
    `${name} jobs for ${value}`,
  );
}

/** The customer notice mail about exactly this case. */
function noticeFor(addr: string, caseId: number, ms = 30_000) {
  return until(
    () => mailsTo(addr).find((m) => casesHeader(m) === String(caseId)),
    ms,
    `notice for case ${caseId}`,
  );
}

function tokensOf(m: SunkMail): { portal: string; mail: string; replyTo: string } {
  const text = m.mail.text ?? "";
  const portal = PORTAL.exec(text)?.[1];
  const mail = REPLY_TO.exec(text)?.[1];
  expect(portal, text).toBeTruthy();
  expect(mail, text).toBeTruthy();
  return {
    portal: portal as string,
    mail: mail as string,
    replyTo: `abuse+${mail}@hoster.example`,
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
function jstEn(iso: string) {
  const d = new Date(new Date(iso).getTime() + 9 * 3_600_000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} JST`;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  const policyFile = writePolicy(
    [
      "notifications:",
      "  batch_interval_minutes: 0.05",
      "  customers:",
      "    C-QUIET: { notify: false }",
      "    C-HAND: { notify: false }",
      `    C-CC: { cc: [${CC_COPY}] }`,
      "",
    ].join("\n"),
  );
  p = await startTestPlatform({
    smtp: { port: await freePort() },
    mail: { relay: sink.url, from: FROM },
    cases: { policyFile },
    http: { publicUrl: PUBLIC },
  });
  const imported = await p.api("POST", "/api/v1/inventory/import", { body: inventory() });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  expect(imported.body.rejections).toEqual([]);
  analyst = (await p.api("POST", "/api/v1/apikeys", { body: { name: "ana", role: "analyst" } }))
    .body.key;
  viewer = (await p.api("POST", "/api/v1/apikeys", { body: { name: "vic", role: "viewer" } })).body
    .key;
});
afterAll(async () => {
  await p?.stop();
  await sink?.close();
});

describe("customer notices", () => {
  it("tells an English customer in English at its abuse address, with deadline, case, resource and how to reply", async () => {
    const ip = ipOf("C-EN", 1);
    const { caseId, tracking } = await phish(p, ip);
    const m = await noticeFor("abuse@acme.example", caseId);
    // abuse_email wins over email; the customer's own address gets nothing.
    expect(m.to).toEqual(["abuse@acme.example"]);
    expect(mailsTo("office@acme.example")).toHaveLength(0);
    const c = await getCase(p, caseId);
    expect(c).toMatchObject({ customer_id: "C-EN", service_id: "S-C-EN-1", type: "phishing" });

    const subject = m.mail.subject ?? "";
    expect(subject).toMatch(/^IMPORTANT: phishing site/);
    expect(subject).toContain(`[${tracking}]`);
    expect(subject).not.toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
    const text = m.mail.text ?? "";
    expect(text).not.toMatch(/[\u3040-\u30ff\u3400-\u9fff]/);
    expect(text).toContain("Dear Acme Hosting Ltd");
    expect(text).toContain(`Case number: ${caseId}`);
    expect(text).toContain(`Tracking number(s): ${tracking}`);
    expect(text).toContain(`Resource: ${c.resource}`);
    expect(text).toContain(ip);
    expect(text).toContain(`http://${ip}/login/bank.php`);
    // The deadlines are the case's SLA, in JST and UTC.
    expect(text).toContain(`${jstEn(c.sla.first_action_due)} / ${utc(c.sla.first_action_due)}`);
    expect(text).toContain(`${jstEn(c.sla.resolution_due)} / ${utc(c.sla.resolution_due)}`);
    expect(text).toContain("Remove the page"); // what to do
    const t = tokensOf(m);
    expect(text).toContain(`${PUBLIC}/portal/${t.portal}`);
    expect(text).toContain(t.replyTo);
    expect(t.portal).not.toBe(t.mail);
    // HTML in English with the same essentials.
    const html = String(m.mail.html);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`${PUBLIC}/portal/${t.portal}`);
    expect(html).toContain(t.replyTo);
    expect(html).toContain(utc(c.sla.first_action_due));

    // Tokens: 160 bits each, only their hash in the database.
    const rows = await p.store.query<{ token_hash: string; purpose: string; expires_at: Date }>(
      "SELECT token_hash, purpose, expires_at FROM reply_tokens WHERE $1 = ANY(case_ids) ORDER BY id",
      [caseId],
    );
    expect(rows.map((r) => r.purpose).sort()).toEqual(["mail", "portal"]);
    expect(rows.map((r) => r.token_hash).sort()).toEqual([sha256(t.mail), sha256(t.portal)].sort());
    const dump = JSON.stringify(
      await p.store.query("SELECT * FROM reply_tokens WHERE $1 = ANY(case_ids)", [caseId]),
    );
    expect(dump).not.toContain(t.portal);
    expect(dump).not.toContain(t.mail);
    // They expire after the policy's reply_token_days (30).
    for (const r of rows) {
      const days = (new Date(r.expires_at).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThan(30.1);
    }

    // Queued, then sent, on the timeline; and in the list of what went out.
    const notices = await until(async () => {
      const tl = (await getCase(p, caseId)).timeline.filter((e: Json) => e.kind === "notice");
      return tl.some((e: Json) => e.detail.result === "sent") ? tl : undefined;
    });
    expect(notices.map((e: Json) => e.detail.result)).toEqual(["queued", "sent"]);
    expect(notices[1].detail).toMatchObject({ attempt: 1, to: ["abuse@acme.example"] });
    const list = await p.api("GET", `/api/v1/cases/${caseId}/notices`, { key: viewer });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      kind: "customer_notice",
      to: ["abuse@acme.example"],
      subject,
      state: "sent",
      attempts: 1,
      last_error: null,
      created_by: "system",
    });
    // One urgent notice, not two.
    expect(
      mailsTo("abuse@acme.example").filter((x) => casesHeader(x) === `${caseId}`),
    ).toHaveLength(1);
  });

  it("tells a Japanese customer in Japanese, the subject RFC 2047-encoded", async () => {
    const { caseId, tracking } = await phish(p, ipOf("C-JA", 1));
    const m = await noticeFor("info@yamada.example", caseId);
    expect(m.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    // No raw 8-bit in any header.
    const head = m.raw.slice(0, m.raw.indexOf("\r\n\r\n"));
    expect([...head].every((ch) => ch.charCodeAt(0) < 128)).toBe(true);
    expect(m.mail.subject).toContain("【重要】");
    expect(m.mail.subject).toContain(`[${tracking}]`);
    expect(m.mail.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} \(JST\)/);
    expect(m.mail.html).toContain('lang="ja"');
  });

  it("shows no reporter identity and no attachment when the reporter did not consent", async () => {
    const secret = "SECRET-PHISHKIT-BODY-4711";
    const data = `<html><title>login</title><!-- ${secret} --></html>`;
    const { caseId, id: reportId } = await phish(p, ipOf("C-EN", 2), {
      reporter: {
        name: "Alice Reporter",
        org: "Reporter Org",
        email: "alice@reporter.example",
        type: "individual",
      },
      description: "Found by Alice Reporter of Reporter Org",
      consent_to_forward: false,
      tlp: "clear",
      evidence: [
        {
          kind: "content",
          media_type: "text/html",
          description: "page source",
          data_base64: Buffer.from(data).toString("base64"),
        },
      ],
    });
    const forbidden = [
      "Alice",
      "Reporter Org",
      "alice@reporter.example",
      sha256(data),
      secret,
      "from the reporter",
      "page source",
    ];
    const m = await noticeFor("abuse@acme.example", caseId);
    const all = `${m.mail.subject}\n${m.mail.text}\n${m.mail.html}\n${m.raw}`;
    for (const f of forbidden) expect(all, f).not.toContain(f);
    expect(m.mail.text).toContain("(The reporter did not allow any evidence to be forwarded.)");
    // Once the attachment is stored with the case it is still kept out (whatever the timing).
    await until(async () => {
      const rows = await p.store.query(
        "SELECT 1 FROM evidence_captures WHERE case_id = $1 AND report_id = $2 AND kind = 'attachment' AND status = 'done'",
        [caseId, reportId],
      );
      return rows.length > 0;
    });
    const pv = await p.api("POST", `/api/v1/cases/${caseId}/notices/preview`, { key: analyst });
    expect(pv.status, JSON.stringify(pv.body)).toBe(200);
    const shown = `${pv.body.subject}\n${pv.body.text}\n${pv.body.html}`;
    for (const f of forbidden) expect(shown, f).not.toContain(f);
    expect(pv.body.text).toContain("(The reporter did not allow any evidence to be forwarded.)");
  });

  it("shows a consented attachment's summary and hash, but not one marked TLP:RED", async () => {
    const data = "<html><title>consented page</title></html>";
    const evidence = [
      {
        kind: "content",
        media_type: "text/html",
        data_base64: Buffer.from(data).toString("base64"),
      },
    ];
    const ok = await phish(p, ipOf("C-EN", 3), {
      consent_to_forward: true,
      tlp: "green",
      evidence,
    });
    const red = await phish(p, ipOf("C-EN", 4), { consent_to_forward: true, tlp: "red", evidence });
    for (const r of [ok, red]) {
      await until(async () => {
        const rows = await p.store.query(
          "SELECT 1 FROM evidence_captures WHERE case_id = $1 AND report_id = $2 AND kind = 'attachment' AND status = 'done'",
          [r.caseId, r.id],
        );
        return rows.length > 0;
      });
    }
    const shown = await p.api("POST", `/api/v1/cases/${ok.caseId}/notices/preview`, {
      key: analyst,
    });
    expect(shown.status).toBe(200);
    expect(shown.body.text).toContain(sha256(data));
    expect(shown.body.text).toContain("[attachment] content from the reporter (text/html)");
    expect(shown.body.html).toContain(sha256(data));
    // The reporter's identity is never forwarded, consent or not.
    expect(shown.body.text).not.toContain("cert@reporter.example");
    const hidden = await p.api("POST", `/api/v1/cases/${red.caseId}/notices/preview`, {
      key: analyst,
    });
    expect(hidden.status).toBe(200);
    expect(`${hidden.body.text}${hidden.body.html}`).not.toContain(sha256(data));
    expect(hidden.body.text).toContain(
      "(The reporter did not allow any evidence to be forwarded.)",
    );
  });

  it("puts a consented attachment into the urgent notice that is actually sent", async () => {
    const data = "<html><title>sent with the report</title></html>";
    const r = await phish(p, ipOf("C-EN", 9), {
      consent_to_forward: true,
      tlp: "clear",
      evidence: [
        {
          kind: "screenshot",
          media_type: "text/html",
          data_base64: Buffer.from(data).toString("base64"),
        },
      ],
    });
    const m = await noticeFor("abuse@acme.example", r.caseId);
    expect(m.mail.text).toContain(sha256(data));
    expect(m.mail.text).toContain("[attachment] screenshot from the reporter (text/html)");
    expect(m.mail.text).not.toContain("(The reporter did not allow any evidence to be forwarded.)");
  });

  it("tells the customer again when a resolved case re-emerges", async () => {
    const ip = ipOf("C-EN", 10);
    const first = await phish(p, ip);
    await noticeFor("abuse@acme.example", first.caseId);
    const resolved = await p.api("POST", `/api/v1/cases/${first.caseId}/transition`, {
      key: analyst,
      body: { to: "resolved", reason: "page removed" },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    // The page is back: the same case opens again with fresh deadlines.
    const again = await phish(p, ip, {}, "/login/bank2.php");
    expect(again.caseId).toBe(first.caseId);
    const c = await getCase(p, first.caseId);
    expect(c).toMatchObject({ state: "new", reemerged: true });
    await jobsDone(p, "notify.plan", "reportId", again.id);
    const notices = await p.store.query<{ subject: string }>(
      "SELECT subject FROM outbox WHERE kind = 'customer_notice' AND $1 = ANY(case_ids) ORDER BY id",
      [first.caseId],
    );
    expect(notices).toHaveLength(2);
    expect(notices[1]?.subject).toContain(again.tracking);
  });

  it("keeps live reply tokens out of what staff read: only the mail on its way out has them", async () => {
    const { caseId } = await phish(p, ipOf("C-EN", 11));
    const m = await noticeFor("abuse@acme.example", caseId);
    const { portal, mail } = tokensOf(m);
    // The tokens work for the customer…
    expect((await fetch(`${p.url}/portal/${portal}`)).status).toBe(200);
    // …and appear nowhere a viewer, an analyst or a copy of the database would see them.
    for (const key of [viewer, analyst]) {
      const listed = await p.api("GET", `/api/v1/cases/${caseId}/notices`, { key });
      expect(listed.status).toBe(200);
      const notice = listed.body.items.find((n: { kind: string }) => n.kind === "customer_notice");
      expect(notice.text).toContain("/portal/{portal-token}");
      expect(notice.text).toContain("abuse+{reply-token}@hoster.example");
      expect(JSON.stringify(listed.body)).not.toContain(portal);
      expect(JSON.stringify(listed.body)).not.toContain(mail);
    }
    const rows = await p.store.query<{ subject: string; text_body: string; html_body: string }>(
      "SELECT subject, text_body, coalesce(html_body, '') AS html_body FROM outbox WHERE $1 = ANY(case_ids)",
      [caseId],
    );
    for (const r of rows) {
      for (const t of [portal, mail])
        expect(`${r.subject}${r.text_body}${r.html_body}`).not.toContain(t);
    }
  });

  it("previews a notice without queueing mail or making live tokens", async () => {
    const { caseId } = await phish(p, ipOf("C-EN", 5));
    await noticeFor("abuse@acme.example", caseId);
    await until(async () => {
      const [o] = await p.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox WHERE $1 = ANY(case_ids) AND state = 'sent'",
        [caseId],
      );
      return o?.n === 1;
    });
    const counts = async () =>
      (
        await p.store.query<{ outbox: number; tokens: number; tl: number }>(
          `SELECT (SELECT count(*)::int FROM outbox) AS outbox,
                  (SELECT count(*)::int FROM reply_tokens) AS tokens,
                  (SELECT count(*)::int FROM case_timeline WHERE case_id = $1) AS tl`,
          [caseId],
        )
      )[0];
    const before = await counts();
    const mailsBefore = sink.mails.length;
    const pv = await p.api("POST", `/api/v1/cases/${caseId}/notices/preview`, { key: analyst });
    expect(pv.status, JSON.stringify(pv.body)).toBe(200);
    expect(pv.body).toMatchObject({ to: ["abuse@acme.example"], cc: [], language: "en" });
    expect(pv.body.subject).toMatch(/^IMPORTANT: phishing site/);
    expect(pv.body.html).toContain('<html lang="en">');
    expect(await counts()).toEqual(before);
    expect(sink.mails.length).toBe(mailsBefore);
    // The preview shows where the tokens go, and holds none: its links lead nowhere.
    expect(pv.body.text).toContain("https://abuse.hoster.example/portal/{portal-token}");
    expect(pv.body.text).toContain("abuse+{reply-token}@hoster.example");
    expect(PORTAL.exec(pv.body.text)).toBeNull();
    expect(REPLY_TO.exec(pv.body.text)).toBeNull();
    expect((await fetch(`${p.url}/portal/{portal-token}`)).status).toBe(404);
    // Viewers may not preview.
    expect(
      (await p.api("POST", `/api/v1/cases/${caseId}/notices/preview`, { key: viewer })).status,
    ).toBe(403);
  });

  it("sends an analyst's edited notice exactly as edited, on the timeline", async () => {
    // C-HAND is set to `notify: false`: nothing goes out by itself.
    const r = await phish(p, ipOf("C-HAND", 1));
    await jobsDone(p, "notify.plan", "reportId", r.id);
    expect(mailsTo("hand@hand.example")).toHaveLength(0);
    const subject = "Your VPS: phishing page, please remove (edited)";
    const text = "Hello,\n\nplease remove the page at once.\nThis text was written by hand.\n";
    expect(
      (
        await p.api("POST", `/api/v1/cases/${r.caseId}/notices`, {
          key: viewer,
          body: { subject, text },
        })
      ).status,
    ).toBe(403);
    const sent = await p.api("POST", `/api/v1/cases/${r.caseId}/notices`, {
      key: analyst,
      body: { subject, text },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    const m = await noticeFor("hand@hand.example", r.caseId);
    expect(m.mail.subject).toBe(subject);
    expect((m.mail.text ?? "").replace(/\r\n/g, "\n").trimEnd()).toBe(text.trimEnd());
    expect(m.mail.html).toBeFalsy(); // the rendered HTML does not contradict the edit
    const notices = await until(async () => {
      const tl = (await getCase(p, r.caseId)).timeline.filter((e: Json) => e.kind === "notice");
      return tl.some((e: Json) => e.detail.result === "sent") ? tl : undefined;
    });
    expect(notices[0].detail).toMatchObject({
      outbox_id: sent.body.outbox_id,
      result: "queued",
      subject,
    });
    expect(notices[0].actor).not.toBe("system");
    const list = (await p.api("GET", `/api/v1/cases/${r.caseId}/notices`)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: sent.body.outbox_id, subject, state: "sent" });
    expect(list[0].text.trimEnd()).toBe(text.trimEnd());
    expect(list[0].created_by).not.toBe("system");
    expect(mailsTo("hand@hand.example")).toHaveLength(1);
  });

  it("sends the rendered notice by hand when nothing is edited (empty object or no body)", async () => {
    const r = await phish(p, ipOf("C-HAND", 2));
    await jobsDone(p, "notify.plan", "reportId", r.id);
    const first = await p.api("POST", `/api/v1/cases/${r.caseId}/notices`, {
      key: analyst,
      body: {},
    });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const m = await noticeFor("hand@hand.example", r.caseId);
    expect(m.mail.subject).toMatch(/^IMPORTANT: phishing site/);
    expect(m.mail.subject).toContain(r.tracking);
    expect(m.mail.text).toMatch(PORTAL);
    expect(String(m.mail.html)).toContain('lang="en"');
    // "Send it as rendered" without a request body at all is the same request.
    const bare = await p.api("POST", `/api/v1/cases/${r.caseId}/notices`, { key: analyst });
    expect(bare.status, JSON.stringify(bare.body)).toBe(202);
  });

  it("refuses to preview or send a notice for a case that is not ours (409)", async () => {
    const r = await submit(p, {
      category: "spam",
      resource: { ip: "203.0.113.77" },
      reporter: { email: "cert@reporter.example" },
    });
    const caseId = r.cases[0] as number;
    const c = await getCase(p, caseId);
    expect(c.ownership).toBe("not_ours");
    const outboxBefore = await p.store.query("SELECT id FROM outbox");
    const send = await p.api("POST", `/api/v1/cases/${caseId}/notices`, {
      key: analyst,
      body: { subject: "x", text: "y", to: ["someone@elsewhere.example"] },
    });
    expect(send.status, JSON.stringify(send.body)).toBe(409);
    const pv = await p.api("POST", `/api/v1/cases/${caseId}/notices/preview`, { key: analyst });
    expect(pv.status).toBe(409);
    expect(await p.store.query("SELECT id FROM outbox")).toEqual(outboxBefore);
    const none = await p.api("POST", "/api/v1/cases/999999/notices", { key: analyst, body: {} });
    expect(none.status).toBe(404);
  });

  it("keeps quiet for a customer whose rule is notify: false", async () => {
    const urgent = await phish(p, ipOf("C-QUIET", 1));
    const later = await submit(p, {
      category: "spam",
      resource: { ip: ipOf("C-QUIET", 2) },
      reporter: { email: "cert@reporter.example" },
    });
    await jobsDone(p, "notify.plan", "reportId", urgent.id);
    await jobsDone(p, "notify.plan", "reportId", later.id);
    const [o] = await p.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE customer_id = 'C-QUIET'",
    );
    expect(o?.n).toBe(0);
    const batches = await p.store.query(
      "SELECT 1 FROM pgboss.job WHERE name = 'notify.batch' AND data->>'customerId' = 'C-QUIET'",
    );
    expect(batches).toHaveLength(0);
    const cases = await p.store.query<{ notified_at: Date | null }>(
      "SELECT notified_at FROM cases WHERE customer_id = 'C-QUIET'",
    );
    expect(cases).toHaveLength(2);
    expect(cases.every((c) => c.notified_at === null)).toBe(true);
    expect(mailsTo("quiet@quiet.example")).toHaveLength(0);
  });

  it("copies the notice to the customer rule's cc", async () => {
    const { caseId } = await phish(p, ipOf("C-CC", 1));
    const m = await noticeFor("owner@cc.example", caseId);
    expect(m.to.sort()).toEqual([CC_COPY, "owner@cc.example"].sort());
    expect(m.raw).toMatch(new RegExp(`^Cc: .*${CC_COPY.replace(/\./g, "\\.")}`, "im"));
    expect(m.raw).toMatch(/^To: .*owner@cc\.example/im);
  });

  it("batches a customer's non-urgent cases into one mail", async () => {
    const [spam, scan] = await Promise.all([
      submit(p, {
        category: "spam",
        resource: { ip: ipOf("C-BATCH", 1) },
        reporter: { email: "cert@reporter.example" },
      }),
      submit(p, {
        category: "scanner",
        resource: { ip: ipOf("C-BATCH", 2) },
        reporter: { email: "cert@reporter.example" },
      }),
    ]);
    const ids = [...spam.cases, ...scan.cases];
    expect(new Set(ids).size).toBe(2);
    const m = await until(() => mailsTo("batch@batch.example")[0], 30_000, "the batch");
    expect(m.mail.headers.get("x-mogura-batch")).toBe("yes");
    expect(
      casesHeader(m)
        .split(",")
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([...ids].sort((a, b) => a - b));
    expect(m.mail.subject).toMatch(/^Action required: 2 abuse report\(s\)/);
    expect(m.mail.subject).toContain(spam.tracking);
    expect(m.mail.subject).toContain(scan.tracking);
    const text = m.mail.text ?? "";
    for (const id of ids) expect(text).toContain(`${id}`);
    expect(text).toContain(ipOf("C-BATCH", 1));
    expect(text).toContain(ipOf("C-BATCH", 2));
    expect(text).toMatch(PORTAL);
    expect(String(m.mail.html)).toContain('lang="en"');
    // Both batch jobs ran; still the one mail.
    await jobsDone(p, "notify.batch", "customerId", "C-BATCH");
    expect(mailsTo("batch@batch.example")).toHaveLength(1);
    const [o] = await p.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outbox WHERE customer_id = 'C-BATCH'",
    );
    expect(o?.n).toBe(1);
  });
});

describe("replies and the portal", () => {
  it("takes an English customer's answer in the portal and by mail; a mail token is no portal key", async () => {
    const { caseId } = await phish(p, ipOf("C-EN", 6));
    const m = await noticeFor("abuse@acme.example", caseId);
    const t = tokensOf(m);
    const page = await fetch(`${p.url}/portal/${t.portal}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('lang="en"');
    expect(html).toContain("Reply form");
    // The reply-address token does not open the portal.
    expect((await fetch(`${p.url}/portal/${t.mail}`)).status).toBe(404);
    const posted = await fetch(`${p.url}/portal/${t.portal}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ message: "Page removed.", fixed: "yes" }).toString(),
    });
    expect(posted.status).toBe(200);
    const answer = [
      "From: Acme Abuse <abuse@acme.example>",
      `To: ${t.replyTo}`,
      "Subject: Re: phishing",
      "",
      "We also changed the passwords.",
      "",
    ].join("\r\n");
    const info = await smtpSend(p.smtpPort as number, answer, "abuse@acme.example", t.replyTo);
    expect(info.response).toContain(`Reply received for case ${caseId}`);
    const c = await getCase(p, caseId);
    expect(c.state).toBe("action_taken");
    const replies = c.timeline.filter((e: Json) => e.kind === "reply");
    expect(replies.map((r: Json) => r.detail.channel)).toEqual(["portal", "mail"]);
    expect(replies[1].detail.excerpt).toContain("We also changed the passwords.");
    const [reports] = await p.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM reports WHERE meta->>'envelope_from' = 'abuse@acme.example'",
    );
    expect(reports?.n).toBe(0);
  });

  it("answers 404 for an expired token, and treats mail to an expired address as a report", async () => {
    const { caseId } = await phish(p, ipOf("C-EN", 7));
    const t = tokensOf(await noticeFor("abuse@acme.example", caseId));
    expect((await fetch(`${p.url}/portal/${t.portal}`)).status).toBe(200);
    await p.store.query(
      "UPDATE reply_tokens SET expires_at = now() - interval '1 minute' WHERE token_hash = ANY($1::text[])",
      [[sha256(t.portal), sha256(t.mail)]],
    );
    const get = await fetch(`${p.url}/portal/${t.portal}`);
    expect(get.status).toBe(404);
    expect(await get.text()).not.toContain("Acme");
    const post = await fetch(`${p.url}/portal/${t.portal}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "message=late&fixed=yes",
    });
    expect(post.status).toBe(404);
    expect((await getCase(p, caseId)).state).toBe("new");
    const info = await smtpSend(
      p.smtpPort as number,
      `From: abuse@acme.example\r\nTo: ${t.replyTo}\r\nSubject: Re: late\r\n\r\nlate answer\r\n`,
      "abuse@acme.example",
      t.replyTo,
    );
    expect(info.response).toContain("Queued as");
  });

  it("revokes a case's tokens when it is closed", async () => {
    const { caseId } = await phish(p, ipOf("C-EN", 8));
    const t = tokensOf(await noticeFor("abuse@acme.example", caseId));
    expect((await fetch(`${p.url}/portal/${t.portal}`)).status).toBe(200);
    for (const to of ["resolved", "closed"]) {
      const r = await p.api("POST", `/api/v1/cases/${caseId}/transition`, {
        key: analyst,
        body: { to, reason: `to ${to}` },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    expect((await fetch(`${p.url}/portal/${t.portal}`)).status).toBe(404);
    const rows = await p.store.query<{ revoked_at: Date | null }>(
      "SELECT revoked_at FROM reply_tokens WHERE $1 = ANY(case_ids)",
      [caseId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
  });

  it("treats mail to a made-up reply address as a normal report", async () => {
    const fake = `abuse+${"abcdefghijklmnopqrstuvwxyz234567"}@hoster.example`;
    const raw = [
      "From: Bob <bob@elsewhere.example>",
      `To: ${fake}`,
      "Subject: Phishing at http://203.0.113.9/login",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "There is a phishing page at http://203.0.113.9/login",
      "",
    ].join("\r\n");
    const info = await smtpSend(p.smtpPort as number, raw, "bob@elsewhere.example", fake);
    expect(info.response).toMatch(/Queued as \S+/);
    expect(info.response).not.toContain("Reply received");
    const tracking = /Queued as (\S+)/.exec(info.response)?.[1];
    const rows = await p.store.query<{ id: string }>(
      "SELECT id FROM reports WHERE tracking_number = $1",
      [tracking],
    );
    expect(rows).toHaveLength(1);
    const [replies] = await p.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM case_replies WHERE sender = 'bob@elsewhere.example'",
    );
    expect(replies?.n).toBe(0);
  });
});

describe("reporter updates", () => {
  it("tells the API reporter who asked, on rejection, and nothing of the customer; the other one hears nothing", async () => {
    const ip = ipOf("C-JA", 2);
    const asked = await phish(p, ip, {
      reporter: { name: "Asking CERT", email: "asker@cert-a.example", type: "csirt" },
      description: "Phishing page, please keep us posted",
      request_updates: true,
    });
    // Another page on the same VPS: the same case.
    const silent = await phish(
      p,
      ip,
      {
        reporter: { name: "Silent CERT", email: "silent@cert-b.example", type: "csirt" },
        description: "Phishing page",
      },
      "/other/page.php",
    );
    expect(silent.caseId).toBe(asked.caseId);
    const caseId = asked.caseId;
    const t = tokensOf(await noticeFor("info@yamada.example", caseId));
    const r = await p.api("POST", `/api/v1/cases/${caseId}/transition`, {
      key: analyst,
      body: { to: "rejected", reason: "false positive" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const u = await until(
      () => mailsTo("asker@cert-a.example")[0],
      30_000,
      "the update to the reporter who asked",
    );
    expect(u.mail.subject).toContain(`[${asked.tracking}]`);
    expect(u.mail.subject).toContain("No action taken");
    expect(u.mail.headers.get("x-mogura-tracking")).toBe(asked.tracking);
    const all = `${u.raw}\n${u.mail.subject}\n${u.mail.text}\n${u.mail.html}`;
    for (const secret of [
      "C-JA",
      "Yamada",
      "yamada",
      "info@yamada.example",
      "S-C-JA-2",
      t.portal,
      t.mail,
    ])
      expect(all, secret).not.toContain(secret);
    await jobsDone(p, "notify.reporters", "caseId", String(caseId));
    const updates = await p.store.query<{ to_addrs: string[] }>(
      "SELECT to_addrs FROM outbox WHERE kind = 'reporter_update' AND $1 = ANY(case_ids)",
      [caseId],
    );
    expect(updates.map((x) => x.to_addrs)).toEqual([["asker@cert-a.example"]]);
    expect(mailsTo("silent@cert-b.example")).toHaveLength(0);
    // Rejecting the case also ends its reply links.
    expect((await fetch(`${p.url}/portal/${t.portal}`)).status).toBe(404);
  });
});

describe("when the relay refuses, and the portal's throttle", () => {
  let q: TestPlatform;
  beforeAll(async () => {
    q = await startTestPlatform({
      mail: { relay: `smtp://127.0.0.1:${await freePort()}`, from: FROM },
      http: { publicUrl: PUBLIC },
    });
    const inv = await q.api("POST", "/api/v1/inventory/import", {
      body: {
        teams: [{ id: "T-desk", name: "Abuse desk" }],
        customers: [{ id: "C-R", name: "Refused Ltd", email: "r@refused.example", language: "en" }],
        services: [
          {
            id: "S-R",
            customer_id: "C-R",
            type: "vps",
            team_id: "T-desk",
            valid_from: "2024-01-01",
          },
        ],
        netblocks: [{ cidr: "10.99.1.0/24", service_id: "S-R", valid_from: "2024-01-01" }],
      },
    });
    expect(inv.body.rejections).toEqual([]);
  });
  afterAll(() => q?.stop());

  it("keeps the notice queued with its error and a later retry, and says so on the timeline", async () => {
    const { caseId } = await phish(q, "10.99.1.10");
    const row = await until(
      async () => {
        const [o] = await q.store.query<Json>(
          `SELECT state, attempts, last_error, next_attempt_at > now() + interval '30 seconds' AS later
             FROM outbox WHERE $1 = ANY(case_ids)`,
          [caseId],
        );
        return o?.last_error ? o : undefined;
      },
      30_000,
      "a failed attempt",
    );
    expect(row).toMatchObject({ state: "queued", attempts: 1, later: true });
    expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
    const tl = (await getCase(q, caseId)).timeline.filter((e: Json) => e.kind === "notice");
    expect(tl.map((e: Json) => e.detail.result)).toEqual(["queued", "retry"]);
    expect(tl[1].detail).toMatchObject({ attempt: 1, to: ["r@refused.example"] });
    expect(tl[1].detail.error).toBeTruthy();
    const list = (await q.api("GET", `/api/v1/cases/${caseId}/notices`)).body.items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: "queued", attempts: 1, sent_at: null });
    expect(list[0].last_error).toBeTruthy();
  });

  it("throttles guessing in the portal: a bad token is 404, then 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const r = await fetch(
        `${q.url}/portal/${"b".repeat(31)}${"234567abcdefghijklmnopqrstuvwxyz"[i]}`,
      );
      await r.arrayBuffer();
      statuses.push(r.status);
    }
    expect(statuses[0]).toBe(404);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 404 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 404)).toHaveLength(30);
  });
});
