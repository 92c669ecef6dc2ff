import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { MisuseType, Ownership } from "../domain/case.ts";
import { ContactRole } from "../domain/contact-role.ts";
import { ServiceType } from "../domain/inventory.ts";
import { CLASSIFICATION_TYPES } from "../domain/taxonomy.ts";

const DEFAULT_POLICY_FILE = new URL("./default-policy.yaml", import.meta.url);

/** Fields whose values make a case's group key. */
export const GroupField = z.enum([
  "service",
  "customer",
  "team",
  "netblock",
  "type",
  "taxonomy",
  "host",
  "ip",
  "registrable_domain",
  "resource",
  "feed",
]);
export type GroupField = z.infer<typeof GroupField>;

/** A grouping rule applies to a service type, or to the platform / not-ours owners. */
export const GroupTarget = z.enum([...ServiceType.options, "platform", "not_ours"]);
export type GroupTarget = z.infer<typeof GroupTarget>;

const ClassificationType = z.enum(CLASSIFICATION_TYPES);
const Rule = z.array(GroupField).min(1);
const RuleSet = z.partialRecord(GroupTarget, Rule);

const Sla = z.object({
  first_action_hours: z.number().positive(),
  resolution_hours: z.number().positive(),
  pause_while_waiting_customer: z.boolean(),
});
export type Sla = z.infer<typeof Sla>;

const ActionName = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower_snake_case");

const MisuseRule = z.object({
  suggest: MisuseType.exclude(["undetermined"]),
  when: z
    .object({
      type: z.array(ClassificationType),
      service_type: z.array(ServiceType),
      ownership: z.array(Ownership),
      customer_verification: z.array(z.string()),
      service_age_days_below: z.number().nonnegative(),
      service_age_days_at_least: z.number().nonnegative(),
    })
    .partial()
    .strict(),
  reason_en: z.string(),
  reason_ja: z.string(),
});
export type MisuseRule = z.infer<typeof MisuseRule>;

const NoticeRule = z
  .object({
    notify: z.boolean(),
    interval_minutes: z.number().nonnegative(),
    cc: z.array(z.email()),
  })
  .partial()
  .strict();
export type NoticeRule = z.infer<typeof NoticeRule>;

/** The notice rule for a customer and a type: defaults, then the type's, then the customer's. */
export function noticeRuleOf(
  policy: CasePolicy,
  customerId: string,
  type: string,
): { notify: boolean; interval_minutes: number; cc: string[] } {
  const n = policy.notifications;
  const merged = {
    notify: true,
    interval_minutes: n.batch_interval_minutes,
    cc: [] as string[],
    ...n.default,
    ...n.types[type as keyof typeof n.types],
    ...n.customers[customerId],
  };
  return { notify: merged.notify, interval_minutes: merged.interval_minutes, cc: merged.cc };
}

/** Whom to ask first for a type, how long to wait, and which legal routes may follow. */
const Playbook = z.object({
  roles: z.array(ContactRole).min(1),
  deadline_hours: z.number().positive(),
  legal_routes: z.array(z.string()).default([]),
});

