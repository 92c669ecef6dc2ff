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
  let records: { record: Record<string, string>; info: { lines: number } }[];
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
  return records.map(({ record, info }) => ({
    ...Object.fromEntries(Object.entries(record).filter(([, v]) => v !== "")),
    source: { file, line: info.lines },
  }));
}
