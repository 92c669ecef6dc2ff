// The code keeps the shape docs/architecture.md promises: each table written only by its
// owning module (src/store/table-owners.ts), read elsewhere only by the readers named
// there, no SQL in route handlers, a typed schema that mirrors every table of the
// migrations, and no import cycle in src/.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../src/store/database.ts";
import * as schema from "../src/store/schema.ts";
import { TABLE_OWNERS } from "../src/store/table-owners.ts";
import { testStore } from "./support/database.ts";

const ROOT = join(import.meta.dirname, "..");
const SRC = join(ROOT, "src");

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") ? [p] : [];
  });
}

const moduleOf = (file: string) => relative(SRC, file).split("/")[0] as string;

interface Violation {
  file: string;
  line: number;
  table: string;
  verb: string;
  why: string;
}

// SQL is written upper-case in this code base; a verb followed by a known table name is a
// statement about that table. DELETE FROM is a write, whatever FROM alone would say.
const STATEMENT =
  /\b(INSERT\s+INTO|DELETE\s+FROM|UPDATE|COPY|TRUNCATE|ALTER\s+TABLE|FROM|JOIN)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)\b/g;
const WRITES = /^(INSERT|DELETE|UPDATE|COPY|TRUNCATE|ALTER)/;

/** What a file's SQL does to tables it does not own, against the ownership map. */
function ownershipViolations(file: string, text: string, module: string): Violation[] {
  const out: Violation[] = [];
  text.split("\n").forEach((lineText, i) => {
    for (const m of lineText.matchAll(STATEMENT)) {
      const verb = (m[1] as string).replace(/\s+/g, " ");
      const table = m[2] as string;
      const owned = TABLE_OWNERS[table];
      if (!owned || owned.owner === module) continue;
      const write = WRITES.test(verb);
      if (!write && owned.readers?.[module]) continue;
      out.push({
        file: relative(ROOT, file),
        line: i + 1,
        table,
        verb,
        why: write
          ? `only ${owned.owner}/ writes ${table}: call its function`
          : `${module}/ is not a declared reader of ${table} (src/store/table-owners.ts)`,
      });
    }
  });
  return out;
}

const migrationTables = () =>
  readdirSync(join(SRC, "store", "migrations"))
    .filter((f) => f.endsWith(".sql"))
    .flatMap((f) =>
      [
        ...readFileSync(join(SRC, "store", "migrations", f), "utf8").matchAll(
          /CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)/g,
        ),
      ].map((m) => m[1] as string),
    );

