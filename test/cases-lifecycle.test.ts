// Cases over HTTP: grouping by the policy, the lifecycle and its audit trail, SLA deadlines
// (the pause while waiting for the customer, breaches), re-emergence, actions by service
// type, assign/notes, bulk moves, merge and split, roles, and the queue with its cursor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitRouted } from "./support/intake.ts";
import { until } from "./support/net.ts";
import { startTestPlatform, type TestPlatform } from "./support/platform.ts";

let p: TestPlatform;
let analyst: string;
let viewer: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  p = await startTestPlatform({ resolve: { dns: false } });
  const a = await p.api("POST", "/api/v1/apikeys", { body: { name: "ana", role: "analyst" } });
  const v = await p.api("POST", "/api/v1/apikeys", { body: { name: "vic", role: "viewer" } });
  analyst = a.body.key;
  viewer = v.body.key;
  const r = await p.api("POST", "/api/v1/inventory/import", {
    body: { teams: [{ id: "T-desk", name: "Abuse desk" }] },
  });
  expect(r.status).toBe(200);
});
afterAll(() => p?.stop());

let blocks = 0;
/**
 * A customer with one service of `type` on its own /24 (10.90.N.0/24); a shared service also
 * holds the domain `siteN.example`. Each test makes its own, so no case is shared by accident.
 */
async function service(
  type: string,
  opts: { verification?: string; validFrom?: string } = {},
): Promise<{ id: string; customer: string; net: string; domain: string }> {
  const n = ++blocks;
  const id = `S-${type}-${n}`;
  const customer = `C-${n}`;
  const net = `10.90.${n}`;
  const domain = `site${n}.example`;
  const r = await p.api("POST", "/api/v1/inventory/import", {
    body: {
      customers: [{ id: customer, name: `Customer ${n}`, verification: opts.verification }],
      services: [
        {
          id,
          customer_id: customer,
          type,
          team_id: "T-desk",
          valid_from: opts.validFrom ?? "2024-01-01",
        },
      ],
      netblocks: [{ cidr: `${net}.0/24`, service_id: id, valid_from: "2024-01-01" }],
      domains: type === "shared" ? [{ domain, service_id: id, valid_from: "2024-01-01" }] : [],
    },
  });
  expect(r.status).toBe(200);
  expect(r.body.rejections).toEqual([]);
  return { id, customer, net, domain };
}

/** Submits a Mogura JSON report and waits until its events sit on cases. */
const submit = (report: Record<string, unknown>) => submitRouted(p, report);

// biome-ignore lint/suspicious/noExplicitAny: each test reads the fields it asked for
type Case = any;

async function getCase(id: number): Promise<Case> {
  const r = await p.api("GET", `/api/v1/cases/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** The cases the report's events went to, by case id. */
async function casesOf(reportId: string): Promise<Case[]> {
  const rows = await p.store.query<{ case_id: string }>(
    "SELECT DISTINCT case_id FROM events WHERE report_id = $1 ORDER BY case_id",
    [reportId],
  );
  return Promise.all(rows.map((r) => getCase(Number(r.case_id))));
}

/** The one case of a one-resource report. */
async function caseFor(report: Record<string, unknown>): Promise<Case> {
  const cases = await casesOf(await submit(report));
  expect(cases).toHaveLength(1);
  return cases[0];
}

async function move(id: number, to: string, key = analyst, reason = `to ${to}`) {
  return p.api("POST", `/api/v1/cases/${id}/transition`, { key, body: { to, reason } });
}

/** Every audit entry, oldest first. */
async function audit(): Promise<Case[]> {
  const out: Case[] = [];
  let after = 0;
  for (;;) {
    const r = await p.api("GET", `/api/v1/audit?after=${after}&limit=1000`);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    if (r.body.next_after === null) return out;
    after = r.body.next_after;
  }
}

/** The ids of every case the queue lists for `query`, page by page; and the page count. */
async function allPages(query: string, limit: number) {
  const ids: number[] = [];
  const deadlines: (string | null)[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await p.api(
      "GET",
      `/api/v1/cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...r.body.items.map((c: Case) => c.id));
    deadlines.push(...r.body.items.map((c: Case) => c.sla.next_deadline));
    cursor = r.body.next_cursor;
    pages++;
    if (pages > 50) throw new Error("the cursor never ends");
  } while (cursor);
  return { ids, deadlines, pages };
}

