import { z } from "zod";
import { appendAudit } from "../../audit/audit-log.ts";
import { ApiKeyInfo, createApiKey, listApiKeys, revokeApiKey } from "../../auth/api-keys.ts";
import { actorOf } from "../../auth/principal.ts";
import { notFound } from "../../domain/errors.ts";
import { ADMIN_ROLES, Role } from "../../domain/roles.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

/** Creating, listing and revoking API keys (admin only). */
export function apiKeyRoutes(app: ZodApp, ctx: AppContext) {
  const { db } = ctx.store;

  app.get(
    "/api/v1/apikeys",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["auth"],
        summary: "All API keys (never the keys themselves)",
        response: { 200: z.object({ items: z.array(ApiKeyInfo) }) },
      },
    },
    async () => ({ items: await listApiKeys(db) }),
  );

  app.post(
    "/api/v1/apikeys",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["auth"],
        summary: "Create an API key; the answer is the only time the key is shown",
        body: z.object({ name: z.string().trim().min(1).max(100), role: Role }),
        response: { 201: z.object({ key: z.string(), info: ApiKeyInfo }) },
      },
    },
    async (req, reply) => {
      const created = await db.transaction(async (tx) => {
        const made = await createApiKey(tx, { ...req.body, createdBy: actorOf(req.principal) });
        await appendAudit(tx, {
          actor: actorOf(req.principal),
          action: "apikey.created",
          target: `apikey:${made.info.id}`,
          details: { name: made.info.name, role: made.info.role },
        });
        return made;
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    "/api/v1/apikeys/:id",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["auth"],
        summary: "Revoke an API key at once",
        params: z.object({ id: z.uuid() }),
        response: { 200: ApiKeyInfo, 404: ErrorBody },
      },
    },
    async (req) => {
      return db.transaction(async (tx) => {
        const key = await revokeApiKey(tx, req.params.id);
        if (!key) throw notFound(`API key ${req.params.id}`);
        await appendAudit(tx, {
          actor: actorOf(req.principal),
          action: "apikey.revoked",
          target: `apikey:${key.id}`,
          details: { name: key.name },
        });
        return key;
      });
    },
  );
}
