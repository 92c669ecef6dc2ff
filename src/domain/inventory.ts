import { z } from "zod";

/** The kinds of service a provider sells; they decide what the provider can do about abuse. */
export const ServiceType = z.enum([
  "shared",
  "vps",
  "dedicated",
  "cloud",
  "reseller",
  "colocation",
]);
export type ServiceType = z.infer<typeof ServiceType>;

const id = z
  .string()
  .trim()
  .min(1, "is empty")
  .max(200)
  .regex(/^[^\s/?#]+$/, "must not contain spaces, '/', '?' or '#'");
const optionalText = z
  .string()
  .trim()
  .max(1000)
  .optional()
  .transform((v) => (v === "" ? undefined : v));

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A validity bound: a day (`2026-11-20`, meaning 00:00 UTC) or an ISO-8601 time. A `valid_to`
 * day is the last day that holds (its end is the next midnight): what a contract says.
 */
export function parseValidity(value: string, end: boolean): Date | null {
  const v = value.trim();
  if (DATE_ONLY.test(v)) {
    const d = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) return null;
    return end ? new Date(d.getTime() + 86_400_000) : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const validFrom = z
  .string()
  .describe("first day (YYYY-MM-DD, UTC) or time (ISO-8601) the assignment holds")
  .refine((v) => parseValidity(v, false) !== null, "is not a date (YYYY-MM-DD) or ISO-8601 time");
const validTo = z
  .string()
  .describe("last day that holds (YYYY-MM-DD), or the ISO-8601 time it ends; empty = open")
  .optional()
  .transform((v) => (v?.trim() ? v : undefined))
  .refine(
    (v) => v === undefined || parseValidity(v, true) !== null,
    "is not a date (YYYY-MM-DD) or ISO-8601 time",
  );

const yesNo = z.union([z.boolean(), z.string()]).transform((v, ctx) => {
  if (typeof v === "boolean") return v;
  const s = v.trim().toLowerCase();
  if (["yes", "true", "1", "y"].includes(s)) return true;
  if (["no", "false", "0", "n", ""].includes(s)) return false;
  ctx.addIssue({ code: "custom", message: `"${v}" is not yes or no` });
  return z.NEVER;
});

/** Where a row came from, so a rejection can name the file and line. */
export const RowSource = z.object({ file: z.string(), line: z.number().int() }).partial();

export const TeamInput = z.object({
  id,
  name: z.string().trim().min(1, "is empty").max(200),
  email: optionalText,
  company: optionalText,
  source: RowSource.optional(),
});
export type TeamInput = z.infer<typeof TeamInput>;

export const CustomerInput = z.object({
  id,
  name: z.string().trim().min(1, "is empty").max(300),
  email: optionalText,
  phone: optionalText,
  country: optionalText,
  verification: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => (v ? v.toLowerCase() : "none"))
    .describe("how the customer's identity was checked: none, phone, postal, phone+postal, …"),
  language: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v ? v : "ja"))
    .pipe(z.enum(["ja", "en"]))
    .describe("the language of notices to this customer (ja or en; default ja)"),
  abuse_email: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .pipe(z.email().optional())
    .describe("where notices go, when not to `email`"),
  source: RowSource.optional(),
});
export type CustomerInput = z.infer<typeof CustomerInput>;

export const ServiceInput = z.object({
  id,
  customer_id: id,
  type: ServiceType,
  plan: optionalText,
  team_id: id,
  valid_from: validFrom,
  valid_to: validTo,
  source: RowSource.optional(),
});
export type ServiceInput = z.infer<typeof ServiceInput>;

export const NetblockInput = z.object({
  cidr: z.string().trim().min(1, "is empty"),
  service_id: id.optional().or(z.literal("").transform(() => undefined)),
  team_id: id.optional().or(z.literal("").transform(() => undefined)),
  shared: yesNo.default(false),
  valid_from: validFrom,
  valid_to: validTo,
  note: optionalText,
  source: RowSource.optional(),
});
export type NetblockInput = z.infer<typeof NetblockInput>;

export const DomainInput = z.object({
  domain: z.string().trim().min(1, "is empty"),
  service_id: id,
  valid_from: validFrom,
  valid_to: validTo,
  source: RowSource.optional(),
});
export type DomainInput = z.infer<typeof DomainInput>;

/** A bulk upsert: each list optional, rows as in the CSV files (external ids). */
export const InventoryBatch = z.object({
  teams: z.array(z.unknown()).default([]),
  customers: z.array(z.unknown()).default([]),
  services: z.array(z.unknown()).default([]),
  netblocks: z.array(z.unknown()).default([]),
  domains: z.array(z.unknown()).default([]),
});
export type InventoryBatch = z.infer<typeof InventoryBatch>;

export const INVENTORY_KINDS = ["teams", "customers", "services", "netblocks", "domains"] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

const Counts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
});

export const Rejection = z.object({
  kind: z.enum(INVENTORY_KINDS),
  index: z.number().int().describe("position of the row in its list, from 0"),
  file: z.string().optional(),
  line: z.number().int().optional(),
  key: z.string().optional().describe("the row's id, CIDR or domain"),
  reason: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;

export const ImportResult = z.object({
  teams: Counts,
  customers: Counts,
  services: Counts,
  netblocks: Counts,
  domains: Counts,
  closed: z
    .number()
    .int()
    .describe("assignments whose validity was ended because a newer one replaces them"),
  rejections: z.array(Rejection),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const Team = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  company: z.string().nullable(),
});
export const Customer = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  country: z.string().nullable(),
  verification: z.string(),
  language: z.string(),
  abuse_email: z.string().nullable(),
});
export const Service = z.object({
  id: z.string(),
  customer_id: z.string(),
  type: ServiceType,
  plan: z.string().nullable(),
  team_id: z.string(),
  valid_from: z.string(),
  valid_to: z.string().nullable(),
});
export const Netblock = z.object({
  id: z.number().int(),
  cidr: z.string(),
  service_id: z.string().nullable(),
  team_id: z.string().nullable(),
  shared: z.boolean(),
  valid_from: z.string(),
  valid_to: z.string().nullable().describe("exclusive end; null while it holds"),
  note: z.string().nullable(),
});
export const Domain = z.object({
  id: z.number().int(),
  domain: z.string(),
  service_id: z.string(),
  valid_from: z.string(),
  valid_to: z.string().nullable().describe("exclusive end; null while it holds"),
});
