import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { Event } from "../../domain/event.ts";
import type { ClassificationType } from "../../domain/taxonomy.ts";
import { parseReport } from "../../intake/parse-report.ts";
import type { ParsedEvidence, ReportMeta } from "../../intake/parsers/types.ts";
import { normalizeIp } from "../../intake/resources.ts";
import { arfMail } from "./arf.ts";
import { brokenMails } from "./broken.ts";
import { encodedWords, encodeIso2022jp } from "./charsets.ts";
import { fail2banMail } from "./fail2ban.ts";
import { freeTextContent, freeTextMail } from "./free-text.ts";
import type { DemoCharset, DemoMailIncident } from "./incident.ts";
import { xarfLegacyMail } from "./xarf-legacy.ts";
import { xarfV4Mail } from "./xarf-v4.ts";

/*
 * Every builder's bytes go through parseReport exactly as the SMTP intake hands them over
 * (contentType message/rfc822), and the tests check what the platform makes of them: the
 * parser, the classification and the resources the incident named.
 */

const AT = new Date("2026-11-28T03:02:11Z");
const TO = "abuse@hoster.example";
const CERT = { name: "Example CERT", email: "abuse@cert.example", org: "Example CERT" };

interface Parsed {
  parser: string;
  events: Event[];
  evidence: ParsedEvidence[];
  meta: ReportMeta;
}

/** Parses a mail the way the SMTP intake does; fails the test with the reason when not ok. */
async function parseMail(bytes: Buffer): Promise<Parsed> {
  const r = await parseReport({ bytes, receivedAt: new Date(), contentType: "message/rfc822" });
  if (!r.ok) throw new Error(`expected events, got ${r.parser}: ${r.reason}`);
  const events: Event[] = [];
  for await (const e of r.events) events.push(e);
  return { parser: r.parser, events, evidence: r.evidence, meta: r.meta };
}

const incident = (
  type: ClassificationType,
  messageId: string,
  fields: Partial<DemoMailIncident> = {},
): DemoMailIncident => ({ type, at: AT, reporter: CERT, to: TO, messageId, ...fields });

/** Every event has the type; the incident's IP, URL and domain each appear on some event. */
function expectCarries(
  events: Event[],
  type: ClassificationType,
  want: { ip?: string; url?: string; domain?: string },
) {
  expect(events.length).toBeGreaterThan(0);
  for (const e of events) expect(e["classification.type"]).toBe(type);
  if (want.ip) expect(events.map((e) => e["source.ip"])).toContain(normalizeIp(want.ip));
  if (want.url) expect(events.map((e) => e["source.url"])).toContain(new URL(want.url).href);
  if (want.domain) {
    const domains = events.flatMap((e) => [e["source.fqdn"], e["source.account"]?.split("@")[1]]);
    expect(domains).toContain(want.domain);
  }
}

/** No bare LF and no bare CR anywhere: the message is CRLF throughout. */
function expectCrlf(bytes: Buffer) {
  const text = bytes.toString("latin1");
  expect(text).not.toMatch(/[^\r]\n|\r[^\n]/);
  expect(text.endsWith("\r\n")).toBe(true);
  expect(text).toContain("\r\n\r\n");
}

describe("arfMail", () => {
  const cases: { name: string; i: DemoMailIncident; type: ClassificationType }[] = [
    {
      name: "spam from IPv4 with a spamvertised URL and domain",
      i: incident("spam", "arf-1@mailbox.example", {
        ip: "198.51.100.23",
        url: "http://cheap-pills.example/buy?id=77",
        domain: "cheap-pills.example",
      }),
      type: "spam",
    },
    {
      name: "spam from IPv6",
      i: incident("spam", "arf-2@mailbox.example", { ip: "2001:db8:0:0::25" }),
      type: "spam",
    },
    {
      name: "phishing as Feedback-Type fraud",
      i: incident("phishing", "arf-3@mailbox.example", {
        ip: "203.0.113.9",
        url: "https://secure-login.example/verify",
      }),
      type: "phishing",
    },
    {
      name: "malware as Feedback-Type virus",
      i: incident("malware-distribution", "arf-4@mailbox.example", { ip: "192.0.2.44" }),
      type: "malware-distribution",
    },
  ];
  for (const { name, i, type } of cases) {
    it(name, async () => {
      const bytes = arfMail(i);
      expectCrlf(bytes);
      const r = await parseMail(bytes);
      expect(r.parser).toBe("arf");
      expectCarries(r.events, type, i);
      for (const e of r.events) expect(e["time.source"]).toBe(AT.toISOString());
      // The reported message is kept as evidence, and its headers were read.
      expect(r.evidence.map((e) => e.kind)).toEqual(["email"]);
      expect(r.events[0]?.extra?.original_subject).toEqual(expect.any(String));
      expect(r.meta.messageId).toBe(`<${i.messageId}>`);
    });
  }

  it("needs something to report", () => {
    expect(() => arfMail(incident("spam", "arf-5@mailbox.example"))).toThrow(/ip, url or domain/);
  });
});

