// The notifications issue's "done when": the sample inventory and reports, a local SMTP sink
// as relay; C1003 gets one urgent Japanese phishing notice and one batched notice; answers
// through the portal and by mail land on the cases; the Japanese reporter hears back.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readInventoryDir } from "../src/inventory/csv-files.ts";
import { smtpSend } from "./support/intake.ts";
import { freePort, until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";
import { type SmtpSink, startSmtpSink } from "./support/smtp-sink.ts";

const SAMPLES = join(import.meta.dirname, "fixtures", "samples");
const sample = (f: string) => readFileSync(join(SAMPLES, f));
let p: TestPlatform;
let sink: SmtpSink;

const to = (addr: string) => sink.mails.filter((m) => m.to.includes(addr));
const CUSTOMER = "taro.suzuki@freemail.example";

/** Waits until a report's events all sit on cases; returns the case ids. */
async function routed(reportId: string): Promise<number[]> {
  return until(async () => {
    const rows = await p.store.query<{ case_id: string | null }>(
      "SELECT case_id FROM events WHERE report_id = $1",
      [reportId],
    );
    return rows.length > 0 && rows.every((r) => r.case_id)
      ? [...new Set(rows.map((r) => Number(r.case_id)))]
      : undefined;
  });
}

async function reportIdOf(tracking: string): Promise<string> {
  return until(async () => {
    const [r] = await p.store.query<{ id: string }>(
      "SELECT id FROM reports WHERE tracking_number = $1",
      [tracking],
    );
    return r?.id;
  });
}

beforeAll(async () => {
  sink = await startSmtpSink();
  // Batches wait six seconds here (an hour by default): the spam and the scan land in one.
  const policy = join(mkdtempSync(join(tmpdir(), "mogura-policy-")), "policy.yaml");
  writeFileSync(policy, "notifications:\n  batch_interval_minutes: 0.1\n");
  p = await startTestPlatform({
    smtp: { port: await freePort() },
    mail: { relay: sink.url, from: "Hoster Abuse Desk <abuse@hoster.example>" },
    cases: { policyFile: policy },
    http: { publicUrl: "https://abuse.hoster.example" },
  });
  const { batch } = readInventoryDir(join(SAMPLES, "inventory"));
  expect(
    (await p.api("POST", "/api/v1/inventory/import", { body: batch })).body.rejections,
  ).toEqual([]);
});
afterAll(async () => {
  await p?.stop();
  await sink?.close();
});

describe("customer notices and replies, reporters kept informed", () => {
  let phishCase: number;
  let notice: (typeof sink.mails)[number];

  it("sends C1003 one urgent Japanese phishing notice for S-vps-80 with the deadline and portal link", async () => {
    // The Japanese reporter mails the abuse desk: an acknowledgement comes back.
    const reporter = "yamada.hanako@user.example";
    const mail = sample("mail/plain-phishing.eml");
    const info = await smtpSend(p.smtpPort as number, mail, reporter, "abuse@hoster.example");
    const tracking = /Queued as (\S+)/.exec(info.response)?.[1] as string;
    const ack = await until(() => to(reporter).find((m) => m.mail.subject?.includes(tracking)));
    expect(ack.mail.text).toContain(tracking);
    [phishCase] = (await routed(await reportIdOf(tracking))) as [number];
    // The XARF report about the same phishing joins the case: still one notice.
    const xarf = await p.api("POST", "/api/v1/reports", {
      raw: new Blob([sample("mail/xarf-v4-phishing.eml")]),
      headers: { "content-type": "message/rfc822" },
    });
    expect(await routed(xarf.body.id)).toContain(phishCase);
    notice = await until(() => to(CUSTOMER).find((m) => m.mail.subject?.includes("【重要】")));
    const c = (await p.api("GET", `/api/v1/cases/${phishCase}`)).body;
    expect(c).toMatchObject({ service_id: "S-vps-80", customer_id: "C1003" });
    expect(notice.mail.subject).toContain(tracking);
    const text = notice.mail.text ?? "";
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} \(JST\)/);
    expect(text).toContain("https://abuse.hoster.example/portal/");
    expect(text).toMatch(/abuse\+[a-z2-7]{32}@hoster\.example/);
    // The Japanese subject is encoded for transport (RFC 2047), not sent as raw 8-bit.
    expect(notice.raw).toMatch(/^Subject: =\?UTF-8\?/im);
    // The reporter did not say the customer may see who they are.
    expect(text).not.toContain(reporter);
    expect(notice.mail.html).toContain('lang="ja"');
    // Sending it is on the case's timeline.
    const sent = await until(async () => {
      const tl = (await p.api("GET", `/api/v1/cases/${phishCase}`)).body.timeline;
      return tl.find(
        (t: { kind: string; detail: { result?: string } }) =>
          t.kind === "notice" && t.detail.result === "sent",
      );
    });
    expect(sent.detail.to).toEqual([CUSTOMER]);
    expect(to(CUSTOMER).filter((m) => m.mail.subject?.includes("【重要】"))).toHaveLength(1);
  });

  it("sends one batched notice for the spam and scan cases on S-vps-23", async () => {
    const arf = await p.api("POST", "/api/v1/reports", {
      raw: new Blob([sample("mail/arf-spam.eml")]),
      headers: { "content-type": "message/rfc822" },
    });
    const scan = await p.api("POST", "/api/v1/reports?filename=scan_memcached.csv", {
      raw: new Blob([sample("feeds/shadowserver-scan.csv")]),
      headers: { "content-type": "text/csv" },
    });
    const cases = [...(await routed(arf.body.id)), ...(await routed(scan.body.id))];
    const vps23 = [];
    for (const id of new Set(cases)) {
      const c = (await p.api("GET", `/api/v1/cases/${id}`)).body;
      if (c.service_id === "S-vps-23") vps23.push(c);
    }
    expect(vps23.length).toBeGreaterThanOrEqual(2);
    const batch = await until(
      () => to(CUSTOMER).find((m) => !m.mail.subject?.includes("【重要】")),
      30_000,
      "the batched notice",
    );
    for (const c of vps23) expect(batch.mail.text).toContain(`${c.id}`);
    expect(batch.mail.text).toContain("198.51.100.23");
    // One mail for both, and none more.
    await until(async () => {
      const [n] = await p.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM cases WHERE service_id = 'S-vps-23' AND notified_at IS NULL",
      );
      return n?.n === 0;
    });
    expect(to(CUSTOMER).filter((m) => !m.mail.subject?.includes("【重要】"))).toHaveLength(1);
  });

  it("takes the customer's answer through the portal and by mail, onto the case", async () => {
    const portal = /https:\/\/abuse\.hoster\.example(\/portal\/[a-z2-7]{32})/.exec(
      notice.mail.text ?? "",
    )?.[1];
    const page = await fetch(`${p.url}${portal}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("【重要】");
    const posted = await fetch(`${p.url}${portal}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ message: "ページを削除しました。", fixed: "yes" }).toString(),
    });
    expect(posted.status).toBe(200);
    const replyTo = /(abuse\+[a-z2-7]{32}@hoster\.example)/.exec(
      notice.mail.text ?? "",
    )?.[1] as string;
    const answer = [
      "From: Taro Suzuki <taro.suzuki@freemail.example>",
      `To: ${replyTo}`,
      "Subject: Re: phishing",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "パスワードも変更しました。",
      "",
    ].join("\r\n");
    const info = await smtpSend(p.smtpPort as number, answer, CUSTOMER, replyTo);
    expect(info.response).toContain(`Reply received for case ${phishCase}`);
    const c = (await p.api("GET", `/api/v1/cases/${phishCase}`)).body;
    const replies = c.timeline.filter((t: { kind: string }) => t.kind === "reply");
    expect(replies.map((r: { detail: { channel: string } }) => r.detail.channel)).toEqual([
      "portal",
      "mail",
    ]);
    expect(replies[0].detail).toMatchObject({ fixed: true, excerpt: "ページを削除しました。" });
    expect(replies[1].detail.excerpt).toContain("パスワードも変更しました。");
    // "Fixed" moves the case on for an analyst to confirm; the mail was no new abuse report.
    expect(c.state).toBe("action_taken");
    const [reports] = await p.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM reports WHERE meta->>'envelope_from' = $1",
      [CUSTOMER],
    );
    expect(reports?.n).toBe(0);
    // A made-up or another case's token: a plain 404.
    expect((await fetch(`${p.url}/portal/${"a".repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${p.url}/portal/not-a-token`)).status).toBe(404);
  });

  it("tells the Japanese reporter when the case is resolved, without the customer's identity", async () => {
    const r = await p.api("POST", `/api/v1/cases/${phishCase}/transition`, {
      body: { to: "resolved", reason: "page removed, confirmed" },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const update = await until(() =>
      to("yamada.hanako@user.example").find(
        (m) => m.raw.includes("X-Mogura-Tracking") && !m.mail.subject?.includes("受付"),
      ),
    );
    const text = `${update.mail.subject}\n${update.mail.text}`;
    expect(text).toMatch(/[\u3040-\u30ff]/); // Japanese
    for (const secret of ["C1003", "Taro Suzuki", "taro.suzuki", "S-vps-80"])
      expect(text).not.toContain(secret);
    // Resolved: the reply links stop working.
    const portal = /https:\/\/abuse\.hoster\.example(\/portal\/[a-z2-7]{32})/.exec(
      notice.mail.text ?? "",
    )?.[1];
    await p.api("POST", `/api/v1/cases/${phishCase}/transition`, {
      body: { to: "closed", reason: "done" },
    });
    expect((await fetch(`${p.url}${portal}`)).status).toBe(404);
  });
});
