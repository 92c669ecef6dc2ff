// One case: who owns it, the deadlines, the moves, the actions, evidence, timeline, notices.
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from "react";
import { api } from "../api.ts";
import {
  canWrite,
  Flash,
  Link,
  Loading,
  OwnerText,
  StateBadge,
  typingTarget,
  useFlash,
  usePrompt,
  useTitle,
} from "../components.tsx";
import { type Key, useI18n } from "../i18n.ts";
import { MISUSE_TYPES } from "../policy.ts";
import { Countdown, Time } from "../time.tsx";
import type {
  Capture,
  CaptureList,
  CaseDetail,
  CaseEvent,
  CaseState,
  Customer,
  MisuseType,
  Service,
  Session,
  TimelineEntry,
  UserList,
} from "../types.ts";
import { ActionsPanel } from "./case-actions.tsx";
import { EvidenceSection } from "./case-evidence.tsx";
import { NoticePanel } from "./case-notices.tsx";
import { TakedownSection } from "./takedown/takedown-section.tsx";

const KEY_ACK_REASON = "acknowledged from the case page";

export function CasePage({ id, session }: { id: number; session: Session }) {
  const { t, label, lang } = useI18n();
  const [c, setC] = useState<CaseDetail | null>(null);
  const [captures, setCaptures] = useState<Capture[] | null>(null);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [missing, setMissing] = useState(false);
  const flash = useFlash();
  const prompt = usePrompt();
  const writer = canWrite(session);
  useTitle(c ? `#${c.id} ${label("type", c.type)}` : `#${id}`);

  const reload = useCallback(async () => {
    try {
      setC(await api<CaseDetail>("GET", `/api/v1/cases/${id}`));
    } catch (e) {
      if ((e as { status?: number }).status === 404) setMissing(true);
      else flash.fail(e);
    }
  }, [id, flash.fail]);

  const reloadEvidence = useCallback(async () => {
    try {
      setCaptures((await api<CaptureList>("GET", `/api/v1/cases/${id}/evidence`)).items);
    } catch {
      setCaptures([]);
    }
  }, [id]);

  useEffect(() => {
    reload();
    reloadEvidence();
  }, [reload, reloadEvidence]);

  // Captures still running: look again in a few seconds.
  useEffect(() => {
    if (!captures?.some((x) => x.status === "queued")) return;
    const timer = setTimeout(reloadEvidence, 3000);
    return () => clearTimeout(timer);
  }, [captures, reloadEvidence]);

  const customerId = c?.customer_id;
  const serviceId = c?.service_id;
  useEffect(() => {
    if (customerId)
      api<Customer>("GET", `/api/v1/inventory/customers/${encodeURIComponent(customerId)}`)
        .then(setCustomer)
        .catch(() => setCustomer(null));
    if (serviceId)
      api<Service>("GET", `/api/v1/inventory/services/${encodeURIComponent(serviceId)}`)
        .then(setService)
        .catch(() => setService(null));
  }, [customerId, serviceId]);

  const move = useCallback(
    async (to: CaseState, reason: string) => {
      try {
        await api("POST", `/api/v1/cases/${id}/transition`, { to, reason });
        flash.ok(t("case.moved", { state: label("state", to) }));
        await reload();
      } catch (e) {
        flash.fail(e);
      }
    },
    [id, reload, t, label, flash.ok, flash.fail],
  );

  const askMove = async (to: CaseState) => {
    if (!c) return;
    const reason = await prompt.ask({
      title: t("case.moveTitle", { id: c.id, state: label("state", to) }),
      label: t("common.reason"),
      initial: t(`reason.${to}` as Key),
      confirm: moveLabel(c.state, to, t),
      multiline: true,
    });
    if (reason) await move(to, reason);
  };

  // `a` acknowledges a new case, as in the queue.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "a" || typingTarget(e) || !c || !writer) return;
      e.preventDefault();
      if (c.state !== "new") {
        flash.info(t("queue.ackNotNew", { id: c.id, state: label("state", c.state) }));
        return;
      }
      move("acknowledged", KEY_ACK_REASON);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [c, writer, move, t, label, flash.info]);

  if (missing)
    return (
      <section>
        <h1>{t("case.notFound", { id })}</h1>
        <Link to="/queue">← {t("nav.queue")}</Link>
      </section>
    );
  if (!c) return <Loading />;

  const ageDays = service
    ? Math.floor((Date.parse(c.first_event_at) - Date.parse(service.valid_from)) / 86_400_000)
    : null;
  const moves = c.transitions;

  return (
    <article className="case" aria-labelledby="case-title">
      <p className="crumbs">
        <Link to="/queue">← {t("nav.queue")}</Link>
      </p>
      <header className="case-head card">
        <div className="case-title">
          <h1 id="case-title">
            <span className="mono">#{c.id}</span> {label("type", c.type)}
          </h1>
          <StateBadge state={c.state} />
          {c.reemerged && (
            <span className="badge mark-reemerged">
              ↻ {t("queue.reemergedMark")} ×{c.reemerged_count}
            </span>
          )}
          {(c.sla.first_action_breached || c.sla.resolution_breached) && (
            <span className="badge mark-breach">{t("queue.breachMark")}</span>
          )}
          {c.merged_into && (
            <span className="badge">
              {t("case.mergedInto")} <Link to={`/cases/${c.merged_into}`}>#{c.merged_into}</Link>
            </span>
          )}
        </div>
        <dl className="facts">
          <div>
            <dt>{t("case.resource")}</dt>
            <dd className="mono resource">{c.resource}</dd>
          </div>
          <div>
            <dt>{t("case.owner")}</dt>
            <dd>
              <OwnerText c={c} />
            </dd>
          </div>
          {customer && (
            <div>
              <dt>{t("case.customer")}</dt>
              <dd>
                {customer.name}{" "}
                <span
                  className={`badge ${customer.verification === "none" ? "warn" : "quiet"}`}
                  title={t("case.verificationHint")}
                >
                  {t("case.verification")}: {label("verification", customer.verification)}
                </span>
              </dd>
            </div>
          )}
          {service && (
            <div>
              <dt>{t("case.service")}</dt>
              <dd>
                {label("service", service.type)}
                {service.plan ? ` · ${service.plan}` : ""} · {t("case.since")}{" "}
                <Time at={service.valid_from} />
                {ageDays !== null && ageDays >= 0 && (
                  <span className={ageDays < 30 ? "warn-text" : "muted"}>
                    {" "}
                    ({t("case.ageAtEvent", { n: ageDays })})
                  </span>
                )}
              </dd>
            </div>
          )}
          <div>
            <dt>{t("case.firstActionDue")}</dt>
            <dd>
              <Countdown
                due={c.sla.first_action_due}
                breached={c.sla.first_action_breached}
                paused={c.sla.paused}
                done={Boolean(c.sla.first_action_at)}
              />{" "}
              <span className="muted small">
                <Time at={c.sla.first_action_due} />
              </span>
            </dd>
          </div>
          <div>
            <dt>{t("case.resolutionDue")}</dt>
            <dd>
              <Countdown
                due={c.sla.resolution_due}
                breached={c.sla.resolution_breached}
                paused={c.sla.paused}
                done={Boolean(c.sla.resolved_at)}
              />{" "}
              <span className="muted small">
                <Time at={c.sla.resolution_due} />
              </span>
            </dd>
          </div>
          <div>
            <dt>{t("case.assignee")}</dt>
            <dd>
              <Assignee c={c} session={session} onChange={reload} flash={flash} />
            </dd>
          </div>
          <div>
            <dt>{t("case.events")}</dt>
            <dd>
              {c.event_count} · {t("case.lastEvent")} <Time at={c.last_event_at} />
            </dd>
          </div>
          <div>
            <dt>{t("case.created")}</dt>
            <dd>
              <Time at={c.created_at} />
            </dd>
          </div>
        </dl>
        {writer && (
          <fieldset className="state-buttons" aria-label={t("case.moves")}>
            {moves.map((to) => (
              <button
                key={to}
                type="button"
                className={to === "rejected" ? "danger" : to === moves[0] ? "primary" : ""}
                onClick={() => askMove(to)}
              >
                {moveLabel(c.state, to, t)}
              </button>
            ))}
            {c.state === "new" && (
              <span className="help-line">
                <kbd>a</kbd> {t("keys.ack")}
              </span>
            )}
          </fieldset>
        )}
      </header>

      <Flash msg={flash.msg} onClose={flash.clear} />

      <div className="case-grid">
        <aside className="case-side">
          <ActionsPanel
            c={c}
            writer={writer}
            captures={captures ?? []}
            onDone={async (msg) => {
              flash.ok(msg);
              await reload();
            }}
            onError={flash.fail}
          />
          <MisusePanel c={c} writer={writer} lang={lang} onDone={reload} flash={flash} />
          <NoticePanel c={c} writer={writer} onSent={reload} />
          <section className="card" aria-labelledby="pkg-title">
            <h2 id="pkg-title">{t("case.package")}</h2>
            <p className="muted small">{t("case.packageHint")}</p>
            <p className="links">
              <a href={`/api/v1/cases/${c.id}/evidence-package?audience=internal`} download>
                ⤓ {t("case.packageInternal")}
              </a>
              <a href={`/api/v1/cases/${c.id}/evidence-package?audience=customer`} download>
                ⤓ {t("case.packageCustomer")}
              </a>
            </p>
          </section>
        </aside>

        <div className="case-main">
          {c.ownership === "not_ours" && (
            <TakedownSection c={c} writer={writer} onChanged={reload} />
          )}
          <section className="card" aria-labelledby="tl-title">
            <h2 id="tl-title">{t("case.timeline")}</h2>
            <Timeline entries={c.timeline} />
            {writer && <NoteForm caseId={c.id} onDone={reload} flash={flash} />}
          </section>
          <EvidenceSection captures={captures} />
          <EventsTable events={c.events} total={c.event_count} />
        </div>
      </div>
      {prompt.element}
    </article>
  );
}

