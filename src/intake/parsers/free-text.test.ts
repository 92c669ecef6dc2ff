import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Event } from "../../domain/event.ts";
import { guessType, isPublicDomain, normalizeReportText, parseFreeText } from "./free-text.ts";
import type { ParseResult } from "./types.ts";

/*
 * Golden files: every fixtures/text-*.txt (and the plain-phishing sample mail's body) has a
 * <name>.golden.json next to it holding the whole ParseResult. A missing or different golden
 * file fails; `UPDATE_GOLDEN=1 npx vitest run src/intake/parsers/free-text.test.ts` rewrites
 * them (review the diff, then `npx biome check --write` them). The tests below the golden ones check single
 * behaviours directly, so a wrong golden file cannot hide them.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIR = path.join(HERE, "fixtures");
const SAMPLE_MAIL = path.join(HERE, "../../../test/fixtures/samples/mail/plain-phishing.eml");
const RECEIVED = new Date("2026-11-28T12:30:00Z");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const parse = (text: string, subject?: string) =>
  parseFreeText({ bytes: new Uint8Array(), receivedAt: RECEIVED, text, subject });

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected events, got: ${r.reason}`);
  return r;
}

/** The resource fields of each event, in order: what a reader of a report cares about. */
const resources = (r: ParseResult) =>
  ok(r).events.map((e) =>
    Object.fromEntries(Object.entries(e).filter(([k]) => k.startsWith("source.") || k === "raw")),
  );

/** The plain-phishing sample: body and decoded subject, the way the e-mail parser hands them over. */
function sampleMail(): { text: string; subject: string } {
  const raw = fs.readFileSync(SAMPLE_MAIL, "utf8");
  const split = raw.indexOf("\n\n");
  const head = raw.slice(0, split);
  const encoded = /^Subject: =\?UTF-8\?B\?([^?]+)\?=$/m.exec(head)?.[1] ?? "";
  return { text: raw.slice(split + 2), subject: Buffer.from(encoded, "base64").toString("utf8") };
}

const fixtures = fs
  .readdirSync(DIR)
  .filter((f) => /^text-.*\.txt$/.test(f))
  .sort();

