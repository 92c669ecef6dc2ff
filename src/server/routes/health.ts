import { z } from "zod";
import type { AppContext, ZodApp } from "../context.ts";

/** Liveness, readiness and Prometheus metrics: public, for load balancers and scrapers. */
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
        await ctx.store.query("SELECT 1");
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
      config: { access: "public" },
      schema: { tags: ["system"], summary: "Prometheus metrics" },
    },
    async (_req, reply) => {
      reply.type(ctx.metrics.contentType);
      return ctx.metrics.metrics();
    },
  );
}
