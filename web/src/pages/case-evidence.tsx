// The evidence of a case: each capture with its status and what it saw. Captured pages are
// attacker content: shown as escaped text, or in a sandboxed frame (no scripts, an opaque
// origin) loaded from a blob: URL, never as live HTML of this origin.
import { useEffect, useState } from "react";
import { fetchBytes } from "../api.ts";
import { formatBytes, Loading } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import { Time } from "../time.tsx";
import type { Capture, Hop } from "../types.ts";

const blobUrl = (sha: string) => `/api/v1/evidence/blobs/${sha}`;
const TEXT_LIMIT = 256 * 1024;

// What an analyst looks at first: the page and its picture, what the reporter sent, then the
// registration data and DNS.
const KIND_ORDER = ["http", "screenshot", "attachment", "rdap_domain", "rdap_ip", "dns"];
const kindRank = (k: string) => {
  const i = KIND_ORDER.indexOf(k);
  return i < 0 ? KIND_ORDER.length : i;
};

export function EvidenceSection({ captures }: { captures: Capture[] | null }) {
  const { t } = useI18n();
  const byKind = (a: Capture, b: Capture) => kindRank(a.kind) - kindRank(b.kind) || b.id - a.id;
  const good = (captures ?? []).filter((c) => c.status === "done" || c.status === "queued");
  const other = (captures ?? []).filter((c) => c.status !== "done" && c.status !== "queued");
  return (
    <section className="card" aria-labelledby="evidence-title">
      <h2 id="evidence-title">{t("ev.title")}</h2>
      {captures === null ? (
        <Loading />
      ) : captures.length === 0 ? (
        <p className="muted">{t("ev.none")}</p>
      ) : (
        <>
          <ul className="captures">
            {good.sort(byKind).map((c) => (
              <CaptureItem key={c.id} c={c} />
            ))}
          </ul>
          {other.length > 0 && (
            <details className="other-captures" open={good.length === 0}>
              <summary>{t("ev.unsuccessful", { n: other.length })}</summary>
              <ul className="captures">
                {other.sort(byKind).map((c) => (
                  <CaptureItem key={c.id} c={c} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function CaptureItem({ c }: { c: Capture }) {
  const { t, label } = useI18n();
  return (
    <li className={`capture capture-${c.kind}`} data-kind={c.kind}>
      <div className="capture-head">
        <span className="badge kind">{label("capture", c.kind)}</span>
        <span className={`badge status-${c.status}`}>{label("status", c.status)}</span>
        <span className="mono break target">{c.target}</span>
        <span className="muted small">
          <Time at={c.finished_at ?? c.created_at} />
          {c.ledger_seq !== null && ` · ${t("ev.ledger", { n: c.ledger_seq })}`}
        </span>
      </div>
      {c.summary && <p className="capture-summary">{c.summary}</p>}
      {c.status === "done" && <CaptureBody c={c} />}
    </li>
  );
}

function CaptureBody({ c }: { c: Capture }) {
  switch (c.kind) {
    case "http":
      return <HttpCapture c={c} />;
    case "screenshot":
      return <Screenshot c={c} />;
    case "dns":
      return <DnsCapture c={c} />;
    case "rdap_domain":
    case "rdap_ip":
      return <RdapCapture c={c} />;
    case "attachment":
      return <AttachmentCapture c={c} />;
    default:
      return null;
  }
}

function HttpCapture({ c }: { c: Capture }) {
  const { t } = useI18n();
  const hops = (c.result.hops as Hop[] | undefined) ?? [];
  const final = c.result.final as
    | { url?: string; status?: number; content_type?: string; size?: number; sha256?: string }
    | undefined;
  const bodySha = c.blobs[1];
  return (
    <div className="capture-body">
      {hops.length > 0 && (
        <div className="table-wrap">
          <table className="hops">
            <caption className="sr-only">{t("ev.hops")}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">URL</th>
                <th scope="col">{t("ev.status")}</th>
                <th scope="col">IP</th>
                <th scope="col">{t("ev.cert")}</th>
              </tr>
            </thead>
            <tbody>
              {hops.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: hops are ordered and fixed
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td className="mono break">
                    {h.url}
                    {h.location && <div className="muted small">→ {h.location}</div>}
                    {h.error && <div className="error-text small">{h.error}</div>}
                  </td>
                  <td className="mono">{h.status ?? "—"}</td>
                  <td className="mono">
                    {h.remote
                      ? `${h.remote.ip}:${h.remote.port}`
                      : (h.addresses?.join(", ") ?? "—")}
                  </td>
                  <td className="small">
                    {h.tls ? (
                      <>
                        <span className={`badge ${h.tls.authorized ? "quiet" : "warn"}`}>
                          {h.tls.authorized ? t("ev.certTrusted") : t("ev.certUntrusted")}
                        </span>{" "}
                        <span className="break">{h.tls.subject}</span>
                        <div className="muted">
                          {t("ev.issuer")}: {h.tls.issuer} · {h.tls.valid_from} – {h.tls.valid_to}
                        </div>
                        {h.tls.authorization_error && (
                          <div className="muted">{h.tls.authorization_error}</div>
                        )}
                      </>
                    ) : (
                      <span className="muted">{t("ev.noTls")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {final && (
        <p className="small">
          {t("ev.final")}: <span className="mono break">{final.url}</span> · {final.status} ·{" "}
          {final.content_type ?? "?"} · {formatBytes(final.size)}
          {final.sha256 && (
            <>
              {" "}
              ·{" "}
              <span className="mono" title={final.sha256}>
                SHA-256 {final.sha256.slice(0, 16)}…
              </span>
            </>
          )}
        </p>
      )}
      {bodySha && (
        <BodyViewer
          sha={bodySha}
          contentType={final?.content_type ?? ""}
          size={final?.size}
          title={t("ev.pageFrameTitle", { url: final?.url ?? c.target })}
        />
      )}
      <Downloads c={c} />
    </div>
  );
}

/** Downloads of every blob of a capture (the record first). */
function Downloads({ c }: { c: Capture }) {
  const { t } = useI18n();
  if (c.blobs.length === 0) return null;
  return (
    <p className="links small">
      {c.blobs.map((sha, i) => (
        <a
          key={sha}
          href={blobUrl(sha)}
          download={`${c.kind}-${c.id}-${i === 0 ? "record" : "body"}-${sha.slice(0, 12)}`}
        >
          ⤓ {i === 0 ? t("ev.downloadRecord") : t("ev.downloadBody")}
        </a>
      ))}
    </p>
  );
}

function charsetOf(contentType: string): string {
  const m = /charset=["']?([\w-]+)/i.exec(contentType);
  return m?.[1]?.toLowerCase() ?? "utf-8";
}

/**
 * A captured body: as text in a <pre> (React escapes it), or for HTML in a sandboxed frame
 * from a blob: URL. Fetched only when asked for.
 */
export function BodyViewer({
  sha,
  contentType,
  size,
  title,
}: {
  sha: string;
  contentType: string;
  size?: number;
  title: string;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<"none" | "text" | "frame">("none");
  const [bytes, setBytes] = useState<Blob | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [frameUrl, setFrameUrl] = useState<string | null>(null);
  const [error, setError] = useState("");
  const isHtml = /html|xml/i.test(contentType) || !contentType;

  useEffect(() => {
    if (mode === "none" || bytes) return;
    fetchBytes(blobUrl(sha))
      .then(setBytes)
      .catch((e) => setError((e as Error).message));
  }, [mode, bytes, sha]);

  useEffect(() => {
    if (!bytes || mode !== "text" || text !== null) return;
    bytes
      .slice(0, TEXT_LIMIT)
      .arrayBuffer()
      .then((buf) => {
        let decoder: TextDecoder;
        try {
          decoder = new TextDecoder(charsetOf(contentType));
        } catch {
          decoder = new TextDecoder("utf-8");
        }
        setText(decoder.decode(buf));
      });
  }, [bytes, mode, text, contentType]);

  useEffect(() => {
    if (!bytes || mode !== "frame" || frameUrl) return;
    // Typed as HTML so the frame renders it; the sandbox keeps it inert and origin-less.
    const url = URL.createObjectURL(new Blob([bytes], { type: "text/html" }));
    setFrameUrl(url);
  }, [bytes, mode, frameUrl]);

  useEffect(
    () => () => {
      if (frameUrl) URL.revokeObjectURL(frameUrl);
    },
    [frameUrl],
  );

  return (
    <div className="body-viewer">
      <fieldset className="toggle-row" aria-label={t("ev.pageView")}>
        <button
          type="button"
          className="small"
          aria-pressed={mode === "text"}
          onClick={() => setMode(mode === "text" ? "none" : "text")}
        >
          {t("ev.showText")}
        </button>
        {isHtml && (
          <button
            type="button"
            className="small"
            aria-pressed={mode === "frame"}
            onClick={() => setMode(mode === "frame" ? "none" : "frame")}
          >
            {t("ev.showFrame")}
          </button>
        )}
      </fieldset>
      {error && <p className="error-text">{error}</p>}
      {mode !== "none" && !bytes && !error && <Loading />}
      {mode === "text" && text !== null && (
        <>
          <pre className="page-text" data-testid="page-text">
            {text}
          </pre>
          {size !== undefined && size > TEXT_LIMIT && (
            <p className="muted small">{t("ev.truncated", { size: formatBytes(TEXT_LIMIT) })}</p>
          )}
        </>
      )}
      {mode === "frame" && frameUrl && (
        <>
          <p className="muted small">{t("ev.frameHint")}</p>
          <iframe
            className="page-frame"
            sandbox=""
            referrerPolicy="no-referrer"
            src={frameUrl}
            title={title}
          />
        </>
      )}
    </div>
  );
}

function Screenshot({ c }: { c: Capture }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [big, setBig] = useState(false);
  const sha = c.blobs[1];
  useEffect(() => {
    if (!sha) return;
    let made: string | null = null;
    let live = true;
    fetchBytes(blobUrl(sha))
      .then((b) => {
        if (!live) return;
        made = URL.createObjectURL(new Blob([b], { type: "image/png" }));
        setUrl(made);
      })
      .catch(() => {});
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha]);
  if (!sha) return null;
  return (
    <div className="capture-body">
      {url ? (
        <button
          type="button"
          className={`shot ${big ? "big" : ""}`}
          onClick={() => setBig(!big)}
          aria-label={big ? t("ev.shrink") : t("ev.enlarge")}
        >
          <img src={url} alt={t("ev.screenshotAlt", { target: c.target })} />
        </button>
      ) : (
        <Loading />
      )}
      <Downloads c={c} />
    </div>
  );
}

function DnsCapture({ c }: { c: Capture }) {
  const { t } = useI18n();
  const records =
    (c.result.records as
      | { name: string; type: string; values: string[]; error?: string }[]
      | undefined) ?? [];
  const answered = records.filter((r) => r.values.length > 0);
  const unanswered = records.filter((r) => r.values.length === 0);
  return (
    <div className="capture-body">
      {answered.length > 0 && (
        <div className="table-wrap">
          <table className="dns">
            <caption className="sr-only">{t("ev.dnsRecords")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("ev.name")}</th>
                <th scope="col">{t("ev.type")}</th>
                <th scope="col">{t("ev.values")}</th>
              </tr>
            </thead>
            <tbody>
              {answered.map((r) => (
                <tr key={`${r.name}-${r.type}`}>
                  <td className="mono">{r.name}</td>
                  <td className="mono">{r.type}</td>
                  <td className="mono break">{r.values.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {unanswered.length > 0 && (
        <p className="muted small">
          {t("ev.noAnswer")}:{" "}
          {[...new Set(unanswered.map((r) => r.name))].map((name) => {
            const sets = unanswered.filter((r) => r.name === name);
            const errors = [...new Set(sets.map((r) => r.error).filter(Boolean))];
            return (
              <span key={name} className="dns-none">
                <span className="mono">{name}</span> {sets.map((r) => r.type).join(", ")}
                {errors.length ? ` (${errors.join(", ")})` : ""}
              </span>
            );
          })}
        </p>
      )}
      {typeof c.result.resolver === "string" && (
        <p className="muted small">
          {t("ev.resolver")}: {c.result.resolver}
        </p>
      )}
    </div>
  );
}

interface RdapContact {
  email?: string;
  phone?: string;
  name?: string;
}

function RdapCapture({ c }: { c: Capture }) {
  const { t } = useI18n();
  const data = c.result.data as
    | {
        registrar?: string;
        status?: string[];
        events?: { action: string; date: string }[];
        nameservers?: string[];
        abuse_contacts?: RdapContact[];
        handle?: string;
        name?: string;
        start?: string;
        end?: string;
        cidr?: string[];
        country?: string;
        url?: string;
      }
    | undefined;
  if (!data) return null;
  const contacts = data.abuse_contacts ?? [];
  return (
    <div className="capture-body">
      <dl className="kv-list">
        {data.registrar && (
          <div>
            <dt>{t("ev.registrar")}</dt>
            <dd>{data.registrar}</dd>
          </div>
        )}
        {(data.handle || data.name) && (
          <div>
            <dt>{t("ev.network")}</dt>
            <dd className="mono">
              {[data.handle, data.name].filter(Boolean).join(" · ")}
              {data.cidr?.length
                ? ` (${data.cidr.join(", ")})`
                : data.start
                  ? ` (${data.start} – ${data.end ?? ""})`
                  : ""}
              {data.country ? ` ${data.country}` : ""}
            </dd>
          </div>
        )}
        <div>
          <dt>{t("ev.abuseContact")}</dt>
          <dd>
            {contacts.length === 0 ? (
              <span className="muted">{t("ev.noContact")}</span>
            ) : (
              contacts.map((k, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: contacts have no id
                <div key={i} className="mono">
                  {[k.name, k.email, k.phone].filter(Boolean).join(" · ")}
                </div>
              ))
            )}
          </dd>
        </div>
        {data.status && data.status.length > 0 && (
          <div>
            <dt>{t("ev.rdapStatus")}</dt>
            <dd className="mono small">{data.status.join(", ")}</dd>
          </div>
        )}
        {data.events && data.events.length > 0 && (
          <div>
            <dt>{t("ev.rdapEvents")}</dt>
            <dd className="small">
              {data.events.map((e) => (
                <div key={`${e.action}-${e.date}`}>
                  {e.action}: <Time at={e.date} />
                </div>
              ))}
            </dd>
          </div>
        )}
        {data.nameservers && data.nameservers.length > 0 && (
          <div>
            <dt>{t("ev.nameservers")}</dt>
            <dd className="mono small">{data.nameservers.join(", ")}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function AttachmentCapture({ c }: { c: Capture }) {
  const { t } = useI18n();
  const r = c.result as { media_type?: string; description?: string; filename?: string };
  const sha = c.blobs[0];
  const textual = /^text\/|json|xml|html|message\//i.test(r.media_type ?? "");
  return (
    <div className="capture-body">
      {r.description && <p className="small">{r.description}</p>}
      {sha && textual && (
        <BodyViewer
          sha={sha}
          contentType={r.media_type ?? ""}
          title={t("ev.attachmentFrameTitle", {
            name: r.filename ?? r.description ?? sha.slice(0, 12),
          })}
        />
      )}
      {sha && (
        <p className="links small">
          <a href={blobUrl(sha)} download={r.filename ?? `attachment-${sha.slice(0, 12)}`}>
            ⤓ {t("ev.download")}
          </a>
        </p>
      )}
    </div>
  );
}
