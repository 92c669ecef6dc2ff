import { z } from "zod";
import { purgeOldLoginFailures } from "../auth/login-throttle.ts";
import { purgeExpiredSessions } from "../auth/sessions.ts";
import type { Db } from "../store/database.ts";
import { defineJob, type JobDefinition } from "./queue.ts";

/** The platform's own background jobs. */
export function platformJobs(db: Db): JobDefinition[] {
  return [
    defineJob({
      name: "maintenance.purge-auth",
      payload: z.object({}),
      cron: "17 * * * *",
      retryLimit: 2,
      handler: async () => {
        await purgeExpiredSessions(db);
        await purgeOldLoginFailures(db);
      },
    }),
  ];
}
