// The portal's frame: the login when there is no session, else the top bar (office, account,
// language, log out), the menu and the pages.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { NavLink, Navigate, Route, Routes } from "react-router-dom";
import { applyLang } from "../i18n";
import { useLang } from "../lib/hooks";
import { PortalErrorText } from "./forms";
import { PortalError, portal, setCsrf } from "./api";
import { Dashboard } from "./Dashboard";
import { Admin } from "./Admin";
import { AreaProvider, AreasAdmin } from "./Areas";
import { PortalConflicts } from "./Conflicts";
import { AssessmentPage } from "./AssessmentPage";
import { Assessments } from "./Assessments";
import { EnterprisePage } from "./EnterprisePage";
import { Enterprises } from "./Enterprises";
import { Programmes } from "./Programmes";
import { PublicPage } from "./PublicPage";
import { Records } from "./Records";
import type { PortalSession } from "./types";

export const sessionKey = ["portal", "session"] as const;

/** The portal's language, kept in this browser. */
const LANG_KEY = "sxsh.portal.lang";

export function PortalApp() {
  // The office's public page (`/public`) asks for no login.
  if (window.location.pathname === "/public") return <PublicPage />;
  return <OfficePortal />;
}

function OfficePortal() {
  const { t } = useTranslation();
  const lang = useLang();
  useEffect(() => {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === "en" || saved === "vi") void applyLang(saved);
  }, []);
  const session = useQuery({
    queryKey: sessionKey,
    queryFn: async () => {
      try {
        return await portal.session();
      } catch (e) {
        // No session, or one that ended: the login.
        if (e instanceof PortalError && (e.status === 401 || e.code === "unauthorized" || e.code === "token_expired")) return null;
        throw e;
      }
    },
  });
  useEffect(() => {
    if (session.data) setCsrf(session.data.csrf);
  }, [session.data]);
  const switchLang = () => {
    const next = lang === "vi" ? "en" : "vi";
    localStorage.setItem(LANG_KEY, next);
    void applyLang(next);
  };
  if (session.isPending) return <div className="loading">{t("common.loading")}</div>;
  if (session.isError) return <p className="error-box">{String(session.error)}</p>;
  if (!session.data) return <Login onLang={switchLang} />;
  return <Shell session={session.data} onLang={switchLang} />;
}

function Shell({ session, onLang }: { session: PortalSession; onLang: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const logout = useMutation({
    mutationFn: portal.logout,
    onSuccess: () => {
      // Nothing of the session stays in this tab.
      setCsrf("");
      qc.removeQueries({ predicate: (q) => q.queryKey[0] === "portal" && q.queryKey[1] !== "session" });
      qc.setQueryData(sessionKey, null);
    },
  });
  const cls = ({ isActive }: { isActive: boolean }) => `nav-link${isActive ? " active" : ""}`;
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand" data-testid="portal-office">
          <span className="brand__mark" aria-hidden="true" />
          {session.office || "SXSH"}
        </div>
        <div className="topbar__right">
          <span className="muted small" data-testid="portal-account">
            {session.account.display_name} · {t(`portal.role.${session.account.role}`)}
          </span>
          <button type="button" className="button button--small" onClick={onLang} data-testid="portal-lang">
            {t("portal.otherLang")}
          </button>
          <button type="button" className="button button--small" onClick={() => logout.mutate()} disabled={logout.isPending} data-testid="portal-logout">
            {t("portal.logout")}
          </button>
          {logout.isError ? (
            <span className="field-error" role="alert">
              <PortalErrorText error={logout.error} />
            </span>
          ) : null}
        </div>
      </header>
      <AreaProvider>
      <div className="shell">
        <nav className="sidebar" aria-label={t("nav.label")}>
          <NavLink to="/" end className={cls} data-testid="portal-nav-dashboard">
            <span className="nav-icon" aria-hidden="true">▤</span>
            {t("portal.dashboard")}
          </NavLink>
          <NavLink to="/assessments" className={cls} data-testid="portal-nav-assessments">
            <span className="nav-icon" aria-hidden="true">✓</span>
            {t("portal.assessments")}
          </NavLink>
          <NavLink to="/enterprises" className={cls} data-testid="portal-nav-enterprises">
            <span className="nav-icon" aria-hidden="true">▦</span>
            {t("portal.enterprises")}
          </NavLink>
          <NavLink to="/programmes" className={cls} data-testid="portal-nav-programmes">
            <span className="nav-icon" aria-hidden="true">◎</span>
            {t("portal.programmes")}
          </NavLink>
          <NavLink to="/records" className={cls} data-testid="portal-nav-records">
            <span className="nav-icon" aria-hidden="true">✎</span>
            {t("portal.records")}
          </NavLink>
          {session.account.role === "admin" ? (
            <NavLink to="/areas" className={cls} data-testid="portal-nav-areas">
              <span className="nav-icon" aria-hidden="true">▣</span>
              {t("portal.area.title")}
            </NavLink>
          ) : null}
          {session.account.role === "admin" ? (
            <NavLink to="/conflicts" className={cls} data-testid="portal-nav-conflicts">
              <span className="nav-icon" aria-hidden="true">⇄</span>
              {t("nav.conflicts")}
            </NavLink>
          ) : null}
          {session.account.role === "admin" ? (
            <NavLink to="/admin" className={cls} data-testid="portal-nav-admin">
              <span className="nav-icon" aria-hidden="true">⚙</span>
              {t("portal.admin")}
            </NavLink>
          ) : null}
        </nav>
        <main className="content">
          <Routes>
            <Route path="/" element={<Dashboard />} />
            <Route path="/assessments" element={<Assessments session={session} />} />
            <Route path="/assessments/:id" element={<AssessmentPage session={session} />} />
            <Route path="/enterprises" element={<Enterprises />} />
            <Route path="/enterprises/:id" element={<EnterprisePage />} />
            <Route path="/programmes" element={<Programmes session={session} />} />
            <Route path="/records" element={<Records session={session} />} />
            {session.account.role === "admin" ? <Route path="/areas" element={<AreasAdmin />} /> : null}
            {session.account.role === "admin" ? <Route path="/conflicts" element={<PortalConflicts />} /> : null}
            {session.account.role === "admin" ? <Route path="/admin" element={<Admin session={session} />} /> : null}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </main>
      </div>
      </AreaProvider>
    </div>
  );
}

function Login({ onLang }: { onLang: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const run = useMutation({
    mutationFn: () => portal.login(login.trim(), password),
    onSuccess: (s) => {
      setCsrf(s.csrf);
      qc.setQueryData(sessionKey, s);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  return (
    <div className="portal-login">
      <form className="card" onSubmit={submit} data-testid="portal-login">
        <h1>{t("portal.title")}</h1>
        <p className="muted">{t("portal.loginHint")}</p>
        <label className="field">
          <span>{t("portal.login")}</span>
          <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" data-testid="portal-login-name" />
        </label>
        <label className="field">
          <span>{t("portal.password")}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" data-testid="portal-login-password" />
        </label>
        {run.isError ? (
          <p className="field-error" role="alert" data-testid="portal-login-error">
            <PortalErrorText error={run.error} />
          </p>
        ) : null}
        <div className="row-actions">
          <button type="submit" className="button button--primary" disabled={run.isPending || !login || !password} data-testid="portal-login-submit">
            {t("portal.signIn")}
          </button>
          <button type="button" className="button" onClick={onLang}>
            {t("portal.otherLang")}
          </button>
        </div>
      </form>
    </div>
  );
}
