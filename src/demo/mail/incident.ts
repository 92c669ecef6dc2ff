import type { ClassificationType } from "../../domain/taxonomy.ts";

/*
 * Abuse-report mails for the demo: complete RFC 5322 messages (CRLF line ends) in the formats
 * the SMTP intake reads — ARF (RFC 5965), X-ARF 0.2, XARF v4 JSON, fail2ban ban notices and
 * mails written by people in Japanese or English — plus a few that must end in quarantine.
 *
 * Everything is a pure function of its input: the same incident gives the same bytes, so a demo
 * run can be repeated and its reports deduplicated. Where a day of mail needs variety (wording,
 * defanging, which fields a reporter fills in), the choice is derived from the Message-ID.
 * Names and addresses are fictional: `.example` domains and documentation IP ranges only.
 */

/** One observed abuse incident, as a demo reporter would describe it. */
export interface DemoMailIncident {
  type: ClassificationType;
  /** When it was observed. */
  at: Date;
  /** Source/offending IP (IPv4 or IPv6). */
  ip?: string;
  /** Offending URL (phishing, malware). */
  url?: string;
  domain?: string;
  port?: number;
  reporter: { name: string; email: string; org?: string };
  /** The provider's abuse address, e.g. abuse@hoster.example. */
  to: string;
  /** Without angle brackets, e.g. "demo-17@cert.example". */
  messageId: string;
  /** The brand a phishing site imitates (its Japanese name for Japanese mails). */
  brand?: { name: string; name_ja?: string };
}

export type DemoCharset = "iso-2022-jp" | "shift_jis" | "utf-8";

/** How a person's mail is written: language, charset and (optionally) transfer encoding. */
export interface FreeTextOptions {
  language: "ja" | "en";
  charset: DemoCharset;
  /** Shift_JIS and UTF-8 only (ISO-2022-JP is always 7bit); chosen from the Message-ID when absent. */
  transferEncoding?: "base64" | "8bit";
}
