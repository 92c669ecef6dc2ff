import { and, eq, max, sql } from "drizzle-orm";
import { addTimeline, markNotified } from "../cases/case-store.ts";
import { type CasePolicy, noticeRuleOf } from "../cases/policy.ts";
import { iso, isoOrNull } from "../domain/time.ts";
import type { Db, SqlRunner, Store, Tx } from "../store/database.ts";
import { outbox } from "../store/schema.ts";
import { queueMail } from "./outbox.ts";
import {
  addressOf,
  createReplyTokens,
  linkTokensToMail,
  replyAddress,
  TOKEN_MARKS,
} from "./reply-tokens.ts";
import type { RenderedMail, TemplateSet } from "./templates.ts";
import type { TokenKey } from "./token-key.ts";

/** What notices need: the database, the templates, the policy, and who we are. */
export interface NotifyDeps {
  store: Store;
  templates: TemplateSet;
  policy: CasePolicy;
  from: string;
  providerName: string;
  publicUrl: string;
  /** What reply tokens are made from (they are filled in when the mail goes out). */
  tokenKey: TokenKey;
}

// Raw SQL: a notice is drawn from other modules' tables (cases, customers, events, reports,
// evidence_captures), which notify may read but not query through their drizzle tables.

const OPEN = ["new", "acknowledged", "waiting_customer", "action_taken"];
// Shown in a notice: enough to find the problem, not the whole report.
const MAX_URLS = 20;
const MAX_IPS = 20;

interface CaseFacts {
  id: number;
  classification_type: string;
  resource: string;
  service_id: string | null;
  customer_id: string | null;
  first_event_at: Date;
  last_event_at: Date;
  first_action_due: Date | null;
  resolution_due: Date | null;
  misuse_type: string;
}

/** A case as the notice templates see it: what, where, when, by when, and evidence that may be shown. */
async function noticeCase(db: SqlRunner, templates: TemplateSet, lang: "ja" | "en", c: CaseFacts) {
  const texts = templates.texts(lang);
  const t = texts.types[c.classification_type] ?? texts.default;
  const tracking = await db.query<{ tracking_number: string }>(
    `SELECT DISTINCT r.tracking_number FROM events e JOIN reports r ON r.id = e.report_id
      WHERE e.case_id = $1 AND r.tracking_number IS NOT NULL ORDER BY 1 LIMIT 20`,
    [c.id],
  );
  const events = await db.query<{ data: Record<string, unknown> }>(
    "SELECT data FROM events WHERE case_id = $1 ORDER BY id LIMIT 500",
    [c.id],
  );
  const urls = new Set<string>();
  const ips = new Set<string>();
  for (const { data } of events) {
    if (typeof data["source.url"] === "string" && urls.size < MAX_URLS)
      urls.add(data["source.url"]);
    if (typeof data["source.ip"] === "string" && ips.size < MAX_IPS) ips.add(data["source.ip"]);
  }
  // Mogura's own captures may be shown; what reporters sent only with their consent, and
  // never what they marked TLP:RED or AMBER+STRICT.
  const evidence = await db.query<{ kind: string; summary: string | null; sha256: string }>(
    `SELECT ec.kind, ec.summary, ec.blobs->>0 AS sha256 FROM evidence_captures ec
       LEFT JOIN reports r ON r.id = ec.report_id
      WHERE ec.case_id = $1 AND ec.status = 'done' AND ec.blobs->>0 IS NOT NULL
        AND (ec.kind <> 'attachment' OR (
             (r.meta->>'consentToForward')::boolean IS TRUE
             AND coalesce(r.meta->>'tlp', 'clear') NOT IN ('red', 'amber+strict')))
      ORDER BY ec.id LIMIT 20`,
    [c.id],
  );
  return {
    id: c.id,
    tracking_numbers: tracking.map((r) => r.tracking_number),
    type: c.classification_type,
    type_label: t.label,
    resource: c.resource,
    service_id: c.service_id ?? "",
    first_seen: iso(c.first_event_at as Date),
    last_seen: iso(c.last_event_at as Date),
    urls: [...urls],
    ips: [...ips],
    evidence: evidence.map((e) => ({ kind: e.kind, summary: e.summary ?? "", sha256: e.sha256 })),
    first_action_due: isoOrNull(c.first_action_due) ?? "",
    resolution_due: isoOrNull(c.resolution_due) ?? "",
    required_action: t.required_action,
  };
}

export interface NoticeDraft {
  to: string[];
  cc: string[];
  mail: RenderedMail;
  language: "ja" | "en";
  customerId: string;
  caseIds: number[];
  tokens: { ids: number[] };
}

/**
 * Renders the notice for cases of one customer (one case: the single notice; several: the
 * batch) with fresh reply tokens, inside `tx`. Null when the customer has no address.
 */
