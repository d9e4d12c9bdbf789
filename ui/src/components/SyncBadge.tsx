import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { fmtDateTime } from "../lib/format";
import { useLang } from "../lib/hooks";
import { useSyncJob, useSyncState } from "../lib/sync";

/** Sync at a glance, in the sidebar: last sync, changes waiting, conflicts (a link to review
 * them), or that sync is not set up. */
export function SyncBadge() {
  const { t } = useTranslation();
  const lang = useLang();
  const state = useSyncState();
  const { job } = useSyncJob();
  const s = state.data;
  if (!s?.login) {
    return (
      <div className="sidebar__foot muted small" data-testid="sync-status" data-state="off">
        <Link to="/settings#sync">{t("sync.notSetUp")}</Link>
      </div>
    );
  }
  const running = job?.state === "running";
  const failed = job?.state === "failed";
  return (
    <div className="sidebar__foot small" data-testid="sync-status" data-state={running ? "running" : failed ? "failed" : "ok"}>
      <div data-testid="sync-last">
        {running
          ? t("sync.running")
          : s.last_at
            ? t("sync.lastAt", { at: fmtDateTime(s.last_at, lang) })
            : t("sync.never")}
      </div>
      {failed ? <div className="warn">{t("sync.lastFailed")}</div> : null}
      <div className="muted" data-testid="sync-waiting">{t("sync.waiting", { count: s.waiting })}</div>
      {s.conflicts > 0 ? (
        <Link to="/conflicts" className="warn" data-testid="sync-conflicts">
          {t("sync.conflicts", { count: s.conflicts })}
        </Link>
      ) : null}
    </div>
  );
}
