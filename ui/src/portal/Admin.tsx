// Administration (admins only): the server's accounts, a form to make one and the same form to
// change one — its name, role, programmes, a new password, or to disable it. A consultant works
// in at least one programme; a viewer of no programme sees everything. The server checks every
// field again and says on each what is wrong; an admin cannot disable or demote itself.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { CellError, Field } from "../components/Field";
import { PageHead } from "../components/PageHead";
import { portal } from "./api";
import { FormError, fieldTokens } from "./forms";
import { EnterpriseImport } from "./Import";
import type { PortalSession, PortalUser } from "./types";

const ROLES = ["consultant", "viewer", "admin"] as const;
type RoleCode = (typeof ROLES)[number];

export function Admin({ session }: { session: PortalSession }) {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: ["portal", "users"], queryFn: portal.users });
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  /** The account being changed (`null`: the form makes a new one). */
  const [editing, setEditing] = useState<PortalUser | null>(null);
  const programmeName = (id: string) => programmes.data?.find((p) => p.id === id)?.name ?? id;
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
              <th />
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((u) => (
              <tr key={u.id} data-testid="portal-user-row" className={u.disabled ? "muted" : undefined}>
                <td>{u.login}</td>
                <td>{u.display_name}</td>
                <td>
                  {t(`portal.role.${u.role}`)}
                  {u.disabled ? <> <span className="badge badge--review-rejected">{t("portal.disabled")}</span></> : null}
                </td>
                <td>{u.programmes.length === 0 ? <span className="muted">{t("portal.allProgrammes")}</span> : u.programmes.map(programmeName).join(", ")}</td>
                <td className="num">
                  <button type="button" className="button button--small" onClick={() => setEditing(u)} data-testid="portal-user-edit">
                    {t("portal.editUser")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {users.isError ? <p className="error-box" role="alert">{String(users.error)}</p> : null}
      </div>
      <UserForm
        key={editing?.id ?? "new"}
        user={editing}
        self={session.account.login === editing?.login}
        programmes={programmes.data ?? []}
        onDone={() => setEditing(null)}
      />
      <EnterpriseImport />
    </div>
  );
}

/** The form that makes an account (`user` null) or changes `user`; `self`: the admin's own
 * account, which it may rename or give a new password but not disable or demote. */
function UserForm({ user, self, programmes, onDone }: { user: PortalUser | null; self: boolean; programmes: { id: string; name: string }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [login, setLogin] = useState(user?.login ?? "");
  const [name, setName] = useState(user?.display_name ?? "");
  const [role, setRole] = useState<RoleCode>((user?.role as RoleCode | undefined) ?? "consultant");
  const [password, setPassword] = useState("");
  const [chosen, setChosen] = useState<string[]>(user?.programmes ?? []);
  const [disabled, setDisabled] = useState(user?.disabled ?? false);
  const save = useMutation({
    mutationFn: () =>
      user
        ? portal.editUser(user.id, { display_name: name, role, programmes: chosen, disabled, password })
        : portal.addUser({ login: login.trim(), display_name: name, role, password, programmes: chosen }),
    onSuccess: () => {
      setLogin("");
      setName("");
      setPassword("");
      setChosen([]);
      void qc.invalidateQueries({ queryKey: ["portal", "users"] });
      onDone();
    },
  });
  const err = fieldTokens(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card portal-user-form" onSubmit={submit} data-testid="portal-user-form">
      <h2 className="card__title">{user ? t("portal.editUserTitle", { login: user.login }) : t("portal.newUser")}</h2>
      {user ? null : (
        <Field label={t("portal.login")} error={err.login} testId="portal-user-login">
          <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="off" data-testid="portal-user-login" />
        </Field>
      )}
      <Field label={t("portal.name")} error={err.display_name} testId="portal-user-name">
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid="portal-user-name" />
      </Field>
      <Field label={t("portal.roleLabel")} error={err.role} testId="portal-user-role">
        <select value={role} onChange={(e) => setRole(e.target.value as RoleCode)} disabled={self} data-testid="portal-user-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`portal.role.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={user ? t("portal.newPassword") : t("portal.initialPassword")} error={err.password} testId="portal-user-password">
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" data-testid="portal-user-password" />
      </Field>
      <fieldset className="fieldset-plain">
        <legend className="small">{t("portal.programmes")}</legend>
        {programmes.map((p) => (
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
        <CellError error={err.programmes} testId="portal-user-programmes" />
      </fieldset>
      {user && !self ? (
        <label className="check">
          <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} data-testid="portal-user-disabled" />
          {t("portal.disableUser")}
        </label>
      ) : null}
      <FormError error={save.error} testId="portal-user-error" />
      <div className="portal-user-form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="portal-user-submit">
          {user ? t("portal.saveUser") : t("portal.addUser")}
        </button>
        {user ? (
          <button type="button" className="button" onClick={onDone} data-testid="portal-user-cancel">
            {t("common.cancel")}
          </button>
        ) : null}
      </div>
    </form>
  );
}
