// The takedown section of a case that is not ours: who can act on the resource, the requests
// asked of them and where each stands, and (for analysts and admins) drafting, sending,
// recording answers and escalating.
import { useCallback, useId, useState } from "react";
import { Flash, useFlash } from "../../components.tsx";
import { useI18n } from "../../i18n.ts";
import type { CaseDetail, TakedownDrafted } from "../../types.ts";
import { ContactsPanel } from "./contacts-panel.tsx";
import { DraftForm } from "./draft-form.tsx";
import { lookupTargets } from "./lookup-targets.ts";
import { ProblemList } from "./problem-list.tsx";
import { RequestDetail } from "./request-detail.tsx";
import { RequestTable } from "./request-table.tsx";
import { useTakedownRequests } from "./use-takedown.ts";

export function TakedownSection({
  c,
  writer,
  onChanged,
}: {
  c: CaseDetail;
  writer: boolean;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const id = useId();
  const flash = useFlash();
  // The timeline moving (a reply filed, a move recorded elsewhere) reloads the requests.
  const { requests, reload } = useTakedownRequests(c.id, c.timeline.length, flash.fail);
  const [open, setOpen] = useState<number | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  const done = useCallback(
    async (msg: string) => {
      flash.ok(msg);
      setProblems([]);
      await reload();
      await onChanged();
    },
    [flash.ok, reload, onChanged],
  );

  const drafted = useCallback(
    async (res: TakedownDrafted, msg: string) => {
      if (res.requests.length > 0) flash.ok(msg);
      else flash.info(msg);
      setProblems(res.problems);
      await reload();
      // The first new draft opens, to be read before it is sent.
      const first = res.requests[0];
      if (first) setOpen(first.id);
      await onChanged();
    },
    [flash.ok, flash.info, reload, onChanged],
  );

  return (
    <section className="card takedown" aria-labelledby={`${id}-title`}>
      <div className="td-head">
        <h2 id={`${id}-title`}>{t("td.title")}</h2>
        <button type="button" className="small link" onClick={reload}>
          {t("common.refresh")}
        </button>
      </div>
      <p className="muted small">{t("td.hint")}</p>
      <ContactsPanel targets={lookupTargets(c)} />

      <h3>{t("td.requests")}</h3>
      {writer && (
        <DraftForm
          caseId={c.id}
          onDrafted={(res) =>
            drafted(
              res,
              res.requests.length > 0
                ? t("td.drafted", { n: res.requests.length })
                : t("td.draftedNone"),
            )
          }
          onError={flash.fail}
        />
      )}
      <Flash msg={flash.msg} onClose={flash.clear} />
      <ProblemList problems={problems} onClose={() => setProblems([])} />
      {requests === null ? null : requests.length === 0 ? (
        <p className="muted small">{t("td.none")}</p>
      ) : (
        <RequestTable
          requests={requests}
          open={open}
          onToggle={(rid) => setOpen(open === rid ? null : rid)}
          detail={(r) => (
            <RequestDetail
              summary={r}
              writer={writer}
              onDone={done}
              onDrafted={drafted}
              onError={flash.fail}
            />
          )}
        />
      )}
    </section>
  );
}
