import { eq, sql } from "drizzle-orm";
import { appendAuditSql } from "../audit/audit-log.ts";
import { conflict, notFound } from "../domain/errors.ts";
import type { InventoryKind } from "../domain/inventory.ts";
import { isoOrNull } from "../domain/time.ts";
import type { Db, SqlRunner, Store } from "../store/database.ts";
import { customers, domains, inventoryState, netblocks, services, teams } from "../store/schema.ts";

// Raw SQL: the list and the single read share one column list per kind across five tables,
// with filters drizzle has no operator for (cidr >>= inet, ILIKE on id::text); the overlap
// search orders by masklen(); the reference checks read `cases`, which the inventory does not
// own and may not import.

/** Columns each kind shows, with dates as ISO strings and ids as numbers. */
const SELECT: Record<InventoryKind, string> = {
  teams: "SELECT id, name, email, company FROM teams",
  customers:
    "SELECT id, name, email, phone, country, verification, language, abuse_email FROM customers",
  services: "SELECT id, customer_id, type, plan, team_id, valid_from, valid_to FROM services",
  netblocks:
    "SELECT id, cidr::text AS cidr, service_id, team_id, shared, valid_from, valid_to, note FROM netblocks",
  domains: "SELECT id, domain, service_id, valid_from, valid_to FROM domains",
};

const numericId = (kind: InventoryKind) => kind === "netblocks" || kind === "domains";

function present(kind: InventoryKind, r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  if (numericId(kind)) out.id = Number(r.id);
  if ("valid_from" in r) out.valid_from = isoOrNull(r.valid_from);
  if ("valid_to" in r) out.valid_to = isoOrNull(r.valid_to);
  return out;
}

export interface ListQuery {
  limit: number;
  cursor?: string;
  q?: string;
  service_id?: string;
  customer_id?: string;
  team_id?: string;
  ip?: string;
  current?: boolean;
}

/** One page of an inventory list, in id order, with filters that make sense for the kind. */
export async function listInventory(
  db: SqlRunner,
  kind: InventoryKind,
  q: ListQuery,
): Promise<{ items: Record<string, unknown>[]; next_cursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.cursor) where.push(`id > ${p(numericId(kind) ? Number(q.cursor) : q.cursor)}`);
  if (q.q) {
    const col = {
      teams: "name",
      customers: "name",
      services: "plan",
      netblocks: "note",
      domains: "domain",
    }[kind];
    where.push(`(id::text ILIKE ${p(`%${q.q}%`)} OR ${col} ILIKE $${params.length})`);
  }
  if (q.service_id && kind !== "teams" && kind !== "customers")
    where.push(`${kind === "services" ? "id" : "service_id"} = ${p(q.service_id)}`);
  if (q.customer_id && kind === "services") where.push(`customer_id = ${p(q.customer_id)}`);
  if (q.team_id && (kind === "services" || kind === "netblocks"))
    where.push(`team_id = ${p(q.team_id)}`);
  if (q.ip && kind === "netblocks") where.push(`cidr >>= ${p(q.ip)}::inet`);
  if (q.current && kind !== "teams" && kind !== "customers")
    where.push("valid_from <= now() AND (valid_to IS NULL OR valid_to > now())");
  const rows = await db.query<Record<string, unknown>>(
    `${SELECT[kind]} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ${p(q.limit + 1)}`,
    params,
  );
  const items = rows.slice(0, q.limit).map((r) => present(kind, r));
  return {
    items,
    next_cursor: rows.length > q.limit ? String(items[items.length - 1]?.id) : null,
  };
}

/** One inventory object, or a 404. */
export async function getInventory(
  db: SqlRunner,
  kind: InventoryKind,
  id: string,
): Promise<Record<string, unknown>> {
  if (numericId(kind) && !/^\d+$/.test(id)) throw notFound(`${kind.slice(0, -1)} ${id}`);
  const [row] = await db.query<Record<string, unknown>>(`${SELECT[kind]} WHERE id = $1`, [id]);
  if (!row) throw notFound(`${kind.slice(0, -1)} ${id}`);
  return present(kind, row);
}

/**
 * Who still points at an object; it cannot be deleted while anything does. The cases are
 * read here rather than asked of the cases module, which sits downstream of the inventory.
 */
const REFERENCES: Record<"teams" | "customers" | "services", string[]> = {
  teams: [
    "SELECT 'service ' || id FROM services WHERE team_id = $1",
    "SELECT 'netblock ' || cidr::text FROM netblocks WHERE team_id = $1",
    "SELECT 'case ' || id FROM cases WHERE team_id = $1",
  ],
  customers: [
    "SELECT 'service ' || id FROM services WHERE customer_id = $1",
    "SELECT 'case ' || id FROM cases WHERE customer_id = $1",
  ],
  services: [
    "SELECT 'netblock ' || cidr::text FROM netblocks WHERE service_id = $1",
    "SELECT 'domain ' || domain FROM domains WHERE service_id = $1",
    "SELECT 'case ' || id FROM cases WHERE service_id = $1",
  ],
};

/**
 * Removes a team, customer or service nothing refers to (a mistake), or ends a netblock or
 * domain assignment now: an assignment that held is history and stays.
 */
