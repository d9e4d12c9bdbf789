import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { errorAt } from "../lib/errors";
import { getBackend, toApiError } from "../backend";
import type { Job, Lang, Settings } from "../backend/types";
import { ErrorBox } from "../components/ErrorBox";
import { Field } from "../components/Field";
import { RhfNumber, WithUnit } from "../components/FormInputs";
import { ConfirmWhenOpen } from "../components/Modal";
import { GridYearOptions } from "../components/Options";
import { PageHead } from "../components/PageHead";
import { ProgressBar } from "../components/ProgressBar";
import { applyLang } from "../i18n";
import { api, qk, saves } from "../lib/api";
import { useAutosaveForm } from "../lib/autosave";
import type { EconValues } from "../lib/econ";
import { ECON_NUMBERS, econFields, econValues, gridYearOf } from "../lib/econ";
import { fmtBytes, fmtDateTime } from "../lib/format";
import { useInfo, useLang, useReference, useSettings } from "../lib/hooks";
import { withRaw } from "../lib/raw";
import { flushAll } from "../lib/saveQueue";
import { nameText } from "../lib/schema";
import { useSyncJob, useSyncState } from "../lib/sync";

type Values = EconValues & {
  lang: Lang;
  consultant: string;
};

function schemaFor(lang: Lang) {
  return z.object({
    lang: z.enum(["vi", "en"]),
    consultant: nameText(),
    ...econFields(lang),
  }) as unknown as z.ZodType<Values>;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const ref = useReference();
  const schema = useMemo(() => schemaFor(lang), [lang]);
  const { form } = useAutosaveForm<Values, Settings>({
    saveKey: "settings",
    schema,
    defaultValues: {
      lang: settings.lang,
      consultant: settings.consultant,
      ...econValues(settings, lang),
    },
    delayFor: (f) => (f === "lang" || f === "grid_ef_year" ? 0 : undefined),
    build: (v) => {
      const latest = qc.getQueryData<Settings>(qk.settings) ?? settings;
      const { row, raw } = withRaw<Settings>(
        {
          ...latest,
          lang: v.lang,
          consultant: v.consultant,
          grid_ef_year: gridYearOf(v.grid_ef_year),
        },
        v,
        ECON_NUMBERS,
        lang,
      );
      return saves.settings(row, raw);
    },
    onSaved: (r) => {
      qc.setQueryData(qk.settings, r);
      void applyLang(r.lang);
    },
  });
  const { register, control, formState } = form;
  const err = (n: keyof Values) => errorAt(formState.errors, n);
  const def = ref.data?.default_grid_year;

  return (
    <section className="card" data-testid="settings-form">
      <h2 className="card__title">{t("settings.preferences")}</h2>
      <div className="grid grid--3">
        <Field label={t("settings.language")} htmlFor="set-lang" testId="lang-select">
          <select id="set-lang" {...register("lang")} data-testid="lang-select">
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select>
        </Field>
        <Field label={t("settings.consultant")} htmlFor="set-consultant" error={err("consultant")} testId="settings-consultant" className="span-2" hint={t("settings.consultantHint")}>
          <input id="set-consultant" {...register("consultant")} data-testid="settings-consultant" />
        </Field>
        <Field label={t("settings.discountRate")} htmlFor="set-discount" error={err("discount_rate")} testId="settings-discount-rate">
          <WithUnit unit="%">
            <RhfNumber control={control} name="discount_rate" lang={lang} id="set-discount" testId="settings-discount-rate" />
          </WithUnit>
        </Field>
        <Field label={t("settings.life")} htmlFor="set-life" error={err("life_years")} testId="settings-life">
          <WithUnit unit={t("econ.years")}>
            <RhfNumber control={control} name="life_years" lang={lang} integer id="set-life" testId="settings-life" />
          </WithUnit>
        </Field>
        <Field label={t("settings.gridYear")} htmlFor="set-grid" error={err("grid_ef_year")} testId="settings-grid-year">
          <select id="set-grid" {...register("grid_ef_year")} data-testid="settings-grid-year">
            <GridYearOptions years={ref.data?.grid_years ?? []} defaultYear={def} lang={lang} />
          </select>
        </Field>
      </div>
      <p className="muted small">{t("settings.defaultsNote")}</p>
    </section>
  );
}

