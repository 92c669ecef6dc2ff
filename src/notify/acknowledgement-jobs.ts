import { simpleParser } from "mailparser";
import { z } from "zod";
import type { Config } from "../config/settings.ts";
import {
  recentAcknowledgementsTo,
  recordAcknowledgement,
  reportForAcknowledgement,
} from "../intake/report-store.ts";
import { defineJob, type JobDefinition } from "../jobs/queue.ts";
import type { Store } from "../store/database.ts";
import { acknowledgementMail, ackRefusal } from "./acknowledgement.ts";
import type { Mailer } from "./mailer.ts";
import { deliverMail, queueMail } from "./outbox.ts";

// A robot that answers every mail without saying so (no Auto-Submitted) gets a few replies, not a loop.
const ACKS_PER_SENDER_PER_HOUR = 5;

const AckJob = z.object({ reportId: z.uuid(), envelopeFrom: z.string() });

/**
 * The acknowledgement of a mailed report, through the outbox like every mail Mogura sends
 * (kept, retried, visible). The intake queues this job by name when a mail is accepted.
 */
export function acknowledgementJobs(deps: {
  store: Store;
  config: Config;
  mailer: Mailer;
}): JobDefinition[] {
  const { store, config, mailer } = deps;
  return [
    defineJob({
      name: "intake.acknowledge",
      payload: AckJob,
      retryLimit: 8,
      retryDelaySeconds: 30,
      handler: async ({ reportId, envelopeFrom }) => {
        const r = await reportForAcknowledgement(store, reportId);
        if (!r || r.meta.ack) return; // already answered (a retry after the send)
        const ours = [config.mail.from, ...config.smtp.recipients];
        const refusal =
          ackRefusal(envelopeFrom, r.raw, ours, config.intake.trackingPrefix) ??
          ((await recentAcknowledgementsTo(store, envelopeFrom)) >= ACKS_PER_SENDER_PER_HOUR
            ? `already ${ACKS_PER_SENDER_PER_HOUR} acknowledgements to this sender in the last hour`
            : null);
        if (refusal) {
          await recordAcknowledgement(store, reportId, { skipped: refusal });
          return;
        }
        const head = await simpleParser(Buffer.from(r.raw), {
          skipHtmlToText: true,
          skipTextToHtml: true,
        });
        const mail = acknowledgementMail({
          to: envelopeFrom,
          trackingNumber: r.tracking_number,
          originalSubject: head.subject,
          originalMessageId: head.messageId,
        });
        const threading: Record<string, string> = mail.inReplyTo
          ? { "In-Reply-To": mail.inReplyTo, References: mail.references ?? mail.inReplyTo }
          : {};
        // One acknowledgement per report, whatever happens between queuing and sending.
        const outboxId = await queueMail(store, config.mail.from, {
          kind: "acknowledgement",
          to: [mail.to],
          subject: mail.subject,
          text: mail.text,
          headers: { ...mail.headers, ...threading },
          reportId,
          dedupKey: `ack:${reportId}`,
        });
        const queuedAt = new Date().toISOString();
        // Sent at once, as the reporter expects; a failure is retried by the outbox's sweep.
        const delivery = outboxId === null ? null : await deliverMail(store, mailer, outboxId);
        await recordAcknowledgement(store, reportId, {
          to: envelopeFrom,
          outbox_id: outboxId,
          queued_at: queuedAt,
          ...(delivery?.outcome === "sent" ? { sent_at: new Date().toISOString() } : {}),
        });
      },
    }),
  ];
}
