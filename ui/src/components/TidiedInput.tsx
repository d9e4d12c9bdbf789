import type { FocusEvent, InputHTMLAttributes, Ref } from "react";

export interface TidiedInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "type"> {
  value: string;
  onChange: (text: string) => void;
  ref?: Ref<HTMLInputElement>;
  invalid?: boolean;
}

/** A text input whose text is passed through untouched while typed and rewritten by `tidy`
 * on blur only (`tidy` returns the text as it is when there is nothing to tidy). `kind` is
 * its own class (`num`, `date`), put before any given `className`. */
export function TidiedInput({
  value,
  onChange,
  ref,
  onBlur,
  invalid,
  className,
  kind,
  tidy,
  ...rest
}: TidiedInputProps & { kind: string; tidy: (text: string) => string }) {
  const handleBlur = (e: FocusEvent<HTMLInputElement>) => {
    const next = tidy(e.currentTarget.value);
    if (next !== e.currentTarget.value) onChange(next);
    onBlur?.(e);
  };
  return (
    <input
      {...rest}
      ref={ref}
      type="text"
      autoComplete="off"
      className={[kind, className].filter(Boolean).join(" ")}
      aria-invalid={invalid || undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={handleBlur}
    />
  );
}
