import type { Lang } from "../backend/types";
import { reformat } from "../lib/number";
import type { TidiedInputProps } from "./TidiedInput";
import { TidiedInput } from "./TidiedInput";

export interface NumberInputProps extends Omit<TidiedInputProps, "lang"> {
  lang: Lang;
  /** Whole numbers only (money, years): reformatted without decimals. */
  integer?: boolean;
}

/** A number typed as text (inputMode decimal). The text is passed through untouched while
 * the person types or composes with an IME; only on blur is a valid number rewritten in
 * the display format (vi `1.234.567,5`, en `1,234,567.5`). */
export function NumberInput({ lang, integer = false, ...rest }: NumberInputProps) {
  return (
    <TidiedInput
      {...rest}
      inputMode="decimal"
      spellCheck={false}
      kind="num"
      tidy={(text) => reformat(text, lang, integer)}
    />
  );
}
