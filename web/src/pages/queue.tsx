// The queue: open cases, nearest deadline first, with filters, saved filters, bulk moves and
// the keyboard (j/k, Enter, a, x, /).
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
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
import { useI18n } from "../i18n.ts";
import { ALL_STATES, MISUSE_TYPES, STATES } from "../policy.ts";
import { navigate, useLocation } from "../router.ts";
import { CLASSIFICATION_TYPES } from "../taxonomy.ts";
import { Countdown } from "../time.tsx";
import type { CaseState, CaseSummary, Page, SavedFilter, Session, Team } from "../types.ts";

const PAGE_SIZE = 50;
const ACK_REASON = "acknowledged from the queue";

/** Does the search text look like an IP, CIDR, domain or URL (a resource search)? */
export function resourceOf(text: string): string | null {
  const s = text.trim();
  if (!s || /\s/.test(s)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    try {
      return new URL(s).hostname.replace(/^\[|\]$/g, "") || null;
    } catch {
      return null;
    }
  }
  if (/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(s)) return s;
  if (/^[0-9a-f:]+(\/\d{1,3})?$/i.test(s) && s.includes(":") && s.split(":").length > 2) return s;
  if (
    /^(?=.{1,253}$)([a-z0-9\u00a0-\uffff_-]{1,63}\.)+[a-z\u00a0-\uffff][a-z0-9\u00a0-\uffff-]{1,62}\.?$/i.test(
      s,
    )
  )
    return s;
  return null;
}

/** The queue's filters, read from the address bar (the default: open cases). */
function filtersOf(search: string): URLSearchParams {
  const p = new URLSearchParams(search);
  if (!p.has("state")) p.set("state", "open");
  return p;
}

