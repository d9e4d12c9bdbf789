import type { InputHTMLAttributes, ReactNode } from "react";
import { useEffect, useState } from "react";
import type { Control, ControllerFieldState, ControllerRenderProps, FieldValues, Path } from "react-hook-form";
import { Controller } from "react-hook-form";
import type { Lang } from "../backend/types";
import { DateInput } from "./DateInput";
import { NumberInput } from "./NumberInput";

interface BoundProps<V extends FieldValues> {
  control: Control<V>;
  name: Path<V>;
  id?: string;
  testId?: string;
  disabled?: boolean;
  placeholder?: string;
  className?: string;
  ariaLabel?: string;
}

/** The props an input takes from its form field and the bound props (value, events, error). */
function fieldProps<V extends FieldValues>(
  { field, fieldState }: { field: ControllerRenderProps<V, Path<V>>; fieldState: ControllerFieldState },
  { id, testId, ariaLabel, disabled, placeholder, className }: Omit<BoundProps<V>, "control" | "name">,
) {
  return {
    id,
    name: field.name,
    ref: field.ref,
    "data-testid": testId,
    "aria-label": ariaLabel,
    value: (field.value as string | undefined) ?? "",
    onChange: field.onChange,
    onBlur: field.onBlur,
    disabled,
    placeholder,
    className,
    invalid: !!fieldState.error,
  };
}

/** A NumberInput bound to a form field. */
export function RhfNumber<V extends FieldValues>({ control, name, lang, integer, ...bound }: BoundProps<V> & { lang: Lang; integer?: boolean }) {
  return (
    <Controller control={control} name={name} render={(f) => <NumberInput {...fieldProps(f, bound)} lang={lang} integer={integer} />} />
  );
}

/** A DateInput bound to a form field (its placeholder is always `dd/mm/yyyy`). */
export function RhfDate<V extends FieldValues>({ control, name, ...bound }: BoundProps<V>) {
  return <Controller control={control} name={name} render={(f) => <DateInput {...fieldProps(f, bound)} />} />;
}

/** A select whose options depend on other fields (units by category): controlled, so the
 * value set together with new options is shown once they are rendered. */
export function RhfSelect<V extends FieldValues>({
  control,
  name,
  options,
  id,
  testId,
  disabled,
  className,
  ariaLabel,
}: BoundProps<V> & { options: { value: string; label: string }[] }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <select
          id={id}
          name={field.name}
          ref={field.ref}
          data-testid={testId}
          aria-label={ariaLabel}
          aria-invalid={!!fieldState.error || undefined}
          value={(field.value as string | undefined) ?? ""}
          onChange={(e) => field.onChange(e.target.value)}
          onBlur={field.onBlur}
          disabled={disabled}
          className={className}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** An input with its unit written after it (`%`, years, VND). */
export function WithUnit({ unit, children }: { unit: ReactNode; children: ReactNode }) {
  return (
    <div className="with-unit">
      {children}
      <span className="unit">{unit}</span>
    </div>
  );
}

/** A checkbox over a value kept elsewhere (a row of the cached document): it shows a click at
 * once, in its own state, and follows `checked` when that changes (the save coming back, a
 * sync). A busy page then never shows a click as not taken while the document re-renders. */
export function LiveCheckbox({ checked, onChecked, ...rest }: { checked: boolean; onChecked: (on: boolean) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, "checked" | "onChange" | "type">) {
  const [on, setOn] = useState(checked);
  useEffect(() => setOn(checked), [checked]);
  return (
    <input
      type="checkbox"
      checked={on}
      onChange={(e) => {
        setOn(e.target.checked);
        onChecked(e.target.checked);
      }}
      {...rest}
    />
  );
}
