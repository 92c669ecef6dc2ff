import type { ClassificationType } from "../../domain/taxonomy.ts";
import type { DemoMailIncident } from "./incident.ts";
import {
  base64Lines,
  between,
  boundaryOf,
  CRLF,
  crlfText,
  domainOf,
  fnv1a,
  hostOf,
  isIpv6,
  mail,
  mailbox,
  multipartBody,
  pick,
  requireResource,
  rfc5322Date,
  syslogTime,
  textPart,
} from "./mime.ts";

// X-ARF 0.2
// ---------------------------------------------------------------------------------------------

interface LegacyKind {
  category: string;
  reportType: string;
  service?: string;
  port?: number;
}

/** X-ARF Category and Report-Type for an incident type. */
function legacyKind(type: ClassificationType): LegacyKind {
  switch (type) {
    case "brute-force":
      return { category: "abuse", reportType: "login-attack", service: "ssh", port: 22 };
    case "scanner":
      return { category: "abuse", reportType: "portscan" };
    case "ddos":
      return { category: "abuse", reportType: "ddos" };
    case "spam":
      return { category: "abuse", reportType: "spam", service: "smtp", port: 25 };
    case "phishing":
      return { category: "fraud", reportType: "phishing" };
    case "malware-distribution":
      return { category: "malware", reportType: "malware" };
    case "c2-server":
      return { category: "malware", reportType: "cc" };
    case "copyright":
      return { category: "copyright", reportType: "copyright" };
    case "exploit":
      return { category: "abuse", reportType: "hack-attack" };
    case "infected-system":
      return { category: "malware", reportType: "botnet" };
    case "unauthorised-information-modification":
      return { category: "abuse", reportType: "defacement" };
    default:
      // The parser resolves RSIT names and their aliases as Report-Types too.
      return { category: "abuse", reportType: type };
  }
}

/** A YAML scalar that reads back as exactly this string (quoted only when plain would not). */
function yamlScalar(value: string): string {
  const plainSafe =
    value !== "" &&
    value === value.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/: |:$| #/.test(value);
  return plainSafe ? value : `'${value.replace(/'/g, "''")}'`;
}

/** What a legacy report's Source is: the URL for web content, else the IP, else the domain. */
function legacySource(i: DemoMailIncident): { source: string; sourceType: string } {
  const webContent = ["phishing", "malware-distribution", "copyright"].includes(i.type);
  if (i.url && (webContent || !i.ip)) return { source: i.url, sourceType: "uri" };
  if (i.ip) return { source: i.ip, sourceType: isIpv6(i.ip) ? "ipv6" : "ip-address" };
  if (i.domain) return { source: i.domain, sourceType: "domain" };
  return { source: i.url ?? "", sourceType: "uri" };
}

/** When the k-th attempt before i.at happened (k = 0 is the last): gaps add up, so logs stay in order. */
export function attemptTime(i: DemoMailIncident, salt: string, k: number): Date {
  let seconds = 0;
  for (let j = 1; j <= k; j++) seconds += between(i, `${salt}${j}`, 2, 12);
  return new Date(i.at.getTime() - seconds * 1000);
}

/** Log lines of the kind the report describes, for the evidence part. */
export function evidenceLog(i: DemoMailIncident, port: number | undefined): string[] {
  const src = i.ip ?? hostOf(i.url) ?? i.domain ?? "unknown";
  const n = between(i, "log-lines", 3, 6);
  const lines: string[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const t = attemptTime(i, "gap", k);
    const srcPort = between(i, `sport${k}`, 32768, 60999);
    switch (i.type) {
      case "brute-force": {
        const user = pick(i, `user${k}`, ["root", "admin", "oracle", "test", "ubuntu", "git"]);
        lines.push(
          `${syslogTime(t)} gw sshd[${between(i, "pid", 1000, 29999)}]: Failed password for ${user === "root" ? "" : "invalid user "}${user} from ${src} port ${srcPort} ssh2`,
        );
        break;
      }
      case "scanner": {
        const dport = pick(i, `dport${k}`, [22, 23, 80, 443, 445, 1433, 3389, 5900, 8080]);
        lines.push(
          `${t.toISOString().slice(0, 19)}Z DROP IN=eth0 SRC=${src} PROTO=TCP SPT=${srcPort} DPT=${dport} SYN`,
        );
        break;
      }
      default:
        lines.push(
          `${t.toISOString().slice(0, 19)}Z ${src}${port ? ` port ${port}` : ""} ${i.type} observed`,
        );
    }
  }
  return lines;
}

