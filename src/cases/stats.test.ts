import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStore } from "../../test/support/database.ts";
import { UserError } from "../domain/errors.ts";
import type { Store } from "../store/database.ts";
import { caseStats, reportStats, resolvePeriod, trackingStats } from "./stats.ts";

const H = 3_600_000;
const at = (iso: string, plusHours = 0) => new Date(new Date(iso).getTime() + plusHours * H);
const FAR = new Date("2099-01-01T00:00:00Z");

interface CaseInput {
  created: string;
  type: string;
  team: string | null;
  state: string;
  faDue?: Date | null;
  faAt?: Date | null;
  resDue?: Date | null;
  resAt?: Date | null;
  paused?: number;
  pausedSince?: Date | null;
  mergedInto?: number | null;
}

let seq = 0;
async function insertCase(db: Store, c: CaseInput): Promise<number> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO cases (group_key, classification_type, taxonomy, ownership, team_id, resource,
       first_event_at, last_event_at, created_at, state, first_action_due, first_action_at,
       resolution_due, resolved_at, paused_seconds, paused_since, merged_into)
     VALUES ($1, $2, 'fraud', $3, $4, 'example.test', $5, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING id`,
    [
      `g${++seq}`,
      c.type,
      c.team ? "customer" : "not_ours",
      c.team,
      new Date(c.created),
      c.state,
      c.faDue ?? null,
      c.faAt ?? null,
      c.resDue ?? null,
      c.resAt ?? null,
      c.paused ?? 0,
      c.pausedSince ?? null,
      c.mergedInto ?? null,
    ],
  );
  return Number(row?.id);
}

async function insertReport(
  db: Store,
  r: { tracking: string | null; channel: string; at: string; status: string; types?: string[] },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO reports (tracking_number, channel, owner, size, sha256, raw, received_at, status)
     VALUES ($1, $2, 'apikey:test', 3, 'x', $3, $4, $5) RETURNING id`,
    [r.tracking, r.channel, Buffer.from("raw"), new Date(r.at), r.status],
  );
  const id = row?.id as string;
  for (const [i, type] of (r.types ?? []).entries()) {
    await db.query(
      `INSERT INTO events (report_id, dedup_key, classification_type, data, first_seen, last_seen)
       VALUES ($1, $2, $3, '{}', $4, $4)`,
      [id, `${id}-${i}`, type, new Date(r.at)],
    );
  }
  return id;
}

describe("statistics on an empty database", () => {
  let db: Store;
  beforeAll(async () => {
    db = await testStore();
  });
  afterAll(() => db?.close());

  it("answers zeros, empty lists and nulls", async () => {
    const reports = await reportStats(db, {});
    expect(reports).toMatchObject({ months: [], by_channel: [], total: 0 });
    const cases = await caseStats(db, {});
    expect(cases).toMatchObject({
      months: [],
      by_team: [],
      by_type_timing: [],
      timing: {
        first_action: { count: 0, median_hours: null, p90_hours: null },
        resolution: { count: 0, median_hours: null, p90_hours: null },
      },
      sla: {
        first_action: { within: 0, missed: 0, share: null },
        resolution: { within: 0, missed: 0, share: null },
      },
    });
    expect(await trackingStats(db)).toEqual({ years: [] });
  });
});

