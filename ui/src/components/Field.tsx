import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The translated text of a field error code (`required`, `not_a_number`, …). */
export function useFieldErrorText() {
  const { t } = useTranslation();
  return (code: string | undefined | null): string => {
    if (!code) return "";
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

/** A label, the input, and the error message under it. */
export function Field({ label, htmlFor, error, hint, children, className, testId }: FieldProps) {
  const errorText = useFieldErrorText();
  return (
    <div className={["field", error ? "has-error" : "", className].filter(Boolean).join(" ")}>
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error ? (
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
