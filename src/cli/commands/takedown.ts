import type { Command } from "commander";
import type { TakedownRequest } from "../../takedown/request-types.ts";
import { clientOf } from "../context.ts";
import { printTable } from "../output.ts";

type Drafted = { requests: TakedownRequest[]; problems: string[] };

const row = (r: TakedownRequest) => ({
  id: r.id,
  case: r.case_id,
  state: r.state,
  role: r.role,
  to: r.recipient.email ?? r.recipient.web_form ?? "",
  organisation: r.recipient.organisation ?? "",
  format: r.format,
  lang: r.language,
  deadline: r.deadline_at?.slice(0, 16) ?? "",
  resources: r.resources.length,
});
const COLUMNS = [
  "id",
  "case",
  "state",
  "role",
  "to",
  "organisation",
  "format",
  "lang",
  "deadline",
  "resources",
];

function printDrafted(d: Drafted): void {
  if (d.requests.length > 0) printTable(d.requests.map(row), COLUMNS);
  else console.log("No request drafted.");
  for (const p of d.problems) console.log(`  not drafted: ${p}`);
}

/** `mogura takedown`: ask other providers to act on a case that is not ours, and follow up. */
export function takedownCommand(program: Command) {
  const cmd = program
    .command("takedown")
    .description("takedown requests to other providers, registrars and registries");
  cmd
    .command("draft <case>")
    .description(
      "draft requests to the recipients of the case type's playbook (contacts looked up now)",
    )
    .option("--role <roles>", "comma-separated: platform,host,registrar,registry,dns,cert")
    .option(
      "--format <format>",
      "xarf, mail or both (default: the recipient's preference, else both)",
    )
    .option("--deadline-hours <n>", "hours until the request counts as unanswered")
    .action(
      async (
        caseId: string,
        opts: { role?: string; format?: string; deadlineHours?: string },
        sub: Command,
      ) => {
        const body = {
          ...(opts.role ? { roles: opts.role.split(",").map((s) => s.trim()) } : {}),
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.deadlineHours ? { deadline_hours: Number(opts.deadlineHours) } : {}),
        };
        printDrafted(
          await clientOf(sub).request<Drafted>(
            "POST",
            `/api/v1/cases/${encodeURIComponent(caseId)}/takedown-requests`,
            body,
          ),
        );
      },
    );
  cmd
    .command("list")
    .description("requests, newest first")
    .option("--case <id>", "the requests of one case")
    .option("--state <states>", "comma-separated states, e.g. sent,acknowledged")
    .option("--json", "print as JSON")
    .action(async (opts: { case?: string; state?: string; json?: boolean }, sub: Command) => {
      const client = clientOf(sub);
      const { requests } = opts.case
        ? await client.request<{ requests: TakedownRequest[] }>(
            "GET",
            `/api/v1/cases/${encodeURIComponent(opts.case)}/takedown-requests`,
          )
        : await client.request<{ requests: TakedownRequest[] }>(
            "GET",
            `/api/v1/takedown-requests${opts.state ? `?state=${encodeURIComponent(opts.state)}` : ""}`,
          );
      if (opts.json) console.log(JSON.stringify(requests, null, 2));
      else printTable(requests.map(row), COLUMNS);
    });
  cmd
    .command("show <id>")
    .description("one request: the mail as sent, the XARF report, the replies")
    .action(async (id: string, _opts: unknown, sub: Command) => {
      const r = await clientOf(sub).request<TakedownRequest>(
        "GET",
        `/api/v1/takedown-requests/${encodeURIComponent(id)}`,
      );
      console.log(`#${r.id} case ${r.case_id}: ${r.state} (${r.role}, ${r.format}, ${r.language})`);
      console.log(
        `to ${r.recipient.email ?? r.recipient.web_form ?? "?"} ${r.recipient.organisation ?? ""} [${r.recipient.source}]`,
      );
      console.log(
        `deadline ${r.deadline_at ?? "-"}  sent ${r.sent_at ?? "-"}  acknowledged ${r.acknowledged_at ?? "-"}  down ${r.down_at ?? "-"}`,
      );
      console.log(`\nSubject: ${r.subject}\n\n${r.body}`);
      if (r.xarf) console.log(`XARF:\n${JSON.stringify(r.xarf, null, 2)}\n`);
      for (const reply of r.replies ?? []) {
        console.log(
          `--- reply ${reply.received_at} from ${reply.sender ?? "?"}: ${reply.subject ?? ""}\n${reply.body}\n`,
        );
      }
    });
  cmd
    .command("send <id>")
    .description("send a draft (by mail; a web-form recipient: record that the desk submitted it)")
    .action(async (id: string, _opts: unknown, sub: Command) => {
      const r = await clientOf(sub).request<TakedownRequest>(
        "POST",
        `/api/v1/takedown-requests/${encodeURIComponent(id)}/send`,
      );
      console.log(`#${r.id} ${r.state}${r.outbox_id ? ` (outbox ${r.outbox_id})` : " (web form)"}`);
    });
  cmd
    .command("mark <id> <state>")
    .description(
      "record what happened: acknowledged, acted, resource_down, refused, unanswered, closed",
    )
    .option("--note <text>", "what was said or seen")
    .action(async (id: string, state: string, opts: { note?: string }, sub: Command) => {
      const r = await clientOf(sub).request<TakedownRequest>(
        "POST",
        `/api/v1/takedown-requests/${encodeURIComponent(id)}/state`,
        { state, ...(opts.note ? { note: opts.note } : {}) },
      );
      console.log(`#${r.id} ${r.state}`);
    });
  cmd
    .command("escalate <id>")
    .description("draft the next step of the chain (host → registrar → registry → national CERT)")
    .action(async (id: string, _opts: unknown, sub: Command) => {
      printDrafted(
        await clientOf(sub).request<Drafted>(
          "POST",
          `/api/v1/takedown-requests/${encodeURIComponent(id)}/escalate`,
        ),
      );
    });
}
