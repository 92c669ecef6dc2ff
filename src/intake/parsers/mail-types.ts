import type { Headers, ParsedMail } from "mailparser";
import type { ReportMeta } from "./types.ts";

// A mail as the mail formats read it: email.ts makes it, arf.ts, xarf-legacy.ts and
// report-fields.ts read it. Kept apart so that the formats do not import their dispatcher.

/** One MIME part, decoded. */
export interface MimePart {
  /** IMAP-style part number: "" for the message itself, "1", "2.1", … */
  id: string;
  /** Lower-case `type/subtype`; text/plain when the part does not say. */
  contentType: string;
  /** Content-Type parameters (charset, name, boundary, report-type, …). */
  params: Record<string, string>;
  /** The media type of `content`, with the charset for text (UTF-8 once mailparser decoded it). */
  mediaType: string;
  disposition?: string;
  filename?: string;
  headers: Headers;
  /** The body with the transfer encoding removed. Empty for multiparts. */
  content: Uint8Array;
  /** The body as text (charset decoded) for text/* and message/* parts. */
  text?: string;
  children: MimePart[];
  /** A multipart whose closing boundary is missing: the message was cut off. */
  truncated: boolean;
}

/** A parsed mail: mailparser's view plus the MIME tree. */
export interface MailMessage {
  mail: ParsedMail;
  root: MimePart;
  /** Leaf parts, depth first, in message order. */
  leaves: MimePart[];
  /** Some multipart in the message has no closing boundary. */
  truncated: boolean;
  /** The Date header as ISO UTC, when it is a date. */
  date?: string;
  meta: ReportMeta;
  /** A top-level header's value as text (see headerText). */
  header: (name: string) => string | undefined;
}
