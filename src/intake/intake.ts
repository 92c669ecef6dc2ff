import type { Logger } from "pino";
import { z } from "zod";
import type { Config } from "../config/settings.ts";
import { defineJob, type JobDefinition, type JobQueue } from "../jobs/queue.ts";
import type { Store } from "../store/database.ts";
import { processReport, setAsideReport } from "./process-report.ts";
import {
  type Accepted,
  type AcceptInput,
  acceptReport,
  acceptReportStream,
  queuedReportIds,
  sweepAbandonedUploads,
} from "./report-store.ts";

const ReportJob = z.object({ reportId: z.uuid() });

/**
 * The intake pipeline every channel shares: keep the bytes and give a tracking number
 * (synchronously), then parse and store events in a background job. Reports left queued
 * by a crash are picked up again by a periodic recovery job.
 */
export class Intake {
  constructor(
    private readonly store: Store,
    private readonly jobs: JobQueue,
    private readonly config: Config,
  ) {}

  /** Accepts a report from any channel; a repeat returns the first one. */
  async submit(input: AcceptInput, opts: { acknowledgeTo?: string } = {}): Promise<Accepted> {
    const accepted = await acceptReport(this.store, this.config.intake.trackingPrefix, input);
    const { report, duplicate } = accepted;
    // A repeat of a report whose jobs were never queued (a crash between the two) queues them now.
    if (!duplicate || report.status === "queued") await this.enqueue(report.id);
    if (opts.acknowledgeTo !== undefined && (!duplicate || !report.meta.ack)) {
      await this.jobs.send("intake.acknowledge", {
        reportId: report.id,
        envelopeFrom: opts.acknowledgeTo,
      });
    }
    return accepted;
  }

  /** Accepts a feed streamed in chunks (larger than memory). */
  async submitStream(input: Parameters<typeof acceptReportStream>[2]): Promise<Accepted> {
    const accepted = await acceptReportStream(this.store, this.config.intake.trackingPrefix, input);
    if (!accepted.duplicate) await this.enqueue(accepted.report.id);
    return accepted;
  }

  /**
   * Queues again the reports still waiting (after a crash, their job may be stuck with the
   * dead process until it expires). Returns how many.
   */
  async recover(olderThanSeconds: number): Promise<number> {
    const ids = await queuedReportIds(this.store, olderThanSeconds);
    for (const id of ids) await this.enqueue(id);
    return ids.length;
  }

  /** Queues a report for parsing. Queuing twice is harmless: processing checks the report is still queued. */
  enqueue(reportId: string): Promise<string> {
    return this.jobs.send("intake.process", { reportId });
  }
}

/** The intake's background jobs. */
export function intakeJobs(deps: {
  store: Store;
  config: Config;
  log: Logger;
  intake: () => Intake;
  /** What follows a report whose events are stored (routing them to cases). */
  onProcessed?: (reportId: string) => Promise<unknown>;
}): JobDefinition[] {
  const { store, config, log } = deps;
  return [
    defineJob({
      name: "intake.process",
      payload: ReportJob,
      retryLimit: 5,
      retryDelaySeconds: 10,
      concurrency: 2,
      handler: async ({ reportId }) => {
        const outcome = await processReport(store, reportId, {
          dedupWindowHours: config.intake.dedupWindowHours,
          maxEventsPerReport: config.intake.maxEventsPerReport,
          maxAttachments: config.intake.maxAttachments,
          maxLineLength: config.intake.maxLineLength,
          maxUnpackedBytes: config.intake.maxFeedBytes,
        });
        log.info({ reportId, ...outcome }, "report processed");
        if (outcome.status === "processed") await deps.onProcessed?.(reportId);
      },
      onSetAside: ({ reportId }, reason) => setAsideReport(store, reportId, reason),
    }),
    defineJob({
      name: "intake.recover",
      payload: z.object({}),
      cron: "*/5 * * * *",
      retryLimit: 1,
      handler: async () => {
        await deps.intake().recover(120);
        // Uploads cut short by a crash: a client still sending after an hour is not coming back.
        await sweepAbandonedUploads(store, 3600);
      },
    }),
  ];
}
