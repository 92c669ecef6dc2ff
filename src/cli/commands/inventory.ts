import type { Command } from "commander";
import type { ImportResult } from "../../domain/inventory.ts";
import { InventoryFileError, readInventoryDir } from "../../inventory/csv-files.ts";
import { clientOf } from "../context.ts";
import { CliError, printTable } from "../output.ts";

/** `mogura inventory import|list`: the provider's teams, customers, services, netblocks, domains. */
export function inventoryCommand(program: Command) {
  const cmd = program.command("inventory").description("the provider's own assets");

  cmd
    .command("import")
    .description(
      "upsert the CSV files of a directory (teams, customers, services, netblocks, domains)",
    )
    .requiredOption(
      "--dir <dir>",
      "directory holding teams.csv, customers.csv, services.csv, netblocks.csv, domains.csv",
    )
    .option("--json", "print the server's answer as JSON")
    .action(async (opts: { dir: string; json?: boolean }, sub: Command) => {
      let read: ReturnType<typeof readInventoryDir>;
      try {
        read = readInventoryDir(opts.dir);
      } catch (e) {
        if (e instanceof InventoryFileError) throw new CliError(e.message);
        throw e;
      }
      const result = await clientOf(sub).request<ImportResult>(
        "POST",
        "/api/v1/inventory/import",
        read.batch,
      );
      if (opts.json) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        printTable(
          (["teams", "customers", "services", "netblocks", "domains"] as const).map((k) => ({
            kind: k,
            ...result[k],
          })),
          ["kind", "created", "updated", "unchanged", "rejected"],
        );
        if (result.closed > 0)
          console.log(`${result.closed} earlier assignment(s) ended where a new holder starts`);
        for (const r of result.rejections) {
          const where = r.file ? `${r.file}:${r.line ?? "?"}` : `${r.kind}[${r.index}]`;
          console.error(`${where}: ${r.key ? `${r.key}: ` : ""}${r.reason}`);
        }
      }
      // Rejected rows are the user's to fix: say so in the exit code, after the rest went in.
      if (result.rejections.length > 0) {
        throw new CliError(`${result.rejections.length} row(s) rejected; the rest went in`, 3);
      }
    });

  cmd
    .command("list")
    .description("list one kind of inventory object")
    .argument("<kind>", "teams, customers, services, netblocks or domains")
    .option("--ip <address>", "netblocks holding this address")
    .option("--current", "only assignments that hold now")
    .option("--limit <n>", "how many", "100")
    .action(
      async (
        kind: string,
        opts: { ip?: string; current?: boolean; limit: string },
        sub: Command,
      ) => {
        const cols: Record<string, string[]> = {
          teams: ["id", "name", "email", "company"],
          customers: ["id", "name", "email", "country", "verification"],
          services: ["id", "customer_id", "type", "plan", "team_id", "valid_from", "valid_to"],
          netblocks: [
            "id",
            "cidr",
            "service_id",
            "team_id",
            "shared",
            "valid_from",
            "valid_to",
            "note",
          ],
          domains: ["id", "domain", "service_id", "valid_from", "valid_to"],
        };
        const columns = cols[kind];
        if (!columns)
          throw new CliError(`unknown kind "${kind}": use ${Object.keys(cols).join(", ")}`, 2);
        const q = new URLSearchParams({ limit: opts.limit });
        if (opts.ip) q.set("ip", opts.ip);
        if (opts.current) q.set("current", "true");
        const { items } = await clientOf(sub).request<{ items: Record<string, unknown>[] }>(
          "GET",
          `/api/v1/inventory/${kind}?${q}`,
        );
        printTable(items, columns);
      },
    );
}