const listIds = async (query: string) => {
  const r = await p.api("GET", `/api/v1/cases?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items.map((c: Case) => c.id) as number[];
};

describe("grouping by the policy", () => {
  it("vps: one open case per (service, type), whatever the address", async () => {
    const s = await service("vps");
    const r = await submit({
      category: "phishing",
      resources: [
        { url: `http://${s.net}.5/a`, ip: `${s.net}.5` },
        { url: `http://${s.net}.6/b`, ip: `${s.net}.6` },
      ],
    });
    const later = await submit({ category: "phishing", resource: { ip: `${s.net}.7` } });
    const spam = await submit({ category: "spam", resource: { ip: `${s.net}.5` } });
    const [phish] = await casesOf(r);
    expect(await casesOf(r)).toHaveLength(1);
    expect((await casesOf(later)).map((c) => c.id)).toEqual([phish.id]);
    expect((await getCase(phish.id)).event_count).toBe(3);
    const [spamCase] = await casesOf(spam);
    expect(spamCase.id).not.toBe(phish.id);
    expect(spamCase).toMatchObject({ type: "spam", service_id: s.id, event_count: 1 });
  });

  it("shared: one case per host name; the same host twice is one case", async () => {
    const s = await service("shared");
    const r = await submit({
      category: "phishing",
      resources: [
        { url: `https://a.${s.domain}/login` },
        { url: `https://b.${s.domain}/login` },
        { url: `https://a.${s.domain}/other-page` },
      ],
    });
    const cases = await casesOf(r);
    expect(cases).toHaveLength(2);
    const byResource = Object.fromEntries(cases.map((c) => [c.resource, c]));
    expect(byResource[`a.${s.domain}`]).toMatchObject({
      service_id: s.id,
      customer_id: s.customer,
      service_type: "shared",
      event_count: 2,
    });
    expect(byResource[`b.${s.domain}`]).toMatchObject({ service_id: s.id, event_count: 1 });
    // The same host again, later: joins its case.
    const again = await submit({
      category: "phishing",
      resource: { url: `https://b.${s.domain}/x` },
    });
    expect((await casesOf(again))[0].id).toBe(byResource[`b.${s.domain}`].id);
  });

  it("not ours: one case per registrable domain (or IP) and type", async () => {
    const r = await submit({
      category: "phishing",
      resources: [
        { url: "https://login.grp-evil.example/a" },
        { url: "https://pay.grp-evil.example/b" },
        { url: "https://grp-other.example/c" },
        { ip: "198.18.77.1" },
      ],
    });
    const cases = await casesOf(r);
    expect(cases.map((c) => [c.resource, c.ownership, c.event_count]).sort()).toEqual([
      ["198.18.77.1", "not_ours", 1],
      ["grp-evil.example", "not_ours", 2],
      ["grp-other.example", "not_ours", 1],
    ]);
  });

  it("platform: a shared netblock's addresses are grouped per host for the netblock's team", async () => {
    await p.api("POST", "/api/v1/inventory/import", {
      body: {
        netblocks: [
          { cidr: "10.91.0.0/24", team_id: "T-desk", shared: true, valid_from: "2024-01-01" },
        ],
      },
    });
    const r = await submit({
      category: "malware-distribution",
      resources: [
        { url: "http://tenant-one.example/x.exe", ip: "10.91.0.10" },
        { url: "http://tenant-one.example/y.exe", ip: "10.91.0.10" },
        { url: "http://tenant-two.example/x.exe", ip: "10.91.0.10" },
      ],
    });
    const cases = await casesOf(r);
    expect(cases).toHaveLength(2);
    for (const c of cases)
      expect(c).toMatchObject({ ownership: "platform", team_id: "T-desk", customer_id: null });
    expect(cases.map((c) => c.event_count).sort()).toEqual([1, 2]);
  });
});

