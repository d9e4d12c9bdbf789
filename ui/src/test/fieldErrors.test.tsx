import { render, screen } from "@testing-library/react";
import { act } from "react";
import { useFieldArray, useForm } from "react-hook-form";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../backend/types";
import { CellError, Field } from "../components/Field";
import "../i18n";
import { applyFieldErrors, errorAt, formFieldName, mapFieldErrors, rustFieldName } from "../lib/errors";

type Values = {
  title: string;
  investment_vnd: string;
  savings: { quantity: string; unit: string }[];
};

const apiError: ApiError = {
  code: "VALIDATION_FAILED",
  message: "invalid",
  field_errors: [
    { field: "title", code: "required", message: "required" },
    { field: "investment_vnd", code: "not_a_number", message: "not a number" },
    { field: "savings[1].quantity", code: "negative", message: "negative" },
    { field: "savings[0].unit", code: "wrong_dimension", message: "kWh is not a volume" },
    { field: "no_such_field", code: "invalid_code", message: "?" },
  ],
};

let apply: ((e: ApiError) => void) | null = null;

function OptionForm() {
  const form = useForm<Values>({
    defaultValues: { title: "", investment_vnd: "12abc", savings: [{ quantity: "1", unit: "kWh" }, { quantity: "-2", unit: "m3" }] },
  });
  const lines = useFieldArray({ control: form.control, name: "savings" });
  const errors = form.formState.errors;
  apply = (e) => {
    applyFieldErrors(e, (name, err) => form.setError(name as never, err));
  };
  return (
    <form>
      <Field label="Title" error={errorAt(errors, "title")} testId="title">
        <input {...form.register("title")} />
      </Field>
      <Field label="Investment" error={errorAt(errors, "investment_vnd")} testId="investment">
        <input {...form.register("investment_vnd")} />
      </Field>
      {lines.fields.map((f, i) => (
        <div key={f.id}>
          <input {...form.register(`savings.${i}.quantity` as const)} />
          <CellError error={errorAt(errors, `savings.${i}.quantity`)} testId={`q${i}`} />
          <input {...form.register(`savings.${i}.unit` as const)} />
          <CellError error={errorAt(errors, `savings.${i}.unit`)} testId={`u${i}`} />
        </div>
      ))}
    </form>
  );
}

describe("field names", () => {
  it("converts between Rust and form names", () => {
    expect(formFieldName("savings[0].quantity")).toBe("savings.0.quantity");
    expect(formFieldName("options[3].savings[12].unit")).toBe("options.3.savings.12.unit");
    expect(rustFieldName("savings.0.quantity")).toBe("savings[0].quantity");
    expect(rustFieldName("title")).toBe("title");
  });

  it("splits errors the form does not know", () => {
    const known = new Set(["title", "investment_vnd", "savings.0.unit", "savings.1.quantity"]);
    const { fields, other } = mapFieldErrors(apiError, (n) => known.has(n));
    expect(fields.map((f) => f.name)).toEqual(["title", "investment_vnd", "savings.1.quantity", "savings.0.unit"]);
    expect(other.map((o) => o.field)).toEqual(["no_such_field"]);
  });
});

describe("an ApiError on a form", () => {
  it("shows each translated message under the field it names, nested ones included", async () => {
    render(<OptionForm />);
    expect(screen.queryByRole("alert")).toBeNull();
    await act(async () => apply?.(apiError));
    expect(screen.getByTestId("title-error")).toHaveTextContent("Cần nhập ô này.");
    expect(screen.getByTestId("investment-error")).toHaveTextContent("Không phải là số.");
    expect(screen.getByTestId("q1-error")).toHaveTextContent("Không được là số âm.");
    expect(screen.getByTestId("u0-error")).toHaveTextContent("Đơn vị không phù hợp với loại này.");
    expect(screen.queryByTestId("q0-error")).toBeNull();
    expect(screen.queryByTestId("u1-error")).toBeNull();
  });
});

describe("an error about a limit", () => {
  it("states the limit Rust gave, in vi-VN numbers", async () => {
    render(<OptionForm />);
    await act(async () =>
      apply?.({
        code: "VALIDATION_FAILED",
        message: "invalid",
        field_errors: [
          { field: "title", code: "too_long", message: "at most 500 characters", max: 500 },
          { field: "investment_vnd", code: "out_of_range", message: "too large", max: 1e15 },
          { field: "savings[0].quantity", code: "out_of_range", message: "must be between 1 and 50", min: 1, max: 50 },
          { field: "savings[1].quantity", code: "out_of_range", message: "out of range" },
        ],
      }),
    );
    expect(screen.getByTestId("title-error")).toHaveTextContent("Quá dài (tối đa 500 ký tự).");
    expect(screen.getByTestId("investment-error")).toHaveTextContent("Quá lớn (tối đa 1.000.000.000.000.000).");
    expect(screen.getByTestId("q0-error")).toHaveTextContent("Ngoài khoảng cho phép (từ 1 đến 50).");
    expect(screen.getByTestId("q1-error")).toHaveTextContent("Ngoài khoảng cho phép.");
  });
});
