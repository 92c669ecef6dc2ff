import { createPublicKey } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { z } from "zod";
import { caseDetail } from "../cases/case-queries.ts";
import { sha256Hex } from "../domain/canonical-json.ts";
import { CaseSummary, TimelineEntry } from "../domain/case.ts";
import type { SqlRunner } from "../store/database.ts";
import type { BlobStore } from "./blob-store.ts";
import { targetsOf } from "./capture.ts";
import { entryProblem, LedgerEntry, listLedger } from "./ledger.ts";
import { keyIdOf } from "./ledger-key.ts";
import { renderSummary } from "./package-summary.ts";
import { readTar, writeTar } from "./tar.ts";

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

export const BlobRole = z.enum(["record", "body", "screenshot", "attachment", "action_evidence"]);
export type BlobRole = z.infer<typeof BlobRole>;

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

const NO_CONSENT = "reporter did not consent to forwarding";
const INTERNAL = "internal to the provider: never given to the customer";
const RESTRICTED_TLP: Record<string, string> = {
  red: "TLP:RED: for the named recipients only",
  "amber+strict": "TLP:AMBER+STRICT: for the recipient's organisation only",
};

// Event fields a reporter writes about itself (its name as the feed, its own log line, its
// words, its ticket); the observation itself stays.
const REPORTER_EVENT_FIELDS = ["feed.provider", "raw", "event_description.text"];
const REPORTER_EXTRA = new Set([
  "reported_from",
  "reporting_mta",
  "original_rcpt_to",
  "original_envelope_id",
  "original_message_id",
  "original_subject",
  "removal_recipient",
  "mentioned_emails",
  "external_ref",
  "report_id",
  "logpath",
]);
const REPORTER_EXTRA_PATTERN = /reporter|contact|e_?mail/i;

// What of a resolution names the provider's customer, team or vetting rather than the resource.
const CUSTOMER_RESOLUTION_FIELDS = [
  "ownership",
  "via",
  "host",
  "ip",
  "dns",
  "service_id",
  "service_type",
];

// Timeline kinds the customer sees, with the detail keys it sees of each.
const CUSTOMER_TIMELINE: Record<string, readonly string[] | "all-but-note"> = {
  created: ["report_id", "events"],
  events: ["report_id", "events", "repeated"],
  transition: ["from", "to"],
  reopened: ["from", "to"],
  action: "all-but-note",
  evidence: ["capture_id", "kind", "target", "status", "summary"],
};

const MAX_EVENTS = 100_000;
const LEDGER_PAGE = 1000;

const ReportMeta = z.looseObject({
  reporterName: z.string().optional().catch(undefined),
  reporterEmail: z.string().optional().catch(undefined),
  reporterOrg: z.string().optional().catch(undefined),
  reporterType: z.string().optional().catch(undefined),
  consentToForward: z.boolean().optional().catch(undefined),
  tlp: z.string().optional().catch(undefined),
  externalRef: z.string().optional().catch(undefined),
  from: z.string().optional().catch(undefined),
  subject: z.string().optional().catch(undefined),
});