export async function draftNotice(
  tx: Tx,
  deps: NotifyDeps,
  customerId: string,
  caseIds: number[],
): Promise<NoticeDraft | { problem: string }> {
  const [customer] = await tx.query<{
    id: string;
    name: string;
    email: string | null;
    abuse_email: string | null;
    language: string;
  }>("SELECT id, name, email, abuse_email, language FROM customers WHERE id = $1", [customerId]);
  if (!customer) return { problem: `customer ${customerId} is not in the inventory` };
  const to = customer.abuse_email ?? customer.email;
  if (!to) return { problem: `customer ${customerId} has no e-mail address in the inventory` };
  const lang = customer.language === "en" ? "en" : "ja";
  const cases = await tx.query<CaseFacts>(
    `SELECT id, classification_type, resource, service_id, customer_id, first_event_at, last_event_at,
            first_action_due, resolution_due, misuse_type
       FROM cases WHERE id = ANY($1::bigint[]) ORDER BY id`,
    [caseIds],
  );
  const first = cases[0];
  if (!first) return { problem: "no such case" };
  const rule = noticeRuleOf(deps.policy, customerId, first.classification_type);
  const cc = [...rule.cc];
  if (
    customer.abuse_email &&
    customer.email &&
    cases.some((c) => c.misuse_type === "downstream_reseller")
  )
    cc.push(customer.email);
  const tokens = await createReplyTokens(tx, deps.tokenKey, {
    caseIds: cases.map((c) => c.id),
    customerId,
    days: deps.policy.notifications.reply_token_days,
  });
  const base = {
    lang,
    provider: { name: deps.providerName, abuse_address: addressOf(deps.from) },
    customer: { id: customer.id, name: customer.name },
    reply: {
      address: replyAddress(deps.from, TOKEN_MARKS.mail),
      portal_url: `${deps.publicUrl.replace(/\/+$/, "")}/portal/${TOKEN_MARKS.portal}`,
      expires_at: tokens.expiresAt.toISOString(),
    },
  };
  const facts = await Promise.all(cases.map((c) => noticeCase(tx, deps.templates, lang, c)));
  const mail =
    facts.length === 1
      ? deps.templates.render("customer-notice", first.classification_type, lang, {
          ...base,
          case: facts[0],
        })
      : deps.templates.render("customer-batch", null, lang, { ...base, cases: facts });
  return {
    to: [to],
    cc: [...new Set(cc)],
    mail,
    language: lang,
    customerId,
    caseIds: cases.map((c) => c.id),
    tokens,
  };
}

/**
 * Queues a customer notice (rendered now, or as an analyst edited it) and marks its cases
 * told. Returns the outbox id, or the reason no notice could be made.
 */
export async function queueNotice(
  deps: NotifyDeps,
  customerId: string,
  caseIds: number[],
  opts: { createdBy?: string; edited?: Partial<RenderedMail>; to?: string[]; batch?: boolean } = {},
): Promise<{ outboxId: number } | { problem: string }> {
  return deps.store.transaction(async (tx) => {
    const draft = await draftNotice(tx, deps, customerId, caseIds);
    if ("problem" in draft) return draft;
    const mail = { ...draft.mail, ...opts.edited };
    const outboxId = await queueMail(tx, deps.from, {
      kind: "customer_notice",
      to: opts.to ?? draft.to,
      cc: draft.cc,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: {
        "X-Mogura-Cases": draft.caseIds.join(","),
        ...(opts.batch ? { "X-Mogura-Batch": "yes" } : {}),
      },
      caseIds: draft.caseIds,
      customerId,
      language: draft.language,
      createdBy: opts.createdBy ?? "system",
    });
    if (outboxId !== null) await linkTokensToMail(tx, draft.tokens.ids, outboxId);
    await markNotified(tx, draft.caseIds);
    await addTimeline(tx, draft.caseIds, "notice", opts.createdBy ?? "system", {
      outbox_id: outboxId,
      result: "queued",
      to: opts.to ?? draft.to,
      subject: mail.subject,
    });
    return { outboxId: outboxId as number };
  });
}

/**
 * Open customer cases not told yet, of the given report (or of everyone when null). The
 * sweep passes `olderThanSeconds`: a case younger than that is still in the pipeline (its
 * evidence is being planned, its notice follows), and a notice drawn now would miss what the
 * reporter attached.
 */
export async function untoldCases(
  db: SqlRunner,
  opts: { reportId?: string; customerId?: string; olderThanSeconds?: number },
): Promise<{ id: number; customer_id: string; classification_type: string }[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const join = opts.reportId
    ? `JOIN events e ON e.case_id = c.id AND e.report_id = ${p(opts.reportId)}`
    : "";
  const open = p(OPEN);
  const customer = opts.customerId ? `AND c.customer_id = ${p(opts.customerId)}` : "";
  const age =
    opts.olderThanSeconds !== undefined
      ? `AND c.created_at < now() - make_interval(secs => ${p(opts.olderThanSeconds)})`
      : "";
  const rows = await db.query<{ id: string; customer_id: string; classification_type: string }>(
    `SELECT DISTINCT c.id, c.customer_id, c.classification_type FROM cases c ${join}
      WHERE c.ownership = 'customer' AND c.customer_id IS NOT NULL AND c.notified_at IS NULL
        AND c.state = ANY(${open}::text[]) ${customer} ${age}
      ORDER BY c.id LIMIT 1000`,
    params,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** When this customer was last sent a batched notice (their pacing), or null. */
export async function lastBatchAt(db: { db: Db }, customerId: string): Promise<Date | null> {
  const [row] = await db.db
    .select({ at: max(outbox.createdAt) })
    .from(outbox)
    .where(
      and(
        eq(outbox.kind, "customer_notice"),
        eq(outbox.customerId, customerId),
        sql`${outbox.headers} ? 'X-Mogura-Batch'`,
      ),
    );
  return row?.at ? new Date(row.at) : null;
}
