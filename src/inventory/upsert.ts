import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { appendAuditSql } from "../audit/audit-log.ts";
import {
  CustomerInput,
  DomainInput,
  type ImportResult,
  type InventoryBatch,
  type InventoryKind,
  NetblockInput,
  parseValidity,
  type Rejection,
  ServiceInput,
  TeamInput,
} from "../domain/inventory.ts";
import type { Store, Tx } from "../store/database.ts";
import { customers, domains, netblocks, services, teams } from "../store/schema.ts";
import { bumpInventoryVersion } from "./inventory-store.ts";
import { normalizeCidr, normalizeHost } from "./normalize.ts";

// Raw SQL: an import writes up to hundreds of thousands of rows; each batch of 5000 goes in as
// one INSERT … SELECT FROM unnest() with one array parameter per column (drizzle would send a
// VALUES list with a parameter per cell), and the stored history of a batch's keys is looked
// up the same way, with `= ANY($1::cidr[])`. The advisory lock has no drizzle form.

const INVENTORY_LOCK = 7_140_004;
const BATCH = 5000;

type Source = { file?: string; line?: number };

/** Rejections collect here; each names the list, the row, and where the row came from. */
class Rejections {
  readonly list: Rejection[] = [];
  add(kind: InventoryKind, index: number, source: Source | undefined, key: string, reason: string) {
    this.list.push({ kind, index, ...source, ...(key ? { key } : {}), reason });
  }
}

function zodReason(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length > 0 ? `${i.path.join(".")} ${i.message}` : i.message))
    .join("; ");
}

const where = (s: Source | undefined) => (s?.line ? `line ${s.line}` : "an earlier row");

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
const counts = (): Counts => ({ created: 0, updated: 0, unchanged: 0, rejected: 0 });

/** A time-bounded assignment as stored: the key (CIDR or domain) and who holds it. */
interface StoredAssignment {
  id: number | null; // null: created by this import
  key: string;
  holder: string;
  from: number;
  to: number | null;
  extra: string | null;
  /** The row of this import that creates it (its end may still move). */
  planned?: PlannedAssignment;
}

interface PlannedAssignment {
  index: number;
  /** Its end was not given: it ends where the next holder begins. */
  endedByNext?: boolean;
  source?: Source;
  key: string;
  holder: string;
  from: number;
  to: number | null;
  extra: string | null;
  fields: Record<string, unknown>;
}

type AssignmentOp =
  | { op: "insert"; row: PlannedAssignment }
  | { op: "update"; id: number; to: number | null; extra: string | null }
  | { op: "close"; id: number; to: number };

/**
 * Decides what each incoming assignment does to the stored history of its key: restates it
 * (unchanged), corrects the end or note of the period it names (updated), or starts a new
 * holder, which ends the current period where the new one begins (history is never
 * overwritten). A row that would rewrite the past (a different holder over a period already
 * assigned) is refused.
 */
