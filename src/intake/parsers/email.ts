import { type AddressObject, type Headers, type ParsedMail, simpleParser } from "mailparser";
import { isArf, parseArfMessage } from "./arf.ts";
import { isFail2banText, parseFail2banText } from "./fail2ban.ts";
import { parseFreeText } from "./free-text.ts";
import type { MailMessage, MimePart } from "./mail-types.ts";
import { compact, evidenceKind, makeEvidence, toIsoUtc } from "./report-fields.ts";
import {
  type Claim,
  fail,
  head,
  type ParsedEvidence,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
  type ReportParser,
} from "./types.ts";
import { isXarfLegacy, parseXarfLegacyMessage } from "./xarf-legacy.ts";
import { parseXarfJson } from "./xarf-v4.ts";

/*
 * Mail intake: mailparser decodes the message (headers, encoded words, transfer encodings,
 * charsets including ISO-2022-JP, Shift_JIS and EUC-JP); the structured formats need the MIME
 * parts one by one and in order ("the second part is the report"), which mailparser does not
 * expose for inline text parts, so the multipart bodies are split on their boundaries here and
 * each part is handed to mailparser on its own.
 */

const MAX_DEPTH = 8;
const PARSER_OPTIONS = {
  skipImageLinks: true,
  keepCidLinks: true,
  skipTextToHtml: true,
  skipTextLinks: true,
} as const;

/** A header's value as one string (the first one when repeated). */
export function headerText(headers: Headers, name: string): string | undefined {
  const v = headers.get(name.toLowerCase());
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === "string") return first.trim();
  if (first instanceof Date) return first.toISOString();
  if (first && typeof first === "object" && "text" in first) return (first as AddressObject).text;
  if (first && typeof first === "object" && "value" in first && typeof first.value === "string")
    return first.value;
  return undefined;
}

/** The decoded text of a byte body in a charset, UTF-8 when the charset is unknown. */
function decodeCharset(data: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? "utf-8").trim().toLowerCase();
  const alias: Record<string, string> = {
    cp932: "windows-31j",
    ms932: "windows-31j",
    sjis: "shift_jis",
  };
  try {
    return new TextDecoder(alias[label] ?? label).decode(data);
  } catch {
    return new TextDecoder("utf-8").decode(data);
  }
}

/** Splits a multipart body (latin1 string) on its boundary; `closed` when the end delimiter came. */
function splitMultipart(body: string, boundary: string): { parts: string[]; closed: boolean } {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let current: string[] | null = null;
  let closed = false;
  for (const line of body.split(/(?<=\n)/)) {
    const bare = line.replace(/\r?\n$/, "");
    if (bare.startsWith(delimiter)) {
      const rest = bare.slice(delimiter.length);
      if (/^[ \t]*$/.test(rest) || /^--[ \t]*$/.test(rest)) {
        if (current) parts.push(current.join("").replace(/\r?\n$/, ""));
        if (rest.startsWith("--")) {
          closed = true;
          current = null;
          break;
        }
        current = [];
        continue;
      }
    }
    current?.push(line);
  }
  if (current) parts.push(current.join(""));
  return { parts, closed };
}

/** Header block and body of an entity (latin1 string). */
function splitEntity(raw: string): { head: string; body: string } {
  if (/^\r?\n/.test(raw)) return { head: "", body: raw.replace(/^\r?\n/, "") };
  const m = /\r?\n\r?\n/.exec(raw);
  if (!m) return { head: raw, body: "" };
  return { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) };
}

function contentTypeOf(headers: Headers): { type: string; params: Record<string, string> } {
  const ct = headers.get("content-type");
  if (ct && typeof ct === "object" && "value" in ct && typeof ct.value === "string") {
    const params = "params" in ct && ct.params && typeof ct.params === "object" ? ct.params : {};
    return { type: ct.value.toLowerCase(), params: params as Record<string, string> };
  }
  return { type: "text/plain", params: {} };
}

const TEXTUAL = /^(text\/|message\/|application\/(json|xml|yaml|x-yaml)$)/;