describe("xarfLegacyMail", () => {
  it("reports an SSH login attack from IPv4 with port and service", async () => {
    const i = incident("brute-force", "xarf-1@cert.example", { ip: "203.0.113.45" });
    const bytes = xarfLegacyMail(i);
    expectCrlf(bytes);
    expect(bytes.toString()).toMatch(/^X-XARF: PLAIN\r$/m);
    const r = await parseMail(bytes);
    expect(r.parser).toBe("x-arf");
    expectCarries(r.events, "brute-force", i);
    const e = r.events[0];
    expect(e?.["source.port"]).toBe(22);
    expect(e?.["protocol.application"]).toBe("ssh");
    expect(e?.["time.source"]).toBe(AT.toISOString());
    expect(e?.extra?.xarf_version).toBe("0.2");
    // The log lines came through as evidence and name the attacker.
    expect(r.evidence).toHaveLength(1);
    expect(Buffer.from(r.evidence[0]?.data ?? []).toString()).toContain("from 203.0.113.45 port");
  });

  it("reports a port scan from IPv6", async () => {
    const i = incident("scanner", "xarf-2@ids.example", { ip: "2001:db8::53" });
    const r = await parseMail(xarfLegacyMail(i));
    expect(r.parser).toBe("x-arf");
    expectCarries(r.events, "scanner", i);
    expect(r.events[0]?.extra?.report_type).toBe("portscan");
  });

  it("reports a phishing URL as the Source", async () => {
    const i = incident("phishing", "xarf-3@cert.example", {
      url: "https://bank-login.example/signin?session=1",
    });
    const r = await parseMail(xarfLegacyMail(i));
    expect(r.parser).toBe("x-arf");
    expectCarries(r.events, "phishing", { ...i, domain: "bank-login.example" });
  });

  it("reports a DDoS source", async () => {
    const i = incident("ddos", "xarf-4@scrub.example", { ip: "198.51.100.200", port: 123 });
    const r = await parseMail(xarfLegacyMail(i));
    expectCarries(r.events, "ddos", i);
    expect(r.events[0]?.["source.port"]).toBe(123);
  });
});

describe("xarfV4Mail", () => {
  const cases: { name: string; i: DemoMailIncident }[] = [
    {
      name: "phishing on an IPv4 host with its URL",
      i: incident("phishing", "x4-1@cert.example", {
        ip: "192.0.2.81",
        url: "https://mypage-card.example/login/",
        domain: "mypage-card.example",
      }),
    },
    {
      name: "malware served from a URL only",
      i: incident("malware-distribution", "x4-2@mal-hunter.example", {
        url: "http://files-cdn.example/dl/invoice.exe",
      }),
    },
    {
      name: "a port scan from IPv6",
      i: incident("scanner", "x4-3@soc.example", { ip: "2001:db8:1::9" }),
    },
    {
      name: "a login attack with source port",
      i: incident("brute-force", "x4-4@soc.example", { ip: "203.0.113.45", port: 51515 }),
    },
    {
      name: "a C2 server by host name and port",
      i: incident("c2-server", "x4-5@botnet-watch.example", {
        domain: "c2.badnet.example",
        port: 8443,
      }),
    },
    {
      name: "a DDoS source",
      i: incident("ddos", "x4-6@scrub.example", { ip: "198.51.100.7" }),
    },
    {
      name: "spam from IPv6",
      i: incident("spam", "x4-7@spamtrap.example", { ip: "2001:db8::25" }),
    },
  ];
  for (const { name, i } of cases) {
    it(name, async () => {
      const bytes = xarfV4Mail(i);
      expectCrlf(bytes);
      const r = await parseMail(bytes);
      expect(r.parser).toBe("xarf");
      expectCarries(r.events, i.type, i);
      const e = r.events[0];
      expect(e?.["time.source"]).toBe(AT.toISOString());
      if (i.port !== undefined) expect(e?.["source.port"]).toBe(i.port);
      // Evidence payloads decode and their sha256 matches, or the parser would warn.
      expect(e?.extra?.parse_warnings).toBeUndefined();
      expect(r.meta.reporterEmail).toBe(CERT.email);
    });
  }

  it("attaches evidence that survives the trip", async () => {
    const i = incident("brute-force", "x4-8@soc.example", { ip: "203.0.113.46" });
    const r = await parseMail(xarfV4Mail(i));
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]?.kind).toBe("log");
    expect(Buffer.from(r.evidence[0]?.data ?? []).toString()).toMatch(
      /Failed password for .* from 203\.0\.113\.46 port/,
    );
  });
});

