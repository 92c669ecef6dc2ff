import type { ClassificationType } from "../../domain/taxonomy.ts";
import { brandOf } from "./charsets.ts";
import type { DemoMailIncident } from "./incident.ts";
import {
  base64Lines,
  between,
  boundaryOf,
  CRLF,
  domainOf,
  hostOf,
  mail,
  mailbox,
  multipartBody,
  pick,
  requireResource,
  rfc5322Date,
  sha256,
  textPart,
} from "./mime.ts";
import { evidenceLog } from "./xarf-legacy.ts";

// XARF v4
// ---------------------------------------------------------------------------------------------

/** XARF v4 category and type for an incident type (xarf.org's seven categories). */
function xarfKind(type: ClassificationType): { category: string; type: string } {
  const known: Partial<Record<ClassificationType, [string, string]>> = {
    phishing: ["content", "phishing"],
    "malware-distribution": ["content", "malware"],
    "unauthorised-information-modification": ["content", "defacement"],
    spam: ["messaging", "spam"],
    "brute-force": ["connection", "login_attack"],
    scanner: ["connection", "port_scan"],
    ddos: ["connection", "ddos"],
    "ddos-amplifier": ["connection", "ddos_amplification"],
    exploit: ["connection", "sql_injection"],
    "c2-server": ["infrastructure", "c2"],
    "infected-system": ["infrastructure", "botnet"],
    "system-compromise": ["infrastructure", "compromised_server"],
    copyright: ["copyright", "copyright"],
    "vulnerable-system": ["vulnerability", "cve"],
    blacklist: ["reputation", "blocklist"],
  };
  const [category, xtype] = known[type] ?? ["content", type.replace(/-/g, "_")];
  return { category, type: xtype };
}

/** A UUID-shaped (version 4 layout) report id derived from the Message-ID. */
function reportUuid(i: DemoMailIncident): string {
  const h = sha256(i.messageId);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function xarfEvidence(
  i: DemoMailIncident,
  kind: { type: string },
): { content_type: string; description: string; payload: string; hash: string }[] {
  const item = (contentType: string, description: string, text: string | Uint8Array) => {
    const data = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
    return {
      content_type: contentType,
      description,
      payload: data.toString("base64"),
      hash: `sha256:${sha256(data)}`,
    };
  };
  switch (kind.type) {
    case "phishing": {
      const brand = brandOf(i, "en");
      return [
        item(
          "text/html",
          `page as fetched ${i.at.toISOString()}`,
          `<html><head><title>${brand} - Sign in</title></head><body><form method="post" action="post.php"><input name="user"><input name="pass" type="password"><input name="card"></form></body></html>`,
        ),
      ];
    }
    case "malware":
      // The first bytes of a PE file: enough to recognise a Windows executable.
      return [
        item(
          "application/octet-stream",
          "first bytes of the sample",
          Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]),
        ),
      ];
    case "login_attack":
    case "port_scan":
      return [item("text/plain", "log lines", `${evidenceLog(i, i.port).join("\n")}\n`)];
    default:
      return [];
  }
}

/** The XARF v4 report object for an incident. */
function xarfReport(i: DemoMailIncident): Record<string, unknown> {
  const kind = xarfKind(i.type);
  const reporter = {
    org: i.reporter.org ?? i.reporter.name,
    contact: i.reporter.email,
    domain: domainOf(i.reporter.email),
    type: "automated",
  };
  const identifier = i.ip ?? i.domain;
  const byType: Record<string, Record<string, unknown>> = {
    phishing: {
      target_brand: brandOf(i, "en"),
      evidence_source: pick(i, "evidence-source", ["spamtrap", "user_report", "crawler"]),
    },
    malware: {
      malware_family: pick(i, "family", ["DemoLoader", "SampleStealer", "TestRAT"]),
      evidence_source: "sandbox",
    },
    login_attack: {
      protocol: "tcp",
      destination_port: 22,
      service: "ssh",
      attempts: between(i, "attempts", 20, 400),
      evidence_source: "honeypot",
    },
    port_scan: {
      protocol: "tcp",
      destination_ports: [22, 23, 445, 3389],
      evidence_source: "firewall",
    },
    ddos: {
      protocol: "udp",
      destination_port: 443,
      attack_vector: "udp_flood",
      peak_pps: between(i, "pps", 50, 900) * 1000,
      evidence_source: "flow_analysis",
    },
    spam: { protocol: "smtp", evidence_source: "spamtrap" },
    c2: { malware_family: pick(i, "family", ["DemoBot", "SampleNet"]), protocol: "tcp" },
  };
  return {
    xarf_version: "4.0.0",
    report_id: reportUuid(i),
    timestamp: i.at.toISOString(),
    reporter,
    sender: reporter,
    source_identifier: identifier,
    source_port: i.port,
    category: kind.category,
    type: kind.type,
    url: i.url,
    ...(byType[kind.type] ?? {}),
    description: `${kind.type.replace(/_/g, " ")} observed at ${i.at.toISOString()}`,
    evidence: xarfEvidence(i, kind),
    tlp: "green",
  };
}

/**
 * An XARF v4 report: a short text part and the JSON report attached as xarf.json (base64).
 * source_identifier is i.ip, else i.domain, else absent with the URL in `url`.
 */
export function xarfV4Mail(i: DemoMailIncident): Buffer {
  requireResource(i, "xarfV4Mail");
  const report = xarfReport(i);
  const json = `${JSON.stringify(report, null, 1)}\n`;
  const kind = xarfKind(i.type);
  const about = i.ip ?? i.domain ?? hostOf(i.url) ?? "";
  const boundary = boundaryOf(i, "xarf4");
  const body = multipartBody(boundary, [
    textPart(
      [
        `A ${kind.type.replace(/_/g, " ")} report about ${about}.`,
        "The machine-readable report (XARF v4, https://xarf.org) is attached as xarf.json.",
      ].join("\n"),
    ),
    {
      headers: [
        'Content-Type: application/json; name="xarf.json"',
        'Content-Disposition: attachment; filename="xarf.json"',
        "Content-Transfer-Encoding: base64",
      ],
      body: `${base64Lines(Buffer.from(json, "utf8"))}${CRLF}`,
    },
  ]);
  return mail(
    {
      from: mailbox(i.reporter.org ?? i.reporter.name, i.reporter.email),
      to: i.to,
      subject: `XARF report: ${kind.type.replace(/_/g, " ")} on ${about}`,
      date: rfc5322Date(new Date(i.at.getTime() + between(i, "delay", 30, 600) * 1000)),
      messageId: i.messageId,
      mime: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
