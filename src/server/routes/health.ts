import { z } from "zod";
import { STAFF_ROLES } from "../../domain/roles.ts";
import { databaseAnswers } from "../../store/health-check.ts";
import type { AppContext, ZodApp } from "../context.ts";

/**
 * Liveness and readiness (public, for load balancers) and Prometheus metrics (a staff key,
 * as a bearer token in the scraper's configuration, unless MOGURA_METRICS_PUBLIC says not).
 */
export function healthRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/healthz",
    {
      config: { access: "public" },
      schema: {
        tags: ["system"],
        summary: "The process is up",
        response: { 200: z.object({ status: z.literal("ok") }) },
      },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/readyz",
    {
      config: { access: "public" },
      schema: {
        tags: ["system"],
        summary: "The database answers",
        response: {
          200: z.object({ status: z.literal("ready"), database: z.enum(["pglite", "postgres"]) }),
          503: z.object({
            status: z.literal("unavailable"),
            database: z.enum(["pglite", "postgres"]),
            message: z.string(),
          }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await databaseAnswers(ctx.store);
        return { status: "ready" as const, database: ctx.store.kind };
      } catch (e) {
        return reply.code(503).send({
          status: "unavailable" as const,
          database: ctx.store.kind,
          message: (e as Error).message,
        });
      }
    },
  );

  app.get(
    "/metrics",
    {
      config: { access: ctx.config.http.metricsPublic ? "public" : STAFF_ROLES },
      schema: { tags: ["system"], summary: "Prometheus metrics" },
    },
    async (_req, reply) => {
      reply.type(ctx.metrics.contentType);
      return ctx.metrics.metrics();
    },
  );
}