function planAssignments(
  kind: InventoryKind,
  rows: PlannedAssignment[],
  stored: Map<string, StoredAssignment[]>,
  rejections: Rejections,
  c: Counts,
): { ops: AssignmentOp[]; closed: number } {
  const ops: AssignmentOp[] = [];
  let closed = 0;
  const byKey = new Map<string, PlannedAssignment[]>();
  for (const r of rows) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const [key, incoming] of byKey) {
    incoming.sort((a, b) => a.from - b.from || a.index - b.index);
    const history = [...(stored.get(key) ?? [])].sort((a, b) => a.from - b.from);
    // An open-ended row ends where the next holder (in this import or already stored)
    // begins: a file that lists the old holder and the new one reads the same every time.
    for (const row of incoming) {
      if (row.to !== null) continue;
      const next = [...incoming, ...history]
        .filter((o) => o.holder !== row.holder && o.from > row.from)
        .reduce<number | null>((m, o) => (m === null || o.from < m ? o.from : m), null);
      if (next !== null) {
        row.to = next;
        row.endedByNext = true;
      }
    }
    const seen: PlannedAssignment[] = [];
    for (const row of incoming) {
      const reject = (reason: string) => {
        c.rejected++;
        rejections.add(kind, row.index, row.source, key, reason);
      };
      // The same start twice, or the same holder over an overlapping period: a repeat. A
      // different holder from a later day is a change of hands, which ends the earlier row.
      const twin = seen.find(
        (s) => s.from === row.from || (s.holder === row.holder && overlaps(s, row)),
      );
      if (twin) {
        reject(`listed twice: ${where(twin.source)} already assigns ${key} for this period`);
        continue;
      }
      seen.push(row);
      const same = history.find((h) => h.from === row.from);
      if (same) {
        if (same.holder !== row.holder) {
          reject(
            `${key} is assigned to ${same.holder} from ${iso(same.from)}; to change the holder, give the day the new assignment starts`,
          );
        } else if (same.to === row.to && same.extra === row.extra) {
          c.unchanged++;
        } else if (same.id === null) {
          c.unchanged++;
        } else if (row.endedByNext && same.extra === row.extra && row.to !== null) {
          // Only its end moved, to where the next holder starts: a change of hands.
          ops.push({ op: "close", id: same.id, to: row.to });
          same.to = row.to;
          closed++;
          c.unchanged++;
        } else {
          ops.push({ op: "update", id: same.id, to: row.to, extra: row.extra });
          same.to = row.to;
          same.extra = row.extra;
          c.updated++;
        }
        continue;
      }
      const current = history.findLast(
        (h) => h.from < row.from && (h.to === null || h.to > row.from),
      );
      const later = history.find((h) => h.from > row.from && (row.to === null || row.to > h.from));
      if (later) {
        reject(
          `overlaps the later assignment of ${key} to ${later.holder} from ${iso(later.from)}`,
        );
        continue;
      }
      if (current && current.holder === row.holder) {
        // The same holder, restated with a later start: the assignment began earlier.
        if (current.to === row.to && current.extra === row.extra) c.unchanged++;
        else if (current.id !== null) {
          ops.push({ op: "update", id: current.id, to: row.to, extra: row.extra });
          current.to = row.to;
          current.extra = row.extra;
          c.updated++;
        } else c.unchanged++;
        continue;
      }
      if (current) {
        if (current.id !== null) {
          ops.push({ op: "close", id: current.id, to: row.from });
          closed++;
        } else if (current.planned) current.planned.to = row.from;
        current.to = row.from;
      }
      ops.push({ op: "insert", row });
      history.push({
        id: null,
        key,
        holder: row.holder,
        from: row.from,
        to: row.to,
        extra: row.extra,
        planned: row,
      });
      history.sort((a, b) => a.from - b.from);
      c.created++;
    }
  }
  return { ops, closed };
}

const overlaps = (a: { from: number; to: number | null }, b: { from: number; to: number | null }) =>
  (a.to === null || a.to > b.from) && (b.to === null || b.to > a.from);

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Known {
  teams: Set<string>;
  customers: Map<string, Record<string, unknown>>;
  services: Map<string, Record<string, unknown>>;
}

/**
 * Inserts or updates inventory rows by their external ids (teams, customers, services) or
 * by CIDR / domain and validity (assignments), in one transaction. Rows that do not hold are
 * rejected one by one with the reason; the rest goes in. Running the same batch twice
 * changes nothing the second time.
 */
export async function upsertInventory(
  store: Store,
  batch: InventoryBatch,
  actor: string,
): Promise<ImportResult> {
  return store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [INVENTORY_LOCK]);
    const result = await applyBatch(tx, batch);
    const changed = (["teams", "customers", "services", "netblocks", "domains"] as const).some(
      (k) => result[k].created + result[k].updated > 0,
    );
    if (changed || result.closed > 0) {
      await bumpInventoryVersion(tx);
      const summary = Object.fromEntries(
        (["teams", "customers", "services", "netblocks", "domains"] as const).map((k) => [
          k,
          result[k],
        ]),
      );
      await appendAuditSql(tx, {
        actor,
        action: "inventory.upserted",
        target: "inventory",
        details: { ...summary, closed: result.closed, rejected: result.rejections.length },
      });
    }
    return result;
  });
}