function checkGolden(name: string, result: ParseResult) {
  if (result.ok) for (const e of result.events) expect(() => Event.parse(e)).not.toThrow();
  const golden = path.join(DIR, `${name}.golden.json`);
  const actual = JSON.parse(JSON.stringify(result));
  if (UPDATE) fs.writeFileSync(golden, `${JSON.stringify(actual, null, 2)}\n`);
  expect(fs.existsSync(golden), `${golden} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(actual).toEqual(JSON.parse(fs.readFileSync(golden, "utf8")));
}

describe("free-text golden files", () => {
  it("has many fixtures", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(19);
  });

  it.each(fixtures)("%s", (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, name)));
    checkGolden(name.replace(/\.txt$/, ""), parseFreeText({ bytes, receivedAt: RECEIVED }));
  });

  it("the plain-phishing sample mail", () => {
    const { text, subject } = sampleMail();
    const r = parse(text, subject);
    checkGolden("text-sample-plain-phishing", r);
    expect(resources(r)).toEqual([
      {
        "source.url": "https://secure-login.bank-jp.example/auth/index.php?session=8812",
        "source.fqdn": "secure-login.bank-jp.example",
        raw: "hxxps://secure-login.bank-jp.example/auth/index.php?session=8812",
      },
      { "source.ip": "192.0.2.80", raw: "192.0.2.80" },
    ]);
    expect(ok(r).events[0]?.["classification.type"]).toBe("phishing");
    expect(ok(r).meta.subject).toBe("フィッシングサイトの通報");
  });
});

describe("finding resources", () => {
  it.each([
    ["hxxp://evil-login[.]com/a", "http://evil-login.com/a"],
    ["hxxps://evil-login[.]com/a", "https://evil-login.com/a"],
    ["hXXps[:]//evil-login(.)com/a", "https://evil-login.com/a"],
    ["h**p://evil-login{.}com/a", "http://evil-login.com/a"],
    ["hxxps[://]evil-login[dot]com/a", "https://evil-login.com/a"],
    ["ttps://evil-login(dot)com/a", "https://evil-login.com/a"],
    ["ｈｔｔｐｓ：／／ｅｖｉｌ－ｌｏｇｉｎ．ｃｏｍ／ａ", "https://evil-login.com/a"],
    ["https://evil-login［．］com/a", "https://evil-login.com/a"],
    ["https://evil-login（ドット）com/a", "https://evil-login.com/a"],
    ["https://evil\u200B-login.com/a", "https://evil-login.com/a"],
  ])("refangs %s", (written, url) => {
    const [e] = ok(parse(`phishing site: ${written} please check`)).events;
    expect(e?.["source.url"]).toBe(url);
    expect(e?.raw).toBe(written);
  });

  it.each([
    ["<https://a.phish.example/x>", "https://a.phish.example/x"],
    ["「https://a.phish.example/x」", "https://a.phish.example/x"],
    ["（https://a.phish.example/x）", "https://a.phish.example/x"],
    ["(https://a.phish.example/x)", "https://a.phish.example/x"],
    ["https://a.phish.example/x、次", "https://a.phish.example/x"],
    ["https://a.phish.example/x。", "https://a.phish.example/x"],
    ["https://a.phish.example/xにアクセス", "https://a.phish.example/x"],
    ["https://a.phish.exampleにアクセス", "https://a.phish.example/"],
    ["https://a.phish.example/x.", "https://a.phish.example/x"],
    ["https://a.phish.example/x),", "https://a.phish.example/x"],
    ["https://a.phish.example/w/Foo_(bar)", "https://a.phish.example/w/Foo_(bar)"],
    ["'https://a.phish.example/x?q=1&r=2'", "https://a.phish.example/x?q=1&r=2"],
  ])("cuts the URL in %s where it ends", (written, url) => {
    expect(ok(parse(`URL: ${written}`)).events.map((e) => e["source.url"])).toEqual([url]);
  });

  it("reads full-width IP addresses and keeps the original spelling in raw", () => {
    expect(resources(parse("ＩＰ：１９２．０．２．１からの攻撃"))).toEqual([
      { "source.ip": "192.0.2.1", raw: "１９２．０．２．１" },
    ]);
  });

  it("keeps raw positions right after characters NFKC merges or expands", () => {
    // ｶﾞ (2 chars) becomes ガ (1), ㍿ (1) becomes 株式会社 (4)
    const r = parse("ｶﾞｽ㍿の ｇａｓ-bill-check．net と 198.51.100.3");
    expect(resources(r)).toEqual([
      { "source.fqdn": "gas-bill-check.net", raw: "ｇａｓ-bill-check．net" },
      { "source.ip": "198.51.100.3", raw: "198.51.100.3" },
    ]);
  });

  it("reads IPv6 addresses, networks and ports, but not times or MAC addresses", () => {
    const r = parse(
      "at 12:30:45 from 2001:db8::1, 2001:DB8:0:0::2/64, 192.0.2.7:8080, 198.51.100.0/24; MAC 00:1a:2b:3c:4d:5e",
    );
    expect(resources(r).map(({ raw: _, ...rest }) => rest)).toEqual([
      { "source.ip": "2001:db8::1" },
      { "source.network": "2001:db8::/64" },
      { "source.ip": "192.0.2.7", "source.port": 8080 },
      { "source.network": "198.51.100.0/24" },
    ]);
  });

  it("reads an IPv6 address right after a label's colon, full-width or not", () => {
    for (const text of ["IPアドレス：2001:db8::5 から攻撃", "送信元:2001:db8::5 から攻撃"]) {
      expect(resources(parse(text)), text).toEqual([
        { "source.ip": "2001:db8::5", raw: "2001:db8::5" },
      ]);
    }
  });

  it("does not take version numbers, file names or dates for addresses and domains", () => {
    const r = parse(
      "version 1.2.3.4, ver. 10.0.0.1, v2.3.4.5, 1.2.3, file.txt, readme.md, setup.py, data.zip, 2026.11.28, 1.2.3.4.5 and bad-host.com",
    );
    expect(resources(r)).toEqual([{ "source.fqdn": "bad-host.com", raw: "bad-host.com" }]);
  });

  it("emits domains only under an ICANN public suffix", () => {
    expect(isPublicDomain("evil.co.jp")).toBe(true);
    expect(isPublicDomain("evil.example")).toBe(false);
    expect(isPublicDomain("co.jp")).toBe(false);
    expect(isPublicDomain("notes.txt")).toBe(false);
    expect(isPublicDomain("readme.md")).toBe(false);
    expect(isPublicDomain("sub.readme.md")).toBe(true);
    const r = parse("domains: evil.co.jp, internal.local, host.example, corp.invalid");
    expect(resources(r).map((e) => e["source.fqdn"])).toEqual(["evil.co.jp"]);
  });

  it("does not repeat a domain that is a URL's host or an e-mail's domain, nor an IP that is a URL's host", () => {
    const r = parse(
      "spam from sender: info@promo-mail.net, site https://evil-shop.com/buy, " +
        "also evil-shop.com and promo-mail.net, and http://198.51.100.5/x on 198.51.100.5",
    );
    expect(resources(r).map(({ raw: _, ...rest }) => rest)).toEqual([
      { "source.account": "info@promo-mail.net" },
      { "source.url": "https://evil-shop.com/buy", "source.fqdn": "evil-shop.com" },
      { "source.url": "http://198.51.100.5/x", "source.ip": "198.51.100.5" },
    ]);
  });

  it("makes one event per distinct resource, whatever the spelling", () => {
    const r = parse(
      "phishing: https://evil-shop.com/a and HTTPS://EVIL-SHOP.COM/a, 192.0.2.9 and １９２．０．２．９, hxxps://evil-shop[.]com/a",
    );
    expect(ok(r).events).toHaveLength(2);
  });

  it("takes a domain followed by a path for a URL and says the scheme was assumed", () => {
    const [e] = ok(parse("phishing page at evil-bank-login.com/signin.php today")).events;
    expect(e?.["source.url"]).toBe("http://evil-bank-login.com/signin.php");
    expect(e?.extra?.scheme_assumed).toBe(true);
  });

  it("leaves out private, loopback and link-local addresses and says so", () => {
    const r = parse(
      "attack from 203.0.113.5 to 10.1.2.3, 127.0.0.1, 169.254.0.1, fe80::1, 192.168.0.1",
    );
    expect(resources(r).map((e) => e["source.ip"])).toEqual(["203.0.113.5"]);
    expect(ok(r).events[0]?.extra?.ignored_resources).toEqual([
      "10.1.2.3 (private address)",
      "127.0.0.1 (loopback address)",
      "169.254.0.1 (link-local address)",
      "fe80::1 (link-local address)",
      "192.168.0.1 (private address)",
    ]);
  });
});

describe("e-mail addresses", () => {
  it.each([
    ["迷惑メールの送信元: spam@bulk.example", true],
    ["迷惑メールの差出人は spam@bulk.example です", true],
    ["spam@bulk.example から大量の迷惑メールが届きます", true],
    ["We get spam from spam@bulk.example every day", true],
    ["Phishing mail, Reply-To: spam@bulk.example", true],
    ["phishing: spam@bulk.example (the sender)", true],
    ["スパムについて spam@bulk.example にも連絡しました", false],
    ["spam report; contact me at spam@bulk.example", false],
    ["送信元: spam@bulk.example", false], // no spam or phishing anywhere: not "the sender of spam"
  ])("%s → sender %s", (text, sender) => {
    const r = parse(`${text}\nhttps://x.bulk.example/`);
    const accounts = ok(r).events.flatMap((e) => e["source.account"] ?? []);
    expect(accounts).toEqual(sender ? ["spam@bulk.example"] : []);
    if (!sender) expect(ok(r).events[0]?.extra?.mentioned_emails).toEqual(["spam@bulk.example"]);
  });

  it("takes a label on the line above for the address under it", () => {
    const r = parse("迷惑メールが届きました。\n送信元アドレス：\n   spammer@mass-mail.example\n");
    expect(ok(r).events.map((e) => e["source.account"])).toEqual(["spammer@mass-mail.example"]);
  });

  it("does not pass the sender label of one address on to the next", () => {
    const r = parse(
      "The phishing came from bad@phish.example (the sender), and I am at me@home.example.",
    );
    expect(ok(r).events.map((e) => e["source.account"])).toEqual(["bad@phish.example"]);
    expect(ok(r).events[0]?.extra?.mentioned_emails).toEqual(["me@home.example"]);
  });

  it("refangs [at] and full-width ＠", () => {
    const r = parse(
      "spam sender: bad[at]spam-host[.]com, also from ｂａｄ２＠ｓｐａｍ－ｈｏｓｔ．ｃｏｍ",
    );
    expect(ok(r).events.map((e) => e["source.account"])).toEqual([
      "bad@spam-host.com",
      "bad2@spam-host.com",
    ]);
  });
});

