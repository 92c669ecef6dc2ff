import { ClientError } from "../client/client-error.ts";

/** A failure the CLI reports in one line and an exit code, without a stack trace. */
export class CliError extends ClientError {
  override name = "CliError";
}

/** Prints rows as aligned columns, for list commands. */
export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  const cell = (v: unknown) => (v === null || v === undefined ? "-" : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  console.log(line(columns.map((c) => c.toUpperCase())));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}
