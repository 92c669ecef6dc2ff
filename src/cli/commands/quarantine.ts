import type { Command } from "commander";
import type { ReportSummary } from "../../intake/report-store.ts";
import { clientOf } from "../context.ts";
import { printTable } from "../output.ts";

/** `mogura quarantine list|show|reinject`. */
export function quarantineCommand(program: Command) {
  const cmd = program.command("quarantine").description("reports that could not be parsed");

  cmd
    .command("list")
    .description("list quarantined reports with the reason")
    .option("--limit <n>", "how many", "50")
    .action(async (opts: { limit: string }, sub: Command) => {
      const { items } = await clientOf(sub).request<{ items: ReportSummary[] }>(
        "GET",
        `/api/v1/quarantine?limit=${encodeURIComponent(opts.limit)}`,
      );
      printTable(items, ["id", "tracking_number", "channel", "received_at", "parser", "reason"]);
    });

  cmd
    .command("show")
    .description("show a quarantined report and its raw bytes")
    .argument("<id>")
    .action(async (id: string, _o, sub: Command) => {
      const client = clientOf(sub);
      const r = await client.request<ReportSummary>(
        "GET",
        `/api/v1/reports/${encodeURIComponent(id)}`,
      );
      for (const [k, v] of Object.entries(r)) {
        if (k.endsWith("event_ids")) continue;
        console.log(`${k.padEnd(16)} ${typeof v === "object" ? JSON.stringify(v) : v}`);
      }
      const raw = await client.bytes(`/api/v1/reports/${encodeURIComponent(id)}/raw`);
      console.log(
        `\n--- raw (${raw.length} bytes${raw.length > 4096 ? ", first 4096 shown" : ""}) ---`,
      );
      process.stdout.write(raw.subarray(0, 4096));
      process.stdout.write("\n");
    });

  cmd
    .command("reinject")
    .description("process a quarantined report again (after a parser fix)")
    .argument("<ids...>")
    .action(async (ids: string[], _o, sub: Command) => {
      const client = clientOf(sub);
      for (const id of ids) {
        const r = await client.request<{ tracking_number: string }>(
          "POST",
          `/api/v1/quarantine/${encodeURIComponent(id)}/reinject`,
        );
        console.log(`${id}\t${r.tracking_number}\tqueued`);
      }
    });
}