describe("signatures", () => {
  it("leaves out what is in the signature, after a closing line", () => {
    const r = parse(
      "フィッシングサイトです: hxxps://phish-kit[.]example/login\n\nよろしくお願いいたします。\n山田\nhttps://www.yamada-corp.co.jp/\nyamada@yamada-corp.co.jp\n",
    );
    expect(resources(r).map((e) => e["source.url"])).toEqual(["https://phish-kit.example/login"]);
    expect(ok(r).events[0]?.extra).toMatchObject({
      mentioned_emails: ["yamada@yamada-corp.co.jp"],
      ignored_resources: ["https://www.yamada-corp.co.jp/ (in the signature)"],
    });
  });

  it("leaves out what is after the '-- ' delimiter", () => {
    const r = parse("Spam source 198.51.100.60\n-- \nBob, 203.0.113.99, https://bob.example/\n");
    expect(resources(r).map((e) => e["source.ip"])).toEqual(["198.51.100.60"]);
  });

  it("does not take a closing line far from the end for a signature", () => {
    const lines = Array.from({ length: 12 }, (_, i) => `198.51.100.${i + 1}`);
    const r = parse(`よろしくお願いします。\n${lines.join("\n")}\n`);
    expect(ok(r).events).toHaveLength(12);
  });
});

