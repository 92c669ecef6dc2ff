import { z } from "zod";

/** Where a case stands. `rejected`: not abuse, or a false positive. */
export const CaseState = z.enum([
  "new",
  "acknowledged",
  "waiting_customer",
  "action_taken",
  "resolved",
  "closed",
  "rejected",
]);
export type CaseState = z.infer<typeof CaseState>;

/** States in which the case still holds its group (new events join it). */
export const OPEN_STATES: readonly CaseState[] = [
  "new",
  "acknowledged",
  "waiting_customer",
  "action_taken",
  "resolved",
];

/**
 * The moves an analyst may make. Any open state may be rejected; a closed or rejected case
 * may be reopened (back to acknowledged) by hand.
 */
export const TRANSITIONS: Record<CaseState, readonly CaseState[]> = {
  new: ["acknowledged", "waiting_customer", "action_taken", "resolved", "rejected"],
  acknowledged: ["waiting_customer", "action_taken", "resolved", "rejected"],
  waiting_customer: ["acknowledged", "action_taken", "resolved", "rejected"],
  action_taken: ["waiting_customer", "resolved", "rejected", "acknowledged"],
  resolved: ["closed", "acknowledged"],
  closed: ["acknowledged"],
  rejected: ["acknowledged"],
};

/** The seeds' four kinds of misuse, and "not yet known". */
export const MisuseType = z.enum([
  "fraudulent_contract",
  "compromised_customer",
  "downstream_reseller",
  "grey_use",
  "undetermined",
]);
export type MisuseType = z.infer<typeof MisuseType>;

/** Who an event belongs to. */
export const Ownership = z.enum(["customer", "platform", "not_ours"]);
export type Ownership = z.infer<typeof Ownership>;

export const CaseId = z.coerce.number().int().positive();

export const MisuseSuggestion = z.object({
  misuse_type: MisuseType,
  reason_en: z.string(),
  reason_ja: z.string(),
});

export const CaseSla = z.object({
  first_action_due: z.string().nullable(),
  resolution_due: z.string().nullable(),
  first_action_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  paused: z.boolean().describe("the clock stands still while the case waits for the customer"),
  first_action_breached: z.boolean(),
  resolution_breached: z.boolean(),
  next_deadline: z.string().nullable(),
});

export const CaseSummary = z.object({
  id: z.number().int(),
  state: CaseState,
  type: z.string().describe("RSIT classification type"),
  taxonomy: z.string(),
  ownership: Ownership,
  resource: z.string().describe("the host name, registrable domain or IP the case is about"),
  service_id: z.string().nullable(),
  service_type: z.string().nullable(),
  customer_id: z.string().nullable(),
  team_id: z.string().nullable(),
  netblock_id: z.number().int().nullable(),
  event_count: z.number().int(),
  misuse_type: MisuseType,
  misuse_suggestions: z.array(MisuseSuggestion),
  assignee: z.string().nullable(),
  reemerged: z.boolean(),
  reemerged_count: z.number().int(),
  merged_into: z.number().int().nullable(),
  first_event_at: z.string(),
  last_event_at: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  sla: CaseSla,
});
export type CaseSummary = z.infer<typeof CaseSummary>;

export const TimelineEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z
    .string()
    .describe(
      "created, events, transition, note, action, assigned, misuse, merged, split, reopened",
    ),
  actor: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;