async function applyBatch(tx: Tx, batch: InventoryBatch): Promise<ImportResult> {
  const rejections = new Rejections();
  const knownTeams = await tx.db.select({ id: teams.id }).from(teams);
  // Keyed by column name: an incoming row is compared with these field by field.
  const knownCustomers = await tx.db
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      country: customers.country,
      verification: customers.verification,
      language: customers.language,
      abuse_email: customers.abuseEmail,
    })
    .from(customers);
  const knownServices = await tx.db
    .select({
      id: services.id,
      customer_id: services.customerId,
      type: services.type,
      plan: services.plan,
      team_id: services.teamId,
      valid_from: services.validFrom,
      valid_to: services.validTo,
    })
    .from(services);
  const known: Known = {
    teams: new Set(knownTeams.map((r) => r.id)),
    customers: new Map(knownCustomers.map((r) => [r.id, r])),
    services: new Map(knownServices.map((r) => [r.id, r])),
  };
  const teamCounts = await upsertTeams(tx, batch.teams, known, rejections);
  const customerCounts = await upsertCustomers(tx, batch.customers, known, rejections);
  const serviceCounts = await upsertServices(tx, batch.services, known, rejections);
  const nets = await upsertNetblocks(tx, batch.netblocks, known, rejections);
  const doms = await upsertDomains(tx, batch.domains, known, rejections);
  return {
    teams: teamCounts,
    customers: customerCounts,
    services: serviceCounts,
    netblocks: nets.counts,
    domains: doms.counts,
    closed: nets.closed + doms.closed,
    rejections: rejections.list,
  };
}

/** Parses rows with their schema; a row that does not parse, or repeats an id, is rejected. */
function parseRows<S extends z.ZodType<{ source?: Source }>>(
  kind: InventoryKind,
  schema: S,
  rows: unknown[],
  keyOf: (row: z.infer<S>) => string | null,
  rejections: Rejections,
  c: Counts,
): { index: number; row: z.infer<S> }[] {
  const out: { index: number; row: z.infer<S> }[] = [];
  const seen = new Map<string, Source | undefined>();
  for (const [index, raw] of rows.entries()) {
    const source = (raw as { source?: Source } | null)?.source;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      c.rejected++;
      const key = (raw as Record<string, unknown> | null)?.id ?? "";
      rejections.add(kind, index, source, String(key), zodReason(parsed.error));
      continue;
    }
    const key = keyOf(parsed.data);
    if (key !== null) {
      if (seen.has(key)) {
        c.rejected++;
        rejections.add(kind, index, source, key, `listed twice: ${where(seen.get(key))} has it`);
        continue;
      }
      seen.set(key, source);
    }
    out.push({ index, row: parsed.data });
  }
  return out;
}