const CaptureResult = z.looseObject({
  from_reporter: z.boolean().optional().catch(undefined),
  media_type: z.string().optional().catch(undefined),
  stored: z.boolean().optional().catch(undefined),
  final: z
    .looseObject({ content_type: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

interface CaptureRow {
  id: string;
  event_id: string | null;
  report_id: string | null;
  kind: string;
  target: string;
  status: string;
  summary: string | null;
  result: Record<string, unknown>;
  blobs: string[];
  ledger_seq: string | null;
  created_at: Date;
  finished_at: Date | null;
}

interface ReportFacts {
  row: PackageReport;
  meta: z.infer<typeof ReportMeta>;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const restricted = (tlp: unknown) =>
  typeof tlp === "string" ? RESTRICTED_TLP[tlp.toLowerCase()] : undefined;

async function allLedgerOf(db: SqlRunner, caseId: number): Promise<LedgerEntry[]> {
  const out: LedgerEntry[] = [];
  for (;;) {
    const page = await listLedger(db, {
      caseId,
      afterSeq: out.at(-1)?.seq ?? 0,
      limit: LEDGER_PAGE,
    });
    out.push(...page);
    if (page.length < LEDGER_PAGE) return out;
  }
}

async function reportsOf(db: SqlRunner, ids: string[]): Promise<Map<string, ReportFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{
    id: string;
    tracking_number: string;
    channel: string;
    received_at: Date;
    meta: unknown;
  }>(
    "SELECT id, tracking_number, channel, received_at, meta FROM reports WHERE id = ANY($1::uuid[])",
    [ids],
  );
  return new Map(
    rows.map((r) => {
      const parsed = ReportMeta.safeParse(r.meta ?? {});
      const meta = parsed.success ? parsed.data : {};
      const reporter = Object.fromEntries(
        Object.entries({
          name: meta.reporterName,
          email: meta.reporterEmail,
          org: meta.reporterOrg,
          type: meta.reporterType,
          from: meta.from,
          subject: meta.subject,
          external_ref: meta.externalRef,
        }).filter(([, v]) => v !== undefined),
      );
      return [
        String(r.id),
        {
          meta,
          row: {
            id: String(r.id),
            tracking_number: r.tracking_number,
            channel: r.channel,
            received_at: iso(r.received_at),
            tlp: meta.tlp ?? null,
            // Mail carries no consent: only an explicit yes counts.
            consent_to_forward: meta.consentToForward === true,
            reporter,
          },
        },
      ];
    }),
  );
}

function stripReporter(data: Record<string, unknown>): {
  data: Record<string, unknown>;
  fields: string[];
} {
  const out: Record<string, unknown> = { ...data };
  const fields: string[] = [];
  for (const f of REPORTER_EVENT_FIELDS) {
    if (f in out) {
      delete out[f];
      fields.push(f);
    }
  }
  const extra = out.extra;
  if (extra && typeof extra === "object" && !Array.isArray(extra)) {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(extra as Record<string, unknown>)) {
      if (REPORTER_EXTRA.has(k) || REPORTER_EXTRA_PATTERN.test(k)) fields.push(`extra.${k}`);
      else kept[k] = v;
    }
    out.extra = kept;
  }
  return { data: out, fields };
}

function pick(obj: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!obj || typeof obj !== "object") return {};
  const src = obj as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => k in src).map((k) => [k, src[k]]));
}

function captureOut(c: CaptureRow): PackageCapture {
  return {
    id: Number(c.id),
    kind: c.kind,
    target: c.target,
    status: c.status,
    summary: c.summary,
    created_at: iso(c.created_at),
    finished_at: c.finished_at ? iso(c.finished_at) : null,
    event_id: c.event_id === null ? null : Number(c.event_id),
    report_id: c.report_id === null ? null : String(c.report_id),
    blobs: c.blobs,
    ledger_seq: c.ledger_seq === null ? null : Number(c.ledger_seq),
  };
}

const isAttachment = (c: CaptureRow) =>
  c.kind === "attachment" && CaptureResult.safeParse(c.result).data?.from_reporter !== false;

/**
 * One .tar.gz that shows a case to someone outside: manifest.json, summary.html (ja + en),
 * every blob the included ledger entries vouch for, and the public keys that signed them.
 * The customer copy leaves out what the provider may not pass on, and says so. Throws
 * UserError not_found for an unknown case.
 */
