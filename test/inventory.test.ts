// The provider's inventory over HTTP: the bulk import (idempotence, per-row rejections with
// file and line), the history of assignments, and the CRUD routes with their DELETE rules.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readInventoryCsv } from "../src/inventory/csv-files.ts";
import { submitRouted } from "./support/intake.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ resolve: { dns: false } });
});
afterAll(() => p?.stop());

type Row = Record<string, unknown>;
interface Batch {
  teams?: Row[];
  customers?: Row[];
  services?: Row[];
  netblocks?: Row[];
  domains?: Row[];
}

async function importBatch(batch: Batch) {
  const r = await p.api("POST", "/api/v1/inventory/import", { body: batch });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** A team, a customer and one service of it: what most tests hang their netblocks on. */
function owner(tag: string, type = "vps", customer = `C-${tag}`): Batch {
  return {
    teams: [{ id: `T-${tag}`, name: `Team ${tag}` }],
    customers: [{ id: customer, name: `Customer ${tag}`, verification: "phone" }],
    services: [
      {
        id: `S-${tag}`,
        customer_id: customer,
        type,
        team_id: `T-${tag}`,
        valid_from: "2025-01-01",
      },
    ],
  };
}

/** Netblocks holding an address, oldest period first. */
async function netblocksAt(ip: string) {
  const r = await p.api("GET", `/api/v1/inventory/netblocks?ip=${encodeURIComponent(ip)}`);
  expect(r.status).toBe(200);
  return [...r.body.items].sort(
    (a: { valid_from: string }, b: { valid_from: string }) =>
      Date.parse(a.valid_from) - Date.parse(b.valid_from),
  );
}

/** Submits a Mogura JSON report and waits until its events sit on cases. */
const submit = (report: Record<string, unknown>) => submitRouted(p, report);

/** The resolutions of a report's events, with the case each went to. */
async function resolutionsOf(reportId: string) {
  const rows = await p.store.query<{
    case_id: string;
    data: Record<string, unknown>;
    resolution: Record<string, unknown>;
  }>("SELECT case_id, data, resolution FROM events WHERE report_id = $1 ORDER BY id", [reportId]);
  return rows;
}

describe("POST /api/v1/inventory/import", () => {
  it("creates every kind of row, and a second run of the same batch leaves all unchanged", async () => {
    const batch: Batch = {
      teams: [
        { id: "T-idem", name: "Idempotent desk", email: "desk@hoster.example", company: "Hoster" },
      ],
      customers: [
        { id: "C-idem-1", name: "First", country: "JP", verification: "phone+postal" },
        { id: "C-idem-2", name: "Second", email: "b@second.example" },
      ],
      services: [
        {
          id: "S-idem-vps",
          customer_id: "C-idem-1",
          type: "vps",
          plan: "vps-2g",
          team_id: "T-idem",
          valid_from: "2025-03-01",
        },
        {
          id: "S-idem-shared",
          customer_id: "C-idem-2",
          type: "shared",
          team_id: "T-idem",
          valid_from: "2025-03-01T09:30:00Z",
          valid_to: "2030-12-31",
        },
      ],
      netblocks: [
        { cidr: "10.11.0.0/24", service_id: "S-idem-vps", valid_from: "2025-03-01", note: "rack" },
        {
          cidr: "10.11.1.0/24",
          team_id: "T-idem",
          shared: "yes",
          valid_from: "2025-03-01",
          note: "shared cluster",
        },
        { cidr: "2001:db8:11::/48", service_id: "S-idem-vps", valid_from: "2025-03-01" },
        // A bare address is a /32.
        { cidr: "10.11.2.7", service_id: "S-idem-vps", valid_from: "2025-03-01" },
      ],
      domains: [
        { domain: "Idem-Site.example.", service_id: "S-idem-shared", valid_from: "2025-03-01" },
      ],
    };
    const first = await importBatch(batch);
    expect(first.rejections).toEqual([]);
    expect(first.teams).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.customers).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.services).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.netblocks).toEqual({ created: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(first.domains).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });

    const [stateBefore] = await p.store.query<{ version: string }>(
      "SELECT version FROM inventory_state WHERE id = 1",
    );
    const second = await importBatch(batch);
    expect(second).toEqual({
      teams: { created: 0, updated: 0, unchanged: 1, rejected: 0 },
      customers: { created: 0, updated: 0, unchanged: 2, rejected: 0 },
      services: { created: 0, updated: 0, unchanged: 2, rejected: 0 },
      netblocks: { created: 0, updated: 0, unchanged: 4, rejected: 0 },
      domains: { created: 0, updated: 0, unchanged: 1, rejected: 0 },
      closed: 0,
      rejections: [],
    });
    const [stateAfter] = await p.store.query<{ version: string }>(
      "SELECT version FROM inventory_state WHERE id = 1",
    );
    expect(stateAfter?.version).toBe(stateBefore?.version);

    // Stored in canonical form, each once.
    const v6 = await netblocksAt("2001:db8:11::1");
    expect(v6.map((n: { cidr: string }) => n.cidr)).toEqual(["2001:db8:11::/48"]);
    expect((await netblocksAt("10.11.2.7")).map((n: { cidr: string }) => n.cidr)).toEqual([
      "10.11.2.7/32",
    ]);
    const shared = (await netblocksAt("10.11.1.1"))[0];
    expect(shared).toMatchObject({ shared: true, team_id: "T-idem", service_id: null });
    const domains = await p.api("GET", "/api/v1/inventory/domains?service_id=S-idem-shared");
    expect(domains.body.items).toHaveLength(1);
    expect(domains.body.items[0].domain).toBe("idem-site.example");
    const svc = await p.api("GET", "/api/v1/inventory/services/S-idem-shared");
    expect(svc.body).toMatchObject({
      type: "shared",
      valid_from: "2025-03-01T09:30:00.000Z",
      // A valid_to day is the last day that holds: the period ends at the next midnight.
      valid_to: "2031-01-01T00:00:00.000Z",
    });
  });

  it("counts a changed field as updated and keeps the rest unchanged", async () => {
    const batch = owner("upd");
    await importBatch(batch);
    const changed = await importBatch({
      ...batch,
      teams: [{ id: "T-upd", name: "Renamed team" }],
    });
    expect(changed.teams).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 0 });
    expect(changed.customers).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(changed.services).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect((await p.api("GET", "/api/v1/inventory/teams/T-upd")).body.name).toBe("Renamed team");
  });

  it("rejects each bad CSV row with its file, line and reason, and takes the rest", async () => {
    await importBatch(owner("bad"));
    const csv = (text: string) => new TextEncoder().encode(text);
    const netblocks = readInventoryCsv(
      csv(
        [
          "cidr,service_id,team_id,shared,valid_from,valid_to,note",
          "10.12.0.0/24,S-bad,,no,2026-01-01,,good one", // line 2
          "10.12.300.0/24,S-bad,,no,2026-01-01,,", // line 3: not an address
          "10.12.1.5/24,S-bad,,no,2026-01-01,,", // line 4: host bits set
          "10.12.2.0/24,S-bad,,no,2026-05-10,2026-05-01,", // line 5: ends before it starts
          "10.12.3.0/24,S-nowhere,,no,2026-01-01,,", // line 6: unknown service
          "10.12.0.0/24,S-bad,,no,2026-01-01,,good one", // line 7: exact duplicate of line 2
          "10.12.4.0/24,S-bad,T-bad,yes,2026-01-01,,", // line 8: shared with a service
          "2001:db8:12::1/48,S-bad,,no,2026-01-01,,", // line 9: IPv6 host bits set
          "10.12.5.0/33,S-bad,,no,2026-01-01,,", // line 10: prefix too long
          "10.12.6.0/24,S-bad,,no,2026-02-30,,", // line 11: no such day
          "10.12.7.0/24,,,no,2026-01-01,,", // line 12: names nothing
          "10.12.8.0/24,,T-bad,yes,2026-01-01,,shared and fine", // line 13: good
          "10.12.9.0/24,,T-ghost,yes,2026-01-01,,", // line 14: unknown team
        ].join("\n"),
      ),
      "netblocks.csv",
      {},
    );
    const domains = readInventoryCsv(
      csv(
        [
          "domain,service_id,valid_from,valid_to",
          "good-bad.example,S-bad,2026-01-01,", // line 2
          "late.bad.example,S-bad,2026-03-01,2026-02-01", // line 3: ends before it starts
          "orphan.bad.example,S-missing,2026-01-01,", // line 4: unknown service
          "not a domain,S-bad,2026-01-01,", // line 5: not a name
        ].join("\n"),
      ),
      "domains.csv",
      {},
    );
    const services = readInventoryCsv(
      csv(
        [
          "service_id,customer_id,type,plan,team_id,valid_from,valid_to",
          "S-bad-2,C-nobody,vps,,T-bad,2026-01-01,", // line 2: unknown customer
          "S-bad-3,C-bad,mainframe,,T-bad,2026-01-01,", // line 3: unknown type
          "S-bad-4,C-bad,vps,,T-bad,2026-01-01,", // line 4: good
          "S-bad-5,C-bad,vps,,T-bad,2026-03-01,2026-02-01", // line 5: ends before it starts
        ].join("\n"),
      ),
      "services.csv",
      { service_id: "id" },
    );
    const result = await importBatch({ netblocks, domains, services });
    const byFileLine = Object.fromEntries(
      result.rejections.map((r: { file: string; line: number; reason: string }) => [
        `${r.file}:${r.line}`,
        r,
      ]),
    );
    const expected: Record<string, { kind: string; key?: string; reason: RegExp }> = {
      "netblocks.csv:3": { kind: "netblocks", key: "10.12.300.0/24", reason: /not a CIDR/ },
      "netblocks.csv:4": {
        kind: "netblocks",
        key: "10.12.1.5/24",
        reason: /host bits set.*10\.12\.1\.0\/24/,
      },
      "netblocks.csv:5": { kind: "netblocks", reason: /valid_to .* before valid_from/ },
      "netblocks.csv:6": { kind: "netblocks", reason: /unknown service_id S-nowhere/ },
      "netblocks.csv:7": { kind: "netblocks", key: "10.12.0.0/24", reason: /line 2/ },
      "netblocks.csv:8": { kind: "netblocks", reason: /shared/ },
      "netblocks.csv:9": { kind: "netblocks", reason: /host bits set.*2001:db8:12::\/48/ },
      "netblocks.csv:10": { kind: "netblocks", reason: /not a CIDR/ },
      "netblocks.csv:11": { kind: "netblocks", reason: /valid_from/ },
      "netblocks.csv:12": { kind: "netblocks", reason: /service_id/ },
      "netblocks.csv:14": { kind: "netblocks", reason: /unknown team_id T-ghost/ },
      "domains.csv:3": { kind: "domains", reason: /valid_to .* before valid_from/ },
      "domains.csv:4": { kind: "domains", reason: /unknown service_id S-missing/ },
      "domains.csv:5": { kind: "domains", reason: /not a domain/ },
      "services.csv:2": { kind: "services", reason: /unknown customer_id C-nobody/ },
      "services.csv:3": { kind: "services", reason: /type/ },
      "services.csv:5": { kind: "services", reason: /valid_to .* before valid_from/ },
    };
    for (const [where, want] of Object.entries(expected)) {
      expect(byFileLine[where], `rejection for ${where}`).toBeDefined();
      expect(byFileLine[where].kind, where).toBe(want.kind);
      expect(byFileLine[where].reason, where).toMatch(want.reason);
      if (want.key) expect(byFileLine[where].key, where).toBe(want.key);
    }
    expect(result.rejections).toHaveLength(Object.keys(expected).length);
    expect(result.netblocks).toMatchObject({ created: 2, rejected: 11 });
    expect(result.domains).toMatchObject({ created: 1, rejected: 3 });
    expect(result.services).toMatchObject({ created: 1, rejected: 3 });

    // The good rows went in; none of the bad ones did.
    expect(await netblocksAt("10.12.0.1")).toHaveLength(1);
    expect(await netblocksAt("10.12.8.1")).toHaveLength(1);
    for (const ip of ["10.12.1.1", "10.12.2.1", "10.12.3.1", "10.12.4.1", "10.12.9.1"])
      expect(await netblocksAt(ip), ip).toEqual([]);
    expect(await netblocksAt("2001:db8:12::1")).toEqual([]);
    expect((await p.api("GET", "/api/v1/inventory/services/S-bad-4")).status).toBe(200);
    expect((await p.api("GET", "/api/v1/inventory/services/S-bad-2")).status).toBe(404);
  });

  it("names the line a row starts on, also after a note that spans lines (CRLF file)", async () => {
    await importBatch(owner("ml"));
    const text = [
      "cidr,service_id,valid_from,note",
      '10.15.0.0/24,S-ml,2026-01-01,"rack B',
      'second line of the note"', // lines 2-3: one row
      "10.15.1.5/24,S-ml,2026-01-01,", // line 4: host bits set
      '10.15.2.5/24,S-ml,2026-01-01,"bad row', // line 5 (to 6): host bits set
      'with a long note"',
      "10.15.3.5/24,S-ml,2026-01-01,", // line 7: host bits set
    ].join("\r\n");
    const rows = readInventoryCsv(new TextEncoder().encode(text), "netblocks.csv", {});
    const r = await importBatch({ netblocks: rows });
    expect(r.netblocks.created).toBe(1);
    expect(r.rejections.map((x: { key: string; line: number }) => [x.key, x.line])).toEqual([
      ["10.15.1.5/24", 4],
      ["10.15.2.5/24", 5],
      ["10.15.3.5/24", 7],
    ]);
  });

  it("names the row's index and key when rows carry no source", async () => {
    await importBatch(owner("nosrc"));
    const r = await importBatch({
      netblocks: [
        { cidr: "10.13.0.0/24", service_id: "S-nosrc", valid_from: "2026-01-01" },
        { cidr: "10.13.1.1/24", service_id: "S-nosrc", valid_from: "2026-01-01" },
      ],
    });
    expect(r.rejections).toEqual([
      {
        kind: "netblocks",
        index: 1,
        key: "10.13.1.1/24",
        reason: expect.stringMatching(/host bits/),
      },
    ]);
  });

  it("takes nested and overlapping (not identical) netblocks side by side", async () => {
    await importBatch(owner("nest"));
    await importBatch(owner("nest2"));
    const r = await importBatch({
      netblocks: [
        { cidr: "10.14.0.0/16", service_id: "S-nest", valid_from: "2026-01-01" },
        { cidr: "10.14.5.0/24", service_id: "S-nest2", valid_from: "2026-01-01" },
        { cidr: "10.14.5.128/25", service_id: "S-nest", valid_from: "2026-01-01" },
      ],
    });
    expect(r.rejections).toEqual([]);
    expect(r.netblocks.created).toBe(3);
    expect((await netblocksAt("10.14.5.200")).map((n: { cidr: string }) => n.cidr).sort()).toEqual([
      "10.14.0.0/16",
      "10.14.5.0/24",
      "10.14.5.128/25",
    ]);
  });

  it("is for admins only; viewers and analysts may read the inventory", async () => {
    const viewer = (
      await p.api("POST", "/api/v1/apikeys", { body: { name: "inv-viewer", role: "viewer" } })
    ).body.key as string;
    const analyst = (
      await p.api("POST", "/api/v1/apikeys", { body: { name: "inv-analyst", role: "analyst" } })
    ).body.key as string;
    for (const key of [viewer, analyst]) {
      const w = await p.api("POST", "/api/v1/inventory/import", {
        key,
        body: { teams: [{ id: "T-nope", name: "Nope" }] },
      });
      expect(w.status).toBe(403);
      expect(
        (await p.api("POST", "/api/v1/inventory/teams", { key, body: { id: "T-nope", name: "x" } }))
          .status,
      ).toBe(403);
      expect((await p.api("GET", "/api/v1/inventory/teams", { key })).status).toBe(200);
    }
    expect((await p.api("GET", "/api/v1/inventory/teams/T-nope")).status).toBe(404);
  });
});

