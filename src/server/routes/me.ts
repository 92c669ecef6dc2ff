import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
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
      const [u] = await ctx.store.query<{ language: string }>(
        "SELECT language FROM users WHERE id = $1",
        [req.principal.id],
      );
      return { language: u?.language === "en" ? ("en" as const) : ("ja" as const) };
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
      await ctx.store.query("UPDATE users SET language = $2 WHERE id = $1", [
        req.principal.id,
        req.body.language,
      ]);
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
      const rows = await ctx.store.query<{ id: string; name: string; query: string }>(
        "SELECT id, name, query FROM saved_filters WHERE owner = $1 ORDER BY name",
        [actorOf(req.principal)],
      );
      return { items: rows.map((r) => ({ ...r, id: Number(r.id) })) };
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
      const [row] = await ctx.store.query<{ id: string; name: string; query: string }>(
        `INSERT INTO saved_filters (owner, name, query) VALUES ($1, $2, $3)
         ON CONFLICT (owner, name) DO UPDATE SET query = EXCLUDED.query RETURNING id, name, query`,
        [actorOf(req.principal), req.body.name, req.body.query.replace(/^\?/, "")],
      );
      return reply
        .code(201)
        .send({ ...(row as { id: string; name: string; query: string }), id: Number(row?.id) });
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
      const rows = await ctx.store.query(
        "DELETE FROM saved_filters WHERE id = $1 AND owner = $2 RETURNING id",
        [req.params.id, actorOf(req.principal)],
      );
      if (rows.length === 0) throw notFound(`filter ${req.params.id}`);
      return reply.code(204).send(null);
    },
  );
}
