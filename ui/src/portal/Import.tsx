// Import of the office's enterprise list from the spreadsheet it keeps (XLSX, or CSV UTF-8):
// the server reads the file and answers a preview — every row with the fields Rust refused,
// by row number — and writes nothing until a file with no refused row is confirmed, then
// writes every row at once (never half a list).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFieldErrorText } from "../components/Field";
import { fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { PortalErrorText } from "./forms";
import { PortalError, portal } from "./api";
import { ProgrammeSelect } from "./Records";
import type { ImportPreview } from "./types";

/** The format the server reads a file as, from its name. */
function formatOf(name: string): "xlsx" | "csv" | null {
  const n = name.toLowerCase();
  if (n.endsWith(".xlsx")) return "xlsx";
  if (n.endsWith(".csv")) return "csv";
  return null;
}

export function EnterpriseImport() {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const fieldText = useFieldErrorText();
  const programmes = useQuery({ queryKey: ["portal", "programmes"], queryFn: portal.programmes });
  const [file, setFile] = useState<File | null>(null);
  const [programme, setProgramme] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const send = useMutation({
    mutationFn: async (commit: boolean) => {
      if (!file) throw new PortalError("no_file", "", 0);
      const format = formatOf(file.name);
      if (!format) throw new PortalError("bad_request", "", 0, [{ field: "file", code: "not_a_spreadsheet", message: "" }]);
      return portal.importEnterprises(await file.arrayBuffer(), format, commit, programme || null);
    },
    onSuccess: (p) => {
      setPreview(p);
      if (p.imported > 0) {
        setDone(p.imported);
        setFile(null);
        void qc.invalidateQueries({ queryKey: ["portal"] });
      }
    },
  });
  const err = send.error instanceof PortalError ? send.error : null;
  const fileError = err?.fields.find((f) => f.field === "file");
  const n = (x: number) => fmtNumber(x, lang, 0);
  const refused = preview?.rows.filter((r) => r.errors.length > 0) ?? [];
  return (
    <section className="card portal-import" data-testid="portal-import">
      <h2 className="card__title">{t("portal.import.title")}</h2>
      <p className="muted small">{t("portal.import.hint")}</p>
      <div className="portal-import__pick">
        <label className="field">
          <span>{t("portal.import.file")}</span>
          <input
            type="file"
            accept=".xlsx,.csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
              setDone(null);
              send.reset();
            }}
            data-testid="portal-import-file"
          />
        </label>
        <ProgrammeSelect value={programme} onChange={setProgramme} list={programmes.data ?? []} testId="portal-import-programme" label={t("portal.import.programme")} />
      </div>
      <div className="row-actions">
        <button type="button" className="button" disabled={!file || send.isPending} onClick={() => send.mutate(false)} data-testid="portal-import-preview">
          {t("portal.import.preview")}
        </button>
        <button
          type="button"
          className="button button--primary"
          disabled={!file || !preview || preview.refused > 0 || preview.rows.length === 0 || send.isPending}
          onClick={() => send.mutate(true)}
          data-testid="portal-import-commit"
        >
          {t("portal.import.commit", { count: preview ? preview.rows.length : 0 })}
        </button>
      </div>
      {send.isError ? (
        <p className="field-error" role="alert" data-testid="portal-import-error">
          {fileError
            ? t(`portal.import.fileError.${fileError.code}`, { defaultValue: fileError.message })
            : <PortalErrorText error={send.error} />}
        </p>
      ) : null}
      {done !== null ? (
        <p className="ok-box" role="status" data-testid="portal-import-done">
          {t("portal.import.done", { count: done })}
        </p>
      ) : null}
      {preview && done === null ? (
        <>
          <p data-testid="portal-import-summary">{t("portal.import.summary", { ok: n(preview.ok), refused: n(preview.refused) })}</p>
          {preview.columns.some((c) => !c.field) ? (
            <p className="muted small" data-testid="portal-import-ignored">
              {t("portal.import.ignored", { columns: preview.columns.filter((c) => !c.field).map((c) => c.header).join(", ") })}
            </p>
          ) : null}
          {refused.length > 0 ? (
            <table className="table" data-testid="portal-import-refused">
              <thead>
                <tr>
                  <th className="num">{t("portal.import.row")}</th>
                  <th>{t("portal.name")}</th>
                  <th>{t("portal.import.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {refused.map((r) => (
                  <tr key={r.row} data-testid="portal-import-refused-row">
                    <td className="num">{r.row}</td>
                    <td>{r.name}</td>
                    <td>
                      {r.errors.map((e) => (
                        <div key={e.field + e.code}>
                          {t(`portal.import.field.${e.field}`, { defaultValue: e.field })}: {fieldText(e.code)}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
