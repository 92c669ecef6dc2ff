import { join } from "node:path";
import type { Logger } from "pino";
import { caseJobs } from "../cases/case-jobs.ts";
import { type CaseEngine, startCaseEngine } from "../cases/engine.ts";
import { type CasePolicy, loadPolicy, PolicyError } from "../cases/policy.ts";
import type { Config } from "../config/settings.ts";
import { contactJobs } from "../contacts/contact-jobs.ts";
import { type ContactsEngine, startContacts } from "../contacts/engine.ts";
import { type EvidenceEngine, EvidenceSetupError, startEvidence } from "../evidence/engine.ts";
import { evidenceJobs } from "../evidence/evidence-jobs.ts";
import { Intake, intakeJobs } from "../intake/intake.ts";
import type { ReplyHandler } from "../intake/smtp-intake.ts";
import { platformJobs } from "../jobs/catalog.ts";
import type { JobDefinition, JobQueue } from "../jobs/queue.ts";
import { acknowledgementJobs } from "../notify/acknowledgement-jobs.ts";
import type { Mailer } from "../notify/mailer.ts";
import type { NotifyDeps } from "../notify/notices.ts";
import { notifyJobs } from "../notify/notify-jobs.ts";
import { acceptMailReply } from "../notify/replies.ts";
import { revokeReplyTokens } from "../notify/reply-tokens.ts";
import { loadTemplates, TemplateError, type TemplateSet } from "../notify/templates.ts";
import { loadOrCreateTokenKey } from "../notify/token-key.ts";
import type { Store } from "../store/database.ts";
import { takedownJobs } from "../takedown/takedown-jobs.ts";
import { acceptTakedownReply, type TakedownDeps } from "../takedown/takedown-service.ts";
import { watchJobs } from "../watch/watch-jobs.ts";

/** A problem the operator must fix; `message` is one line saying what and how. */
export class StartError extends Error {
  override name = "StartError";
}

/** Intake, cases and evidence, wired one after the other, and every background job. */
export interface Services {
  intake: Intake;
  cases: CaseEngine;
  evidence: EvidenceEngine;
  notify: NotifyDeps;
  contacts: ContactsEngine;
  takedown: TakedownDeps;
  /** Mail to a notice's or a takedown request's reply address, for the SMTP intake. */
  replies: ReplyHandler;
  jobs: JobDefinition[];
}

/**
 * Builds the pipeline a server and a worker share: intake → cases → evidence, each
 * stage's job queuing the next. A bad policy file is a StartError.
 */
export async function startServices(
  store: Store,
  config: Config,
  logger: Logger,
  queue: JobQueue,
  mailer: Mailer,
): Promise<Services> {
  let policy: CasePolicy;
  try {
    policy = loadPolicy(config.cases.policyFile);
  } catch (e) {
    if (e instanceof PolicyError) throw new StartError(`MOGURA_POLICY_FILE: ${e.message}`);
    throw e;
  }
  const intake = new Intake(store, queue, config);
  let evidence: EvidenceEngine;
  try {
    evidence = await startEvidence(store, config, policy, logger.child({ part: "evidence" }));
  } catch (e) {
    if (e instanceof EvidenceSetupError) throw new StartError(e.message);
    throw e;
  }
  const cases = startCaseEngine(store, config, policy, evidence.ledger);
  let contacts: ContactsEngine;
  try {
    contacts = startContacts(store, config);
  } catch (e) {
    throw new StartError(`MOGURA_PLATFORMS_FILE: ${(e as Error).message}`);
  }
  let templates: TemplateSet;
  try {
    templates = loadTemplates(config.notify.templateDir);
  } catch (e) {
    if (e instanceof TemplateError) throw new StartError(`notice templates: ${e.message}`);
    throw e;
  }
  const notify: NotifyDeps = {
    store,
    templates,
    policy,
    from: config.mail.from,
    providerName: /^\s*"?([^"<]+?)"?\s*</.exec(config.mail.from)?.[1] ?? "Abuse desk",
    publicUrl: config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`,
    tokenKey: loadOrCreateTokenKey(
      config.notify.tokenKeyFile ?? join(config.dataDir, "keys", "reply-token.key"),
    ),
  };
  cases.service.afterTransition.push(async (caseId, to) => {
    if (to === "resolved" || to === "rejected")
      await queue.send("notify.reporters", { caseId, outcome: to });
    if (to === "closed" || to === "rejected") await revokeReplyTokens(store, caseId);
  });
  const jobs = [
    ...platformJobs(store.db),
    ...intakeJobs({
      store,
      config,
      log: logger.child({ part: "intake" }),
      intake: () => intake,
      onProcessed: (reportId) => queue.send("cases.route", { reportId }),
    }),
    ...caseJobs({
      store,
      policy,
      resolver: cases.resolver,
      jobs: () => queue,
      log: logger.child({ part: "cases" }),
      // Evidence first: a notice lists the attachments the reporter allowed to be shown.
      onRouted: async (reportId) => {
        await queue.send("evidence.plan", { reportId });
        await queue.send("watch.plan", { reportId });
      },
    }),
    ...notifyJobs({ notify, mailer, jobs: () => queue, log: logger.child({ part: "notify" }) }),
    ...acknowledgementJobs({ store, config, mailer }),
    ...contactJobs({ contacts, config, log: logger.child({ part: "contacts" }) }),
    ...evidenceJobs({
      evidence: evidence.deps,
      config,
      jobs: () => queue,
      onPlanned: (reportId) => queue.send("notify.plan", { reportId }),
    }),
  ];
  const takedown: TakedownDeps = {
    notify,
    contacts,
    blobs: evidence.deps.blobs,
    deliver: (outboxId) => queue.send("mail.deliver", { outboxId }),
  };
  jobs.push(
    ...takedownJobs({
      takedown,
      autoEscalate: config.takedown.autoEscalate,
      log: logger.child({ part: "takedown" }),
    }),
  );
  jobs.push(
    ...watchJobs({
      watch: {
        store,
        fetchPolicy: evidence.deps.fetchPolicy,
        intervalSeconds: config.watch.intervalSeconds,
        concurrency: config.watch.concurrency,
        log: logger.child({ part: "watch" }),
      },
      enabled: config.watch.enabled,
      log: logger.child({ part: "watch" }),
    }),
  );
  const replies: ReplyHandler = async (token, raw, from) => {
    const answer = await acceptTakedownReply(takedown, token, raw, from);
    if (answer) return { caseIds: answer.caseIds };
    const t = await acceptMailReply(store, token, raw, from);
    return t ? { caseIds: t.caseIds } : null;
  };
  return { intake, cases, evidence, notify, contacts, takedown, replies, jobs };
}
