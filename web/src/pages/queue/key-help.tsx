// The line under the queue's title that names its keys (the list's description too).
import { useI18n } from "../../i18n.ts";

/** The id the case table points at with aria-describedby. */
export const KEY_HELP_ID = "queue-keys";

export function KeyHelp({ writer }: { writer: boolean }) {
  const { t } = useI18n();
  return (
    <p className="help-line" id={KEY_HELP_ID}>
      <kbd>j</kbd>/<kbd>k</kbd> {t("keys.move")} · <kbd>Enter</kbd> {t("keys.open")}
      {writer && (
        <>
          {" "}
          · <kbd>a</kbd> {t("keys.ack")} · <kbd>x</kbd> {t("keys.tick")}
        </>
      )}{" "}
      · <kbd>/</kbd> {t("keys.search")}
    </p>
  );
}
