// Customer notices of a case: preview the rendered mail, edit subject and text, send; and
// every mail that went (or waits to go) about the case, with its delivery state.
import { useCallback, useEffect, useId, useState } from "react";
import { api } from "../api.ts";
import { Flash, useFlash } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import { Time } from "../time.tsx";
import type { CaseDetail, Notice, NoticeList, NoticePreview, NoticeQueued } from "../types.ts";

export function NoticePanel({
  c,
  writer,
  onSent,
}: {
  c: CaseDetail;
  writer: boolean;
  onSent: () => Promise<void>;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const flash = useFlash();
  const [notices, setNotices] = useState<Notice[] | null>(null);
  const [preview, setPreview] = useState<NoticePreview | null>(null);
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setNotices((await api<NoticeList>("GET", `/api/v1/cases/${c.id}/notices`)).items);
    } catch {
      setNotices([]);
    }
  }, [c.id]);

  // Delivery goes on in the background: look again while something is queued.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the timeline moving is the trigger
  useEffect(() => {
    load();
  }, [load, c.timeline.length]);
  useEffect(() => {
    if (!notices?.some((n) => n.state === "queued" || n.state === "sending")) return;
    const timer = setTimeout(load, 3000);
    return () => clearTimeout(timer);
  }, [notices, load]);

  const noCustomer = !c.customer_id;

  const doPreview = async () => {
    setBusy(true);
    flash.clear();
    try {
      const p = await api<NoticePreview>("POST", `/api/v1/cases/${c.id}/notices/preview`);
      setPreview(p);
      setSubject(p.subject);
      setText(p.text);
    } catch (e) {
      flash.fail(e);
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const body: { subject?: string; text?: string } = {};
      if (subject.trim() !== preview.subject.trim()) body.subject = subject.trim();
      if (text.trim() !== preview.text.trim()) body.text = text.trim();
      const r = await api<NoticeQueued>("POST", `/api/v1/cases/${c.id}/notices`, body);
      flash.ok(t("notice.queued", { id: r.outbox_id }));
      setPreview(null);
      await load();
      await onSent();
    } catch (e) {
      flash.fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card notice-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("notice.title")}</h2>
      {noCustomer ? (
        <p className="muted">
          {c.ownership === "not_ours" ? t("notice.notOurs") : t("notice.noCustomer")}
        </p>
      ) : (
        writer &&
        !preview && (
          <button type="button" onClick={doPreview} disabled={busy}>
            {t("notice.preview")}
          </button>
        )
      )}
      <Flash msg={flash.msg} onClose={flash.clear} />
      {preview && (
        <form
          className="stack notice-form"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <p className="small">
            {t("notice.to")}: <span className="mono">{preview.to.join(", ")}</span>
            {preview.cc.length > 0 && (
              <>
                {" "}
                · Cc: <span className="mono">{preview.cc.join(", ")}</span>
              </>
            )}{" "}
            · {t("notice.language")}: {label("lang", preview.language)}
          </p>
          <label htmlFor={`${id}-subject`}>{t("notice.subject")}</label>
          <input
            id={`${id}-subject`}
            value={subject}
            onChange={(e) => setSubject(e.target.value)}
            required
          />
          <label htmlFor={`${id}-text`}>{t("notice.text")}</label>
          <textarea
            id={`${id}-text`}
            rows={14}
            className="mono-text"
            value={text}
            onChange={(e) => setText(e.target.value)}
            required
          />
          {text.trim() !== preview.text.trim() && (
            <p className="muted small">{t("notice.editedHint")}</p>
          )}
          <div className="form-buttons">
            <button type="button" className="link" onClick={() => setPreview(null)}>
              {t("common.cancel")}
            </button>
            <button
              type="submit"
              className="primary"
              disabled={busy || !subject.trim() || !text.trim()}
            >
              {t("notice.send")}
            </button>
          </div>
        </form>
      )}
      <h3>{t("notice.sent")}</h3>
      {notices === null ? null : notices.length === 0 ? (
        <p className="muted small">{t("notice.none")}</p>
      ) : (
        <ul className="notice-list">
          {notices.map((n) => (
            <li key={n.id}>
              <div>
                <span className={`badge status-${n.state}`}>{label("mail", n.state)}</span>{" "}
                <span className="muted small">{label("mailKind", n.kind)}</span>{" "}
                <span className="muted small">
                  <Time at={n.sent_at ?? n.created_at} />
                </span>
              </div>
              <div className="notice-subject">{n.subject}</div>
              <div className="mono small muted break">→ {n.to.join(", ")}</div>
              {n.attempts > 1 && (
                <div className="small muted">{t("notice.attempts", { n: n.attempts })}</div>
              )}
              {n.last_error && <div className="small error-text">{n.last_error}</div>}
              <details>
                <summary className="small">{t("notice.showText")}</summary>
                <pre className="mail-text">{n.text}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
