import { simpleParser } from "mailparser";
import { caseDetail } from "../cases/case-queries.ts";
import { addTimeline } from "../cases/case-store.ts";
import { playbookOf } from "../cases/policy.ts";
import type { Contact } from "../contacts/contact-types.ts";
import type { ContactsEngine } from "../contacts/engine.ts";
import { notFound, UserError } from "../domain/errors.ts";
import { storableText } from "../domain/storable.ts";
import type { BlobStore } from "../evidence/blob-store.ts";
import { capturesOfCase } from "../evidence/capture-store.ts";
import type { NotifyDeps } from "../notify/notices.ts";
import { queueMail } from "../notify/outbox.ts";
import {
  addressOf,
  createReplyTokens,
  findReplyToken,
  linkTokensToMail,
  replyAddress,
  TOKEN_MARKS,
} from "../notify/reply-tokens.ts";
import { typeText } from "../notify/templates.ts";
import type { Tx } from "../store/database.ts";
import {
  addReply,
  getRequest,
  insertRequest,
  moveRequest,
  requestOfToken,
  requestsOfCase,
  setReplyTokenOf,
  setRequestText,
} from "./request-store.ts";
import { requestBody, requestSubject } from "./request-text.ts";
import {
  DraftInput,
  type Playbook,
  TAKEDOWN_TRANSITIONS,
  type TakedownRequest,
  type TakedownState,
  WAITING_STATES,
} from "./request-types.ts";
import { buildXarf, type XarfReport, xarfTypeOf } from "./xarf.ts";

/** What the takedown desk needs: contacts, the outbox and its texts, and the evidence blobs. */
export interface TakedownDeps {
  notify: NotifyDeps;
  contacts: ContactsEngine;
  blobs: BlobStore;
  /** Queues the delivery of an outbox mail at once (the sweep would find it later anyway). */
  deliver?: (outboxId: number) => Promise<unknown>;
}

// A mail that lists more than this many URLs is hard to act on; the rest go in the next one.
const MAX_RESOURCES = 50;
// A captured page larger than XARF's evidence limit is named by hash, not attached.
const MAX_XARF_PAGE = 5 * 1024 * 1024;

/** The URLs (else hosts, else addresses) a not-ours case is about, as its events name them. */
function resourcesOf(events: { data: Record<string, unknown> }[]): string[] {
  const out = new Set<string>();
  for (const { data } of events) {
    const v = data["source.url"] ?? data["source.fqdn"] ?? data["source.ip"];
    if (typeof v === "string" && v !== "") out.add(v);
    if (out.size >= MAX_RESOURCES) break;
  }
  return [...out];
}

const recipientKey = (c: Contact) =>
  `${c.role}|${c.email ?? c.web_form ?? c.organisation ?? c.about}`.toLowerCase();

/** The recipient's language: theirs when the desk knows it, Japanese for .jp and JP networks. */
function languageFor(c: Contact, resources: string[]): "ja" | "en" {
  if (c.language) return c.language;
  if (c.country === "JP") return "ja";
  return resources.some((r) => /\.jp(?:[/:]|$)/i.test(r)) ? "ja" : "en";
}

/**
 * Drafts the requests of a case whose resource is not ours: one per recipient (many URLs on
 * one host go to its host in one request), with the contacts as they were looked up. Returns
 * the drafts and, for recipients that could not be drafted, why.
 */
