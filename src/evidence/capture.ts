import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { addTimeline } from "../cases/case-store.ts";
import { canonicalJson, sha256Hex } from "../domain/canonical-json.ts";
import { eventHost, eventIp, registrableDomain } from "../resolve/resolver.ts";
import type { SqlRunner, Store } from "../store/database.ts";
import { evidenceCaptures } from "../store/schema.ts";
import type { BlobStore } from "./blob-store.ts";
import { captureDns } from "./dns-capture.ts";
import { appendLedger, type LedgerEntry } from "./ledger.ts";
import type { LedgerSigner } from "./ledger-key.ts";
import { type RdapOptions, rdapDomain, rdapIp } from "./rdap.ts";
import { type FetchPolicy, safeFetch } from "./safe-fetch.ts";
import { screenshotHtml } from "./screenshot.ts";

export type CaptureKind = "http" | "dns" | "rdap_domain" | "rdap_ip" | "screenshot" | "attachment";

/** What the capture jobs need: where blobs go, the signer, and how to reach the world. */
export interface EvidenceDeps {
  store: Store;
  blobs: BlobStore;
  signer: LedgerSigner;
  fetchPolicy: FetchPolicy;
  dns: { servers: string[]; timeoutMs: number };
  rdap: RdapOptions;
  chromium: string;
  timeoutMs: number;
  captureTypes: readonly string[];
  log: Logger;
}

// A target captured for a case within this window is not captured again.
const RECAPTURE_HOURS = 24;

interface PlannedTarget {
  caseId: number;
  eventId: number | null;
  reportId: string | null;
  kind: CaptureKind;
  target: string;
}