describe("table ownership", () => {
  it("names an owner for every table of the migrations, and no other", () => {
    expect(Object.keys(TABLE_OWNERS).sort()).toEqual(
      migrationTables()
        .filter((t) => t !== "schema_migrations")
        .sort(),
    );
    for (const [table, o] of Object.entries(TABLE_OWNERS)) {
      expect(readdirSync(SRC), `${table}'s owner`).toContain(o.owner);
      for (const [reader, why] of Object.entries(o.readers ?? {})) {
        expect(readdirSync(SRC), `${table}'s reader`).toContain(reader);
        expect(why.length, `why ${reader} reads ${table}`).toBeGreaterThan(20);
      }
    }
  });

  it("finds no statement on a table outside its owner and declared readers", () => {
    const found = sourceFiles().flatMap((f) =>
      ownershipViolations(f, readFileSync(f, "utf8"), moduleOf(f)),
    );
    expect(found).toEqual([]);
  });

  it("catches a stray timeline entry written outside the cases module", () => {
    const stray = `await tx.query(
      "INSERT INTO case_timeline (case_id, kind, actor, detail) VALUES ($1, 'x', 'y', '{}')",
    );`;
    expect(ownershipViolations(join(SRC, "notify", "stray.ts"), stray, "notify")).toEqual([
      expect.objectContaining({ table: "case_timeline", verb: "INSERT INTO", line: 2 }),
    ]);
    const read = "SELECT * FROM outbox";
    expect(ownershipViolations(join(SRC, "cases", "x.ts"), read, "cases")).toHaveLength(1);
    expect(ownershipViolations(join(SRC, "notify", "x.ts"), read, "notify")).toEqual([]);
  });

  it("keeps drizzle's table objects in their owners' hands", () => {
    const tableOf = new Map(
      Object.entries(schema)
        .filter(([, v]) => typeof v === "object" && v !== null && Symbol.for("drizzle:Name") in v)
        .map(([name, v]) => [name, getTableConfig(v as PgTable).name]),
    );
    const bad: string[] = [];
    for (const f of sourceFiles()) {
      const text = readFileSync(f, "utf8");
      const m = /import\s*\{([^}]*)\}\s*from\s*"[./]*(?:store\/)?schema\.ts"/.exec(text);
      if (!m || moduleOf(f) === "store") continue;
      for (const name of (m[1] as string)
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)) {
        const table = tableOf.get(name);
        const owner = table ? TABLE_OWNERS[table]?.owner : undefined;
        if (owner && owner !== moduleOf(f)) bad.push(`${relative(ROOT, f)} uses ${table}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("holds no SQL in route handlers: they call services and stores", () => {
    const routes = join(SRC, "server", "routes");
    const bad = readdirSync(routes).flatMap((name) => {
      const text = readFileSync(join(routes, name), "utf8");
      const hits = [
        ...text.matchAll(/\.(query|exec|executeSql)\s*[<(]/g),
        ...text.matchAll(/\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\s+[a-z*]/g),
        ...text.matchAll(/\.db\s*\.\s*(select|insert|update|delete)\b/g),
      ];
      return hits.map((h) => `${name}: ${h[0]}`);
    });
    expect(bad).toEqual([]);
  });
});

// A statement written as text, in this code base's upper-case SQL.
const RAW_STATEMENT =
  /\b(SELECT\s+[a-z*(]|INSERT\s+INTO|UPDATE\s+[a-z_]+\s+SET|DELETE\s+FROM|COPY\s+[a-z_]+|WITH\s+[a-z_]+\s+AS)/;
const SAYS_WHY = /(\/\/|\*)\s*Raw SQL:\s*\S/;

/** The code of a file without its comment lines (which may speak of SQL without being any). */
const withoutComments = (text: string) =>
  text
    .split("\n")
    .filter((l) => !/^\s*(\/\/|\/?\*)/.test(l))
    .join("\n");

/** Files that write SQL as text without a comment saying why drizzle is not used there. */
function rawSqlWithoutReason(files: { file: string; text: string }[]): string[] {
  return files
    .filter(({ text }) => RAW_STATEMENT.test(withoutComments(text)) && !SAYS_WHY.test(text))
    .map(({ file }) => relative(ROOT, file));
}

describe("raw SQL", () => {
  it("appears only with a comment saying why drizzle is not used there", () => {
    const files = sourceFiles().map((file) => ({ file, text: readFileSync(file, "utf8") }));
    expect(rawSqlWithoutReason(files)).toEqual([]);
  });

  it("is found when a file has a statement and no reason", () => {
    const file = join(SRC, "x", "y.ts");
    const bare = 'await db.query("SELECT id FROM cases WHERE id = $1", [1]);';
    expect(rawSqlWithoutReason([{ file, text: bare }])).toEqual(["src/x/y.ts"]);
    const said = `// Raw SQL: a row lock that drizzle cannot take here.\n${bare}`;
    expect(rawSqlWithoutReason([{ file, text: said }])).toEqual([]);
  });
});

describe("the typed schema", () => {
  let store: Store;
  beforeAll(async () => {
    store = await testStore();
  });
  afterAll(() => store?.close());

  it("mirrors every table of the migrations, column by column", async () => {
    const cols = await store.query<{
      table_name: string;
      column_name: string;
      is_nullable: string;
    }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
        ORDER BY table_name, column_name`,
    );
    const fromDb = cols.map(
      (c) => `${c.table_name}.${c.column_name}${c.is_nullable === "NO" ? " not null" : ""}`,
    );
    const fromSchema = Object.values(schema)
      .filter((v) => typeof v === "object" && v !== null && Symbol.for("drizzle:Name") in v)
      .flatMap((t) => {
        const cfg = getTableConfig(t as PgTable);
        return cfg.columns.map((c) => `${cfg.name}.${c.name}${c.notNull ? " not null" : ""}`);
      })
      .sort();
    expect(fromSchema).toEqual([...fromDb].sort());
  });
});

/** Relative imports of each source file (type-only ones too: a cycle of types is still a knot). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const spec =
    /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g;
  for (const f of sourceFiles()) {
    const text = readFileSync(f, "utf8");
    graph.set(
      f,
      [...text.matchAll(spec)].map((m) => normalize(join(dirname(f), (m[1] ?? m[2]) as string))),
    );
  }
  return graph;
}

/** The strongly connected parts with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const part: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        part.push(relative(ROOT, w));
      } while (w !== v);
      if (part.length > 1) out.push(part.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe("imports", () => {
  it("have no cycle between files of src/", () => {
    expect(cycles(importGraph())).toEqual([]);
  });

  it("have no cycle between modules of src/ (data flows one way)", () => {
    const graph = importGraph();
    const modules = new Map<string, Set<string>>();
    for (const [f, deps] of graph) {
      const from = join(SRC, moduleOf(f));
      const set = modules.get(from) ?? new Set<string>();
      for (const d of deps)
        if (graph.has(d) && moduleOf(d) !== moduleOf(f)) set.add(join(SRC, moduleOf(d)));
      modules.set(from, set);
    }
    expect(cycles(new Map([...modules].map(([k, v]) => [k, [...v]])))).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const g = new Map([
      [join(SRC, "a.ts"), [join(SRC, "b.ts")]],
      [join(SRC, "b.ts"), [join(SRC, "a.ts")]],
    ]);
    expect(cycles(g)).toEqual([["src/a.ts", "src/b.ts"]]);
  });
});