function useJob(id: string | null) {
  return useQuery({
    queryKey: ["job", id],
    queryFn: () => api.jobGet(id ?? ""),
    enabled: !!id,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "running" ? false : 300),
    staleTime: 0,
  });
}

function JobStatus({ job, testId }: { job: Job | undefined; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!job) return null;
  if (job.state === "failed" && job.error) return <ErrorBox error={job.error} />;
  const label =
    job.kind === "backup" && job.total > 1
      ? `${fmtBytes(job.done, lang)} / ${fmtBytes(job.total, lang)}`
      : `${Math.round((job.done / Math.max(1, job.total)) * 100)} %`;
  return (
    <div className="job" data-testid={testId} data-state={job.state}>
      <ProgressBar done={job.done} total={job.total} label={label} testId={`${testId}-bar`} />
      {job.state === "done" ? (
        <p className="ok" data-testid={`${testId}-done`}>
          {t(job.kind === "backup" ? "backup.done" : "restore.done", { path: job.path })}
          {job.result
            ? ` ${t("backup.info", {
                files: job.result.files,
                size: fmtBytes(job.result.bytes, lang),
                date: fmtDateTime(job.result.created_at, lang),
              })}`
            : ""}
        </p>
      ) : null}
    </div>
  );
}

const BACKUP_FILTER = [{ name: "SXSH backup", extensions: ["sxshbak"] }];

function Backup() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const start = useMutation({
    mutationFn: async () => {
      await flushAll();
      const backend = getBackend();
      let path: string | undefined;
      if (backend.kind === "tauri") {
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
        const picked = await backend.pickSavePath(`sxsh-${stamp}.sxshbak`, BACKUP_FILTER);
        if (!picked) return null;
        path = picked;
      }
      return api.backupStart(path);
    },
    onSuccess: (j) => {
      if (j) {
        qc.setQueryData(["job", j.id], j);
        setJobId(j.id);
      }
    },
  });
  const running = job.data?.state === "running" || start.isPending;
  return (
    <div className="subsection">
      <h3>{t("backup.title")}</h3>
      <p className="muted small">{t(getBackend().kind === "tauri" ? "backup.hintDesktop" : "backup.hintBrowser")}</p>
      <button type="button" className="button" onClick={() => start.mutate()} disabled={running} data-testid="backup-start">
        {t("backup.start")}
      </button>
      {start.isError ? <ErrorBox error={start.error} /> : null}
      {job.isError ? <ErrorBox error={job.error} /> : null}
      <JobStatus job={job.data} testId="backup-progress" />
      {getBackend().kind !== "tauri" && job.data?.state === "done" ? (
        <button type="button" className="button button--primary" onClick={() => getBackend().downloadJobFile(job.data!.id)} data-testid="backup-download">
          {t("backup.download")}
        </button>
      ) : null}
    </div>
  );
}

function Restore() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [path, setPath] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const isTauri = getBackend().kind === "tauri";
  // In a browser the backup file is sent to the service, which restores from its copy.
  const [file, setFile] = useState<File | null>(null);
  const start = useMutation({
    mutationFn: async () => {
      await flushAll();
      const from = isTauri || !file ? path.trim() : await getBackend().uploadFile(file);
      return api.restoreStart(from);
    },
    onSuccess: (j) => {
      qc.setQueryData(["job", j.id], j);
      setJobId(j.id);
    },
  });
  const state = job.data?.state;
  useEffect(() => {
    // Everything on screen may have changed: read it all again.
    if (state === "done") void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "job" });
  }, [state, qc]);
  const browse = async () => {
    const p = await getBackend().pickOpenPath(BACKUP_FILTER);
    if (p) setPath(p);
  };
  const running = state === "running" || start.isPending;
  return (
    <div className="subsection">
      <h3>{t("restore.title")}</h3>
      <p className="muted small">{t("restore.hint")}</p>
      <div className="inline-row">
        {isTauri ? (
          <>
            <input
              className="grow"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder={t("restore.pathPlaceholder")}
              aria-label={t("restore.path")}
              data-testid="restore-path"
            />
            <button type="button" className="button" onClick={() => void browse()} data-testid="restore-browse">
              {t("restore.browse")}
            </button>
          </>
        ) : (
          <input
            className="grow"
            type="file"
            accept=".sxshbak,application/zip"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-label={t("restore.file")}
            data-testid="restore-file"
          />
        )}
        <button type="button" className="button button--danger" disabled={(isTauri ? !path.trim() : !file) || running} onClick={() => setConfirming(true)} data-testid="restore-start">
          {t("restore.start")}
        </button>
      </div>
      {start.isError ? <ErrorBox error={start.error} /> : null}
      {job.isError ? <ErrorBox error={job.error} /> : null}
      <JobStatus job={job.data} testId="restore-progress" />
      <ConfirmWhenOpen
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t("restore.confirmTitle")}
        message={t("restore.confirmMessage")}
        confirmLabel={t("restore.start")}
        danger
        onConfirm={() => start.mutate()}
      />
    </div>
  );
}