describe("lifecycle", () => {
  it("walks new → acknowledged → waiting_customer → action_taken → resolved → closed, with timeline and audit", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "phishing", resource: { ip: `${s.net}.9` } });
    expect(c.state).toBe("new");
    const path = ["acknowledged", "waiting_customer", "action_taken", "resolved", "closed"];
    for (const to of path) {
      const r = await move(c.id, to, analyst, `because ${to}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.state).toBe(to);
    }
    const done = await getCase(c.id);
    expect(done.sla.first_action_at).not.toBeNull();
    expect(done.sla.resolved_at).not.toBeNull();
    expect(done.sla.next_deadline).toBeNull();
    const moves = done.timeline.filter((t: Case) => t.kind === "transition");
    expect(moves.map((t: Case) => [t.detail.from, t.detail.to, t.actor, t.detail.reason])).toEqual(
      ["new", ...path.slice(0, -1)].map((from, i) => [
        from,
        path[i],
        "apikey:ana",
        `because ${path[i]}`,
      ]),
    );
    const entries = (await audit()).filter(
      (e) => e.action === "case.transition" && e.target === `case:${c.id}`,
    );
    expect(entries.map((e) => [e.details.from, e.details.to, e.actor, e.details.reason])).toEqual(
      moves.map((t: Case) => [t.detail.from, t.detail.to, "apikey:ana", t.detail.reason]),
    );
    expect((await p.api("GET", "/api/v1/audit/verify")).body.ok).toBe(true);
  });

  it("refuses moves the state machine does not allow (409), and a move without a reason (400)", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "spam", resource: { ip: `${s.net}.9` } });
    const toClosed = await move(c.id, "closed");
    expect(toClosed.status).toBe(409);
    expect(toClosed.body.error.message).toMatch(/new.*acknowledged/);
    expect((await move(c.id, "new")).status).toBe(409);
    expect((await move(c.id, "acknowledged")).status).toBe(200);
    expect((await move(c.id, "acknowledged")).status).toBe(409);
    expect((await move(c.id, "new")).status).toBe(409);
    expect((await move(c.id, "closed")).status).toBe(409);
    expect((await move(c.id, "resolved")).status).toBe(200);
    expect((await move(c.id, "waiting_customer")).status).toBe(409);
    expect((await move(c.id, "rejected")).status).toBe(409);
    expect((await move(c.id, "closed")).status).toBe(200);
    expect((await move(c.id, "resolved")).status).toBe(409);
    const noReason = await p.api("POST", `/api/v1/cases/${c.id}/transition`, {
      key: analyst,
      body: { to: "acknowledged", reason: " " },
    });
    expect(noReason.status).toBe(400);
    const badState = await p.api("POST", `/api/v1/cases/${c.id}/transition`, {
      key: analyst,
      body: { to: "archived", reason: "x" },
    });
    expect(badState.status).toBe(400);
    expect((await move(999_999, "acknowledged")).status).toBe(404);
    // Refused moves leave the case as it was, and no audit entry.
    expect((await getCase(c.id)).state).toBe("closed");
    const entries = (await audit()).filter((e) => e.target === `case:${c.id}`);
    expect(entries.map((e) => e.details.to)).toEqual(["acknowledged", "resolved", "closed"]);
  });

  it("rejects a false positive from any open state, and reopens a rejected or closed case by hand", async () => {
    const s = await service("dedicated");
    const c = await caseFor({ category: "scanner", resource: { ip: `${s.net}.1` } });
    const rej = await move(c.id, "rejected", analyst, "a research scanner we know");
    expect(rej.status).toBe(200);
    expect(rej.body).toMatchObject({ state: "rejected" });
    expect(rej.body.sla.next_deadline).toBeNull();
    // While rejected the group has no open case: a new event starts another one.
    const other = await caseFor({ category: "scanner", resource: { ip: `${s.net}.2` } });
    expect(other.id).not.toBe(c.id);
    // Reopening the rejected case now would give the group two open cases.
    const reopen = await move(c.id, "acknowledged", analyst, "it was abuse after all");
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.message).toMatch(/merge/);
    // Once the other is rejected too, the first can be reopened.
    expect((await move(other.id, "rejected")).status).toBe(200);
    const back = await move(c.id, "acknowledged", analyst, "it was abuse after all");
    expect(back.status).toBe(200);
    expect(back.body.state).toBe("acknowledged");
  });
});

describe("SLA", () => {
  it("sets the deadlines of each type from the case's creation", async () => {
    const s = await service("vps");
    const r = await submit({
      category: "phishing",
      resource: { ip: `${s.net}.1` },
    });
    const spam = await submit({ category: "spam", resource: { ip: `${s.net}.1` } });
    const scan = await submit({ category: "scanner", resource: { ip: `${s.net}.1` } });
    const other = await submit({ category: "infected-system", resource: { ip: `${s.net}.1` } });
    const c2 = await submit({ category: "c2-server", resource: { ip: `${s.net}.1` } });
    const expected: [string, number, number][] = [
      [r, 4, 24],
      [spam, 72, 168],
      [scan, 72, 336],
      [other, 72, 720],
      [c2, 24, 72],
    ];
    for (const [reportId, first, resolution] of expected) {
      const [c] = await casesOf(reportId);
      const created = Date.parse(c.created_at);
      expect(Date.parse(c.sla.first_action_due) - created, c.type).toBe(first * HOUR);
      expect(Date.parse(c.sla.resolution_due) - created, c.type).toBe(resolution * HOUR);
      expect(c.sla).toMatchObject({
        paused: false,
        first_action_breached: false,
        resolution_breached: false,
        next_deadline: c.sla.first_action_due,
      });
    }
  });

  it("stops the clock while waiting for the customer and moves the deadlines by the wait", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "spam", resource: { ip: `${s.net}.3` } });
    expect((await move(c.id, "acknowledged")).status).toBe(200);
    const before = await getCase(c.id);
    const waiting = await move(c.id, "waiting_customer", analyst, "asked the customer");
    expect(waiting.body.sla).toMatchObject({ paused: true, next_deadline: null });
    // Paused cases come last in the queue: no running deadline.
    const [row] = await p.store.query<{ next_deadline: Date | null }>(
      "SELECT next_deadline FROM cases WHERE id = $1",
      [c.id],
    );
    expect(row?.next_deadline).toBeNull();
    // An hour passes while the customer is silent: the test moves the start of the pause an
    // hour back rather than waiting.
    await p.store.query(
      "UPDATE cases SET paused_since = paused_since - interval '1 hour' WHERE id = $1",
      [c.id],
    );
    const resumed = await move(c.id, "action_taken", analyst, "the customer answered");
    expect(resumed.status).toBe(200);
    expect(resumed.body.sla.paused).toBe(false);
    const shift =
      Date.parse(resumed.body.sla.resolution_due) - Date.parse(before.sla.resolution_due);
    expect(shift).toBeGreaterThanOrEqual(HOUR);
    expect(shift).toBeLessThan(HOUR + 30_000);
    expect(resumed.body.sla.next_deadline).toBe(resumed.body.sla.resolution_due);
    const [after] = await p.store.query<{ paused_seconds: number; paused_since: Date | null }>(
      "SELECT paused_seconds, paused_since FROM cases WHERE id = $1",
      [c.id],
    );
    expect(after?.paused_since).toBeNull();
    expect(after?.paused_seconds).toBeGreaterThanOrEqual(3600);
    expect(after?.paused_seconds).toBeLessThan(3630);
  });

  it("counts a first move to waiting_customer as the first action, and moves the resolution deadline by the wait", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "phishing", resource: { ip: `${s.net}.4` } });
    const waiting = await move(c.id, "waiting_customer");
    expect(waiting.status).toBe(200);
    expect(waiting.body.sla.first_action_at).not.toBeNull();
    await p.store.query(
      "UPDATE cases SET paused_since = paused_since - interval '1 hour' WHERE id = $1",
      [c.id],
    );
    const resumed = (await move(c.id, "acknowledged")).body;
    const shift = Date.parse(resumed.sla.resolution_due) - Date.parse(c.sla.resolution_due);
    expect(shift).toBeGreaterThanOrEqual(HOUR);
    expect(shift).toBeLessThan(HOUR + 30_000);
    expect(resumed.sla.first_action_breached).toBe(false);
  });

  it("lists breached cases with ?breach= and flags them (deadlines set in the past)", async () => {
    const r = await submit({
      category: "brute-force",
      resources: [{ ip: "198.18.61.1" }, { ip: "198.18.61.2" }, { ip: "198.18.61.3" }],
    });
    const [a, b, ok] = await casesOf(r);
    const past = new Date(Date.now() - 2 * HOUR);
    await p.store.query(
      "UPDATE cases SET first_action_due = $2, next_deadline = $2 WHERE id = $1",
      [a.id, past],
    );
    await p.store.query(
      "UPDATE cases SET resolution_due = $2, first_action_due = $2, next_deadline = $2, first_action_at = $3 WHERE id = $1",
      [b.id, past, new Date(past.getTime() - HOUR)],
    );
    const scope = "resource=198.18.61.0/24";
    expect(await listIds(`${scope}&breach=first_action`)).toEqual([a.id]);
    expect(await listIds(`${scope}&breach=resolution`)).toEqual([b.id]);
    expect((await listIds(`${scope}&breach=any`)).sort()).toEqual([a.id, b.id].sort());
    expect(await listIds(`${scope}&breach=none`)).toEqual([ok.id]);
    expect((await getCase(a.id)).sla).toMatchObject({
      first_action_breached: true,
      resolution_breached: false,
    });
    expect((await getCase(b.id)).sla).toMatchObject({
      first_action_breached: false,
      resolution_breached: true,
    });
    // A late first action stays a breach of the first-action deadline.
    const act = await p.api("POST", `/api/v1/cases/${a.id}/actions`, {
      key: analyst,
      body: { action: "takedown_request", legal_basis: "ToS 5" },
    });
    expect(act.status).toBe(201);
    expect(act.body.sla.first_action_breached).toBe(true);
  });
});

describe("re-emergence", () => {
  it("reopens a resolved case as re-emerged when its abuse is reported again", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "phishing", resource: { url: `http://${s.net}.8/a` } });
    expect((await move(c.id, "resolved", analyst, "customer removed the kit")).status).toBe(200);
    const r = await submit({ category: "phishing", resource: { url: `http://${s.net}.8/b` } });
    expect((await casesOf(r)).map((x) => x.id)).toEqual([c.id]);
    const back = await getCase(c.id);
    expect(back).toMatchObject({
      state: "new",
      reemerged: true,
      reemerged_count: 1,
      event_count: 2,
    });
    expect(back.sla.resolved_at).toBeNull();
    // Fresh deadlines, from the reopening.
    expect(Date.parse(back.sla.first_action_due)).toBeGreaterThan(Date.now() + 3 * HOUR);
    const reopened = back.timeline.filter(
      (t: Case) => t.kind === "transition" && t.detail.to === "new",
    );
    expect(reopened).toHaveLength(1);
    expect(reopened[0]).toMatchObject({
      actor: "system",
      detail: { from: "resolved", reemerged: true },
    });
    expect(await listIds(`reemerged=true&service=${s.id}`)).toEqual([c.id]);
    const entry = (await audit()).find(
      (e) =>
        e.target === `case:${c.id}` && e.action === "case.transition" && e.details.to === "new",
    );
    expect(entry).toMatchObject({
      actor: "system",
      details: { from: "resolved", reemerged: true },
    });

    // The very same event seen again (a repeat, not a new event) reopens it too.
    expect((await move(c.id, "resolved")).status).toBe(200);
    await submit({ category: "phishing", resource: { url: `http://${s.net}.8/b` } });
    // The report brings no new event to wait for: wait for the case to move instead.
    const again = await until(
      async () => {
        const x = await getCase(c.id);
        return x.state === "new" ? x : undefined;
      },
      15_000,
      `case ${c.id} reopened by the repeat`,
    );
    expect(again).toMatchObject({ state: "new", reemerged_count: 2, event_count: 2 });
  });

  it("after the reopen window the resolved case is closed and a new case starts", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "spam", resource: { ip: `${s.net}.8` } });
    expect((await move(c.id, "resolved")).status).toBe(200);
    // Resolved 31 days ago (the window is 30 days).
    await p.store.query("UPDATE cases SET resolved_at = $2 WHERE id = $1", [
      c.id,
      new Date(Date.now() - 31 * DAY),
    ]);
    const fresh = await caseFor({ category: "spam", resource: { ip: `${s.net}.9` } });
    expect(fresh.id).not.toBe(c.id);
    expect(fresh).toMatchObject({ state: "new", reemerged: false, service_id: s.id });
    expect((await getCase(c.id)).state).toBe("closed");
  });
});