async function upsertTeams(
  tx: Tx,
  rows: unknown[],
  known: Known,
  rejections: Rejections,
): Promise<Counts> {
  const c = counts();
  const parsed = parseRows("teams", TeamInput, rows, (r) => r.id, rejections, c);
  const existing = new Map(
    (
      await tx.db
        .select({ id: teams.id, name: teams.name, email: teams.email, company: teams.company })
        .from(teams)
    ).map((r) => [r.id, r]),
  );
  const write: TeamInput[] = [];
  for (const { row } of parsed) {
    const old = existing.get(row.id);
    if (!old) c.created++;
    else if (
      old.name === row.name &&
      old.email === (row.email ?? null) &&
      old.company === (row.company ?? null)
    ) {
      c.unchanged++;
      continue;
    } else c.updated++;
    write.push(row);
    known.teams.add(row.id);
  }
  for (let i = 0; i < write.length; i += BATCH) {
    const part = write.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO teams (id, name, email, company)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
         company = EXCLUDED.company, updated_at = now()`,
      [
        part.map((r) => r.id),
        part.map((r) => r.name),
        part.map((r) => r.email ?? null),
        part.map((r) => r.company ?? null),
      ],
    );
  }
  return c;
}

async function upsertCustomers(
  tx: Tx,
  rows: unknown[],
  known: Known,
  rejections: Rejections,
): Promise<Counts> {
  const c = counts();
  const parsed = parseRows("customers", CustomerInput, rows, (r) => r.id, rejections, c);
  const write: CustomerInput[] = [];
  for (const { row } of parsed) {
    const old = known.customers.get(row.id);
    const next = {
      id: row.id,
      name: row.name,
      email: row.email ?? null,
      phone: row.phone ?? null,
      country: row.country ?? null,
      verification: row.verification,
      language: row.language,
      abuse_email: row.abuse_email ?? null,
    };
    if (!old) c.created++;
    else if (Object.entries(next).every(([k, v]) => old[k] === v)) {
      c.unchanged++;
      continue;
    } else c.updated++;
    write.push(row);
    known.customers.set(row.id, next);
  }
  for (let i = 0; i < write.length; i += BATCH) {
    const part = write.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO customers (id, name, email, phone, country, verification, language, abuse_email)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::text[])
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
         phone = EXCLUDED.phone, country = EXCLUDED.country,
         verification = EXCLUDED.verification, language = EXCLUDED.language,
         abuse_email = EXCLUDED.abuse_email, updated_at = now()`,
      [
        part.map((r) => r.id),
        part.map((r) => r.name),
        part.map((r) => r.email ?? null),
        part.map((r) => r.phone ?? null),
        part.map((r) => r.country ?? null),
        part.map((r) => r.verification),
        part.map((r) => r.language),
        part.map((r) => r.abuse_email ?? null),
      ],
    );
  }
  return c;
}

const ms = (d: unknown) =>
  d instanceof Date ? d.getTime() : d == null ? null : Date.parse(String(d));