/** Parses one entity (headers + body, latin1) into a part, recursing into multiparts. */
async function readPart(raw: string, id: string, depth: number): Promise<MimePart> {
  const { head, body } = splitEntity(raw);
  const headOnly = await simpleParser(Buffer.from(`${head}\r\n\r\n`, "latin1"), PARSER_OPTIONS);
  const { type, params } = contentTypeOf(headOnly.headers);
  const disposition = headOnly.headers.get("content-disposition");
  const dispositionValue =
    disposition &&
    typeof disposition === "object" &&
    "value" in disposition &&
    typeof disposition.value === "string"
      ? disposition.value.toLowerCase()
      : undefined;
  const dispositionParams =
    disposition && typeof disposition === "object" && "params" in disposition
      ? (disposition.params as Record<string, string>)
      : {};
  const part: MimePart = {
    id,
    contentType: type,
    params,
    mediaType: type,
    disposition: dispositionValue,
    filename: dispositionParams.filename ?? params.name,
    headers: headOnly.headers,
    content: new Uint8Array(),
    children: [],
    truncated: false,
  };

  if (type.startsWith("multipart/") && params.boundary && depth < MAX_DEPTH) {
    const { parts, closed } = splitMultipart(body, params.boundary);
    part.truncated = !closed;
    for (const [i, p] of parts.entries()) {
      part.children.push(await readPart(p, id ? `${id}.${i + 1}` : String(i + 1), depth + 1));
    }
    return part;
  }

  const parsed = await simpleParser(Buffer.from(raw, "latin1"), {
    ...PARSER_OPTIONS,
    ignoreEmbedded: true,
  });
  const attachment = parsed.attachments[0];
  if (attachment) {
    part.content = new Uint8Array(attachment.content);
    if (params.charset) part.mediaType = `${type}; charset=${params.charset}`;
    if (TEXTUAL.test(type)) {
      part.text = decodeCharset(part.content, params.charset).replace(/\r\n?/g, "\n");
    }
  } else {
    // Inline text: mailparser has decoded the charset (and format=flowed) already.
    const text =
      type === "text/html" && typeof parsed.html === "string" ? parsed.html : (parsed.text ?? "");
    part.text = text;
    part.content = new Uint8Array(Buffer.from(text, "utf8"));
    part.mediaType = `${type}; charset=utf-8`;
  }
  return part;
}

function leavesOf(part: MimePart): MimePart[] {
  return part.children.length ? part.children.flatMap(leavesOf) : [part];
}

function anyTruncated(part: MimePart): boolean {
  return part.truncated || part.children.some(anyTruncated);
}

function addressOf(a: AddressObject | undefined): { address?: string; name?: string } {
  const first = a?.value.find((v) => v.address) ?? a?.value[0];
  return { address: first?.address?.toLowerCase() || undefined, name: first?.name || undefined };
}

/**
 * True when the message must not get an automatic reply (RFC 3834 and common practice):
 * Auto-Submitted other than "no", Precedence bulk/junk/list, any List-* header, or a sender
 * that is mailer-daemon, postmaster or empty.
 */
export function isAutoSubmitted(mail: ParsedMail): boolean {
  const h = mail.headers;
  const auto = headerText(h, "auto-submitted");
  if (auto && auto.split(";")[0]?.trim().toLowerCase() !== "no") return true;
  const precedence = headerText(h, "precedence")?.toLowerCase();
  if (precedence && ["bulk", "junk", "list"].includes(precedence)) return true;
  if (h.has("list")) return true;
  const from = addressOf(mail.from).address;
  if (!from) return true;
  if (/^(mailer-daemon|postmaster)(@|$)/i.test(from)) return true;
  const returnPath = h.get("return-path") as AddressObject | undefined;
  if (returnPath && typeof returnPath === "object" && "value" in returnPath) {
    const rp = addressOf(returnPath).address;
    if (!rp || /^(mailer-daemon|postmaster)(@|$)/i.test(rp)) return true;
  }
  return false;
}

