import { z } from "zod";
import {
  AuditEntry,
  AuditVerification,
  listAudit,
  verifyAuditChain,
} from "../../audit/audit-log.ts";
import { ADMIN_ROLES } from "../../domain/roles.ts";
import type { AppContext, ZodApp } from "../context.ts";

/** Reading and verifying the audit chain (admin only). */
export function auditRoutes(app: ZodApp, ctx: AppContext) {
  const { db } = ctx.store;

  app.get(
    "/api/v1/audit",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["audit"],
        summary: "Audit entries after a sequence number, oldest first",
        querystring: z.object({
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ items: z.array(AuditEntry), next_after: z.number().int().nullable() }),
        },
      },
    },
    async (req) => {
      const items = await listAudit(db, { afterSeq: req.query.after, limit: req.query.limit });
      const last = items[items.length - 1];
      return { items, next_after: items.length === req.query.limit && last ? last.seq : null };
    },
  );

  app.get(
    "/api/v1/audit/verify",
    {
      config: { access: ADMIN_ROLES },
      schema: {
        tags: ["audit"],
        summary: "Recompute the hash chain and report the first broken entry",
        response: { 200: AuditVerification },
      },
    },
    async () => verifyAuditChain(db),
  );
}
