import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { StoreError } from "./database.ts";

/** Held while a process owns the embedded database in a data directory. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads the pid of the process that holds the data directory, or null when none does. */
export function lockHolder(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, "mogura.lock"), "utf8"), 10);
    return Number.isFinite(pid) && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PGlite is one process's database: two processes on one directory would corrupt it. The
 * lock file holds the owner's pid; a lock left by a process that died (kill -9, power loss)
 * is taken over, so a restart needs no manual step.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new StoreError(
      `cannot create the data directory ${dataDir} (${err.code}): set MOGURA_DATA_DIR to a writable directory`,
    );
  }
  const path = join(dataDir, "mogura.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o644);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== "EEXIST") {
        throw new StoreError(
          `the data directory ${dataDir} is not writable (${err.code}): fix its permissions or set MOGURA_DATA_DIR to another directory`,
        );
      }
      const holder = lockHolder(dataDir);
      if (holder !== null) {
        throw new StoreError(
          `the data directory ${dataDir} is in use by another Mogura process (pid ${holder}): stop it first, or use the CLI against the running server with MOGURA_URL`,
        );
      }
      unlinkSync(path); // stale: its owner is gone
      continue;
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
    let released = false;
    return {
      path,
      release() {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, "utf8") === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      },
    };
  }
  throw new StoreError(
    `could not lock the data directory ${dataDir}: another process keeps racing for it`,
  );
}
