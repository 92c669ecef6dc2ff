import { simpleParser } from "mailparser";
import { classify } from "../../domain/event.ts";
import type { ClassificationType } from "../../domain/taxonomy.ts";
import { normalizeIp, sourceFields } from "../resources.ts";
import type { MailMessage, MimePart } from "./mail-types.ts";
import {
  type DraftEvent,
  finish,
  makeEvidence,
  plainText,
  snakeKey,
  toIsoUtc,
  toPort,
} from "./report-fields.ts";
import {
  fail,
  type ParsedEvidence,
  type ParseInput,
  type ParseResult,
  type ReportMeta,
} from "./types.ts";
import { parseXarfJson } from "./xarf-v4.ts";

/*
 * ARF, the Abuse Reporting Format of feedback loops (RFC 5965, with RFC 6591 auth-failure
 * reports and RFC 6692 Source-Port): multipart/report; report-type=feedback-report with a human
 * part, a message/feedback-report part of "Field: value" lines, and the reported message (or
 * its headers) as the third part.
 */

const FEED = "arf";

/** Feedback-Type → RSIT type. not-spam and xarf are handled before the lookup. */
const FEEDBACK_TYPES: Record<string, ClassificationType> = {
  abuse: "spam",
  fraud: "phishing",
  virus: "malware-distribution",
  "auth-failure": "spam",
  other: "other",
};

/** Fields copied to `extra` under a short name when present (all values kept when repeated). */
const EXTRA_FIELDS: Record<string, string> = {
  "user-agent": "user_agent",
  version: "arf_version",
  "reporting-mta": "reporting_mta",
  "original-mail-from": "original_mail_from",
  "original-rcpt-to": "original_rcpt_to",
  "original-envelope-id": "original_envelope_id",
  "reported-domain": "reported_domain",
  "authentication-results": "authentication_results",
  "removal-recipient": "removal_recipient",
  // RFC 6591 auth-failure fields
  "auth-failure": "auth_failure",
  "delivery-result": "delivery_result",
  "dkim-domain": "dkim_domain",
  "dkim-identity": "dkim_identity",
  "dkim-selector": "dkim_selector",
  "dkim-canonicalized-header": "dkim_canonicalized_header",
  "dkim-canonicalized-body": "dkim_canonicalized_body",
  "spf-dns": "spf_dns",
  "identity-alignment": "identity_alignment",
};
/** Fields read into event fields. */
const HANDLED = new Set([
  "feedback-type",
  "source-ip",
  "source-port",
  "reported-uri",
  "arrival-date",
  "received-date",
  "incidents",
]);
/** Fields that may come more than once and stay lists. */
const REPEATABLE = new Set([
  "original-rcpt-to",
  "reported-domain",
  "reported-uri",
  "removal-recipient",
  "source-ip",
]);

/** True for multipart/report; report-type=feedback-report, or any message/feedback-report part. */
export function isArf(msg: MailMessage): boolean {
  const r = msg.root;
  const reportType = Object.entries(r.params).find(([k]) => k.toLowerCase() === "report-type")?.[1];
  if (r.contentType === "multipart/report" && reportType?.toLowerCase() === "feedback-report")
    return true;
  return msg.leaves.some((p) => p.contentType === "message/feedback-report");
}

