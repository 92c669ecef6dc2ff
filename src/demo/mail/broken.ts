import { encodedHeader, encodeIso2022jp } from "./charsets.ts";
import {
  CRLF,
  crlfText,
  headerBlock,
  JST,
  mail,
  mailbox,
  multipartBody,
  rfc5322Date,
  textPart,
} from "./mime.ts";

// Mails that must end in quarantine
// ---------------------------------------------------------------------------------------------

/**
 * Inputs the intake cannot turn into events, each for a different reason: an XARF v4 mail
 * whose xarf.json is cut off, an ARF report without its message/feedback-report part, an
 * X-ARF 0.2 report without a Source, and a person's follow-up that names no resource.
 */
export function brokenMails(to: string, at: Date): { name: string; bytes: Buffer }[] {
  const stamp = Math.floor(at.getTime() / 1000);
  const date = rfc5322Date(at);
  const id = (name: string, domain: string) => `broken-${name}-${stamp}@${domain}`;

  const xarfJson = `{"xarf_version": "4.0.0", "report_id": "${stamp}", "category": "content", "type": "phishing", "source_identifier": "192.0.2.81",${CRLF}`;
  const xarf = mail(
    {
      from: '"Example CERT" <abuse@cert.example>',
      to,
      subject: "XARF report: phishing on 192.0.2.81",
      date,
      messageId: id("xarf-json", "cert.example"),
      mime: ['Content-Type: multipart/mixed; boundary="=_xarf-cut"'],
    },
    multipartBody("=_xarf-cut", [
      textPart("A phishing page is hosted on 192.0.2.81. The report is attached."),
      {
        headers: [
          'Content-Type: application/json; name="xarf.json"',
          'Content-Disposition: attachment; filename="xarf.json"',
        ],
        body: xarfJson,
      },
    ]),
  );

  const arf = mail(
    {
      from: '"Mailbox FBL" <fbl@mailbox.example>',
      to,
      subject: "Email Feedback Report",
      date,
      messageId: id("arf", "mailbox.example"),
      mime: [
        'Content-Type: multipart/report; report-type=feedback-report; boundary="=_arf-noreport"',
      ],
    },
    multipartBody("=_arf-noreport", [
      textPart("This is an email abuse report for a message received from your network."),
      {
        headers: ["Content-Type: text/rfc822-headers"],
        body: crlfText(
          [
            "From: <news@bulk-mailer.example>",
            "To: <user412@mailbox.example>",
            "Subject: Earn money fast",
            `Date: ${date}`,
          ].join("\n"),
        ),
      },
    ]),
  );

  const legacy = mail(
    {
      from: '"Example IDS" <ids@scan-watch.example>',
      to,
      subject: `abuse report - ${date}`,
      date,
      messageId: id("xarf02", "scan-watch.example"),
      extra: ["Auto-Submitted: auto-generated", "X-XARF: PLAIN"],
      mime: ['Content-Type: multipart/mixed; boundary="=_xarf02-nosource"'],
    },
    multipartBody("=_xarf02-nosource", [
      textPart("Automatic abuse report. Our sensor could not fill in every field."),
      {
        headers: ['Content-Type: text/plain; charset=utf-8; name="report.txt"'],
        body: crlfText(
          [
            "---",
            "Reported-From: ids@scan-watch.example",
            "Category: abuse",
            "Report-Type: login-attack",
            "Service: ssh",
            "Version: 0.2",
            `Date: ${date}`,
            "Source-Type: ip-address",
          ].join("\n"),
        ),
      },
    ]),
  );

  const followUp = `${[
    "ご担当者様",
    "",
    "お世話になっております。",
    "先日お送りした件について、その後の状況はいかがでしょうか。",
    "お手数ですが、ご回答いただけますと幸いです。",
    "",
    "よろしくお願いいたします。",
    "--",
    "山田 太郎 <taro@home-user.example>",
  ].join(CRLF)}${CRLF}`;
  const person = Buffer.concat([
    Buffer.from(
      `${headerBlock({
        from: mailbox("山田 太郎", "taro@home-user.example", "iso-2022-jp"),
        to,
        subject: encodedHeader("先日の件について", "iso-2022-jp"),
        date: rfc5322Date(at, JST),
        messageId: id("no-resource", "home-user.example"),
        mime: ["Content-Type: text/plain; charset=ISO-2022-JP", "Content-Transfer-Encoding: 7bit"],
      })}${CRLF}${CRLF}`,
      "latin1",
    ),
    encodeIso2022jp(followUp),
  ]);

  return [
    { name: "xarf-v4-invalid-json", bytes: xarf },
    { name: "arf-without-report-part", bytes: arf },
    { name: "xarf02-without-source", bytes: legacy },
    { name: "free-text-no-resource", bytes: person },
  ];
}
