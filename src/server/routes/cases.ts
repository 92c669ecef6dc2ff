import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
import { CaseListQuery, caseDetail, listCases } from "../../cases/case-queries.ts";
import {
  CaseId,
  CaseState,
  CaseSummary,
  MisuseType,
  TimelineEntry,
  TRANSITIONS,
} from "../../domain/case.ts";
import { STAFF_ROLES, WORKER_ROLES } from "../../domain/roles.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const WORKERS = WORKER_ROLES;
const Params = z.object({ id: CaseId });
const reason = z.string().trim().min(1, "say why").max(2000);

const CaseEvent = z.object({
  id: z.number().int(),
  report_id: z.string(),
  type: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  seen_count: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  resolution: z.unknown().describe("whose the event was at its time, and how that was found"),
});

const CaseDetailBody = CaseSummary.extend({
  timeline: z.array(TimelineEntry),
  events: z.array(CaseEvent),
  events_shown: z.number().int(),
  allowed_actions: z.array(
    z.object({
      action: z.string(),
      label_en: z.string(),
      label_ja: z.string(),
      requires_reason: z.boolean(),
    }),
  ),
  actions: z
    .array(
      z.object({
        action: z.string(),
        label_en: z.string(),
        label_ja: z.string(),
        requires_reason: z.boolean(),
        allowed: z.boolean(),
        reason_en: z.string().nullable().describe("why not, when not allowed"),
        reason_ja: z.string().nullable(),
      }),
    )
    .describe("every action of the policy's catalog, allowed here or not (with the reason)"),
  transitions: z.array(CaseState).describe("the states this case may move to now"),
});

/** Cases: the queue, one case with its timeline, and the analyst's moves. */
export function caseRoutes(app: ZodApp, ctx: AppContext) {
  const svc = ctx.cases.service;
  const detail = async (id: number) => {
    const d = await caseDetail(ctx.store, id);
    const actions = await svc.actions(id);
    return {
      ...d,
      allowed_actions: actions
        .filter((a) => a.allowed)
        .map(({ action, label_en, label_ja, requires_reason }) => ({
          action,
          label_en,
          label_ja,
          requires_reason,
        })),
      actions,
      transitions: d.merged_into === null ? [...TRANSITIONS[d.state]] : [],
    };
  };

  app.get(
    "/api/v1/cases",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["cases"],
        summary: "The case queue: filters, search by resource, nearest deadline first",
        querystring: CaseListQuery,
        response: {
          200: z.object({ items: z.array(CaseSummary), next_cursor: z.string().nullable() }),
          400: ErrorBody,
        },
      },
    },
    async (req) => listCases(ctx.store, req.query),
  );

  app.get(
    "/api/v1/cases/:id",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["cases"],
        summary: "One case with its timeline, events and the actions its service allows",
        params: Params,
        response: { 200: CaseDetailBody, 404: ErrorBody },
      },
    },
    async (req) => detail(req.params.id),
  );

  app.post(
    "/api/v1/cases/:id/transition",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary:
          "Move a case to another state (new → acknowledged → waiting_customer → action_taken → resolved → closed; rejected)",
        params: Params,
        body: z.object({ to: CaseState, reason }),
        response: { 200: CaseSummary, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      svc.transition(req.params.id, req.body.to, actorOf(req.principal), req.body.reason),
  );

  app.post(
    "/api/v1/cases/bulk/transition",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary: "The same move for many cases; each succeeds or fails on its own",
        body: z.object({ ids: z.array(CaseId).min(1).max(1000), to: CaseState, reason }),
        response: {
          200: z.object({
            results: z.array(
              z.object({
                id: z.number().int(),
                ok: z.boolean(),
                state: CaseState.optional(),
                error: z.string().optional(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({
      results: await svc.bulkTransition(
        req.body.ids,
        req.body.to,
        actorOf(req.principal),
        req.body.reason,
      ),
    }),
  );

  app.put(
    "/api/v1/cases/:id/assignee",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary: "Give the case to an analyst (null: to nobody)",
        params: Params,
        body: z.object({ assignee: z.string().trim().min(1).max(200).nullable() }),
        response: { 200: CaseSummary, 404: ErrorBody },
      },
    },
    async (req) => svc.assign(req.params.id, req.body.assignee, actorOf(req.principal)),
  );

  app.post(
    "/api/v1/cases/:id/notes",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary: "Add a note to the timeline",
        params: Params,
        body: z.object({ text: z.string().trim().min(1).max(20_000) }),
        response: { 201: CaseSummary, 404: ErrorBody },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await svc.note(req.params.id, req.body.text, actorOf(req.principal))),
  );

  app.put(
    "/api/v1/cases/:id/misuse",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary:
          "Set the misuse type (fraudulent_contract, compromised_customer, downstream_reseller, grey_use, undetermined)",
        params: Params,
        body: z.object({ misuse_type: MisuseType, reason }),
        response: { 200: CaseSummary, 404: ErrorBody },
      },
    },
    async (req) =>
      svc.setMisuse(req.params.id, req.body.misuse_type, req.body.reason, actorOf(req.principal)),
  );

  app.post(
    "/api/v1/cases/:id/actions",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary:
          "Record an action the provider took; refused (409) when the service type does not allow it",
        params: Params,
        body: z.object({
          action: z.string(),
          legal_basis: z
            .string()
            .trim()
            .min(1, "name the law or the terms-of-service clause")
            .max(2000)
            .describe("the law or the terms-of-service clause the action rests on"),
          reason: z
            .string()
            .trim()
            .max(5000)
            .optional()
            .describe("why it was necessary (required for some actions)"),
          note: z.string().trim().max(20_000).optional(),
          evidence: z
            .array(z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex"))
            .max(100)
            .optional()
            .describe("SHA-256 of evidence items this action rests on"),
        }),
        response: { 201: CaseSummary, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await svc.recordAction(req.params.id, req.body, actorOf(req.principal))),
  );

  app.post(
    "/api/v1/cases/:id/merge",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary: "Move the events of other cases into this one; the others close as merged",
        params: Params,
        body: z.object({ case_ids: z.array(CaseId).min(1).max(100), reason }),
        response: { 200: CaseSummary, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) =>
      svc.merge(req.params.id, req.body.case_ids, actorOf(req.principal), req.body.reason),
  );

  app.post(
    "/api/v1/cases/:id/split",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["cases"],
        summary: "Move some events into a new case of the same kind; answers the new case",
        params: Params,
        body: z.object({
          event_ids: z.array(z.number().int().positive()).min(1).max(10_000),
          reason,
        }),
        response: { 201: CaseSummary, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await svc.split(
            req.params.id,
            req.body.event_ids,
            actorOf(req.principal),
            req.body.reason,
          ),
        ),
  );
}
