import { Command, CommanderError } from "commander";
import { ClientError } from "../client/client-error.ts";
import { apiKeyCommand } from "./commands/apikey.ts";
import { auditCommand } from "./commands/audit.ts";
import { casesCommand } from "./commands/cases.ts";
import { contactsCommand } from "./commands/contacts.ts";
import { demoCommand } from "./commands/demo.ts";
import { doctorCommand } from "./commands/doctor.ts";
import { evidenceCommand } from "./commands/evidence.ts";
import { ingestCommand } from "./commands/ingest.ts";
import { inventoryCommand } from "./commands/inventory.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { noticesCommand } from "./commands/notices.ts";
import { quarantineCommand } from "./commands/quarantine.ts";
import { serveCommand } from "./commands/serve.ts";
import { statsCommand } from "./commands/stats.ts";
import { takedownCommand } from "./commands/takedown.ts";
import { userCommand } from "./commands/user.ts";
import { watchCommand } from "./commands/watch.ts";
import { workerCommand } from "./commands/worker.ts";

/** The `mogura` command line. */
export function buildCli(): Command {
  const program = new Command("mogura")
    .description("Mogura: abuse handling and takedown coordination")
    .option("--config <file>", "YAML configuration file (environment variables override it)")
    .option("--url <url>", "server to talk to (default MOGURA_URL or http://127.0.0.1:8080)")
    .option("--api-key <key>", "API key (default MOGURA_API_KEY)")
    .showHelpAfterError()
    .exitOverride();
  serveCommand(program);
  workerCommand(program);
  migrateCommand(program);
  doctorCommand(program);
  apiKeyCommand(program);
  userCommand(program);
  auditCommand(program);
  ingestCommand(program);
  quarantineCommand(program);
  inventoryCommand(program);
  casesCommand(program);
  statsCommand(program);
  evidenceCommand(program);
  noticesCommand(program);
  contactsCommand(program);
  takedownCommand(program);
  watchCommand(program);
  demoCommand(program);
  return program;
}

/** Runs the CLI; errors meant for the user become one line on stderr and an exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof ClientError) {
      process.stderr.write(`mogura: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