/** The whole policy, as the default file has it. */
export const CasePolicy = z
  .object({
    reopen_window_days: z.number().nonnegative(),
    grouping: z.object({
      default: z.record(GroupTarget, Rule),
      types: z.partialRecord(ClassificationType, RuleSet).default({}),
    }),
    sla: z.object({
      default: Sla,
      types: z.partialRecord(ClassificationType, Sla.partial()).default({}),
    }),
    actions: z.object({
      catalog: z.record(
        ActionName,
        z.object({
          label_en: z.string(),
          label_ja: z.string(),
          requires_reason: z.boolean().default(false),
        }),
      ),
      allowed: z.record(GroupTarget, z.array(ActionName)),
    }),
    misuse_rules: z.array(MisuseRule),
    evidence: z.object({ capture_types: z.array(ClassificationType) }),
    takedown: z.object({
      default: Playbook,
      types: z.partialRecord(ClassificationType, Playbook.partial()).default({}),
      escalation: z.partialRecord(ContactRole, ContactRole),
      legal_routes: z.record(
        z.string().regex(/^[a-z_]+$/),
        z.object({
          label_en: z.string(),
          label_ja: z.string(),
          needs_en: z.string(),
          needs_ja: z.string(),
        }),
      ),
    }),
    notifications: z.object({
      urgent_types: z.array(ClassificationType),
      batch_interval_minutes: z.number().nonnegative(),
      reply_token_days: z.number().positive(),
      default: NoticeRule,
      types: z.partialRecord(ClassificationType, NoticeRule).default({}),
      customers: z.record(z.string(), NoticeRule).default({}),
    }),
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const [type, book] of Object.entries({
      default: p.takedown.default,
      ...p.takedown.types,
    })) {
      for (const route of book?.legal_routes ?? []) {
        if (!(route in p.takedown.legal_routes)) {
          ctx.addIssue({
            code: "custom",
            path: ["takedown", type === "default" ? "default" : `types.${type}`, "legal_routes"],
            message: `legal route "${route}" is not in takedown.legal_routes`,
          });
        }
      }
    }
    for (const [target, actions] of Object.entries(p.actions.allowed)) {
      for (const a of actions) {
        if (!(a in p.actions.catalog)) {
          ctx.addIssue({
            code: "custom",
            path: ["actions", "allowed", target],
            message: `action "${a}" is not in actions.catalog`,
          });
        }
      }
    }
  });
export type CasePolicy = z.infer<typeof CasePolicy>;

/** A policy file that cannot be used; the message names the file and the problem. */
export class PolicyError extends Error {
  override name = "PolicyError";
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else (lists, numbers) replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
  return out;
}

function readYaml(path: string | URL): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new PolicyError(
      `${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`,
    );
  }
  try {
    return parseYaml(text) ?? {};
  } catch (e) {
    throw new PolicyError(`${path}: not valid YAML: ${(e as Error).message}`);
  }
}

/**
 * The case policy: the default file, with the operator's file (MOGURA_POLICY_FILE) merged
 * over it. Validated as a whole; a mistake is one message naming the file and the field.
 */
export function loadPolicy(file?: string): CasePolicy {
  const base = readYaml(DEFAULT_POLICY_FILE);
  const merged = file ? merge(base, readYaml(file)) : base;
  const parsed = CasePolicy.safeParse(merged);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)
      .join("; ");
    throw new PolicyError(`${file ?? "the default policy"}: ${first}`);
  }
  return parsed.data;
}

/** The SLA of a classification type. */
export function slaOf(policy: CasePolicy, type: string): Sla {
  return { ...policy.sla.default, ...policy.sla.types[type as keyof typeof policy.sla.types] };
}

/** The grouping rule for a type and an owner target. */
export function groupRuleOf(policy: CasePolicy, type: string, target: GroupTarget): GroupField[] {
  return (
    policy.grouping.types[type as keyof typeof policy.grouping.types]?.[target] ??
    policy.grouping.default[target] ??
    (target === "not_ours" ? ["resource", "type"] : ["service", "type"])
  );
}

/** The actions allowed for an owner target (a service type, platform or not_ours). */
export function allowedActions(policy: CasePolicy, target: GroupTarget): string[] {
  return policy.actions.allowed[target] ?? [];
}

/** The takedown playbook of a type: the type's own entries over the default. */
export function playbookOf(
  policy: CasePolicy,
  type: string,
): { roles: ContactRole[]; deadline_hours: number; legal_routes: string[] } {
  const own = policy.takedown.types[type as keyof typeof policy.takedown.types] ?? {};
  return { ...policy.takedown.default, ...own } as {
    roles: ContactRole[];
    deadline_hours: number;
    legal_routes: string[];
  };
}
