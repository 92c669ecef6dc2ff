import type { Logger } from "pino";
import { z } from "zod";
import type { Config } from "../config/settings.ts";
import { refreshBootstrap } from "../evidence/rdap-bootstrap-source.ts";
import { defineJob, type JobDefinition } from "../jobs/queue.ts";
import type { ContactsEngine } from "./engine.ts";
import { forgetExpiredLookups } from "./lookup-cache.ts";

/** Contacts jobs: IANA's bootstrap refreshed weekly, expired lookups forgotten daily. */
export function contactJobs(deps: {
  contacts: ContactsEngine;
  config: Config;
  log: Logger;
}): JobDefinition[] {
  const { config, contacts, log } = deps;
  return [
    defineJob({
      name: "contacts.bootstrap-refresh",
      payload: z.object({}),
      cron: "23 4 * * 1",
      retryLimit: 2,
      retryDelaySeconds: 3600,
      handler: async () => {
        // An operator's own file is theirs to keep current; "off": no network for this.
        if (config.contacts.bootstrapUrl === "off" || config.evidence.rdapBootstrap) return;
        const r = await refreshBootstrap({
          baseUrl: config.contacts.bootstrapUrl,
          dataDir: config.dataDir,
          fetchJson: contacts.deps.rdap.fetchJson,
        });
        log.info(r, "RDAP bootstrap refreshed from IANA");
      },
    }),
    defineJob({
      name: "contacts.forget-expired",
      payload: z.object({}),
      cron: "53 4 * * *",
      retryLimit: 1,
      handler: async () => {
        await forgetExpiredLookups(contacts.deps.db);
      },
    }),
  ];
}
