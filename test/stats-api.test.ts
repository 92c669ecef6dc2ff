// The abuse desk's statistics over HTTP, and `mogura stats` printing them.
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { statsCommand } from "../src/cli/commands/stats.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
const H = 3_600_000;

beforeAll(async () => {
  p = await startTestPlatform();
  await p.store.query("INSERT INTO teams (id, name) VALUES ('t-web', 'Web')");
  const [r] = await p.store.query<{ id: string }>(
    `INSERT INTO reports (tracking_number, channel, owner, size, sha256, raw, received_at, status)
     VALUES ('MGR-2026-000001', 'api', 'apikey:test', 3, 'x', $1, '2026-01-05T10:00:00Z', 'processed')
     RETURNING id`,
    [Buffer.from("raw")],
  );
  await p.store.query(
    `INSERT INTO events (report_id, dedup_key, classification_type, data, first_seen, last_seen)
     VALUES ($1, 'k1', 'phishing', '{}', now(), now())`,
    [r?.id],
  );
  await p.store.query(
    `INSERT INTO reports (tracking_number, channel, owner, size, sha256, raw, received_at, status)
     VALUES ('MGR-2026-000002', 'smtp', 'smtp:', 3, 'y', $1, '2026-02-01T00:00:00Z', 'quarantined')`,
    [Buffer.from("raw")],
  );
  await p.store.query(
    "INSERT INTO tracking_sequences (prefix, year, last) VALUES ('MGR', 2015, 6606), ('MGR', 2016, 6518), ('MGR', 2026, 2)",
  );
  const created = new Date("2026-01-10T00:00:00Z");
  const plus = (h: number) => new Date(created.getTime() + h * H);
  // One case acted upon after 2 h (due 4 h) and resolved after 12 h, 2 of them waiting
  // (due 24 h); another of the same team acted upon late and never resolved (overdue).
  await p.store.query(
    `INSERT INTO cases (group_key, classification_type, taxonomy, ownership, team_id, resource,
       first_event_at, last_event_at, created_at, state, first_action_due, first_action_at,
       resolution_due, resolved_at, paused_seconds)
     VALUES ('g1', 'phishing', 'fraud', 'customer', 't-web', 'a.example', $1, $1, $1, 'resolved',
             $2, $3, $4, $5, 7200),
            ('g2', 'phishing', 'fraud', 'customer', 't-web', 'b.example', $1, $1, $1, 'action_taken',
             $2, $6, $4, NULL, 0)`,
    [created, plus(4), plus(2), plus(24), plus(12), plus(8)],
  );
});
afterAll(() => p?.stop());