describe("fail2banMail", () => {
  const gw = { name: "Fail2Ban", email: "fail2ban@gw01.shop.example" };
  const cases: { jail?: string; ip: string; app: string; attempts?: number }[] = [
    { ip: "203.0.113.5", app: "ssh", attempts: 7 },
    { jail: "dovecot", ip: "2001:db8::5", app: "imap" },
    { jail: "postfix-sasl", ip: "198.51.100.61", app: "smtp", attempts: 12 },
    { jail: "nginx-http-auth", ip: "192.0.2.200", app: "http" },
  ];
  for (const c of cases) {
    it(`bans ${c.ip} in ${c.jail ?? "sshd"}`, async () => {
      const i = {
        ...incident("brute-force", `f2b-${c.ip}@gw01.shop.example`, { ip: c.ip, reporter: gw }),
        jail: c.jail,
        attempts: c.attempts,
      };
      const bytes = fail2banMail(i);
      expectCrlf(bytes);
      const r = await parseMail(bytes);
      expect(r.parser).toBe("fail2ban");
      expectCarries(r.events, "brute-force", i);
      const e = r.events[0];
      expect(e?.["protocol.application"]).toBe(c.app);
      expect(e?.["time.source"]).toBe(AT.toISOString());
      expect(e?.extra?.banned_on).toBe("gw01.shop.example");
      if (c.attempts) expect(e?.extra?.failures).toBe(c.attempts);
      // One log line per attempt, each naming the banned address, in time order.
      const log = Buffer.from(r.evidence[0]?.data ?? [])
        .toString()
        .trim()
        .split("\n");
      expect(log.length).toBe(e?.extra?.failures);
      for (const line of log) expect(line).toContain(c.ip);
    });
  }

  it("needs an IP", () => {
    expect(() => fail2banMail(incident("brute-force", "f2b-x@gw.example"))).toThrow(/needs i\.ip/);
  });
});