describe("history of assignments", () => {
  it("closes the old period when a netblock gets a new holder, and resolves events at their own time", async () => {
    await importBatch(owner("old", "vps", "C-old"));
    await importBatch(owner("new", "vps", "C-new"));
    const first = await importBatch({
      netblocks: [{ cidr: "10.20.0.0/24", service_id: "S-old", valid_from: "2026-01-01" }],
    });
    expect(first.netblocks.created).toBe(1);
    const moved = await importBatch({
      netblocks: [{ cidr: "10.20.0.0/24", service_id: "S-new", valid_from: "2026-06-01" }],
    });
    expect(moved.netblocks).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 0 });
    expect(moved.closed).toBe(1);
    const periods = await netblocksAt("10.20.0.9");
    expect(periods).toHaveLength(2);
    // The old period is ended where the new one starts, never overwritten.
    expect(periods[0]).toMatchObject({
      service_id: "S-old",
      valid_from: "2026-01-01T00:00:00.000Z",
      valid_to: "2026-06-01T00:00:00.000Z",
    });
    expect(periods[1]).toMatchObject({
      service_id: "S-new",
      valid_from: "2026-06-01T00:00:00.000Z",
      valid_to: null,
    });

    // The same change sent again changes nothing.
    const again = await importBatch({
      netblocks: [{ cidr: "10.20.0.0/24", service_id: "S-new", valid_from: "2026-06-01" }],
    });
    expect(again.netblocks).toEqual({ created: 0, updated: 0, unchanged: 1, rejected: 0 });
    expect(again.closed).toBe(0);

    // Events before and after the change, on the same address (different ports: two events).
    const reportId = await submit({
      category: "scanner",
      resources: [
        { ip: "10.20.0.9", port: 22 },
        { ip: "10.20.0.9", port: 23 },
      ],
      observed_at: "2026-03-15T12:00:00Z",
    });
    const later = await submit({
      category: "scanner",
      resource: { ip: "10.20.0.9", port: 2323 },
      observed_at: "2026-07-15T12:00:00Z",
    });
    const before = await resolutionsOf(reportId);
    expect(before).toHaveLength(2);
    for (const e of before) {
      expect(e.resolution).toMatchObject({
        ownership: "customer",
        via: "ip",
        service_id: "S-old",
        customer_id: "C-old",
        team_id: "T-old",
      });
    }
    const [after] = await resolutionsOf(later);
    expect(after?.resolution).toMatchObject({ service_id: "S-new", customer_id: "C-new" });
    const oldCase = (await p.api("GET", `/api/v1/cases/${before[0]?.case_id}`)).body;
    const newCase = (await p.api("GET", `/api/v1/cases/${after?.case_id}`)).body;
    expect(oldCase).toMatchObject({ customer_id: "C-old", event_count: 2 });
    expect(newCase).toMatchObject({ customer_id: "C-new", event_count: 1 });
  });

  it("refuses a different holder for a period already assigned (history is not rewritten)", async () => {
    await importBatch(owner("keep", "vps", "C-keep"));
    await importBatch(owner("grab", "vps", "C-grab"));
    await importBatch({
      netblocks: [{ cidr: "10.21.0.0/24", service_id: "S-keep", valid_from: "2026-01-01" }],
      domains: [{ domain: "keep.example", service_id: "S-keep", valid_from: "2026-01-01" }],
    });
    const r = await importBatch({
      netblocks: [
        {
          cidr: "10.21.0.0/24",
          service_id: "S-grab",
          valid_from: "2026-01-01",
          source: { file: "netblocks.csv", line: 9 },
        },
      ],
      domains: [{ domain: "keep.example", service_id: "S-grab", valid_from: "2026-01-01" }],
    });
    expect(r.netblocks.rejected).toBe(1);
    expect(r.domains.rejected).toBe(1);
    expect(r.rejections[0]).toMatchObject({
      kind: "netblocks",
      file: "netblocks.csv",
      line: 9,
      reason: expect.stringMatching(/S-keep/),
    });
    const periods = await netblocksAt("10.21.0.1");
    expect(periods).toHaveLength(1);
    expect(periods[0]).toMatchObject({ service_id: "S-keep", valid_to: null });
  });

  it("moves a domain to a new holder the same way", async () => {
    await importBatch(owner("dold", "shared", "C-dold"));
    await importBatch(owner("dnew", "shared", "C-dnew"));
    await importBatch({
      domains: [{ domain: "moving.example", service_id: "S-dold", valid_from: "2025-01-01" }],
    });
    const r = await importBatch({
      domains: [{ domain: "moving.example", service_id: "S-dnew", valid_from: "2026-02-01" }],
    });
    expect(r.closed).toBe(1);
    const list = (await p.api("GET", "/api/v1/inventory/domains?q=moving.example")).body.items;
    const byService = Object.fromEntries(
      list.map((d: { service_id: string }) => [d.service_id, d]),
    );
    expect(byService["S-dold"]).toMatchObject({ valid_to: "2026-02-01T00:00:00.000Z" });
    expect(byService["S-dnew"]).toMatchObject({
      valid_from: "2026-02-01T00:00:00.000Z",
      valid_to: null,
    });
  });

  it("takes a batch holding a closed old period and the new holder, and takes it again unchanged", async () => {
    await importBatch(owner("e1", "vps", "C-e1"));
    await importBatch(owner("e2", "vps", "C-e2"));
    const batch: Batch = {
      netblocks: [
        {
          cidr: "10.24.0.0/24",
          service_id: "S-e1",
          valid_from: "2026-01-01",
          valid_to: "2026-05-31",
        },
        { cidr: "10.24.0.0/24", service_id: "S-e2", valid_from: "2026-06-01" },
      ],
    };
    const first = await importBatch(batch);
    expect(first.rejections).toEqual([]);
    expect(first.netblocks.created).toBe(2);
    const again = await importBatch(batch);
    expect(again.netblocks).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    const periods = await netblocksAt("10.24.0.1");
    expect(
      periods.map((n: { service_id: string; valid_to: string | null }) => [
        n.service_id,
        n.valid_to,
      ]),
    ).toEqual([
      ["S-e1", "2026-06-01T00:00:00.000Z"],
      ["S-e2", null],
    ]);
  });

  it("closes the old period when one batch holds both the old and the new holder", async () => {
    await importBatch(owner("b1", "vps", "C-b1"));
    await importBatch(owner("b2", "vps", "C-b2"));
    // netblocks.csv as it stands after the change: the first row was never given a valid_to.
    const batch: Batch = {
      netblocks: [
        { cidr: "10.22.0.0/24", service_id: "S-b1", valid_from: "2026-01-01" },
        { cidr: "10.22.0.0/24", service_id: "S-b2", valid_from: "2026-06-01" },
      ],
    };
    const first = await importBatch(batch);
    expect(first.rejections).toEqual([]);
    const periods = await netblocksAt("10.22.0.1");
    expect(
      periods.map((n: { service_id: string; valid_to: string | null }) => [
        n.service_id,
        n.valid_to,
      ]),
    ).toEqual([
      ["S-b1", "2026-06-01T00:00:00.000Z"],
      ["S-b2", null],
    ]);
  });

  it("re-importing the file after a change of holder is idempotent and keeps the old period closed", async () => {
    await importBatch(owner("r1", "vps", "C-r1"));
    await importBatch(owner("r2", "vps", "C-r2"));
    const old = { cidr: "10.23.0.0/24", service_id: "S-r1", valid_from: "2026-01-01" };
    const next = { cidr: "10.23.0.0/24", service_id: "S-r2", valid_from: "2026-06-01" };
    await importBatch({ netblocks: [old] });
    const change = await importBatch({ netblocks: [old, next] });
    expect(change.closed).toBe(1);
    const again = await importBatch({ netblocks: [old, next] });
    expect(again.netblocks).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    const periods = await netblocksAt("10.23.0.1");
    expect(
      periods.map((n: { service_id: string; valid_to: string | null }) => [
        n.service_id,
        n.valid_to,
      ]),
    ).toEqual([
      ["S-r1", "2026-06-01T00:00:00.000Z"],
      ["S-r2", null],
    ]);
  });
});

