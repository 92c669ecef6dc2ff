import { Readable } from "node:stream";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "../../auth/principal.ts";
import { notFound, UserError } from "../../domain/errors.ts";
import { REPORT_READERS, REPORT_SENDERS } from "../../domain/roles.ts";
import { outcomeOfReport } from "../../intake/event-store.ts";
import {
  type Accepted,
  FeedTooLarge,
  getReport,
  ListReportsQuery,
  listReports,
  ReportSummary,
  reportBytes,
} from "../../intake/report-store.ts";
import type { AppContext, ZodApp } from "../context.ts";
import { ErrorBody } from "../errors.ts";

const ACCEPTED_TYPES = ["application/json", "message/rfc822", "text/csv", "text/plain"] as const;

const SubmitAnswer = z.object({
  id: z.uuid(),
  tracking_number: z.string(),
  status: z.enum(["queued", "processed", "quarantined"]),
  duplicate: z
    .boolean()
    .describe("true when this repeats a report already received (same mail or Idempotency-Key)"),
});

const ReportDetail = ReportSummary.extend({
  event_ids: z.array(z.string()).describe("events this report stored (the first 1000)"),
  sighted_event_ids: z
    .array(z.string())
    .describe("events already known that this report saw again (the first 1000)"),
  case_ids: z
    .array(z.number().int())
    .describe("cases its events (new or seen again) are on; empty until they are routed"),
});

/** An attachment header any client can read, for any file name (RFC 6266 with RFC 8187). */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Who owns what a principal submits, and who may read it. */
export const ownerOf = (p: Principal) => `${p.kind}:${p.id}`;
const onlyOwn = (p: Principal | null) => p?.role === "reporter";

function mediaType(req: FastifyRequest): string | undefined {
  return req.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
}

/** Submitting reports (the abuse-report intake API) and reading them back. */
export async function reportRoutes(app: ZodApp, ctx: AppContext) {
  // Reports are stored byte for byte before anything parses them: take every body as bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  // Feeds can be larger than memory: they stream into the database as they arrive.
  app.addContentTypeParser("text/csv", (_req, payload, done) => done(null, payload));
  await app.register(fastifyRateLimit, {
    global: false,
    keyGenerator: (req) => (req.principal ? ownerOf(req.principal) : req.ip),
    errorResponseBuilder: (_req, c) =>
      new UserError(
        "rate_limited",
        `More than ${c.max} reports per minute from this key; retry in ${Math.ceil(c.ttl / 1000)} s.`,
        429,
      ),
  });

  app.post(
    "/api/v1/reports",
    {
      config: {
        access: REPORT_SENDERS,
        rateLimit: { max: ctx.config.intake.rateLimitPerMinute, timeWindow: 60_000 },
      },
      schema: {
        tags: ["intake"],
        summary: "Submit an abuse report",
        description: [
          "The body is kept byte for byte, then parsed in the background. Accepted types:",
          "`application/json` (the Mogura report JSON, see the MoguraReport schema, or an XARF v4 document),",
          "`message/rfc822` (an abuse mail: ARF, X-ARF, XARF attachment, fail2ban or free text),",
          "`text/csv` (a Shadowserver-style report; name its type with `format` or `filename`),",
          "`text/plain` (a person's free text). Repeat a request with the same `Idempotency-Key` header to get the first answer.",
        ].join(" "),
        querystring: z.object({
          format: z
            .string()
            .max(100)
            .optional()
            .describe("the report type of a CSV, e.g. scan_rdp or event4_sinkhole_http"),
          filename: z.string().max(255).optional(),
        }),
        headers: z
          .object({ "idempotency-key": z.string().min(1).max(200).optional() })
          .passthrough(),
        response: {
          202: SubmitAnswer,
          400: ErrorBody,
          413: ErrorBody,
          415: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const type = mediaType(req);
      if (!type || !(ACCEPTED_TYPES as readonly string[]).includes(type)) {
        throw new UserError(
          "unsupported_media_type",
          `Content-Type ${type ?? "(none)"} is not accepted; send one of ${ACCEPTED_TYPES.join(", ")}.`,
          415,
        );
      }
      const principal = req.principal as Principal;
      const input = {
        channel: "api" as const,
        contentType: type,
        filename: req.query.filename,
        format: req.query.format,
        sender: `${principal.kind}:${principal.name}`,
        owner: ownerOf(principal),
        idempotencyKey: req.headers["idempotency-key"],
      };
      let accepted: Accepted;
      if (req.body instanceof Readable) {
        try {
          accepted = await ctx.intake.submitStream({
            ...input,
            stream: req.body,
            maxBytes: ctx.config.intake.maxFeedBytes,
          });
        } catch (e) {
          if (e instanceof FeedTooLarge) throw new UserError("body_too_large", e.message, 413);
          throw e;
        }
      } else {
        const body = req.body as Buffer | undefined;
        if (!body || body.length === 0)
          throw new UserError("empty_body", "The report is empty.", 400);
        accepted = await ctx.intake.submit({ ...input, bytes: body });
      }
      const { report, duplicate } = accepted;
      return reply.code(202).send({
        id: report.id,
        tracking_number: report.tracking_number,
        status: report.status,
        duplicate,
      });
    },
  );

  app.get(
    "/api/v1/reports",
    {
      config: { access: REPORT_READERS },
      schema: {
        tags: ["intake"],
        summary: "Reports, newest first (a reporter sees only its own)",
        querystring: ListReportsQuery,
        response: {
          200: z.object({ items: z.array(ReportSummary), next_cursor: z.string().nullable() }),
        },
      },
    },
    async (req) =>
      listReports(
        ctx.store,
        req.query,
        onlyOwn(req.principal) ? ownerOf(req.principal as Principal) : undefined,
      ),
  );

  const readable = async (req: FastifyRequest, id: string) => {
    const r = await getReport(ctx.store, id);
    if (!r || (onlyOwn(req.principal) && r.owner !== ownerOf(req.principal as Principal)))
      throw notFound(`report ${id}`);
    return r;
  };

  app.get(
    "/api/v1/reports/:id",
    {
      config: { access: REPORT_READERS },
      schema: {
        tags: ["intake"],
        summary: "One report: its status, and the events it produced",
        params: z.object({ id: z.uuid() }),
        response: { 200: ReportDetail, 404: ErrorBody },
      },
    },
    async (req) => {
      const { owner: _owner, ...report } = await readable(req, req.params.id);
      return { ...report, ...(await outcomeOfReport(ctx.store, report.id)) };
    },
  );

  app.get(
    "/api/v1/reports/:id/raw",
    {
      config: { access: REPORT_SENDERS },
      schema: {
        tags: ["intake"],
        summary: "The report's bytes exactly as they arrived",
        params: z.object({ id: z.uuid() }),
      },
    },
    async (req, reply) => {
      const r = await readable(req, req.params.id);
      reply.header("content-type", r.content_type ?? "application/octet-stream");
      reply.header("content-length", String(r.size));
      if (r.filename) reply.header("content-disposition", contentDisposition(r.filename));
      return reply.send(Readable.from(reportBytes(ctx.store, r.id)));
    },
  );
}
