import { z } from "zod";
import { Contact, ContactRole, RequestFormat } from "../contacts/contact-types.ts";

/**
 * Where a request to another provider stands. `sent → acknowledged → acted → resource_down →
 * closed` is the good path; `refused`, `unanswered` and `escalated` end it otherwise (an
 * escalation is a new request to the next recipient, with this one's history).
 */
export const TakedownState = z.enum([
  "draft",
  "sent",
  "acknowledged",
  "acted",
  "resource_down",
  "closed",
  "refused",
  "unanswered",
  "escalated",
]);
export type TakedownState = z.output<typeof TakedownState>;

/** The moves a person (or the desk's jobs) may make from each state. */
export const TAKEDOWN_TRANSITIONS: Record<TakedownState, readonly TakedownState[]> = {
  draft: ["sent", "closed"],
  sent: ["acknowledged", "acted", "resource_down", "refused", "unanswered", "escalated", "closed"],
  acknowledged: ["acted", "resource_down", "refused", "unanswered", "escalated", "closed"],
  acted: ["resource_down", "escalated", "closed"],
  resource_down: ["closed", "acted"],
  refused: ["escalated", "closed"],
  unanswered: ["escalated", "closed", "acknowledged", "acted", "resource_down"],
  escalated: ["closed"],
  closed: [],
};

/** What a person may record from a state by hand (sending and escalating are their own calls). */
export const handMoves = (s: TakedownState): TakedownState[] =>
  TAKEDOWN_TRANSITIONS[s].filter((t) => t !== "sent" && t !== "escalated" && t !== "draft");

/** The states in which a request still waits for its recipient. */
export const WAITING_STATES: readonly TakedownState[] = ["sent", "acknowledged"];

export const TakedownChannel = z.enum(["email", "web_form"]);

export const TakedownRequest = z.object({
  id: z.number().int(),
  case_id: z.number().int(),
  role: ContactRole,
  recipient: Contact.describe("the contact as it was looked up when the request was drafted"),
  channel: TakedownChannel.describe(
    "email: sent through the outbox; web_form: the desk fills in the recipient's form",
  ),
  format: RequestFormat,
  language: z.enum(["ja", "en"]),
  resources: z.array(z.string()).describe("the URLs, hosts or addresses asked about"),
  subject: z.string(),
  body: z.string().describe("the mail as the recipient reads it (reply address masked)"),
  xarf: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("the XARF v4 report attached, if any"),
  state: TakedownState,
  deadline_at: z.string().nullable(),
  escalates: z.number().int().nullable().describe("the earlier request this one escalates"),
  outbox_id: z.number().int().nullable(),
  created_at: z.string(),
  created_by: z.string(),
  sent_at: z.string().nullable(),
  acknowledged_at: z.string().nullable(),
  acted_at: z.string().nullable(),
  down_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  updated_at: z.string(),
  moves: z
    .array(TakedownState)
    .describe(
      "the states the desk may record next (POST …/state); sending and escalating have their own calls",
    ),
  can_escalate: z.boolean(),
  next_role: ContactRole.nullable().describe("whom an escalation would ask, by the policy's chain"),
  replies: z
    .array(
      z.object({
        id: z.number().int(),
        sender: z.string().nullable(),
        subject: z.string().nullable(),
        body: z.string(),
        received_at: z.string(),
      }),
    )
    .optional(),
});
export type TakedownRequest = z.output<typeof TakedownRequest>;

/** A type's playbook as the desk reads it: whom to ask, how long to wait, what may follow. */
export const Playbook = z.object({
  type: z.string(),
  roles: z.array(ContactRole),
  deadline_hours: z.number(),
  legal_routes: z.array(
    z.object({
      name: z.string(),
      label_en: z.string(),
      label_ja: z.string(),
      needs_en: z.string().describe("what this route needs from the evidence"),
      needs_ja: z.string(),
    }),
  ),
});
export type Playbook = z.output<typeof Playbook>;

export const DraftInput = z.object({
  roles: z
    .array(ContactRole)
    .min(1)
    .optional()
    .describe(
      "whom to ask; default: the playbook of the case's type (phishing: platform, host and registrar at once)",
    ),
  format: RequestFormat.optional().describe("default: the recipient's preference, else both"),
  language: z
    .enum(["ja", "en"])
    .optional()
    .describe("default: the recipient's preference, else ja for .jp and JP networks, en otherwise"),
  deadline_hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
});
export type DraftInput = z.input<typeof DraftInput>;
