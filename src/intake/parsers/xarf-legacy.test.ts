import { describe, expect, it } from "vitest";
import { ok, parseFixture } from "./mail-fixtures.ts";
import { parseReportFields, xarfLegacyType } from "./xarf-legacy.ts";

const parse = parseFixture;

describe("xarfLegacyType", () => {
  it.each([
    ["login-attack", "abuse", "brute-force"],
    ["Login_Attack", undefined, "brute-force"],
    ["portscan", "abuse", "scanner"],
    ["phishing", "fraud", "phishing"],
    ["malware", "malware", "malware-distribution"],
    ["ddos", "abuse", "ddos"],
    ["hack-attack", "abuse", "exploit"],
    ["c&c", "malware", "c2-server"],
    ["spam", "abuse", "spam"],
    [undefined, "malware", "malware-distribution"],
    ["something-new", "malware", "malware-distribution"],
    ["something-new", "abuse", null],
    ["loud-music", "nuisance", null],
  ] as const)("%s / %s → %s", (reportType, category, expected) => {
    expect(xarfLegacyType(reportType, category)).toBe(expected);
  });
});

describe("parseReportFields", () => {
  it("reads YAML with every value a string", () => {
    const r = parseReportFields("%YAML 1.2\n---\nReport-ID: '0099'\nPort: 22\nVersion: 0.10\n");
    expect("fields" in r && Object.fromEntries(r.fields)).toEqual({
      "report-id": "0099",
      port: "22",
      version: "0.10",
    });
  });

  it("falls back to Key: value lines when the report is YAML-ish", () => {
    const r = parseReportFields(
      "Source: 192.0.2.1\nComment: tries: 3, user: root\nReport-ID: *abc\n",
    );
    expect("fields" in r && Object.fromEntries(r.fields)).toEqual({
      source: "192.0.2.1",
      comment: "tries: 3, user: root",
      "report-id": "*abc",
    });
  });

  it("gives the YAML error when neither reading works", () => {
    const r = parseReportFields("Category abuse\nSource: [192.0.2.1\n");
    expect("error" in r && r.error).toMatch(/line 1/);
  });
});

describe("X-ARF", () => {
  it("0.1 (X-ARF: YES): phishing URL, ISO date with offset, HTML evidence", async () => {
    const r = ok(await parse("xarf01-phishing.eml"));
    expect(r.parser).toBe("x-arf");
    expect(r.events[0]).toMatchObject({
      "feed.name": "x-arf",
      "classification.type": "phishing",
      "source.url": "http://paypa1-login.example/signin/",
      "source.fqdn": "paypa1-login.example",
      "time.source": "2026-11-27T21:14:09.000Z",
    });
    expect(r.events[0]?.extra).toMatchObject({ xarf_version: "0.1", report_id: "BP-2026-11-0042" });
    expect(r.evidence[0]).toMatchObject({ kind: "content", filename: "phish.html" });
    expect(new TextDecoder().decode(r.evidence[0]?.data)).toContain(
      '<input name="pass" type="password">',
    );
    expect(r.meta).toMatchObject({
      externalRef: "BP-2026-11-0042",
      reporterEmail: "phish-reports@brand-protect.example",
    });
  });

  it("0.2 portscan: IPv6 source canonicalised, YAML directive, syslog-style date, TLP, base64 log", async () => {
    const r = ok(await parse("xarf02-portscan-ipv6.eml"));
    expect(r.events[0]).toMatchObject({
      "classification.type": "scanner",
      "source.ip": "2001:db8::53",
      "destination.ip": "192.0.2.10",
      "time.source": "2026-02-03T01:13:35.000Z",
      tlp: "amber",
    });
    expect(r.events[0]?.extra).toMatchObject({ occurrences: 1200, report_id: "0099123" });
    expect(r.evidence[0]).toMatchObject({
      kind: "log",
      filename: "portscan.log",
      mediaType: "text/plain; charset=us-ascii",
    });
    expect(new TextDecoder().decode(r.evidence[0]?.data)).toContain("tcp/3389 SYN");
  });

  it("a YAML-ish report is still read", async () => {
    const r = ok(await parse("xarf02-yamlish.eml"));
    expect(r.events[0]).toMatchObject({
      "source.ip": "203.0.113.99",
      "source.port": 21,
      "protocol.application": "ftp",
      "time.source": "2026-11-28T03:02:11.000Z",
    });
    expect(r.events[0]?.extra?.comment).toBe("attempts: 37, users: root, admin");
  });

  it("X-XARF: SECURE reads the report inside multipart/signed", async () => {
    const r = ok(await parse("xarf02-secure.eml"));
    expect(r.events[0]).toMatchObject({
      "classification.type": "exploit",
      "source.ip": "192.0.2.150",
      "source.port": 443,
      "protocol.application": "http",
      "time.source": "2026-11-28T05:59:01.000Z",
      tlp: "clear",
    });
    expect(r.evidence.map((e) => e.filename)).toEqual(["access.log"]);
  });

  const failures: [string, RegExp][] = [
    [
      "xarf02-bad-yaml.eml",
      /report part \(report\.txt\) is not a YAML Key: value report: .*line 1/,
    ],
    [
      "xarf02-unknown-category.eml",
      /unknown X-ARF Report-Type "loud-music" and Category "nuisance"/,
    ],
    ["xarf02-no-source.eml", /has no Source field/],
    ["xarf02-bad-source.eml", /Source "203\.0\.113\.256" is not a valid ip-address/],
    ["xarf02-missing-report.eml", /no second MIME part with the report/],
    ["xarf02-not-multipart.eml", /not multipart/],
  ];
  it.each(failures)("%s fails: %s", async (file, reason) => {
    const r = await parse(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.parser).toBe("x-arf");
    expect(r.reason).toMatch(reason);
  });
});