describe("freeTextMail", () => {
  const hanako = { name: "佐藤 花子", email: "hanako.sato@home-user.example" };
  const shop = { name: "田中 一郎", email: "ichiro@shop.example", org: "株式会社サンプル商店" };
  const mary = { name: "Mary Johnson", email: "mary@home-user.example" };
  const cases: { name: string; i: DemoMailIncident; reporter: DemoMailIncident["reporter"] }[] = [
    {
      name: "phishing URL and IPv4",
      i: incident("phishing", "ft-1", {
        ip: "203.0.113.45",
        url: "https://login-secure-bank.example/account/verify.php?id=20261128",
      }),
      reporter: hanako,
    },
    {
      name: "spam from IPv6 with the sender's domain",
      i: incident("spam", "ft-2", { ip: "2001:db8:10::25", domain: "bulk-mailer.example" }),
      reporter: shop,
    },
    {
      name: "brute force from IPv4",
      i: incident("brute-force", "ft-3", { ip: "198.51.100.77", port: 22 }),
      reporter: shop,
    },
    {
      name: "a defaced site on an IPv4 URL",
      i: incident("unauthorised-information-modification", "ft-4", {
        ip: "192.0.2.12",
        url: "http://192.0.2.12/index.html",
      }),
      reporter: hanako,
    },
    {
      name: "a C2 server on IPv6",
      i: incident("c2-server", "ft-5", { ip: "2001:db8::c2" }),
      reporter: mary,
    },
  ];
  const charsets: DemoCharset[] = ["iso-2022-jp", "shift_jis", "utf-8"];
  const label = { "iso-2022-jp": "ISO-2022-JP", shift_jis: "Shift_JIS", "utf-8": "UTF-8" };

  for (const c of cases) {
    for (const language of ["ja", "en"] as const) {
      for (const charset of charsets) {
        it(`${c.name} (${language}, ${charset})`, async () => {
          const i = {
            ...c.i,
            reporter: c.reporter,
            messageId: `${c.i.messageId}-${language}-${charset}@home-user.example`,
          };
          const bytes = freeTextMail(i, { language, charset });
          expectCrlf(bytes);
          const head = bytes.toString("latin1").split("\r\n\r\n")[0] ?? "";
          expect(head).toMatch(new RegExp(`^Subject: =\\?${label[charset]}\\?B\\?`, "m"));
          expect(head).toContain(`charset=${label[charset]}`);
          if (charset === "iso-2022-jp") {
            // 7bit: nothing above 0x7F, and Japanese (when any) behind ESC $ B.
            expect(bytes.every((b) => b < 0x80)).toBe(true);
            if (language === "ja") expect(bytes.includes(Buffer.from("\x1b$B"))).toBe(true);
          }

          const r = await parseMail(bytes);
          expect(r.parser).toBe("email+free-text");
          expectCarries(r.events, i.type, i);

          // The text came back as written: subject, sender's name, and the body.
          const { subject, body } = freeTextContent(i, language);
          expect(r.meta.subject).toBe(subject);
          expect(r.meta.reporterName).toBe(i.reporter.name);
          const text = `${subject}\n\n${body.trim()}\n`;
          expect(r.events[0]?.["event_description.text"]).toBe(
            Array.from(text).slice(0, 500).join(""),
          );
          if (language === "ja") expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        });
      }
    }
  }

  it("honours an explicit transfer encoding", () => {
    const i = incident("phishing", "cte@home-user.example", {
      ip: "203.0.113.45",
      url: "https://login-secure-bank.example/",
      reporter: hanako,
    });
    const ja = (transferEncoding: "base64" | "8bit") =>
      freeTextMail(i, { language: "ja", charset: "shift_jis", transferEncoding });
    expect(ja("base64").toString("latin1")).toContain("Content-Transfer-Encoding: base64");
    const raw = ja("8bit");
    expect(raw.toString("latin1")).toContain("Content-Transfer-Encoding: 8bit");
    const body = raw.subarray(raw.indexOf("\r\n\r\n") + 4);
    expect(iconv.decode(body, "shift_jis")).toBe(
      freeTextContent(i, "ja").body.replace(/\n/g, "\r\n"),
    );
  });

  it("varies its wording and defangs some URLs, all of which the parser reads", async () => {
    const subjects = new Set<string>();
    let defanged = 0;
    for (let n = 0; n < 24; n++) {
      const language = n % 2 ? "en" : "ja";
      const i = incident("phishing", `var-${n}@home-user.example`, {
        ip: "203.0.113.80",
        url: "https://mypage-bank.example/login/index.php",
        reporter: hanako,
      });
      const { subject, body } = freeTextContent(i, language);
      subjects.add(subject);
      if (/hxxp|\[\.\]|\[:\]/.test(body)) defanged++;
      const r = await parseMail(freeTextMail(i, { language, charset: "utf-8" }));
      expectCarries(r.events, "phishing", i);
    }
    expect(subjects.size).toBeGreaterThanOrEqual(4);
    expect(defanged).toBeGreaterThan(0);
    expect(defanged).toBeLessThan(24);
  });

  it("uses the incident's brand", () => {
    const i = incident("phishing", "brand@home-user.example", {
      url: "https://example-bank-login.example/",
      brand: { name: "Example Bank", name_ja: "エグザンプル銀行" },
    });
    expect(JSON.stringify(freeTextContent(i, "ja"))).toContain("エグザンプル銀行");
    expect(JSON.stringify(freeTextContent(i, "en"))).toContain("Example Bank");
  });
});

