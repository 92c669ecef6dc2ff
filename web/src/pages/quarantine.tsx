// Reports that could not be parsed: why, the bytes as they arrived, and "send it through again".
import { useCallback, useEffect, useState } from "react";
import { api, fetchBytes } from "../api.ts";
import {
  canSeeQuarantine,
  canWrite,
  Flash,
  formatBytes,
  Loading,
  useFlash,
  useTitle,
} from "../components.tsx";
import { useI18n } from "../i18n.ts";
import { Time } from "../time.tsx";
import type { QuarantinedReport, QuarantineList, Session } from "../types.ts";

const RAW_LIMIT = 512 * 1024;

export function QuarantinePage({ session }: { session: Session }) {
  const { t, label } = useI18n();
  useTitle(t("quarantine.title"));
  const flash = useFlash();
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<QuarantineList | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [requeued, setRequeued] = useState<Set<string>>(new Set());
  const cursor = cursors[cursors.length - 1];
  const writer = canWrite(session);

  const load = useCallback(async () => {
    try {
      const q = new URLSearchParams({ limit: "50" });
      if (cursor) q.set("cursor", cursor);
      setPage(await api<QuarantineList>("GET", `/api/v1/quarantine?${q}`));
    } catch (e) {
      flash.fail(e);
    }
  }, [cursor, flash.fail]);

  useEffect(() => {
    if (canSeeQuarantine(session.role)) load();
  }, [load, session.role]);

  if (!canSeeQuarantine(session.role))
    return (
      <section>
        <h1>{t("quarantine.title")}</h1>
        <p>{t("error.forbidden")}</p>
      </section>
    );

  const reinject = async (r: QuarantinedReport) => {
    try {
      await api("POST", `/api/v1/quarantine/${r.id}/reinject`);
      setRequeued((s) => new Set(s).add(r.id));
      flash.ok(t("quarantine.reinjected", { tn: r.tracking_number }));
    } catch (e) {
      flash.fail(e);
    }
  };

  return (
    <section aria-labelledby="q-title">
      <div className="page-head">
        <h1 id="q-title">{t("quarantine.title")}</h1>
        <p className="muted">{t("quarantine.hint")}</p>
        <button type="button" onClick={load}>
          {t("common.refresh")}
        </button>
      </div>
      <Flash msg={flash.msg} onClose={flash.clear} />
      {!page ? (
        <Loading />
      ) : page.items.length === 0 ? (
        <p className="empty">{t("quarantine.empty")}</p>
      ) : (
        <ul className="quarantine-list">
          {page.items.map((r) => (
            <li key={r.id} className="card" data-report-id={r.id}>
              <div className="q-head">
                <span className="mono strong">{r.tracking_number}</span>
                <span className="badge quiet">{label("channel", r.channel)}</span>
                <span className="muted small">
                  <Time at={r.received_at} />
                </span>
                <span className="muted small">
                  {r.content_type ?? "?"} · {formatBytes(r.size)}
                  {r.filename ? ` · ${r.filename}` : ""}
                  {r.sender ? ` · ${r.sender}` : ""}
                </span>
              </div>
              <p className="q-reason">
                <span className="muted">
                  {t("quarantine.reason")}
                  {r.parser ? ` (${r.parser})` : ""}:
                </span>{" "}
                {r.reason ?? "—"}
              </p>
              <div className="toggle-row">
                <button
                  type="button"
                  className="small"
                  aria-expanded={open === r.id}
                  onClick={() => setOpen(open === r.id ? null : r.id)}
                >
                  {open === r.id ? t("quarantine.hideRaw") : t("quarantine.viewRaw")}
                </button>
                {writer &&
                  (requeued.has(r.id) ? (
                    <span className="badge status-queued">{t("quarantine.requeued")}</span>
                  ) : (
                    <button type="button" className="small" onClick={() => reinject(r)}>
                      {t("quarantine.reinject")}
                    </button>
                  ))}
              </div>
              {open === r.id && <RawView id={r.id} />}
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label={t("queue.pages")}>
        <button
          type="button"
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          ← {t("queue.prev")}
        </button>
        <button
          type="button"
          disabled={!page?.next_cursor}
          onClick={() => {
            const next = page?.next_cursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t("queue.next")} →
        </button>
      </nav>
    </section>
  );
}

function RawView({ id }: { id: string }) {
  const { t } = useI18n();
  const [text, setText] = useState<string | null>(null);
  const [size, setSize] = useState(0);
  const [error, setError] = useState("");
  useEffect(() => {
    fetchBytes(`/api/v1/reports/${id}/raw`)
      .then(async (b) => {
        setSize(b.size);
        setText(new TextDecoder("utf-8").decode(await b.slice(0, RAW_LIMIT).arrayBuffer()));
      })
      .catch((e) => setError((e as Error).message));
  }, [id]);
  if (error) return <p className="error-text">{error}</p>;
  if (text === null) return <Loading />;
  return (
    <>
      <pre className="raw" title={t("quarantine.raw")}>
        {text}
      </pre>
      {size > RAW_LIMIT && (
        <p className="muted small">
          {t("ev.truncated", { size: formatBytes(RAW_LIMIT) })}{" "}
          <a href={`/api/v1/reports/${id}/raw`} download>
            {t("ev.download")}
          </a>
        </p>
      )}
    </>
  );
}