function moveLabel(from: CaseState, to: CaseState, t: (k: Key) => string): string {
  if (to === "acknowledged") {
    if (from === "new") return t("move.acknowledge");
    if (from === "closed" || from === "rejected" || from === "resolved") return t("move.reopen");
    return t("move.backToAck");
  }
  return t(`move.${to}` as Key);
}

type FlashApi = ReturnType<typeof useFlash>;

function Assignee({
  c,
  session,
  onChange,
  flash,
}: {
  c: CaseDetail;
  session: Session;
  onChange: () => Promise<void>;
  flash: FlashApi;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState("");
  const [people, setPeople] = useState<string[]>([]);
  const writer = canWrite(session);
  // Only admins may list users; others type the name.
  useEffect(() => {
    if (!editing || session.role !== "admin") return;
    api<UserList>("GET", "/api/v1/users")
      .then((r) =>
        setPeople(
          r.items
            .filter((u) => !u.disabled && (u.role === "analyst" || u.role === "admin"))
            .map((u) => u.username),
        ),
      )
      .catch(() => setPeople([]));
  }, [editing, session.role]);
  const assign = async (assignee: string | null) => {
    try {
      await api("PUT", `/api/v1/cases/${c.id}/assignee`, { assignee });
      flash.ok(assignee ? t("case.assigned", { name: assignee }) : t("case.unassigned"));
      setEditing(false);
      await onChange();
    } catch (e) {
      flash.fail(e);
    }
  };
  return (
    <span className="assignee">
      {c.assignee ? (
        <strong>{c.assignee}</strong>
      ) : (
        <span className="muted">{t("case.nobody")}</span>
      )}
      {writer && !editing && (
        <>
          {c.assignee !== session.name && (
            <button type="button" className="small" onClick={() => assign(session.name)}>
              {t("case.assignMe")}
            </button>
          )}
          <button type="button" className="small link" onClick={() => setEditing(true)}>
            {t("case.assignOther")}
          </button>
          {c.assignee && (
            <button type="button" className="small link" onClick={() => assign(null)}>
              {t("case.unassign")}
            </button>
          )}
        </>
      )}
      {writer && editing && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) assign(name.trim());
          }}
        >
          <input
            aria-label={t("case.assigneeName")}
            list={`people-${c.id}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t("case.assigneeName")}
            // biome-ignore lint/a11y/noAutofocus: opened on purpose
            autoFocus
          />
          <datalist id={`people-${c.id}`}>
            {people.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
          <button type="submit" className="small">
            {t("case.assign")}
          </button>
          <button type="button" className="small link" onClick={() => setEditing(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
    </span>
  );
}

function MisusePanel({
  c,
  writer,
  lang,
  onDone,
  flash,
}: {
  c: CaseDetail;
  writer: boolean;
  lang: string;
  onDone: () => Promise<void>;
  flash: FlashApi;
}) {
  const { t, label } = useI18n();
  const [choice, setChoice] = useState<MisuseType>(c.misuse_type);
  const [reason, setReason] = useState("");
  useEffect(() => setChoice(c.misuse_type), [c.misuse_type]);
  const suggestionFor = (m: MisuseType) => c.misuse_suggestions.find((s) => s.misuse_type === m);
  const reasonOf = (m: MisuseType) => {
    const s = suggestionFor(m);
    return s ? (lang === "ja" ? s.reason_ja : s.reason_en) : "";
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    try {
      await api("PUT", `/api/v1/cases/${c.id}/misuse`, { misuse_type: choice, reason });
      flash.ok(t("case.misuseSet", { type: label("misuse", choice) }));
      setReason("");
      await onDone();
    } catch (err) {
      flash.fail(err);
    }
  };
  return (
    <section className="card" aria-labelledby="misuse-title">
      <h2 id="misuse-title">{t("case.misuse")}</h2>
      <p>
        {t("case.misuseNow")}: <strong>{label("misuse", c.misuse_type)}</strong>
      </p>
      {c.misuse_suggestions.length > 0 && (
        <ul className="suggestions" aria-label={t("case.suggestions")}>
          {c.misuse_suggestions.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the same type may be suggested twice
            <li key={`${s.misuse_type}-${i}`}>
              <span className="badge suggestion">{label("misuse", s.misuse_type)}</span>{" "}
              <span>{lang === "ja" ? s.reason_ja : s.reason_en}</span>
              {writer && c.misuse_type !== s.misuse_type && (
                <button
                  type="button"
                  className="small link"
                  onClick={() => {
                    setChoice(s.misuse_type);
                    setReason(lang === "ja" ? s.reason_ja : s.reason_en);
                  }}
                >
                  {t("case.useSuggestion")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {writer && (
        <form className="stack" onSubmit={submit}>
          <label htmlFor="misuse-select">{t("case.misuseSet2")}</label>
          <select
            id="misuse-select"
            value={choice}
            onChange={(e) => {
              const m = e.target.value as MisuseType;
              setChoice(m);
              if (
                !reason.trim() ||
                c.misuse_suggestions.some((s) => reasonOf(s.misuse_type) === reason)
              )
                setReason(reasonOf(m));
            }}
          >
            {MISUSE_TYPES.map((m) => (
              <option key={m} value={m}>
                {label("misuse", m)}
                {suggestionFor(m) ? ` (${t("case.suggested")})` : ""}
              </option>
            ))}
          </select>
          <label htmlFor="misuse-reason">{t("common.reason")}</label>
          <textarea
            id="misuse-reason"
            rows={2}
            value={reason}
            required
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" disabled={!reason.trim()}>
            {t("case.misuseSave")}
          </button>
        </form>
      )}
    </section>
  );
}

function NoteForm({
  caseId,
  onDone,
  flash,
}: {
  caseId: number;
  onDone: () => Promise<void>;
  flash: FlashApi;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    try {
      await api("POST", `/api/v1/cases/${caseId}/notes`, { text });
      setText("");
      flash.ok(t("case.noteAdded"));
      await onDone();
    } catch (err) {
      flash.fail(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="note-form" onSubmit={submit}>
      <label htmlFor="note-text">{t("case.addNote")}</label>
      <textarea
        id="note-text"
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
      />
      <button type="submit" disabled={busy || !text.trim()}>
        {t("case.addNoteButton")}
      </button>
    </form>
  );
}

/**
 * The timeline, oldest first. Runs of capture entries (a dozen arrive at once when a report
 * comes in) fold into one line; the Evidence section shows them in full.
 */
function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, label } = useI18n();
  const groups: TimelineEntry[][] = [];
  for (const e of entries) {
    const last = groups[groups.length - 1];
    if (last && e.kind === "evidence" && last[0]?.kind === "evidence") last.push(e);
    else groups.push([e]);
  }
  return (
    <ol className="timeline">
      {groups.map((g) => {
        const first = g[0] as TimelineEntry;
        if (g.length < 3) return g.map((e) => <TimelineItem key={e.id} e={e} />);
        const counts = new Map<string, number>();
        for (const e of g) {
          const st = String(e.detail.status ?? "");
          counts.set(st, (counts.get(st) ?? 0) + 1);
        }
        return (
          <li key={first.id} className="tl tl-evidence tl-group">
            <div className="tl-meta">
              <Time at={first.at} seconds />
              <span className="badge kind">{label("kind", "evidence")}</span>
              <span className="muted actor">{first.actor}</span>
            </div>
            <div className="tl-body">
              <details>
                <summary>
                  {t("tl.captures", { n: g.length })}{" "}
                  {[...counts].map(([st, n]) => (
                    <span key={st} className={`badge status-${st}`}>
                      {label("status", st)} {n}
                    </span>
                  ))}
                </summary>
                <ol className="timeline nested">
                  {g.map((e) => (
                    <TimelineItem key={e.id} e={e} />
                  ))}
                </ol>
              </details>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

/** One timeline entry, readable per kind. */
function TimelineItem({ e }: { e: TimelineEntry }) {
  const { t, label } = useI18n();
  const d = e.detail;
  let body: ReactNode;
  switch (e.kind) {
    case "created":
      body = t("tl.created", { n: str(d.events), report: shortId(d.report_id) });
      break;
    case "events":
      body = d.repeated
        ? t("tl.repeated", { report: shortId(d.report_id) })
        : t("tl.events", { n: str(d.events), report: shortId(d.report_id) });
      break;
    case "transition":
      body = (
        <>
          <StateText s={str(d.from)} /> → <StateText s={str(d.to)} />
          {d.reason ? <q className="reason">{str(d.reason)}</q> : null}
        </>
      );
      break;
    case "note":
      body = <span className="note-text">{str(d.text)}</span>;
      break;
    case "action":
      body = (
        <>
          <strong>{label("action", str(d.action))}</strong>
          <span className="kv">
            {t("action.legalBasis")}: {str(d.legal_basis)}
          </span>
          {d.reason ? (
            <span className="kv">
              {t("common.reason")}: {str(d.reason)}
            </span>
          ) : null}
          {d.note ? <span className="kv">{str(d.note)}</span> : null}
          {Array.isArray(d.evidence) && d.evidence.length > 0 ? (
            <span className="kv mono small">
              {t("action.evidence")}:{" "}
              {(d.evidence as string[]).map((s) => s.slice(0, 12)).join(", ")}
            </span>
          ) : null}
        </>
      );
      break;
    case "assigned":
      body = d.to ? t("tl.assigned", { name: str(d.to) }) : t("tl.unassigned");
      break;
    case "misuse":
      body = (
        <>
          {label("misuse", str(d.from))} → <strong>{label("misuse", str(d.to))}</strong>
          {d.reason ? <q className="reason">{str(d.reason)}</q> : null}
        </>
      );
      break;
    case "merged":
      body = d.into ? (
        <>
          {t("tl.mergedInto")} <Link to={`/cases/${str(d.into)}`}>#{str(d.into)}</Link>
          {d.reason ? <q className="reason">{str(d.reason)}</q> : null}
        </>
      ) : (
        <>
          {t("tl.mergedFrom", { n: str(d.events) })}{" "}
          <Link to={`/cases/${str(d.from)}`}>#{str(d.from)}</Link>
          {d.reason ? <q className="reason">{str(d.reason)}</q> : null}
        </>
      );
      break;
    case "split":
      body = d.to ? (
        <>
          {t("tl.splitTo")} <Link to={`/cases/${str(d.to)}`}>#{str(d.to)}</Link>
        </>
      ) : (
        <>
          {t("tl.splitFrom")} <Link to={`/cases/${str(d.from)}`}>#{str(d.from)}</Link>
        </>
      );
      break;
    case "evidence":
      body = (
        <>
          {label("capture", str(d.kind))}{" "}
          <span className={`badge status-${str(d.status)}`}>{label("status", str(d.status))}</span>{" "}
          <span className="mono small break">{str(d.target)}</span>
          {d.summary ? <span className="kv">{str(d.summary)}</span> : null}
        </>
      );
      break;
    case "notice":
      body = (
        <>
          {d.kind && d.kind !== "customer_notice"
            ? t("tl.mail", { kind: label("mailKind", str(d.kind)) })
            : t("tl.notice")}{" "}
          <span className={`badge status-${str(d.result)}`}>{label("mail", str(d.result))}</span>
          {d.subject ? <span className="kv">{str(d.subject)}</span> : null}
          {Array.isArray(d.to) ? (
            <span className="kv mono small">→ {(d.to as string[]).join(", ")}</span>
          ) : null}
          {d.error ? <span className="kv error-text">{str(d.error)}</span> : null}
        </>
      );
      break;
    case "reply":
      body = (
        <>
          {t("tl.reply", { channel: label("channel", str(d.channel)) })}
          {d.fixed ? <span className="badge">{t("tl.replyFixed")}</span> : null}
          {d.sender ? <span className="kv mono small">{str(d.sender)}</span> : null}
          {d.subject ? <span className="kv">{str(d.subject)}</span> : null}
          {d.excerpt || d.text || d.body ? (
            <span className="note-text">{str(d.excerpt ?? d.text ?? d.body).slice(0, 2000)}</span>
          ) : null}
        </>
      );
      break;
    case "reopened":
      body = t("tl.reopened");
      break;
    case "takedown":
      body = <TakedownStep d={d} />;
      break;
    case "watch":
      body = <WatchStep d={d} />;
      break;
    case "reemerged":
      body = <Reemerged d={d} />;
      break;
    default:
      body = <code className="small">{JSON.stringify(d)}</code>;
  }
  return (
    <li className={`tl tl-${e.kind}`}>
      <div className="tl-meta">
        <Time at={e.at} seconds />
        <span className="badge kind">{label("kind", e.kind)}</span>
        <span className="muted actor">{e.actor}</span>
      </div>
      <div className="tl-body">{body}</div>
    </li>
  );
}

/** A step of a takedown request: drafted, sent, a reply, a move recorded, escalated. */
function TakedownStep({ d }: { d: Record<string, unknown> }) {
  const { t, label } = useI18n();
  const step = str(d.step);
  const stepLabel =
    step === "drafted" || step === "reply" ? label("tdStep", step) : label("tdState", step);
  return (
    <>
      {t("tl.takedown", { id: str(d.request_id) })}{" "}
      <span className={`badge td-state td-state-${step}`}>{stepLabel}</span>
      {d.role ? <span className="kv">{label("contactRole", str(d.role))}</span> : null}
      {d.organisation ? <span className="kv">{str(d.organisation)}</span> : null}
      {d.to ? <span className="kv mono small">→ {str(d.to)}</span> : null}
      {d.to_role ? <span className="kv">→ {label("contactRole", str(d.to_role))}</span> : null}
      {step === "reply" && d.from ? <span className="kv mono small">{str(d.from)}</span> : null}
      {d.subject ? <span className="kv">{str(d.subject)}</span> : null}
      {d.note ? <q className="reason">{str(d.note)}</q> : null}
    </>
  );
}

/** What the watch saw: the site down after two checks in a row. */
function WatchStep({ d }: { d: Record<string, unknown> }) {
  const { t } = useI18n();
  if (d.step !== "down") return <code className="small">{JSON.stringify(d)}</code>;
  return (
    <>
      {t("tl.watchDown")} <span className="mono small break">{str(d.url)}</span>
      {d.reason ? <span className="kv">{str(d.reason)}</span> : null}
      {d.last_up_at ? (
        <span className="kv small">
          {t("tl.lastUp")} <Time at={str(d.last_up_at)} seconds />
        </span>
      ) : null}
    </>
  );
}

/** `{case}` in a sentence, as a link to that case. */
function withCaseLink(text: string, id: string): ReactNode {
  const [before, after = ""] = text.split("{case}");
  return (
    <>
      {before}
      <Link to={`/cases/${id}`}>#{id}</Link>
      {after}
    </>
  );
}

/**
 * The case came back: the same page as on an earlier case (both link each other), or the
 * site up again after it was down.
 */
function Reemerged({ d }: { d: Record<string, unknown> }) {
  const { t, label } = useI18n();
  const reason = str(d.reason);
  const head = d.original_case_id
    ? withCaseLink(t("tl.reemergedFrom"), str(d.original_case_id))
    : d.seen_again_on_case_id
      ? withCaseLink(t("tl.seenAgainOn"), str(d.seen_again_on_case_id))
      : t("tl.backUp");
  return (
    <>
      {head} <span className="badge mark-reemerged">{label("reemergedReason", reason)}</span>
      {reason === "similar_content" && d.simhash_distance !== undefined ? (
        <span className="kv small">{t("tl.simhashBits", { n: str(d.simhash_distance) })}</span>
      ) : null}
      {d.url ? <span className="kv mono small break">{str(d.url)}</span> : null}
      {d.original_url && d.original_url !== d.url ? (
        <span className="kv mono small break">← {str(d.original_url)}</span>
      ) : null}
      {d.down_since ? (
        <span className="kv small">
          {t("tl.downSince")} <Time at={str(d.down_since)} seconds />
        </span>
      ) : null}
      {Array.isArray(d.new_addresses) ? (
        <span className="kv mono small">
          {(d.old_addresses as string[] | undefined)?.join(", ")} →{" "}
          {(d.new_addresses as string[]).join(", ")}
        </span>
      ) : null}
    </>
  );
}

function StateText({ s }: { s: string }) {
  const { label } = useI18n();
  return <span className={`state-text state-${s}`}>{label("state", s)}</span>;
}

function shortId(v: unknown): string {
  const s = str(v);
  return s.length > 13 ? `${s.slice(0, 8)}…` : s;
}

function EventsTable({ events, total }: { events: CaseEvent[]; total: number }) {
  const { t, label } = useI18n();
  return (
    <section className="card" aria-labelledby="ev-title">
      <h2 id="ev-title">
        {t("case.eventsTitle")}{" "}
        <span className="muted small">
          {events.length < total ? t("case.eventsShown", { n: events.length, total }) : total}
        </span>
      </h2>
      <div className="table-wrap">
        <table className="events">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t("queue.colType")}</th>
              <th scope="col">{t("case.evSource")}</th>
              <th scope="col">{t("case.evFirst")}</th>
              <th scope="col">{t("case.evLast")}</th>
              <th scope="col" className="num">
                {t("case.evSeen")}
              </th>
              <th scope="col">{t("case.evVia")}</th>
              <th scope="col">{t("case.evDetails")}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const d = e.data;
              const res = (e.resolution ?? {}) as Record<string, unknown>;
              const src =
                str(d["source.url"]) ||
                str(d["source.fqdn"]) ||
                `${str(d["source.ip"])}${d["source.port"] ? `:${str(d["source.port"])}` : ""}`;
              return (
                <tr key={e.id}>
                  <td className="mono">{e.id}</td>
                  <td>{label("type", e.type)}</td>
                  <td className="mono break">
                    {src}
                    {d["source.url"] && d["source.ip"] ? (
                      <span className="muted"> ({str(d["source.ip"])})</span>
                    ) : null}
                  </td>
                  <td>
                    <Time at={e.first_seen} />
                  </td>
                  <td>
                    <Time at={e.last_seen} />
                  </td>
                  <td className="num">{e.seen_count}</td>
                  <td className="small">{str(res.via) || "—"}</td>
                  <td>
                    <details>
                      <summary>{t("case.evShow")}</summary>
                      <dl className="kv-list">
                        {Object.entries(d).map(([k, v]) => (
                          <div key={k}>
                            <dt className="mono">{k}</dt>
                            <dd className="mono break">
                              {typeof v === "string" ? v.slice(0, 2000) : JSON.stringify(v)}
                            </dd>
                          </div>
                        ))}
                        <div>
                          <dt className="mono">report</dt>
                          <dd className="mono">{e.report_id}</dd>
                        </div>
                      </dl>
                    </details>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
