import { describe, expect, it } from "vitest";
import { parseFeedbackFields } from "./arf.ts";
import { parseEmail } from "./email.ts";
import { ok, parseFixture, RECEIVED } from "./mail-fixtures.ts";

const parse = parseFixture;

describe("parseFeedbackFields", () => {
  it("unfolds continuation lines, lower-cases names and keeps repeated fields", () => {
    const f = parseFeedbackFields(
      "Feedback-Type: abuse\r\nReported-URI: http://a.example/\r\nreported-uri: http://b.example/\r\nAuthentication-Results: mx.example;\r\n\tspf=fail\r\n  dkim=none\r\nnot a field\r\n",
    );
    expect(f.get("feedback-type")).toEqual(["abuse"]);
    expect(f.get("reported-uri")).toEqual(["http://a.example/", "http://b.example/"]);
    expect(f.get("authentication-results")).toEqual(["mx.example; spf=fail dkim=none"]);
    expect(f.has("not a field")).toBe(false);
  });
});

describe("ARF", () => {
  it("abuse with message/rfc822: IPv6 Source-IP with Source-Port, an http and a mailto Reported-URI", async () => {
    const r = ok(await parse("arf-abuse-rfc822.eml"));
    expect(r.parser).toBe("arf");
    expect(
      r.events.map((e) => [e["source.ip"], e["source.port"], e["source.url"], e["source.account"]]),
    ).toEqual([
      ["2001:db8:10::25", 49152, undefined, undefined],
      [undefined, undefined, "http://newsletter-blast.example/unsub?u=7781", undefined],
      [undefined, undefined, undefined, "sales@newsletter-blast.example"],
    ]);
    for (const e of r.events) {
      expect(e["classification.type"]).toBe("spam");
      // legacy Received-Date stands in for Arrival-Date
      expect(e["time.source"]).toBe("2026-11-28T16:01:59.000Z");
    }
    expect(r.events[0]?.extra).toMatchObject({
      incidents: 3,
      original_rcpt_to: ["alice@mailbox.example", "bob@mailbox.example"],
      removal_recipient: ["alice@mailbox.example"],
      authentication_results:
        "mx.mailbox.example; spf=pass smtp.mailfrom=newsletter-blast.example; dkim=none",
      original_message_id: "<spam-7781@newsletter-blast.example>",
    });
    expect(r.events[1]?.extra?.sender_ip).toBe("2001:db8:10::25");
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]).toMatchObject({ kind: "email", mediaType: "message/rfc822" });
    const original = new TextDecoder().decode(r.evidence[0]?.data);
    expect(original.startsWith("Received: from [2001:db8:10::25]")).toBe(true);
    expect(original).toContain("Buy now at http://newsletter-blast.example/offer");
    expect(r.events[0]?.raw?.startsWith("Feedback-Type: abuse\nUser-Agent: MailboxFBL/3.0")).toBe(
      true,
    );
    expect(r.meta.autoSubmitted).toBe(true);
  });

  it("fraud → phishing, with a base64-encoded report and the zone of Arrival-Date applied", async () => {
    const r = ok(await parse("arf-fraud-base64.eml"));
    expect(r.events.map((e) => e["classification.type"])).toEqual(["phishing", "phishing"]);
    expect(r.events[0]?.["classification.taxonomy"]).toBe("fraud");
    expect(r.events[0]?.["time.source"]).toBe("2026-11-28T04:59:30.000Z");
    expect(r.events[1]?.["source.url"]).toBe("https://secure-card.example/verify?id=55");
    expect(r.evidence[0]?.kind).toBe("headers");
  });

  it("virus → malware-distribution, the original kept as an attached .eml", async () => {
    const r = ok(await parse("arf-virus.eml"));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      "classification.type": "malware-distribution",
      "classification.taxonomy": "malicious-code",
      "source.ip": "198.51.100.66",
      "time.source": "2026-11-28T07:29:41.000Z",
    });
    expect(r.evidence[0]).toMatchObject({ kind: "email", filename: "original.eml" });
  });

  it("auth-failure → spam with the RFC 6591 fields in extra", async () => {
    const r = ok(await parse("arf-auth-failure.eml"));
    expect(r.events[0]?.["classification.type"]).toBe("spam");
    expect(r.events[0]?.extra).toMatchObject({
      feedback_type: "auth-failure",
      auth_failure: "dkim",
      delivery_result: "reject",
      dkim_domain: "bank.example",
      dkim_selector: "s2048",
      identity_alignment: "none",
    });
  });

  it("a Reported-Domain alone becomes a source.fqdn event", async () => {
    const r = ok(await parse("arf-domain-only.eml"));
    expect(r.events).toHaveLength(1);
    expect(r.events[0]?.["source.fqdn"]).toBe("spammy-shop.example");
    expect(r.evidence).toEqual([]);
  });

  it("Feedback-Type xarf hands the JSON part to the XARF v4 parser", async () => {
    const r = ok(await parse("arf-xarf-login.eml"));
    expect(r.parser).toBe("xarf");
    expect(r.events[0]).toMatchObject({
      "feed.name": "xarf",
      "classification.type": "brute-force",
      "source.ip": "198.51.100.77",
      "source.port": 41022,
      "destination.port": 22,
    });
    expect(r.meta.description).toContain("An abuse login-attack report follows.");
    expect(r.meta.reporterOrg).toBe("Example Hosting Security");
  });

  it("a message cut off in the third part still gives the event, marked truncated", async () => {
    const r = ok(await parse("arf-truncated.eml"));
    expect(r.events[0]?.["source.ip"]).toBe("198.51.100.41");
    expect(r.events[0]?.extra?.truncated).toBe(true);
    expect(new TextDecoder().decode(r.evidence[0]?.data)).toMatch(/deals\.exa$/);
  });

  it("takes the human text from multipart/alternative and survives a malformed mailto: URI", async () => {
    const mail = [
      "From: fbl@fbl.mailbox.example",
      "Subject: report",
      "Message-ID: <alt@fbl.mailbox.example>",
      'Content-Type: multipart/report; report-type=feedback-report; boundary="o"',
      "",
      "--o",
      'Content-Type: multipart/alternative; boundary="i"',
      "",
      "--i",
      "Content-Type: text/plain",
      "",
      "Plain words.",
      "--i",
      "Content-Type: text/html",
      "",
      "<p>HTML words.</p>",
      "--i--",
      "--o",
      "Content-Type: message/feedback-report",
      "",
      "Feedback-Type: abuse",
      "Source-IP: 192.0.2.17",
      "Reported-URI: mailto:odd%zz@spam.example",
      "--o--",
      "",
    ].join("\r\n");
    const r = ok(await parseEmail({ bytes: new TextEncoder().encode(mail), receivedAt: RECEIVED }));
    expect(r.meta.description).toBe("Plain words.");
    expect(r.events.map((e) => e["source.ip"] ?? e["source.account"])).toEqual([
      "192.0.2.17",
      "odd%zz@spam.example",
    ]);
    expect(r.evidence).toEqual([]);
  });

  const failures: [string, string | RegExp][] = [
    ["arf-not-spam.eml", "not-spam feedback is not an abuse report"],
    ["arf-unknown-type.eml", /unknown Feedback-Type "opt-out"/],
    ["arf-no-feedback-type.eml", "the feedback report has no Feedback-Type field"],
    ["arf-no-report-part.eml", /has no message\/feedback-report part/],
    ["arf-bad-source-ip.eml", /Source-IP "198\.51\.100\.300" is not an IP address/],
    ["arf-truncated-early.eml", /no message\/feedback-report part .*cut off/],
  ];
  it.each(failures)("%s fails: %s", async (file, reason) => {
    const r = await parse(file);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.parser).toBe("arf");
    if (typeof reason === "string") expect(r.reason).toBe(reason);
    else expect(r.reason).toMatch(reason);
    expect(r.meta?.messageId).toMatch(/@fbl\.mailbox\.example>$/);
  });
});