describe("classification guess", () => {
  it.each([
    ["フィッシングサイトです", "phishing", "フィッシング"],
    ["銀行を装ったSMS", "phishing", "を装った"],
    ["偽サイトの報告", "phishing", "偽サイト"],
    ["なりすましメール", "phishing", "なりすまし"],
    ["a Phishing kit", "phishing", "Phishing"],
    ["迷惑メールが届く", "spam", "迷惑メール"],
    ["スパムです", "spam", "スパム"],
    ["lots of SPAM", "spam", "SPAM"],
    ["サイトが改ざんされた", "unauthorised-information-modification", "改ざん"],
    ["改竄", "unauthorised-information-modification", "改竄"],
    ["site defacement", "unauthorised-information-modification", "defacement"],
    ["マルウェア配布", "malware-distribution", "マルウェア"],
    ["ウイルス付きメール", "malware-distribution", "ウイルス"],
    ["hosting malware", "malware-distribution", "malware"],
    ["a virus", "malware-distribution", "virus"],
    ["不正アクセスを受けた", "brute-force", "不正アクセス"],
    ["SSHへの総当たり", "brute-force", "総当たり"],
    ["ブルートフォース攻撃", "brute-force", "ブルートフォース"],
    ["a brute force attack", "brute-force", "brute force"],
    ["ポートスキャン", "scanner", "スキャン"],
    ["port scanning", "scanner", "scanning"],
    ["DDoS攻撃を受けています", "ddos", "DDoS"],
    ["DoS攻撃", "ddos", "DoS"],
    ["C2サーバ", "c2-server", "C2"],
    ["C&C server", "c2-server", "C&C"],
    ["ボットネット", "c2-server", "ボット"],
    ["著作権侵害", "copyright", "著作権"],
    ["copyright infringement", "copyright", "copyright"],
    ["ﾌｨｯｼﾝｸﾞ", "phishing", "フィッシング"],
  ])("%s → %s", (words, type, word) => {
    const r = parse(`${words}: 203.0.113.7`);
    const [e] = ok(r).events;
    expect(e?.["classification.type"]).toBe(type);
    expect(e?.extra).toMatchObject({ classification_guessed: true, guessed_from: word });
  });

  it.each([
    "ロボットの話です",
    "EC2 instance",
    "the DOS prompt",
    "a scandal",
    "antivirus software",
    "this is not phishy",
  ])("does not guess from %s", (words) => {
    const [e] = ok(parse(`${words}: 203.0.113.7`)).events;
    expect(e?.["classification.type"]).toBe("undetermined");
    expect(e?.["classification.taxonomy"]).toBe("other");
    expect(e?.extra?.classification_guessed).toBeUndefined();
  });

  it("takes the first type in priority order when several words are there", () => {
    expect(guessType("スパムで届いたフィッシング")).toEqual({
      type: "phishing",
      word: "フィッシング",
    });
    expect(guessType("不正アクセスでサイトが改ざん")).toMatchObject({
      type: "unauthorised-information-modification",
    });
  });

  it("reads the subject too", () => {
    const [e] = ok(parse("203.0.113.7 を確認してください", "迷惑メールの件")).events;
    expect(e?.["classification.type"]).toBe("spam");
    expect(e?.extra?.guessed_from).toBe("迷惑メール");
  });
});