export function QueuePage({ session }: { session: Session }) {
  const { t, label } = useI18n();
  useTitle(t("queue.title"));
  const { search } = useLocation();
  const filters = useMemo(() => filtersOf(search), [search]);
  const filterKey = filters.toString();
  const writer = canWrite(session);
  const flash = useFlash();
  const prompt = usePrompt();

  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page<CaseSummary> | null>(null);
  const [loading, setLoading] = useState(true);
  const [selected, setSelected] = useState(0);
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [bulkTo, setBulkTo] = useState<CaseState>("acknowledged");
  const [saved, setSaved] = useState<SavedFilter[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const searchRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const cursor = cursors[cursors.length - 1];

  // A new filter starts again from the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: filterKey is the trigger
  useEffect(() => {
    setCursors([undefined]);
    setSelected(0);
    setChecked(new Set());
  }, [filterKey]);

  const load = useCallback(
    async (quiet = false) => {
      if (!quiet) setLoading(true);
      try {
        const q = new URLSearchParams(filterKey);
        q.set("limit", String(PAGE_SIZE));
        if (cursor) q.set("cursor", cursor);
        setPage(await api<Page<CaseSummary>>("GET", `/api/v1/cases?${q}`));
      } catch (e) {
        flash.fail(e);
      } finally {
        setLoading(false);
      }
    },
    [filterKey, cursor, flash.fail],
  );

  useEffect(() => {
    load();
    // The countdowns tick here; the list itself is asked again every minute.
    const id = setInterval(() => load(true), 60_000);
    return () => clearInterval(id);
  }, [load]);

  const loadSaved = useCallback(async () => {
    try {
      setSaved((await api<{ items: SavedFilter[] }>("GET", "/api/v1/me/filters")).items);
    } catch {
      // saved filters are a convenience
    }
  }, []);
  useEffect(() => {
    loadSaved();
    api<Page<Team>>("GET", "/api/v1/inventory/teams?limit=200")
      .then((r) => setTeams(r.items))
      .catch(() => {});
  }, [loadSaved]);

  const items = page?.items ?? [];
  const sel = items[Math.min(selected, items.length - 1)];

  const setFilter = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(filterKey);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") p.delete(k);
      else p.set(k, v);
    }
    navigate(`/queue?${p}`, { replace: true });
  };

  const acknowledge = useCallback(
    async (c: CaseSummary | undefined) => {
      if (!c || !writer) return;
      if (c.state !== "new") {
        flash.info(t("queue.ackNotNew", { id: c.id, state: label("state", c.state) }));
        return;
      }
      try {
        await api("POST", `/api/v1/cases/${c.id}/transition`, {
          to: "acknowledged",
          reason: ACK_REASON,
        });
        flash.ok(t("queue.acked", { id: c.id }));
        await load(true);
      } catch (e) {
        flash.fail(e);
      }
    },
    [writer, load, t, label, flash.ok, flash.info, flash.fail],
  );

  const toggle = useCallback((id: number) => {
    setChecked((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  // The keyboard: j/k move, Enter opens, a acknowledges, x ticks, / searches.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "/" && !typingTarget(e)) {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (typingTarget(e)) return;
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.key === "j") {
        e.preventDefault();
        setSelected((s) => Math.min(s + 1, Math.max(items.length - 1, 0)));
      } else if (e.key === "k") {
        e.preventDefault();
        setSelected((s) => Math.max(s - 1, 0));
      } else if (e.key === "Enter" && sel && tag !== "A" && tag !== "BUTTON") {
        e.preventDefault();
        navigate(`/cases/${sel.id}`);
      } else if (e.key === "a" && sel) {
        e.preventDefault();
        acknowledge(sel);
      } else if (e.key === "x" && sel && writer) {
        e.preventDefault();
        toggle(sel.id);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items.length, sel, acknowledge, toggle, writer]);

  // Keep the selected row in view.
  useEffect(() => {
    tableRef.current
      ?.querySelector<HTMLElement>("tr[aria-selected='true']")
      ?.scrollIntoView?.({ block: "nearest" });
  }, []);

  const bulk = async () => {
    const ids = [...checked];
    if (ids.length === 0) return;
    const reason = await prompt.ask({
      title: t("queue.bulkTitle", { n: ids.length, state: label("state", bulkTo) }),
      label: t("common.reason"),
      confirm: t("queue.bulkConfirm"),
      multiline: true,
      body: <p className="muted mono">{ids.map((i) => `#${i}`).join(" ")}</p>,
    });
    if (!reason) return;
    try {
      const r = await api<{ results: { id: number; ok: boolean; error?: string }[] }>(
        "POST",
        "/api/v1/cases/bulk/transition",
        { ids, to: bulkTo, reason },
      );
      const failed = r.results.filter((x) => !x.ok);
      const okCount = r.results.length - failed.length;
      if (failed.length === 0) flash.ok(t("queue.bulkDone", { n: okCount }));
      else
        flash.fail(
          new Error(
            `${t("queue.bulkPartial", { n: okCount, failed: failed.length })} ${failed
              .map((f) => `#${f.id}: ${f.error ?? ""}`)
              .join("; ")}`,
          ),
        );
      setChecked(new Set());
      await load(true);
    } catch (e) {
      flash.fail(e);
    }
  };

  const saveFilter = async () => {
    const name = await prompt.ask({
      title: t("queue.saveTitle"),
      label: t("queue.saveName"),
      confirm: t("common.save"),
    });
    if (!name) return;
    try {
      await api("POST", "/api/v1/me/filters", { name, query: filterKey });
      flash.ok(t("queue.saved", { name }));
      await loadSaved();
    } catch (e) {
      flash.fail(e);
    }
  };

  const currentSaved = saved.find((f) => f.query === filterKey);
  const deleteFilter = async (f: SavedFilter) => {
    try {
      await api("DELETE", `/api/v1/me/filters/${f.id}`);
      flash.ok(t("queue.filterDeleted", { name: f.name }));
      await loadSaved();
    } catch (e) {
      flash.fail(e);
    }
  };

  const searchText = filters.get("resource") ?? filters.get("q") ?? "";
  const [text, setText] = useState(searchText);
  useEffect(() => setText(searchText), [searchText]);
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    const r = resourceOf(text);
    setFilter(r ? { resource: r, q: null } : { q: text.trim() || null, resource: null });
  };

  const stateValue = filters.get("state") ?? "open";
  const allOnPage = items.length > 0 && items.every((c) => checked.has(c.id));

  return (
    <section aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t("queue.title")}</h1>
        <p className="help-line" id="queue-keys">
          <kbd>j</kbd>/<kbd>k</kbd> {t("keys.move")} · <kbd>Enter</kbd> {t("keys.open")}
          {writer && (
            <>
              {" "}
              · <kbd>a</kbd> {t("keys.ack")} · <kbd>x</kbd> {t("keys.tick")}
            </>
          )}{" "}
          · <kbd>/</kbd> {t("keys.search")}
        </p>
      </div>

      <form className="filters" onSubmit={submitSearch} aria-label={t("queue.filters")}>
        <div className="field grow">
          <label htmlFor="f-search">{t("queue.search")}</label>
          <input
            id="f-search"
            ref={searchRef}
            type="search"
            placeholder={t("queue.searchHint")}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") e.currentTarget.blur();
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="f-state">{t("queue.state")}</label>
          <select
            id="f-state"
            value={stateValue}
            onChange={(e) => setFilter({ state: e.target.value })}
          >
            <option value="open">{t("queue.stateOpen")}</option>
            <option value={ALL_STATES}>{t("queue.stateAll")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {label("state", s)}
              </option>
            ))}
            {![...STATES, "open", ALL_STATES].includes(stateValue as CaseState) && (
              <option value={stateValue}>{stateValue}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">{t("queue.type")}</label>
          <select
            id="f-type"
            value={filters.get("type") ?? ""}
            onChange={(e) => setFilter({ type: e.target.value })}
          >
            <option value="">{t("common.any")}</option>
            {CLASSIFICATION_TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {label("type", ty)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-team">{t("queue.team")}</label>
          <select
            id="f-team"
            value={filters.get("team") ?? ""}
            onChange={(e) => setFilter({ team: e.target.value })}
          >
            <option value="">{t("common.any")}</option>
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.id} — {tm.name}
              </option>
            ))}
            {filters.get("team") && !teams.some((tm) => tm.id === filters.get("team")) && (
              <option value={filters.get("team") ?? ""}>{filters.get("team")}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-assignee">{t("queue.assignee")}</label>
          <select
            id="f-assignee"
            value={filters.get("assignee") ?? ""}
            onChange={(e) => setFilter({ assignee: e.target.value })}
          >
            <option value="">{t("common.any")}</option>
            <option value={session.name}>{t("queue.mine", { name: session.name })}</option>
            {filters.get("assignee") && filters.get("assignee") !== session.name && (
              <option value={filters.get("assignee") ?? ""}>{filters.get("assignee")}</option>
            )}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-misuse">{t("queue.misuse")}</label>
          <select
            id="f-misuse"
            value={filters.get("misuse_type") ?? ""}
            onChange={(e) => setFilter({ misuse_type: e.target.value })}
          >
            <option value="">{t("common.any")}</option>
            {MISUSE_TYPES.map((m) => (
              <option key={m} value={m}>
                {label("misuse", m)}
              </option>
            ))}
          </select>
        </div>
        <div className="field toggles">
          <label className="check">
            <input
              type="checkbox"
              checked={filters.get("ownership") === "not_ours"}
              onChange={(e) => setFilter({ ownership: e.target.checked ? "not_ours" : null })}
            />
            {t("queue.notOurs")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={filters.get("reemerged") === "true"}
              onChange={(e) => setFilter({ reemerged: e.target.checked ? "true" : null })}
            />
            {t("queue.reemerged")}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={filters.get("breach") === "any"}
              onChange={(e) => setFilter({ breach: e.target.checked ? "any" : null })}
            />
            {t("queue.breached")}
          </label>
        </div>
        <div className="field buttons">
          <button type="submit">{t("queue.searchButton")}</button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setText("");
              navigate("/queue", { replace: true });
            }}
          >
            {t("queue.reset")}
          </button>
        </div>
      </form>

      <div className="saved-filters">
        <label htmlFor="f-saved">{t("queue.savedFilters")}</label>
        <select
          id="f-saved"
          value={currentSaved ? String(currentSaved.id) : ""}
          onChange={(e) => {
            const f = saved.find((x) => String(x.id) === e.target.value);
            if (f) navigate(`/queue?${f.query}`, { replace: true });
          }}
        >
          <option value="">{saved.length ? t("queue.pickFilter") : t("queue.noFilters")}</option>
          {saved.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={saveFilter}>
          {t("queue.saveFilter")}
        </button>
        {currentSaved && (
          <button type="button" className="danger-link" onClick={() => deleteFilter(currentSaved)}>
            {t("queue.deleteFilter", { name: currentSaved.name })}
          </button>
        )}
      </div>

      <Flash msg={flash.msg} onClose={flash.clear} />

      {writer && checked.size > 0 && (
        <section className="bulk-bar" aria-label={t("queue.bulk")}>
          <strong>{t("queue.selectedN", { n: checked.size })}</strong>
          <label htmlFor="bulk-to">{t("queue.moveTo")}</label>
          <select
            id="bulk-to"
            value={bulkTo}
            onChange={(e) => setBulkTo(e.target.value as CaseState)}
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {label("state", s)}
              </option>
            ))}
          </select>
          <button type="button" className="primary" onClick={bulk}>
            {t("queue.bulkButton")}
          </button>
          <button type="button" className="link" onClick={() => setChecked(new Set())}>
            {t("queue.clearSelection")}
          </button>
        </section>
      )}

      {loading && !page ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t("queue.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="queue" aria-describedby="queue-keys">
            <thead>
              <tr>
                {writer && (
                  <th scope="col" className="col-check">
                    <input
                      type="checkbox"
                      aria-label={t("queue.tickAll")}
                      checked={allOnPage}
                      onChange={() =>
                        setChecked(allOnPage ? new Set() : new Set(items.map((c) => c.id)))
                      }
                    />
                  </th>
                )}
                <th scope="col">{t("queue.colDeadline")}</th>
                <th scope="col">#</th>
                <th scope="col">{t("queue.colState")}</th>
                <th scope="col">{t("queue.colType")}</th>
                <th scope="col">{t("queue.colResource")}</th>
                <th scope="col">{t("queue.colOwner")}</th>
                <th scope="col">{t("queue.colMisuse")}</th>
                <th scope="col">{t("queue.colAssignee")}</th>
                <th scope="col" className="num">
                  {t("queue.colEvents")}
                </th>
              </tr>
            </thead>
            <tbody ref={tableRef}>
              {items.map((c, i) => {
                const isSel = sel?.id === c.id;
                const breached = c.sla.first_action_breached || c.sla.resolution_breached;
                return (
                  <tr
                    key={c.id}
                    aria-selected={isSel}
                    className={`${isSel ? "selected" : ""} ${breached ? "row-breached" : ""}`}
                    onClick={() => setSelected(i)}
                    onDoubleClick={() => navigate(`/cases/${c.id}`)}
                    data-case-id={c.id}
                  >
                    {writer && (
                      <td className="col-check">
                        <input
                          type="checkbox"
                          aria-label={t("queue.tick", { id: c.id })}
                          checked={checked.has(c.id)}
                          onChange={() => toggle(c.id)}
                          onClick={(e) => e.stopPropagation()}
                        />
                      </td>
                    )}
                    <td data-label={t("queue.colDeadline")} className="col-deadline">
                      <Countdown
                        due={c.sla.next_deadline}
                        breached={breached}
                        paused={c.sla.paused}
                      />
                      {breached && (
                        <span
                          className="badge mark-breach"
                          title={
                            c.sla.first_action_breached
                              ? t("sla.firstActionBreached")
                              : t("sla.resolutionBreached")
                          }
                        >
                          {t("queue.breachMark")}
                        </span>
                      )}
                      {c.sla.paused && !c.sla.next_deadline && (
                        <span className="badge mark-paused">{t("sla.paused")}</span>
                      )}
                    </td>
                    <td data-label="#">
                      <Link to={`/cases/${c.id}`} className="case-link" tabIndex={isSel ? 0 : -1}>
                        #{c.id}
                      </Link>
                    </td>
                    <td data-label={t("queue.colState")}>
                      <StateBadge state={c.state} />
                      {c.reemerged && (
                        <span
                          className="badge mark-reemerged"
                          title={t("queue.reemergedHint", { n: c.reemerged_count })}
                        >
                          ↻ {t("queue.reemergedMark")}
                        </span>
                      )}
                    </td>
                    <td data-label={t("queue.colType")}>
                      <span className={`type type-${c.type}`}>{label("type", c.type)}</span>
                    </td>
                    <td data-label={t("queue.colResource")} className="mono resource">
                      {c.resource}
                    </td>
                    <td data-label={t("queue.colOwner")}>
                      <OwnerText c={c} />
                    </td>
                    <td data-label={t("queue.colMisuse")}>
                      {c.misuse_type === "undetermined" && c.misuse_suggestions.length > 0 ? (
                        <span className="muted" title={t("queue.suggested")}>
                          {label("misuse", c.misuse_suggestions[0]?.misuse_type)}?
                        </span>
                      ) : (
                        label("misuse", c.misuse_type)
                      )}
                    </td>
                    <td data-label={t("queue.colAssignee")}>
                      {c.assignee ?? <span className="muted">—</span>}
                    </td>
                    <td data-label={t("queue.colEvents")} className="num">
                      {c.event_count}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      <nav className="pager" aria-label={t("queue.pages")}>
        <button
          type="button"
          disabled={cursors.length <= 1}
          onClick={() => {
            setCursors((c) => c.slice(0, -1));
            setSelected(0);
          }}
        >
          ← {t("queue.prev")}
        </button>
        <span className="muted">{t("queue.pageN", { n: cursors.length })}</span>
        <button
          type="button"
          disabled={!page?.next_cursor}
          onClick={() => {
            const next = page?.next_cursor;
            if (next) {
              setCursors((c) => [...c, next]);
              setSelected(0);
            }
          }}
        >
          {t("queue.next")} →
        </button>
      </nav>
      {prompt.element}
    </section>
  );
}
