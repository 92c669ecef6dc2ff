// Times: shown in the viewer's zone, with UTC on hover; countdowns ticking once a second.
import { useSyncExternalStore } from "react";
import { useI18n } from "./i18n.ts";

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(fn);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The time, re-rendering the caller every second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-11-30 07:16" in the viewer's zone (seconds on request). */
export function formatLocal(iso: string | Date, seconds = false): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return seconds ? `${base}:${pad(d.getSeconds())}` : base;
}

/** "2026-11-29 22:16:03 UTC". */
export function formatUtc(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** The viewer's zone, e.g. "Asia/Tokyo (UTC+09:00)". */
export function zoneLabel(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "local";
  const off = -new Date().getTimezoneOffset();
  const sign = off >= 0 ? "+" : "-";
  const a = Math.abs(off);
  return `${zone} (UTC${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)})`;
}

/** A time in the viewer's zone; UTC on hover. */
export function Time({ at, seconds }: { at: string | null | undefined; seconds?: boolean }) {
  if (!at) return <span className="muted">—</span>;
  return (
    <time dateTime={at} title={formatUtc(at)}>
      {formatLocal(at, seconds)}
    </time>
  );
}

/** A duration as "3h 59m 12s" (or "2d 4h 10m"), in the UI language. */
export function useDuration(): (ms: number, withSeconds?: boolean) => string {
  const { t } = useI18n();
  return (ms, withSeconds = true) => {
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400);
    s -= d * 86400;
    const h = Math.floor(s / 3600);
    s -= h * 3600;
    const m = Math.floor(s / 60);
    s -= m * 60;
    const parts: string[] = [];
    if (d) parts.push(`${d}${t("unit.d")}`);
    if (d || h) parts.push(`${h}${t("unit.h")}`);
    parts.push(`${d ? m : pad(m)}${t("unit.m")}`);
    if (!d && withSeconds) parts.push(`${pad(s)}${t("unit.s")}`);
    return parts.join(t("unit.sep"));
  };
}

/**
 * The time left to a deadline, ticking: red when breached, amber under an hour.
 * `breached` comes from the server (a deadline missed before the action came).
 */
export function Countdown({
  due,
  breached,
  paused,
  done,
}: {
  due: string | null;
  breached?: boolean;
  paused?: boolean;
  done?: boolean;
}) {
  const nowMs = useNow();
  const { t } = useI18n();
  const fmt = useDuration();
  if (!due) return <span className="muted">—</span>;
  if (paused && !done) {
    return (
      <span className="countdown paused" title={`${t("sla.due")} ${formatUtc(due)}`}>
        ⏸ {t("sla.paused")}
      </span>
    );
  }
  const left = Date.parse(due) - nowMs;
  const over = left < 0 || Boolean(breached);
  if (done) {
    return (
      <span className={`countdown ${breached ? "breached" : "met"}`} title={formatUtc(due)}>
        {breached ? t("sla.missed") : t("sla.met")}
      </span>
    );
  }
  const cls = over ? "breached" : left < 3600_000 ? "soon" : "ok";
  const text = over
    ? `${t("sla.overdue")} ${fmt(left)}`
    : `${[t("sla.left"), fmt(left)].filter(Boolean).join(" ")}${t("sla.leftSuffix")}`;
  return (
    <span className={`countdown ${cls}`} title={`${t("sla.due")} ${formatUtc(due)}`}>
      {over ? "⚠ " : ""}
      {text}
    </span>
  );
}
