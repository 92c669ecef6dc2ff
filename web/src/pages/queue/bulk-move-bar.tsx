// The bar that appears when cases are ticked: move them all to one state, with one reason.
import { useState } from "react";
import { api } from "../../api.ts";
import type { Ask, PageFlash } from "../../components.tsx";
import { useI18n } from "../../i18n.ts";
import { STATES } from "../../policy.ts";
import type { BulkTransitionAnswer, CaseState } from "../../types.ts";
import type { Ticks } from "./use-ticks.ts";

/** Renders nothing while no case is ticked (keeping the chosen state for the next time). */
export function BulkMoveBar({
  ticks: { ticked, clear },
  reload,
  flash,
  ask,
}: {
  ticks: Ticks;
  reload: (quiet?: boolean) => Promise<void>;
  flash: PageFlash;
  ask: Ask;
}) {
  const { t, label } = useI18n();
  const [bulkTo, setBulkTo] = useState<CaseState>("acknowledged");
  if (ticked.size === 0) return null;

  const bulk = async () => {
    const ids = [...ticked];
    if (ids.length === 0) return;
    const reason = await ask({
      title: t("queue.bulkTitle", { n: ids.length, state: label("state", bulkTo) }),
      label: t("common.reason"),
      confirm: t("queue.bulkConfirm"),
      multiline: true,
      body: <p className="muted mono">{ids.map((i) => `#${i}`).join(" ")}</p>,
    });
    if (!reason) return;
    try {
      const r = await api<BulkTransitionAnswer>("POST", "/api/v1/cases/bulk/transition", {
        ids,
        to: bulkTo,
        reason,
      });
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
      clear();
      await reload(true);
    } catch (e) {
      flash.fail(e);
    }
  };

  return (
    <section className="bulk-bar" aria-label={t("queue.bulk")}>
      <strong>{t("queue.selectedN", { n: ticked.size })}</strong>
      <label htmlFor="bulk-to">{t("queue.moveTo")}</label>
      <select id="bulk-to" value={bulkTo} onChange={(e) => setBulkTo(e.target.value as CaseState)}>
        {STATES.map((s) => (
          <option key={s} value={s}>
            {label("state", s)}
          </option>
        ))}
      </select>
      <button type="button" className="primary" onClick={bulk}>
        {t("queue.bulkButton")}
      </button>
      <button type="button" className="link" onClick={clear}>
        {t("queue.clearSelection")}
      </button>
    </section>
  );
}
