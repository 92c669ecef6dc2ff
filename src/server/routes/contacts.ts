import { z } from "zod";
import { appendAudit } from "../../audit/audit-log.ts";
import { actorOf } from "../../auth/principal.ts";
import { ContactLookup } from "../../contacts/contact-types.ts";
import {
  ContactOverride,
  ContactOverrideInput,
  deleteOverride,
  listOverrides,
  saveOverride,
} from "../../contacts/overrides.ts";
import { notFound } from "../../domain/errors.ts";
import { STAFF_ROLES, WORKER_ROLES } from "../../domain/roles.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

/** Who can act on a resource outside our space, and what the desk knows about recipients. */
export function contactRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.store.db;

  app.get(
    "/api/v1/contacts",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["contacts"],
        summary:
          "Who can act on an address, range, domain or URL: hosting network, registrar, registry, DNS operator, platform",
        querystring: z.object({
          resource: z
            .string()
            .min(1)
            .max(2000)
            .describe("an IP address, a CIDR range, a domain or a URL"),
          fresh: z
            .enum(["true", "false"])
            .optional()
            .describe("true: ask RDAP and DNS again instead of the kept answer"),
        }),
        response: { 200: ContactLookup, 400: ErrorBody },
      },
    },
    async (req) => ctx.contacts.lookup(req.query.resource, { fresh: req.query.fresh === "true" }),
  );

  app.get(
    "/api/v1/contacts/overrides",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["contacts"],
        summary:
          "The desk's own contact entries (addresses, web forms, languages RDAP does not give)",
        response: { 200: z.object({ overrides: z.array(ContactOverride) }) },
      },
    },
    async () => ({ overrides: await listOverrides(db) }),
  );

  app.post(
    "/api/v1/contacts/overrides",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["contacts"],
        summary: "Add an override, or replace the one with the same role and match",
        body: ContactOverrideInput,
        response: { 200: ContactOverride, 400: ErrorBody },
      },
    },
    async (req) =>
      db.transaction(async (tx) => {
        const saved = await saveOverride(tx, req.body, actorOf(req.principal));
        await appendAudit(tx, {
          actor: actorOf(req.principal),
          action: "contact_override.saved",
          target: `contact_override:${saved.id}`,
          details: { ...saved },
        });
        return saved;
      }),
  );

  app.delete(
    "/api/v1/contacts/overrides/:id",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["contacts"],
        summary: "Remove an override",
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 204: z.null(), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await db.transaction(async (tx) => {
        if (!(await deleteOverride(tx, req.params.id))) {
          throw notFound(`contact override ${req.params.id}`);
        }
        await appendAudit(tx, {
          actor: actorOf(req.principal),
          action: "contact_override.deleted",
          target: `contact_override:${req.params.id}`,
        });
      });
      return reply.code(204).send(null);
    },
  );
}