function metaOf(mail: ParsedMail): ReportMeta {
  const from = addressOf(mail.from);
  return compact({
    messageId: mail.messageId,
    subject: mail.subject,
    from: mail.from?.text || undefined,
    reporterEmail: from.address,
    reporterName: from.name,
    autoSubmitted: isAutoSubmitted(mail),
  });
}

/** The raw Date header as ISO UTC (mailparser puts "now" in place of a bad date). */
function dateOf(mail: ParsedMail): string | undefined {
  const line = mail.headerLines.find((l) => l.key === "date");
  if (!line) return undefined;
  return toIsoUtc(line.line.replace(/^date\s*:/i, "").trim()) ?? undefined;
}

/** Reads a mail into mailparser's result and the MIME tree. Throws when mailparser does. */
export async function readMail(bytes: Uint8Array): Promise<MailMessage> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mail = await simpleParser(buffer, PARSER_OPTIONS);
  const root = await readPart(buffer.toString("latin1"), "", 0);
  return {
    mail,
    root,
    leaves: leavesOf(root),
    truncated: anyTruncated(root),
    date: dateOf(mail),
    meta: metaOf(mail),
    header: (name) => headerText(mail.headers, name),
  };
}

/** The part's text, or its bytes as UTF-8. */
const partText = (p: MimePart): string => p.text ?? new TextDecoder("utf-8").decode(p.content);

/** A JSON part that holds an XARF report (xarf_version, or the v3 Version/ReporterInfo). */
export function findXarfJson(
  msg: MailMessage,
): { part: MimePart; json: unknown } | { part: MimePart; error: string } | null {
  for (const part of msg.leaves) {
    const named = part.filename?.toLowerCase().endsWith(".json") ?? false;
    if (!named && part.contentType !== "application/json") continue;
    const text = partText(part).replace(/^\uFEFF/, "");
    try {
      const json: unknown = JSON.parse(text);
      if (json && typeof json === "object" && ("xarf_version" in json || "ReporterInfo" in json))
        return { part, json };
    } catch (e) {
      if (part.filename?.toLowerCase() === "xarf.json")
        return { part, error: (e as Error).message };
    }
  }
  return null;
}

/** Sub-parser meta over header meta: what the report says about itself wins. */
function withMeta(result: ParseResult, base: ReportMeta): ParseResult {
  const meta = { ...base, ...compact({ ...(result.meta ?? {}) }) };
  return { ...result, meta };
}

/**
 * Parses an RFC 5322 message and hands it to the structured format it carries: ARF (RFC 5965,
 * including ARF-wrapped XARF), an XARF v4 JSON attachment, X-ARF 0.1/0.2, or a fail2ban ban
 * notification. Anything else comes back as `no-structured-format` for the free-text parser.
 */
export async function parseEmail(input: ParseInput): Promise<ParseResult> {
  let msg: MailMessage;
  try {
    msg = await readMail(input.bytes);
  } catch (e) {
    return fail("email", `the message could not be read as a mail: ${(e as Error).message}`);
  }
  const base = msg.meta;

  if (isArf(msg)) return withMeta(await parseArfMessage(msg, input), base);

  const xarf = findXarfJson(msg);
  if (xarf && "error" in xarf)
    return fail("xarf", `xarf.json is not valid JSON: ${xarf.error}`, base);
  if (xarf) return withMeta(parseXarfJson(xarf.json, input), base);

  if (isXarfLegacy(msg)) return withMeta(await parseXarfLegacyMessage(msg, input), base);

  const text = msg.mail.text ?? "";
  if (isFail2banText(msg.mail.subject ?? "", text)) {
    return withMeta(parseFail2banText(msg.mail.subject ?? "", text, input, msg.date), base);
  }
  return fail("email", "no-structured-format", base);
}

/** HTML as text, by mailparser's own converter (an HTML-only message converts at the root). */
async function htmlToText(html: string): Promise<string> {
  const mail = await simpleParser(
    Buffer.from(`Content-Type: text/html; charset=utf-8\r\n\r\n${html}`, "utf8"),
  );
  return mail.text ?? "";
}

/**
 * The decoded subject and text body (HTML converted when there is no text part), for the
 * free-text parser when parseEmail finds no structured format. Attachments come as evidence.
 */
