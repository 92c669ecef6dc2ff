import type { Command } from "commander";
import type { CaseSummary, TimelineEntry } from "../../domain/case.ts";
import { clientOf } from "../context.ts";
import { printTable } from "../output.ts";

const FILTERS = [
  "state",
  "type",
  "team",
  "customer",
  "service",
  "assignee",
  "ownership",
  "breach",
  "resource",
  "q",
  "sort",
] as const;

function deadline(c: CaseSummary): string {
  if (!c.sla.next_deadline) return c.sla.paused ? "paused" : "-";
  const hours = (Date.parse(c.sla.next_deadline) - Date.now()) / 3_600_000;
  return hours < 0 ? `${(-hours).toFixed(1)}h over` : `in ${hours.toFixed(1)}h`;
}

/** `mogura cases list|show`: the case queue and one case, through the API. */
export function casesCommand(program: Command) {
  const cmd = program.command("cases").description("cases: the queue and one case's timeline");

  const list = cmd
    .command("list")
    .description("list cases, nearest deadline first")
    .option("--limit <n>", "how many", "50")
    .option("--json", "print the answer as JSON");
  for (const f of FILTERS) list.option(`--${f} <value>`, `filter: ${f}`);
  list.action(async (opts: Record<string, string | boolean | undefined>, sub: Command) => {
    const q = new URLSearchParams({ limit: String(opts.limit) });
    for (const f of FILTERS) if (typeof opts[f] === "string") q.set(f, opts[f] as string);
    const page = await clientOf(sub).request<{ items: CaseSummary[]; next_cursor: string | null }>(
      "GET",
      `/api/v1/cases?${q}`,
    );
    if (opts.json) return console.log(JSON.stringify(page, null, 2));
    printTable(
      page.items.map((c) => ({
        ...c,
        deadline: deadline(c),
        breach: c.sla.first_action_breached || c.sla.resolution_breached ? "yes" : "",
        reemerged: c.reemerged ? "yes" : "",
      })),
      [
        "id",
        "state",
        "type",
        "resource",
        "service_id",
        "customer_id",
        "team_id",
        "event_count",
        "deadline",
        "breach",
        "misuse_type",
        "reemerged",
      ],
    );
  });

  cmd
    .command("show")
    .description("one case: its owner, SLA, suggestions, timeline and events")
    .argument("<id>")
    .option("--json", "print the answer as JSON")
    .action(async (id: string, opts: { json?: boolean }, sub: Command) => {
      const c = await clientOf(sub).request<
        CaseSummary & {
          timeline: TimelineEntry[];
          events: { id: number; type: string; first_seen: string; data: Record<string, unknown> }[];
          allowed_actions: { action: string }[];
        }
      >("GET", `/api/v1/cases/${encodeURIComponent(id)}`);
      if (opts.json) return console.log(JSON.stringify(c, null, 2));
      const line = (k: string, v: unknown) => console.log(`${k.padEnd(18)} ${v ?? "-"}`);
      line("case", `${c.id} (${c.state}${c.reemerged ? ", re-emerged" : ""})`);
      line("type", `${c.type} (${c.taxonomy})`);
      line("resource", c.resource);
      line(
        "owner",
        `${c.ownership}${c.service_id ? `: service ${c.service_id} (${c.service_type}), customer ${c.customer_id}` : ""}`,
      );
      line("team", c.team_id);
      line("assignee", c.assignee);
      line("events", c.event_count);
      line(
        "first action due",
        `${c.sla.first_action_due}${c.sla.first_action_breached ? " (missed)" : ""}`,
      );
      line(
        "resolution due",
        `${c.sla.resolution_due}${c.sla.resolution_breached ? " (missed)" : ""}`,
      );
      line("misuse type", c.misuse_type);
      for (const s of c.misuse_suggestions) line("  suggested", `${s.misuse_type}: ${s.reason_en}`);
      line("allowed actions", c.allowed_actions.map((a) => a.action).join(", "));
      console.log("\ntimeline");
      for (const t of c.timeline)
        console.log(
          `  ${t.at}  ${t.kind.padEnd(10)} ${t.actor.padEnd(20)} ${JSON.stringify(t.detail)}`,
        );
      console.log("\nevents");
      printTable(
        c.events.map((e) => ({
          id: e.id,
          type: e.type,
          seen: e.first_seen,
          ip: e.data["source.ip"],
          host: e.data["source.fqdn"] ?? e.data["source.url"],
        })),
        ["id", "type", "seen", "ip", "host"],
      );
    });
}