export async function buildEvidencePackage(
  db: SqlRunner,
  blobs: BlobStore,
  caseId: number,
  audience: Audience,
): Promise<{ bytes: Buffer; filename: string; manifest: PackageManifest }> {
  const detail = await caseDetail(db, caseId, MAX_EVENTS);
  const captureRows = await db.query<CaptureRow>(
    `SELECT id, event_id, report_id, kind, target, status, summary, result, blobs, ledger_seq,
            created_at, finished_at
       FROM evidence_captures WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  const caseLedger = await allLedgerOf(db, caseId);
  const reports = await reportsOf(db, [
    ...new Set([
      ...detail.events.map((e) => String(e.report_id)),
      ...captureRows.flatMap((c) => (c.report_id ? [String(c.report_id)] : [])),
    ]),
  ]);
  const customer = audience === "customer";
  const withheld: Withheld[] = [];

  // Reports: whose identity may travel.
  const reportsOut: PackageReport[] = [];
  for (const r of reports.values()) {
    const tlpReason = restricted(r.row.tlp);
    if (customer && (tlpReason || !r.row.consent_to_forward)) {
      reportsOut.push({ ...r.row, reporter: null });
      withheld.push({
        what: "reporter_identity",
        ref: `report ${r.row.tracking_number}`,
        reason: tlpReason ?? NO_CONSENT,
      });
    } else reportsOut.push(r.row);
  }

  // Events: restricted ones out, the reporter's own words out where it did not consent.
  const eventsOut: PackageEvent[] = [];
  const withheldEvents = new Set<number>();
  const keptTargets = new Set<string>();
  for (const e of detail.events) {
    const report = reports.get(String(e.report_id));
    const extra = e.data.extra as Record<string, unknown> | undefined;
    const tlpReason = restricted(e.data.tlp ?? report?.meta.tlp);
    const consent = (report?.meta.consentToForward ?? extra?.consent_to_forward) === true;
    if (customer && tlpReason) {
      withheldEvents.add(e.id);
      withheld.push({ what: "event", ref: `event ${e.id}`, reason: tlpReason });
      continue;
    }
    for (const t of targetsOf(e.data)) keptTargets.add(t.target);
    const ev: PackageEvent = { ...e, report_id: String(e.report_id) };
    if (customer) {
      ev.resolution = pick(e.resolution, CUSTOMER_RESOLUTION_FIELDS);
      if (!consent) {
        const s = stripReporter(e.data);
        ev.data = s.data;
        if (s.fields.length > 0)
          withheld.push({
            what: "event_fields",
            ref: `event ${e.id}`,
            fields: s.fields,
            reason: NO_CONSENT,
          });
      }
    }
    eventsOut.push(ev);
  }

  // Captures: the reporter's attachments follow its consent and TLP; our own captures follow
  // the events they were made for (unless a kept event points at the same target).
  const withheldCaptures = new Map<number, string>();
  for (const c of captureRows) {
    if (!customer) break;
    let reason: string | undefined;
    if (isAttachment(c)) {
      const r = c.report_id ? reports.get(String(c.report_id)) : undefined;
      reason = restricted(r?.row.tlp) ?? (r?.row.consent_to_forward ? undefined : NO_CONSENT);
    } else if (
      c.event_id !== null &&
      withheldEvents.has(Number(c.event_id)) &&
      !keptTargets.has(c.target)
    ) {
      reason = "made for an event that is withheld";
    }
    if (reason) withheldCaptures.set(Number(c.id), reason);
  }
  const withheldSeqs = new Map<number, string>();
  for (const c of captureRows) {
    const reason = withheldCaptures.get(Number(c.id));
    if (!reason) continue;
    withheld.push({
      what: "capture",
      ref: `capture ${c.id} (${c.kind})`,
      reason,
      blobs: c.blobs,
    });
    if (c.ledger_seq !== null) withheldSeqs.set(Number(c.ledger_seq), reason);
  }
  const ledgerOut: LedgerEntry[] = [];
  for (const e of caseLedger) {
    const captureId = Number(e.details.capture_id);
    let reason = withheldSeqs.get(e.seq) ?? withheldCaptures.get(captureId);
    if (
      customer &&
      !reason &&
      e.kind === "action" &&
      typeof e.details.note === "string" &&
      e.details.note.trim()
    ) {
      // A signed entry cannot be redacted: one that carries the analyst's note stays home.
      reason = `it carries an internal note (action ${String(e.details.action)}, legal basis: ${String(e.details.legal_basis)})`;
    }
    if (reason) {
      withheld.push({
        what: "ledger_entry",
        ref: `ledger entry ${e.seq} (${e.kind})`,
        seq: e.seq,
        reason,
        blobs: e.blobs,
      });
    } else ledgerOut.push(e);
  }
  const capturesOut = captureRows.filter((c) => !withheldCaptures.has(Number(c.id)));

  // Blobs: what the kept entries vouch for, with the role it plays.
  const roles = new Map<string, { role: BlobRole; media_type?: string }>();
  const results = new Map<number, unknown>();
  for (const c of capturesOut) {
    results.set(Number(c.id), c.result);
    const r = CaptureResult.safeParse(c.result).data;
    c.blobs.forEach((sha, i) => {
      if (roles.has(sha)) return;
      if (isAttachment(c)) roles.set(sha, { role: "attachment", media_type: r?.media_type });
      else if (i === 0) roles.set(sha, { role: "record", media_type: "application/json" });
      else if (c.kind === "screenshot")
        roles.set(sha, { role: "screenshot", media_type: "image/png" });
      else roles.set(sha, { role: "body", media_type: r?.final?.content_type });
    });
  }
  const notStored = new Set<string>();
  for (const e of ledgerOut) {
    for (const sha of e.blobs) {
      if (roles.has(sha)) continue;
      if (e.kind === "attachment") {
        roles.set(sha, {
          role: "attachment",
          media_type: typeof e.details.media_type === "string" ? e.details.media_type : undefined,
        });
        if (e.details.stored === false) notStored.add(sha);
      } else roles.set(sha, { role: "action_evidence" });
    }
  }
  // What a withheld capture or entry held stays out even when a kept action cites it (an
  // action may rest on the reporter's attachment); our own capture of the same bytes is no secret.
  const ownBytes = new Set([
    ...capturesOut.flatMap((c) => c.blobs),
    ...ledgerOut.filter((e) => e.kind !== "action").flatMap((e) => e.blobs),
  ]);
  const withheldBytes = new Set(
    withheld.flatMap((w) => w.blobs ?? []).filter((sha) => !ownBytes.has(sha)),
  );
  const needed = [
    ...new Set([...capturesOut.flatMap((c) => c.blobs), ...ledgerOut.flatMap((e) => e.blobs)]),
  ].filter((sha) => !withheldBytes.has(sha));
  const purged = new Map(
    (
      await db.query<{ sha256: string; purged_at: Date; ledger_seq: string }>(
        "SELECT sha256, purged_at, ledger_seq FROM evidence_purged WHERE sha256 = ANY($1::text[])",
        [needed],
      )
    ).map((p) => [p.sha256, p]),
  );
  // A purge is an entry of its own (no case): it is the signed reason a blob is gone.
  const haveSeq = new Set(ledgerOut.map((e) => e.seq));
  for (const seq of new Set([...purged.values()].map((p) => Number(p.ledger_seq)))) {
    if (haveSeq.has(seq)) continue;
    const [entry] = await listLedger(db, { afterSeq: seq - 1, limit: 1 });
    if (entry?.seq === seq) ledgerOut.push(entry);
  }
  ledgerOut.sort((a, b) => a.seq - b.seq);

  const files: { name: string; data: Buffer }[] = [];
  const blobList: PackageManifest["blobs"] = [];
  const missing: PackageManifest["missing_blobs"] = [];
  for (const sha of needed) {
    const p = purged.get(sha);
    if (p) {
      missing.push({
        sha256: sha,
        reason: `purged under the retention policy on ${iso(p.purged_at)}`,
        ledger_seq: Number(p.ledger_seq),
      });
      continue;
    }
    let bytes: Buffer | null = null;
    try {
      bytes = blobs.get(sha);
    } catch {
      // Not a SHA-256 at all: a ledger entry can only be asked about, never filled in.
    }
    if (!bytes) {
      missing.push({
        sha256: sha,
        reason: notStored.has(sha)
          ? "the reporter sent only this hash, not the bytes"
          : "not in the blob store",
      });
      continue;
    }
    if (sha256Hex(bytes) !== sha) {
      missing.push({
        sha256: sha,
        reason: "the stored bytes no longer match their hash (altered in the blob store)",
      });
      continue;
    }
    const role = roles.get(sha) ?? { role: "action_evidence" as const };
    blobList.push({
      sha256: sha,
      size: bytes.length,
      role: role.role,
      ...(role.media_type ? { media_type: role.media_type } : {}),
    });
    files.push({ name: `blobs/${sha}`, data: bytes });
  }
  for (const w of withheld) if (w.blobs) w.blobs = w.blobs.filter((b) => withheldBytes.has(b));

  const keyIds = [...new Set(ledgerOut.map((e) => e.key_id))].sort();
  const keys = await db.query<{ id: string; public_key: string }>(
    "SELECT id, public_key FROM ledger_keys WHERE id = ANY($1::text[]) ORDER BY id",
    [keyIds],
  );

  // The case and its timeline.
  const { timeline, events: _events, events_shown: _shown, ...summary } = detail;
  let caseOut: PackageManifest["case"] = summary;
  let timelineOut = timeline;
  if (customer) {
    const shown = Object.fromEntries(
      Object.entries(summary).filter(
        ([k]) => !(INTERNAL_CASE_FIELDS as readonly string[]).includes(k),
      ),
    );
    caseOut = shown as PackageManifest["case"];
    withheld.push({
      what: "case_fields",
      ref: `case ${caseId}`,
      fields: [...INTERNAL_CASE_FIELDS],
      reason: INTERNAL,
    });
    const dropped = new Map<string, number>();
    timelineOut = [];
    for (const t of timeline) {
      const allowed = CUSTOMER_TIMELINE[t.kind];
      const captureGone =
        t.kind === "evidence" && withheldCaptures.has(Number(t.detail.capture_id));
      if (!allowed || captureGone) {
        dropped.set(t.kind, (dropped.get(t.kind) ?? 0) + 1);
        continue;
      }
      const detailOut =
        allowed === "all-but-note"
          ? Object.fromEntries(Object.entries(t.detail).filter(([k]) => k !== "note"))
          : pick(t.detail, allowed);
      timelineOut.push({ ...t, detail: detailOut });
    }
    for (const [kind, n] of dropped) {
      withheld.push({
        what: "timeline",
        ref: `${n} timeline entr${n === 1 ? "y" : "ies"} of kind "${kind}"`,
        reason: kind === "evidence" ? "about a capture that is withheld" : INTERNAL,
      });
    }
  }

  const generatedAt = new Date().toISOString();
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    generated_at: generatedAt,
    audience,
    case: caseOut,
    timeline: timelineOut,
    reports: reportsOut,
    events: eventsOut,
    captures: capturesOut.map(captureOut),
    ledger: ledgerOut,
    public_keys: keys.map((k) => ({ key_id: k.id, public_key: k.public_key })),
    blobs: blobList,
    withheld,
    missing_blobs: missing,
  };
  const mtime = new Date(generatedAt);
  const tar = writeTar([
    { name: "manifest.json", data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), mtime },
    { name: "summary.html", data: Buffer.from(renderSummary(manifest, results)), mtime },
    ...keys.map((k) => ({
      name: `public-keys/${k.id}.pem`,
      data: Buffer.from(k.public_key),
      mtime,
    })),
    ...files.map((f) => ({ ...f, mtime })),
  ]);
  const stamp = generatedAt.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return {
    bytes: gzipSync(tar),
    filename: `mogura-case-${caseId}-${audience}-${stamp}.tar.gz`,
    manifest,
  };
}

const SHA_NAME = /^blobs\/([0-9a-f]{64})$/;
const KEY_NAME = /^public-keys\/([^/]+)\.pem$/;

/**
 * Checks a package from its bytes alone (no database, no server): every blob hashes to its
 * name, every ledger entry's hash and Ed25519 signature hold with the package's keys, each
 * key file is the key its id names, every vouched-for blob is present or accounted for,
 * every capture's blobs are vouched for by its entry, and consecutive entries link. Lists
 * every problem, not only the first.
 */
export function verifyEvidencePackage(bytes: Buffer): PackageVerification {
  const problems: PackageVerification["problems"] = [];
  const fail = (reason: string): PackageVerification => ({
    ok: false,
    entries: 0,
    blobs: 0,
    key_ids: [],
    problems: [{ reason }],
  });
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes);
  } catch (e) {
    return fail(`not a gzip file, or a damaged one: ${(e as Error).message}`);
  }
  let files: { name: string; data: Buffer }[];
  try {
    files = readTar(tar);
  } catch (e) {
    return fail(`the tar archive inside is damaged: ${(e as Error).message}`);
  }
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const manifestBytes = byName.get("manifest.json");
  if (!manifestBytes) return fail("manifest.json is missing");
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString("utf8"));
  } catch (e) {
    return fail(`manifest.json is not JSON: ${(e as Error).message}`);
  }
  const parsed = PackageManifest.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)
      .join("; ");
    return fail(`manifest.json is not a ${PACKAGE_FORMAT} manifest: ${first}`);
  }
  const m = parsed.data;

  // Files: blobs hash to their names; key files are the keys their names say.
  const present = new Set<string>();
  const altered = new Set<string>();
  const keys = new Map<string, string>();
  for (const f of files) {
    const blob = SHA_NAME.exec(f.name);
    const key = KEY_NAME.exec(f.name);
    if (blob?.[1]) {
      if (sha256Hex(f.data) === blob[1]) present.add(blob[1]);
      else {
        altered.add(blob[1]);
        problems.push({ file: f.name, reason: "its bytes do not hash to its name (altered)" });
      }
    } else if (key?.[1]) {
      const pem = f.data.toString("utf8");
      let actual: string;
      try {
        actual = keyIdOf(createPublicKey(pem));
      } catch {
        problems.push({ file: f.name, reason: "it is not a PEM public key" });
        continue;
      }
      if (actual !== key[1])
        problems.push({
          file: f.name,
          reason: `it holds the key with id ${actual}, not ${key[1]} (replaced)`,
        });
      // Kept either way, so each entry signed with this id says whether its signature holds.
      keys.set(key[1], pem);
    } else if (f.name !== "manifest.json" && f.name !== "summary.html") {
      problems.push({ file: f.name, reason: "a file this format does not have" });
    }
  }
  for (const k of m.public_keys) {
    const pem = keys.get(k.key_id);
    if (pem === undefined)
      problems.push({
        file: `public-keys/${k.key_id}.pem`,
        reason: "listed in manifest.json but not in the archive",
      });
    else if (pem.trim() !== k.public_key.trim())
      problems.push({
        file: `public-keys/${k.key_id}.pem`,
        reason: "it differs from the key manifest.json lists under the same id",
      });
  }
  const listed = new Set(m.blobs.map((b) => b.sha256));
  for (const b of m.blobs) {
    const data = byName.get(`blobs/${b.sha256}`);
    if (!data)
      problems.push({
        file: `blobs/${b.sha256}`,
        reason: "listed in manifest.json but not in the archive",
      });
    else if (data.length !== b.size)
      problems.push({
        file: `blobs/${b.sha256}`,
        reason: `${data.length} bytes, manifest.json says ${b.size}`,
      });
  }
  for (const sha of [...present, ...altered])
    if (!listed.has(sha))
      problems.push({
        file: `blobs/${sha}`,
        reason: "in the archive but not listed in manifest.json",
      });

  // The ledger: each entry on its own, the blobs it vouches for, links where seqs touch.
  const missing = new Set(m.missing_blobs.map((b) => b.sha256));
  const withheldBlobs = new Set(m.withheld.flatMap((w) => w.blobs ?? []));
  const bySeq = new Map<number, LedgerEntry>();
  let prev: LedgerEntry | undefined;
  for (const e of m.ledger) {
    if (bySeq.has(e.seq)) problems.push({ seq: e.seq, reason: "the entry appears twice" });
    bySeq.set(e.seq, e);
    const p = entryProblem(e, keys);
    if (p) problems.push({ seq: e.seq, reason: p });
    for (const sha of e.blobs) {
      if (present.has(sha) || missing.has(sha) || withheldBlobs.has(sha)) continue;
      problems.push({
        seq: e.seq,
        file: `blobs/${sha}`,
        reason: altered.has(sha)
          ? `blob ${sha} it vouches for does not match its hash (altered)`
          : `blob ${sha} it vouches for is neither in the package nor listed as missing or withheld`,
      });
    }
    if (prev && e.seq <= prev.seq)
      problems.push({ seq: e.seq, reason: `the ledger is out of order (after entry ${prev.seq})` });
    else if (prev && e.seq === prev.seq + 1 && e.prev_hash !== prev.hash)
      problems.push({
        seq: e.seq,
        reason: `it does not link to entry ${prev.seq} (its prev_hash is not that entry's hash)`,
      });
    prev = e;
  }

  // A blob said to be purged must be vouched for by the purge entry named.
  for (const b of m.missing_blobs) {
    if (b.ledger_seq === undefined) continue;
    if (!bySeq.get(b.ledger_seq)?.blobs.includes(b.sha256))
      problems.push({
        seq: b.ledger_seq,
        file: `blobs/${b.sha256}`,
        reason: `blob ${b.sha256} is said to be accounted for by ledger entry ${b.ledger_seq}, which is not in the package or does not name it`,
      });
  }

  // Captures: their blobs must be what their signed entry vouches for.
  for (const c of m.captures) {
    const ref = `capture ${c.id}`;
    if (c.ledger_seq === null) {
      if (c.blobs.length > 0)
        problems.push({ reason: `${ref} has blobs but no ledger entry vouches for them` });
      continue;
    }
    const e = bySeq.get(c.ledger_seq);
    if (!e) {
      problems.push({
        seq: c.ledger_seq,
        reason: `${ref} names ledger entry ${c.ledger_seq}, which is not in the package`,
      });
      continue;
    }
    if (e.details.capture_id !== c.id)
      problems.push({
        seq: e.seq,
        reason: `${ref} names ledger entry ${e.seq}, which is about capture ${String(e.details.capture_id)}`,
      });
    for (const sha of c.blobs)
      if (!e.blobs.includes(sha))
        problems.push({
          seq: e.seq,
          file: `blobs/${sha}`,
          reason: `${ref} lists blob ${sha}, which its ledger entry does not vouch for`,
        });
    if (e.kind === "capture") {
      for (const field of ["kind", "target", "status", "summary"] as const) {
        const signed = e.details[field];
        if (signed !== undefined && signed !== c[field])
          problems.push({
            seq: e.seq,
            reason: `${ref}: its ${field} in manifest.json differs from its signed ledger entry`,
          });
      }
    }
  }

  return {
    ok: problems.length === 0,
    entries: m.ledger.length,
    blobs: present.size,
    key_ids: [...keys.keys()].sort(),
    problems,
  };
}
