import type { DemoMailIncident } from "./incident.ts";
import {
  between,
  crlfText,
  domainOf,
  fnv1a,
  mail,
  mailbox,
  pick,
  rfc5322Date,
  syslogTime,
} from "./mime.ts";
import { attemptTime } from "./xarf-legacy.ts";

// fail2ban
// ---------------------------------------------------------------------------------------------

/** The log line a jail's filter matched, for one failed attempt. */
function jailLogLine(jail: string, ip: string, t: Date, i: DemoMailIncident, k: number): string {
  const host = "gw01";
  const pid = between(i, `f2b-pid${Math.floor(k / 3)}`, 1000, 29999);
  const sport = i.port ?? between(i, `f2b-port${k}`, 32768, 60999);
  const j = jail.toLowerCase();
  if (j.startsWith("postfix"))
    return `${syslogTime(t)} ${host} postfix/smtpd[${pid}]: warning: unknown[${ip}]: SASL LOGIN authentication failed: UGFzc3dvcmQ6`;
  if (j.startsWith("dovecot")) {
    const user = pick(i, `f2b-user${k}`, ["info", "admin", "sales", "test"]);
    return `${syslogTime(t)} ${host} dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<${user}>, method=PLAIN, rip=${ip}, session=<${fnv1a(`${i.messageId}${k}`).toString(36)}>`;
  }
  if (j.startsWith("recidive")) {
    return `${t.toISOString().replace("T", " ").slice(0, 23).replace(".", ",")} fail2ban.actions [${pid}]: NOTICE [sshd] Ban ${ip}`;
  }
  if (j.startsWith("nginx") || j.startsWith("wordpress") || j.startsWith("apache")) {
    const d = t.toISOString();
    return `${d.slice(0, 10).replace(/-/g, "/")} ${d.slice(11, 19)} [error] ${pid}#0: *${k + 1} user "admin": password mismatch, client: ${ip}, server: www.${domainOf(i.reporter.email)}, request: "POST /wp-login.php HTTP/1.1"`;
  }
  const user = pick(i, `f2b-user${k}`, ["root", "admin", "oracle", "postgres", "ubuntu"]);
  return `${syslogTime(t)} ${host} sshd[${pid}]: Failed password for ${user === "root" ? "" : "invalid user "}${user} from ${ip} port ${sport} ssh2`;
}

/** What `whois` prints for the documentation ranges, as the mail-whois actions include it. */
function whoisOf(ip: string): string[] {
  const v4: [string, string, string][] = [
    ["192.0.2.", "192.0.2.0 - 192.0.2.255", "TEST-NET-1"],
    ["198.51.100.", "198.51.100.0 - 198.51.100.255", "TEST-NET-2"],
    ["203.0.113.", "203.0.113.0 - 203.0.113.255", "TEST-NET-3"],
  ];
  const hit = v4.find(([prefix]) => ip.startsWith(prefix));
  if (hit) {
    return [
      "% This is the whois server of an example registry.",
      `inetnum:        ${hit[1]}`,
      `netname:        ${hit[2]}`,
      "descr:          Documentation address block",
      "country:        ZZ",
    ];
  }
  if (/^2001:db8:/i.test(ip)) {
    return [
      "% This is the whois server of an example registry.",
      "inet6num:       2001:db8::/32",
      "netname:        IPV6-DOC",
      "descr:          Documentation address block",
      "country:        ZZ",
    ];
  }
  return [`% No whois information for ${ip}`];
}

/**
 * A fail2ban ban notice (sendmail-whois-lines style): `[Fail2Ban] <jail>: banned <ip> from
 * <host>`, the ban sentence, whois (sometimes) and the log lines with the failures. The Date is
 * i.at, the moment of the ban. Needs i.ip.
 */
export function fail2banMail(i: DemoMailIncident & { jail?: string; attempts?: number }): Buffer {
  if (!i.ip) throw new Error(`fail2banMail: a ban notice needs i.ip (${i.messageId})`);
  const jail = i.jail ?? "sshd";
  const attempts = i.attempts ?? between(i, "attempts", 3, 10);
  const bannedOn = domainOf(i.reporter.email);
  const lines: string[] = [];
  for (let k = 0; k < Math.min(attempts, 20); k++) {
    const t = attemptTime(i, "f2b-gap", Math.min(attempts, 20) - 1 - k);
    lines.push(jailLogLine(jail, i.ip, t, i, k));
  }
  const withWhois = pick(i, "f2b-whois", [true, true, false]);
  const body = [
    "Hi,",
    "",
    `The IP ${i.ip} has just been banned by Fail2Ban after`,
    `${attempts} attempts against ${jail}.`,
    "",
    "",
    ...(withWhois ? [`Here is more information about ${i.ip} :`, "", ...whoisOf(i.ip), ""] : []),
    `Lines containing failures of ${i.ip} (max 1000)`,
    ...lines,
    "",
    "Regards,",
    "",
    "Fail2Ban",
  ].join("\n");
  return mail(
    {
      from: mailbox(i.reporter.name || "Fail2Ban", i.reporter.email),
      to: i.to,
      subject: `[Fail2Ban] ${jail}: banned ${i.ip} from ${bannedOn}`,
      date: rfc5322Date(i.at),
      messageId: i.messageId,
      extra: [`Return-Path: <${i.reporter.email}>`],
      mime: ["Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit"],
    },
    crlfText(body),
  );
}

// ---------------------------------------------------------------------------------------------