const BUNDLE_FILTER = [{ name: "SXSH bundle", extensions: ["sxshb"] }];

/** Bundles for offices without a network: save what this device holds, open what the office
 * or a colleague gave (checked whole first; opening twice changes nothing). */
function Bundles() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [path, setPath] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const isTauri = getBackend().kind === "tauri";
  const onJob = (j: Job | null) => {
    if (j) {
      qc.setQueryData(["job", j.id], j);
      setJobId(j.id);
    }
  };
  const save = useMutation({
    mutationFn: async () => {
      await flushAll();
      const backend = getBackend();
      if (backend.kind !== "tauri") return api.bundleExport();
      const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, "");
      const picked = await backend.pickSavePath(`sxsh-${stamp}.sxshb`, BUNDLE_FILTER);
      return picked ? api.bundleExport(picked) : null;
    },
    onSuccess: onJob,
  });
  const open = useMutation({
    mutationFn: async () => {
      await flushAll();
      return api.bundleImport(path.trim());
    },
    onSuccess: onJob,
  });
  const j = job.data;
  useEffect(() => {
    // Imported rows reach open screens through the change feed; lists and counts are read again.
    if (j?.state === "done" && j.kind === "bundle-import") void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "job" });
  }, [j?.state, j?.kind, qc]);
  const browse = async () => {
    const p = await getBackend().pickOpenPath(BUNDLE_FILTER);
    if (p) setPath(p);
  };
  const running = j?.state === "running" || save.isPending || open.isPending;
  return (
    <div className="subsection" data-testid="bundles">
      <h3>{t("bundle.title")}</h3>
      <p className="muted small">{t("bundle.hint")}</p>
      <div className="inline-row">
        <button type="button" className="button" onClick={() => save.mutate()} disabled={running} data-testid="bundle-export">
          {t("bundle.export")}
        </button>
      </div>
      <div className="inline-row">
        <input
          className="grow"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder={t("bundle.pathPlaceholder")}
          aria-label={t("bundle.path")}
          data-testid="bundle-path"
        />
        {isTauri ? (
          <button type="button" className="button" onClick={() => void browse()} data-testid="bundle-browse">
            {t("bundle.browse")}
          </button>
        ) : null}
        <button type="button" className="button" disabled={!path.trim() || running} onClick={() => open.mutate()} data-testid="bundle-import">
          {t("bundle.import")}
        </button>
      </div>
      {save.isError ? <ErrorBox error={save.error} /> : null}
      {open.isError ? <ErrorBox error={open.error} /> : null}
      {job.isError ? <ErrorBox error={job.error} /> : null}
      {j?.state === "failed" && j.error ? <ErrorBox error={j.error} /> : null}
      {j?.state === "done" && j.exported ? (
        <p className="ok" data-testid="bundle-done">
          {t("bundle.exportDone", { path: j.path, ops: j.exported.ops, photos: j.exported.photos })}
          {j.exported.photos_missing > 0 ? ` ${t("bundle.photosMissing", { count: j.exported.photos_missing })}` : ""}
        </p>
      ) : null}
      {j?.state === "done" && j.imported ? (
        <p className="ok" data-testid="bundle-done">
          {t("bundle.importDone", {
            path: j.path,
            applied: j.imported.applied,
            duplicates: j.imported.duplicates,
            photos: j.imported.photos_added,
            conflicts: j.imported.conflicts,
          })}
          {j.imported.rejected + j.imported.pending > 0 ? ` ${t("bundle.refused", { count: j.imported.rejected, pending: j.imported.pending })}` : ""}
        </p>
      ) : null}
    </div>
  );
}

