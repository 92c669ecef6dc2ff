// The disclosure rules and the package layout on a case held in memory: no database, no blob
// store, no signatures (package.test.ts checks those end to end).
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../domain/canonical-json.ts";
import type { CaptureView } from "./capture-store.ts";
import type { LedgerEntry } from "./ledger.ts";
import { discloseForAudience } from "./package-disclosure.ts";
import { layOutPackage } from "./package-layout.ts";
import type { PackageSources } from "./package-sources.ts";

const page = Buffer.from("<html>phish</html>");
const eml = Buffer.from("From: someone@victim.example");
const gone = "9".repeat(64);
const PAGE = sha256Hex(page);
const EML = sha256Hex(eml);
const RECORD = sha256Hex("record");

function entry(seq: number, kind: string, blobs: string[], details: object = {}): LedgerEntry {
  return {
    seq,
    at: "2025-03-02T12:00:00.000Z",
    kind,
    case_id: kind === "purge" ? null : 7,
    event_id: null,
    blobs,
    actor: "system",
    details: { ...details },
    prev_hash: "0".repeat(64),
    hash: String(seq).repeat(64).slice(0, 64),
    key_id: "k1",
    signature: "sig",
  };
}

function capture(id: number, kind: string, over: Partial<CaptureView>): CaptureView {
  return {
    id,
    case_id: 7,
    event_id: null,
    report_id: null,
    kind,
    target: "http://evil.example/",
    status: "done",
    summary: null,
    result: {},
    blobs: [],
    ledger_seq: null,
    created_at: "2025-03-02T12:00:00.000Z",
    finished_at: "2025-03-02T12:00:01.000Z",
    ...over,
  };
}

function sources(): PackageSources {
  const report = (id: string, tlp: string | null, consent: boolean | undefined) => ({
    row: {
      id,
      tracking_number: `R-${id}`,
      channel: "api",
      received_at: "2025-03-01T00:00:00.000Z",
      tlp,
      consent_to_forward: consent === true,
      reporter: { name: `reporter ${id}` },
    },
    statedConsent: consent,
  });
  return {
    detail: {
      id: 7,
      state: "acknowledged",
      type: "phishing",
      taxonomy: "fraud",
      ownership: "customer",
      resource: "evil.example",
      service_id: null,
      service_type: null,
      customer_id: "C-1",
      team_id: "T-1",
      netblock_id: null,
      event_count: 2,
      misuse_type: "undetermined",
      misuse_suggestions: [],
      assignee: "ana",
      reemerged: false,
      reemerged_count: 0,
      merged_into: null,
      first_event_at: "2025-03-01T00:00:00.000Z",
      last_event_at: "2025-03-01T00:00:00.000Z",
      created_at: "2025-03-01T00:00:00.000Z",
      updated_at: "2025-03-01T00:00:00.000Z",
      sla: {
        first_action_due: null,
        resolution_due: null,
        first_action_at: null,
        resolved_at: null,
        paused: false,
        first_action_breached: false,
        resolution_breached: false,
        next_deadline: null,
      },
      timeline: [
        {
          id: 1,
          at: "2025-03-01T00:00:00.000Z",
          kind: "note",
          actor: "ana",
          detail: { text: "x" },
        },
        {
          id: 2,
          at: "2025-03-01T00:00:00.000Z",
          kind: "action",
          actor: "ana",
          detail: { action: "suspend_service", note: "between us" },
        },
      ],
      events: [
        {
          id: 1,
          report_id: "mail",
          type: "phishing",
          first_seen: "2025-03-01T00:00:00.000Z",
          last_seen: "2025-03-01T00:00:00.000Z",
          seen_count: 1,
          data: { "source.url": "http://evil.example/", raw: "my own log", extra: { a: 1 } },
          resolution: { ownership: "customer", customer_id: "C-1" },
        },
        {
          id: 2,
          report_id: "red",
          type: "phishing",
          first_seen: "2025-03-01T00:00:00.000Z",
          last_seen: "2025-03-01T00:00:00.000Z",
          seen_count: 1,
          data: { "source.url": "http://secret.example/" },
          resolution: null,
        },
      ],
      events_shown: 2,
    },
    captures: [
      capture(10, "http", {
        event_id: 1,
        blobs: [RECORD, PAGE, gone],
        ledger_seq: 1,
        result: { final: { content_type: "text/html" } },
      }),
      capture(11, "attachment", {
        report_id: "mail",
        target: EML,
        blobs: [EML],
        ledger_seq: 2,
        result: { from_reporter: true, media_type: "message/rfc822" },
      }),
    ],
    ledger: [
      entry(1, "capture", [RECORD, PAGE, gone], { capture_id: 10 }),
      entry(2, "attachment", [EML], { capture_id: 11 }),
      entry(3, "action", [PAGE, EML], { action: "suspend_service" }),
    ],
    reports: new Map([
      ["mail", report("mail", null, undefined)],
      ["red", report("red", "RED", true)],
    ]),
    purged: new Map([[gone, { purged_at: "2025-04-01T00:00:00.000Z", ledger_seq: 9 }]]),
    purgeEntries: new Map([[9, entry(9, "purge", [gone])]]),
    publicKeys: [
      { id: "k0", public_key: "unused" },
      { id: "k1", public_key: "PEM" },
    ],
  };
}