describe("actions", () => {
  it("allows the network and the contract on a vps, refuses the files (409 with the reason)", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "phishing", resource: { ip: `${s.net}.2` } });
    expect(c.allowed_actions.map((a: Case) => a.action)).toEqual([
      "notify_customer",
      "network_filter",
      "null_route",
      "suspend_service",
      "terminate_contract",
    ]);
    const sha = "a".repeat(64);
    const ok = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "null_route", legal_basis: "ToS art. 12", note: "kit live", evidence: [sha] },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    // The first action stops the first-action clock; the state stays.
    expect(ok.body.state).toBe("new");
    expect(ok.body.sla.first_action_at).not.toBeNull();
    const refused = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "inspect_files", legal_basis: "ToS art. 12", reason: "look" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("action_not_allowed");
    expect(refused.body.error.message).toMatch(/customer is root/);
    expect(refused.body.error.details.allowed).toContain("null_route");
    const noBasis = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "notify_customer" },
    });
    expect(noBasis.status).toBe(400);
    const blankBasis = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "notify_customer", legal_basis: "  " },
    });
    expect(blankBasis.status).toBe(400);
    const unknown = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "launch_missiles", legal_basis: "none" },
    });
    expect(unknown.status).toBe(400);
    const badEvidence = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "notify_customer", legal_basis: "ToS", evidence: ["not-a-hash"] },
    });
    expect(badEvidence.status).toBe(400);

    const detail = await getCase(c.id);
    const actions = detail.timeline.filter((t: Case) => t.kind === "action");
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      actor: "apikey:ana",
      detail: { action: "null_route", legal_basis: "ToS art. 12", evidence: [sha] },
    });
    const entry = (await audit()).find(
      (e) => e.action === "case.action" && e.target === `case:${c.id}`,
    );
    expect(entry).toMatchObject({
      actor: "apikey:ana",
      details: { action: "null_route", legal_basis: "ToS art. 12" },
    });
  });

  it("on shared hosting allows looking at files only with a reason, and refuses the network", async () => {
    const s = await service("shared");
    const c = await caseFor({
      category: "phishing",
      resource: { url: `https://blog.${s.domain}/wp-content/kit/` },
    });
    const names = c.allowed_actions.map((a: Case) => a.action);
    expect(names).toEqual(expect.arrayContaining(["inspect_logs", "inspect_files", "block_url"]));
    expect(names).not.toContain("null_route");
    expect(c.allowed_actions.find((a: Case) => a.action === "inspect_files").requires_reason).toBe(
      true,
    );
    const noReason = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "inspect_files", legal_basis: "Provider Liability Act art. 3" },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe("reason_required");
    expect((await getCase(c.id)).sla.first_action_at).toBeNull();
    const withReason = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: {
        action: "inspect_files",
        legal_basis: "Provider Liability Act art. 3",
        reason: "the reporter's URL points at a phishing kit in this directory",
      },
    });
    expect(withReason.status).toBe(201);
    const block = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "block_url", legal_basis: "ToS 7" },
    });
    expect(block.status).toBe(201);
    const nullRoute = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "null_route", legal_basis: "ToS 7" },
    });
    expect(nullRoute.status).toBe(409);
    expect(nullRoute.body.error.message).toMatch(/null_route/);
  });

  it("allows only a takedown request on what is not ours", async () => {
    const c = await caseFor({
      category: "phishing",
      resource: { url: "https://act-evil.example/" },
    });
    expect(c.allowed_actions.map((a: Case) => a.action)).toEqual(["takedown_request"]);
    const notify = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "notify_customer", legal_basis: "ToS" },
    });
    expect(notify.status).toBe(409);
    expect(notify.body.error.message).toMatch(/not ours/);
    const ask = await p.api("POST", `/api/v1/cases/${c.id}/actions`, {
      key: analyst,
      body: { action: "takedown_request", legal_basis: "good practice" },
    });
    expect(ask.status).toBe(201);
  });
});

