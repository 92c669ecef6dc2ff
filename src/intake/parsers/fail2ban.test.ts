import { describe, expect, it } from "vitest";
import { isFail2banText, jailApplication, parseFail2banText } from "./fail2ban.ts";
import { ok, parseFixture, RECEIVED } from "./mail-fixtures.ts";

const parse = parseFixture;

describe("isFail2banText", () => {
  it.each([
    ["[Fail2Ban] sshd: banned 203.0.113.5 from host", "", true],
    ["[Fail2Ban] sshd: started on host", "", true],
    [
      "Re: question",
      "The IP 203.0.113.5 has just been banned by Fail2Ban after\n5 attempts against sshd.",
      true,
    ],
    ["Phishing report", "We use fail2ban too, but this is a phishing report.", false],
    ["", "", false],
  ])("%j / %j → %s", (subject, text, expected) => {
    expect(isFail2banText(subject, text)).toBe(expected);
  });
});

describe("jailApplication", () => {
  it.each([
    ["sshd", "ssh"],
    ["sshd-ddos", "ssh"],
    ["postfix-sasl", "smtp"],
    ["dovecot", "imap"],
    ["nginx-http-auth", "http"],
    ["apache-auth", "http"],
    ["vsftpd", "ftp"],
    ["asterisk", "sip"],
    ["mysqld-auth", "mysql"],
    ["recidive", undefined],
    ["my-custom-jail", undefined],
  ])("%s → %s", (jail, app) => {
    expect(jailApplication(jail)).toBe(app);
  });
});

describe("fail2ban mails", () => {
  it("sendmail-whois-lines: the banned IP, the jail as ssh, the mail date, the log lines as evidence", async () => {
    const r = ok(await parse("fail2ban-sshd-lines.eml"));
    expect(r.parser).toBe("fail2ban");
    expect(r.events).toEqual([
      {
        "feed.name": "fail2ban",
        "time.source": "2026-11-28T12:14:03.000Z",
        "time.observation": "2026-11-28T12:30:00.000Z",
        "classification.taxonomy": "intrusion-attempts",
        "classification.type": "brute-force",
        "source.ip": "203.0.113.5",
        "protocol.application": "ssh",
        raw: "The IP 203.0.113.5 has just been banned by Fail2Ban after 5 attempts against sshd.",
        extra: { jail: "sshd", failures: 5, banned_on: "gw01.hoster.example", log_lines: 5 },
      },
    ]);
    expect(r.evidence).toHaveLength(1);
    expect(r.evidence[0]?.kind).toBe("log");
    const log = new TextDecoder().decode(r.evidence[0]?.data).split("\n").filter(Boolean);
    expect(log).toHaveLength(5);
    expect(log[0]).toBe(
      "Nov 28 21:13:41 gw01 sshd[4411]: Invalid user oracle from 203.0.113.5 port 40022",
    );
    expect(log.join("\n")).not.toContain("inetnum");
    expect(r.meta.reporterType).toBe("automated");
  });

  it("mail-whois without log lines (CRLF mail): postfix-sasl → smtp, no evidence", async () => {
    const r = ok(await parse("fail2ban-postfix-whois.eml"));
    expect(r.events[0]).toMatchObject({
      "source.ip": "198.51.100.7",
      "protocol.application": "smtp",
      extra: { jail: "postfix-sasl", failures: 12 },
    });
    expect(r.evidence).toEqual([]);
  });

  it("the older 'Lines containing IP:… in <logpath>' layout, IPv6", async () => {
    const r = ok(await parse("fail2ban-dovecot-ipv6.eml"));
    expect(r.events[0]).toMatchObject({
      "source.ip": "2001:db8:0:1::77",
      "protocol.application": "imap",
    });
    expect(r.events[0]?.extra).toMatchObject({ logpath: "/var/log/mail.log", log_lines: 2 });
    expect(r.evidence[0]?.description).toContain("/var/log/mail.log");
  });

  it("recidive has no application", async () => {
    const r = ok(await parse("fail2ban-recidive.eml"));
    expect(r.events[0]?.["protocol.application"]).toBeUndefined();
    expect(r.events[0]?.extra?.jail).toBe("recidive");
  });

  it("a started notice and a bad IP fail with a reason", async () => {
    expect(await parse("fail2ban-started.eml")).toMatchObject({
      ok: false,
      parser: "fail2ban",
      reason: 'a fail2ban "sshd: started" notice reports no ban',
    });
    expect(await parse("fail2ban-bad-ip.eml")).toMatchObject({
      ok: false,
      parser: "fail2ban",
      reason: 'the banned address "203.0.113.999" is not an IP address',
    });
  });
});

describe("parseFail2banText", () => {
  const input = { bytes: new Uint8Array(), receivedAt: RECEIVED };

  it("reads the text alone when the subject was lost (a forwarded notice)", () => {
    const r = ok(
      parseFail2banText(
        "Fwd: look at this",
        "> The IP 192.0.2.9 has just been banned by Fail2Ban after\n> 7 attempts against nginx-http-auth.\n",
        input,
      ),
    );
    expect(r.events[0]).toMatchObject({
      "source.ip": "192.0.2.9",
      "protocol.application": "http",
      extra: { failures: 7 },
    });
    expect(r.events[0]?.["time.source"]).toBeUndefined();
  });

  it("refuses a subject and text that name different addresses", () => {
    const r = parseFail2banText(
      "[Fail2Ban] sshd: banned 192.0.2.1 from h",
      "The IP 192.0.2.2 has just been banned by Fail2Ban after\n3 attempts against sshd.",
      input,
    );
    expect(r).toMatchObject({
      ok: false,
      reason: "the subject bans 192.0.2.1 but the text bans 192.0.2.2",
    });
  });

  it("needs an address", () => {
    expect(parseFail2banText("[Fail2Ban] sshd: banned", "Hi,\n", input)).toMatchObject({
      ok: false,
      reason: "the fail2ban mail names no banned IP (neither in the subject nor the text)",
    });
  });
});