describe("CRUD per object under /api/v1/inventory", () => {
  it("creates, reads, lists, changes one object at a time", async () => {
    const team = await p.api("POST", "/api/v1/inventory/teams", {
      body: { id: "T-crud", name: "CRUD desk", email: "crud@hoster.example" },
    });
    expect(team.status, JSON.stringify(team.body)).toBe(200);
    expect(team.body.teams).toMatchObject({ created: 1 });
    const cust = await p.api("POST", "/api/v1/inventory/customers", {
      body: { id: "C-crud", name: "Crud Ltd", verification: "Postal" },
    });
    expect(cust.status).toBe(200);
    const svc = await p.api("POST", "/api/v1/inventory/services", {
      body: {
        id: "S-crud",
        customer_id: "C-crud",
        type: "dedicated",
        plan: "ded-32",
        team_id: "T-crud",
        valid_from: "2026-02-01",
      },
    });
    expect(svc.status, JSON.stringify(svc.body)).toBe(200);
    const nb = await p.api("POST", "/api/v1/inventory/netblocks", {
      body: { cidr: "10.30.0.0/28", service_id: "S-crud", valid_from: "2026-02-01" },
    });
    expect(nb.status).toBe(200);

    expect((await p.api("GET", "/api/v1/inventory/customers/C-crud")).body).toEqual({
      id: "C-crud",
      name: "Crud Ltd",
      email: null,
      phone: null,
      country: null,
      verification: "postal",
      language: "ja",
      abuse_email: null,
    });
    const listed = await p.api("GET", "/api/v1/inventory/services?customer_id=C-crud");
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual(["S-crud"]);
    const [block] = (await p.api("GET", "/api/v1/inventory/netblocks?service_id=S-crud")).body
      .items;
    expect(block).toMatchObject({ cidr: "10.30.0.0/28", shared: false });
    expect((await p.api("GET", `/api/v1/inventory/netblocks/${block.id}`)).body).toEqual(block);

    const patched = await p.api("PATCH", "/api/v1/inventory/teams/T-crud", {
      body: { name: "Renamed desk" },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ id: "T-crud", name: "Renamed desk" });
    const svcPatch = await p.api("PATCH", "/api/v1/inventory/services/S-crud", {
      body: { plan: "ded-64" },
    });
    expect(svcPatch.status, JSON.stringify(svcPatch.body)).toBe(200);
    expect(svcPatch.body).toMatchObject({ plan: "ded-64", type: "dedicated" });
    const nbPatch = await p.api("PATCH", `/api/v1/inventory/netblocks/${block.id}`, {
      body: { valid_to: "2027-01-31", note: "until the contract ends" },
    });
    expect(nbPatch.status, JSON.stringify(nbPatch.body)).toBe(200);
    expect(nbPatch.body).toMatchObject({
      valid_to: "2027-02-01T00:00:00.000Z",
      note: "until the contract ends",
    });

    // A new holder is a new assignment (POST): the current one ends the day it starts.
    await importBatch(owner("crud2", "vps", "C-crud2"));
    const next = await p.api("POST", "/api/v1/inventory/netblocks", {
      body: { cidr: "10.30.0.0/28", service_id: "S-crud2", valid_from: "2026-09-01" },
    });
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    expect(next.body.closed).toBe(1);
    expect((await p.api("GET", `/api/v1/inventory/netblocks/${block.id}`)).body.valid_to).toBe(
      "2026-09-01T00:00:00.000Z",
    );

    // A holder never changes in place, and a bad value is refused with the reason.
    const moveInPlace = await p.api("PATCH", `/api/v1/inventory/netblocks/${block.id}`, {
      body: { service_id: "S-other" },
    });
    expect(moveInPlace.status).toBe(400);
    expect(moveInPlace.body.error.message).toMatch(/service_id cannot be changed/);
    const badPatch = await p.api("PATCH", "/api/v1/inventory/services/S-crud", {
      body: { type: "mainframe" },
    });
    expect(badPatch.status).toBe(422);
    const badPost = await p.api("POST", "/api/v1/inventory/netblocks", {
      body: { cidr: "10.30.1.1/24", service_id: "S-crud", valid_from: "2026-02-01" },
    });
    expect(badPost.status).toBe(422);
    expect(badPost.body.error.message).toMatch(/host bits set/);

    expect((await p.api("GET", "/api/v1/inventory/teams/T-none")).status).toBe(404);
    expect((await p.api("GET", "/api/v1/inventory/netblocks/999999")).status).toBe(404);
    expect((await p.api("GET", "/api/v1/inventory/netblocks/abc")).status).toBe(404);
  });

  it("DELETE on a netblock or domain ends the assignment now, keeps the history, and resolves by it", async () => {
    await importBatch({
      ...owner("del", "vps", "C-del"),
      netblocks: [{ cidr: "10.31.0.0/24", service_id: "S-del", valid_from: "2025-01-01" }],
      domains: [{ domain: "del-site.example", service_id: "S-del", valid_from: "2025-01-01" }],
    });
    const [block] = await netblocksAt("10.31.0.1");
    const t0 = Date.now();
    const del = await p.api("DELETE", `/api/v1/inventory/netblocks/${block.id}`);
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    expect(del.body).toMatchObject({ deleted: false, ended: true, item: { id: block.id } });
    const endedAt = Date.parse(del.body.item.valid_to);
    expect(endedAt).toBeGreaterThanOrEqual(t0 - 5_000);
    expect(endedAt).toBeLessThanOrEqual(Date.now() + 1_000);
    // Still there, as history.
    const after = (await p.api("GET", `/api/v1/inventory/netblocks/${block.id}`)).body;
    expect(after).toMatchObject({ service_id: "S-del", valid_to: del.body.item.valid_to });
    const current = await p.api("GET", "/api/v1/inventory/netblocks?ip=10.31.0.1&current=true");
    expect(current.body.items).toEqual([]);
    // Ending it twice is a conflict.
    const twice = await p.api("DELETE", `/api/v1/inventory/netblocks/${block.id}`);
    expect(twice.status).toBe(409);

    const [domain] = (await p.api("GET", "/api/v1/inventory/domains?q=del-site.example")).body
      .items;
    const delDomain = await p.api("DELETE", `/api/v1/inventory/domains/${domain.id}`);
    expect(delDomain.status).toBe(200);
    expect(delDomain.body).toMatchObject({ deleted: false, ended: true });
    expect(delDomain.body.item.valid_to).not.toBeNull();

    // An event from before the end still lands on the customer; one seen now does not.
    const past = await submit({
      category: "scanner",
      resource: { ip: "10.31.0.1", port: 80 },
      observed_at: "2025-06-01T00:00:00Z",
    });
    const now = await submit({
      category: "scanner",
      resource: { ip: "10.31.0.1", port: 81 },
      observed_at: new Date(Date.now() + 1_000).toISOString(),
    });
    expect((await resolutionsOf(past))[0]?.resolution).toMatchObject({
      ownership: "customer",
      customer_id: "C-del",
    });
    expect((await resolutionsOf(now))[0]?.resolution).toMatchObject({
      ownership: "not_ours",
      customer_id: null,
    });

    // Audit: the end is recorded with the actor.
    const audit = await p.api("GET", "/api/v1/audit?limit=1000");
    const entry = audit.body.items.find(
      (e: { action: string; target: string }) =>
        e.action === "inventory.ended" && e.target === `netblock:${block.id}`,
    );
    expect(entry?.actor).toMatch(/^apikey:/);
  });

  it("DELETE on a team, customer or service refuses (409) while anything refers to it", async () => {
    await importBatch({
      ...owner("ref", "vps", "C-ref"),
      netblocks: [{ cidr: "10.32.0.0/24", service_id: "S-ref", valid_from: "2025-01-01" }],
    });
    const team = await p.api("DELETE", "/api/v1/inventory/teams/T-ref");
    expect(team.status).toBe(409);
    expect(team.body.error.message).toMatch(/service S-ref/);
    const customer = await p.api("DELETE", "/api/v1/inventory/customers/C-ref");
    expect(customer.status).toBe(409);
    expect(customer.body.error.message).toMatch(/service S-ref/);
    const service = await p.api("DELETE", "/api/v1/inventory/services/S-ref");
    expect(service.status).toBe(409);
    expect(service.body.error.message).toMatch(/netblock 10\.32\.0\.0\/24/);
    // Nothing was removed.
    for (const path of ["teams/T-ref", "customers/C-ref", "services/S-ref"])
      expect((await p.api("GET", `/api/v1/inventory/${path}`)).status, path).toBe(200);

    // What nothing refers to goes, and is gone.
    await importBatch({ teams: [{ id: "T-lonely", name: "Lonely" }] });
    await importBatch({ customers: [{ id: "C-lonely", name: "Lonely" }] });
    const gone = await p.api("DELETE", "/api/v1/inventory/teams/T-lonely");
    expect(gone.status).toBe(200);
    expect(gone.body).toMatchObject({ deleted: true, ended: false, item: { id: "T-lonely" } });
    expect((await p.api("GET", "/api/v1/inventory/teams/T-lonely")).status).toBe(404);
    expect((await p.api("DELETE", "/api/v1/inventory/customers/C-lonely")).status).toBe(200);
    expect((await p.api("DELETE", "/api/v1/inventory/customers/C-lonely")).status).toBe(404);
  });
});
