// One request opened: the mail as it went (or will go), the XARF report, the recipient's
// replies, and for analysts the moves it can make.
import { useId } from "react";
import { useI18n } from "../../i18n.ts";
import { Time } from "../../time.tsx";
import type { TakedownDrafted, TakedownReply, TakedownRequest } from "../../types.ts";
import { RequestActions } from "./request-actions.tsx";
import { useTakedownRequest } from "./use-takedown.ts";

export function RequestDetail({
  summary,
  writer,
  onDone,
  onDrafted,
  onError,
}: {
  summary: TakedownRequest;
  writer: boolean;
  onDone: (msg: string) => Promise<void>;
  onDrafted: (r: TakedownDrafted, msg: string) => Promise<void>;
  onError: (e: unknown) => void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const loaded = useTakedownRequest(summary.id, summary.updated_at);
  // The list's copy until the full one (with the replies) is here.
  const r = loaded.request?.updated_at === summary.updated_at ? loaded.request : summary;
  const replies = loaded.request?.replies ?? null;

  return (
    <section className="td-detail" aria-labelledby={`${id}-subject`}>
      <h4 id={`${id}-subject`} className="td-subject">
        {r.subject}
      </h4>
      <dl className="kv-list td-facts small">
        <div>
          <dt>{t("td.to")}</dt>
          <dd className="mono break">{r.recipient.email ?? r.recipient.web_form ?? "—"}</dd>
        </div>
        <div>
          <dt>{t("td.channel")}</dt>
          <dd>
            {label("tdChannel", r.channel)} · {label("tdFormat", r.format)} ·{" "}
            {label("lang", r.language)}
          </dd>
        </div>
        <div>
          <dt>{t("td.resources")}</dt>
          <dd className="mono break">
            {r.resources.map((x) => (
              <div key={x}>{x}</div>
            ))}
          </dd>
        </div>
        <div>
          <dt>{t("td.createdBy")}</dt>
          <dd>
            {r.created_by} · <Time at={r.created_at} />
          </dd>
        </div>
        {r.escalates !== null && (
          <div>
            <dt>{t("td.escalates")}</dt>
            <dd className="mono">#{r.escalates}</dd>
          </div>
        )}
        {r.acted_at && (
          <div>
            <dt>{t("td.actedAt")}</dt>
            <dd>
              <Time at={r.acted_at} />
            </dd>
          </div>
        )}
        {r.closed_at && (
          <div>
            <dt>{t("td.closedAt")}</dt>
            <dd>
              <Time at={r.closed_at} />
            </dd>
          </div>
        )}
      </dl>

      <h5>{r.state === "draft" ? t("td.mailDraft") : t("td.mailSent")}</h5>
      <pre className="mail-text" data-testid="td-mail">
        {r.body}
      </pre>
      {writer && <RequestActions r={r} onDone={onDone} onDrafted={onDrafted} onError={onError} />}
      {r.xarf && (
        <details className="td-xarf">
          <summary className="small">{t("td.xarf")}</summary>
          <pre className="mail-text">{JSON.stringify(r.xarf, null, 2)}</pre>
        </details>
      )}

      <h5>{t("td.replies")}</h5>
      {loaded.error && <p className="small error-text">{loaded.error}</p>}
      {replies === null ? null : replies.length === 0 ? (
        <p className="muted small">{t("td.noReplies")}</p>
      ) : (
        <ul className="notice-list td-replies">
          {replies.map((m) => (
            <Reply key={m.id} m={m} />
          ))}
        </ul>
      )}
    </section>
  );
}

function Reply({ m }: { m: TakedownReply }) {
  const { t } = useI18n();
  return (
    <li>
      <div className="small">
        <Time at={m.received_at} /> <span className="mono">{m.sender ?? "—"}</span>
      </div>
      <div className="notice-subject">{m.subject ?? t("td.noSubject")}</div>
      <pre className="mail-text">{m.body}</pre>
    </li>
  );
}