describe("statistics of the abuse desk", () => {
  let db: Store;
  const period = { from: "2026-01-01", to: "2026-03-31" };

  beforeAll(async () => {
    db = await testStore();
    await db.query("INSERT INTO teams (id, name) VALUES ('t-web', 'Web'), ('t-vps', 'VPS')");

    // Reports: R1 (two types), R2 (received on 1 Feb in Tokyo, still 31 Jan in UTC), a
    // quarantined one, one that only saw R1's event again, a queued one, a processed one
    // without events, an upload still receiving and one before the period.
    const r1 = await insertReport(db, {
      tracking: "MGR-2026-000001",
      channel: "api",
      at: "2026-01-05T10:00:00Z",
      status: "processed",
      types: ["phishing", "phishing", "malware"],
    });
    await insertReport(db, {
      tracking: "MGR-2026-000002",
      channel: "smtp",
      at: "2026-02-01T08:00:00+09:00",
      status: "processed",
      types: ["spam"],
    });
    await insertReport(db, {
      tracking: "MGR-2026-000003",
      channel: "smtp",
      at: "2026-02-10T00:00:00Z",
      status: "quarantined",
    });
    const r4 = await insertReport(db, {
      tracking: "MGR-2026-000004",
      channel: "api",
      at: "2026-02-11T00:00:00Z",
      status: "processed",
    });
    await db.query(
      `INSERT INTO event_sightings (event_id, report_id)
       SELECT id, $2 FROM events WHERE report_id = $1 AND classification_type = 'phishing' LIMIT 1`,
      [r1, r4],
    );
    await insertReport(db, {
      tracking: "MGR-2026-000005",
      channel: "file",
      at: "2026-03-01T00:00:00Z",
      status: "queued",
    });
    await insertReport(db, {
      tracking: null,
      channel: "api",
      at: "2026-03-02T00:00:00Z",
      status: "receiving",
    });
    await insertReport(db, {
      tracking: "MGR-2026-000006",
      channel: "api",
      at: "2026-03-03T00:00:00Z",
      status: "processed",
    });
    await insertReport(db, {
      tracking: "MGR-2025-000001",
      channel: "api",
      at: "2025-12-31T23:59:59Z",
      status: "processed",
      types: ["phishing"],
    });
    await db.query(
      `INSERT INTO tracking_sequences (prefix, year, last)
       VALUES ('MGR', 2015, 6606), ('MGR', 2016, 6518), ('MGR', 2025, 1), ('MGR', 2026, 7)`,
    );

    // Cases (numbers as in the comments of the expectations below).
    const c1 = await insertCase(db, {
      created: "2026-01-10T00:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "resolved",
      faDue: at("2026-01-10T00:00:00Z", 4),
      faAt: at("2026-01-10T00:00:00Z", 1),
      resDue: at("2026-01-10T00:00:00Z", 48),
      resAt: at("2026-01-10T00:00:00Z", 10),
    });
    await insertCase(db, {
      // 2: first action late; resolved in February after 30 h of which 2 h waiting.
      created: "2026-01-31T20:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "closed",
      faDue: at("2026-01-31T20:00:00Z", 4),
      faAt: at("2026-01-31T20:00:00Z", 6),
      resDue: at("2026-01-31T20:00:00Z", 48),
      resAt: at("2026-01-31T20:00:00Z", 30),
      paused: 7200,
    });
    await insertCase(db, {
      // 3: resolved late, 50 h minus 1 h waiting.
      created: "2026-02-05T00:00:00Z",
      type: "malware",
      team: "t-vps",
      state: "resolved",
      faDue: at("2026-02-05T00:00:00Z", 4),
      faAt: at("2026-02-05T00:00:00Z", 2),
      resDue: at("2026-02-05T00:00:00Z", 24),
      resAt: at("2026-02-05T00:00:00Z", 50),
      paused: 3600,
    });
    await insertCase(db, {
      // 4: acted upon after 3 h 20 min; resolution not due yet.
      created: "2026-02-10T00:00:00Z",
      type: "malware",
      team: "t-vps",
      state: "action_taken",
      faDue: at("2026-02-10T00:00:00Z", 4),
      faAt: at("2026-02-10T00:00:00Z", 10 / 3),
      resDue: FAR,
    });
    await insertCase(db, {
      // 5: not ours, overdue without any action: missed twice.
      created: "2026-03-01T00:00:00Z",
      type: "phishing",
      team: null,
      state: "new",
      faDue: at("2026-03-01T00:00:00Z", 4),
      resDue: at("2026-03-01T00:00:00Z", 24),
    });
    await insertCase(db, {
      // 6: nothing due yet: counts nowhere in timing or SLA.
      created: "2026-03-15T00:00:00Z",
      type: "spam",
      team: "t-web",
      state: "new",
      faDue: FAR,
      resDue: FAR,
    });
    await insertCase(db, {
      // 7: waiting for the customer since before its deadline: the clock stands still.
      created: "2026-03-20T00:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "waiting_customer",
      faDue: at("2026-03-20T00:00:00Z", 4),
      faAt: at("2026-03-20T00:00:00Z", 0.5),
      resDue: at("2026-03-20T00:00:00Z", 24),
      pausedSince: at("2026-03-20T00:00:00Z", 12),
    });
    await insertCase(db, {
      // 8: waiting for the customer, but only since after its deadline: missed.
      created: "2026-03-21T00:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "waiting_customer",
      faDue: at("2026-03-21T00:00:00Z", 4),
      faAt: at("2026-03-21T00:00:00Z", 1),
      resDue: at("2026-03-21T00:00:00Z", 24),
      pausedSince: at("2026-03-21T00:00:00Z", 30),
    });
    await insertCase(db, {
      // 9: a false positive, late: opened, but not in timing or SLA.
      created: "2026-01-15T00:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "rejected",
      faDue: at("2026-01-15T00:00:00Z", 4),
      faAt: at("2026-01-15T00:00:00Z", 100),
      resDue: at("2026-01-15T00:00:00Z", 24),
    });
    await insertCase(db, {
      // 10: merged into 1: counts nowhere.
      created: "2026-01-12T00:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "closed",
      faDue: at("2026-01-12T00:00:00Z", 4),
      faAt: at("2026-01-12T00:00:00Z", 500),
      resDue: at("2026-01-12T00:00:00Z", 24),
      resAt: at("2026-01-12T00:00:00Z", 600),
      mergedInto: c1,
    });
    await insertCase(db, {
      // 11: opened before the period, resolved inside it.
      created: "2025-12-20T00:00:00Z",
      type: "phishing",
      team: "t-web",
      state: "closed",
      faDue: at("2025-12-20T00:00:00Z", 4),
      faAt: at("2025-12-20T00:00:00Z", 1),
      resDue: at("2025-12-20T00:00:00Z", 24 * 30),
      resAt: new Date("2026-01-05T00:00:00Z"),
    });
  });
  afterAll(() => db?.close());

  it("counts reports per UTC month and type, and per channel", async () => {
    const s = await reportStats(db, period);
    expect(s.period).toEqual({ from: "2026-01-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" });
    expect(s.months).toEqual([
      { month: "2026-01", type: "malware", reports: 1 },
      { month: "2026-01", type: "phishing", reports: 1 },
      { month: "2026-01", type: "spam", reports: 1 },
      { month: "2026-02", type: "phishing", reports: 1 },
      { month: "2026-02", type: "unparsed", reports: 1 },
      { month: "2026-03", type: "no_events", reports: 1 },
      { month: "2026-03", type: "pending", reports: 1 },
    ]);
    expect(s.by_channel).toEqual([
      { month: "2026-01", channel: "api", reports: 1 },
      { month: "2026-01", channel: "smtp", reports: 1 },
      { month: "2026-02", channel: "api", reports: 1 },
      { month: "2026-02", channel: "smtp", reports: 1 },
      { month: "2026-03", channel: "api", reports: 1 },
      { month: "2026-03", channel: "file", reports: 1 },
    ]);
    expect(s.total).toBe(6);
    // The report of 31 December 23:59:59 UTC belongs to December.
    const dec = await reportStats(db, { from: "2025-12-01", to: "2025-12-31" });
    expect(dec.months).toEqual([{ month: "2025-12", type: "phishing", reports: 1 }]);
  });

  it("counts cases opened and resolved per month and type; merged cases nowhere", async () => {
    const s = await caseStats(db, period);
    expect(s.months).toEqual([
      // 1, 2 and the rejected 9 opened; 1 and 11 resolved.
      { month: "2026-01", type: "phishing", opened: 3, resolved: 2 },
      { month: "2026-02", type: "malware", opened: 2, resolved: 1 },
      { month: "2026-02", type: "phishing", opened: 0, resolved: 1 },
      { month: "2026-03", type: "phishing", opened: 3, resolved: 0 },
      { month: "2026-03", type: "spam", opened: 1, resolved: 0 },
    ]);
    expect(s.by_team).toEqual([
      { team_id: "t-vps", opened: 2, resolved: 1, open_now: 1 },
      { team_id: "t-web", opened: 6, resolved: 3, open_now: 3 },
      { team_id: null, opened: 1, resolved: 0, open_now: 1 },
    ]);
  });

  it("measures time to first action and to resolution, without the customer's waiting time", async () => {
    const s = await caseStats(db, period);
    // First action (h): 1, 6, 2, 3.333…, 0.5, 1 → sorted 0.5 1 1 2 3.333 6.
    // Median: halfway between 1 and 2; p90: rank 4.5, halfway between 3.333 and 6.
    expect(s.timing.first_action).toEqual({ count: 6, median_hours: 1.5, p90_hours: 4.67 });
    // Resolution (h): 10, 30 − 2, 50 − 1 → 10 28 49; p90: rank 1.8 → 28 + 0.8 × 21.
    expect(s.timing.resolution).toEqual({ count: 3, median_hours: 28, p90_hours: 44.8 });
  });

  it("shares within the SLA, counting overdue cases without the action as missed", async () => {
    const s = await caseStats(db, period);
    // Within: 1, 3, 4, 7, 8; missed: 2 (late) and 5 (overdue, nothing done); 6 not due yet.
    expect(s.sla.first_action).toEqual({ within: 5, missed: 2, share: 0.714 });
    // Within: 1, 2; missed: 3 (late), 5 (overdue), 8 (overdue before its wait began);
    // 4 and 6 not due, 7 paused before its deadline.
    expect(s.sla.resolution).toEqual({ within: 2, missed: 3, share: 0.4 });
    expect(s.by_type_timing).toEqual([
      {
        type: "malware",
        cases: 2,
        first_action_median_hours: 2.67,
        resolution_median_hours: 49,
        first_action_share_within: 1,
        resolution_share_within: 0,
      },
      {
        type: "phishing",
        cases: 5,
        first_action_median_hours: 1,
        resolution_median_hours: 19,
        first_action_share_within: 0.6,
        resolution_share_within: 0.5,
      },
      {
        type: "spam",
        cases: 1,
        first_action_median_hours: null,
        resolution_median_hours: null,
        first_action_share_within: null,
        resolution_share_within: null,
      },
    ]);
  });

  it("narrows everything to one team", async () => {
    const s = await caseStats(db, period, { team: "t-vps" });
    expect(s.team).toBe("t-vps");
    expect(s.months).toEqual([{ month: "2026-02", type: "malware", opened: 2, resolved: 1 }]);
    expect(s.by_team).toEqual([{ team_id: "t-vps", opened: 2, resolved: 1, open_now: 1 }]);
    expect(s.timing.first_action).toEqual({ count: 2, median_hours: 2.67, p90_hours: 3.2 });
    expect(s.sla.resolution).toEqual({ within: 0, missed: 1, share: 0 });
  });

  it("times the cases opened in the period, even by what happened after it", async () => {
    const s = await caseStats(db, { from: "2025-12-01", to: "2025-12-31" });
    expect(s.months).toEqual([{ month: "2025-12", type: "phishing", opened: 1, resolved: 0 }]);
    expect(s.timing.first_action).toEqual({ count: 1, median_hours: 1, p90_hours: 1 });
    // 11 was resolved on 5 January: 16 days later.
    expect(s.timing.resolution).toEqual({ count: 1, median_hours: 384, p90_hours: 384 });
    expect(s.sla.resolution).toEqual({ within: 1, missed: 0, share: 1 });
  });

  it("reports tracking numbers issued per year, with the reports still stored", async () => {
    expect((await trackingStats(db)).years).toEqual([
      { prefix: "MGR", year: 2015, issued: 6606, stored: 0 },
      { prefix: "MGR", year: 2016, issued: 6518, stored: 0 },
      { prefix: "MGR", year: 2025, issued: 1, stored: 1 },
      { prefix: "MGR", year: 2026, issued: 7, stored: 6 },
    ]);
  });
});

