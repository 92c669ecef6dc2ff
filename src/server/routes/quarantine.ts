import { z } from "zod";
import { appendAudit } from "../../audit/audit-log.ts";
import { actorOf } from "../../auth/principal.ts";
import { conflict, notFound } from "../../domain/errors.ts";
import { WORKER_ROLES } from "../../domain/roles.ts";
import { requeueReport } from "../../intake/process-report.ts";
import { getReport, listReports, ReportSummary } from "../../intake/report-store.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

/** Reports that could not be parsed: look at them, and send them through again after a fix. */
export function quarantineRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/api/v1/quarantine",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["intake"],
        summary: "Quarantined reports with the reason, newest first",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(50),
          cursor: z.string().optional(),
        }),
        response: {
          200: z.object({ items: z.array(ReportSummary), next_cursor: z.string().nullable() }),
        },
      },
    },
    async (req) => listReports(ctx.store, { ...req.query, status: "quarantined" }),
  );

  app.post(
    "/api/v1/quarantine/:id/reinject",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["intake"],
        summary: "Process a quarantined report again with today's parsers",
        params: z.object({ id: z.uuid() }),
        response: {
          202: z.object({ id: z.uuid(), tracking_number: z.string(), status: z.literal("queued") }),
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const report = await getReport(ctx.store, req.params.id);
      if (!report) throw notFound(`report ${req.params.id}`);
      if (!(await requeueReport(ctx.store, report.id)))
        throw conflict(`report ${report.tracking_number} is ${report.status}, not quarantined`);
      await appendAudit(ctx.store.db, {
        actor: actorOf(req.principal),
        action: "report.reinjected",
        target: `report:${report.id}`,
        details: { tracking_number: report.tracking_number, previous_reason: report.reason },
      });
      await ctx.intake.enqueue(report.id);
      return reply.code(202).send({
        id: report.id,
        tracking_number: report.tracking_number,
        status: "queued" as const,
      });
    },
  );
}