export async function deleteInventory(
  store: Store,
  kind: InventoryKind,
  id: string,
  actor: string,
): Promise<{ deleted: boolean; ended: boolean; item: Record<string, unknown> }> {
  return store.transaction(async (tx) => {
    const item = await getInventory(tx, kind, id);
    let result: { deleted: boolean; ended: boolean };
    if (kind === "netblocks" || kind === "domains") {
      if (item.valid_to !== null && Date.parse(item.valid_to as string) <= Date.now()) {
        throw conflict(`this assignment already ended at ${item.valid_to}`);
      }
      const table = kind === "netblocks" ? netblocks : domains;
      const [row] = await tx.db
        .update(table)
        .set({
          validTo: sql`greatest(now(), ${table.validFrom} + interval '1 second')`,
          updatedAt: sql`now()`,
        })
        .where(eq(table.id, Number(id)))
        .returning({ validTo: table.validTo });
      item.valid_to = isoOrNull(row?.validTo);
      result = { deleted: false, ended: true };
    } else {
      for (const q of REFERENCES[kind]) {
        const refs = await tx.query<Record<string, string>>(`${q} LIMIT 3`, [id]);
        if (refs.length > 0) {
          const names = refs.map((r) => Object.values(r)[0]).join(", ");
          throw conflict(
            `${kind.slice(0, -1)} ${id} is still referred to by ${names}${kind === "services" ? "; end it with valid_to instead" : ""}`,
          );
        }
      }
      const table = { teams, customers, services }[kind];
      await tx.db.delete(table).where(eq(table.id, id));
      result = { deleted: true, ended: false };
    }
    await bumpInventoryVersion(tx);
    await appendAuditSql(tx, {
      actor,
      action: result.deleted ? "inventory.deleted" : "inventory.ended",
      target: `${kind.slice(0, -1)}:${id}`,
      details: { item },
    });
    return { ...result, item };
  });
}

/** The inventory's version: it moves with every change, so caches know when to rebuild. */
export async function inventoryVersion(db: { db: Db }): Promise<number> {
  const [row] = await db.db
    .select({ version: inventoryState.version })
    .from(inventoryState)
    .where(eq(inventoryState.id, 1));
  return Number(row?.version ?? 0);
}

/** Moves the version on, inside the transaction that changes the inventory. */
export async function bumpInventoryVersion(tx: { db: Db }): Promise<void> {
  await tx.db
    .update(inventoryState)
    .set({ version: sql`${inventoryState.version} + 1`, changedAt: sql`now()` })
    .where(eq(inventoryState.id, 1));
}

export interface IndexRows {
  version: number;
  netblocks: {
    id: number;
    cidr: string;
    service_id: string | null;
    team_id: string | null;
    shared: boolean;
    valid_from: Date;
    valid_to: Date | null;
  }[];
  domains: {
    id: number;
    domain: string;
    service_id: string;
    valid_from: Date;
    valid_to: Date | null;
  }[];
  services: {
    id: string;
    customer_id: string;
    type: string;
    team_id: string;
    valid_from: Date;
    valid_to: Date | null;
  }[];
  customers: { id: string; verification: string }[];
}

/** Everything the resolver's in-memory index is built from, read in one snapshot. */
export async function loadIndexRows(store: Store): Promise<IndexRows> {
  return store.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    return {
      version: await inventoryVersion(tx),
      netblocks: await tx.db
        .select({
          id: netblocks.id,
          cidr: netblocks.cidr,
          service_id: netblocks.serviceId,
          team_id: netblocks.teamId,
          shared: netblocks.shared,
          valid_from: netblocks.validFrom,
          valid_to: netblocks.validTo,
        })
        .from(netblocks),
      domains: await tx.db
        .select({
          id: domains.id,
          domain: domains.domain,
          service_id: domains.serviceId,
          valid_from: domains.validFrom,
          valid_to: domains.validTo,
        })
        .from(domains),
      services: await tx.db
        .select({
          id: services.id,
          customer_id: services.customerId,
          type: services.type,
          team_id: services.teamId,
          valid_from: services.validFrom,
          valid_to: services.validTo,
        })
        .from(services),
      customers: await tx.db
        .select({ id: customers.id, verification: customers.verification })
        .from(customers),
    };
  });
}

/** Netblocks held at `at` that overlap a CIDR, most specific first (at most 200). */
export async function netblocksOverlapping(db: SqlRunner, cidr: string, at: Date) {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, cidr::text AS cidr, service_id, team_id, shared, valid_from, valid_to FROM netblocks
      WHERE cidr && $1::cidr AND valid_from <= $2 AND (valid_to IS NULL OR valid_to > $2)
      ORDER BY masklen(cidr) DESC, cidr LIMIT 200`,
    [cidr, at],
  );
  return rows.map((r) => ({
    id: Number(r.id),
    cidr: r.cidr as string,
    service_id: (r.service_id as string | null) ?? null,
    team_id: (r.team_id as string | null) ?? null,
    shared: r.shared as boolean,
    valid_from: new Date(r.valid_from as string).toISOString(),
    valid_to: r.valid_to ? new Date(r.valid_to as string).toISOString() : null,
  }));
}
