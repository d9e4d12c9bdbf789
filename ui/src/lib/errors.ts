// Field errors from Rust (and from the UI's own instant checks) onto form fields.

import type { ApiError, FieldError } from "../backend/types";

/** `savings[0].quantity` → `savings.0.quantity` (react-hook-form names). */
export function formFieldName(field: string): string {
  return field.replace(/\[(\d+)\]/g, ".$1");
}

/** `savings.0.quantity` → `savings[0].quantity` (Rust names). */
export function rustFieldName(name: string): string {
  return name.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

export interface MappedFieldError {
  /** The form field, e.g. `savings.0.quantity`. */
  name: string;
  code: string;
  message: string;
}

/** A field error as a form holds it: its code, with the limits it broke when Rust gave them
 * (`out_of_range|1|50`, `too_long||500`), read back by `useFieldErrorText`. */
export function errorToken(fe: Pick<FieldError, "code" | "min" | "max">): string {
  if (fe.min === undefined && fe.max === undefined) return fe.code;
  return `${fe.code}|${fe.min ?? ""}|${fe.max ?? ""}`;
}

/** The code and limits of a token made by `errorToken`. */
export function parseErrorToken(token: string): { code: string; min?: number; max?: number } {
  const [code, min, max] = token.split("|");
  const num = (s: string | undefined) => (s === undefined || s === "" ? undefined : Number(s));
  return { code: code ?? "", min: num(min), max: num(max) };
}

/** The field errors of a VALIDATION_FAILED error, named as form fields. Fields the form does
 * not have (when `known` is given) go to `other`. */
export function mapFieldErrors(
  error: ApiError,
  known?: (name: string) => boolean,
): { fields: MappedFieldError[]; other: FieldError[] } {
  const fields: MappedFieldError[] = [];
  const other: FieldError[] = [];
  for (const fe of error.field_errors ?? []) {
    const name = formFieldName(fe.field);
    if (known && !known(name)) other.push(fe);
    else fields.push({ name, code: errorToken(fe), message: fe.message });
  }
  return { fields, other };
}

/** Applies mapped errors with react-hook-form's `setError`; the message is the error code,
 * translated where it is shown. */
export function applyFieldErrors(
  error: ApiError,
  setError: (name: string, e: { type: string; message: string }) => void,
  known?: (name: string) => boolean,
): FieldError[] {
  const { fields, other } = mapFieldErrors(error, known);
  for (const f of fields) setError(f.name, { type: "server", message: f.code });
  return other;
}

/** The names of the fields holding an error Rust gave (`type: "server"`), at any depth of a
 * form's errors: once Rust has stored the row, none of them holds any more (a weight refused
 * for the sum of all weights is fine once another weight changes). */
export function serverErrorNames(errors: object, prefix = ""): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (!v || typeof v !== "object") continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if ((v as { type?: unknown }).type === "server") out.push(name);
    else if (!("message" in v)) out.push(...serverErrorNames(v, name));
  }
  return out;
}

/** An ApiError made by the UI's own checks (nothing was sent). */
export function localValidationError(fields: { field: string; code: string }[]): ApiError {
  return {
    code: "VALIDATION_FAILED",
    message: "checked in the UI",
    field_errors: fields.map((f) => ({
      field: rustFieldName(f.field),
      code: f.code as FieldError["code"],
      message: f.code,
    })),
  };
}

/** The error code react-hook-form holds for a (nested) field, if any. */
export function errorAt(errors: object, name: string): string | undefined {
  const e = name
    .split(".")
    .reduce<unknown>((o, k) => (o == null ? undefined : (o as Record<string, unknown>)[k]), errors) as
    | { message?: unknown }
    | undefined;
  return typeof e?.message === "string" ? e.message : undefined;
}