describe("misuse", () => {
  it("suggests misuse types with their reasons, and records the analyst's decision", async () => {
    const young = new Date(Date.now() - 5 * DAY).toISOString().slice(0, 10);
    const fresh = await service("vps", { verification: "none", validFrom: young });
    const shared = await service("shared", { verification: "phone" });
    const old = await service("dedicated", {
      verification: "phone+postal",
      validFrom: "2020-01-01",
    });
    const reseller = await service("reseller");
    const a = await caseFor({ category: "phishing", resource: { ip: `${fresh.net}.1` } });
    const b = await caseFor({
      category: "phishing",
      resource: { url: `https://x.${shared.domain}/` },
    });
    const c = await caseFor({ category: "c2-server", resource: { ip: `${old.net}.1` } });
    const d = await caseFor({ category: "spam", resource: { ip: `${reseller.net}.1` } });
    const types = (x: Case) => x.misuse_suggestions.map((m: Case) => m.misuse_type);
    expect(types(a)).toContain("fraudulent_contract");
    expect(types(b)).toContain("compromised_customer");
    expect(types(c)).toContain("compromised_customer");
    expect(types(d)).toContain("downstream_reseller");
    for (const x of [a, b, c, d]) {
      expect(x.misuse_type).toBe("undetermined");
      for (const m of x.misuse_suggestions) {
        expect(m.reason_en.length).toBeGreaterThan(10);
        expect(m.reason_ja.length).toBeGreaterThan(5);
      }
    }
    const set = await p.api("PUT", `/api/v1/cases/${a.id}/misuse`, {
      key: analyst,
      body: { misuse_type: "fraudulent_contract", reason: "fake identity, prepaid card" },
    });
    expect(set.status).toBe(200);
    expect(set.body.misuse_type).toBe("fraudulent_contract");
    expect(await listIds("misuse_type=fraudulent_contract")).toContain(a.id);
    const entry = (await audit()).find(
      (e) => e.action === "case.misuse_set" && e.target === `case:${a.id}`,
    );
    expect(entry).toMatchObject({
      actor: "apikey:ana",
      details: { to: "fraudulent_contract", reason: "fake identity, prepaid card" },
    });
  });
});