describe("GET /api/v1/stats/…", () => {
  it("counts reports per month and type, and per channel", async () => {
    const r = await p.api("GET", "/api/v1/stats/reports?from=2026-01-01&to=2026-03-31");
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      period: { from: "2026-01-01T00:00:00.000Z", to: "2026-04-01T00:00:00.000Z" },
      months: [
        { month: "2026-01", type: "phishing", reports: 1 },
        { month: "2026-02", type: "unparsed", reports: 1 },
      ],
      by_channel: [
        { month: "2026-01", channel: "api", reports: 1 },
        { month: "2026-02", channel: "smtp", reports: 1 },
      ],
      total: 2,
    });
  });

  it("gives case counts, timing and SLA shares, for all teams or one", async () => {
    const r = await p.api("GET", "/api/v1/stats/cases?from=2026-01-01&to=2026-01-31&team=t-web");
    expect(r.status).toBe(200);
    expect(r.body.team).toBe("t-web");
    expect(r.body.months).toEqual([{ month: "2026-01", type: "phishing", opened: 2, resolved: 1 }]);
    expect(r.body.by_team).toEqual([{ team_id: "t-web", opened: 2, resolved: 1, open_now: 1 }]);
    expect(r.body.timing).toEqual({
      first_action: { count: 2, median_hours: 5, p90_hours: 7.4 },
      resolution: { count: 1, median_hours: 10, p90_hours: 10 },
    });
    expect(r.body.sla).toEqual({
      first_action: { within: 1, missed: 1, share: 0.5 },
      resolution: { within: 1, missed: 1, share: 0.5 },
    });
    const other = await p.api("GET", "/api/v1/stats/cases?from=2026-01-01&to=2026-01-31&team=t-x");
    expect(other.body.months).toEqual([]);
    expect(other.body.sla.first_action.share).toBeNull();
  });

  it("counts tracking numbers issued per year", async () => {
    const r = await p.api("GET", "/api/v1/stats/tracking-numbers");
    expect(r.status).toBe(200);
    expect(r.body.years).toEqual([
      { prefix: "MGR", year: 2015, issued: 6606, stored: 0 },
      { prefix: "MGR", year: 2016, issued: 6518, stored: 0 },
      { prefix: "MGR", year: 2026, issued: 2, stored: 2 },
    ]);
  });

  it("answers the last 12 months without a period", async () => {
    const r = await p.api("GET", "/api/v1/stats/cases");
    expect(r.status).toBe(200);
    const from = new Date(r.body.period.from);
    expect(from.getUTCDate()).toBe(1);
    expect(Date.now() - new Date(r.body.period.to).getTime()).toBeLessThan(60_000);
  });

  it("refuses a bad date and a period that ends before it starts, with the error body", async () => {
    const bad = await p.api("GET", "/api/v1/stats/reports?from=2026-02-30");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.message).toContain("from");
    const reversed = await p.api("GET", "/api/v1/stats/cases?from=2026-03-02&to=2026-03-01");
    expect(reversed.status).toBe(400);
    expect(reversed.body.error).toMatchObject({ code: "invalid_period" });
    expect(reversed.body.error.message).toContain("after");
  });

  it("lets staff read the figures, and nobody else", async () => {
    const key = async (role: string) =>
      (await p.api("POST", "/api/v1/apikeys", { body: { name: `stats-${role}`, role } })).body.key;
    const viewer = await key("viewer");
    const reporter = await key("reporter");
    expect((await p.api("GET", "/api/v1/stats/reports", { key: viewer })).status).toBe(200);
    expect((await p.api("GET", "/api/v1/stats/reports", { key: reporter })).status).toBe(403);
    expect((await p.api("GET", "/api/v1/stats/tracking-numbers", { key: null })).status).toBe(401);
  });

  it("describes the endpoints in the OpenAPI document", async () => {
    const spec = await p.api("GET", "/api/openapi.json", { key: null });
    const cases = spec.body.paths["/api/v1/stats/cases"].get;
    expect(cases.tags).toEqual(["stats"]);
    expect(cases.parameters.map((q: { name: string }) => q.name).sort()).toEqual([
      "from",
      "team",
      "to",
    ]);
    expect(spec.body.paths["/api/v1/stats/tracking-numbers"].get).toBeDefined();
  });
});

describe("mogura stats", () => {
  async function run(args: string[]): Promise<string> {
    const program = new Command("mogura")
      .option("--url <url>")
      .option("--api-key <key>")
      .exitOverride();
    statsCommand(program);
    const out: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
      out.push(a.join(" "));
    });
    try {
      await program.parseAsync(["--url", p.url, "--api-key", p.adminKey, "stats", ...args], {
        from: "user",
      });
    } finally {
      log.mockRestore();
    }
    return out.join("\n");
  }

  it("prints tables of reports, cases, teams, timing, SLA and tracking numbers", async () => {
    const text = await run(["--from", "2026-01-01", "--to", "2026-02-28"]);
    expect(text).toContain("Period 2026-01-01 .. 2026-02-28 (UTC)");
    expect(text).toMatch(/MONTH\s+PHISHING\s+UNPARSED\s+REPORTS\n2026-01\s+1\s+0\s+1/);
    expect(text).toMatch(/2026-01\s+2\/1/);
    expect(text).toMatch(/t-web\s+2\s+1\s+1/);
    expect(text).toContain("first action  median 5 h, p90 7.4 h (2 cases); within SLA 50.0%");
    expect(text).toMatch(/MGR\s+2015\s+6606\s+0/);
  });

  it("prints the three answers as one JSON object with --json", async () => {
    const json = JSON.parse(await run(["--from", "2026-01-01", "--to", "2026-02-28", "--json"]));
    expect(Object.keys(json)).toEqual(["reports", "cases", "tracking_numbers"]);
    expect(json.reports.total).toBe(2);
    expect(json.cases.sla.resolution.share).toBe(0.5);
    expect(json.tracking_numbers.years).toHaveLength(3);
  });
});
