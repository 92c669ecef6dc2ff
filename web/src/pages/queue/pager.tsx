// The queue's pages: back, the page number, on.
import { useI18n } from "../../i18n.ts";

export function Pager({
  pageNumber,
  onPrevious,
  onNext,
}: {
  pageNumber: number;
  /** null: on the first page. */
  onPrevious: (() => void) | null;
  /** null: on the last page. */
  onNext: (() => void) | null;
}) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label={t("queue.pages")}>
      <button type="button" disabled={!onPrevious} onClick={() => onPrevious?.()}>
        ← {t("queue.prev")}
      </button>
      <span className="muted">{t("queue.pageN", { n: pageNumber })}</span>
      <button type="button" disabled={!onNext} onClick={() => onNext?.()}>
        {t("queue.next")} →
      </button>
    </nav>
  );
}
