import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INVENTORY_FILES } from "../inventory/csv-files.ts";
import { type DemoProvider, toCsv } from "./provider.ts";
import type { DemoDay } from "./traffic.ts";

/** Writes the provider as the CSV files `mogura inventory import --dir` reads. */
export function writeProviderFiles(provider: DemoProvider, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(INVENTORY_FILES).map(([kind, { file }]) => {
    const path = join(dir, file);
    writeFileSync(path, toCsv(provider.inventory[kind as keyof DemoProvider["inventory"]]));
    return path;
  });
}

/**
 * Writes a day of traffic as files: mails as .eml, API reports as .json, feeds as .csv, in
 * the order they would arrive, so `mogura ingest` can replay them into any server.
 */
export function writeDayFiles(day: DemoDay, dir: string): number {
  const sub = { smtp: "mail", api: "api", upload: "files" } as const;
  for (const s of Object.values(sub)) mkdirSync(join(dir, s), { recursive: true });
  for (const d of day.deliveries) {
    const bytes = d.channel === "api" ? `${JSON.stringify(d.report, null, 2)}\n` : d.bytes;
    writeFileSync(join(dir, sub[d.channel], d.name), bytes);
  }
  return day.deliveries.length;
}
