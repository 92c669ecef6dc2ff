// `a` in the queue: acknowledge the selected case when it is new, and say so.
import { useCallback } from "react";
import { api } from "../../api.ts";
import type { PageFlash } from "../../components.tsx";
import { useI18n } from "../../i18n.ts";
import type { CaseSummary } from "../../types.ts";

const ACK_REASON = "acknowledged from the queue";

export function useAcknowledge({
  writer,
  flash,
  reload,
}: {
  writer: boolean;
  flash: PageFlash;
  reload: (quiet?: boolean) => Promise<void>;
}): (c: CaseSummary | undefined) => Promise<void> {
  const { t, label } = useI18n();
  return useCallback(
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
        await reload(true);
      } catch (e) {
        flash.fail(e);
      }
    },
    [writer, reload, t, label, flash.ok, flash.info, flash.fail],
  );
}
