import type { FocusEvent, InputHTMLAttributes, Ref } from "react";
import { dateText, parseDate } from "../lib/dates";

export interface DateInputProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> {
  value: string;
  onChange: (text: string) => void;
  ref?: Ref<HTMLInputElement>;
  invalid?: boolean;
}

/** A date typed as dd/mm/yyyy; tidied (zero-padded) on blur only. */
export function DateInput({ value, onChange, ref, onBlur, invalid, className, ...rest }: DateInputProps) {
  const handleBlur = (e: FocusEvent<HTMLInputElement>) => {
    const p = parseDate(e.currentTarget.value);
    if (p.ok && p.value) {
      const next = dateText(p.value);
      if (next !== e.currentTarget.value) onChange(next);
    }
    onBlur?.(e);
  };
  return (
    <input
      {...rest}
      ref={ref}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      className={["date", className].filter(Boolean).join(" ")}
      aria-invalid={invalid || undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={handleBlur}
    />
  );
}
