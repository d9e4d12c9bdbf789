import type { FocusEvent, InputHTMLAttributes, Ref } from "react";
import type { Lang } from "../backend/types";
import { reformat } from "../lib/number";

export interface NumberInputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type" | "lang"> {
  value: string;
  onChange: (text: string) => void;
  ref?: Ref<HTMLInputElement>;
  lang: Lang;
  /** Whole numbers only (money, years): reformatted without decimals. */
  integer?: boolean;
  invalid?: boolean;
}

/** A number typed as text (inputMode decimal). The text is passed through untouched while
 * the person types or composes with an IME; only on blur is a valid number rewritten in
 * the display format (vi `1.234.567,5`, en `1,234,567.5`). */
export function NumberInput({
  value,
  onChange,
  ref,
  onBlur,
  lang,
  integer = false,
  invalid = false,
  className,
  ...rest
}: NumberInputProps) {
  const handleBlur = (e: FocusEvent<HTMLInputElement>) => {
    const next = reformat(e.currentTarget.value, lang, integer);
    if (next !== e.currentTarget.value) onChange(next);
    onBlur?.(e);
  };
  return (
    <input
      {...rest}
      ref={ref}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      className={["num", className].filter(Boolean).join(" ")}
      aria-invalid={invalid || undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={handleBlur}
    />
  );
}