describe("working cases", () => {
  it("assigns a case and adds notes, both in the timeline; the queue finds them", async () => {
    const s = await service("cloud");
    const c = await caseFor({ category: "scanner", resource: { ip: `${s.net}.4` } });
    const user = await p.api("POST", "/api/v1/users", {
      body: { username: "hanako", password: "correct horse battery", role: "analyst" },
    });
    expect(user.status, JSON.stringify(user.body)).toBe(201);
    // Only a person who can log in can be given a case.
    const nobody = await p.api("PUT", `/api/v1/cases/${c.id}/assignee`, {
      key: analyst,
      body: { assignee: "no-such-person" },
    });
    expect(nobody.status).toBe(400);
    const assigned = await p.api("PUT", `/api/v1/cases/${c.id}/assignee`, {
      key: analyst,
      body: { assignee: "hanako" },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toBe("hanako");
    const note = await p.api("POST", `/api/v1/cases/${c.id}/notes`, {
      key: analyst,
      body: { text: "customer says it is a pentest zebrafish-42" },
    });
    expect(note.status).toBe(201);
    expect(await listIds("assignee=hanako")).toEqual([c.id]);
    expect(await listIds("q=zebrafish-42")).toEqual([c.id]);
    const detail = await getCase(c.id);
    expect(detail.timeline.map((t: Case) => t.kind)).toEqual(
      expect.arrayContaining(["created", "assigned", "note"]),
    );
    expect(detail.timeline.find((t: Case) => t.kind === "assigned")).toMatchObject({
      actor: "apikey:ana",
      detail: { from: null, to: "hanako" },
    });
    const entry = (await audit()).find(
      (e) => e.action === "case.assigned" && e.target === `case:${c.id}`,
    );
    expect(entry).toMatchObject({ actor: "apikey:ana", details: { to: "hanako" } });
    const unassigned = await p.api("PUT", `/api/v1/cases/${c.id}/assignee`, {
      key: analyst,
      body: { assignee: null },
    });
    expect(unassigned.body.assignee).toBeNull();
  });

  it("moves many cases at once, each succeeding or failing on its own", async () => {
    const r = await submit({
      category: "brute-force",
      resources: [{ ip: "198.18.62.1" }, { ip: "198.18.62.2" }, { ip: "198.18.62.3" }],
    });
    const [a, b, c] = await casesOf(r);
    expect((await move(c.id, "acknowledged")).status).toBe(200);
    const bulk = await p.api("POST", "/api/v1/cases/bulk/transition", {
      key: analyst,
      body: { ids: [a.id, b.id, c.id, 999_999], to: "acknowledged", reason: "triage" },
    });
    expect(bulk.status, JSON.stringify(bulk.body)).toBe(200);
    const byId = Object.fromEntries(bulk.body.results.map((x: Case) => [x.id, x]));
    expect(byId[a.id]).toMatchObject({ ok: true, state: "acknowledged" });
    expect(byId[b.id]).toMatchObject({ ok: true, state: "acknowledged" });
    expect(byId[c.id]).toMatchObject({ ok: false, error: expect.stringMatching(/already/) });
    expect(byId[999_999]).toMatchObject({ ok: false, error: expect.stringMatching(/not found/) });
    const entries = (await audit()).filter(
      (e) => e.action === "case.transition" && e.details.reason === "triage",
    );
    expect(entries.map((e) => e.target).sort()).toEqual([`case:${a.id}`, `case:${b.id}`].sort());
    expect(await listIds("resource=198.18.62.0/24&state=acknowledged")).toHaveLength(3);
  });

  it("merges cases: the events move, the others close as merged and take no more work", async () => {
    const r = await submit({
      category: "phishing",
      resources: [
        { url: "https://merge-one.example/a" },
        { url: "https://merge-two.example/a" },
        { url: "https://x.merge-two.example/b" },
      ],
    });
    const cases = await casesOf(r);
    const one = cases.find((c) => c.resource === "merge-one.example");
    const two = cases.find((c) => c.resource === "merge-two.example");
    expect(two.event_count).toBe(2);
    const merged = await p.api("POST", `/api/v1/cases/${one.id}/merge`, {
      key: analyst,
      body: { case_ids: [two.id], reason: "the same kit on two domains" },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.event_count).toBe(3);
    const target = await getCase(one.id);
    expect(target.events).toHaveLength(3);
    const gone = await getCase(two.id);
    expect(gone).toMatchObject({ state: "closed", merged_into: one.id, event_count: 0 });
    expect(gone.events).toHaveLength(0);
    expect((await move(two.id, "acknowledged")).status).toBe(409);
    const act = await p.api("POST", `/api/v1/cases/${two.id}/actions`, {
      key: analyst,
      body: { action: "takedown_request", legal_basis: "x" },
    });
    expect(act.status).toBe(409);
    const entry = (await audit()).find(
      (e) => e.action === "case.merged" && e.target === `case:${two.id}`,
    );
    expect(entry).toMatchObject({
      actor: "apikey:ana",
      details: { into: one.id, events: 2, reason: "the same kit on two domains" },
    });
    const self = await p.api("POST", `/api/v1/cases/${one.id}/merge`, {
      key: analyst,
      body: { case_ids: [one.id], reason: "x" },
    });
    expect(self.status).toBe(400);
    const missing = await p.api("POST", `/api/v1/cases/${one.id}/merge`, {
      key: analyst,
      body: { case_ids: [999_999], reason: "x" },
    });
    expect(missing.status).toBe(404);
  });

  it("splits events off into a new case of the same kind", async () => {
    const s = await service("vps");
    const r = await submit({
      category: "malware-distribution",
      resources: [
        { url: `http://${s.net}.20/a.exe` },
        { url: `http://${s.net}.21/b.exe` },
        { url: `http://${s.net}.22/c.exe` },
      ],
    });
    const [c] = await casesOf(r);
    expect(c.event_count).toBe(3);
    const moved = c.events[2].id;
    const split = await p.api("POST", `/api/v1/cases/${c.id}/split`, {
      key: analyst,
      body: { event_ids: [moved], reason: "a different kit" },
    });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    expect(split.body).toMatchObject({
      state: "new",
      type: "malware-distribution",
      service_id: s.id,
      customer_id: s.customer,
      event_count: 1,
    });
    expect(split.body.id).not.toBe(c.id);
    const newCase = await getCase(split.body.id);
    expect(newCase.events.map((e: Case) => e.id)).toEqual([moved]);
    const original = await getCase(c.id);
    expect(original.event_count).toBe(2);
    expect(original.events.map((e: Case) => e.id)).not.toContain(moved);
    const entry = (await audit()).find(
      (e) => e.action === "case.split" && e.target === `case:${c.id}`,
    );
    expect(entry).toMatchObject({ details: { new_case: split.body.id, events: [moved] } });
    // Not an event of this case; all of its events: both refused.
    const foreign = await p.api("POST", `/api/v1/cases/${c.id}/split`, {
      key: analyst,
      body: { event_ids: [moved], reason: "x" },
    });
    expect(foreign.status).toBe(400);
    const all = await p.api("POST", `/api/v1/cases/${c.id}/split`, {
      key: analyst,
      body: { event_ids: original.events.map((e: Case) => e.id), reason: "x" },
    });
    expect(all.status).toBe(400);
    // New events of the group keep joining the original case.
    const later = await submit({
      category: "malware-distribution",
      resource: { url: `http://${s.net}.23/d.exe` },
    });
    expect((await casesOf(later))[0].id).toBe(c.id);
  });

  it("lets a viewer read cases but change nothing (403)", async () => {
    const s = await service("vps");
    const c = await caseFor({ category: "spam", resource: { ip: `${s.net}.1` } });
    expect((await p.api("GET", "/api/v1/cases", { key: viewer })).status).toBe(200);
    expect((await p.api("GET", `/api/v1/cases/${c.id}`, { key: viewer })).status).toBe(200);
    const writes: [string, string, unknown][] = [
      ["POST", `/api/v1/cases/${c.id}/transition`, { to: "acknowledged", reason: "x" }],
      ["POST", "/api/v1/cases/bulk/transition", { ids: [c.id], to: "acknowledged", reason: "x" }],
      ["PUT", `/api/v1/cases/${c.id}/assignee`, { assignee: null }],
      ["POST", `/api/v1/cases/${c.id}/notes`, { text: "x" }],
      ["PUT", `/api/v1/cases/${c.id}/misuse`, { misuse_type: "grey_use", reason: "x" }],
      ["POST", `/api/v1/cases/${c.id}/actions`, { action: "notify_customer", legal_basis: "x" }],
      ["POST", `/api/v1/cases/${c.id}/merge`, { case_ids: [c.id + 1], reason: "x" }],
      ["POST", `/api/v1/cases/${c.id}/split`, { event_ids: [1], reason: "x" }],
    ];
    for (const [method, path, body] of writes)
      expect((await p.api(method, path, { key: viewer, body })).status, `${method} ${path}`).toBe(
        403,
      );
    expect((await p.api("GET", "/api/v1/audit", { key: viewer })).status).toBe(403);
    const after = await getCase(c.id);
    expect(after).toMatchObject({ state: "new", assignee: null, misuse_type: "undetermined" });
    expect(after.timeline.map((t: Case) => t.kind)).toEqual(["created"]);
  });
});

describe("the queue", () => {
  it("filters by state, type, team, customer, service and resource (IP, CIDR, domain)", async () => {
    const s = await service("shared");
    const v = await service("vps");
    const r = await submit({
      category: "phishing",
      resources: [{ url: `https://shop.${s.domain}/a` }, { ip: `${v.net}.33` }],
    });
    const cases = await casesOf(r);
    const onShared = cases.find((c) => c.service_id === s.id);
    const onVps = cases.find((c) => c.service_id === v.id);
    expect((await move(onVps.id, "acknowledged")).status).toBe(200);
    expect(await listIds(`service=${s.id}`)).toEqual([onShared.id]);
    expect(await listIds(`customer=${v.customer}`)).toEqual([onVps.id]);
    expect(await listIds(`customer=${v.customer}&state=new`)).toEqual([]);
    expect(await listIds(`customer=${v.customer}&state=new,acknowledged`)).toEqual([onVps.id]);
    expect(await listIds(`customer=${v.customer}&state=open`)).toEqual([onVps.id]);
    expect(await listIds(`service=${s.id}&type=spam`)).toEqual([]);
    expect(await listIds(`service=${s.id}&type=phishing&team=T-desk`)).toEqual([onShared.id]);
    expect(await listIds(`service=${s.id}&team=T-other`)).toEqual([]);
    expect(await listIds(`resource=${v.net}.33`)).toEqual([onVps.id]);
    expect(await listIds(`resource=${v.net}.0/24`)).toEqual([onVps.id]);
    expect(await listIds(`resource=${s.domain}`)).toEqual([onShared.id]);
    expect(await listIds(`resource=shop.${s.domain}`)).toEqual([onShared.id]);
    expect(await listIds(`q=shop.${s.domain}`)).toEqual([onShared.id]);
    const bad = await p.api("GET", "/api/v1/cases?resource=not%20a%20thing");
    expect(bad.status).toBe(400);
    expect((await p.api("GET", "/api/v1/cases?state=bogus")).status).toBe(400);
    expect((await p.api("GET", "/api/v1/cases?cursor=garbage")).status).toBe(400);
  });

  it("sorts by the nearest deadline, paused and finished cases last, over 3+ pages of cursor", async () => {
    const ips = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => ({ ip: `198.18.63.${i}` }));
    const cases = await casesOf(await submit({ category: "brute-force", resources: ips }));
    expect(cases).toHaveLength(8);
    // Deadlines in an order unlike the ids (set directly: all were made in the same instant).
    const hours = [30, 5, 50, 10, 20, 40];
    const now = Date.now();
    for (const [i, h] of hours.entries()) {
      const due = new Date(now + h * HOUR);
      await p.store.query(
        "UPDATE cases SET first_action_due = $2, next_deadline = $2 WHERE id = $1",
        [cases[i].id, due],
      );
    }
    // The last two: one waits for the customer, one is resolved; neither has a running deadline.
    expect((await move(cases[6].id, "waiting_customer")).status).toBe(200);
    expect((await move(cases[7].id, "resolved")).status).toBe(200);
    const byDeadline = hours
      .map((h, i) => [h, cases[i].id] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, id]) => id);
    const expected = [...byDeadline, cases[6].id, cases[7].id];

    const { ids, deadlines, pages } = await allPages("resource=198.18.63.0/24", 2);
    expect(ids).toEqual(expected);
    expect(pages).toBe(4);
    expect(deadlines.slice(6)).toEqual([null, null]);
    const running = deadlines.slice(0, 6).map((d) => Date.parse(d as string));
    expect(running).toEqual([...running].sort((a, b) => a - b));
    // Odd page sizes cross the boundary between running and stopped clocks too.
    expect((await allPages("resource=198.18.63.0/24", 3)).ids).toEqual(expected);
    expect((await allPages("resource=198.18.63.0/24", 1)).ids).toEqual(expected);
  });

  it("pages through cases made by one report with sort=updated and sort=newest, each once", async () => {
    const ips = [1, 2, 3, 4, 5, 6, 7].map((i) => ({ ip: `198.18.64.${i}` }));
    const cases = await casesOf(await submit({ category: "brute-force", resources: ips }));
    expect(cases).toHaveLength(7);
    const all = cases.map((c) => c.id).sort((a, b) => b - a);
    for (const sort of ["newest", "updated"]) {
      const { ids, pages } = await allPages(`resource=198.18.64.0/24&sort=${sort}`, 2);
      expect(
        [...ids].sort((a, b) => b - a),
        `sort=${sort}`,
      ).toEqual(all);
      expect(pages, `sort=${sort}`).toBe(4);
    }
  });
});