export async function draftRequests(
  deps: TakedownDeps,
  caseId: number,
  input: DraftInput,
  actor: string,
): Promise<{ requests: TakedownRequest[]; problems: string[] }> {
  const opts = DraftInput.parse(input);
  const store = deps.notify.store;
  const detail = await caseDetail(store, caseId, 500);
  if (detail.ownership !== "not_ours") {
    throw new UserError(
      "not_a_takedown",
      `Case ${caseId} is about a resource of ours (${detail.ownership}): notify the customer instead of asking another provider.`,
      409,
    );
  }
  const resources = resourcesOf(detail.events);
  if (resources.length === 0) resources.push(detail.resource);
  const playbook = playbookOf(deps.notify.policy, detail.type);
  const roles = opts.roles ?? playbook.roles;

  // One lookup per host: the URLs of one host share their contacts.
  const byHost = new Map<string, string[]>();
  for (const r of resources) {
    let host = r;
    try {
      host = new URL(r).host;
    } catch {
      // A bare host or address is its own key.
    }
    byHost.set(host, [...(byHost.get(host) ?? []), r]);
  }
  const problems: string[] = [];
  const recipients = new Map<
    string,
    { contact: Contact; resources: string[]; addresses: string[] }
  >();
  for (const [host, list] of byHost) {
    let lookup: Awaited<ReturnType<ContactsEngine["lookup"]>>;
    try {
      lookup = await deps.contacts.lookup(list[0] as string);
    } catch (e) {
      problems.push(`${host}: ${(e as Error).message}`);
      continue;
    }
    for (const role of roles) {
      const ofRole = lookup.contacts.filter((c) => c.role === role);
      const contact = ofRole.find((c) => c.email || c.web_form) ?? ofRole[0];
      if (!contact) {
        if (role !== "platform" && role !== "cert")
          problems.push(`${host}: no ${role} contact found`);
        continue;
      }
      if (!contact.email && !contact.web_form) {
        problems.push(
          `${host}: the ${role} (${contact.organisation ?? contact.about}) publishes no address; add one with mogura contacts override add`,
        );
        continue;
      }
      const key = recipientKey(contact);
      const entry = recipients.get(key) ?? { contact, resources: [], addresses: [] };
      entry.resources.push(...list);
      entry.addresses.push(...lookup.addresses);
      recipients.set(key, entry);
    }
  }

  const open = (await requestsOfCase(store.db, caseId)).filter((r) =>
    (["draft", ...WAITING_STATES] as TakedownState[]).includes(r.state),
  );
  const drafted: TakedownRequest[] = [];
  await store.transaction(async (tx) => {
    for (const [key, r] of recipients) {
      if (open.some((o) => recipientKey(o.recipient) === key)) {
        problems.push(
          `${r.contact.organisation ?? r.contact.about} (${r.contact.role}) already has an open request on this case`,
        );
        continue;
      }
      drafted.push(
        await draftOne(tx, deps, detail, r, {
          format: opts.format,
          deadlineHours: opts.deadline_hours ?? playbook.deadline_hours,
          actor,
        }),
      );
    }
  });
  return { requests: drafted, problems };
}

type Detail = Awaited<ReturnType<typeof caseDetail>>;

