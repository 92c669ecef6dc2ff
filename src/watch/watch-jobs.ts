import type { Logger } from "pino";
import { z } from "zod";
import { defineJob, type JobDefinition } from "../jobs/queue.ts";
import { planWatches } from "./watch-plan.ts";
import { checkDue, type WatchDeps } from "./watcher.ts";

// A tick runs until nothing is due or this long has passed, so that ticks do not pile up
// behind each other when the list is long (the next tick goes on where this one stopped).
const TICK_BUDGET_MS = 50_000;
const BATCH = 500;

/** Watch jobs: the URLs of a routed report watched, and due checks every minute. */
export function watchJobs(deps: {
  watch: WatchDeps;
  enabled: boolean;
  log: Logger;
}): JobDefinition[] {
  return [
    defineJob({
      name: "watch.plan",
      payload: z.object({ reportId: z.uuid() }),
      retryLimit: 3,
      retryDelaySeconds: 10,
      handler: async ({ reportId }) => {
        if (deps.enabled) await planWatches(deps.watch.store, reportId, deps.watch.intervalSeconds);
      },
    }),
    defineJob({
      name: "watch.tick",
      payload: z.object({}),
      cron: "* * * * *",
      retryLimit: 0,
      handler: async () => {
        if (!deps.enabled) return;
        const started = Date.now();
        let checked = 0;
        for (;;) {
          const n = await checkDue(deps.watch, BATCH);
          checked += n;
          if (n < BATCH || Date.now() - started > TICK_BUDGET_MS) break;
        }
        if (checked > 0) deps.log.debug({ checked }, "watched sites checked");
      },
    }),
  ];
}
