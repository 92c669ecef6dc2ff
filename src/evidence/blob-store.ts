import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "../domain/canonical-json.ts";

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed files under `<dir>/ab/cd/<sha256>`: written once (to a temporary name,
 * then renamed, so a reader never sees half a blob), never changed, shared by every capture
 * that has the same bytes.
 */
export class BlobStore {
  constructor(readonly dir: string) {}

  /** Where a blob lives. */
  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`"${sha256}" is not a SHA-256 in hex`);
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Stores bytes; returns their SHA-256. Storing the same bytes again costs nothing. */
  put(bytes: Uint8Array): string {
    const sha = sha256Hex(bytes);
    const path = this.pathOf(sha);
    if (existsSync(path)) return sha;
    mkdirSync(join(this.dir, sha.slice(0, 2), sha.slice(2, 4)), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(tmp, bytes, { mode: 0o440 });
    renameSync(tmp, path);
    return sha;
  }

  /** The bytes of a blob, or null when it is not here (never stored, or purged). */
  get(sha256: string): Buffer | null {
    const path = this.pathOf(sha256);
    return existsSync(path) ? readFileSync(path) : null;
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Whether the stored bytes still hash to their name: "ok", "missing" or "altered". */
  check(sha256: string): "ok" | "missing" | "altered" {
    const bytes = this.get(sha256);
    if (!bytes) return "missing";
    return sha256Hex(bytes) === sha256 ? "ok" : "altered";
  }

  /** Removes a blob's bytes (retention); its hash stays wherever it was recorded. */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }
}