describe("brokenMails", () => {
  it("gives inputs that all end in quarantine, each with its reason", async () => {
    const broken = brokenMails(TO, AT);
    expect(broken.length).toBeGreaterThanOrEqual(3);
    expect(broken.length).toBeLessThanOrEqual(4);
    expect(new Set(broken.map((b) => b.name)).size).toBe(broken.length);
    const parsers: (string | null)[] = [];
    for (const b of broken) {
      expectCrlf(b.bytes);
      const r = await parseReport({
        bytes: b.bytes,
        receivedAt: new Date(),
        contentType: "message/rfc822",
      });
      expect(r.ok, b.name).toBe(false);
      if (r.ok) continue;
      expect(r.reason.length, b.name).toBeGreaterThan(10);
      parsers.push(r.parser);
    }
    // Each fails in a different parser: the demo shows quarantine from several formats.
    expect(parsers).toEqual(["xarf", "arf", "x-arf", "free-text"]);
  });

  it("gives distinct Message-IDs per time, so several runs are not duplicates", () => {
    const ids = (at: Date) =>
      brokenMails(TO, at).map((b) => /^Message-ID: (.*)$/m.exec(b.bytes.toString())?.[1]);
    const a = ids(AT);
    const b = ids(new Date(AT.getTime() + 60_000));
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
  });
});

describe("encodeIso2022jp", () => {
  it("writes JIS X 0208 between ESC $ B and ESC ( B", () => {
    // 日 = 0x467C, 本 = 0x4B5C, 語 = 0x386C in JIS X 0208
    expect(encodeIso2022jp("a日本語b")).toEqual(
      Buffer.from([
        0x61, 0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42, 0x62,
      ]),
    );
    expect(encodeIso2022jp("plain ASCII")).toEqual(Buffer.from("plain ASCII"));
  });

  it("ends every line in ASCII and decodes back", () => {
    const text =
      "【至急】フィッシングサイトの報告\r\n対象URL：hxxps://x[.]example/\r\n以上、よろしくお願いいたします。\r\n";
    const bytes = encodeIso2022jp(text);
    for (const line of bytes.toString("latin1").split("\r\n").slice(0, -1)) {
      expect(line.lastIndexOf("\x1b$B") <= line.lastIndexOf("\x1b(B")).toBe(true);
    }
    expect(new TextDecoder("iso-2022-jp").decode(bytes)).toBe(text);
  });

  it("turns half-width katakana full-width and refuses what JIS X 0208 lacks", () => {
    expect(new TextDecoder("iso-2022-jp").decode(encodeIso2022jp("ｶﾀｶﾅ"))).toBe("カタカナ");
    expect(() => encodeIso2022jp("😀")).toThrow(/JIS X 0208/);
    expect(() => encodeIso2022jp("①")).toThrow(/JIS X 0208/);
  });
});

describe("encodedWords", () => {
  it("splits on whole characters into words that decode on their own", () => {
    const subject = "【至急】貴社IPアドレス（2001:db8::77）からの不正アクセスについてのご連絡";
    for (const charset of ["iso-2022-jp", "shift_jis", "utf-8"] as const) {
      const words = encodedWords(subject, charset);
      expect(words.length).toBeGreaterThan(1);
      const decoded = words.map((w) => {
        expect(w.length).toBeLessThanOrEqual(75);
        const b64 = /^=\?[^?]+\?B\?([^?]*)\?=$/.exec(w)?.[1] ?? "";
        const bytes = Buffer.from(b64, "base64");
        return charset === "iso-2022-jp"
          ? new TextDecoder("iso-2022-jp").decode(bytes)
          : iconv.decode(bytes, charset);
      });
      expect(decoded.join("")).toBe(subject);
    }
  });
});

describe("determinism", () => {
  it("builds the same bytes for the same incident", () => {
    const i = incident("phishing", "same@cert.example", {
      ip: "192.0.2.81",
      url: "https://mypage-card.example/login/",
    });
    expect(arfMail(i)).toEqual(arfMail(i));
    expect(xarfV4Mail(i)).toEqual(xarfV4Mail(i));
    expect(xarfLegacyMail(i)).toEqual(xarfLegacyMail(i));
    expect(freeTextMail(i, { language: "ja", charset: "shift_jis" })).toEqual(
      freeTextMail(i, { language: "ja", charset: "shift_jis" }),
    );
  });
});
