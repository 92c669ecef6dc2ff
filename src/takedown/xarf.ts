import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";

/*
 * XARF v4 (xarf.org, schema version 4.2.0): one JSON report per resource. The schema below is
 * the core's rules (required members, the reporter/sender objects that allow nothing else,
 * evidence items, tags) and the content category's `url`; every report Mogura sends is checked
 * against it before it is queued, so a recipient's parser never sees one that is not valid.
 */

const Party = z
  .object({
    org: z.string().min(1).max(200),
    contact: z.email(),
    domain: z.string().regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$/i),
  })
  .strict();

const EvidenceItem = z
  .object({
    content_type: z.string().min(1),
    payload: z.base64(),
    description: z.string().max(500).optional(),
    hash: z
      .string()
      .regex(/^(md5|sha1|sha256|sha512):[a-fA-F0-9]+$/)
      .optional(),
    size: z
      .number()
      .int()
      .min(0)
      .max(5 * 1024 * 1024)
      .optional(),
  })
  .strict();

export const XarfReport = z.looseObject({
  xarf_version: z.string().regex(/^4\.[0-9]+\.[0-9]+$/),
  report_id: z.uuid(),
  timestamp: z.iso.datetime({ offset: true }),
  reporter: Party,
  sender: Party,
  source_identifier: z.string().min(1),
  source_port: z.number().int().min(1).max(65535).optional(),
  category: z.enum([
    "messaging",
    "connection",
    "content",
    "infrastructure",
    "copyright",
    "vulnerability",
    "reputation",
  ]),
  type: z.string().min(1),
  evidence_source: z.string().min(1).optional(),
  evidence: z.array(EvidenceItem).max(50).optional(),
  tags: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9_+-]*:[a-z0-9][a-z0-9_+-]*$/))
    .max(20)
    .optional(),
  confidence: z.number().min(0).max(1).optional(),
  description: z.string().max(1000).optional(),
  url: z.url().optional(),
  domain: z.string().optional(),
});
export type XarfReport = z.output<typeof XarfReport>;

/** XARF's content types for the RSIT types a takedown is asked for; others go as mail only. */
const CONTENT_TYPES: Record<string, string> = {
  phishing: "phishing",
  "malware-distribution": "malware",
  "malware-configuration": "malware",
};

/** Whether a case of this RSIT type can be reported in XARF (a content report about a URL). */
export const xarfTypeOf = (rsitType: string): string | null => CONTENT_TYPES[rsitType] ?? null;

export interface XarfInput {
  rsitType: string;
  url: string;
  host: string;
  ip?: string;
  /** Who reports: the desk itself (reporters are named only with their consent). */
  reporter: { org: string; contact: string; domain: string };
  sender: { org: string; contact: string; domain: string };
  caseId: number;
  firstSeen: string;
  /** A captured page to show, when the desk has one it may pass on. */
  page?: { bytes: Uint8Array; contentType: string; fetchedAt: string };
  description: string;
}

/** One XARF v4 report for one URL, checked against the schema; throws when it would not be valid. */
export function buildXarf(input: XarfInput): XarfReport {
  const type = xarfTypeOf(input.rsitType);
  if (!type) throw new Error(`XARF has no content type for ${input.rsitType}`);
  const report = {
    xarf_version: "4.2.0",
    report_id: randomUUID(),
    timestamp: new Date().toISOString(),
    reporter: input.reporter,
    sender: input.sender,
    source_identifier: input.ip ?? input.host,
    category: "content",
    type,
    url: input.url,
    domain: input.host,
    evidence_source: "abuse_report",
    description: input.description.slice(0, 1000),
    tags: [`case:${input.caseId}`, `first-seen:${input.firstSeen.slice(0, 10)}`],
    ...(input.page
      ? {
          evidence: [
            {
              content_type: input.page.contentType.split(";")[0]?.trim() || "text/html",
              description: `page as fetched ${input.page.fetchedAt}`.slice(0, 500),
              payload: Buffer.from(input.page.bytes).toString("base64"),
              hash: `sha256:${createHash("sha256").update(input.page.bytes).digest("hex")}`,
              size: input.page.bytes.byteLength,
            },
          ],
        }
      : {}),
  };
  return XarfReport.parse(report);
}
