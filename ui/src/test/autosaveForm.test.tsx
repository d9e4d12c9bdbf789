import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setBackend } from "../backend";
import type { ApiError, Enterprise, Settings, Stored, UiReference } from "../backend/types";
import "../i18n";
import * as queue from "../lib/saveQueue";
import { applyChanges } from "../lib/feed";
import { fakeBackend } from "./fakeBackend";
import { EnterpriseEdit } from "../pages/EnterpriseEdit";

const ID = "01a23262-4402-7282-b114-65607d617794";
/** The version of every field of the stored row: its insert. */
const INSERTED = "000001741656000000-0000000000-device-a";
const stored: Stored<Enterprise> = {
  id: ID,
  kind: "craft_household",
  name: "Hộ gốm Đào Việt Bình",
  tax_code: "",
  address: "",
  province: "Hà Nội",
  district: "Gia Lâm",
  commune: "Kim Lan",
  craft_village: "Làng gốm Kim Lan",
  sector: "pottery",
  main_products: "",
  design_capacity: null,
  capacity_unit: "",
  employees: 5,
  contact_name: "",
  contact_phone: "",
  contact_email: "",
  created_at: "2025-03-11T01:20:00.000Z",
  updated_at: "2025-03-11T01:20:00.000Z",
  updated_by: "demo",
  versions: { "*": INSERTED },
};
const reference: UiReference = {
  checklists: [],
  areas: [],
  techniques: [],
  sectors: [{ code: "pottery", name_vi: "Gốm sứ", name_en: "Pottery" }],
  grid_years: [],
  default_grid_year: 2023,
  fuels: [],
  units: ["t", "kg", "pcs"],
  cause_categories: [],
  focus_criteria: [],
  steps: [],
  tasks: [],
};
const settings: Settings = { lang: "vi", consultant: "", discount_rate: 0.1, life_years: 5, grid_ef_year: null };

type Saved = {
  method: string;
  params: { entity: string; id: string; fields: Partial<Enterprise>; raw: Record<string, unknown>; base: Record<string, string> };
};

describe("an autosaved form against the backend", () => {
  let saves: Saved[];
  let answer: (p: Saved["params"]) => unknown;

  beforeEach(() => {
    saves = [];
    queue.resetQueue();
    answer = (p) => ({ ...stored, ...p.fields });
    const backend = fakeBackend(async <T,>(method: string, params?: unknown): Promise<T> => {
      switch (method) {
        case "enterprise.get":
          return stored as T;
        case "reference.get":
          return reference as T;
        case "settings.get":
          return settings as T;
        case "assessment.list":
          return [] as T;
        case "row.patch": {
          const p = params as Saved["params"];
          saves.push({ method, params: p });
          const r = answer(p);
          if ((r as ApiError).code) throw r;
          return r as T;
        }
        default:
          throw { code: "INVALID_INPUT", message: `unexpected ${method}` };
      }
    });
    setBackend(backend);
  });
  afterEach(() => {
    cleanup();
    queue.resetQueue();
    setBackend(null);
  });

  function renderPage(): QueryClient {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={qc}>
        <MemoryRouter initialEntries={[`/enterprises/${ID}`]}>
          <Routes>
            <Route path="/enterprises/:id" element={<EnterpriseEdit />} />
          </Routes>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    return qc;
  }

  it("sends the typed number as raw text, debounced, with the last good number in the row", async () => {
    const user = userEvent.setup();
    renderPage();
    const employees = await screen.findByTestId("enterprise-form-employees");
    await user.clear(employees);
    await user.type(employees, "12");
    // (On a slow machine the cleared field may be saved before "12" is typed.)
    const typed = () => saves.find((s) => (s.params.raw.employees as { text: string } | undefined)?.text === "12");
    await waitFor(() => expect(typed()).toBeDefined(), { timeout: 2000 });
    const p = typed()!.params;
    expect(p.entity).toBe("enterprise");
    expect(p.id).toBe(ID);
    expect(p.raw).toEqual({ employees: { text: "12", integer: true, required: false, percent: false } });
    // Only the changed field goes, with the version it was read at.
    expect(p.fields).toEqual({ employees: 12 });
    expect(p.base).toEqual({ employees: INSERTED });
  });

  it("says at once that a text is not a number, and leaves the verdict to Rust", async () => {
    // The fake backend refuses the row as Rust does for "7,5" in a whole-number field.
    answer = (p) =>
      (p.raw.employees as { text: string } | undefined)?.text === "7,5"
        ? {
            code: "VALIDATION_FAILED",
            message: "invalid",
            field_errors: [{ field: "employees", code: "not_a_number", message: "a whole number is needed" }],
          }
        : { ...stored, ...p.fields };
    const user = userEvent.setup();
    renderPage();
    const employees = await screen.findByTestId("enterprise-form-employees");
    await user.clear(employees);
    await user.type(employees, "7,5");
    // The instant check, before anything is sent …
    expect(await screen.findByTestId("enterprise-form-employees-error")).toHaveTextContent("Không phải là số.");
    await new Promise((r) => setTimeout(r, 700));
    // … then the text goes to Rust as typed, which refuses it: the error stays, the text too.
    const sent = saves.filter((s) => (s.params.raw.employees as { text: string } | undefined)?.text === "7,5");
    expect(sent.length).toBeGreaterThan(0);
    expect(screen.getByTestId("enterprise-form-employees-error")).toHaveTextContent("Không phải là số.");
    expect(screen.getByTestId("enterprise-form-employees")).toHaveValue("7,5");
    expect(queue.getStatus()).toBe("error");
  });

  it("shows Rust's field errors under the fields they name", async () => {
    answer = () => ({
      code: "VALIDATION_FAILED",
      message: "invalid",
      field_errors: [{ field: "capacity_unit", code: "required", message: "a capacity needs its unit" }],
    });
    const user = userEvent.setup();
    renderPage();
    const capacity = await screen.findByTestId("enterprise-form-capacity");
    await user.type(capacity, "1234,5");
    await user.tab();
    expect(capacity).toHaveValue("1.234,5");
    expect(await screen.findByTestId("enterprise-form-capacity-unit-error", {}, { timeout: 2000 })).toHaveTextContent(
      "Cần nhập ô này.",
    );
    expect(saves.at(-1)?.params.raw.design_capacity).toEqual({ text: "1.234,5", integer: false, required: false, percent: false });
    expect(queue.getStatus()).toBe("error");
  });

  it("follows a row changed underneath, keeps the text being typed, and patches only that field", async () => {
    const user = userEvent.setup();
    const qc = renderPage();
    const employees = await screen.findByTestId("enterprise-form-employees");
    await user.clear(employees);
    await user.type(employees, "12");
    // Before the debounced save goes, another device's edit of the name arrives.
    const PULLED = "000001741656999000-0000000000-device-b";
    applyChanges(qc, {
      cursor: { epoch: 1, seq: 9 },
      reset: false,
      rows: [{ entity: "enterprise", id: ID, row: { ...stored, name: "Hộ gốm Đào Văn Bình", versions: { "*": INSERTED, name: PULLED } } }],
    });
    await waitFor(() => expect(screen.getByTestId("enterprise-form-name")).toHaveValue("Hộ gốm Đào Văn Bình"));
    expect(employees).toHaveValue("12");
    await waitFor(() => expect(saves.at(-1)?.params.fields).toEqual({ employees: 12 }), { timeout: 2000 });
    expect(saves.every((s) => !("name" in s.params.fields)), "the name is never written back").toBe(true);
    expect(saves.at(-1)?.params.base).toEqual({ employees: INSERTED });
  });
});
