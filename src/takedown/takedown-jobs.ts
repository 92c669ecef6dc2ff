import type { Logger } from "pino";
import { z } from "zod";
import { defineJob, type JobDefinition } from "../jobs/queue.ts";
import { overdueRequests } from "./request-store.ts";
import { escalateRequest, moveByHand, sendRequest, type TakedownDeps } from "./takedown-service.ts";

/**
 * Chases requests whose deadline passed without an answer that moved them: each becomes
 * `unanswered` and is escalated to the next in the chain; the escalation goes out at once when
 * `autoSend` and its recipient takes mail (a web form waits for the desk). Returns what it did.
 */
export async function chaseOverdue(
  deps: TakedownDeps,
  opts: { autoSend: boolean; now?: Date },
): Promise<{ unanswered: number[]; escalated: number[]; sent: number[]; problems: string[] }> {
  const done = {
    unanswered: [] as number[],
    escalated: [] as number[],
    sent: [] as number[],
    problems: [] as string[],
  };
  for (const r of await overdueRequests(deps.notify.store.db, opts.now)) {
    try {
      await moveByHand(deps, r.id, "unanswered", "system", `no answer by ${r.deadline_at}`);
      done.unanswered.push(r.id);
      const next = await escalateRequest(deps, r.id, "system");
      done.problems.push(...next.problems.map((p) => `request ${r.id}: ${p}`));
      for (const drafted of next.requests) {
        done.escalated.push(drafted.id);
        if (opts.autoSend && drafted.channel === "email") {
          await sendRequest(deps, drafted.id, "system");
          done.sent.push(drafted.id);
        }
      }
    } catch (e) {
      // One request that cannot move (changed meanwhile) must not stop the others.
      done.problems.push(`request ${r.id}: ${(e as Error).message}`);
    }
  }
  return done;
}

/** The takedown desk's jobs: chasing overdue requests every ten minutes. */
export function takedownJobs(deps: {
  takedown: TakedownDeps;
  autoEscalate: boolean;
  log: Logger;
}): JobDefinition[] {
  return [
    defineJob({
      name: "takedown.chase",
      payload: z.object({}),
      cron: "*/10 * * * *",
      retryLimit: 1,
      handler: async () => {
        const r = await chaseOverdue(deps.takedown, { autoSend: deps.autoEscalate });
        if (r.unanswered.length > 0 || r.problems.length > 0)
          deps.log.info(r, "takedown requests chased");
      },
    }),
  ];
}
