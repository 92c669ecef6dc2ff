import type { Logger } from "pino";
import { caseJobs } from "../cases/case-jobs.ts";
import { type CaseEngine, startCaseEngine } from "../cases/engine.ts";
import { type CasePolicy, loadPolicy, PolicyError } from "../cases/policy.ts";
import type { Config } from "../config/settings.ts";
import { type EvidenceEngine, startEvidence } from "../evidence/engine.ts";
import { evidenceJobs } from "../evidence/evidence-jobs.ts";
import { Intake, intakeJobs } from "../intake/intake.ts";
import { platformJobs } from "../jobs/catalog.ts";
import type { JobDefinition, JobQueue } from "../jobs/queue.ts";
import type { Mailer } from "../notify/mailer.ts";
import type { Store } from "../store/database.ts";

/** A problem the operator must fix; `message` is one line saying what and how. */
export class StartError extends Error {
  override name = "StartError";
}

/** Intake, cases and evidence, wired one after the other, and every background job. */
export interface Services {
  intake: Intake;
  cases: CaseEngine;
  evidence: EvidenceEngine;
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
  const evidence = await startEvidence(store, config, policy, logger.child({ part: "evidence" }));
  const cases = startCaseEngine(store, config, policy, evidence.ledger);
  const jobs = [
    ...platformJobs(store.db),
    ...intakeJobs({
      store,
      config,
      mailer,
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
      onRouted: (reportId) => queue.send("evidence.plan", { reportId }),
    }),
    ...evidenceJobs({ evidence: evidence.deps, config, jobs: () => queue }),
  ];
  return { intake, cases, evidence, jobs };
}
