import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dedupKey } from "../../domain/event.ts";
import { parseMoguraJson, parseMoguraObject } from "./mogura-json.ts";

const receivedAt = new Date("2026-11-28T03:00:00Z");
const sample = readFileSync(
  join(import.meta.dirname, "../../../test/fixtures/samples/api/report-phishing.json"),
);

describe("the Mogura report JSON", () => {
  it("turns the sample phishing report into one event with evidence and consent", () => {
    const r = parseMoguraJson({ bytes: sample, receivedAt });
    if (!r.ok) throw new Error(r.reason);
    expect(r.events).toEqual([
      {
        "feed.name": "mogura",
        "feed.provider": "Example CERT",
        "time.observation": "2026-11-28T03:00:00.000Z",
        "time.source": "2026-11-28T02:40:00.000Z",
        "classification.taxonomy": "fraud",
        "classification.type": "phishing",
        "source.url": "https://secure-login.bank-jp.example/auth/index.php?session=8812",
        "source.fqdn": "secure-login.bank-jp.example",
        "source.ip": "192.0.2.80",
        "event_description.text":
          "SMS phishing page imitating a Japanese bank. Seen by 12 users since 02:40 UTC.",
        tlp: "amber",
        extra: { external_ref: "EXCERT-2026-11-0412", consent_to_forward: true },
      },
    ]);
    expect(r.meta).toMatchObject({
      reporterEmail: "abuse@cert.example",
      reporterType: "csirt",
      consentToForward: true,
    });
    expect(r.evidence).toHaveLength(1);
    expect(Buffer.from(r.evidence[0]?.data ?? []).toString("utf8")).toBe(
      "<html><title>ログイン</title></html>",
    );
    expect(r.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("accepts aliases and several resources, one event each", () => {
    const r = parseMoguraObject(
      {
        category: "c&c",
        resources: [
          { ip: "2001:DB8::5", port: 443 },
          { fqdn: "C2.Example." },
          { cidr: "198.51.100.7/24" },
        ],
      },
      { bytes: new Uint8Array(), receivedAt },
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.events.map((e) => e["classification.type"])).toEqual([
      "c2-server",
      "c2-server",
      "c2-server",
    ]);
    expect(r.events[0]).toMatchObject({
      "source.ip": "2001:db8::5",
      "source.port": 443,
      "classification.taxonomy": "malicious-code",
    });
    expect(r.events[1]?.["source.fqdn"]).toBe("c2.example");
    expect(r.events[2]?.["source.network"]).toBe("198.51.100.0/24");
    expect(r.meta.tlp).toBe("amber"); // the default
  });

  it("says what is wrong with a bad report", () => {
    const bad = (json: unknown) => {
      const r = parseMoguraObject(json, { bytes: new Uint8Array(), receivedAt });
      return r.ok ? "parsed" : r.reason;
    };
    expect(bad({ category: "nonsense", resource: { ip: "192.0.2.1" } })).toMatch(
      /category: unknown classification type "nonsense"/,
    );
    expect(bad({ category: "spam" })).toMatch(/resource: a report needs `resource`/);
    expect(bad({ category: "spam", resource: { ip: "not-an-ip" } })).toBe(
      "resources[0] has no usable ip, cidr, fqdn, url or email",
    );
    expect(bad({ category: "spam", resource: { ip: "192.0.2.1" }, tlp: "white" })).toMatch(
      /^not a valid Mogura report: tlp/,
    );
    const r = parseMoguraJson({ bytes: Buffer.from("{oops"), receivedAt });
    expect(r.ok ? "" : r.reason).toMatch(/^not valid JSON/);
  });

  it("gives the same dedup key for the same observation reported twice", () => {
    const once = parseMoguraObject(
      { category: "spam", resource: { ip: "192.0.2.9" } },
      { bytes: new Uint8Array(), receivedAt },
    );
    const again = parseMoguraObject(
      { category: "spam", resource: { ip: "192.0.2.9" }, description: "again" },
      { bytes: new Uint8Array(), receivedAt: new Date() },
    );
    if (!once.ok || !again.ok) throw new Error("parse failed");
    expect(dedupKey(once.events[0] as never)).toBe(dedupKey(again.events[0] as never));
  });
});
