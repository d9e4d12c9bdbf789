import { dateText, parseDate } from "../lib/dates";
import type { TidiedInputProps } from "./TidiedInput";
import { TidiedInput } from "./TidiedInput";

export type DateInputProps = TidiedInputProps;

/** A valid date's text zero-padded (`1/2/2024` → `01/02/2024`); any other text as it is. */
function tidyDate(text: string): string {
  const p = parseDate(text);
  return p.ok && p.value ? dateText(p.value) : text;
}

/** A date typed as dd/mm/yyyy; tidied (zero-padded) on blur only. */
export function DateInput(props: DateInputProps) {
  return <TidiedInput {...props} inputMode="numeric" placeholder="dd/mm/yyyy" kind="date" tidy={tidyDate} />;
}
