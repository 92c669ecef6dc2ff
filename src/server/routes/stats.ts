import { z } from "zod";
import {
  CaseStats,
  caseStats,
  ReportStats,
  reportStats,
  StatsPeriodQuery,
  TrackingStats,
  trackingStats,
} from "../../cases/stats.ts";
import { STAFF_ROLES } from "../../domain/roles.ts";
import { TakedownStats, takedownStats } from "../../watch/takedown-stats.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const STAFF = STAFF_ROLES;

/** Figures of the abuse desk about itself: reports, cases, speed, SLA, tracking numbers. */
export function statsRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/api/v1/stats/reports",
    {
      config: { access: STAFF },
      schema: {
        tags: ["stats"],
        summary: "Reports received per UTC month and type, and per channel",
        querystring: StatsPeriodQuery,
        response: { 200: ReportStats, 400: ErrorBody },
      },
    },
    async (req) => reportStats(ctx.store, req.query),
  );

  app.get(
    "/api/v1/stats/cases",
    {
      config: { access: STAFF },
      schema: {
        tags: ["stats"],
        summary: "Cases per month, type and team; time to first action and resolution; SLA shares",
        querystring: StatsPeriodQuery.extend({
          team: z.string().min(1).optional().describe("only the cases of this team"),
        }),
        response: { 200: CaseStats, 400: ErrorBody },
      },
    },
    async (req) => {
      const { team, ...period } = req.query;
      return caseStats(ctx.store, period, { team });
    },
  );

  app.get(
    "/api/v1/stats/takedown",
    {
      config: { access: STAFF },
      schema: {
        tags: ["stats"],
        summary:
          "Takedown figures: time to first request, uptime after the report (median, p90, share down within 24 h and 48 h), and per recipient who answers and how fast sites fall",
        querystring: StatsPeriodQuery,
        response: { 200: TakedownStats, 400: ErrorBody },
      },
    },
    async (req) => takedownStats(ctx.store, req.query),
  );

  app.get(
    "/api/v1/stats/tracking-numbers",
    {
      config: { access: STAFF },
      schema: {
        tags: ["stats"],
        summary: "Tracking numbers issued per prefix and year",
        response: { 200: TrackingStats },
      },
    },
    async () => trackingStats(ctx.store),
  );
}
