import type { Command } from "commander";
import type { Watch } from "../../watch/watch-store.ts";
import { clientOf } from "../context.ts";
import { printTable } from "../output.ts";

const row = (w: Watch) => ({
  case: w.case_id,
  state: w.state,
  url: w.url,
  last_up: w.last_up_at?.slice(0, 16) ?? "",
  down_since: w.first_down_at?.slice(0, 16) ?? "",
  last: w.last_reason ?? "",
  checks: w.checks,
});
const COLUMNS = ["case", "state", "url", "last_up", "down_since", "last", "checks"];

/** `mogura watch`: the reported sites being re-checked, and whether they are still up. */
export function watchCommand(program: Command) {
  const cmd = program.command("watch").description("reported sites re-checked: up, down, back");
  cmd
    .command("list")
    .description("watched URLs, most recently checked first")
    .option("--case <id>", "the URLs of one case")
    .option("--state <state>", "unknown, up, down_unconfirmed or down")
    .option("--json", "print as JSON")
    .action(async (opts: { case?: string; state?: string; json?: boolean }, sub: Command) => {
      const client = clientOf(sub);
      const path = opts.case
        ? `/api/v1/cases/${encodeURIComponent(opts.case)}/watch`
        : `/api/v1/watch${opts.state ? `?state=${encodeURIComponent(opts.state)}` : ""}`;
      const { watches } = await client.request<{ watches: Watch[] }>("GET", path);
      if (opts.json) console.log(JSON.stringify(watches, null, 2));
      else printTable(watches.map(row), COLUMNS);
    });
  cmd
    .command("add <case> <url>")
    .description("watch another URL of a case")
    .action(async (caseId: string, url: string, _opts: unknown, sub: Command) => {
      const { watches } = await clientOf(sub).request<{ watches: Watch[] }>(
        "POST",
        `/api/v1/cases/${encodeURIComponent(caseId)}/watch`,
        { url },
      );
      printTable(watches.map(row), COLUMNS);
    });
}
