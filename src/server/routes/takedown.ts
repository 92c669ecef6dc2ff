import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
import { CaseId } from "../../domain/case.ts";
import { notFound } from "../../domain/errors.ts";
import { STAFF_ROLES, WORKER_ROLES } from "../../domain/roles.ts";
import { getRequest, listRequests, requestsOfCase } from "../../takedown/request-store.ts";
import {
  DraftInput,
  Playbook,
  type TakedownRequest as Request,
  TakedownRequest,
  TakedownState,
} from "../../takedown/request-types.ts";
import {
  draftRequests,
  escalateRequest,
  moveByHand,
  playbookOfCase,
  sendRequest,
  withNextStep,
} from "../../takedown/takedown-service.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const Drafted = z.object({
  requests: z.array(TakedownRequest),
  problems: z.array(z.string()).describe("recipients that could not be drafted, and why"),
});

/** Asking other providers to act on a case that is not ours, and following their answers. */
export function takedownRoutes(app: ZodApp, ctx: AppContext) {
  const db = ctx.store.db;
  const next = (r: Request) => withNextStep(ctx.takedown, r);
  const nextAll = (d: { requests: Request[]; problems: string[] }) => ({
    ...d,
    requests: d.requests.map(next),
  });
  const params = z.object({ id: z.coerce.number().int().positive() });

  app.get(
    "/api/v1/cases/:id/takedown-requests",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["takedown"],
        summary: "The takedown requests of a case, oldest first, and the playbook of its type",
        params: z.object({ id: CaseId }),
        response: {
          200: z.object({ requests: z.array(TakedownRequest), playbook: Playbook }),
          404: ErrorBody,
        },
      },
    },
    async (req) => ({
      playbook: await playbookOfCase(ctx.takedown, req.params.id),
      requests: (await requestsOfCase(db, req.params.id)).map(next),
    }),
  );

  app.post(
    "/api/v1/cases/:id/takedown-requests",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["takedown"],
        summary:
          "Draft requests to the recipients of the case type's playbook (or the roles given): one per recipient, contacts looked up now",
        params: z.object({ id: CaseId }),
        body: DraftInput,
        response: { 201: Drafted, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          nextAll(
            await draftRequests(ctx.takedown, req.params.id, req.body, actorOf(req.principal)),
          ),
        ),
  );

  app.get(
    "/api/v1/takedown-requests",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["takedown"],
        summary: "Takedown requests, newest first, by state",
        querystring: z.object({
          state: z
            .string()
            .optional()
            .describe("comma-separated states, e.g. sent,acknowledged")
            .transform((s, c) => {
              if (!s) return undefined;
              const parsed = z.array(TakedownState).safeParse(s.split(","));
              if (!parsed.success) {
                c.addIssue({ code: "custom", message: `unknown state in "${s}"` });
                return z.NEVER;
              }
              return parsed.data;
            }),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
        response: { 200: z.object({ requests: z.array(TakedownRequest) }), 400: ErrorBody },
      },
    },
    async (req) => ({
      requests: (
        await listRequests(db, {
          ...(req.query.state ? { states: req.query.state } : {}),
          ...(req.query.limit ? { limit: req.query.limit } : {}),
        })
      ).map(next),
    }),
  );

  app.get(
    "/api/v1/takedown-requests/:id",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["takedown"],
        summary: "One takedown request with the recipient's replies",
        params,
        response: { 200: TakedownRequest, 404: ErrorBody },
      },
    },
    async (req) => {
      const r = await getRequest(db, req.params.id);
      if (!r) throw notFound(`takedown request ${req.params.id}`);
      return next(r);
    },
  );

  app.post(
    "/api/v1/takedown-requests/:id/send",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["takedown"],
        summary:
          "Send a draft: by mail through the outbox (replies thread back), or record that it was submitted at the recipient's web form",
        params,
        response: { 200: TakedownRequest, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => next(await sendRequest(ctx.takedown, req.params.id, actorOf(req.principal))),
  );

  app.post(
    "/api/v1/takedown-requests/:id/state",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["takedown"],
        summary: "Move a request: acknowledged, acted, resource_down, refused, unanswered, closed",
        params,
        body: z.object({
          state: TakedownState.exclude(["draft", "sent", "escalated"]),
          note: z.string().max(4000).optional(),
        }),
        response: { 200: TakedownRequest, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      next(
        await moveByHand(
          ctx.takedown,
          req.params.id,
          req.body.state,
          actorOf(req.principal),
          req.body.note,
        ),
      ),
  );

  app.post(
    "/api/v1/takedown-requests/:id/escalate",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["takedown"],
        summary:
          "Escalate to the next in the chain (platform → host → registrar → registry → national CERT): a new draft with the history",
        params,
        response: { 201: Drafted, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(nextAll(await escalateRequest(ctx.takedown, req.params.id, actorOf(req.principal)))),
  );
}
