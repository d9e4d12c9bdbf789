import { useState } from "react";
import { useTranslation } from "react-i18next";
import { dismissUndo, useUndoEntries, type UndoEntry } from "../lib/undo";
import { ErrorBox } from "./ErrorBox";

function UndoToast({ entry }: { entry: UndoEntry }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      await entry.restore();
      dismissUndo(entry.id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="toast" role="status" data-testid="undo-toast">
      <span className="toast__text">{entry.label}</span>
      <button type="button" className="button button--small" onClick={() => void undo()} disabled={busy} data-testid="undo-button">
        {t("undo.undo")}
      </button>
      <button type="button" className="icon-button" onClick={() => dismissUndo(entry.id)} aria-label={t("common.close")} title={t("common.close")}>
        ×
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}

/** The deletes that can still be undone, at the bottom of the window. */
export function UndoToasts() {
  const entries = useUndoEntries();
  if (entries.length === 0) return null;
  return (
    <div className="toasts" aria-live="polite">
      {entries.map((e) => (
        <UndoToast key={e.id} entry={e} />
      ))}
    </div>
  );
}
