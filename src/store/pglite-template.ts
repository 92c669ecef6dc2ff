import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";

/**
 * An initialised, empty PGlite cluster, kept as a tarball beside the installed packages.
 * A fresh data directory starts from it instead of running initdb (in WebAssembly, the
 * largest part of a first start: about 2.5 of 4 seconds on a busy 2-core machine). Made
 * after `npm install`; keyed by PGlite's version, so an upgrade makes a new one.
 */

const ROOT = join(import.meta.dirname, "..", "..");

function pgliteVersion(): string {
  const pkg = join(ROOT, "node_modules", "@electric-sql", "pglite", "package.json");
  try {
    return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** Where the template of the installed PGlite lives. */
export const templatePath = () =>
  join(ROOT, "node_modules", ".cache", "mogura", `pglite-${pgliteVersion()}-initdb.tar.gz`);

/** The template's bytes, or null when there is none (then PGlite runs initdb itself). */
export function readTemplate(): Blob | null {
  const path = templatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : null;
}

/** Makes the template unless it is there already; returns its path. */
export async function ensureTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const pg = await PGlite.create();
  try {
    const dump = await pg.dumpDataDir("gzip");
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed: a half-written template is never read.
    writeFileSync(`${path}.part`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${path}.part`, path);
  } finally {
    await pg.close();
  }
  return path;
}
