import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Registry } from "prom-client";
import type { CaseEngine } from "../cases/engine.ts";
import type { Config } from "../config/settings.ts";
import type { ContactsEngine } from "../contacts/engine.ts";
import type { EvidenceEngine } from "../evidence/engine.ts";
import type { Intake } from "../intake/intake.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { NotifyDeps } from "../notify/notices.ts";
import type { Store } from "../store/database.ts";
import type { TakedownDeps } from "../takedown/takedown-service.ts";

/** What route handlers may use. */
export interface AppContext {
  store: Store;
  config: Config;
  jobs: JobQueue | null;
  intake: Intake;
  cases: CaseEngine;
  evidence: EvidenceEngine;
  notify: NotifyDeps;
  contacts: ContactsEngine;
  takedown: TakedownDeps;
  metrics: Registry;
}

/** The Fastify instance with zod schemas as its type provider. */
export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