async function upsertServices(
  tx: Tx,
  rows: unknown[],
  known: Known,
  rejections: Rejections,
): Promise<Counts> {
  const c = counts();
  const parsed = parseRows("services", ServiceInput, rows, (r) => r.id, rejections, c);
  const write: (ServiceInput & { from: Date; to: Date | null })[] = [];
  for (const { index, row } of parsed) {
    const reject = (reason: string) => {
      c.rejected++;
      rejections.add("services", index, row.source, row.id, reason);
    };
    const from = parseValidity(row.valid_from, false) as Date;
    const to = row.valid_to ? (parseValidity(row.valid_to, true) as Date) : null;
    if (to && to <= from) {
      reject(`valid_to ${row.valid_to} is before valid_from ${row.valid_from}`);
      continue;
    }
    if (!known.customers.has(row.customer_id)) {
      reject(`unknown customer_id ${row.customer_id} (not in customers.csv nor in the inventory)`);
      continue;
    }
    if (!known.teams.has(row.team_id)) {
      reject(`unknown team_id ${row.team_id} (not in teams.csv nor in the inventory)`);
      continue;
    }
    const old = known.services.get(row.id);
    if (old && old.customer_id !== row.customer_id) {
      reject(
        `service ${row.id} belongs to customer ${old.customer_id}; a service never changes hands: end it (valid_to) and add a new service for ${row.customer_id}`,
      );
      continue;
    }
    if (!old) c.created++;
    else if (
      old.type === row.type &&
      old.plan === (row.plan ?? null) &&
      old.team_id === row.team_id &&
      ms(old.valid_from) === from.getTime() &&
      ms(old.valid_to) === (to?.getTime() ?? null)
    ) {
      c.unchanged++;
      continue;
    } else c.updated++;
    write.push({ ...row, from, to });
    known.services.set(row.id, {
      id: row.id,
      customer_id: row.customer_id,
      type: row.type,
      team_id: row.team_id,
    });
  }
  for (let i = 0; i < write.length; i += BATCH) {
    const part = write.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO services (id, customer_id, type, plan, team_id, valid_from, valid_to)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                            $6::timestamptz[], $7::timestamptz[])
       ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, plan = EXCLUDED.plan,
         team_id = EXCLUDED.team_id, valid_from = EXCLUDED.valid_from,
         valid_to = EXCLUDED.valid_to, updated_at = now()`,
      [
        part.map((r) => r.id),
        part.map((r) => r.customer_id),
        part.map((r) => r.type),
        part.map((r) => r.plan ?? null),
        part.map((r) => r.team_id),
        part.map((r) => r.from.toISOString()),
        part.map((r) => r.to?.toISOString() ?? null),
      ],
    );
  }
  return c;
}

/** A netblock row checked against the known ids: the assignment it asks for, or why not. */
function planNetblock(index: number, row: NetblockInput, known: Known): PlannedAssignment | string {
  const n = normalizeCidr(row.cidr);
  if ("error" in n) return n.error;
  const from = parseValidity(row.valid_from, false) as Date;
  const to = row.valid_to ? (parseValidity(row.valid_to, true) as Date) : null;
  if (to && to <= from) return `valid_to ${row.valid_to} is before valid_from ${row.valid_from}`;
  if (row.shared && row.service_id)
    return "a shared netblock belongs to a platform of many customers: give its team_id, not a service_id (the host name decides the customer)";
  if (!row.shared && !row.service_id)
    return "names no service: give service_id, or shared=yes with the team_id";
  if (row.shared && !row.team_id) return "a shared netblock needs its team_id";
  if (row.service_id && !known.services.has(row.service_id))
    return `unknown service_id ${row.service_id} (not in services.csv nor in the inventory)`;
  if (row.team_id && !known.teams.has(row.team_id))
    return `unknown team_id ${row.team_id} (not in teams.csv nor in the inventory)`;
  return {
    index,
    source: row.source,
    key: n.cidr,
    holder: row.service_id ? `service ${row.service_id}` : `team ${row.team_id} (shared)`,
    from: from.getTime(),
    to: to?.getTime() ?? null,
    extra: row.note ?? null,
    fields: {
      service_id: row.service_id ?? null,
      team_id: row.team_id ?? null,
      shared: row.shared,
    },
  };
}

/** A domain row checked against the known services: the assignment it asks for, or why not. */
function planDomain(index: number, row: DomainInput, known: Known): PlannedAssignment | string {
  const domain = normalizeHost(row.domain);
  if (!domain) return `"${row.domain}" is not a domain name`;
  const from = parseValidity(row.valid_from, false) as Date;
  const to = row.valid_to ? (parseValidity(row.valid_to, true) as Date) : null;
  if (to && to <= from) return `valid_to ${row.valid_to} is before valid_from ${row.valid_from}`;
  if (!known.services.has(row.service_id))
    return `unknown service_id ${row.service_id} (not in services.csv nor in the inventory)`;
  return {
    index,
    source: row.source,
    key: domain,
    holder: `service ${row.service_id}`,
    from: from.getTime(),
    to: to?.getTime() ?? null,
    extra: null,
    fields: { service_id: row.service_id },
  };
}

/** Parses assignment rows and plans each one; a row that cannot be planned is rejected with why. */
function planRows<S extends z.ZodType<{ source?: Source }>>(
  kind: "netblocks" | "domains",
  schema: S,
  rows: unknown[],
  rejections: Rejections,
  c: Counts,
  plan: (index: number, row: z.infer<S>) => { key: string; plan: PlannedAssignment | string },
): PlannedAssignment[] {
  const planned: PlannedAssignment[] = [];
  for (const { index, row } of parseRows(kind, schema, rows, () => null, rejections, c)) {
    const p = plan(index, row);
    if (typeof p.plan === "string") {
      c.rejected++;
      rejections.add(kind, index, row.source, p.key, p.plan);
    } else planned.push(p.plan);
  }
  return planned;
}

async function upsertNetblocks(
  tx: Tx,
  rows: unknown[],
  known: Known,
  rejections: Rejections,
): Promise<{ counts: Counts; closed: number }> {
  const c = counts();
  const planned = planRows("netblocks", NetblockInput, rows, rejections, c, (i, row) => ({
    key: row.cidr,
    plan: planNetblock(i, row, known),
  }));
  const stored = await storedAssignments(
    tx,
    `SELECT id, cidr::text AS key, service_id, team_id, shared, valid_from, valid_to, note AS extra
       FROM netblocks WHERE cidr = ANY($1::cidr[])`,
    planned.map((p) => p.key),
    (r) => (r.service_id ? `service ${r.service_id}` : `team ${r.team_id} (shared)`),
    (k) => {
      const n = normalizeCidr(k);
      return "cidr" in n ? n.cidr : k;
    },
  );
  const { ops, closed } = planAssignments("netblocks", planned, stored, rejections, c);
  await applyAssignmentOps(tx, "netblocks", ops, (inserts) => [
    `INSERT INTO netblocks (cidr, service_id, team_id, shared, valid_from, valid_to, note)
     SELECT * FROM unnest($1::cidr[], $2::text[], $3::text[], $4::boolean[], $5::timestamptz[],
                          $6::timestamptz[], $7::text[])`,
    [
      inserts.map((r) => r.key),
      inserts.map((r) => r.fields.service_id),
      inserts.map((r) => r.fields.team_id),
      inserts.map((r) => r.fields.shared),
      inserts.map((r) => new Date(r.from).toISOString()),
      inserts.map((r) => (r.to === null ? null : new Date(r.to).toISOString())),
      inserts.map((r) => r.extra),
    ],
  ]);
  return { counts: c, closed };
}

async function upsertDomains(
  tx: Tx,
  rows: unknown[],
  known: Known,
  rejections: Rejections,
): Promise<{ counts: Counts; closed: number }> {
  const c = counts();
  const planned = planRows("domains", DomainInput, rows, rejections, c, (i, row) => ({
    key: row.domain,
    plan: planDomain(i, row, known),
  }));
  const stored = await storedAssignments(
    tx,
    `SELECT id, domain AS key, service_id, valid_from, valid_to, NULL::text AS extra
       FROM domains WHERE domain = ANY($1::text[])`,
    planned.map((p) => p.key),
    (r) => `service ${r.service_id}`,
    (k) => k,
  );
  const { ops, closed } = planAssignments("domains", planned, stored, rejections, c);
  await applyAssignmentOps(tx, "domains", ops, (inserts) => [
    `INSERT INTO domains (domain, service_id, valid_from, valid_to)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])`,
    [
      inserts.map((r) => r.key),
      inserts.map((r) => r.fields.service_id),
      inserts.map((r) => new Date(r.from).toISOString()),
      inserts.map((r) => (r.to === null ? null : new Date(r.to).toISOString())),
    ],
  ]);
  return { counts: c, closed };
}

async function storedAssignments(
  tx: Tx,
  text: string,
  keys: string[],
  holderOf: (r: Record<string, unknown>) => string,
  normalize: (k: string) => string,
): Promise<Map<string, StoredAssignment[]>> {
  const out = new Map<string, StoredAssignment[]>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += BATCH) {
    const rows = await tx.query<Record<string, unknown>>(text, [unique.slice(i, i + BATCH)]);
    for (const r of rows) {
      const key = normalize(String(r.key));
      const list = out.get(key) ?? [];
      list.push({
        id: Number(r.id),
        key,
        holder: holderOf(r),
        from: ms(r.valid_from) as number,
        to: ms(r.valid_to),
        extra: (r.extra as string | null) ?? null,
      });
      out.set(key, list);
    }
  }
  return out;
}

async function applyAssignmentOps(
  tx: Tx,
  kind: "netblocks" | "domains",
  ops: AssignmentOp[],
  insert: (rows: PlannedAssignment[]) => [string, unknown[]],
) {
  const table = kind === "netblocks" ? netblocks : domains;
  for (const op of ops) {
    if (op.op === "insert") continue;
    const validTo = op.to === null ? null : new Date(op.to);
    // An update also restates the note, which only netblocks have; closing changes the end only.
    const note = op.op === "update" && kind === "netblocks" ? { note: op.extra } : {};
    await tx.db
      .update(table)
      .set({ validTo, ...note, updatedAt: sql`now()` })
      .where(eq(table.id, op.id));
  }
  const inserts = ops.flatMap((o) => (o.op === "insert" ? [o.row] : []));
  for (let i = 0; i < inserts.length; i += BATCH) {
    const [text, params] = insert(inserts.slice(i, i + BATCH));
    await tx.query(text, params);
  }
}
