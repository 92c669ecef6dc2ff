import { classify } from "../../domain/event.ts";
import { normalizeFqdn, normalizeIp } from "../resources.ts";
import { type DraftEvent, finish, makeEvidence } from "./report-fields.ts";
import {
  fail,
  type ParsedEvidence,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
} from "./types.ts";

/*
 * fail2ban's ban notifications from the mail-whois*, sendmail-whois* and *-lines actions:
 *
 *   Subject: [Fail2Ban] sshd: banned 203.0.113.5 from gw.hoster.example
 *
 *   The IP 203.0.113.5 has just been banned by Fail2Ban after
 *   5 attempts against sshd.
 *
 *   Here is more information about 203.0.113.5 :
 *   <whois>
 *   Lines containing failures of 203.0.113.5 (max 1000)
 *   <log lines>
 *
 *   Regards,
 *   Fail2Ban
 */

const FEED = "fail2ban";

const SUBJECT =
  /^\s*\[Fail2Ban\]\s+(.+?):\s+(banned|started|stopped)\b(?:\s+(\S+))?(?:\s+(?:from|on)\s+(\S+))?/i;
const BANNED =
  /The IP\s+(\S+)\s+has just been banned by Fail2Ban after\s+(\d+)\s+attempts against\s+(.+?)\.\s*$/im;
const LOG_HEADING =
  /^(?:Lines containing (?:failures of|IP:?)\s*(\S+)(?:\s+in\s+(\S+))?.*|Matches(?: for)? .*)$/i;

/** Jail name (its start) → protocol.application. */
const JAIL_APPLICATIONS: [RegExp, string][] = [
  [/^(sshd?|dropbear|openssh)\b/, "ssh"],
  [/^(postfix|sendmail|exim|qmail|haraka|smtp)/, "smtp"],
  [/^(dovecot|courier|cyrus|uwimap|imap)/, "imap"],
  [/^(pop3|qpopper)/, "pop3"],
  [/^(vsftpd|proftpd|pure-?ftpd|wuftpd|ftp)/, "ftp"],
  [
    /^(apache|nginx|lighttpd|php|wordpress|wp-|drupal|roundcube|phpmyadmin|traefik|caddy|nextcloud|owncloud|grafana|gitlab|http|web)/,
    "http",
  ],
  [/^(asterisk|freeswitch|sip)/, "sip"],
  [/^(mysqld?|mariadb)/, "mysql"],
  [/^(postgres)/, "postgresql"],
  [/^(named|bind|dns)/, "dns"],
  [/^(openvpn)/, "openvpn"],
  [/^(xrdp|rdp)/, "rdp"],
  [/^(vnc)/, "vnc"],
  [/^(mssql)/, "mssql"],
];

/** protocol.application for a jail, or undefined (recidive and custom jails). */
export function jailApplication(jail: string): string | undefined {
  const j = jail.trim().toLowerCase();
  return JAIL_APPLICATIONS.find(([re]) => re.test(j))?.[1];
}

/** True when the subject or text is a fail2ban notification. */
export function isFail2banText(subject: string, text: string): boolean {
  return SUBJECT.test(subject) || /has just been banned by Fail2Ban\b/i.test(text);
}

/** The log lines after a "Lines containing failures of …" heading, up to "Regards,". */
function logSection(lines: string[]): { lines: string[]; logpath?: string } {
  const start = lines.findIndex((l) => LOG_HEADING.test(l.trim()));
  if (start < 0) return { lines: [] };
  const logpath = LOG_HEADING.exec(lines[start]?.trim() ?? "")?.[2];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*Regards,?\s*$/i.test(line)) break;
    if (line.trim()) out.push(line.replace(/\s+$/, ""));
  }
  return { lines: out, logpath };
}

/**
 * A fail2ban ban notification → one brute-force event for the banned address. `time` is when
 * the mail was sent (its Date header), which is when the ban happened.
 */
export function parseFail2banText(
  subject: string,
  text: string,
  input: ParseInput,
  time?: string,
): ParseResult {
  const meta: ReportMeta = { reporterType: "automated" };
  const s = SUBJECT.exec(subject);
  if (s && s[2]?.toLowerCase() !== "banned") {
    return fail(FEED, `a fail2ban "${s[1]}: ${s[2]?.toLowerCase()}" notice reports no ban`, meta);
  }
  // Line ends normalised; quote marks of a forwarded or replied notice dropped.
  const body = text.replace(/\r\n?/g, "\n").replace(/^(?:> ?)+/gm, "");
  const b = BANNED.exec(body);
  const ipText = b?.[1] ?? s?.[3];
  const jail = (b?.[3] ?? s?.[1])?.trim();
  if (!ipText)
    return fail(
      FEED,
      "the fail2ban mail names no banned IP (neither in the subject nor the text)",
      meta,
    );
  const ip = normalizeIp(ipText);
  if (!ip) return fail(FEED, `the banned address "${ipText}" is not an IP address`, meta);
  if (b && s?.[3] && normalizeIp(s[3]) !== ip) {
    return fail(FEED, `the subject bans ${s[3]} but the text bans ${ipText}`, meta);
  }

  const lines = body.split("\n");
  const log = logSection(lines);
  const bannedOn = s?.[4] ? (normalizeFqdn(s[4]) ?? s[4]) : undefined;

  const evidence: ParsedEvidence[] = [];
  if (log.lines.length) {
    evidence.push(
      makeEvidence(
        "log",
        "text/plain; charset=utf-8",
        new TextEncoder().encode(`${log.lines.join("\n")}\n`),
        {
          description: `fail2ban: log lines with failures of ${ip}${log.logpath ? ` in ${log.logpath}` : ""}`,
        },
      ),
    );
  }

  const draft: DraftEvent = {
    "feed.name": FEED,
    "time.observation": input.receivedAt.toISOString(),
    "time.source": time,
    ...classify("brute-force"),
    "source.ip": ip,
    "protocol.application": jail ? jailApplication(jail) : undefined,
    raw: b?.[0].replace(/\s+/g, " ").trim() ?? subject.trim(),
    extra: {
      jail,
      failures: b?.[2] ? Number(b[2]) : undefined,
      banned_on: bannedOn,
      logpath: log.logpath,
      log_lines: log.lines.length || undefined,
    },
  };
  return finish(FEED, [draft], evidence, meta);
}
