import { z } from "zod";
import { Tlp } from "./event.ts";
import { ClassificationTypeSchema } from "./taxonomy.ts";

/** Who sent a report, and in what capacity. */
export const Reporter = z.object({
  name: z.string().max(200).optional(),
  org: z.string().max(200).optional(),
  email: z.email().optional(),
  type: z
    .enum(["individual", "csirt", "provider", "law_enforcement", "automated", "feed"])
    .default("individual"),
});

/** What the report is about. Several fields may be given for one resource (a URL and its IP). */
export const Resource = z
  .object({
    ip: z.string().max(64).optional(),
    cidr: z.string().max(64).optional(),
    port: z.number().int().min(0).max(65535).optional(),
    fqdn: z.string().max(253).optional(),
    url: z.string().max(8192).optional(),
    email: z.string().max(320).optional(),
  })
  .refine((r) => r.ip || r.cidr || r.fqdn || r.url || r.email, {
    message: "a resource needs at least one of ip, cidr, fqdn, url or email",
  });

/** A piece of evidence sent with the report: inline bytes, or the hash of bytes sent elsewhere. */
export const EvidenceItem = z
  .object({
    kind: z.enum(["content", "screenshot", "log", "headers", "email", "other"]).default("other"),
    media_type: z.string().max(200).default("application/octet-stream"),
    description: z.string().max(2000).optional(),
    data_base64: z.base64().optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .refine((e) => e.data_base64 !== undefined || e.sha256 !== undefined, {
    message: "evidence needs data_base64 or sha256",
  });

/**
 * The common language (共通言語) in which a reporter tells a provider what is wrong, with
 * what proof, and what may be passed on to the provider's customer.
 */
export const MoguraReport = z
  .object({
    category: ClassificationTypeSchema,
    resource: Resource.optional().describe("one resource; or use `resources`"),
    resources: z.array(Resource).max(1000).optional(),
    observed_at: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("when the abuse was seen (first)"),
    observed_until: z.iso.datetime({ offset: true }).optional().describe("when it was last seen"),
    reporter: Reporter.optional(),
    description: z.string().max(20_000).optional(),
    evidence: z.array(EvidenceItem).max(50).default([]),
    tlp: Tlp.default("amber"),
    consent_to_forward: z
      .boolean()
      .default(false)
      .describe(
        "may the evidence and the reporter's identity be shown to the provider's customer?",
      ),
    external_ref: z.string().max(200).optional().describe("the reporter's own ticket number"),
    request_updates: z
      .boolean()
      .default(false)
      .describe("send reporter.email a short update when the case is resolved or rejected"),
    malware: z.string().max(200).optional(),
  })
  .refine((r) => r.resource || (r.resources && r.resources.length > 0), {
    message: "a report needs `resource` or a non-empty `resources`",
    path: ["resource"],
  });
export type MoguraReport = z.infer<typeof MoguraReport>;
export type MoguraReportInput = z.input<typeof MoguraReport>;
