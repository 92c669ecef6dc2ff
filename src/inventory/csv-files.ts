import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { InventoryBatch, InventoryKind } from "../domain/inventory.ts";

/** The CSV files of an inventory directory, and how their columns map to the API's fields. */
export const INVENTORY_FILES: Record<
  InventoryKind,
  { file: string; rename: Record<string, string> }
> = {
  teams: { file: "teams.csv", rename: { team_id: "id" } },
  customers: { file: "customers.csv", rename: { customer_id: "id", verified: "verification" } },
  services: { file: "services.csv", rename: { service_id: "id" } },
  netblocks: { file: "netblocks.csv", rename: {} },
  domains: { file: "domains.csv", rename: {} },
};

export class InventoryFileError extends Error {
  override name = "InventoryFileError";
}

/**
 * Reads the inventory CSV files found in `dir` (teams, customers, services, netblocks,
 * domains; any may be missing) into a batch whose rows remember their file and line.
 */
export function readInventoryDir(dir: string): { batch: InventoryBatch; files: string[] } {
  if (!existsSync(dir)) throw new InventoryFileError(`${dir}: no such directory`);
  const batch: InventoryBatch = {
    teams: [],
    customers: [],
    services: [],
    netblocks: [],
    domains: [],
  };
  const files: string[] = [];
  for (const [kind, { file, rename }] of Object.entries(INVENTORY_FILES) as [
    InventoryKind,
    (typeof INVENTORY_FILES)[InventoryKind],
  ][]) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    files.push(file);
    batch[kind] = readInventoryCsv(readFileSync(path), file, rename);
  }
  if (files.length === 0) {
    throw new InventoryFileError(
      `${dir}: none of ${Object.values(INVENTORY_FILES)
        .map((f) => f.file)
        .join(", ")} is there`,
    );
  }
  return { batch, files };
}

/** One inventory CSV (a header line, then rows) as objects with `source: {file, line}`. */
export function readInventoryCsv(
  bytes: Uint8Array,
  file: string,
  rename: Record<string, string>,
): Record<string, unknown>[] {
  let records: { record: Record<string, string> }[];
  try {
    records = parse(Buffer.from(bytes), {
      bom: true,
      columns: (header: string[]) => header.map((h) => rename[h.trim()] ?? h.trim()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    });
  } catch (e) {
    throw new InventoryFileError(`${file}: ${(e as Error).message}`);
  }
  const starts = recordStartLines(bytes);
  return records.map(({ record }, i) => ({
    ...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== "")),
    // starts[0] is the header's line.
    source: { file, line: starts[i + 1] ?? starts[starts.length - 1] ?? i + 2 },
  }));
}

/**
 * The line each non-empty record starts on (1-based), newlines inside quoted fields
 * included: what a person sees in an editor. csv-parse counts where records end.
 */
function recordStartLines(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atStart = true;
  for (const b of bytes) {
    if (b === 0x22) inQuotes = !inQuotes;
    if (b === 0x0a) {
      line++;
      if (!inQuotes) atStart = true;
      continue;
    }
    if (
      atStart &&
      b !== 0x0d &&
      b !== 0x20 &&
      b !== 0x09 &&
      b !== 0xef &&
      b !== 0xbb &&
      b !== 0xbf
    ) {
      out.push(line);
      atStart = false;
    }
  }
  return out;
}
