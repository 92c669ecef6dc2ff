// What each audience may see of a case. The internal copy holds everything; the customer copy
// leaves out what the provider may not pass on to its customer and lists each omission in
// `withheld`, so the customer knows something is missing and why.
import { z } from "zod";
import type { TimelineEntry } from "../domain/case.ts";
import { targetsOf } from "./capture.ts";
import type { CaptureView } from "./capture-store.ts";
import type { LedgerEntry } from "./ledger.ts";
import {
  type Audience,
  INTERNAL_CASE_FIELDS,
  type PackageEvent,
  type PackageManifest,
  type PackageReport,
  type Withheld,
} from "./package-format.ts";
import type { PackageSources, SourceReport } from "./package-sources.ts";

/** The part of a case an audience may see, and what was left out. */
export interface Disclosure {
  audience: Audience;
  case: PackageManifest["case"];
  timeline: TimelineEntry[];
  reports: PackageReport[];
  events: PackageEvent[];
  captures: CaptureView[];
  /** The case's entries that may be shown; purge entries come with the blobs they explain. */
  ledger: LedgerEntry[];
  withheld: Withheld[];
  /** Bytes that stay out even where a kept entry names them. */
  withheldBytes: Set<string>;
}

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

const CaptureResult = z.looseObject({
  from_reporter: z.boolean().optional().catch(undefined),
  media_type: z.string().optional().catch(undefined),
  stored: z.boolean().optional().catch(undefined),
  final: z
    .looseObject({ content_type: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

/** The fields of a capture's result that say what its blobs are. */
export const captureResultOf = (c: CaptureView) => CaptureResult.safeParse(c.result).data;

/** Whether a capture is something a reporter sent, rather than something Mogura fetched. */
export const isReporterAttachment = (c: CaptureView) =>
  c.kind === "attachment" && captureResultOf(c)?.from_reporter !== false;

const restricted = (tlp: unknown) =>
  typeof tlp === "string" ? RESTRICTED_TLP[tlp.toLowerCase()] : undefined;

function pick(obj: unknown, keys: readonly string[]): Record<string, unknown> {
  if (!obj || typeof obj !== "object") return {};
  const src = obj as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => k in src).map((k) => [k, src[k]]));
}

/** An event's data without what its reporter wrote about itself, and the fields taken out. */
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

function discloseReports(reports: Map<string, SourceReport>, customer: boolean) {
  const shown: PackageReport[] = [];
  const withheld: Withheld[] = [];
  for (const { row } of reports.values()) {
    const reason = restricted(row.tlp) ?? (row.consent_to_forward ? undefined : NO_CONSENT);
    if (customer && reason) {
      shown.push({ ...row, reporter: null });
      withheld.push({ what: "reporter_identity", ref: `report ${row.tracking_number}`, reason });
    } else shown.push(row);
  }
  return { shown, withheld };
}

// Restricted events stay out; where the reporter did not consent, so do its own words.
function discloseEvents(sources: PackageSources, customer: boolean) {
  const shown: PackageEvent[] = [];
  const withheld: Withheld[] = [];
  const withheldIds = new Set<number>();
  const keptTargets = new Set<string>();
  for (const e of sources.detail.events) {
    const report = sources.reports.get(String(e.report_id));
    const extra = e.data.extra as Record<string, unknown> | undefined;
    const tlpReason = restricted(e.data.tlp ?? report?.row.tlp);
    const consent = (report?.statedConsent ?? extra?.consent_to_forward) === true;
    if (customer && tlpReason) {
      withheldIds.add(e.id);
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
    shown.push(ev);
  }
  return { shown, withheld, withheldIds, keptTargets };
}

// The reporter's attachments follow its consent and TLP; our own captures follow the events
// they were made for, unless a kept event points at the same target.
function withheldCapturesOf(
  sources: PackageSources,
  events: { withheldIds: Set<number>; keptTargets: Set<string> },
): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of sources.captures) {
    let reason: string | undefined;
    if (isReporterAttachment(c)) {
      const r = c.report_id ? sources.reports.get(c.report_id)?.row : undefined;
      reason = restricted(r?.tlp) ?? (r?.consent_to_forward ? undefined : NO_CONSENT);
    } else if (
      c.event_id !== null &&
      events.withheldIds.has(c.event_id) &&
      !events.keptTargets.has(c.target)
    ) {
      reason = "made for an event that is withheld";
    }
    if (reason) out.set(c.id, reason);
  }
  return out;
}

function discloseLedger(
  sources: PackageSources,
  withheldCaptures: Map<number, string>,
  customer: boolean,
) {
  const withheld: Withheld[] = [];
  const withheldSeqs = new Map<number, string>();
  for (const c of sources.captures) {
    const reason = withheldCaptures.get(c.id);
    if (!reason) continue;
    withheld.push({ what: "capture", ref: `capture ${c.id} (${c.kind})`, reason, blobs: c.blobs });
    if (c.ledger_seq !== null) withheldSeqs.set(c.ledger_seq, reason);
  }
  const shown: LedgerEntry[] = [];
  for (const e of sources.ledger) {
    let reason = withheldSeqs.get(e.seq) ?? withheldCaptures.get(Number(e.details.capture_id));
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
    } else shown.push(e);
  }
  return { shown, withheld };
}

