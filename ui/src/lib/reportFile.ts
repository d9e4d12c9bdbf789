// Saving a report: on the desktop, to a path the person picks (the PDF then opens); in a
// browser, as a download. One render either way.
import { getBackend } from "../backend";
import type { Lang } from "../backend/types";
import { api, type ReportKind } from "./api";
import { downloadBase64 } from "./files";
import { flushAll } from "./saveQueue";

export type ReportResult = { kind: "saved"; path: string; bytes: number } | { kind: "downloaded"; name: string };

/** Saves the report (`pdf`) or its worksheets (`xlsx`); `null` when the person cancels. Pending
 * edits are sent first: the report is made from what is stored. */
export async function exportReport(assessmentId: string, kind: ReportKind, lang: Lang, format: "pdf" | "xlsx"): Promise<ReportResult | null> {
  await flushAll();
  const backend = getBackend();
  if (backend.kind === "tauri") {
    const pdfName = await api.reportFileName(assessmentId, kind, lang).catch(() => "bao-cao.pdf");
    const name = format === "pdf" ? pdfName : pdfName.replace(/\.pdf$/, ".xlsx");
    const path = await backend.pickSavePath(name, [{ name: format.toUpperCase(), extensions: [format] }]);
    if (!path) return null;
    const saved = await api.reportSave(assessmentId, kind, lang, path, format);
    if (format === "pdf") await backend.openPath(saved.path).catch(() => undefined);
    return { kind: "saved", path: saved.path, bytes: saved.bytes };
  }
  const file = format === "pdf" ? await api.reportPdf(assessmentId, kind, lang) : await api.reportXlsx(assessmentId, kind, lang);
  downloadBase64(file.file_name, file.data_base64);
  return { kind: "downloaded", name: file.file_name };
}
