import { useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import { getStatus, hasRetry, retryFailed, subscribe } from "../lib/saveQueue";

/** "Đã lưu" / "Đang lưu…" / "Lỗi — chưa lưu" for the whole window. */
export function SaveState() {
  const { t } = useTranslation();
  const status = useSyncExternalStore(subscribe, getStatus, getStatus);
  const retry = useSyncExternalStore(subscribe, hasRetry, hasRetry);
  return (
    <div className={`save-state save-state--${status}`} data-testid="save-state" data-state={status} aria-live="polite">
      <span className="save-state__dot" aria-hidden="true" />
      <span className="save-state__text">{t(`saveState.${status}`)}</span>
      {status === "error" && retry ? (
        <button type="button" className="link-button" data-testid="save-retry" onClick={() => void retryFailed()}>
          {t("saveState.retry")}
        </button>
      ) : null}
    </div>
  );
}
