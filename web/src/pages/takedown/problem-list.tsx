// What the server could not do when drafting or escalating (a recipient with no address, one
// already asked): its own words, under a heading in the UI's language.
import { useI18n } from "../../i18n.ts";

export function ProblemList({ problems, onClose }: { problems: string[]; onClose: () => void }) {
  const { t } = useI18n();
  if (problems.length === 0) return null;
  return (
    <div className="td-problems" role="status">
      <div className="td-head">
        <strong>{t("td.notDrafted")}</strong>
        <button type="button" className="link" onClick={onClose} aria-label={t("common.close")}>
          ×
        </button>
      </div>
      <ul>
        {problems.map((p) => (
          <li key={p} className="small">
            {p}
          </li>
        ))}
      </ul>
    </div>
  );
}
