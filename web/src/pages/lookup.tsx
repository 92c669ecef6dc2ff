// Whose is this? An IP, CIDR, domain or URL against the inventory, now and at a chosen time.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, query } from "../api.ts";
import { Flash, Link, useFlash, useTitle } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import { ALL_STATES } from "../policy.ts";
import { navigate, useLocation } from "../router.ts";
import { formatLocal, Time } from "../time.tsx";
import type { ResolveAnswer } from "../types.ts";
import { resourceOf } from "./queue/resource-of.ts";

/** A datetime-local value ("2026-11-28T10:00", the viewer's zone) as an ISO instant. */
function localToIso(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function LookupPage() {
  const { t } = useI18n();
  useTitle(t("lookup.title"));
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const [q, setQ] = useState(params.get("q") ?? "");
  const [at, setAt] = useState(params.get("at") ?? "");
  const [answers, setAnswers] = useState<{ now: ResolveAnswer; then: ResolveAnswer | null } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const flash = useFlash();

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    const text = q.trim();
    if (!text) return;
    setBusy(true);
    flash.clear();
    try {
      const iso = localToIso(at);
      const [now, then] = await Promise.all([
        api<ResolveAnswer>("GET", `/api/v1/resolve${query({ q: text })}`),
        iso ? api<ResolveAnswer>("GET", `/api/v1/resolve${query({ q: text, at: iso })}`) : null,
      ]);
      setAnswers({ now, then });
      navigate(`/lookup${query({ q: text, at })}`, { replace: true });
    } catch (err) {
      setAnswers(null);
      flash.fail(err);
    } finally {
      setBusy(false);
    }
  };

  // Opened with ?q= (a link, a reload): answer at once.
  const ran = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the address it was opened with
  useEffect(() => {
    if (!ran.current && q.trim()) {
      ran.current = true;
      run();
    }
  }, []);

  const resource = resourceOf(q.trim());

  return (
    <section aria-labelledby="lookup-title">
      <div className="page-head">
        <h1 id="lookup-title">{t("lookup.title")}</h1>
        <p className="muted">{t("lookup.hint")}</p>
      </div>
      <form className="filters" onSubmit={run}>
        <div className="field grow">
          <label htmlFor="lookup-q">{t("lookup.query")}</label>
          <input
            id="lookup-q"
            value={q}
            placeholder="198.51.100.23 · 192.0.2.0/24 · example.jp · https://…"
            onChange={(e) => setQ(e.target.value)}
            spellCheck={false}
            // biome-ignore lint/a11y/noAutofocus: the page is this one field
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="lookup-at">{t("lookup.at")}</label>
          <input
            id="lookup-at"
            type="datetime-local"
            value={at}
            onChange={(e) => setAt(e.target.value)}
          />
        </div>
        <div className="field buttons">
          <button type="submit" className="primary" disabled={busy || !q.trim()}>
            {t("lookup.submit")}
          </button>
        </div>
      </form>
      <Flash msg={flash.msg} onClose={flash.clear} />
      {answers && (
        <>
          <div className="lookup-results">
            <LookupAnswer a={answers.now} heading={t("lookup.now")} />
            {answers.then && (
              <LookupAnswer
                a={answers.then}
                heading={t("lookup.atTime", { at: formatLocal(answers.then.at) })}
              />
            )}
          </div>
          {resource && (
            <p>
              <Link to={`/queue${query({ resource, state: ALL_STATES })}`}>
                {t("lookup.cases")} →
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}

function LookupAnswer({ a, heading }: { a: ResolveAnswer; heading: string }) {
  const { t, label } = useI18n();
  const o = a.owner;
  return (
    <section className="card lookup-answer" aria-label={heading}>
      <h2>{heading}</h2>
      {o ? (
        <dl className="facts">
          <div>
            <dt>{t("lookup.ownership")}</dt>
            <dd>
              <span className={`badge owner-${o.ownership.replace("_", "-")}`}>
                {label("ownership", o.ownership)}
              </span>
              {o.via && (
                <span className="muted small">
                  {" "}
                  · {t("lookup.via")} {label("via", o.via)}
                </span>
              )}
            </dd>
          </div>
          {o.customer_id && (
            <div>
              <dt>{t("case.customer")}</dt>
              <dd className="mono strong">{o.customer_id}</dd>
            </div>
          )}
          {o.service_id && (
            <div>
              <dt>{t("case.service")}</dt>
              <dd>
                <span className="mono">{o.service_id}</span> ({label("service", o.service_type)})
              </dd>
            </div>
          )}
          {o.team_id && (
            <div>
              <dt>{t("queue.team")}</dt>
              <dd className="mono">{o.team_id}</dd>
            </div>
          )}
          {o.host && (
            <div>
              <dt>{t("lookup.host")}</dt>
              <dd className="mono">{o.host}</dd>
            </div>
          )}
          {o.ip && (
            <div>
              <dt>IP</dt>
              <dd className="mono">{o.ip}</dd>
            </div>
          )}
          {o.netblock_id !== null && (
            <div>
              <dt>{t("lookup.netblock")}</dt>
              <dd className="mono">#{o.netblock_id}</dd>
            </div>
          )}
          {o.domain_id !== null && (
            <div>
              <dt>{t("lookup.domain")}</dt>
              <dd className="mono">#{o.domain_id}</dd>
            </div>
          )}
          {o.dns && (
            <div>
              <dt>DNS</dt>
              <dd className="mono">
                {o.dns.addresses.join(", ") || "—"}
                {o.dns.error ? ` (${o.dns.error})` : ""}
              </dd>
            </div>
          )}
        </dl>
      ) : a.netblocks.length === 0 ? (
        <p className="muted">{t("lookup.noNetblocks")}</p>
      ) : (
        <div className="table-wrap">
          <table className="compact nowrap">
            <thead>
              <tr>
                <th scope="col">CIDR</th>
                <th scope="col">{t("case.service")}</th>
                <th scope="col">{t("queue.team")}</th>
                <th scope="col">{t("lookup.shared")}</th>
                <th scope="col">{t("lookup.validFrom")}</th>
                <th scope="col">{t("lookup.validTo")}</th>
              </tr>
            </thead>
            <tbody>
              {a.netblocks.map((n) => (
                <tr key={n.id}>
                  <td className="mono">{n.cidr}</td>
                  <td className="mono">{n.service_id ?? "—"}</td>
                  <td className="mono">{n.team_id ?? "—"}</td>
                  <td>{n.shared ? t("common.yes") : t("common.no")}</td>
                  <td>
                    <Time at={n.valid_from} />
                  </td>
                  <td>
                    <Time at={n.valid_to} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
