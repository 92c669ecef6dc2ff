import pg from "pg";

/** A small seeded PRNG (mulberry32): the same inputs on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` and returns its result with the seconds it took. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ value: T; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

export const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString("en-US");

/** The PostgreSQL server to compare with, if one answers (MOGURA_BENCH_DATABASE_URL or the local one). */
export async function benchPostgres(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const base = process.env.MOGURA_BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `mogura_bench_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
