import { isIP } from "node:net";
import type { ClassificationType } from "../../domain/taxonomy.ts";
import type { DemoMailIncident } from "./incident.ts";
import {
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
} from "./mime.ts";

// ARF (RFC 5965)
// ---------------------------------------------------------------------------------------------

/** Feedback-Type for an incident type: ARF only knows kinds of mail abuse. */
function feedbackType(type: ClassificationType): string {
  if (type === "spam") return "abuse";
  if (type === "phishing") return "fraud";
  if (type === "malware-distribution") return "virus";
  return "other";
}

/** The sender of the reported message: the incident's domain, the URL's host, or a made-up one. */
function spammerDomain(i: DemoMailIncident): string {
  const host = hostOf(i.url);
  return i.domain ?? (host && !isIP(host) ? host : "bulk-mailer.example");
}

/** The reported message itself: what landed in the reporter's user's mailbox. */
function reportedMessage(i: DemoMailIncident, rcpt: string, mta: string): string {
  const from = spammerDomain(i);
  const sent = new Date(i.at.getTime() - between(i, "sent", 2, 40) * 1000);
  const ipLiteral = i.ip ? (isIpv6(i.ip) ? `IPv6:${i.ip}` : i.ip) : "unknown";
  const [subject, sender, lines] =
    i.type === "phishing"
      ? pick(i, "arf-original", [
          [
            "Your account has been suspended",
            `security@${from}`,
            [
              "Dear customer,",
              "",
              "We noticed unusual sign-in activity and suspended your online banking account.",
              `Please confirm your identity within 24 hours: ${i.url ?? `https://${from}/verify`}`,
            ],
          ],
          [
            "Action required: payment information",
            `billing@${from}`,
            [
              "Your last payment could not be processed.",
              `Update your card details here: ${i.url ?? `https://${from}/billing`}`,
            ],
          ],
        ] as const)
      : i.type === "malware-distribution"
        ? ([
            "Invoice 2026-0412 overdue",
            `accounts@${from}`,
            [
              "Hello,",
              "",
              "please find the overdue invoice below and settle it this week.",
              `Download: ${i.url ?? `https://${from}/invoice.zip`}`,
            ],
          ] as const)
        : pick(i, "arf-original", [
            [
              "Earn money fast - limited offer",
              `news@${from}`,
              [
                "Work from home and earn up to 5,000 a week!",
                i.url ? `Sign up now: ${i.url}` : "Reply to this mail to sign up.",
              ],
            ],
            [
              "Cheap watches, 90% off",
              `sales@${from}`,
              [
                "Best replica watches, shipped worldwide.",
                i.url ? `Shop: ${i.url}` : "Reply to order.",
              ],
            ],
          ] as const);
  return crlfText(
    [
      `Received: from mail.${from} (mail.${from} [${ipLiteral}])`,
      `\tby ${mta} with ESMTP id ${fnv1a(i.messageId).toString(36).toUpperCase()}; ${rfc5322Date(i.at)}`,
      `From: <${sender}>`,
      `To: <${rcpt}>`,
      `Subject: ${subject}`,
      `Date: ${rfc5322Date(sent)}`,
      `Message-ID: <${fnv1a(`${i.messageId}/orig`).toString(16)}@${from}>`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      ...lines,
    ].join("\n"),
  );
}

/**
 * A feedback-loop complaint (RFC 5965 multipart/report; report-type=feedback-report) with the
 * reported message attached. Feedback-Type follows the incident: spam → abuse, phishing → fraud,
 * malware-distribution → virus, anything else → other. Source-IP is i.ip, Reported-URI i.url,
 * Reported-Domain i.domain (each when given).
 */
export function arfMail(i: DemoMailIncident): Buffer {
  requireResource(i, "arfMail");
  const reporterDomain = domainOf(i.reporter.email);
  const mta = `mx${between(i, "mx", 1, 4)}.${reporterDomain}`;
  const rcpt = `user${between(i, "rcpt", 100, 999)}@${reporterDomain}`;
  const boundary = boundaryOf(i, "arf");
  const fields = [
    `Feedback-Type: ${feedbackType(i.type)}`,
    `User-Agent: ${reporterDomain} FBL/1.4`,
    "Version: 1",
    `Original-Mail-From: <bounce@${spammerDomain(i)}>`,
    `Original-Rcpt-To: <${rcpt}>`,
    `Arrival-Date: ${rfc5322Date(i.at)}`,
    `Reporting-MTA: dns; ${mta}`,
    i.ip ? `Source-IP: ${i.ip}` : "",
    i.port !== undefined ? `Source-Port: ${i.port}` : "",
    `Authentication-Results: ${mta}; spf=pass smtp.mailfrom=${spammerDomain(i)}`,
    i.domain ? `Reported-Domain: ${i.domain}` : "",
    i.url ? `Reported-URI: ${i.url}` : "",
    "Incidents: 1",
  ].filter(Boolean);
  const human = [
    `This is an email abuse report for an email message received from IP ${i.ip ?? "(unknown)"}`,
    `on ${rfc5322Date(i.at)}.`,
    "",
    `One of our users marked it as ${i.type === "phishing" ? "fraud" : i.type === "malware-distribution" ? "carrying a virus" : "spam"}.`,
    "For more information about this format see RFC 5965.",
  ].join("\n");
  const body = multipartBody(boundary, [
    {
      headers: ['Content-Type: text/plain; charset="us-ascii"', "Content-Transfer-Encoding: 7bit"],
      body: crlfText(human),
    },
    { headers: ["Content-Type: message/feedback-report"], body: crlfText(fields.join("\n")) },
    {
      headers: ["Content-Type: message/rfc822", "Content-Disposition: inline"],
      body: reportedMessage(i, rcpt, mta),
    },
  ]);
  const subject = pick(i, "arf-subject", [
    `FW: abuse report for ${i.ip ?? i.domain ?? hostOf(i.url)}`,
    `Email Feedback Report for IP ${i.ip ?? "unknown"}`,
    "Complaint about message from your network",
  ]);
  return mail(
    {
      from: mailbox(i.reporter.name, i.reporter.email),
      to: i.to,
      subject,
      date: rfc5322Date(new Date(i.at.getTime() + between(i, "delay", 5, 90) * 1000)),
      messageId: i.messageId,
      mime: [
        `Content-Type: multipart/report; report-type=feedback-report;${CRLF}\tboundary="${boundary}"`,
      ],
    },
    body,
  );
}

// ---------------------------------------------------------------------------------------------
