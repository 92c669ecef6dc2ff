import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
import { deleteFilter, savedFiltersOf, saveFilter } from "../../auth/saved-filters.ts";
import { languageOf, setLanguage } from "../../auth/users.ts";
import { notFound, UserError } from "../../domain/errors.ts";
import { STAFF_ROLES } from "../../domain/roles.ts";
import { ANY_ROLE } from "../access.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const Language = z.enum(["ja", "en"]);
const SavedFilter = z.object({ id: z.number().int(), name: z.string(), query: z.string() });

/** The caller's own settings: UI language, saved queue filters. */
export function meRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/api/v1/me/preferences",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["auth"],
        summary: "My UI language (people: remembered; API keys: ja)",
        response: { 200: z.object({ language: Language }) },
      },
    },
    async (req) => {
      if (req.principal?.kind !== "user") return { language: "ja" as const };
      return { language: await languageOf(ctx.store.db, req.principal.id) };
    },
  );

  app.put(
    "/api/v1/me/preferences",
    {
      config: { access: ANY_ROLE },
      schema: {
        tags: ["auth"],
        summary: "Remember my UI language",
        body: z.object({ language: Language }),
        response: { 200: z.object({ language: Language }), 400: ErrorBody },
      },
    },
    async (req) => {
      if (req.principal?.kind !== "user")
        throw new UserError("not_a_person", "only signed-in people have preferences");
      await setLanguage(ctx.store.db, req.principal.id, req.body.language);
      return { language: req.body.language };
    },
  );

  app.get(
    "/api/v1/me/filters",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["cases"],
        summary: "My saved queue filters",
        response: { 200: z.object({ items: z.array(SavedFilter) }) },
      },
    },
    async (req) => {
      return { items: await savedFiltersOf(ctx.store.db, actorOf(req.principal)) };
    },
  );

  app.post(
    "/api/v1/me/filters",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["cases"],
        summary:
          "Save a queue filter (a query string of GET /api/v1/cases) under a name; the same name replaces it",
        body: z.object({
          name: z.string().trim().min(1).max(100),
          query: z.string().max(2000),
        }),
        response: { 201: SavedFilter },
      },
    },
    async (req, reply) => {
      const saved = await saveFilter(
        ctx.store.db,
        actorOf(req.principal),
        req.body.name,
        req.body.query.replace(/^\?/, ""),
      );
      return reply.code(201).send(saved);
    },
  );

  app.delete(
    "/api/v1/me/filters/:id",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["cases"],
        summary: "Forget a saved filter",
        params: z.object({ id: z.coerce.number().int() }),
        response: { 204: z.null(), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!(await deleteFilter(ctx.store.db, actorOf(req.principal), req.params.id)))
        throw notFound(`filter ${req.params.id}`);
      return reply.code(204).send(null);
    },
  );
}