/** The captures an event calls for: its page, its host's DNS and registration, its address's network. */
export function targetsOf(event: Record<string, unknown>): { kind: CaptureKind; target: string }[] {
  const out: { kind: CaptureKind; target: string }[] = [];
  const url = event["source.url"];
  if (typeof url === "string" && /^https?:\/\//i.test(url)) out.push({ kind: "http", target: url });
  const host = eventHost(event);
  if (host) {
    out.push({ kind: "dns", target: host });
    out.push({ kind: "rdap_domain", target: registrableDomain(host) });
  }
  const ip = eventIp(event);
  if (ip) out.push({ kind: "rdap_ip", target: ip });
  return out;
}

// Raw SQL: a capture row is inserted only when no recent twin exists (INSERT … SELECT … WHERE
// NOT EXISTS against now()), which drizzle could only say as insert().select() around sql``;
// the planner reads the intake module's events and evidence; a sealed result goes in as the
// very canonical JSON text that was hashed into the ledger, where drizzle's jsonb column
// would serialize the object again by its own rules; an earlier render is found by paths
// inside the jsonb result.
// Reads and writes of one capture by id go through drizzle.

/** Queues capture rows unless the same target was captured for the case lately; returns their ids. */
export async function queueCaptures(db: SqlRunner, targets: PlannedTarget[]): Promise<number[]> {
  const ids: number[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.caseId} ${t.kind} ${t.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rows = await db.query<{ id: string }>(
      `INSERT INTO evidence_captures (case_id, event_id, report_id, kind, target)
       SELECT $1, $2, $3, $4, $5
        WHERE NOT EXISTS (SELECT 1 FROM evidence_captures
                           WHERE case_id = $1 AND kind = $4 AND target = $5
                             AND created_at > now() - make_interval(hours => ${RECAPTURE_HOURS}))
       RETURNING id`,
      [t.caseId, t.eventId, t.reportId, t.kind, t.target],
    );
    if (rows[0]) ids.push(Number(rows[0].id));
  }
  return ids;
}

/**
 * Plans the evidence of a routed report: captures for the new events on cases of the
 * policy's capture types, and the evidence the report carried (attachments, log excerpts,
 * XARF payloads) stored as blobs with a ledger entry per case. Returns the capture ids to run.
 */
export async function planReportEvidence(deps: EvidenceDeps, reportId: string): Promise<number[]> {
  const { store } = deps;
  const events = await store.query<{
    id: string;
    case_id: string;
    data: Record<string, unknown>;
    classification_type: string;
  }>(
    `SELECT e.id, e.case_id, e.data, c.classification_type FROM events e JOIN cases c ON c.id = e.case_id
      WHERE e.report_id = $1 ORDER BY e.id LIMIT 10000`,
    [reportId],
  );
  const targets: PlannedTarget[] = [];
  for (const e of events) {
    if (!deps.captureTypes.includes(e.classification_type)) continue;
    for (const t of targetsOf(e.data)) {
      targets.push({ caseId: Number(e.case_id), eventId: Number(e.id), reportId, ...t });
    }
  }
  const ids = await store.transaction((tx) => queueCaptures(tx, targets));
  await storeAttachments(deps, reportId, [...new Set(events.map((e) => Number(e.case_id)))]);
  return ids;
}

async function storeAttachments(deps: EvidenceDeps, reportId: string, caseIds: number[]) {
  if (caseIds.length === 0) return;
  const items = await deps.store.query<{
    id: string;
    kind: string;
    media_type: string;
    description: string | null;
    filename: string | null;
    sha256: string;
    data: Uint8Array | null;
  }>(
    "SELECT id, kind, media_type, description, filename, sha256, data FROM report_evidence WHERE report_id = $1",
    [reportId],
  );
  for (const item of items) {
    const blobs = item.data ? [deps.blobs.put(new Uint8Array(item.data))] : [];
    const details = {
      report_id: reportId,
      kind: item.kind,
      media_type: item.media_type,
      description: item.description,
      filename: item.filename,
      sha256: item.sha256,
      stored: blobs.length > 0,
      from_reporter: true,
    };
    await deps.store.transaction(async (tx) => {
      for (const caseId of caseIds) {
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO evidence_captures (case_id, report_id, kind, target, status, summary, result, blobs, finished_at)
           SELECT $1, $2, 'attachment', $3, 'done', $4, $5::jsonb, $6::jsonb, now()
            WHERE NOT EXISTS (SELECT 1 FROM evidence_captures
                               WHERE case_id = $1 AND report_id = $2 AND kind = 'attachment' AND target = $3)
           RETURNING id`,
          [
            caseId,
            reportId,
            item.sha256,
            `${item.kind} from the reporter (${item.media_type}${item.filename ? `, ${item.filename}` : ""})`,
            JSON.stringify(details),
            JSON.stringify(blobs),
          ],
        );
        if (!row) continue;
        const entry = await appendLedger(tx, deps.signer, {
          kind: "attachment",
          caseId,
          blobs: blobs.length > 0 ? blobs : [item.sha256],
          actor: "system",
          details: { capture_id: Number(row.id), ...details },
        });
        await tx.db
          .update(evidenceCaptures)
          .set({ ledgerSeq: entry.seq })
          .where(eq(evidenceCaptures.id, Number(row.id)));
      }
    });
  }
}

interface Outcome {
  status: "done" | "failed" | "refused" | "skipped";
  summary: string;
  record: Record<string, unknown>;
  /** Bytes to keep besides the record (a page body, a screenshot). */
  extra: Buffer[];
}

/** Runs one queued capture and seals what came of it in the ledger, whatever came of it. */
export async function runCapture(deps: EvidenceDeps, captureId: number): Promise<void> {
  const [c] = await deps.store.db
    .select({
      caseId: evidenceCaptures.caseId,
      eventId: evidenceCaptures.eventId,
      kind: evidenceCaptures.kind,
      target: evidenceCaptures.target,
      status: evidenceCaptures.status,
    })
    .from(evidenceCaptures)
    .where(eq(evidenceCaptures.id, captureId));
  if (c?.status !== "queued") return;
  const kind = c.kind as CaptureKind;
  const outcome = await capture(deps, kind, c.target);
  await seal(deps, captureId, c.caseId, c.eventId, kind, c.target, outcome);
  // The picture comes from the bytes just fetched, so it is a capture of its own.
  const page = outcome.record.final as { content_type?: string; url?: string } | undefined;
  if (kind === "http" && outcome.extra[0] && /html/i.test(page?.content_type ?? "html")) {
    const [shot] = await deps.store.db
      .insert(evidenceCaptures)
      .values({ caseId: c.caseId, eventId: c.eventId, kind: "screenshot", target: c.target })
      .returning({ id: evidenceCaptures.id });
    const bodySha = sha256Hex(outcome.extra[0]);
    const earlier = await earlierRender(deps, bodySha);
    const result = earlier
      ? { ok: true as const, png: earlier }
      : await screenshotHtml(outcome.extra[0], page?.url ?? c.target, {
          chromium: deps.chromium,
          timeoutMs: deps.timeoutMs,
        });
    await seal(
      deps,
      Number(shot?.id),
      c.caseId,
      c.eventId,
      "screenshot",
      c.target,
      result.ok
        ? {
            status: "done",
            summary: `screenshot of the captured page (${result.png.length} bytes, PNG)`,
            record: {
              media_type: "image/png",
              rendered_from: "the captured body, without network",
              body_sha256: bodySha,
              ...(earlier
                ? { rendered_before: "the same bytes were rendered for an earlier capture" }
                : {}),
            },
            extra: [result.png],
          }
        : {
            status: result.unavailable ? "skipped" : "failed",
            summary: result.reason,
            record: { reason: result.reason },
            extra: [],
          },
    );
  }
}

/**
 * The picture already drawn from these exact bytes, if any: a campaign serves one kit at many
 * URLs, and Chromium would draw the same picture each time, at a second of CPU apiece.
 */
async function earlierRender(deps: EvidenceDeps, bodySha: string): Promise<Buffer | null> {
  const [row] = await deps.store.query<{ png: string | null }>(
    `SELECT result->'blobs'->>0 AS png FROM evidence_captures
      WHERE kind = 'screenshot' AND status = 'done' AND result->>'body_sha256' = $1
      ORDER BY id LIMIT 1`,
    [bodySha],
  );
  // A purged blob is drawn again.
  return row?.png ? deps.blobs.get(row.png) : null;
}

async function capture(deps: EvidenceDeps, kind: CaptureKind, target: string): Promise<Outcome> {
  try {
    switch (kind) {
      case "http": {
        const r = await safeFetch(target, deps.fetchPolicy);
        const { final, ...rest } = r;
        const record: Record<string, unknown> = { ...rest };
        const extra: Buffer[] = [];
        if (final) {
          const { body, ...meta } = final;
          record.final = meta;
          extra.push(body);
        }
        const status =
          r.outcome === "fetched" || r.outcome === "http_error"
            ? "done"
            : r.outcome === "refused"
              ? "refused"
              : "failed";
        const summary = final
          ? `${final.status} ${final.content_type ?? ""}, ${final.size} bytes after ${r.hops.length} hop(s)`.replace(
              /\s+,/,
              ",",
            )
          : (r.reason ?? r.outcome);
        return { status, summary, record, extra };
      }
      case "dns": {
        const r = await captureDns(target, deps.dns);
        const found = r.records.filter((s) => s.values.length > 0).length;
        return {
          status: "done",
          summary: `${found} record sets from ${r.resolver}`,
          record: r as unknown as Record<string, unknown>,
          extra: [],
        };
      }
      case "rdap_domain":
      case "rdap_ip": {
        const r =
          kind === "rdap_domain"
            ? await rdapDomain(target, deps.rdap)
            : await rdapIp(target, deps.rdap);
        return r.ok
          ? {
              status: "done",
              summary: `registration data from ${r.data.url}`,
              record: r as unknown as Record<string, unknown>,
              extra: [],
            }
          : {
              status: "failed",
              summary: r.error,
              record: r as unknown as Record<string, unknown>,
              extra: [],
            };
      }
      default:
        return {
          status: "skipped",
          summary: `nothing to capture for ${kind}`,
          record: {},
          extra: [],
        };
    }
  } catch (e) {
    // A bug in a capture must not lose the record that it was tried.
    deps.log.error({ err: e, kind, target }, "capture failed");
    return {
      status: "failed",
      summary: `capture failed: ${(e as Error).message}`,
      record: {},
      extra: [],
    };
  }
}

async function seal(
  deps: EvidenceDeps,
  captureId: number,
  caseId: number,
  eventId: number | null,
  kind: CaptureKind,
  target: string,
  o: Outcome,
): Promise<LedgerEntry> {
  const extraShas = o.extra.map((b) => deps.blobs.put(b));
  const record = {
    capture_id: captureId,
    kind,
    target,
    status: o.status,
    ...o.record,
    blobs: extraShas,
  };
  const recordSha = deps.blobs.put(Buffer.from(canonicalJson(record)));
  const blobs = [recordSha, ...extraShas];
  return deps.store.transaction(async (tx) => {
    const entry = await appendLedger(tx, deps.signer, {
      kind: "capture",
      caseId,
      eventId,
      blobs,
      actor: "system",
      details: { capture_id: captureId, kind, target, status: o.status, summary: o.summary },
    });
    await tx.query(
      `UPDATE evidence_captures SET status = $2, summary = $3, result = $4::jsonb, blobs = $5::jsonb,
         ledger_seq = $6, finished_at = now() WHERE id = $1`,
      [captureId, o.status, o.summary, canonicalJson(record), JSON.stringify(blobs), entry.seq],
    );
    await addTimeline(tx, caseId, "evidence", "system", {
      capture_id: captureId,
      kind,
      target,
      status: o.status,
      summary: o.summary,
    });
    return entry;
  });
}
