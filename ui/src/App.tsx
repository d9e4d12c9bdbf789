import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, NavLink, Route, Routes } from "react-router-dom";
import { SaveState } from "./components/SaveState";
import { applyLang } from "./i18n";
import { useSettings } from "./lib/hooks";
import { AssessmentPage } from "./pages/assessment/AssessmentPage";
import { EnterpriseEdit } from "./pages/EnterpriseEdit";
import { EnterpriseList } from "./pages/EnterpriseList";
import { Home } from "./pages/Home";
import { SettingsPage } from "./pages/Settings";
import { ErrorBox } from "./components/ErrorBox";
import { SyncBadge } from "./components/SyncBadge";
import { useAutoSync } from "./lib/sync";
import { ConflictsPage } from "./pages/Conflicts";
import { UndoToasts } from "./components/UndoToasts";

function Sidebar() {
  const { t } = useTranslation();
  const cls = ({ isActive }: { isActive: boolean }) => (isActive ? "nav-link active" : "nav-link");
  return (
    <nav className="sidebar" aria-label={t("nav.label")}>
      <NavLink to="/" end className={cls} data-testid="nav-home">
        <span className="nav-icon" aria-hidden="true">⌂</span>
        {t("nav.home")}
      </NavLink>
      <NavLink to="/enterprises" className={cls} data-testid="nav-enterprises">
        <span className="nav-icon" aria-hidden="true">▦</span>
        {t("nav.enterprises")}
      </NavLink>
      <NavLink to="/settings" className={cls} data-testid="nav-settings">
        <span className="nav-icon" aria-hidden="true">⚙</span>
        {t("nav.settings")}
      </NavLink>
      <NavLink to="/conflicts" className={cls} data-testid="nav-conflicts">
        <span className="nav-icon" aria-hidden="true">⇄</span>
        {t("nav.conflicts")}
      </NavLink>
      <SyncBadge />
    </nav>
  );
}

export function App() {
  const { t } = useTranslation();
  const settings = useSettings();
  const lang = settings.data?.lang;
  useAutoSync();
  useEffect(() => {
    if (lang) void applyLang(lang);
  }, [lang]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" data-testid="app-name">
          <span className="brand__mark" aria-hidden="true" />
          SXSH Field
        </div>
        <div className="topbar__right">
          <SaveState />
        </div>
      </header>
      <div className="shell">
        <Sidebar />
        <UndoToasts />
        <main className="content">
          {settings.isError ? (
            <ErrorBox error={settings.error} onRetry={() => void settings.refetch()} />
          ) : !settings.data ? (
            <div className="loading" data-testid="loading">{t("common.loading")}</div>
          ) : (
            <Routes>
              <Route path="/" element={<Home />} />
              <Route path="/enterprises" element={<EnterpriseList />} />
              <Route path="/enterprises/new" element={<EnterpriseEdit />} />
              <Route path="/enterprises/:id" element={<EnterpriseEdit />} />
              <Route path="/assessment/:id" element={<Navigate to="a" replace />} />
              <Route path="/assessment/:id/:stage" element={<AssessmentPage />} />
              <Route path="/settings" element={<SettingsPage />} />
              <Route path="/conflicts" element={<ConflictsPage />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          )}
        </main>
      </div>
    </div>
  );
}
