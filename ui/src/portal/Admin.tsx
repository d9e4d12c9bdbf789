// Administration (admins only): the server's accounts, and a form to make one — a consultant
// works in at least one programme; a viewer of no programme sees everything. The server checks
// every field again and says what is wrong.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { PageHead } from "../components/PageHead";
import { PortalError, portal } from "./api";
import { EnterpriseImport } from "./Import";

const ROLES = ["consultant", "viewer", "admin"] as const;

export function Admin() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ["portal", "users"], queryFn: portal.users });
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  const [login, setLogin] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<(typeof ROLES)[number]>("consultant");
  const [password, setPassword] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () => portal.addUser({ login: login.trim(), display_name: name, role, password, programmes: chosen }),
    onSuccess: () => {
      setLogin("");
      setName("");
      setPassword("");
      setChosen([]);
      void qc.invalidateQueries({ queryKey: ["portal", "users"] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const programmeName = (id: string) => programmes.data?.find((p) => p.id === id)?.name ?? id;
  const err = add.error instanceof PortalError ? add.error : null;
  return (
    <div className="page" data-testid="portal-admin">
      <PageHead title={t("portal.admin")} sub={t("portal.adminSub")} />
      <div className="card card--table">
        <h2 className="card__title">{t("portal.users")}</h2>
        <table className="table">
          <thead>
            <tr>
              <th>{t("portal.login")}</th>
              <th>{t("portal.name")}</th>
              <th>{t("portal.roleLabel")}</th>
              <th>{t("portal.programmes")}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id} data-testid="portal-user-row">
                <td>{u.login}</td>
                <td>{u.display_name}</td>
                <td>
                  {t(`portal.role.${u.role}`)}
                  {u.disabled ? <span className="muted small"> · {t("portal.disabled")}</span> : null}
                </td>
                <td>{u.programmes.length === 0 ? <span className="muted">{t("portal.allProgrammes")}</span> : u.programmes.map(programmeName).join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.isError ? <p className="error-box" role="alert">{String(users.error)}</p> : null}
      </div>
      <form className="card portal-user-form" onSubmit={submit} data-testid="portal-user-form">
        <h2 className="card__title">{t("portal.newUser")}</h2>
        <label className="field">
          <span>{t("portal.login")}</span>
          <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="off" data-testid="portal-user-login" />
        </label>
        <label className="field">
          <span>{t("portal.name")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="portal-user-name" />
        </label>
        <label className="field">
          <span>{t("portal.roleLabel")}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])} data-testid="portal-user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`portal.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("portal.initialPassword")}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" data-testid="portal-user-password" />
        </label>
        <fieldset className="fieldset-plain">
          <legend className="small">{t("portal.programmes")}</legend>
          {(programmes.data ?? []).map((p) => (
            <label key={p.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(p.id)}
                onChange={(e) => setChosen(e.target.checked ? [...chosen, p.id] : chosen.filter((x) => x !== p.id))}
                data-testid="portal-user-programme"
              />
              {p.name}
            </label>
          ))}
        </fieldset>
        {add.isError ? (
          <p className="field-error" role="alert" data-testid="portal-user-error">
            {err ? err.message : String(add.error)}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={add.isPending} data-testid="portal-user-submit">
          {t("portal.addUser")}
        </button>
      </form>
      <EnterpriseImport />
    </div>
  );
}