/** Desktop only: open another data folder (e.g. on a USB drive); it is used from now on and
 * after a restart. Pending edits are saved to the current folder first. */
function DataDirSwitch() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const backend = getBackend();
  const change = useMutation({
    mutationFn: async () => {
      const path = await backend.pickFolder();
      if (!path) return null;
      await flushAll();
      return backend.switchDataDir(path);
    },
    onSuccess: (info) => {
      if (info) void qc.invalidateQueries();
    },
  });
  if (backend.kind !== "tauri") return null;
  return (
    <div className="data-dir-switch">
      <button
        type="button"
        className="button button--small"
        onClick={() => change.mutate()}
        disabled={change.isPending}
        data-testid="data-dir-change"
      >
        {t("settings.dataDirChange")}
      </button>
      {change.isError ? <ErrorBox error={change.error} /> : null}
    </div>
  );
}

/** Settings → sync: the office server's address and the login; then the account, "sync now"
 * with its progress, and the changes the server refused. */
function SyncSettings() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const state = useSyncState();
  const { job, start } = useSyncJob();
  const [server, setServer] = useState("");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: (fingerprint?: string) => api.syncLogin((server || state.data?.server || "").trim(), login.trim(), password, fingerprint),
    onSuccess: (st) => {
      setPassword("");
      qc.setQueryData(qk.sync, st);
      void start();
    },
  });
  // A certificate to confirm, as SSH asks at a first connection (or, louder, when it changed).
  const signInError = signIn.isError ? toApiError(signIn.error) : null;
  const toConfirm =
    signInError && (signInError.code === "SYNC_UNKNOWN_CERTIFICATE" || signInError.code === "SYNC_CERTIFICATE_CHANGED") && signInError.detail
      ? { changed: signInError.code === "SYNC_CERTIFICATE_CHANGED", fingerprint: signInError.detail }
      : null;
  const jobError = job?.state === "failed" ? job.error : null;
  const signOut = useMutation({
    mutationFn: api.syncLogout,
    onSuccess: (st) => qc.setQueryData(qk.sync, st),
  });
  const now = useMutation({ mutationFn: async () => { await flushAll(); return start(); } });
  const s = state.data;
  const running = job?.state === "running" || now.isPending;
  return (
    <section className="card" id="sync" data-testid="sync-settings">
      <h2 className="card__title">{t("sync.title")}</h2>
      {state.isError ? <ErrorBox error={state.error} /> : null}
      {!s?.login ? (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            signIn.mutate();
          }}
        >
          <p className="muted small">{t("sync.hint")}</p>
          <Field label={t("sync.server")}>
            <input value={server || s?.server || ""} onChange={(e) => setServer(e.target.value)} placeholder="https://192.168.1.10:8470" data-testid="sync-server" autoComplete="url" />
          </Field>
          <Field label={t("sync.login")}>
            <input value={login} onChange={(e) => setLogin(e.target.value)} data-testid="sync-login" autoComplete="username" />
          </Field>
          <Field label={t("sync.password")}>
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sync-password" autoComplete="current-password" />
          </Field>
          <button type="submit" className="button button--primary" disabled={!(server || s?.server || "").trim() || !login.trim() || !password || signIn.isPending} data-testid="sync-sign-in">
            {t("sync.signIn")}
          </button>
          {toConfirm ? (
            <div className={toConfirm.changed ? "error-box" : "warn-box"} role="alert" data-testid="sync-trust" data-changed={toConfirm.changed}>
              <strong>{t(toConfirm.changed ? "sync.trustChangedTitle" : "sync.trustTitle")}</strong>
              <p className="small">{t(toConfirm.changed ? "sync.trustChangedHint" : "sync.trustHint")}</p>
              <p className="small">
                {t("sync.fingerprint")}: <code className="fingerprint" data-testid="sync-fingerprint">{toConfirm.fingerprint}</code>
              </p>
              <button type="button" className="button" disabled={signIn.isPending || !password} onClick={() => signIn.mutate(toConfirm.fingerprint)} data-testid="sync-trust-confirm">
                {t("sync.trustButton")}
              </button>
            </div>
          ) : signIn.isError ? (
            <ErrorBox error={signIn.error} />
          ) : null}
        </form>
      ) : (
        <>
          <dl className="facts">
            <dt>{t("sync.server")}</dt>
            <dd data-testid="sync-server-shown">{s.server}</dd>
            <dt>{t("sync.account")}</dt>
            <dd data-testid="sync-account">{`${s.display_name ?? s.login} (${t(`sync.roles.${s.role ?? "consultant"}`)})`}</dd>
            <dt>{t("sync.lastSync")}</dt>
            <dd>{s.last_at ? fmtDateTime(s.last_at, lang) : t("sync.never")}</dd>
            <dt>{t("sync.waitingLabel")}</dt>
            <dd data-testid="sync-waiting-count">{s.waiting}</dd>
            {s.pinned ? (
              <>
                <dt>{t("sync.pinned")}</dt>
                <dd>
                  <code className="fingerprint" data-testid="sync-pinned">{s.pinned}</code>
                </dd>
              </>
            ) : null}
          </dl>
          <div className="inline-row">
            <button type="button" className="button button--primary" onClick={() => now.mutate()} disabled={running} data-testid="sync-now">
              {t("sync.now")}
            </button>
            <button type="button" className="button" onClick={() => signOut.mutate()} disabled={running} data-testid="sync-sign-out">
              {t("sync.signOut")}
            </button>
          </div>
          {job ? (
            <div className="job" data-testid="sync-progress" data-state={job.state}>
              <ProgressBar
                done={job.done}
                total={job.total}
                label={`${Math.round((job.done / Math.max(1, job.total)) * 100)} %`}
                testId="sync-progress-bar"
              />
              {jobError ? <ErrorBox error={jobError} /> : null}
              {jobError?.code === "SYNC_CERTIFICATE_CHANGED" ? (
                <p className="error-text small" data-testid="sync-certificate-changed">
                  {t("sync.changedRelogin")}
                </p>
              ) : null}
              {job.state === "done" && job.summary ? (
                <>
                  <p className="ok" data-testid="sync-done">
                    {t("sync.summary", {
                      sent: job.summary.pushed,
                      received: job.summary.pull_applied,
                      conflicts: job.summary.conflicts,
                    })}
                  </p>
                  {job.summary.push_waiting > 0 ? (
                    <p className="muted small" data-testid="sync-waiting-on-others">
                      {t("sync.waitingOnOthers", { count: job.summary.push_waiting })}
                    </p>
                  ) : null}
                </>
              ) : null}
            </div>
          ) : null}
          {now.isError ? <ErrorBox error={now.error} /> : null}
          {signOut.isError ? <ErrorBox error={signOut.error} /> : null}
          {s.rejected.length > 0 ? (
            <div className="subsection" data-testid="sync-rejected">
              <h3>{t("sync.rejectedTitle")}</h3>
              <ul>
                {s.rejected.map((r) => (
                  <li key={r.op_id}>
                    {t(`entities.${r.entity}`, { defaultValue: r.entity })}: {t(`sync.reject.${r.code}`, { defaultValue: r.code })}{" "}
                    <span className="muted small">({r.message})</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      )}
      <Bundles />
    </section>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const settings = useSettings();
  const info = useInfo();
  return (
    <div className="page" data-testid="page-settings">
      <PageHead title={t("settings.title")} sub={t("common.autosaveNote")} />
      {settings.isError ? <ErrorBox error={settings.error} /> : null}
      {/* Re-made when the language changes, so number texts follow the new format. */}
      {settings.data ? <SettingsForm key={lang} settings={settings.data} /> : null}
      <section className="card">
        <h2 className="card__title">{t("settings.data")}</h2>
        {info.isError ? <ErrorBox error={info.error} /> : null}
        <dl className="facts">
          <dt>{t("settings.dataDir")}</dt>
          <dd>
            <code data-testid="settings-data-dir">{info.data?.data_dir ?? "…"}</code>
            <DataDirSwitch />
          </dd>
          <dt>{t("settings.version")}</dt>
          <dd data-testid="settings-version">
            {info.data ? `${info.data.version} · ${t("settings.schema", { version: info.data.schema_version })}` : "…"}
          </dd>
          <dt>{t("settings.device")}</dt>
          <dd className="muted small">{info.data?.device_id ?? "…"}</dd>
        </dl>
        <Backup />
        <Restore />
      </section>
      <SyncSettings />
    </div>
  );
}
