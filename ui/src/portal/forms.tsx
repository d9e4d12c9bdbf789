// What the portal's forms share: a typed date sent as ISO (or as typed, for the server to
// refuse on its field), the fields the server refused as error tokens, and the message of a
// refusal that is not about one field.
import { useTranslation } from "react-i18next";
import type { FieldErrorCode } from "../backend/types";
import { parseDate } from "../lib/dates";
import { errorToken } from "../lib/errors";
import { PortalError, type PortalFieldError } from "./api";

/** The ISO date of a typed dd/mm/yyyy, or the text itself (the server then refuses it on
 * that field with `invalid_date`). */
export function isoOrText(text: string): string {
  const p = parseDate(text);
  return p.ok && p.value ? p.value : text.trim();
}

/** The error token of each field the server (or the page's own number check) refused. */
export function fieldTokens(error: unknown, local: PortalFieldError[] = []): Record<string, string> {
  const list = [...local, ...(error instanceof PortalError ? error.fields : [])];
  const out: Record<string, string> = {};
  for (const f of list) out[f.field] ??= errorToken({ code: f.code as FieldErrorCode, min: f.min, max: f.max });
  return out;
}

/** Codes whose server message adds something a person can act on (e.g. "no programme X"):
 * shown after the catalog's sentence, as the technical detail. */
const WITH_DETAIL = new Set(["bad_request", "not_found", "internal"]);

/** An error from the server in the page's language: the catalog's sentence for its code (every
 * code the portal meets has one), with the server's own message as a detail where it helps. */
export function PortalErrorText({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof PortalError)) return <>{String(error)}</>;
  const text = t(`portal.error.${error.code}`, { defaultValue: t("portal.error.other") });
  return (
    <>
      {text}
      {WITH_DETAIL.has(error.code) && error.message ? <span className="muted small"> ({t("portal.error.detail", { message: error.message })})</span> : null}
    </>
  );
}

/** The message of an error that is not about one field. */
export function FormError({ error, testId }: { error: unknown; testId: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = error instanceof PortalError ? error : null;
  return (
    <p className="field-error" role="alert" data-testid={testId}>
      {e && e.fields.length > 0 ? t("portal.formRefused") : <PortalErrorText error={error} />}
    </p>
  );
}

