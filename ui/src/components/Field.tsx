import type { ClipboardEvent, ReactNode } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { parseErrorToken } from "../lib/errors";
import { fmtNumber } from "../lib/format";
import { useLang } from "../lib/hooks";
import { MAX_NAME, MAX_TEXT } from "../lib/schema";

/** The translated text of a field error code (`required`, `not_a_number`, …), stating the
 * limit it broke when there is one: "Quá lớn (tối đa 50).", "Quá dài (tối đa 500 ký tự)." */
export function useFieldErrorText() {
  const { t } = useTranslation();
  const lang = useLang();
  return (token: string | undefined | null): string => {
    if (!token) return "";
    const { code, min, max } = parseErrorToken(token);
    const n = (v: number) => fmtNumber(v, lang, Number.isInteger(v) ? 0 : 2);
    if (code === "too_long" && max !== undefined) return t("fieldError.too_long_max", { max: n(max) });
    if (code === "too_short" && min !== undefined) return t("fieldError.too_short_min", { min: n(min) });
    if (code === "out_of_range" && max !== undefined && min === undefined) return t("fieldError.too_large", { max: n(max) });
    if ((code === "out_of_range" || code === "negative") && min !== undefined && max !== undefined) {
      return t("fieldError.out_of_range_between", { min: n(min), max: n(max) });
    }
    return t(`fieldError.${code}`, { defaultValue: t("fieldError.invalid") });
  };
}

export interface FieldProps {
  label: ReactNode;
  htmlFor?: string;
  /** A field error code from the form state. */
  error?: string;
  hint?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}

/** Stops a paste far over the field's limit before it reaches the input: a browser stalls on
 * megabytes in a text box, and such text could never be saved (Rust refuses it as
 * `too_long`). The clipboard keeps the text; the field says why nothing was pasted. */
function usePasteGuard() {
  const { t } = useTranslation();
  const [refused, setRefused] = useState<string | null>(null);
  const onPasteCapture = (e: ClipboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName !== "TEXTAREA" && target.tagName !== "INPUT") return;
    const text = e.clipboardData?.getData("text/plain") ?? "";
    const limit = target.tagName === "TEXTAREA" ? MAX_TEXT : MAX_NAME;
    if (text.length > limit) {
      e.preventDefault();
      setRefused(t("fieldError.pasteTooLong", { length: text.length.toLocaleString(), max: limit.toLocaleString() }));
    } else {
      setRefused(null);
    }
  };
  return { refused, onPasteCapture };
}

/** A label, the input, and the error message under it. */
export function Field({ label, htmlFor, error, hint, children, className, testId }: FieldProps) {
  const errorText = useFieldErrorText();
  const paste = usePasteGuard();
  return (
    <div
      className={["field", error || paste.refused ? "has-error" : "", className].filter(Boolean).join(" ")}
      onPasteCapture={paste.onPasteCapture}
    >
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {paste.refused ? (
        <div className="field-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {paste.refused}
        </div>
      ) : error ? (
        <div className="field-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {errorText(error)}
        </div>
      ) : hint ? (
        <div className="field-hint">{hint}</div>
      ) : null}
    </div>
  );
}

/** An error line under a table cell's input. */
export function CellError({ error, testId }: { error?: string; testId?: string }) {
  const errorText = useFieldErrorText();
  if (!error) return null;
  return (
    <div className="field-error" role="alert" data-testid={testId ? `${testId}-error` : undefined}>
      {errorText(error)}
    </div>
  );
}
