import { useTranslation } from "react-i18next";
import { toApiError } from "../backend";

/** A failed call, wholly in the UI's language: its translated text and its code; the
 * backend's English message, for support, is folded away under "Chi tiết kỹ thuật". */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const e = toApiError(error);
  return (
    <div className="error-box" role="alert" data-testid="error-box" data-code={e.code}>
      <strong>{t(`apiError.${e.code}`, { defaultValue: t("apiError.INTERNAL") })}</strong>
      <div className="muted small" data-testid="error-code">
        {t("errors.code", { code: e.code })}
      </div>
      {e.message ? (
        <details className="small muted">
          <summary>{t("errors.details")}</summary>
          <span lang="en">{e.message}</span>
        </details>
      ) : null}
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry} data-testid="error-retry">
          {t("common.retry")}
        </button>
      ) : null}
    </div>
  );
}
