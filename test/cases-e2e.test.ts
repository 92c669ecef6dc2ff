import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readInventoryDir } from "../src/inventory/csv-files.ts";
import { until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

const SAMPLES = join(import.meta.dirname, "fixtures", "samples");

let p: TestPlatform;

/** Submits a sample file and waits until its events sit on cases; returns the report detail. */
async function ingest(file: string, contentType: string, query = "") {
  const r = await p.api("POST", `/api/v1/reports${query}`, {
    raw: new Blob([readFileSync(join(SAMPLES, file))]),
    headers: { "content-type": contentType },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return until(
    async () => {
      const d = await p.api("GET", `/api/v1/reports/${r.body.id}`);
      if (d.body.status === "queued") return undefined;
      const [left] = await p.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM events WHERE report_id = $1 AND case_id IS NULL",
        [r.body.id],
      );
      return left?.n === 0 && d.body.status === "processed" ? d.body : undefined;
    },
    30_000,
    `${file} routed`,
  );
}

/** The cases whose events came from this report. */
async function casesOf(reportId: string) {
  const rows = await p.store.query<{ case_id: string }>(
    "SELECT DISTINCT case_id FROM events WHERE report_id = $1 ORDER BY case_id",
    [reportId],
  );
  return Promise.all(
    rows.map(async (r) => (await p.api("GET", `/api/v1/cases/${r.case_id}`)).body),
  );
}

beforeAll(async () => {
  p = await startTestPlatform({ resolve: { dns: false } });
  const { batch } = readInventoryDir(join(SAMPLES, "inventory"));
  const imported = await p.api("POST", "/api/v1/inventory/import", { body: batch });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  expect(imported.body.rejections).toEqual([]);
});
afterAll(() => p?.stop());

describe("the sample inventory and the sample reports (the issue's 'done when')", () => {
  it("puts the ARF spam and the memcached scan on 198.51.100.23 on C1003's VPS", async () => {
    const arf = await ingest("mail/arf-spam.eml", "message/rfc822");
    // The mail yields the sending address (ours) and the advertised site (not ours).
    const arfCases = await casesOf(arf.id);
    const spam = arfCases.find((c) => c.ownership === "customer");
    expect(arfCases.find((c) => c.ownership === "not_ours")?.resource).toBe("cheap-pills.example");
    expect(spam).toMatchObject({
      type: "spam",
      ownership: "customer",
      service_id: "S-vps-23",
      customer_id: "C1003",
      team_id: "abuse-vps",
      service_type: "vps",
    });
    const scan = await ingest(
      "feeds/shadowserver-scan.csv",
      "text/csv",
      "?filename=scan_memcached.csv",
    );
    const cases = await casesOf(scan.id);
    const onVps23 = cases.filter((c) => c.service_id === "S-vps-23");
    expect(onVps23.length).toBeGreaterThan(0);
    expect(onVps23.every((c) => c.customer_id === "C1003")).toBe(true);
    const memcached = onVps23
      .flatMap((c) => c.events)
      .filter((e) => e.data["source.port"] === 11211);
    expect(memcached).toHaveLength(1);
    expect(memcached[0].data["source.ip"]).toBe("198.51.100.23");
  });

  it("puts the RDP scan on 192.0.2.10 on the dedicated server of C1002", async () => {
    const { items } = (await p.api("GET", "/api/v1/cases?resource=192.0.2.10")).body;
    expect(items.length).toBeGreaterThan(0);
    for (const c of items) {
      expect(c).toMatchObject({
        service_id: "S-ded-10",
        customer_id: "C1002",
        service_type: "dedicated",
      });
    }
  });

  it("joins the Japanese phishing mail and the XARF phishing report on one case for S-vps-80", async () => {
    const ja = await ingest("mail/plain-phishing.eml", "message/rfc822");
    const xarf = await ingest("mail/xarf-v4-phishing.eml", "message/rfc822");
    const a = await casesOf(ja.id);
    const b = await casesOf(xarf.id);
    const phishA = a.filter((c) => c.type === "phishing");
    const phishB = b.filter((c) => c.type === "phishing");
    expect(phishA).toHaveLength(1);
    expect(phishB).toHaveLength(1);
    const c = phishA[0];
    expect(phishB[0].id).toBe(c.id);
    expect(c).toMatchObject({
      service_id: "S-vps-80",
      customer_id: "C1003",
      state: "new",
      misuse_type: "undetermined",
    });
    const due = Date.parse(c.sla.first_action_due) - Date.parse(c.created_at);
    expect(due).toBe(4 * 3600_000);
    expect(Date.parse(c.sla.resolution_due) - Date.parse(c.created_at)).toBe(24 * 3600_000);
    expect(c.misuse_suggestions.map((s: { misuse_type: string }) => s.misuse_type)).toContain(
      "fraudulent_contract",
    );
    const reports = new Set(c.events.map((e: { report_id: string }) => e.report_id));
    expect(reports).toEqual(new Set([ja.id, xarf.id]));
    // The report shows the cases its events went to.
    const detail = (await p.api("GET", `/api/v1/reports/${xarf.id}`)).body;
    expect(detail.case_ids).toContain(c.id);
  });

  it("keeps the SSH attacker 203.0.113.45 as not ours", async () => {
    const r = await ingest("mail/xarf-login-attack.eml", "message/rfc822");
    const [c] = await casesOf(r.id);
    expect(c).toMatchObject({
      ownership: "not_ours",
      service_id: null,
      customer_id: null,
      resource: "203.0.113.45",
      type: "brute-force",
    });
    const listed = (await p.api("GET", "/api/v1/cases?ownership=not_ours")).body.items;
    expect(listed.map((x: { id: number }) => x.id)).toContain(c.id);
  });
});
