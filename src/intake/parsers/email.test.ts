import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  emailReport,
  emailText,
  isAutoSubmitted,
  MAX_ATTACHED_MAIL_DEPTH,
  parseEmail,
  readMail,
} from "./email.ts";
import type { ParseInput, ParseResult } from "./types.ts";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const RECEIVED = new Date("2026-11-28T12:30:00Z");
const raw = (name: string) => fs.readFileSync(path.join(DIR, name));
const input = (name: string): ParseInput => ({
  bytes: new Uint8Array(raw(name)),
  receivedAt: RECEIVED,
});
const fromText = (text: string): ParseInput => ({
  bytes: new TextEncoder().encode(text.replace(/\n/g, "\r\n")),
  receivedAt: RECEIVED,
});
function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.parser}: ${r.reason}`);
  return r;
}

describe("the shared samples", () => {
  it("arf-spam.eml: one spam event for the Source-IP and one for the Reported-URI", async () => {
    const r = ok(await parseEmail(input("sample-arf-spam.eml")));
    expect(r.parser).toBe("arf");
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toMatchObject({
      "feed.name": "arf",
      "classification.taxonomy": "abusive-content",
      "classification.type": "spam",
      "source.ip": "198.51.100.23",
      "time.source": "2026-11-28T09:10:44.000Z",
      "time.observation": "2026-11-28T12:30:00.000Z",
    });
    expect(r.events[1]).toMatchObject({
      "source.url": "http://cheap-pills.example/buy?id=77",
      "source.fqdn": "cheap-pills.example",
      "classification.type": "spam",
    });
    expect(r.events[0]?.extra).toMatchObject({
      feedback_type: "abuse",
      original_mail_from: "info@cheap-pills.example",
      original_rcpt_to: ["user1@mailprovider.example"],
      reported_domain: ["cheap-pills.example"],
      original_subject: "Earn money fast",
    });
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]).toMatchObject({ kind: "headers", mediaType: "text/rfc822-headers" });
    expect(new TextDecoder().decode(r.evidence[0]?.data)).toContain(
      "Received: from vps-23.hoster.example",
    );
    expect(r.meta).toMatchObject({
      messageId: "<fbl-20261128-0001@mx.mailprovider.example>",
      subject: "FW: Earn money fast",
      reporterEmail: "fbl@mx.mailprovider.example",
      autoSubmitted: false,
    });
  });

  it("xarf-login-attack.eml: a brute-force event with the log as evidence", async () => {
    const r = ok(await parseEmail(input("sample-xarf-login-attack.eml")));
    expect(r.parser).toBe("x-arf");
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      "feed.name": "x-arf",
      "classification.taxonomy": "intrusion-attempts",
      "classification.type": "brute-force",
      "source.ip": "203.0.113.45",
      "source.port": 22,
      "protocol.application": "ssh",
      "time.source": "2026-11-28T03:02:11.000Z",
      tlp: "green",
    });
    expect(r.events[0]?.extra).toMatchObject({
      occurrences: 37,
      report_type: "login-attack",
      category: "abuse",
    });
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]).toMatchObject({ kind: "log", filename: "logfile.log" });
    const log = new TextDecoder().decode(r.evidence[0]?.data);
    expect(log.split("\n").filter(Boolean)).toHaveLength(3);
    expect(log).toContain("Failed password for invalid user admin from 203.0.113.45");
    expect(r.meta).toMatchObject({
      autoSubmitted: true,
      externalRef: "1764298931@reporter.example",
      tlp: "green",
    });
  });

  it("xarf-v4-phishing.eml: the xarf.json attachment becomes a phishing event with decoded evidence", async () => {
    const r = ok(await parseEmail(input("sample-xarf-v4-phishing.eml")));
    expect(r.parser).toBe("xarf");
    expect(r.events).toEqual([
      expect.objectContaining({
        "feed.name": "xarf",
        "feed.provider": "Example CERT",
        "classification.type": "phishing",
        "classification.taxonomy": "fraud",
        "source.ip": "192.0.2.81",
        "source.url": "https://mypage-card.example/login/",
        "source.fqdn": "mypage-card.example",
        "time.source": "2026-11-28T12:05:00.000Z",
      }),
    ]);
    expect(r.evidence[0]?.kind).toBe("content");
    expect(new TextDecoder().decode(r.evidence[0]?.data)).toBe(
      "<html><title>Card login</title><form action='post.php'><input name='card'></form></html>",
    );
    expect(r.meta).toMatchObject({
      reporterOrg: "Example CERT",
      externalRef: "8b0c1f6e-2d6a-4c53-9a7e-3f0b9e1d2a44",
      subject: "XARF report: phishing on 192.0.2.81",
    });
  });

  it("plain-phishing.eml: no structured format; emailText gives the decoded Japanese", async () => {
    const r = await parseEmail(input("sample-plain-phishing.eml"));
    expect(r).toMatchObject({ ok: false, parser: "email", reason: "no-structured-format" });
    expect(r.meta).toMatchObject({
      subject: "フィッシングサイトの通報",
      reporterName: "山田 花子",
    });
    const t = await emailText(input("sample-plain-phishing.eml"));
    expect(t.text).toBe(
      [
        "フィッシングサイトの通報",
        "",
        "ご担当者様",
        "",
        "銀行を装ったSMSが届き、以下のURLに誘導されました。",
        "御社のサーバで運用されているようですので、対応をお願いします。",
        "",
        "hxxps://secure-login.bank-jp.example/auth/index.php?session=8812",
        "（IPアドレス: 192.0.2.80）",
        "",
        "SMSの本文:",
        "「【お客様の口座が一時停止されました】ご本人確認をお願いします」",
        "",
        "よろしくお願いいたします。",
        "山田 花子",
        "",
      ].join("\n"),
    );
    expect(t.meta).toMatchObject({
      reporterEmail: "hanako@isp-user.example",
      autoSubmitted: false,
    });
    expect(t.attachments).toEqual([]);
  });
});

describe("Japanese encodings", () => {
  const cases = [
    {
      file: "jp-iso2022jp.eml",
      charset: "ISO-2022-JP",
      subject: "【至急】フィッシングサイトの報告（192.0.2.55）",
      name: "佐藤 一郎",
      body: [
        "ご担当者様",
        "",
        "お世話になっております。株式会社サンプルの佐藤です。",
        "貴社ネットワーク上で、弊社を装ったフィッシングサイトが稼働しております。",
        "",
        "URL: hxxp://login-sample[.]example/secure/",
        "IPアドレス: 192.0.2.55",
        "確認日時: 2026年11月28日 10時15分（日本時間）",
        "",
        "至急、停止のご対応をお願いいたします。",
      ].join("\n"),
      // ESC $ B (JIS X 0208) then "ご" (0x242A) …
      marker: Buffer.from([0x1b, 0x24, 0x42, 0x24, 0x34]),
    },
    {
      file: "jp-shiftjis.eml",
      charset: "Shift_JIS",
      subject: "不正アクセスの通報：203.0.113.77 からの攻撃",
      name: "鈴木 次郎",
      body: [
        "ホスティング事業者 御中",
        "",
        "弊社サーバに対し、203.0.113.77 から総当たり攻撃を受けています。",
        "ログを以下に表示します（ソフトウェア: OpenSSH）。",
        "",
        "Nov 28 09:00:01 web01 sshd[222]: Failed password for root from 203.0.113.77 port 50001 ssh2",
        "",
        "表示されている通り、短時間に多数の試行があります。",
      ].join("\n"),
      // "表示" in Shift_JIS: 0x95 0x5C 0x8E 0xA6 (the second byte of 表 is an ASCII backslash)
      marker: Buffer.from([0x95, 0x5c, 0x8e, 0xa6]),
    },
    {
      file: "jp-eucjp.eml",
      charset: "EUC-JP",
      subject: "迷惑メール送信元の調査依頼（198.51.100.99）",
      name: "高橋 三郎",
      body: [
        "担当者様",
        "",
        "198.51.100.99 から大量の迷惑メールが届いています。",
        "送信元の調査と停止をお願いします。",
        "",
        "件名の例：「当選のお知らせ」",
      ].join("\n"),
      // "担当" in EUC-JP, quoted-printable
      marker: Buffer.from("=C3=B4=C5=F6"),
    },
  ];

  it.each(cases)("$file is really $charset (no UTF-8 inside)", ({ file, body, marker }) => {
    const bytes = raw(file);
    expect(bytes.includes(marker)).toBe(true);
    for (const line of body.split("\n").filter((l) => /[^ -~]/.test(l))) {
      expect(bytes.includes(Buffer.from(line, "utf8"))).toBe(false);
    }
  });

  it.each(cases)(
    "$file: subject, sender name and body decode to the Japanese text",
    async ({ file, subject, name, body }) => {
      const r = await parseEmail(input(file));
      expect(r).toMatchObject({ ok: false, reason: "no-structured-format" });
      expect(r.meta?.subject).toBe(subject);
      expect(r.meta?.reporterName).toBe(name);
      const t = await emailText(input(file));
      expect(t.text).toBe(`${subject}\n\n${body}\n`);
      expect(t.meta.subject).toBe(subject);
    },
  );

  it("ARF with an ISO-2022-JP subject and human part", async () => {
    expect(raw("arf-jp-iso2022jp.eml").includes(Buffer.from("=?ISO-2022-JP?B?"))).toBe(true);
    const r = ok(await parseEmail(input("arf-jp-iso2022jp.eml")));
    expect(r.meta.subject).toBe("迷惑メールの報告（フィードバックループ）");
    expect(r.meta.description).toBe(
      "このメールは受信者により迷惑メールとして報告されました。\n送信元IPアドレス: 198.51.100.123",
    );
    expect(r.events[0]?.extra?.original_subject).toBe("お得な情報をお届けします");
    expect(r.events[0]?.["source.ip"]).toBe("198.51.100.123");
  });

  it("X-ARF with an EUC-JP Q-encoded subject and quoted-printable EUC-JP text", async () => {
    expect(raw("xarf02-jp-eucjp.eml").includes(Buffer.from("=?EUC-JP?Q?"))).toBe(true);
    const r = ok(await parseEmail(input("xarf02-jp-eucjp.eml")));
    expect(r.meta.subject).toBe("不正ログインの試行について（自動送信）");
    expect(r.meta.reporterName).toBe("監視センター");
    expect(r.meta.description).toBe(
      [
        "お世話になっております。",
        "貴社のホスト 203.0.113.201 から弊社のSSHサーバへの不正ログインの試行を検知しました。",
        "詳細は添付のレポートをご確認ください。",
      ].join("\n"),
    );
    expect(r.events[0]).toMatchObject({
      "source.ip": "203.0.113.201",
      "classification.type": "brute-force",
    });
  });
});

describe("autoSubmitted", () => {
  const head = (extra: string, from = "Someone <someone@isp-user.example>") =>
    `From: ${from}\nTo: abuse@hoster.example\nSubject: hello\nMessage-ID: <a@isp-user.example>\n${extra}\nbody\n`;
  const cases: [string, string, string | undefined, boolean][] = [
    ["a person's mail", "", undefined, false],
    ["Auto-Submitted: no", "Auto-Submitted: no\n", undefined, false],
    ["Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated\n", undefined, true],
    [
      "Auto-Submitted: auto-replied; parameter",
      "Auto-Submitted: auto-replied; owner-email=x@y.example\n",
      undefined,
      true,
    ],
    ["Precedence: bulk", "Precedence: bulk\n", undefined, true],
    ["Precedence: junk", "Precedence: junk\n", undefined, true],
    ["Precedence: list", "Precedence: list\n", undefined, true],
    ["Precedence: first-class", "Precedence: first-class\n", undefined, false],
    ["List-Id", "List-Id: Abuse list <abuse.lists.example>\n", undefined, true],
    ["List-Unsubscribe", "List-Unsubscribe: <mailto:unsub@lists.example>\n", undefined, true],
    ["From: MAILER-DAEMON", "", "MAILER-DAEMON@mx.example", true],
    ["From: postmaster", "", "Postmaster <postmaster@mx.example>", true],
    ["From: MAILER-DAEMON without a domain", "", "MAILER-DAEMON", true],
    ["an empty From", "", "", true],
    ["Return-Path: <>", "Return-Path: <>\n", undefined, true],
  ];
  it.each(cases)("%s → %s", async (_label, extra, from, expected) => {
    const t = await emailText(fromText(head(extra, from)));
    expect(t.meta.autoSubmitted).toBe(expected);
    const r = await parseEmail(fromText(head(extra, from)));
    expect(r.meta?.autoSubmitted).toBe(expected);
  });

  it("is exported for the parsed mail", async () => {
    const msg = await readMail(new TextEncoder().encode(head("Precedence: bulk\n")));
    expect(isAutoSubmitted(msg.mail)).toBe(true);
  });

  it("a bounce is auto-submitted and has no structured format", async () => {
    const r = await parseEmail(input("bounce.eml"));
    expect(r).toMatchObject({ ok: false, reason: "no-structured-format" });
    expect(r.meta?.autoSubmitted).toBe(true);
  });
});

describe("emailText", () => {
  it("converts HTML when there is no text part, and returns attachments as evidence", async () => {
    const t = await emailText(input("html-only.eml"));
    expect(t.text.startsWith("Phishing page on your server\n\n")).toBe(true);
    expect(t.text).toContain(
      "the page https://bank-secure.example/login on 203.0.113.30 is phishing.",
    );
    expect(t.text).not.toMatch(/<\/?[a-z]+>/);
    expect(t.attachments).toHaveLength(1);
    expect(t.attachments[0]).toMatchObject({
      kind: "screenshot",
      mediaType: "image/png",
      filename: "screenshot.png",
    });
    expect(t.attachments[0]?.data?.subarray(1, 4)).toEqual(new Uint8Array(Buffer.from("PNG")));
  });

  it("does not throw on bytes that are not a mail", async () => {
    const t = await emailText({
      bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
      receivedAt: RECEIVED,
    });
    expect(typeof t.text).toBe("string");
    const r = await parseEmail({
      bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x01]),
      receivedAt: RECEIVED,
    });
    expect(r.ok).toBe(false);
    const empty = await parseEmail({ bytes: new Uint8Array(), receivedAt: RECEIVED });
    expect(empty).toMatchObject({ ok: false, reason: "no-structured-format" });
  });
});

describe("readMail: the MIME tree", () => {
  it("numbers parts, keeps their order and decodes each", async () => {
    const msg = await readMail(raw("xarf02-secure.eml"));
    expect(msg.root.contentType).toBe("multipart/signed");
    expect(msg.leaves.map((p) => [p.id, p.contentType, p.filename])).toEqual([
      ["1.1", "text/plain", undefined],
      ["1.2", "text/plain", "report.txt"],
      ["1.3", "text/plain", "access.log"],
      ["2", "application/pkcs7-signature", "smime.p7s"],
    ]);
    expect(msg.leaves[1]?.text).toContain("Report-Type: hack-attack");
    expect(msg.truncated).toBe(false);
  });

  it("decodes base64 parts to bytes and marks a cut-off multipart", async () => {
    const fraud = await readMail(raw("arf-fraud-base64.eml"));
    expect(fraud.leaves[1]?.text).toContain("Feedback-Type: fraud\nUser-Agent: SecureMail-ARF/1.4");
    const cut = await readMail(raw("arf-truncated.eml"));
    expect(cut.truncated).toBe(true);
    expect(cut.leaves).toHaveLength(3);
    expect(cut.leaves[2]?.text).toContain("Big deals at http://deals.exa");
  });

  it("reads the Date header as ISO UTC", async () => {
    expect((await readMail(raw("fail2ban-sshd-lines.eml"))).date).toBe("2026-11-28T12:14:03.000Z");
    const noDate = await readMail(
      new TextEncoder().encode("From: a@b.example\nDate: someday\n\nx\n"),
    );
    expect(noDate.date).toBeUndefined();
  });
});

describe("mails forwarded as attachments", () => {
  /** The original complaint, attached to a forward, attached to a forward… `depth` times. */
  function forwarded(depth: number): Buffer {
    let inner =
      "From: victim@bank.example\r\nSubject: phish\r\nContent-Type: text/plain\r\n\r\nphishing at http://198.51.100.7/login\r\n";
    for (let i = 0; i < depth; i++) {
      inner = `From: fwd${i}@cert.example\r\nSubject: Fwd ${i}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b${i}\r\nContent-Type: message/rfc822\r\n\r\n${inner}\r\n--b${i}--\r\n`;
    }
    return Buffer.from(
      `To: abuse@hoster.example\r\nMessage-ID: <fwd-${depth}@cert.example>\r\n${inner}`,
    );
  }
  const read = (b: Buffer) =>
    emailReport.parse({ bytes: b, contentType: "message/rfc822", receivedAt: new Date() }, {});

  it("reads the text of the mails inside, a few levels down", async () => {
    const r = await read(forwarded(3));
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(JSON.stringify([...(r.events as Iterable<unknown>)])).toContain("198.51.100.7");
  });

  it("stops at the nesting limit and says so, instead of 'nothing found'", async () => {
    const r = await read(forwarded(MAX_ATTACHED_MAIL_DEPTH + 5));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/nests attached mails more than 20 levels deep/);
  });
});
