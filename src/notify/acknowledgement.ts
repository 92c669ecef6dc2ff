import { headerMap } from "../domain/mail-headers.ts";

const addressOf = (v: string) => (/<([^>]*)>/.exec(v)?.[1] ?? v).trim().toLowerCase();

/**
 * Why this mail must not be answered automatically (RFC 3834), or null when it may be:
 * no reply to a null sender, mailer-daemon, an automatic or bulk mail, a list, ourselves,
 * or a mail whose subject carries one of our tracking numbers (someone's reply to us).
 */
export function ackRefusal(
  envelopeFrom: string,
  raw: Uint8Array,
  ourAddresses: string[],
  trackingPrefix?: string,
): string | null {
  const from = addressOf(envelopeFrom);
  if (!from || from === "<>") return "null sender";
  const local = from.split("@")[0] ?? "";
  if (/^(mailer-daemon|postmaster|noreply|no-reply|do-not-reply)$/.test(local))
    return `sender is ${local}`;
  const h = headerMap(raw);
  const auto = h.get("auto-submitted")?.[0]?.toLowerCase();
  if (auto && auto !== "no") return `Auto-Submitted: ${auto}`;
  const precedence = h.get("precedence")?.[0]?.toLowerCase();
  if (precedence && ["bulk", "junk", "list"].includes(precedence))
    return `Precedence: ${precedence}`;
  if (h.has("list-id") || h.has("list-unsubscribe")) return "mailing list";
  const headerFrom = addressOf(h.get("from")?.[0] ?? "");
  const isOurs = (a: string) =>
    ourAddresses.map(addressOf).some((o) => (o.startsWith("@") ? a.endsWith(o) : a === o));
  if (isOurs(from) || isOurs(headerFrom)) return "mail from our own address";
  const subject = h.get("subject")?.[0] ?? "";
  if (trackingPrefix && subject.includes(`[${trackingPrefix}-`))
    return "a reply to one of our own mails";
  return null;
}

/** The acknowledgement: tracking number first, Japanese then English, one mail. */
export function acknowledgementMail(opts: {
  to: string;
  trackingNumber: string;
  originalSubject?: string;
  originalMessageId?: string;
}) {
  const subj = opts.originalSubject ? `: ${opts.originalSubject.slice(0, 120)}` : "";
  const text = [
    `受付番号 / Tracking number: ${opts.trackingNumber}`,
    "",
    "ご報告ありがとうございます。このメールは自動送信です。",
    `ご報告は受付番号 ${opts.trackingNumber} で受け付けました。`,
    "この件についてご連絡いただく際は、件名に受付番号を含めてください。",
    "調査の結果は、必要に応じて担当者からご連絡します。",
    "",
    "Thank you for your report. This is an automatic reply.",
    `Your report has been received under tracking number ${opts.trackingNumber}.`,
    "Please keep the tracking number in the subject of any mail about this report.",
    "An analyst will contact you if more information is needed.",
    "",
  ].join("\n");
  return {
    to: opts.to,
    subject: `[${opts.trackingNumber}] 受付のお知らせ / Report received${subj}`,
    text,
    headers: { "Auto-Submitted": "auto-replied", "X-Mogura-Tracking": opts.trackingNumber },
    inReplyTo: opts.originalMessageId,
    references: opts.originalMessageId,
  };
}
