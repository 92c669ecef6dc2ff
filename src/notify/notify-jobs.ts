import type { Logger } from "pino";
import { z } from "zod";
import { noticeRuleOf } from "../cases/policy.ts";
import { defineJob, type JobDefinition, type JobQueue } from "../jobs/queue.ts";
import type { Mailer } from "./mailer.ts";
import { lastBatchAt, type NotifyDeps, queueNotice, untoldCases } from "./notices.ts";
import { deliverMail, dueMail } from "./outbox.ts";
import { queueReporterUpdates } from "./reporter-updates.ts";

/** How old an untold case must be before the sweep takes it from the pipeline. */
const SWEEP_GRACE_SECONDS = 120;

const MINUTE = 60_000;

/** Notices and mail delivery: urgent at once, the rest batched per customer; replies to reporters. */
export function notifyJobs(deps: {
  notify: NotifyDeps;
  mailer: Mailer;
  jobs: () => JobQueue;
  log: Logger;
}): JobDefinition[] {
  const { notify, mailer, log } = deps;
  const policy = notify.policy.notifications;
  const deliver = async (outboxId: number | null) => {
    if (outboxId !== null) await deps.jobs().send("mail.deliver", { outboxId });
  };

  /** Sends the customer's batch now, or schedules it for when their interval has passed. */
  async function batch(customerId: string) {
    const cases = (await untoldCases(notify.store, { customerId })).filter(
      (c) => !policy.urgent_types.includes(c.classification_type as never),
    );
    const wanted = cases.filter((c) => ruleOf(c).notify);
    if (wanted.length === 0) return;
    const interval = Math.min(...wanted.map((c) => ruleOf(c).interval_minutes)) * MINUTE;
    const last = await lastBatchAt(notify.store, customerId);
    const wait = last ? last.getTime() + interval - Date.now() : 0;
    if (wait > 0) {
      await deps
        .jobs()
        .send("notify.batch", { customerId }, { startAfter: Math.ceil(wait / 1000) });
      return;
    }
    const r = await queueNotice(
      notify,
      customerId,
      wanted.map((c) => c.id),
      { batch: true },
    );
    if ("problem" in r) log.warn({ customerId, problem: r.problem }, "no notice sent");
    else await deliver(r.outboxId);
  }
  const ruleOf = (c: { customer_id: string; classification_type: string }) =>
    noticeRuleOf(notify.policy, c.customer_id, c.classification_type);

  /** Urgent cases get their own notice at once; the others wait for their customer's batch. */
  async function plan(reportId?: string) {
    // The sweep leaves the last two minutes' cases to the pipeline that is still on them.
    const cases = await untoldCases(
      notify.store,
      reportId ? { reportId } : { olderThanSeconds: SWEEP_GRACE_SECONDS },
    );
    const later = new Set<string>();
    for (const c of cases) {
      if (!ruleOf(c).notify) continue;
      if (policy.urgent_types.includes(c.classification_type as never)) {
        const r = await queueNotice(notify, c.customer_id, [c.id]);
        if ("problem" in r) log.warn({ caseId: c.id, problem: r.problem }, "no notice sent");
        else await deliver(r.outboxId);
      } else later.add(c.customer_id);
    }
    for (const customerId of later) {
      const interval = ruleOf({
        customer_id: customerId,
        classification_type: "",
      }).interval_minutes;
      const last = await lastBatchAt(notify.store, customerId);
      const wait = last ? last.getTime() + interval * MINUTE - Date.now() : interval * MINUTE;
      await deps
        .jobs()
        .send(
          "notify.batch",
          { customerId },
          wait > 0 ? { startAfter: Math.ceil(wait / 1000) } : {},
        );
    }
  }

  return [
    defineJob({
      name: "notify.plan",
      payload: z.object({ reportId: z.uuid() }),
      retryLimit: 3,
      retryDelaySeconds: 10,
      handler: ({ reportId }) => plan(reportId),
    }),
    defineJob({
      name: "notify.batch",
      payload: z.object({ customerId: z.string() }),
      retryLimit: 3,
      retryDelaySeconds: 30,
      handler: ({ customerId }) => batch(customerId),
    }),
    defineJob({
      name: "notify.sweep",
      payload: z.object({}),
      cron: "*/5 * * * *",
      retryLimit: 1,
      // Cases a crash left untold get their notice (urgent) or their batch scheduled.
      handler: () => plan(),
    }),
    defineJob({
      name: "notify.reporters",
      payload: z.object({ caseId: z.number().int(), outcome: z.enum(["resolved", "rejected"]) }),
      retryLimit: 3,
      retryDelaySeconds: 10,
      handler: async ({ caseId, outcome }) => {
        const ids = await notify.store.transaction(async (tx) => {
          const n = await queueReporterUpdates(tx, notify, caseId, outcome);
          return n > 0 ? await dueMail(tx) : [];
        });
        for (const id of ids) await deliver(id);
      },
    }),
    defineJob({
      name: "mail.deliver",
      payload: z.object({ outboxId: z.number().int() }),
      retryLimit: 1,
      concurrency: 2,
      handler: async ({ outboxId }) => {
        const r = await deliverMail(notify.store, mailer, outboxId, notify.tokenKey);
        if (r.outcome === "retry")
          log.warn({ outboxId, error: r.error }, "mail not sent, will retry");
        if (r.outcome === "failed") log.error({ outboxId, error: r.error }, "mail given up");
      },
    }),
    defineJob({
      name: "mail.flush",
      payload: z.object({}),
      cron: "* * * * *",
      retryLimit: 1,
      // Mail waiting for its next try, or left half-sent by a process that died.
      handler: async () => {
        for (const id of await dueMail(notify.store))
          await deliverMail(notify.store, mailer, id, notify.tokenKey);
      },
    }),
  ];
}
