// The desk's figures: reports and cases per month and type, time to first action and to
// resolution, SLA shares, teams, takedown requests to other providers, tracking numbers per
// year (docs/stats.md). Its pieces are in ./stats/.
import { useEffect } from "react";
import { Flash, Loading, useFlash, useTitle } from "../components.tsx";
import { useI18n } from "../i18n.ts";
import { formatUtc } from "../time.tsx";
import { Charts } from "./stats/charts.tsx";
import { PeriodForm } from "./stats/period-form.tsx";
import { useStats } from "./stats/use-stats.ts";

export default function StatsPage() {
  const { t } = useI18n();
  useTitle(t("stats.title"));
  const flash = useFlash();
  const { data, load } = useStats({ fail: flash.fail, clear: flash.clear });

  useEffect(() => {
    load({ from: "", to: "", team: "" });
  }, [load]);

  return (
    <section aria-labelledby="stats-title" className="stats">
      <div className="page-head">
        <h1 id="stats-title">{t("stats.title")}</h1>
        {data && (
          <p className="muted small">
            {t("stats.period", {
              from: formatUtc(data.cases.period.from),
              to: formatUtc(data.cases.period.to),
            })}
          </p>
        )}
      </div>
      <PeriodForm onShow={load} />
      <Flash msg={flash.msg} onClose={flash.clear} />
      {!data ? <Loading /> : <Charts data={data} />}
    </section>
  );
}
