import { useTranslation } from "react-i18next";
import { toApiError } from "../backend";

/** A failed call, translated by its code, with the English message for support. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const e = toApiError(error);
  return (
    <div className="error-box" role="alert" data-testid="error-box" data-code={e.code}>
      <strong>{t(`apiError.${e.code}`, { defaultValue: t("apiError.INTERNAL") })}</strong>
      <div className="muted small">{e.message}</div>
      {onRetry ? (
        <button type="button" className="button button--small" onClick={onRetry} data-testid="error-retry">
          {t("common.retry")}
        </button>
      ) : null}
    </div>
  );
}