describe("the result", () => {
  it("fails with the reason when there is nothing to find", () => {
    const r = parse("お世話になっております。その後いかがでしょうか。");
    expect(r).toEqual({
      ok: false,
      parser: "free-text",
      reason: "no IP address, URL, domain or e-mail address found in the text",
      meta: {},
    });
  });

  it("fails and names what it left out when nothing left is the abuse", () => {
    const r = parse("attack from 192.168.1.20, contact me at me@home.example");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain("me@home.example");
    expect(r.reason).toContain("192.168.1.20 (private address)");
  });

  it("decodes the bytes as UTF-8 when no text is given, and fills the fixed fields", () => {
    const text = "マルウェア配布サイト hxxp://dl-malware[.]example/a.exe";
    const r = parseFreeText({ bytes: new TextEncoder().encode(text), receivedAt: RECEIVED });
    expect(ok(r).events).toEqual([
      {
        "feed.name": "free-text",
        "time.observation": "2026-11-28T12:30:00.000Z",
        "classification.taxonomy": "malicious-code",
        "classification.type": "malware-distribution",
        "source.url": "http://dl-malware.example/a.exe",
        "source.fqdn": "dl-malware.example",
        "event_description.text": text,
        raw: "hxxp://dl-malware[.]example/a.exe",
        extra: { classification_guessed: true, guessed_from: "マルウェア" },
      },
    ]);
    expect(ok(r).parser).toBe("free-text");
  });

  it("keeps the first 500 characters as the description, without splitting a character", () => {
    const text = `203.0.113.7 ${"😀".repeat(600)}`;
    const d = ok(parse(text)).events[0]?.["event_description.text"] ?? "";
    expect(Array.from(d)).toHaveLength(500);
    expect(d.endsWith("😀")).toBe(true);
  });

  it("normalises full width and defanging with a position map", () => {
    const m = normalizeReportText("ａ［．］ｂ");
    expect(m.text).toBe("a.b");
    expect(m.pos).toEqual([0, 1, 4, 5]);
  });
});
