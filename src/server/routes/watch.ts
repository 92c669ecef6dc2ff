import { z } from "zod";
import { caseExists } from "../../cases/case-store.ts";
import { CaseId } from "../../domain/case.ts";
import { notFound, UserError } from "../../domain/errors.ts";
import { urlOf } from "../../domain/fields.ts";
import { STAFF_ROLES, WORKER_ROLES } from "../../domain/roles.ts";
import {
  addWatches,
  listWatches,
  Watch,
  WatchState,
  watchesOfCase,
} from "../../watch/watch-store.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

/** What is watched, and whether it is still up. */
export function watchRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.store.db;

  app.get(
    "/api/v1/cases/:id/watch",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["watch"],
        summary: "The URLs of a case that are watched: up or down, since when, and why",
        params: z.object({ id: CaseId }),
        response: { 200: z.object({ watches: z.array(Watch) }) },
      },
    },
    async (req) => ({ watches: await watchesOfCase(db, req.params.id) }),
  );

  app.post(
    "/api/v1/cases/:id/watch",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["watch"],
        summary: "Watch another URL of a case (one a report did not name)",
        params: z.object({ id: CaseId }),
        body: z.object({ url: z.string().min(1).max(4000) }),
        response: { 201: z.object({ watches: z.array(Watch) }), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const u = urlOf(req.body.url);
      if (!u || !/^https?:/.test(u.url)) {
        throw new UserError(
          "invalid_url",
          `"${req.body.url.slice(0, 200)}" is not an http(s) URL.`,
        );
      }
      if (!(await caseExists(ctx.store, req.params.id))) throw notFound(`case ${req.params.id}`);
      await addWatches(
        db,
        [{ caseId: req.params.id, url: u.url, host: u.host }],
        ctx.config.watch.intervalSeconds,
      );
      return reply.code(201).send({ watches: await watchesOfCase(db, req.params.id) });
    },
  );

  app.get(
    "/api/v1/watch",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["watch"],
        summary: "Watched URLs by state, most recently checked first",
        querystring: z.object({
          state: WatchState.optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: { 200: z.object({ watches: z.array(Watch) }) },
      },
    },
    async (req) => ({
      watches: await listWatches(db, {
        ...(req.query.state ? { states: [req.query.state] } : {}),
        ...(req.query.limit ? { limit: req.query.limit } : {}),
      }),
    }),
  );
}