describe("the period", () => {
  const now = new Date("2026-11-29T21:00:00Z");

  it("defaults to 12 whole UTC months up to now", () => {
    expect(resolvePeriod({}, now)).toEqual({
      from: new Date("2025-12-01T00:00:00Z"),
      to: now,
    });
  });

  it("includes the whole last day, and counts 12 months back from it", () => {
    expect(resolvePeriod({ to: "2026-03-31" }, now)).toEqual({
      from: new Date("2025-04-01T00:00:00Z"),
      to: new Date("2026-04-01T00:00:00Z"),
    });
    expect(resolvePeriod({ from: "2026-03-01", to: "2026-03-01" }, now)).toEqual({
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-02T00:00:00Z"),
    });
    expect(resolvePeriod({ from: "2026-03-01T09:00:00+09:00" }, now).from).toEqual(
      new Date("2026-03-01T00:00:00Z"),
    );
  });

  it("refuses a bad date and a period that ends before it starts", () => {
    const err = (p: { from?: string; to?: string }) => {
      try {
        resolvePeriod(p, now);
      } catch (e) {
        return e;
      }
      return null;
    };
    for (const p of [
      { from: "2026-02-30" },
      { to: "yesterday" },
      { from: "2026-03-02", to: "2026-03-01" },
    ]) {
      const e = err(p);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe("invalid_period");
      expect((e as UserError).status).toBe(400);
    }
  });
});
