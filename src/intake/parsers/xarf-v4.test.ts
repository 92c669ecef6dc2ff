import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { toIsoUtc, toTlp } from "./report-fields.ts";
import type { ParseInput, ParseResult } from "./types.ts";
import { parseXarfJson, parseXarfV4, xarfType } from "./xarf-v4.ts";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const RECEIVED = new Date("2026-11-28T12:30:00Z");
const input = (name: string): ParseInput => ({
  bytes: new Uint8Array(fs.readFileSync(path.join(DIR, name))),
  receivedAt: RECEIVED,
});
const json = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(DIR, name), "utf8"));
function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected ok, got ${r.parser}: ${r.reason}`);
  return r;
}

describe("toIsoUtc", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = tz;
  });

  it.each([
    ["2026-11-28T03:02:11Z", "2026-11-28T03:02:11.000Z"],
    ["2026-11-28T12:02:11+09:00", "2026-11-28T03:02:11.000Z"],
    ["2026-11-28T03:02:11.250Z", "2026-11-28T03:02:11.250Z"],
    ["2026-11-28 03:02:11", "2026-11-28T03:02:11.000Z"],
    ["2026-11-28 12:02:11 +0900", "2026-11-28T03:02:11.000Z"],
    ["2026/11/28 03:02", "2026-11-28T03:02:00.000Z"],
    ["2026-11-28", "2026-11-28T00:00:00.000Z"],
    ["Sat, 28 Nov 2026 03:02:11 +0000", "2026-11-28T03:02:11.000Z"],
    ["Sat, 28 Nov 2026 12:02:11 +0900 (JST)", "2026-11-28T03:02:11.000Z"],
    ["Sat, 28 Nov 2026 12:02:11 JST", "2026-11-28T03:02:11.000Z"],
    ["Fri, 27 Nov 2026 22:02:11 -0500", "2026-11-28T03:02:11.000Z"],
    ["Sat Nov 28 03:02:11 UTC 2026", "2026-11-28T03:02:11.000Z"],
    ["Sat Nov 28 03:02:11 2026", "2026-11-28T03:02:11.000Z"],
    ["Nov 28 2026 04:02:11 +0100", "2026-11-28T03:02:11.000Z"],
    ["28.11.2026 03:02:11", "2026-11-28T03:02:11.000Z"],
    ["1795834931", "2026-11-28T03:02:11.000Z"],
    ["1795834931000", "2026-11-28T03:02:11.000Z"],
  ])("%s → %s (in any local zone)", (text, iso) => {
    for (const zone of ["UTC", "Asia/Tokyo", "America/New_York"]) {
      process.env.TZ = zone;
      expect(toIsoUtc(text)).toBe(iso);
    }
  });

  it.each([
    "",
    "yesterday",
    "1",
    "abc 2026",
    "2026-13-01",
    "2026-02-30 10:00",
    "28/11/2026 garbage",
    "25:00 2026-11-28",
  ])("%j is not a date", (text) => {
    expect(toIsoUtc(text)).toBeNull();
  });

  it("takes numbers as Unix seconds", () => {
    expect(toIsoUtc(1795834931)).toBe("2026-11-28T03:02:11.000Z");
    expect(toIsoUtc(Number.NaN)).toBeNull();
  });
});

describe("toTlp", () => {
  it.each([
    ["TLP:AMBER", "amber"],
    ["amber+strict", "amber+strict"],
    ["white", "clear"],
    ["TLP:CLEAR", "clear"],
    ["Red", "red"],
    ["purple", null],
  ])("%s → %s", (v, expected) => {
    expect(toTlp(v)).toBe(expected);
  });
});

describe("xarfType", () => {
  it.each([
    ["phishing", "content", "phishing"],
    ["spam", "messaging", "spam"],
    ["login_attack", "connection", "brute-force"],
    ["port_scan", "connection", "scanner"],
    ["ddos", "connection", "ddos"],
    ["malware", "content", "malware-distribution"],
    ["c2", "infrastructure", "c2-server"],
    ["botnet", "infrastructure", "infected-system"],
    ["compromised_server", "infrastructure", "system-compromise"],
    ["cve", "vulnerability", "vulnerable-system"],
    ["blocklist", "reputation", "blacklist"],
    ["copyright", "copyright", "copyright"],
    ["defacement", "content", "unauthorised-information-modification"],
    ["telepathy", "connection", null],
  ])("%s (%s) → %s", (type, category, expected) => {
    expect(xarfType(type, category)).toBe(expected);
  });
});

describe("XARF v4 bodies", () => {
  it("login_attack: source and destination, transport, times, reporter, evidence decoded and hash-checked", () => {
    const r = ok(parseXarfV4(input("xarf-v4-login-attack.json")));
    expect(r.parser).toBe("xarf");
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      "feed.name": "xarf",
      "feed.provider": "Example SOC",
      "classification.type": "brute-force",
      "classification.taxonomy": "intrusion-attempts",
      "source.ip": "203.0.113.45",
      "source.port": 51515,
      "destination.ip": "192.0.2.22",
      "destination.port": 22,
      "protocol.transport": "tcp",
      "time.source": "2026-11-27T19:05:00.000Z",
      "time.observation": "2026-11-28T12:30:00.000Z",
      tlp: "green",
      "event_description.text": "Repeated SSH password guessing against our honeypot",
    });
    expect(r.events[0]?.extra).toMatchObject({
      tags: ["ssh", "bruteforce"],
      confidence: 0.95,
      evidence_source: "honeypot",
      sender_org: "Example SOC Relay",
    });
    expect(r.events[0]?.extra?.parse_warnings).toBeUndefined();
    expect(r.evidence).toHaveLength(1);
    const data = r.evidence[0]?.data as Uint8Array;
    expect(new TextDecoder().decode(data)).toMatch(
      /^Nov 28 04:02:10 gw sshd\[901\]: Failed password for root/,
    );
    expect(r.evidence[0]).toMatchObject({
      kind: "log",
      mediaType: "text/plain",
      description: "sshd authentication failures",
    });
    expect(r.evidence[0]?.sha256).toBe(createHash("sha256").update(data).digest("hex"));
    expect(r.meta).toEqual({
      reporterOrg: "Example SOC",
      reporterEmail: "soc@soc.example",
      reporterType: "automated",
      externalRef: "3f1c9e2a-8d4b-4c6e-9a1f-2b3c4d5e6f70",
      description: "Repeated SSH password guessing against our honeypot",
      tlp: "green",
    });
  });

  it("malware → malware-distribution with the family as malware.name", () => {
    const r = ok(parseXarfV4(input("xarf-v4-malware.json")));
    expect(r.events[0]).toMatchObject({
      "classification.type": "malware-distribution",
      "source.ip": "203.0.113.12",
      "source.url": "http://203.0.113.12/dl/invoice.exe",
      "malware.name": "emotet",
    });
    expect(r.evidence[0]?.data?.subarray(0, 2)).toEqual(new Uint8Array([0x4d, 0x5a]));
  });

  it("c2 on a host name, epoch timestamp, TLP", () => {
    const r = ok(parseXarfV4(input("xarf-v4-c2.json")));
    expect(r.events[0]).toMatchObject({
      "classification.type": "c2-server",
      "source.fqdn": "c2.badnet.example",
      "source.port": 8443,
      "time.source": "2026-11-28T03:02:11.000Z",
      tlp: "amber",
    });
    expect(r.events[0]?.["source.ip"]).toBeUndefined();
  });

  it("ddos from a network", () => {
    const r = ok(parseXarfV4(input("xarf-v4-ddos.json")));
    expect(r.events[0]).toMatchObject({
      "classification.type": "ddos",
      "source.network": "198.51.100.0/24",
      "protocol.transport": "udp",
      "destination.ip": "192.0.2.80",
    });
    expect(r.events[0]?.extra).toMatchObject({ attack_vector: "udp_flood", peak_pps: 1200000 });
  });

  it("spam over IPv6 with the message as email evidence", () => {
    const r = ok(parseXarfV4(input("xarf-v4-spam.json")));
    expect(r.events[0]).toMatchObject({
      "source.ip": "2001:db8::25",
      "protocol.application": "smtp",
    });
    expect(r.evidence[0]?.kind).toBe("email");
    expect(new TextDecoder().decode(r.evidence[0]?.data)).toContain("Subject: You won");
  });

  it("bad evidence and a bad timestamp are warnings, not failures", () => {
    const r = ok(parseXarfV4(input("xarf-v4-port-scan-bad-evidence.json")));
    expect(r.events[0]?.["time.source"]).toBeUndefined();
    expect(r.events[0]?.extra?.parse_warnings).toEqual([
      "evidence[0].payload is not base64",
      "evidence[1].hash does not match the payload",
      'timestamp "28/11/2026 garbage" is not a date',
    ]);
    expect(r.evidence.map((e) => e.kind)).toEqual(["screenshot"]);
  });

  const failures: [string, string | RegExp][] = [
    ["xarf-v4-unknown-type.json", 'unknown XARF type "telepathy" (category "connection")'],
    ["xarf-v4-no-source.json", "the XARF report has no source_identifier and no url"],
    ["xarf-v4-v3.json", /XARF v3 JSON .* is not supported/],
    ["xarf-v4-bad-version.json", 'xarf_version "5.0.0" is not 4.x'],
    ["xarf-v4-not-json.txt", /^the body is not UTF-8 JSON/],
    ["xarf-v4-bad-port.json", 'source_port "70000" is not a port number'],
    ["xarf-v4-bad-url.json", 'url "javascript:alert(1)" is not an http(s) or ftp URL'],
  ];
  it.each(failures)("%s fails: %s", (file, reason) => {
    const r = parseXarfV4(input(file));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.parser).toBe("xarf");
    if (typeof reason === "string") expect(r.reason).toBe(reason);
    else expect(r.reason).toMatch(reason);
  });

  it("parseXarfJson takes the parsed value and refuses what is not an object", () => {
    expect(
      ok(parseXarfJson(json("xarf-v4-c2.json"), { bytes: new Uint8Array(), receivedAt: RECEIVED }))
        .events,
    ).toHaveLength(1);
    for (const v of [null, [], "x", 4]) {
      expect(parseXarfJson(v, { bytes: new Uint8Array(), receivedAt: RECEIVED })).toMatchObject({
        ok: false,
        reason: "the XARF report is not a JSON object",
      });
    }
    const noVersion = parseXarfJson(
      { type: "spam", source_identifier: "192.0.2.1" },
      { bytes: new Uint8Array(), receivedAt: RECEIVED },
    );
    expect(noVersion).toMatchObject({
      ok: false,
      reason: "the JSON has no xarf_version field, so it is not an XARF v4 report",
    });
  });

  it("a body that is not UTF-8 fails instead of throwing", () => {
    const r = parseXarfV4({ bytes: new Uint8Array([0x7b, 0xff, 0x7d]), receivedAt: RECEIVED });
    expect(r).toMatchObject({ ok: false, parser: "xarf" });
  });
});
