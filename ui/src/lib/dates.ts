// Dates typed as text (dd/mm/yyyy, or yyyy-mm-dd), stored as `YYYY-MM-DD`. A text input
// rather than <input type=date>: WebKitGTK has no date picker and IMEs behave.

export type DateParse = { ok: true; value: string | null } | { ok: false };

function valid(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function parseDate(text: string): DateParse {
  const t = text.trim();
  if (t === "") return { ok: true, value: null };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` } : { ok: false };
  }
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return valid(y, mo, d) ? { ok: true, value: `${y}-${pad(mo)}-${pad(d)}` } : { ok: false };
  }
  return { ok: false };
}

/** `2025-03-11` → `11/03/2025` (both languages use day/month/year). */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
