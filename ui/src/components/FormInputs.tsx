import type { Control, FieldValues, Path } from "react-hook-form";
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

export function RhfNumber<V extends FieldValues>({
  control,
  name,
  lang,
  integer,
  id,
  testId,
  disabled,
  placeholder,
  className,
  ariaLabel,
}: BoundProps<V> & { lang: Lang; integer?: boolean }) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberInput
          id={id}
          name={field.name}
          ref={field.ref}
          data-testid={testId}
          aria-label={ariaLabel}
          value={(field.value as string | undefined) ?? ""}
          onChange={field.onChange}
          onBlur={field.onBlur}
          lang={lang}
          integer={integer}
          disabled={disabled}
          placeholder={placeholder}
          className={className}
          invalid={!!fieldState.error}
        />
      )}
    />
  );
}

export function RhfDate<V extends FieldValues>({
  control,
  name,
  id,
  testId,
  disabled,
  className,
  ariaLabel,
}: BoundProps<V>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <DateInput
          id={id}
          name={field.name}
          ref={field.ref}
          data-testid={testId}
          aria-label={ariaLabel}
          value={(field.value as string | undefined) ?? ""}
          onChange={field.onChange}
          onBlur={field.onBlur}
          disabled={disabled}
          className={className}
          invalid={!!fieldState.error}
        />
      )}
    />
  );
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
