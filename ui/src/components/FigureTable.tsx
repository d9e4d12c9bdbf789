// A read-only table of figures Rust computed (balances, before and after…): a card with its
// title, an optional hint, the column heads (numbers right-aligned) and the rows, or a line
// saying there is nothing yet.
import type { ReactNode } from "react";

export interface FigureTableProps {
  title: string;
  hint?: string;
  testId: string;
  heads: { label: string; num?: boolean }[];
  /** Shown across the table when there are no rows. */
  empty: string;
  rows: ReactNode[];
}

export function FigureTable({ title, hint, testId, heads, empty, rows }: FigureTableProps) {
  return (
    <section className="card card--table" data-testid={testId}>
      <h3 className="card__title">{title}</h3>
      {hint ? <p className="muted small">{hint}</p> : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              {heads.map((h) => (
                <th key={h.label} className={h.num ? "num" : undefined}>
                  {h.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows}
            {rows.length === 0 ? (
              <tr>
                <td colSpan={heads.length} className="empty muted">
                  {empty}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