async function draftOne(
  tx: Tx,
  deps: TakedownDeps,
  detail: Detail,
  r: { contact: Contact; resources: string[]; addresses: string[] },
  o: {
    format?: "xarf" | "mail" | "both";
    deadlineHours: number;
    actor: string;
    escalates?: TakedownRequest;
  },
): Promise<TakedownRequest> {
  const resources = [...new Set(r.resources)];
  const addresses = [...new Set(r.addresses)];
  const language = languageFor(r.contact, resources);
  const xarfType = xarfTypeOf(detail.type);
  const format = xarfType ? (o.format ?? r.contact.preferred_format ?? "both") : "mail";
  const deadline = new Date(Date.now() + o.deadlineHours * 3_600_000);
  const created = await insertRequest(tx.db, {
    caseId: detail.id,
    role: r.contact.role,
    recipient: r.contact,
    channel: r.contact.email ? "email" : "web_form",
    format,
    language,
    resources,
    subject: "",
    body: "",
    state: "draft",
    deadlineAt: deadline,
    escalates: o.escalates?.id ?? null,
    createdBy: o.actor,
  });
  const captures = (await capturesOfCase(tx, detail.id)).filter(
    // Only what Mogura fetched itself: what reporters sent is theirs to pass on, not ours.
    (c) => c.status === "done" && c.kind !== "attachment" && c.blobs[0],
  );
  const xarf: XarfReport[] =
    format === "mail" || !xarfType
      ? []
      : resources
          .filter((u) => /^https?:\/\//i.test(u))
          .map((url) => xarfFor(deps, detail, url, addresses, captures));
  const history = o.escalates
    ? (await requestsOfCase(tx.db, detail.id))
        .filter((q) => q.id !== created.id && q.sent_at !== null)
        .map((q) => ({
          to: q.recipient.organisation ?? q.recipient.email ?? q.recipient.about,
          sentAt: q.sent_at,
          // The one escalated now is told as it stood: what it got (no answer, a refusal).
          state: q.id === o.escalates?.id ? o.escalates.state : q.state,
        }))
    : [];
  const texts = deps.notify.templates.texts(language);
  const facts = {
    language,
    provider: deps.notify.providerName,
    fromAddress: addressOf(deps.notify.from),
    ...(r.contact.organisation ? { recipientName: r.contact.organisation } : {}),
    role: r.contact.role,
    typeLabel: typeText(texts, detail.type).label,
    resources,
    addresses,
    firstSeen: detail.first_event_at,
    lastSeen: detail.last_event_at,
    evidence: captures.slice(0, 10).map((c) => ({
      kind: c.kind,
      sha256: c.blobs[0] as string,
      at: c.finished_at ?? c.created_at,
    })),
    deadline: deadline.toISOString(),
    caseId: detail.id,
    requestId: created.id,
    xarfAttached: xarf.length > 0,
    packageAttached: false,
    history,
  };
  const updated = await setRequestText(tx.db, created.id, {
    subject: requestSubject(facts),
    body: requestBody(facts),
    xarf: xarf.length > 0 ? { reports: xarf } : null,
  });
  await addTimeline(tx, detail.id, "takedown", o.actor, {
    request_id: created.id,
    step: "drafted",
    role: r.contact.role,
    to: r.contact.email ?? r.contact.web_form ?? null,
    organisation: r.contact.organisation ?? null,
    source: r.contact.source,
    ...(o.escalates ? { escalates: o.escalates.id } : {}),
  });
  return updated;
}

function xarfFor(
  deps: TakedownDeps,
  detail: Detail,
  url: string,
  addresses: string[],
  captures: Awaited<ReturnType<typeof capturesOfCase>>,
): XarfReport {
  const desk = addressOf(deps.notify.from);
  const domain = desk.split("@")[1] ?? "invalid.example";
  const party = { org: deps.notify.providerName.slice(0, 200), contact: desk, domain };
  const http = captures.find((c) => c.kind === "http" && c.target === url && c.blobs[1]);
  const bytes = http?.blobs[1] ? deps.blobs.get(http.blobs[1]) : null;
  const final = (http?.result as { final?: { content_type?: string } } | undefined)?.final;
  const host = (() => {
    try {
      return new URL(url).hostname;
    } catch {
      return url;
    }
  })();
  return buildXarf({
    rsitType: detail.type,
    url,
    host,
    ...(addresses[0] ? { ip: addresses[0] } : {}),
    // The desk reports in its own name: reporters are not named to third parties.
    reporter: party,
    sender: party,
    caseId: detail.id,
    firstSeen: detail.first_event_at,
    ...(bytes && bytes.byteLength <= MAX_XARF_PAGE && http
      ? {
          page: {
            bytes,
            contentType: final?.content_type ?? "text/html",
            fetchedAt: http.finished_at ?? http.created_at,
          },
        }
      : {}),
    description: `${detail.type} reported to ${deps.notify.providerName}; first seen ${detail.first_event_at}, last seen ${detail.last_event_at}.`,
  });
}

/**
 * Sends a drafted request: by mail through the outbox (XARF attached as the format says, a
 * reply address that threads answers back), or, for a recipient with a web form only, records
 * that the desk submitted it there. The request is `sent` once the mail is queued.
 */
export async function sendRequest(
  deps: TakedownDeps,
  id: number,
  actor: string,
): Promise<TakedownRequest> {
  const store = deps.notify.store;
  const sent = await store.transaction(async (tx) => {
    const r = await getRequest(tx.db, id);
    if (!r) throw notFound(`takedown request ${id}`);
    if (r.state !== "draft") {
      throw new UserError("not_a_draft", `Takedown request ${id} is ${r.state}, not a draft.`, 409);
    }
    let outboxId: number | undefined;
    if (r.channel === "email" && r.recipient.email) {
      const tokens = await createReplyTokens(tx, deps.notify.tokenKey, {
        caseIds: [r.case_id],
        customerId: null,
        days: deps.notify.policy.notifications.reply_token_days,
        purposes: ["takedown"],
      });
      const reports = (r.xarf?.reports as XarfReport[] | undefined) ?? [];
      const attachXarf = r.format !== "mail" && reports.length > 0;
      outboxId =
        (await queueMail(tx, deps.notify.from, {
          kind: "takedown_request",
          to: [r.recipient.email],
          subject: r.subject,
          // XARF only: the recipient's parser reads the attachment, a person the short body.
          text: r.body,
          headers: {
            "Reply-To": replyAddress(deps.notify.from, TOKEN_MARKS.takedown),
            "X-Mogura-Cases": String(r.case_id),
            "X-Mogura-Takedown": String(r.id),
            ...(attachXarf ? { "X-XARF": "PLAIN" } : {}),
          },
          attachments: attachXarf
            ? reports.map((x, i) => ({
                filename: reports.length === 1 ? "xarf.json" : `xarf-${i + 1}.json`,
                contentType: "application/json",
                content: JSON.stringify(x, null, 2),
              }))
            : [],
          caseIds: [r.case_id],
          language: r.language,
          createdBy: actor,
        })) ?? undefined;
      if (outboxId !== undefined) await linkTokensToMail(tx, tokens.ids, outboxId);
      await setReplyTokenOf(tx.db, r.id, tokens.ids[0] as number);
    }
    const moved = await moveRequest(
      tx.db,
      id,
      ["draft"],
      "sent",
      outboxId !== undefined ? { outboxId } : {},
    );
    if (!moved)
      throw new UserError("not_a_draft", `Takedown request ${id} was sent meanwhile.`, 409);
    await addTimeline(tx, r.case_id, "takedown", actor, {
      request_id: id,
      step: "sent",
      channel: r.channel,
      to: r.recipient.email ?? r.recipient.web_form ?? null,
      ...(outboxId !== undefined ? { outbox_id: outboxId } : {}),
    });
    return moved;
  });
  if (sent.outbox_id !== null) await deps.deliver?.(sent.outbox_id);
  return sent;
}

/** Moves a request by hand (an answer read elsewhere, a site seen down), with a note. */
export async function moveByHand(
  deps: TakedownDeps,
  id: number,
  to: TakedownState,
  actor: string,
  note?: string,
): Promise<TakedownRequest> {
  const store = deps.notify.store;
  return store.transaction(async (tx) => {
    const r = await getRequest(tx.db, id);
    if (!r) throw notFound(`takedown request ${id}`);
    if (to === "sent") {
      throw new UserError(
        "bad_transition",
        "A request is sent with POST …/send, not by a state change.",
        409,
      );
    }
    if (!TAKEDOWN_TRANSITIONS[r.state].includes(to)) {
      throw new UserError(
        "bad_transition",
        `Takedown request ${id} is ${r.state}; it can go to ${TAKEDOWN_TRANSITIONS[r.state].join(", ") || "nothing"}.`,
        409,
      );
    }
    const moved = await moveRequest(tx.db, id, [r.state], to);
    if (!moved)
      throw new UserError("bad_transition", `Takedown request ${id} changed meanwhile.`, 409);
    await addTimeline(tx, r.case_id, "takedown", actor, {
      request_id: id,
      step: to,
      from: r.state,
      ...(note ? { note: storableText(note) } : {}),
    });
    return moved;
  });
}

/**
 * Escalates a request that was refused or went unanswered: a new draft to the next recipient
 * in the chain (host → registrar → registry → national CERT), telling the history, and this
 * one `escalated`. Returns the new drafts (none when the chain has no next step with an
 * address) and why.
 */
export async function escalateRequest(
  deps: TakedownDeps,
  id: number,
  actor: string,
): Promise<{ requests: TakedownRequest[]; problems: string[] }> {
  const store = deps.notify.store;
  const r = await getRequest(store.db, id);
  if (!r) throw notFound(`takedown request ${id}`);
  if (!TAKEDOWN_TRANSITIONS[r.state].includes("escalated")) {
    throw new UserError(
      "bad_transition",
      `Takedown request ${id} is ${r.state}; it cannot be escalated.`,
      409,
    );
  }
  const next = deps.notify.policy.takedown.escalation[r.role];
  if (!next)
    return { requests: [], problems: [`nobody comes after the ${r.role} in the escalation chain`] };
  const detail = await caseDetail(store, r.case_id, 500);
  const lookup = await deps.contacts.lookup(r.resources[0] as string);
  const contact =
    lookup.contacts.find((c) => c.role === next && (c.email || c.web_form)) ??
    lookup.contacts.find((c) => c.role === next);
  if (!contact || (!contact.email && !contact.web_form)) {
    return { requests: [], problems: [`no ${next} contact with an address for ${r.resources[0]}`] };
  }
  const playbook = playbookOf(deps.notify.policy, detail.type);
  const made = await store.transaction(async (tx) => {
    const moved = await moveRequest(tx.db, id, [r.state], "escalated");
    if (!moved)
      throw new UserError("bad_transition", `Takedown request ${id} changed meanwhile.`, 409);
    await addTimeline(tx, r.case_id, "takedown", actor, {
      request_id: id,
      step: "escalated",
      from: r.state,
      to_role: next,
    });
    return draftOne(
      tx,
      deps,
      detail,
      { contact, resources: r.resources, addresses: lookup.addresses },
      { deadlineHours: playbook.deadline_hours, actor, escalates: r },
    );
  });
  return { requests: [made], problems: [] };
}

/**
 * Files a mail to a takedown request's reply address with its request and case; a first
 * answer to a sent request marks it acknowledged. Null when the token is not a live
 * takedown token (the caller then tries the other kinds of reply).
 */
export async function acceptTakedownReply(
  deps: Pick<TakedownDeps, "notify">,
  token: string,
  raw: Buffer,
  envelopeFrom: string,
): Promise<{ caseIds: number[]; requestId: number } | null> {
  const store = deps.notify.store;
  const found = await findReplyToken(store, token, "takedown");
  if (!found) return null;
  const request = await requestOfToken(store.db, found.id);
  if (!request) return null;
  const mail = await simpleParser(raw, { skipHtmlToText: false });
  const sender = mail.from?.value[0]?.address ?? envelopeFrom ?? null;
  await store.transaction(async (tx) => {
    const replyId = await addReply(tx.db, request.id, {
      sender: sender ? storableText(sender) : null,
      subject: mail.subject ? storableText(mail.subject) : null,
      body: storableText((mail.text ?? "").trim() || "(no text)"),
      raw,
    });
    const acknowledged = await moveRequest(
      tx.db,
      request.id,
      ["sent", "unanswered"],
      "acknowledged",
    );
    await addTimeline(tx, request.case_id, "takedown", "system", {
      request_id: request.id,
      step: "reply",
      reply_id: replyId,
      from: sender,
      subject: mail.subject ?? null,
      ...(acknowledged ? { state: "acknowledged" } : {}),
    });
  });
  return { caseIds: [request.case_id], requestId: request.id };
}

/**
 * The watch confirmed the case's resource down: its requests still open are `resource_down`
 * (whoever acted, the site fell), each with a timeline entry. Returns the requests moved.
 */
export async function resourceDownOnCase(tx: Tx, caseId: number, at: string): Promise<number[]> {
  const moved: number[] = [];
  for (const r of await requestsOfCase(tx.db, caseId)) {
    if (!(["sent", "acknowledged", "acted", "unanswered"] as TakedownState[]).includes(r.state))
      continue;
    const m = await moveRequest(tx.db, r.id, [r.state], "resource_down");
    if (!m) continue;
    moved.push(r.id);
    await addTimeline(tx, caseId, "takedown", "system", {
      request_id: r.id,
      step: "resource_down",
      from: r.state,
      seen_down_at: at,
    });
  }
  return moved;
}

/** A request with whom its escalation would ask, by the policy's chain. */
export function withNextStep(
  deps: Pick<TakedownDeps, "notify">,
  r: TakedownRequest,
): TakedownRequest {
  return {
    ...r,
    next_role: r.can_escalate ? (deps.notify.policy.takedown.escalation[r.role] ?? null) : null,
  };
}

/** The playbook of a case's type, with the legal routes spelt out. */
export async function playbookOfCase(
  deps: Pick<TakedownDeps, "notify">,
  caseId: number,
): Promise<Playbook> {
  const detail = await caseDetail(deps.notify.store, caseId, 0);
  const book = playbookOf(deps.notify.policy, detail.type);
  const routes = deps.notify.policy.takedown.legal_routes;
  return {
    type: detail.type,
    roles: book.roles,
    deadline_hours: book.deadline_hours,
    legal_routes: book.legal_routes.flatMap((name) => {
      const r = routes[name];
      return r ? [{ name, ...r }] : [];
    }),
  };
}
