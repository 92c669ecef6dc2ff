import { z } from "zod";
import type { Config } from "../config/settings.ts";
import { defineJob, type JobDefinition, type JobQueue } from "../jobs/queue.ts";
import { type EvidenceDeps, planReportEvidence, runCapture } from "./capture.ts";
import { publishHead } from "./ledger-witness.ts";
import { purgeExpiredEvidence } from "./retention.ts";

/** Evidence jobs: plan a routed report's captures, run each capture, purge after retention. */
export function evidenceJobs(deps: {
  evidence: EvidenceDeps;
  config: Config;
  jobs: () => JobQueue;
  /** What follows once a report's evidence is planned (its notices, which list it). */
  onPlanned?: (reportId: string) => Promise<unknown>;
}): JobDefinition[] {
  const { evidence, config } = deps;
  return [
    defineJob({
      name: "evidence.plan",
      payload: z.object({ reportId: z.uuid() }),
      retryLimit: 3,
      retryDelaySeconds: 10,
      handler: async ({ reportId }) => {
        const ids = await planReportEvidence(evidence, reportId);
        for (const captureId of ids) await deps.jobs().send("evidence.capture", { captureId });
        await deps.onPlanned?.(reportId);
      },
    }),
    defineJob({
      name: "evidence.capture",
      payload: z.object({ captureId: z.number().int() }),
      retryLimit: 2,
      retryDelaySeconds: 30,
      // Captures wait on slow servers; they have their own queue and never hold up intake.
      concurrency: config.evidence.concurrency,
      handler: async ({ captureId }) => runCapture(evidence, captureId),
    }),
    defineJob({
      name: "evidence.witness",
      payload: z.object({}),
      cron: "*/5 * * * *",
      retryLimit: 1,
      handler: async () => {
        if (config.evidence.witnessFile)
          await publishHead(evidence.store, evidence.signer, config.evidence.witnessFile);
      },
    }),
    defineJob({
      name: "evidence.purge",
      payload: z.object({}),
      cron: "41 3 * * *",
      retryLimit: 1,
      handler: async () => {
        const purged = await purgeExpiredEvidence(evidence, config.evidence.retentionDays);
        if (purged > 0) evidence.log.info({ purged }, "evidence blobs purged after retention");
      },
    }),
  ];
}