export async function emailText(
  input: ParseInput,
): Promise<{ text: string; meta: ReportMeta; attachments: ParsedEvidence[]; tooDeep?: boolean }> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(Buffer.from(input.bytes), PARSER_OPTIONS);
  } catch {
    return { text: new TextDecoder("utf-8").decode(input.bytes), meta: {}, attachments: [] };
  }
  const read = await readableText(mail, 0);
  const attachments = mail.attachments.map((a) => {
    // A part cut off inside its headers has no type at all; RFC 2046 says treat it as bytes.
    const type =
      typeof a.contentType === "string" && a.contentType
        ? a.contentType
        : "application/octet-stream";
    return makeEvidence(evidenceKind(type), type, new Uint8Array(a.content), {
      filename: a.filename,
      description: a.contentDisposition === "inline" ? "inline part of the mail" : undefined,
    });
  });
  return { text: read.text, meta: metaOf(mail), attachments, tooDeep: read.tooDeep };
}

/**
 * How many mails attached to mails are read. A complaint forwarded "as attachment" holds
 * the original one level down, sometimes a few; hundreds of levels are an attack on the
 * parser, and what lies below this is left unread (and the reason says so).
 */
export const MAX_ATTACHED_MAIL_DEPTH = 20;

const isAttachedMail = (type: unknown) =>
  typeof type === "string" && /^message\/(rfc822|global)\b/i.test(type);

/** A mail's subject and text, followed by the text of the mails attached to it. */
async function readableText(
  mail: ParsedMail,
  depth: number,
): Promise<{ text: string; tooDeep: boolean }> {
  let body = mail.text ?? "";
  if (!body.trim() && typeof mail.html === "string" && mail.html.trim())
    body = await htmlToText(mail.html);
  const subject = mail.subject?.trim();
  let text = subject ? `${subject}\n\n${body.trim()}\n` : `${body.trim()}\n`;
  let tooDeep = false;
  for (const a of mail.attachments) {
    if (!isAttachedMail(a.contentType)) continue;
    if (depth + 1 >= MAX_ATTACHED_MAIL_DEPTH) {
      tooDeep = true;
      continue;
    }
    let inner: ParsedMail;
    try {
      inner = await simpleParser(a.content, PARSER_OPTIONS);
    } catch {
      continue;
    }
    const r = await readableText(inner, depth + 1);
    text += `\n${r.text}`;
    tooDeep ||= r.tooDeep;
  }
  return { text, tooDeep };
}

const looksLikeMail = (text: string) =>
  /^[\x21-\x39\x3b-\x7e]+:[^\r\n]*\r?\n/.test(text) &&
  /^(from|message-id|received|return-path|date|subject):/im.test(text);

/**
 * The mail entry of the parser registry: a message/rfc822 body, an .eml file, or bytes that
 * start with mail headers. A mail that carries no structured format is read as a person's
 * text (parser "email+free-text"), its attachments kept as evidence.
 */
export const emailReport: ReportParser = {
  name: "email",
  detect(input): Claim | null {
    if (input.stream) return null;
    const type = input.contentType?.toLowerCase();
    if (type === "message/rfc822" || input.filename?.toLowerCase().endsWith(".eml"))
      return "declared";
    return looksLikeMail(head(input)) ? "content" : null;
  },
  async parse(input) {
    const r = await parseEmail(input);
    if (r.ok || r.reason !== "no-structured-format") return r;
    const { text, meta, attachments, tooDeep } = await emailText(input);
    const t = parseFreeText({ ...input, text, subject: meta.subject });
    if (t.ok)
      return {
        ...t,
        parser: "email+free-text",
        evidence: [...t.evidence, ...attachments],
        meta: { ...meta, ...t.meta },
      };
    const deeper = tooDeep
      ? `; the mail nests attached mails more than ${MAX_ATTACHED_MAIL_DEPTH} levels deep, and the deeper ones were not read`
      : "";
    return { ...t, reason: `${t.reason}${deeper}`, meta };
  },
};
