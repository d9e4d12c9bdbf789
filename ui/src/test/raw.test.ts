import { describe, expect, it } from "vitest";
import { withRaw } from "../lib/raw";

describe("rows with raw number texts", () => {
  const row = { id: "x", quantity: 7, unit_price_vnd: 5 as number | null, savings: [{ quantity: 1 }] };

  it("sends every text and writes the parsed numbers into the row", () => {
    const { row: out, raw } = withRaw(
      row,
      { quantity: "1.234,5", unit_price_vnd: "2.000", savings: [{ quantity: "12" }] },
      [{ path: "quantity", required: true }, { path: "unit_price_vnd", integer: true }, { path: "savings.0.quantity" }],
      "vi",
    );
    expect(raw).toEqual({
      quantity: { text: "1.234,5", integer: false, required: true, percent: false },
      unit_price_vnd: { text: "2.000", integer: true, required: false, percent: false },
      "savings.0.quantity": { text: "12", integer: false, required: false, percent: false },
    });
    expect(out).toEqual({ id: "x", quantity: 1234.5, unit_price_vnd: 2000, savings: [{ quantity: 12 }] });
    expect(row.quantity).toBe(7);
  });

  it("keeps the last good number when the text is not one; empty optional text is null", () => {
    const { row: out } = withRaw(
      row,
      { quantity: "12abc", unit_price_vnd: "" },
      [{ path: "quantity", required: true }, { path: "unit_price_vnd", integer: true }],
      "vi",
    );
    expect(out.quantity).toBe(7);
    expect(out.unit_price_vnd).toBeNull();
  });
});
