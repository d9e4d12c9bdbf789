import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { discardRefused, getStatus, hasRetry, parkedCount, parkedEdits, retryFailed, subscribe } from "../lib/saveQueue";

/** "Đã lưu" / "Đang lưu…" / "Lỗi — chưa lưu" for the whole window; "Chưa lưu — n lỗi" with a
 * link to the screen of the first refused edit kept after its form was left. */
export function SaveState() {
  const { t } = useTranslation();
  const status = useSyncExternalStore(subscribe, getStatus, getStatus);
  const retry = useSyncExternalStore(subscribe, hasRetry, hasRetry);
  const refused = useSyncExternalStore(subscribe, parkedCount, parkedCount);
  const first = refused > 0 ? parkedEdits()[0]?.[1] : undefined;
  return (
    <div className={`save-state save-state--${status}`} data-testid="save-state" data-state={status} aria-live="polite">
      <span className="save-state__dot" aria-hidden="true" />
      <span className="save-state__text">
        {status === "error" && refused > 0 ? t("saveState.refused", { count: refused }) : t(`saveState.${status}`)}
      </span>
      {status === "error" && first ? (
        <>
          <a className="link-button" href={first.href} data-testid="save-refused-link">
            {t("saveState.showRefused")}
          </a>
          <button
            type="button"
            className="link-button"
            title={t("saveState.discardRefusedHint")}
            onClick={discardRefused}
            data-testid="save-refused-discard"
          >
            {t("saveState.discardRefused")}
          </button>
        </>
      ) : null}
      {status === "error" && retry ? (
        <button type="button" className="link-button" data-testid="save-retry" onClick={() => void retryFailed()}>
          {t("saveState.retry")}
        </button>
      ) : null}
    </div>
  );
}
