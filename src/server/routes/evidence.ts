import { z } from "zod";
import { actorOf } from "../../auth/principal.ts";
import { caseExists } from "../../cases/case-store.ts";
import { CaseId } from "../../domain/case.ts";
import { notFound, UserError } from "../../domain/errors.ts";
import { STAFF_ROLES, WORKER_ROLES } from "../../domain/roles.ts";
import { iso } from "../../domain/time.ts";
import { queueCaptures, targetsOf } from "../../evidence/capture.ts";
import { Capture, capturesOfCase } from "../../evidence/capture-store.ts";
import {
  LedgerEntry,
  LedgerVerification,
  ledgerKeys,
  listLedger,
  verifyLedger,
} from "../../evidence/ledger.ts";
import { witnessCheck } from "../../evidence/ledger-witness.ts";
import { Audience, buildEvidencePackage } from "../../evidence/package.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const WORKERS = WORKER_ROLES;

/** Evidence: a case's captures, the blobs, the ledger and its verification, the public key. */
export function evidenceRoutes(app: ZodApp, ctx: AppContext) {
  const deps = ctx.evidence.deps;

  app.get(
    "/api/v1/evidence/public-key",
    {
      config: { access: "public" },
      schema: {
        tags: ["evidence"],
        summary: "The Ed25519 public keys that sign the evidence ledger (the current one first)",
        response: {
          200: z.object({
            algorithm: z.literal("Ed25519"),
            key_id: z.string(),
            public_key: z.string().describe("PEM (SPKI)"),
            keys: z.array(
              z.object({ key_id: z.string(), public_key: z.string(), created_at: z.string() }),
            ),
          }),
        },
      },
    },
    async () => {
      const keys = await ledgerKeys(ctx.store);
      return {
        algorithm: "Ed25519" as const,
        key_id: deps.signer.keyId,
        public_key: deps.signer.publicKeyPem,
        keys: keys.map((k) => ({
          key_id: k.id,
          public_key: k.public_key,
          created_at: iso(k.created_at as Date),
        })),
      };
    },
  );

  app.get(
    "/api/v1/cases/:id/evidence",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["evidence"],
        summary:
          "What was captured for a case: pages with their hops, DNS, RDAP, screenshots, attachments",
        params: z.object({ id: CaseId }),
        response: { 200: z.object({ items: z.array(Capture) }), 404: ErrorBody },
      },
    },
    async (req) => {
      if (!(await caseExists(ctx.store, req.params.id))) throw notFound(`case ${req.params.id}`);
      return { items: await capturesOfCase(ctx.store, req.params.id) };
    },
  );

  app.post(
    "/api/v1/cases/:id/evidence",
    {
      config: { access: WORKERS },
      schema: {
        tags: ["evidence"],
        summary:
          "Capture a URL, host or address for a case now (again, if it was captured over a day ago)",
        params: z.object({ id: CaseId }),
        body: z
          .object({
            url: z.string().max(8000).optional(),
            host: z.string().max(253).optional(),
            ip: z.string().max(64).optional(),
          })
          .refine((b) => b.url || b.host || b.ip, "give url, host or ip"),
        response: { 202: z.object({ queued: z.array(z.number().int()) }), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!(await caseExists(ctx.store, req.params.id))) throw notFound(`case ${req.params.id}`);
      const targets = targetsOf({
        ...(req.body.url ? { "source.url": req.body.url } : {}),
        ...(req.body.host ? { "source.fqdn": req.body.host } : {}),
        ...(req.body.ip ? { "source.ip": req.body.ip } : {}),
      });
      if (targets.length === 0)
        throw new UserError(
          "invalid_target",
          "nothing to capture: not an http(s) URL, host name or IP",
        );
      const ids = await ctx.store.transaction((tx) =>
        queueCaptures(
          tx,
          targets.map((t) => ({ caseId: req.params.id, eventId: null, reportId: null, ...t })),
        ),
      );
      for (const captureId of ids) await ctx.jobs?.send("evidence.capture", { captureId });
      req.log.info(
        { caseId: req.params.id, ids, actor: actorOf(req.principal) },
        "capture asked for",
      );
      return reply.code(202).send({ queued: ids });
    },
  );

  app.get(
    "/api/v1/cases/:id/evidence-package",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["evidence"],
        summary:
          "The case's evidence as one archive (.tar.gz): manifest, blobs, signed ledger entries, public key, summary in ja and en",
        description:
          "audience=customer leaves out what the provider may not show its customer (reporters who did not consent to forwarding, TLP:RED and AMBER+STRICT, internal notes) and lists it in the manifest's `withheld`. Verify offline with `mogura evidence verify-package FILE`.",
        params: z.object({ id: CaseId }),
        querystring: z.object({ audience: Audience.default("internal") }),
      },
    },
    async (req, reply) => {
      const pkg = await buildEvidencePackage(
        ctx.store,
        deps.blobs,
        req.params.id,
        req.query.audience,
        deps.signer,
      );
      req.log.info(
        { caseId: req.params.id, audience: req.query.audience, actor: actorOf(req.principal) },
        "evidence package exported",
      );
      return reply
        .type("application/gzip")
        .header("content-disposition", `attachment; filename="${pkg.filename}"`)
        .send(pkg.bytes);
    },
  );

  app.get(
    "/api/v1/evidence/blobs/:sha256",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["evidence"],
        summary: "The bytes of one blob (a page body, a screenshot, a capture record)",
        params: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (req, reply) => {
      const bytes = deps.blobs.get(req.params.sha256);
      if (!bytes) throw notFound(`blob ${req.params.sha256}`);
      return reply
        .type("application/octet-stream")
        .header("content-disposition", `attachment; filename="${req.params.sha256}"`)
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );

  app.get(
    "/api/v1/evidence/ledger",
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags: ["evidence"],
        summary: "Ledger entries, oldest first (after a sequence number, or those of one case)",
        querystring: z.object({
          after_seq: z.coerce.number().int().min(0).default(0),
          case_id: CaseId.optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: { 200: z.object({ items: z.array(LedgerEntry) }) },
      },
    },
    async (req) => ({
      items: await listLedger(ctx.store, {
        afterSeq: req.query.after_seq,
        caseId: req.query.case_id,
        limit: req.query.limit,
      }),
    }),
  );

  app.get(
    "/api/v1/evidence/verify",
    {
      config: { access: WORKER_ROLES },
      schema: {
        tags: ["evidence"],
        summary: "Walk the whole ledger and every blob; the first thing that does not hold",
        response: { 200: LedgerVerification },
      },
    },
    async () =>
      verifyLedger(ctx.store, deps.blobs, witnessCheck(ctx.store, ctx.config.evidence.witnessFile)),
  );
}