// What a withheld capture or entry held stays out even when a kept action cites it (an action
// may rest on the reporter's attachment); our own capture of the same bytes is no secret.
function withheldBytesOf(
  captures: CaptureView[],
  ledger: LedgerEntry[],
  withheld: Withheld[],
): Set<string> {
  const ownBytes = new Set([
    ...captures.flatMap((c) => c.blobs),
    ...ledger.filter((e) => e.kind !== "action").flatMap((e) => e.blobs),
  ]);
  return new Set(withheld.flatMap((w) => w.blobs ?? []).filter((sha) => !ownBytes.has(sha)));
}

function discloseTimeline(timeline: TimelineEntry[], withheldCaptures: Map<number, string>) {
  const shown: TimelineEntry[] = [];
  const dropped = new Map<string, number>();
  for (const t of timeline) {
    const allowed = CUSTOMER_TIMELINE[t.kind];
    const captureGone = t.kind === "evidence" && withheldCaptures.has(Number(t.detail.capture_id));
    if (!allowed || captureGone) {
      dropped.set(t.kind, (dropped.get(t.kind) ?? 0) + 1);
      continue;
    }
    const detail =
      allowed === "all-but-note"
        ? Object.fromEntries(Object.entries(t.detail).filter(([k]) => k !== "note"))
        : pick(t.detail, allowed);
    shown.push({ ...t, detail });
  }
  const withheld: Withheld[] = [...dropped].map(([kind, n]) => ({
    what: "timeline",
    ref: `${n} timeline entr${n === 1 ? "y" : "ies"} of kind "${kind}"`,
    reason: kind === "evidence" ? "about a capture that is withheld" : INTERNAL,
  }));
  return { shown, withheld };
}

/** Applies the disclosure rules of `audience` to what was read for a case. */
export function discloseForAudience(sources: PackageSources, audience: Audience): Disclosure {
  const customer = audience === "customer";
  const reports = discloseReports(sources.reports, customer);
  const events = discloseEvents(sources, customer);
  const withheldCaptures = customer
    ? withheldCapturesOf(sources, events)
    : new Map<number, string>();
  const ledger = discloseLedger(sources, withheldCaptures, customer);
  const captures = sources.captures.filter((c) => !withheldCaptures.has(c.id));
  const untrimmed = [...reports.withheld, ...events.withheld, ...ledger.withheld];
  const withheldBytes = withheldBytesOf(captures, ledger.shown, untrimmed);
  // A withheld item names only the blobs that really stay out.
  const withheld = untrimmed.map((w) =>
    w.blobs ? { ...w, blobs: w.blobs.filter((b) => withheldBytes.has(b)) } : w,
  );

  const { timeline, events: _events, events_shown: _shown, ...summary } = sources.detail;
  if (!customer)
    return {
      audience,
      case: summary,
      timeline,
      reports: reports.shown,
      events: events.shown,
      captures,
      ledger: ledger.shown,
      withheld,
      withheldBytes,
    };
  const internal: readonly string[] = INTERNAL_CASE_FIELDS;
  const shownTimeline = discloseTimeline(timeline, withheldCaptures);
  return {
    audience,
    case: Object.fromEntries(
      Object.entries(summary).filter(([k]) => !internal.includes(k)),
    ) as PackageManifest["case"],
    timeline: shownTimeline.shown,
    reports: reports.shown,
    events: events.shown,
    captures,
    ledger: ledger.shown,
    withheld: [
      ...withheld,
      {
        what: "case_fields",
        ref: `case ${summary.id}`,
        fields: [...INTERNAL_CASE_FIELDS],
        reason: INTERNAL,
      },
      ...shownTimeline.withheld,
    ],
    withheldBytes,
  };
}