/**
 * An X-ARF 0.2 report (X-XARF: PLAIN): multipart/mixed with a human part, the YAML report
 * (report.txt) and the log evidence. Source is the URL for phishing, malware and copyright
 * reports, otherwise the IP (IPv6 as Source-Type ipv6), otherwise the domain.
 */
export function xarfLegacyMail(i: DemoMailIncident): Buffer {
  requireResource(i, "xarfLegacyMail");
  const kind = legacyKind(i.type);
  const { source, sourceType } = legacySource(i);
  const port = i.port ?? kind.port;
  const reportId = `${Math.floor(i.at.getTime() / 1000)}-${fnv1a(i.messageId).toString(16)}@${domainOf(i.reporter.email)}`;
  const occurrences = between(i, "occurrences", 3, 120);
  const report = [
    "---",
    ["Reported-From", i.reporter.email],
    ["Category", kind.category],
    ["Report-Type", kind.reportType],
    kind.service ? ["Service", kind.service] : null,
    ["Version", "0.2"],
    ["User-Agent", `${domainOf(i.reporter.email)} X-ARF generator 1.3`],
    ["Date", rfc5322Date(i.at)],
    ["Source-Type", sourceType],
    ["Source", source],
    port !== undefined ? ["Port", String(port)] : null,
    ["Report-ID", reportId],
    ["Occurrences", String(occurrences)],
    ["TLP", "green"],
    ["Attachment", "text/plain"],
  ]
    .filter((l): l is string | [string, string] => l !== null)
    .map((l) => (typeof l === "string" ? l : `${l[0]}: ${yamlScalar(l[1])}`))
    .join("\n");
  const what = {
    "login-attack": `tried to log in to our ${kind.service ?? "SSH"} service ${occurrences} times`,
    portscan: `scanned our network (${occurrences} connection attempts)`,
  }[kind.reportType];
  const human = [
    "Dear abuse team,",
    "",
    `${sourceType === "uri" ? `the URL ${source}` : `the host ${source}`} ${what ?? `was reported for ${kind.reportType}`}.`,
    "The machine-readable report and the log lines are attached.",
    "This report was generated automatically; replies are read by people.",
    "",
    "--",
    i.reporter.org ?? i.reporter.name,
  ].join("\n");
  const log = evidenceLog(i, port);
  const boundary = boundaryOf(i, "xarf");
  const body = multipartBody(boundary, [
    textPart(human),
    {
      headers: ['Content-Type: text/plain; charset=utf-8; name="report.txt"'],
      body: crlfText(report),
    },
    {
      headers: [
        'Content-Type: text/plain; charset=us-ascii; name="logfile.log"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="logfile.log"',
      ],
      body: `${base64Lines(Buffer.from(crlfText(log.join("\n"))))}${CRLF}`,
    },
  ]);
  return mail(
    {
      from: mailbox(i.reporter.org ?? i.reporter.name, i.reporter.email),
      to: i.to,
      subject: `abuse report about ${source} - ${rfc5322Date(i.at)}`,
      date: rfc5322Date(new Date(i.at.getTime() + between(i, "delay", 1, 30) * 1000)),
      messageId: i.messageId,
      extra: ["Auto-Submitted: auto-generated", "X-XARF: PLAIN"],
      mime: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
