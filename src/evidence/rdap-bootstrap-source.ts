import { renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadBootstrap, type RdapBootstrap, type RdapOptions } from "./rdap.ts";

/** The refreshed copy of IANA's files, kept in the data directory. */
export const refreshedBootstrapPath = (dataDir: string) => join(dataDir, "rdap-bootstrap.json");

// A process asks for the bootstrap on every lookup; the file is looked at no more often than
// this, so a refresh by another process is picked up within a minute without a stat per query.
const RECHECK_MS = 60_000;

/** The bootstrap in force, re-read when the refresh job writes a newer copy. */
export interface BootstrapSource {
  current(): RdapBootstrap;
}

/**
 * The operator's file when there is one (never replaced); otherwise the refreshed copy in the
 * data directory when there is one, else the bundled copy of IANA's files.
 */
export function bootstrapSource(opts: { operatorFile?: string; dataDir: string }): BootstrapSource {
  if (opts.operatorFile) {
    const fixed = loadBootstrap(opts.operatorFile);
    return { current: () => fixed };
  }
  const refreshed = refreshedBootstrapPath(opts.dataDir);
  let loaded: { bootstrap: RdapBootstrap; mtimeMs: number } | null = null;
  let checkedAt = Number.NEGATIVE_INFINITY;
  return {
    current() {
      const now = performance.now();
      if (loaded && now - checkedAt < RECHECK_MS) return loaded.bootstrap;
      checkedAt = now;
      const mtimeMs = mtimeOf(refreshed);
      if (loaded && loaded.mtimeMs === mtimeMs) return loaded.bootstrap;
      let bootstrap: RdapBootstrap;
      try {
        bootstrap = loadBootstrap(mtimeMs === 0 ? undefined : refreshed);
      } catch {
        // A damaged refreshed copy must not stop lookups: the bundled one still answers.
        bootstrap = loadBootstrap();
      }
      loaded = { bootstrap, mtimeMs };
      return bootstrap;
    },
  };
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

const IANA_FILES = ["dns", "ipv4", "ipv6", "asn"] as const;

/**
 * Fetches IANA's four bootstrap files from `baseUrl`, checks them, and writes them with the
 * bundled additions to the data directory (atomically: a reader sees the old or the new file).
 * Throws with the file and the reason when one cannot be had; nothing is written then.
 */
export async function refreshBootstrap(opts: {
  baseUrl: string;
  dataDir: string;
  fetchJson: RdapOptions["fetchJson"];
}): Promise<{ file: string; publication: Record<string, string | undefined> }> {
  const base = opts.baseUrl.endsWith("/") ? opts.baseUrl : `${opts.baseUrl}/`;
  const combined: Record<string, unknown> = {
    description: `IANA's RDAP bootstrap files fetched from ${base} on ${new Date().toISOString()}, with Mogura's additions (see the bundled copy).`,
    additions: loadBootstrap().additions,
  };
  for (const name of IANA_FILES) {
    const url = `${base}${name}.json`;
    const res = await opts.fetchJson(url);
    if (res.status !== 200 || res.json === undefined) {
      throw new Error(
        `${url} answered HTTP ${res.status}${res.json === undefined ? " without JSON" : ""}`,
      );
    }
    combined[name] = res.json;
  }
  const file = refreshedBootstrapPath(opts.dataDir);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(combined));
  try {
    // Checked the way every reader will read it, before it replaces anything.
    const checked = loadBootstrap(tmp);
    renameSync(tmp, file);
    return {
      file,
      publication: Object.fromEntries(IANA_FILES.map((n) => [n, checked[n].publication])),
    };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`the files from ${base} are not an RDAP bootstrap: ${(e as Error).message}`);
  }
}
