import type { Command } from "commander";
import { StoreError } from "../../store/database.ts";
import { migrate, migrationStatus } from "../../store/migrate.ts";
import { configOf, openStoreFor } from "../context.ts";
import { CliError } from "../output.ts";

/** `mogura migrate`: applies pending schema migrations (the server also does it at start). */
export function migrateCommand(program: Command) {
  program
    .command("migrate")
    .description(
      "apply pending database migrations (refused while a server holds the embedded database)",
    )
    .option("--status", "only show applied and pending migrations")
    .action(async (opts: { status?: boolean }, cmd: Command) => {
      const store = await openStoreFor(configOf(cmd));
      try {
        if (opts.status) {
          const s = await migrationStatus(store);
          console.log(
            `${store.location}: ${s.applied} applied, ${s.pending.length} pending${s.pending.length ? `: ${s.pending.join(", ")}` : ""}`,
          );
          return;
        }
        const { applied } = await migrate(store);
        console.log(
          applied.length ? `applied ${applied.join(", ")}` : "the database is up to date",
        );
      } catch (e) {
        if (e instanceof StoreError) throw new CliError(e.message);
        throw e;
      } finally {
        await store.close();
      }
    });
}