const store = new Map([
  [PAGE, page],
  [EML, eml],
]);
const readBlob = (sha: string) => store.get(sha) ?? null;

describe("package disclosure and layout, without a database", () => {
  it("internal: everything is shown and nothing is withheld", () => {
    const shown = discloseForAudience(sources(), "internal");
    expect(shown.withheld).toEqual([]);
    expect(shown.events.map((e) => e.id)).toEqual([1, 2]);
    expect(shown.case.assignee).toBe("ana");
    expect(shown.timeline.map((t) => t.kind)).toEqual(["note", "action"]);
    expect(shown.reports.map((r) => r.reporter)).toEqual([
      { name: "reporter mail" },
      { name: "reporter red" },
    ]);
  });

  it("customer: reporters, restricted events, attachments and internal fields stay out, and say so", () => {
    const shown = discloseForAudience(sources(), "customer");
    expect(shown.reports.map((r) => r.reporter)).toEqual([null, null]);
    expect(shown.events.map((e) => e.id)).toEqual([1]);
    expect(shown.events[0]?.data).toEqual({
      "source.url": "http://evil.example/",
      extra: { a: 1 },
    });
    expect(shown.events[0]?.resolution).toEqual({ ownership: "customer" });
    expect(shown.captures.map((c) => c.id)).toEqual([10]);
    expect(shown.ledger.map((e) => e.seq)).toEqual([1, 3]);
    expect(shown.case).not.toHaveProperty("assignee");
    expect(shown.timeline).toEqual([
      expect.objectContaining({ detail: { action: "suspend_service" } }),
    ]);
    expect(shown.withheld.map((w) => [w.what, w.ref, w.blobs])).toEqual([
      ["reporter_identity", "report R-mail", undefined],
      ["reporter_identity", "report R-red", undefined],
      ["event_fields", "event 1", undefined],
      ["event", "event 2", undefined],
      ["capture", "capture 11 (attachment)", [EML]],
      ["ledger_entry", "ledger entry 2 (attachment)", [EML]],
      ["case_fields", "case 7", undefined],
      ["timeline", '1 timeline entry of kind "note"', undefined],
    ]);
    // The kept action cites the attachment: its bytes still stay out.
    expect([...shown.withheldBytes]).toEqual([EML]);
  });

  it("lays out the files: blobs read, purged ones explained by their entry, only the keys used", () => {
    const s = sources();
    const { manifest, files } = layOutPackage(
      s,
      discloseForAudience(s, "customer"),
      readBlob,
      "2025-05-01T00:00:00.000Z",
    );
    expect(files.map((f) => f.name)).toEqual([
      "manifest.json",
      "summary.html",
      "public-keys/k1.pem",
      `blobs/${PAGE}`,
    ]);
    expect(files.every((f) => f.mtime?.toISOString() === "2025-05-01T00:00:00.000Z")).toBe(true);
    expect(JSON.parse(String(files[0]?.data))).toEqual(manifest);
    expect(manifest.ledger.map((e) => e.seq)).toEqual([1, 3, 9]);
    expect(manifest.blobs).toEqual([
      { sha256: PAGE, size: page.length, role: "body", media_type: "text/html" },
    ]);
    expect(manifest.missing_blobs).toEqual([
      { sha256: RECORD, reason: "not in the blob store" },
      {
        sha256: gone,
        reason: "purged under the retention policy on 2025-04-01T00:00:00.000Z",
        ledger_seq: 9,
      },
    ]);
    expect(manifest.public_keys).toEqual([{ key_id: "k1", public_key: "PEM" }]);
  });
});
