import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StoreError } from "./database.ts";

/** Held while a process owns the embedded database in a data directory. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

const LOCK_FILE = "mogura.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The pid of another live process that holds the data directory, or null when none does. */
export function lockHolder(dataDir: string): number | null {
  const pid = readPid(join(dataDir, LOCK_FILE));
  return pid !== null && pid !== process.pid && isAlive(pid) ? pid : null;
}

const inUse = (dataDir: string, pid: number) =>
  new StoreError(
    `the data directory ${dataDir} is in use by another Mogura process (pid ${pid}): stop it first, or use the CLI against the running server with MOGURA_URL`,
  );

/**
 * PGlite is one process's database: two processes on one directory would corrupt it. The
 * lock file holds the owner's pid and appears atomically, complete (written aside, then
 * hard-linked into place, which fails if it exists). A lock left by a process that died
 * (kill -9, power loss) is taken over, so a restart needs no manual step.
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
  const path = join(dataDir, LOCK_FILE);
  const aside = join(dataDir, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  try {
    writeFileSync(aside, String(process.pid), { mode: 0o644 });
  } catch (e) {
    throw new StoreError(
      `the data directory ${dataDir} is not writable (${(e as NodeJS.ErrnoException).code}): fix its permissions or set MOGURA_DATA_DIR to another directory`,
    );
  }
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(aside, path);
        return ownLock(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== "EEXIST") {
          throw new StoreError(
            `cannot create the lock file ${path} (${code}): the data directory must be on a local file system`,
          );
        }
      }
      const holder = readPid(path);
      if (holder === null) {
        throw new StoreError(
          `the lock file ${path} is unreadable: if no Mogura process uses ${dataDir}, delete the file and start again`,
        );
      }
      if (holder !== process.pid && isAlive(holder)) throw inUse(dataDir, holder);
      takeOverStale(path, holder, dataDir);
    }
    throw new StoreError(
      `could not lock the data directory ${dataDir}: other processes keep racing for it`,
    );
  } finally {
    unlinkSync(aside);
  }
}

/** Moves a dead owner's lock out of the way; if another process took it over meanwhile, puts that back. */
function takeOverStale(path: string, deadPid: number, dataDir: string) {
  const moved = `${path}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, moved);
  } catch {
    return; // someone else moved it first; try again
  }
  const pid = readPid(moved);
  if (pid !== null && pid !== deadPid && isAlive(pid)) {
    try {
      linkSync(moved, path);
    } finally {
      unlinkSync(moved);
    }
    throw inUse(dataDir, pid);
  }
  unlinkSync(moved);
}

function ownLock(path: string): DataDirLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      if (readPid(path) === process.pid) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}
