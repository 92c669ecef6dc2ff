import type { Logger } from "pino";
import { z } from "zod";
import { reportsWithUnroutedEvents } from "../intake/event-store.ts";
import { defineJob, type JobDefinition, type JobQueue } from "../jobs/queue.ts";
import type { InventoryResolver } from "../resolve/resolver.ts";
import type { Store } from "../store/database.ts";
import type { CasePolicy } from "./policy.ts";
import { closeResolvedCases, routeReport } from "./router.ts";

/** The case engine's background jobs: routing events to cases, and the timed transitions. */
export function caseJobs(deps: {
  store: Store;
  policy: CasePolicy;
  resolver: InventoryResolver;
  jobs: () => JobQueue;
  log: Logger;
  /** What follows a routed report (planning its evidence). */
  onRouted?: (reportId: string) => Promise<unknown>;
}): JobDefinition[] {
  const { store, policy, resolver, log } = deps;
  return [
    defineJob({
      name: "cases.route",
      payload: z.object({ reportId: z.uuid() }),
      retryLimit: 5,
      retryDelaySeconds: 10,
      concurrency: 2,
      handler: async ({ reportId }) => {
        const outcome = await routeReport({ store, policy, resolver }, reportId);
        log.info({ reportId, ...outcome }, "events routed to cases");
        await deps.onRouted?.(reportId);
      },
    }),
    defineJob({
      name: "cases.route-pending",
      payload: z.object({}),
      cron: "*/5 * * * *",
      retryLimit: 1,
      // Events left without a case by a crash between parsing and routing.
      handler: async () => {
        for (const reportId of await reportsWithUnroutedEvents(store))
          await deps.jobs().send("cases.route", { reportId });
      },
    }),
    defineJob({
      name: "cases.close-resolved",
      payload: z.object({}),
      cron: "23 * * * *",
      retryLimit: 1,
      handler: async () => {
        const closed = await closeResolvedCases(store, policy);
        if (closed > 0) log.info({ closed }, "resolved cases closed after the reopen window");
      },
    }),
  ];
}
