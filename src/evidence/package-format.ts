// The evidence package's format: what manifest.json holds and what a verification reports.
// A third party reads these files without Mogura, so a change here is a change of format.
import { z } from "zod";
import { CaseSummary, TimelineEntry } from "../domain/case.ts";
import { LedgerEntry } from "./ledger.ts";
import { LedgerHead } from "./ledger-witness.ts";

/** The `format` of every manifest this code writes and reads. */
export const PACKAGE_FORMAT = "mogura-evidence-package/1";

/** Who a package is for: the provider itself, or the customer the provider forwards it to. */
export const Audience = z.enum(["internal", "customer"]);
export type Audience = z.infer<typeof Audience>;

/** Case fields that describe the provider's own handling, never its customer's business. */
export const INTERNAL_CASE_FIELDS = [
  "assignee",
  "team_id",
  "netblock_id",
  "customer_id",
  "misuse_type",
  "misuse_suggestions",
  "sla",
  "merged_into",
] as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex");

/** One of the case's events, as the package shows it. */
export const PackageEvent = z.object({
  id: z.number().int(),
  report_id: z.string(),
  type: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  seen_count: z.number().int(),
  data: z.record(z.string(), z.unknown()).describe("IntelMQ field names"),
  resolution: z.unknown(),
});
export type PackageEvent = z.infer<typeof PackageEvent>;

/** A report behind the case's events, with its reporter unless withheld. */
export const PackageReport = z.object({
  id: z.string(),
  tracking_number: z.string(),
  channel: z.string(),
  received_at: z.string(),
  tlp: z.string().nullable(),
  consent_to_forward: z.boolean(),
  reporter: z
    .object({
      name: z.string().optional(),
      email: z.string().optional(),
      org: z.string().optional(),
      type: z.string().optional(),
      from: z.string().optional(),
      subject: z.string().optional(),
      external_ref: z.string().optional(),
    })
    .nullable()
    .describe("null when withheld"),
});
export type PackageReport = z.infer<typeof PackageReport>;

/** A capture made for the case, or an item that came with a report. */
export const PackageCapture = z.object({
  id: z.number().int(),
  kind: z.string(),
  target: z.string(),
  status: z.string(),
  summary: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
  event_id: z.number().int().nullable(),
  report_id: z.string().nullable(),
  blobs: z.array(sha256),
  ledger_seq: z.number().int().nullable(),
});
export type PackageCapture = z.infer<typeof PackageCapture>;

/** What a blob is to the case: a capture's record, a page, a screenshot, an attachment… */
export const BlobRole = z.enum(["record", "body", "screenshot", "attachment", "action_evidence"]);
export type BlobRole = z.infer<typeof BlobRole>;

/** Something the package leaves out, and why. */
export const Withheld = z.object({
  what: z.enum([
    "reporter_identity",
    "event",
    "event_fields",
    "capture",
    "ledger_entry",
    "timeline",
    "case_fields",
  ]),
  ref: z.string().describe("which one, in words: `event 12`, `ledger entry 7`…"),
  reason: z.string(),
  seq: z.number().int().optional().describe("the ledger entry left out"),
  fields: z.array(z.string()).optional(),
  blobs: z.array(sha256).optional().describe("blobs left out with it"),
});
export type Withheld = z.infer<typeof Withheld>;

/** manifest.json: the case, its evidence, the entries that vouch for it, and what was left out. */
export const PackageManifest = z.object({
  format: z.literal(PACKAGE_FORMAT),
  generated_at: z.string(),
  audience: Audience,
  case: CaseSummary.partial(
    Object.fromEntries(INTERNAL_CASE_FIELDS.map((f) => [f, true])) as {
      [K in (typeof INTERNAL_CASE_FIELDS)[number]]: true;
    },
  ),
  timeline: z.array(TimelineEntry),
  reports: z.array(PackageReport),
  events: z.array(PackageEvent),
  captures: z.array(PackageCapture),
  ledger: z.array(LedgerEntry).describe("the case's entries (and purges of its blobs), by seq"),
  ledger_head: LedgerHead.optional().describe(
    "the whole ledger's signed head when the package was made: compare it with the provider's witness",
  ),
  public_keys: z.array(z.object({ key_id: z.string(), public_key: z.string() })),
  blobs: z.array(
    z.object({
      sha256,
      size: z.number().int(),
      role: BlobRole,
      media_type: z.string().optional(),
    }),
  ),
  withheld: z.array(Withheld),
  missing_blobs: z.array(
    z.object({ sha256, reason: z.string(), ledger_seq: z.number().int().optional() }),
  ),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

/** What checking a package found. */
export const PackageVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int().describe("ledger entries checked"),
  blobs: z.number().int().describe("blobs whose bytes hash to their name"),
  key_ids: z
    .array(z.string())
    .describe("the keys the package says signed it: compare with the ones the provider publishes"),
  problems: z.array(
    z.object({
      file: z.string().optional(),
      seq: z.number().int().optional(),
      reason: z.string(),
    }),
  ),
});
export type PackageVerification = z.infer<typeof PackageVerification>;
