import { z } from "zod";
import { ADMIN_ROLES } from "../../domain/roles.ts";
import type { AppContext, ZodApp } from "../context.ts";

const JobStateSchema = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(["created", "retry", "active", "completed", "cancelled", "failed"]),
  retry_count: z.number().int(),
  retry_limit: z.number().int(),
  created_on: z.string(),
  started_on: z.string().nullable(),
  completed_on: z.string().nullable(),
  output: z.unknown(),
});

/** Background jobs that failed for good, so an administrator sees them. */
export function jobRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/api/v1/jobs/failed",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["system"],
        summary: "Jobs that failed after all retries, newest first",
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.object({ items: z.array(JobStateSchema) }) },
      },
    },
    async (req) => ({ items: ctx.jobs ? await ctx.jobs.failed(req.query.limit) : [] }),
  );
}
