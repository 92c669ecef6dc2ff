import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
import { holderOfCase } from "../../cases/case-store.ts";
import { CaseId } from "../../domain/case.ts";
import { notFound, UserError } from "../../domain/errors.ts";
import { STAFF_ROLES, WORKER_ROLES } from "../../domain/roles.ts";
import { draftNotice, queueNotice } from "../../notify/notices.ts";
import { mailOfCase, OutgoingMail } from "../../notify/outbox.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const WORKERS = WORKER_ROLES;

const Mail = z.object({ subject: z.string(), text: z.string(), html: z.string() });

async function customerOf(ctx: AppContext, caseId: number): Promise<string> {
  const c = await holderOfCase(ctx.store, caseId);
  if (!c) throw notFound(`case ${caseId}`);
  if (!c.customer_id)
    throw new UserError(
      "no_customer",
      `case ${caseId} is ${c.ownership === "not_ours" ? "not ours" : "on a shared platform with no known customer"}: there is no customer to notify`,
      409,
    );
  return c.customer_id;
}

/** Customer notices from the case: preview, edit and send by hand; what went out and how. */
export function noticeRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    "/api/v1/cases/:id/notices",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["notices"],
        summary:
          "Mail sent (or queued) about this case: notices and reporter updates, with delivery state",
        params: z.object({ id: CaseId }),
        response: { 200: z.object({ items: z.array(OutgoingMail) }), 404: ErrorBody },
      },
    },
    async (req) => {
      return { items: await mailOfCase(ctx.store, req.params.id) };
    },
  );

  app.post(
    "/api/v1/cases/:id/notices/preview",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["notices"],
        summary:
          "The notice the customer would get now, rendered from the templates (nothing is sent)",
        params: z.object({ id: CaseId }),
        response: {
          200: Mail.extend({
            to: z.array(z.string()),
            cc: z.array(z.string()),
            language: z.string(),
          }),
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      const customerId = await customerOf(ctx, req.params.id);
      // Rendered inside a transaction that is rolled back: the preview's reply tokens never live.
      let preview: Awaited<ReturnType<typeof draftNotice>> | null = null;
      await ctx.store
        .transaction(async (tx) => {
          preview = await draftNotice(tx, ctx.notify, customerId, [req.params.id]);
          throw new RollbackPreview();
        })
        .catch((e) => {
          if (!(e instanceof RollbackPreview)) throw e;
        });
      const p = preview as Awaited<ReturnType<typeof draftNotice>> | null;
      if (!p) throw notFound(`case ${req.params.id}`);
      if ("problem" in p) throw new UserError("cannot_notify", p.problem, 409);
      return { ...p.mail, to: p.to, cc: p.cc, language: p.language };
    },
  );

  app.post(
    "/api/v1/cases/:id/notices",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["notices"],
        summary: "Send the customer a notice now, as rendered or as edited",
        params: z.object({ id: CaseId }),
        // No body at all means "as rendered", like an empty object.
        body: z.preprocess(
          (v) => v ?? {},
          z.object({
            subject: z.string().trim().min(1).max(500).optional(),
            text: z.string().trim().min(1).max(100_000).optional(),
            html: z.string().max(200_000).optional(),
            to: z
              .array(z.email())
              .min(1)
              .max(20)
              .optional()
              .describe("instead of the customer's address"),
          }),
        ),
        response: {
          202: z.object({ outbox_id: z.number().int() }),
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const customerId = await customerOf(ctx, req.params.id);
      const { to, ...edited } = req.body;
      const r = await queueNotice(ctx.notify, customerId, [req.params.id], {
        createdBy: actorOf(req.principal),
        edited: {
          ...(edited.subject ? { subject: edited.subject } : {}),
          // An edited text drops the rendered HTML (unless new HTML comes with it), so the two
          // parts of the mail never say different things.
          ...(edited.text ? { text: edited.text, html: edited.html ?? "" } : {}),
          ...(!edited.text && edited.html ? { html: edited.html } : {}),
        },
        ...(to ? { to } : {}),
      });
      if ("problem" in r) throw new UserError("cannot_notify", r.problem, 409);
      await ctx.jobs?.send("mail.deliver", { outboxId: r.outboxId });
      return reply.code(202).send({ outbox_id: r.outboxId });
    },
  );
}

class RollbackPreview extends Error {}