/** The "Name: value" fields of a feedback report (folded lines joined), by lower-case name. */
export function parseFeedbackFields(text: string): Map<string, string[]> {
  const entries: { name: string; value: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const last = entries[entries.length - 1];
    if (/^[ \t]/.test(line) && last) {
      last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (m?.[1]) entries.push({ name: m[1].toLowerCase(), value: (m[2] ?? "").trim() });
  }
  const fields = new Map<string, string[]>();
  for (const { name, value } of entries) fields.set(name, [...(fields.get(name) ?? []), value]);
  return fields;
}

const first = (f: Map<string, string[]>, name: string) => f.get(name)?.find((v) => v !== "");
const unbracket = (v: string) =>
  v
    .trim()
    .replace(/^<(.*)>$/, "$1")
    .trim();

/** The address of a mailto: URI, %-escapes decoded when they are valid. */
function mailtoAddress(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Facts from the reported message's headers, for `extra`. */
async function originalFacts(part: MimePart): Promise<Record<string, string | undefined>> {
  try {
    const head = await simpleParser(Buffer.from(part.content), {
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    return {
      original_subject: head.subject,
      original_message_id: head.messageId,
      original_from: head.from?.value[0]?.address?.toLowerCase(),
    };
  } catch {
    return {};
  }
}

/** Hands an ARF-wrapped XARF report (Feedback-Type: xarf) to the XARF v4 parser. */
function parseWrappedXarf(msg: MailMessage, input: ParseInput, meta: ReportMeta): ParseResult {
  const candidates = msg.leaves.filter(
    (p) => p.contentType === "application/json" || p.filename?.toLowerCase().endsWith(".json"),
  );
  const part = candidates[0] ?? msg.leaves[2];
  if (!part)
    return fail(FEED, "Feedback-Type is xarf but the message has no JSON part (xarf.json)", meta);
  const text = (part.text ?? new TextDecoder().decode(part.content)).replace(/^\uFEFF/, "");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(
      "xarf",
      `Feedback-Type is xarf but ${part.filename ?? "the third part"} is not JSON: ${(e as Error).message}`,
      meta,
    );
  }
  const result = parseXarfJson(json, input);
  return { ...result, meta: { ...meta, ...(result.meta ?? {}) } };
}

/** ARF report → events: one per Source-IP and one per Reported-URI. */
export async function parseArfMessage(msg: MailMessage, input: ParseInput): Promise<ParseResult> {
  const cut = msg.truncated ? " (the message is cut off: a MIME part has no closing boundary)" : "";
  const container = msg.root.children.length ? msg.root : null;
  const parts = container?.children ?? [];
  const reportIndex = msg.leaves.findIndex((p) => p.contentType === "message/feedback-report");
  const reportPart = msg.leaves[reportIndex];
  const firstPart = parts[0];
  const human = firstPart && firstPart !== reportPart ? plainText(firstPart) : undefined;
  const meta: ReportMeta = { reporterType: "automated" };
  if (human?.trim()) meta.description = human.trim();

  if (!reportPart) {
    return fail(
      FEED,
      `multipart/report has no message/feedback-report part (expected as the second part)${cut}`,
      meta,
    );
  }
  const reportText = reportPart.text ?? new TextDecoder().decode(reportPart.content);
  const fields = parseFeedbackFields(reportText);
  const feedbackType = first(fields, "feedback-type")?.toLowerCase();
  if (!feedbackType)
    return fail(FEED, `the feedback report has no Feedback-Type field${cut}`, meta);
  if (feedbackType === "not-spam")
    return fail(FEED, "not-spam feedback is not an abuse report", meta);
  if (feedbackType === "xarf") return parseWrappedXarf(msg, input, meta);
  const type = FEEDBACK_TYPES[feedbackType];
  if (!type) {
    return fail(
      FEED,
      `unknown Feedback-Type "${feedbackType}" (expected abuse, fraud, virus, other, auth-failure)`,
      meta,
    );
  }

  // The reported message: the part after the report, message/rfc822 or its headers only.
  const evidence: ParsedEvidence[] = [];
  const original = msg.leaves.slice(reportIndex + 1).find((p) => p.content.length > 0);
  let facts: Record<string, string | undefined> = {};
  if (original) {
    const isHeaders = /(rfc822|global)-headers$/.test(original.contentType);
    const isMessage = /^message\/(rfc822|global)$/.test(original.contentType);
    evidence.push(
      makeEvidence(
        isHeaders ? "headers" : isMessage ? "email" : "other",
        original.mediaType,
        original.content,
        {
          description: isHeaders ? "headers of the reported message" : "the reported message",
          filename: original.filename,
        },
      ),
    );
    if (isHeaders || isMessage) facts = await originalFacts(original);
  }

  const arrivalRaw = first(fields, "arrival-date") ?? first(fields, "received-date");
  const arrival = arrivalRaw ? toIsoUtc(arrivalRaw) : null;
  const incidentsRaw = first(fields, "incidents");
  const incidents = incidentsRaw && /^\d+$/.test(incidentsRaw) ? Number(incidentsRaw) : undefined;
  const portRaw = first(fields, "source-port");
  const port = portRaw === undefined ? null : toPort(portRaw);

  const extra: Record<string, unknown> = { feedback_type: feedbackType, incidents, ...facts };
  for (const [name, key] of Object.entries(EXTRA_FIELDS)) {
    const values = fields.get(name)?.filter((v) => v !== "");
    if (!values?.length) continue;
    const clean =
      name.startsWith("original-") || name === "removal-recipient" ? values.map(unbracket) : values;
    extra[key] = REPEATABLE.has(name) ? clean : clean[0];
  }
  // Fields this parser does not know, kept as they came.
  for (const [name, values] of fields) {
    if (Object.hasOwn(EXTRA_FIELDS, name) || HANDLED.has(name)) continue;
    extra[snakeKey(name)] = values.length > 1 ? values : values[0];
  }
  if (arrivalRaw && !arrival) extra.arrival_date = arrivalRaw;
  if (portRaw !== undefined && port === null) extra.source_port = portRaw;

  const base: DraftEvent = {
    "feed.name": FEED,
    "time.observation": input.receivedAt.toISOString(),
    "time.source": arrival ?? undefined,
    ...classify(type),
    raw: reportText.trim(),
  };

  const drafts: DraftEvent[] = [];
  const badIps: string[] = [];
  for (const value of fields.get("source-ip") ?? []) {
    const ip = normalizeIp(value);
    if (!ip) {
      if (value) badIps.push(value);
      continue;
    }
    drafts.push({
      ...base,
      "source.ip": ip,
      "source.port": port ?? undefined,
      extra: { ...extra },
    });
  }
  const sourceIp = drafts[0]?.["source.ip"];
  const badUris: string[] = [];
  for (const value of fields.get("reported-uri") ?? []) {
    const uri = unbracket(value);
    const mailto = /^mailto:([^?]+)/i.exec(uri);
    const resource = mailto?.[1]
      ? sourceFields({ email: mailtoAddress(mailto[1]) })
      : sourceFields({ url: uri });
    if (!resource["source.url"] && !resource["source.account"]) {
      if (uri) badUris.push(uri);
      continue;
    }
    drafts.push({ ...base, ...resource, extra: { ...extra, sender_ip: sourceIp } });
  }
  if (drafts.length === 0) {
    // Only a Reported-Domain: the domain is what the report is about.
    for (const domain of fields.get("reported-domain") ?? []) {
      const resource = sourceFields({ fqdn: domain });
      if (resource["source.fqdn"]) drafts.push({ ...base, ...resource, extra: { ...extra } });
    }
  }
  if (drafts.length === 0) {
    const why = [
      badIps.length ? `Source-IP "${badIps.join(", ")}" is not an IP address` : "",
      badUris.length ? `Reported-URI "${badUris.join(", ")}" is not a URL` : "",
    ].filter(Boolean);
    return fail(
      FEED,
      `the feedback report names no usable Source-IP, Reported-URI or Reported-Domain${why.length ? `: ${why.join("; ")}` : ""}${cut}`,
      meta,
    );
  }
  if (badIps.length || badUris.length) {
    for (const d of drafts) {
      const e = d.extra as Record<string, unknown>;
      if (badIps.length) e.invalid_source_ip = badIps;
      if (badUris.length) e.invalid_reported_uri = badUris;
    }
  }
  if (msg.truncated) for (const d of drafts) (d.extra as Record<string, unknown>).truncated = true;
  return finish(FEED, drafts, evidence, meta);
}
