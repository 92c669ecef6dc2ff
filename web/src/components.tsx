// Small pieces shared by the pages: messages, the reason prompt, badges, owners.
import {
  type AnchorHTMLAttributes,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { ApiError } from "./api.ts";
import { useI18n } from "./i18n.ts";
import { linkHandler } from "./router.ts";
import type { CaseState, CaseSummary, Role, Session } from "./types.ts";

export type FlashKind = "ok" | "error" | "info";
export interface FlashMessage {
  kind: FlashKind;
  text: string;
}

/** A message line that screen readers announce. */
export function Flash({ msg, onClose }: { msg: FlashMessage | null; onClose?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="flash-slot" aria-live="polite" role="status">
      {msg && (
        <div className={`flash flash-${msg.kind}`}>
          <span>{msg.text}</span>
          {onClose && (
            <button type="button" className="link" onClick={onClose} aria-label={t("common.close")}>
              ×
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** A page's message, and setters (stable across renders) that also turn errors into messages. */
export function useFlash() {
  const [msg, setMsg] = useState<FlashMessage | null>(null);
  const { t } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  const setters = useMemo(
    () => ({
      ok: (text: string) => setMsg({ kind: "ok", text }),
      info: (text: string) => setMsg({ kind: "info", text }),
      fail: (e: unknown) => {
        const tr = tRef.current;
        const text =
          e instanceof ApiError
            ? e.status === 0
              ? tr("error.network")
              : e.status === 403 && e.code === "forbidden"
                ? tr("error.forbidden")
                : e.message
            : String((e as Error)?.message ?? e);
        setMsg({ kind: "error", text });
      },
      clear: () => setMsg(null),
    }),
    [],
  );
  return { msg, ...setters };
}

/** A page's message and its setters, for the pieces of a page that report into it. */
export type PageFlash = ReturnType<typeof useFlash>;

export interface PromptOptions {
  title: string;
  label: string;
  initial?: string;
  confirm: string;
  multiline?: boolean;
  required?: boolean;
  /** Extra content above the field (e.g. the cases a bulk move touches). */
  body?: ReactNode;
}

/**
 * A modal dialog asking for one text (a reason, a name). `ask` resolves with the text, or
 * null when cancelled.
 */
export function usePrompt(): {
  element: ReactNode;
  ask: (o: PromptOptions) => Promise<string | null>;
} {
  const [state, setState] = useState<{
    o: PromptOptions;
    resolve: (v: string | null) => void;
  } | null>(null);
  const ask = useCallback(
    (o: PromptOptions) => new Promise<string | null>((resolve) => setState({ o, resolve })),
    [],
  );
  const close = (v: string | null) => {
    state?.resolve(v);
    setState(null);
  };
  return {
    element: state ? <PromptDialog key={state.o.title} o={state.o} onDone={close} /> : null,
    ask,
  };
}

/** Asks for one text in the page's dialog (see usePrompt). */
export type Ask = ReturnType<typeof usePrompt>["ask"];

function PromptDialog({ o, onDone }: { o: PromptOptions; onDone: (v: string | null) => void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(o.initial ?? "");
  const id = useId();
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const field = d?.querySelector<HTMLInputElement | HTMLTextAreaElement>("[data-autofocus]");
    field?.focus();
    field?.select();
  }, []);
  const required = o.required ?? true;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onDone(null);
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (required && !value.trim()) return;
          onDone(value.trim());
        }}
      >
        <h2 id={`${id}-title`}>{o.title}</h2>
        {o.body}
        <label htmlFor={`${id}-field`}>{o.label}</label>
        {o.multiline ? (
          <textarea
            id={`${id}-field`}
            data-autofocus
            rows={3}
            value={value}
            required={required}
            onChange={(e) => setValue(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        ) : (
          <input
            id={`${id}-field`}
            data-autofocus
            value={value}
            required={required}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => onDone(null)}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="primary" disabled={required && !value.trim()}>
            {o.confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** May this session change things? (viewers only read). */
export function canWrite(s: Session | null): boolean {
  return s !== null && (s.role === "admin" || s.role === "analyst");
}

export function canSeeQuarantine(role: Role | undefined): boolean {
  return role === "admin" || role === "analyst";
}

export function StateBadge({ state }: { state: CaseState }) {
  const { label } = useI18n();
  return <span className={`badge state-${state}`}>{label("state", state)}</span>;
}

/** Whose the case is: customer/service/team, the platform, or not ours. */
export function OwnerText({ c }: { c: CaseSummary }) {
  const { t, label } = useI18n();
  if (c.ownership === "not_ours")
    return <span className="badge owner-not-ours">{t("owner.notOurs")}</span>;
  if (c.ownership === "platform")
    return (
      <span>
        <span className="badge owner-platform">{t("owner.platform")}</span>{" "}
        {c.team_id && <span className="mono">{c.team_id}</span>}
      </span>
    );
  return (
    <span className="owner">
      <span className="mono">{c.customer_id ?? "?"}</span>
      {c.service_id && (
        <>
          {" · "}
          <span className="mono">{c.service_id}</span>{" "}
          <span className="muted">({label("service", c.service_type)})</span>
        </>
      )}
      {c.team_id && (
        <>
          {" · "}
          <span className="mono">{c.team_id}</span>
        </>
      )}
    </span>
  );
}

/** A link inside the app. */
export function Link({
  to,
  children,
  className,
  ...rest
}: { to: string; children: ReactNode; className?: string } & Omit<
  AnchorHTMLAttributes<HTMLAnchorElement>,
  "href" | "onClick"
>) {
  return (
    <a href={to} onClick={linkHandler(to)} className={className} {...rest}>
      {children}
    </a>
  );
}

/** Is the keyboard busy typing somewhere (so single-key shortcuts must stay quiet)? */
export function typingTarget(e: KeyboardEvent): boolean {
  const el = e.target as HTMLElement | null;
  if (!el) return false;
  if (document.querySelector("dialog[open]")) return true;
  const tag = el.tagName;
  return (
    tag === "INPUT" ||
    tag === "TEXTAREA" ||
    tag === "SELECT" ||
    el.isContentEditable ||
    e.ctrlKey ||
    e.metaKey ||
    e.altKey
  );
}

export function Loading() {
  const { t } = useI18n();
  return <p className="muted loading">{t("common.loading")}</p>;
}

/** Sets the document title for a page. */
export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Mogura`;
  }, [title]);
}

/** Bytes as "5.0 kB". */
export function formatBytes(n: number | undefined | null): string {
  if (n === undefined || n === null) return "—";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
