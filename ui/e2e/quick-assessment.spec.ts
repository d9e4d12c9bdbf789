// The consultant's main job in a real browser against the real backend (`sxsh serve-ui` on a
// fresh data folder with the demo data; see playwright.config.ts): search, a new enterprise with
// a Vietnamese name, bad input refused by Rust, a whole quick assessment with a checklist, a
// photo and an option, the PDF, a reload that finds everything, and English.
// Screenshots of each main screen go to target/e2e-screens/.
import { expect, test, type Page } from "@playwright/test";
import { byId, open, rpc, saved } from "./helpers";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const screens = path.join(root, "target/e2e-screens");
mkdirSync(screens, { recursive: true });
const photo = path.join(import.meta.dirname, "fixtures/kiln.jpg");

/** A 1280×800 screenshot, scrolled so that `top` (a data-testid) starts the view. */
async function shot(page: Page, name: string, top?: string) {
  if (top) {
    await byId(page, top).evaluate((el) => el.scrollIntoView({ block: "start" }));
  }
  await page.waitForTimeout(300); // let thumbnails and figures settle
  await page.screenshot({ path: path.join(screens, `${name}.png`) });
}

test.describe.configure({ mode: "serial" });

/** The Kim Lan demo's quick assessment (later tests make more assessments of its enterprise). */
const KIM_LAN_DEMO = "019582ce-19e0-7f35-bcef-81f0b907e3b4";
const KIM_LAN_ENTERPRISE = "019582c9-8600-7ec6-9bdd-c2ba7a1153af";
/** The Đa Sỹ demo's quick assessment, completed. */
const DA_SY_DEMO = "01963703-8620-7ac9-8fd2-9b4e21034e60";

/** Reopens a completed assessment (read-only until then) for a test that edits it. */
async function reopen(page: Page, id: string) {
  await rpc(page, "assessment.mark_stage", { assessment_id: id, stage: "report", state: "open", reason: "" });
}

test("search ignores accents and case", async ({ page }) => {
  await open(page);
  // The demo's 3, and whatever the specs run before this one made.
  const all = await rpc<any[]>(page, "assessment.recent", { query: "", limit: 50 });
  expect(all.length).toBeGreaterThanOrEqual(3);
  await expect(byId(page, "assessment-row")).toHaveCount(all.length);
  await shot(page, "home");
  await byId(page, "nav-enterprises").click();
  // The demo's 3 enterprises, and any an earlier spec made (the cassava mill).
  const enterprises = await rpc<any[]>(page, "enterprise.list", {});
  expect(enterprises.length).toBeGreaterThanOrEqual(3);
  await expect(byId(page, "enterprise-row")).toHaveCount(enterprises.length);
  await shot(page, "enterprises");
  for (const q of ["kim lan", "KIM LAN", "Kim Lân"]) {
    await byId(page, "enterprise-search").fill(q);
    await expect(byId(page, "enterprise-row")).toHaveCount(1);
    await expect(byId(page, "enterprise-row")).toContainText("Làng gốm Kim Lan");
  }
  await byId(page, "enterprise-search").fill("da sy");
  await expect(byId(page, "enterprise-row")).toHaveCount(1);
  await expect(byId(page, "enterprise-row")).toContainText("Đa Sỹ");
  await byId(page, "nav-home").click();
  await byId(page, "home-search").fill("kim lan");
  await expect(byId(page, "assessment-row")).toHaveCount(1);
});

test("bad input in the enterprise form is refused by Rust and nothing is saved", async ({ page }) => {
  await open(page, "/enterprises");
  await byId(page, "enterprise-new").click();
  await byId(page, "enterprise-form-capacity").fill("12abc");
  await byId(page, "enterprise-form-employees").fill("-3");
  // Contacts and the tax code are checked by Rust, each with its own message.
  await byId(page, "enterprise-form-tax-code").fill("010123456");
  await byId(page, "enterprise-form-contact-phone").fill("gọi anh Hà");
  await byId(page, "enterprise-form-contact-email").fill("ha.nguyen@kimlan");
  await byId(page, "enterprise-save").click();
  await expect(byId(page, "enterprise-form-name-error")).toHaveText("Cần nhập ô này.");
  await expect(byId(page, "enterprise-form-tax-code-error")).toContainText("Mã số thuế gồm 10 chữ số");
  await expect(byId(page, "enterprise-form-contact-phone-error")).toContainText("Không phải số điện thoại");
  await expect(byId(page, "enterprise-form-contact-email-error")).toContainText("Không phải địa chỉ thư điện tử");
  await expect(byId(page, "enterprise-form-capacity-error")).toHaveText("Không phải là số.");
  await expect(byId(page, "enterprise-form-employees-error")).toBeVisible();
  // A number too large says the largest allowed, in vi-VN digits.
  await byId(page, "enterprise-form-capacity").fill("2.000.000.000.000.000");
  await byId(page, "enterprise-save").click();
  await expect(byId(page, "enterprise-form-capacity-error")).toHaveText("Quá lớn (tối đa 1.000.000.000.000.000).");
  // A 10 MB paste into a text field is stopped before it reaches the box, with a clear error.
  await byId(page, "enterprise-form-products").evaluate((el) => {
    const data = new DataTransfer();
    data.setData("text/plain", "gốm ".repeat(2_500_000));
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    el.dispatchEvent(event);
    (el as HTMLElement).dataset.pasteRefused = String(event.defaultPrevented);
  });
  await expect(byId(page, "enterprise-form-products")).toHaveAttribute("data-paste-refused", "true");
  await expect(byId(page, "enterprise-form-products-error")).toContainText("quá dài");
  await expect(byId(page, "enterprise-form-products")).toHaveValue("");
  // Were such a text sent anyway, Rust refuses it with a field error and writes nothing.
  const refused = await page.request.post("/api/call", {
    headers: { "x-sxsh-token": "e2e-token" },
    data: {
      method: "row.create",
      params: {
        entity: "enterprise",
        row: { id: "", kind: "enterprise", name: "Hộ thử", main_products: "gốm ".repeat(2_500_000) },
      },
    },
  });
  expect(refused.status()).toBe(422);
  const body = await refused.json();
  expect(body.error.code).toBe("VALIDATION_FAILED");
  expect(body.error.field_errors).toEqual([expect.objectContaining({ field: "main_products", code: "too_long" })]);
  // Without the token, or from another web site's page, nothing is answered.
  const noToken = await page.request.post("/api/call", { data: { method: "info" } });
  expect(noToken.status()).toBe(403);
  const foreign = await page.request.post("/api/call", {
    headers: { "x-sxsh-token": "e2e-token", origin: "https://evil.example" },
    data: { method: "info" },
  });
  expect(foreign.status()).toBe(403);
  // Nothing of it reached the database.
  await byId(page, "nav-enterprises").click();
  // The demo's 3 enterprises, and any an earlier spec made (the cassava mill).
  const enterprises = await rpc<any[]>(page, "enterprise.list", {});
  expect(enterprises.length).toBeGreaterThanOrEqual(3);
  await expect(byId(page, "enterprise-row")).toHaveCount(enterprises.length);
});

test("a whole quick assessment, kept across a reload, then in English", async ({ page }) => {
  const name = "Hộ gốm Nguyễn Thị Hồng Nhung";
  await open(page, "/enterprises");
  await byId(page, "enterprise-new").click();
  await byId(page, "enterprise-form-name").fill(name);
  await byId(page, "enterprise-form-craft-village").fill("Làng gốm Bát Tràng");
  await byId(page, "enterprise-form-sector").selectOption("pottery");
  await byId(page, "enterprise-form-products").fill("Bát, đĩa, lọ hoa men rạn");
  await byId(page, "enterprise-save").click();
  await expect(byId(page, "page-enterprise")).toBeVisible();
  await byId(page, "assessment-new-for-enterprise").click();

  // (a) Profile and baseline: production and one input with its price.
  await expect(byId(page, "page-assessment")).toBeVisible();
  await expect(byId(page, "assessment-enterprise-link")).toContainText(name);
  const assessmentUrl = page.url();
  await byId(page, "assessment-form-production").fill("120");
  await byId(page, "assessment-form-production-unit").selectOption("t");
  await byId(page, "flow-new-in").click();
  const flow = byId(page, "flow-row").first();
  await flow.getByTestId("flow-category").selectOption("electricity");
  await flow.getByTestId("flow-name").fill("Điện lưới cho lò điện");
  await flow.getByTestId("flow-quantity").fill("18.000");
  await flow.getByTestId("flow-unit").selectOption("kWh");
  await flow.getByTestId("flow-period").selectOption("year");
  await flow.getByTestId("flow-price").fill("1.900");
  await flow.getByTestId("flow-price").blur();
  await saved(page);
  // The row's cost is Rust's figure of the stored row: 18.000 kWh × 1.900 đ.
  await expect(flow.getByTestId("flow-cost")).toContainText("34.200.000");

  // (b) Walk-through: the sector's checklist is chosen; answers, a note, a photo, a quick win.
  await byId(page, "stage-b").click();
  await expect(byId(page, "checklist-pottery_kiln")).toBeVisible();
  await byId(page, "item-PK-CP-01-yes").click();
  await byId(page, "item-PK-CP-01-note").fill("Kho có mái, nền bê tông, chia ô theo loại đất.");
  await saved(page);
  await byId(page, "item-PK-CP-01-photos-input").setInputFiles(photo);
  await expect(byId(page, "item-PK-CP-01").getByTestId("photo")).toHaveCount(1, { timeout: 20_000 });
  await byId(page, "item-PK-CP-02-no").click();
  await saved(page);
  await byId(page, "item-PK-CP-02-quickwin").click();
  await expect(byId(page, "item-PK-CP-02-option-link")).toBeVisible();
  await shot(page, "walkthrough", "page-assessment");
  // A file that is not a photo is refused with Rust's field error.
  await byId(page, "item-PK-CP-01-photos-input").setInputFiles({
    name: "ghi-chu.txt",
    mimeType: "image/jpeg",
    buffer: Buffer.from("không phải ảnh"),
  });
  await expect(byId(page, "item-PK-CP-01-photos-error")).toContainText("Không phải ảnh JPEG hoặc PNG");
  await expect(byId(page, "item-PK-CP-01").getByTestId("photo")).toHaveCount(1);

  // (c) Inputs and outputs with specific consumption against the benchmark.
  await byId(page, "stage-c").click();
  await expect(byId(page, "specific-row").first()).toBeVisible();
  await expect(byId(page, "specific-value").first()).toHaveText(/^150\b/); // 18.000 kWh / 120 t
  // Every carrier together, converted by Rust: 18.000 kWh × 3,6 MJ = 64,8 GJ / 120 t.
  await expect(byId(page, "specific-energy")).toContainText("0,54 GJ/t");
  await expect(byId(page, "specific-energy")).toContainText("150 kWh/t");

  // (d) Options: the quick win is there, tagged with the item's technique (PC, process control);
  // a new option with live economics.
  await byId(page, "stage-d").click();
  await expect(byId(page, "option-row")).toHaveCount(1);
  await expect(byId(page, "option-row").first().getByTestId("option-technique-PC")).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await byId(page, "option-new").click();
  const option = byId(page, "option-row").nth(1);
  await option.getByTestId("option-title").fill("Lót bông gốm cách nhiệt cửa lò điện");
  await option.getByTestId("option-technique-EM").click();
  await expect(option.getByTestId("option-technique-EM")).toHaveAttribute("aria-pressed", "true");
  await option.getByTestId("option-investment").fill("6.000.000");
  await option.getByTestId("option-saving-add").click();
  const saving = option.getByTestId("saving-row").first();
  await saving.getByTestId("saving-resource").selectOption("electricity");
  await saving.getByTestId("saving-quantity").fill("-5");
  await saving.getByTestId("saving-quantity").blur();
  await expect(saving.getByTestId("saving-quantity-error")).toBeVisible();
  await saving.getByTestId("saving-quantity").fill("2.700");
  await saving.getByTestId("saving-unit").selectOption("kWh");
  await saving.getByTestId("saving-price").fill("1.900");
  await saving.getByTestId("saving-price").blur();
  await saved(page);
  // 6.000.000 đ / (2.700 kWh × 1.900 đ = 5.130.000 đ/year) = 1,17 years, shown as 1,2;
  // the grid factor's year is shown with the CO2.
  await expect(option.getByTestId("option-payback")).toHaveText("1,2 năm");
  await expect(option.getByTestId("option-net-savings")).toContainText("5.130.000");
  await expect(option.getByTestId("option-co2")).not.toBeEmpty();
  await expect(byId(page, "grid-factor-used")).toContainText(/20\d\d/);
  await shot(page, "options", "options-summary");

  // (e) Focus and next steps.
  await byId(page, "stage-e").click();
  await byId(page, "focus-recommendation").fill("Trọng tâm đánh giá chi tiết: lò nung điện và khâu sấy mộc.");
  await byId(page, "next-steps").fill("Lắp công tơ riêng cho lò; ghi sổ mẻ nung trong 1 tháng.");
  await saved(page);

  // (f) The report: a real PDF with the enterprise's name.
  await byId(page, "stage-f").click();
  const [download] = await Promise.all([page.waitForEvent("download"), byId(page, "report-export").click()]);
  const pdf = path.join(screens, "quick-report.pdf");
  await download.saveAs(pdf);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" });
  expect(text.normalize("NFC")).toContain(name);
  expect(text.normalize("NFC")).toContain("Lót bông gốm cách nhiệt cửa lò điện");

  // Reload: everything is read back from SQLite.
  await page.goto(assessmentUrl.replace(/#.*/, "") + "#/" + assessmentUrl.split("#/")[1]);
  await page.reload();
  await expect(byId(page, "assessment-enterprise-link")).toContainText(name);
  await expect(byId(page, "assessment-form-production")).toHaveValue("120");
  await expect(byId(page, "flow-row").first().getByTestId("flow-name")).toHaveValue("Điện lưới cho lò điện");
  await byId(page, "stage-b").click();
  await expect(byId(page, "item-PK-CP-01-yes")).toHaveAttribute("aria-checked", "true");
  await expect(byId(page, "item-PK-CP-01-note")).toHaveValue("Kho có mái, nền bê tông, chia ô theo loại đất.");
  await expect(byId(page, "item-PK-CP-01").getByTestId("photo")).toHaveCount(1);
  await expect(byId(page, "item-PK-CP-02-no")).toHaveAttribute("aria-checked", "true");
  await byId(page, "stage-d").click();
  await expect(byId(page, "option-row")).toHaveCount(2);
  await expect(byId(page, "option-row").nth(1).getByTestId("option-title")).toHaveValue(
    "Lót bông gốm cách nhiệt cửa lò điện",
  );
  await byId(page, "stage-e").click();
  await expect(byId(page, "next-steps")).toHaveValue("Lắp công tơ riêng cho lò; ghi sổ mẻ nung trong 1 tháng.");

  // English, stored in the database: it stays after a reload.
  await byId(page, "nav-settings").click();
  await shot(page, "settings");
  await byId(page, "lang-select").selectOption("en");
  await saved(page);
  await page.reload();
  await expect(byId(page, "nav-home")).toContainText("Home");
  await byId(page, "nav-home").click();
  await expect(byId(page, "recent-table")).toContainText(name);
  await shot(page, "home-en");
  await byId(page, "nav-settings").click();
  await byId(page, "lang-select").selectOption("vi");
  await saved(page);
});

test("the last keystroke is saved when the page is closed at once", async ({ page, context }) => {
  await open(page, "/enterprises");
  await byId(page, "enterprise-search").fill("da sy");
  // Wait for the filtered list: the first row before it is another enterprise.
  await expect(byId(page, "enterprise-row")).toHaveCount(1);
  await byId(page, "enterprise-row").first().click();
  await expect(byId(page, "page-enterprise")).toBeVisible();
  const products = byId(page, "enterprise-form-products");
  await products.fill("Dao, kéo, liềm, cuốc — thêm ngay trước khi đóng");
  await page.close({ runBeforeUnload: true }); // no wait for the debounce
  const again = await context.newPage();
  await open(again, "/enterprises");
  await byId(again, "enterprise-search").fill("da sy");
  await expect(byId(again, "enterprise-row")).toHaveCount(1);
  await byId(again, "enterprise-row").first().click();
  await expect(byId(again, "enterprise-form-products")).toHaveValue("Dao, kéo, liềm, cuốc — thêm ngay trước khi đóng");
});

test("a row changed underneath shows at once and the value being typed is kept and saved", async ({ page }) => {
  const [pottery] = await rpc(page, "assessment.recent", { query: "Đào Việt Bình" });
  const aid: string = pottery.assessment.id;
  await reopen(page, aid);
  const doc = await rpc(page, "assessment.open", { id: aid });
  const flow = doc.flows[0];
  await open(page, `/assessment/${aid}/a`);
  const row = page.locator(`[data-flow-id="${flow.id}"]`);
  await expect(row.getByTestId("flow-name")).toHaveValue(flow.name);
  // The consultant types a quantity (not saved yet: the save waits for a pause) …
  const quantity = row.getByTestId("flow-quantity");
  await quantity.fill("");
  await quantity.pressSequentially("4.321", { delay: 20 });
  // … while the name of the same row changes underneath, through the API, as a sync pull does.
  const renamed = "Đất sét Trúc Thôn (đổi trên máy khác)";
  const t0 = Date.now();
  await rpc(page, "row.patch", { entity: "flow", id: flow.id, fields: { name: renamed }, base: flow.versions });
  await expect(row.getByTestId("flow-name")).toHaveValue(renamed, { timeout: 1_000 });
  const shownAfter = Date.now() - t0;
  console.log(`row changed underneath shown after ${shownAfter} ms`);
  await expect(quantity).toHaveValue("4.321");
  await saved(page);
  // Both edits are stored: the typed quantity did not write the old name back.
  const after = await rpc(page, "assessment.open", { id: aid });
  const stored = after.flows.find((f: { id: string }) => f.id === flow.id);
  expect(stored.name).toBe(renamed);
  expect(stored.quantity).toBe(4321);
  // And after a reload the screen shows both.
  await page.reload();
  await expect(row.getByTestId("flow-name")).toHaveValue(renamed);
  await expect(quantity).toHaveValue("4.321");
});

test("an assessment's programme is chosen from the programmes on the device", async ({ page }) => {
  await open(page);
  const [programme] = await rpc<any[]>(page, "programme.list", {});
  expect(programme.name).toBeTruthy();
  await byId(page, "assessment-row").filter({ hasText: "Kim Lan" }).first().click();
  await expect(byId(page, "page-assessment")).toBeVisible();
  const select = byId(page, "assessment-form-programme");
  await expect(select).toHaveValue(programme.id);
  await expect(select.locator("option")).toHaveCount(2);
  const [row] = await rpc<any[]>(page, "assessment.recent", { query: "Kim Lan" });
  const id: string = row.assessment.id;
  await reopen(page, id);

  await select.selectOption("");
  await saved(page);
  expect((await rpc(page, "assessment.open", { id })).assessment.programme_id).toBeNull();
  await select.selectOption(programme.id);
  await saved(page);
  expect((await rpc(page, "assessment.open", { id })).assessment.programme_id).toBe(programme.id);
});

test("a coal-to-LPG kiln: the added fuel is netted with both sides shown, an unknown investment is said so, and a cash-flow series drives NPV and IRR", async ({ page }) => {
  const [pottery] = await rpc(page, "assessment.recent", { query: "Đào Việt Bình" });
  const aid: string = pottery.assessment.id;
  await reopen(page, aid);
  const before: number = (await rpc(page, "assessment.open", { id: aid })).options.length;
  await open(page, `/assessment/${aid}/d`);
  await expect(byId(page, "option-row")).toHaveCount(before);
  await byId(page, "option-new").click();
  const option = byId(page, "option-row").nth(before);
  await option.getByTestId("option-title").fill("Chuyển lò nung than sang lò gas");
  await saved(page);
  // No saving line yet: "no savings data yet", never "0 đ" or "never paid back".
  await expect(option.getByTestId("option-net-savings")).toHaveText("Chưa có số liệu tiết kiệm");
  await expect(option.getByTestId("option-payback")).toHaveText("Chưa có số liệu tiết kiệm");
  // The investment is left empty: not known yet.
  await expect(option.getByTestId("option-investment")).toHaveAttribute("placeholder", "Chưa biết");
  for (const [fuel, quantity, price, added] of [
    ["anthracite", "15", "3.000.000", false],
    ["lpg", "5", "17.000.000", true],
  ] as const) {
    await option.getByTestId("option-saving-add").click();
    const line = option.getByTestId("saving-row").last();
    await line.getByTestId("saving-resource").selectOption("fuel");
    await line.getByTestId("saving-fuel").selectOption(fuel);
    await line.getByTestId("saving-quantity").fill(quantity);
    await line.getByTestId("saving-unit").selectOption("t");
    await line.getByTestId("saving-price").fill(price);
    if (added) await line.getByTestId("saving-added").check();
  }
  await option.getByTestId("saving-price").last().blur();
  await saved(page);
  // 15 t anthracite saved (39,37 tCO2, 9 TOE), 5 t LPG added (14,92 tCO2, 5,45 TOE): net
  // 24,45 tCO2 and 3,55 TOE, with both sides shown; the figures are Rust's.
  // Shown with three significant figures (the one rule for computed figures).
  await expect(option.getByTestId("option-co2")).toContainText(/^24,4 /);
  await expect(option.getByTestId("option-co2-sides")).toContainText("39,4");
  await expect(option.getByTestId("option-co2-sides")).toContainText("14,9");
  await expect(option.getByTestId("option-toe")).toContainText("3,55");
  // 15 × 3.000.000 − 5 × 17.000.000 = −40.000.000 đ a year: the gas costs more than the coal.
  await expect(option.getByTestId("option-net-savings")).toContainText("-40.000.000");
  await expect(option.getByTestId("option-payback")).toHaveText("Chưa tính được (chưa có vốn đầu tư)");
  await expect(option.getByTestId("option-npv")).toHaveText("Chưa tính được (chưa có vốn đầu tư)");
  let stored = (await rpc(page, "assessment.open", { id: aid })).options.find((o: { title: string }) => o.title.startsWith("Chuyển lò"));
  expect(stored.investment_vnd).toBeNull();
  expect(stored.savings.map((s: { fuel_code: string; added: boolean }) => [s.fuel_code, s.added])).toEqual([
    ["anthracite", false],
    ["lpg", true],
  ]);
  expect(stored.savings[0].coal_grade).toBe("");
  // The coal is grade 1–2 here: its MOIT factor (0,7 TOE/t) replaces the default grade 3–4
  // (0,6): 15 × 0,7 − 5,45 = 5,05 TOE net.
  await option.getByTestId("saving-coal-grade").selectOption("1_2");
  await saved(page);
  await expect(option.getByTestId("option-toe")).toContainText("5,05");
  const graded = (await rpc(page, "assessment.open", { id: aid })).options.find((o: { id: string }) => o.id === stored.id);
  expect(graded.savings[0].coal_grade).toBe("1_2");
  await option.scrollIntoViewIfNeeded();
  await shot(page, "option-fuel-switch");

  // A cash-flow series (million đ): −600, 200, 200, −40, 200, 200, 250 at the assessment's rate.
  await option.locator("summary").click();
  await option.getByTestId("cash-flows-use").click();
  const flows = ["-600.000.000", "200.000.000", "200.000.000", "-40.000.000", "200.000.000", "200.000.000", "250.000.000"];
  for (let i = 2; i < flows.length; i++) await option.getByTestId("cash-flows-add-year").click();
  for (const [i, v] of flows.entries()) await option.getByTestId(`cash-flow-${i}`).fill(v);
  await option.getByTestId(`cash-flow-${flows.length - 1}`).blur();
  await saved(page);
  stored = (await rpc(page, "assessment.open", { id: aid })).options.find((o: { id: string }) => o.id === stored.id);
  expect(stored.cash_flows_vnd).toEqual([-600e6, 200e6, 200e6, -40e6, 200e6, 200e6, 250e6]);
  const calcs = await rpc(page, "assessment.calcs", { id: aid });
  const e = calcs.options.find((o: { option_id: string }) => o.option_id === stored.id).result.economics;
  expect(e.from_cash_flows).toBe(true);
  expect(e.payback).toEqual({ kind: "years", years: expect.closeTo(4.2, 9) });
  // What the screen shows is that figure, formatted: NPV, the exact IRR and the interpolated one.
  await expect(option.getByTestId("option-npv")).toHaveText(new Intl.NumberFormat("vi-VN").format(e.npv_vnd) + " đ");
  await expect(option.getByTestId("option-payback")).toHaveText("4,2 năm");
  await expect(option.getByTestId("option-irr")).toContainText("16,2");
  await expect(option.getByTestId("option-irr-textbook")).toContainText("16 %");
  await expect(option.getByTestId("option-irr-textbook")).toContainText("17 %");
});

/** Polls a background job until it is no longer running; returns it. */
async function finished(page: Page, id: string) {
  let job: any;
  await expect
    .poll(async () => {
      job = await rpc(page, "job.get", { id });
      return job.state;
    }, { timeout: 30_000 })
    .not.toBe("running");
  expect(job.state, JSON.stringify(job.error)).toBe("done");
  return job;
}

test("after a restore underneath the open page, editing another field never writes a pre-restore value back", async ({ page }) => {
  const [pottery] = await rpc(page, "assessment.recent", { query: "Đào Việt Bình" });
  const aid: string = pottery.assessment.id;
  await reopen(page, aid);
  await open(page, `/assessment/${aid}/e`);
  const rec = byId(page, "focus-recommendation");
  const next = byId(page, "next-steps");
  // The state the backup keeps.
  const kept = "Trước khi sao lưu: trọng tâm là lò nung và khâu sấy.";
  await rec.fill(kept);
  await saved(page);
  const backup = await finished(page, (await rpc(page, "backup.start", {})).id);
  // Changed after the backup, on this screen: the restore takes it away.
  await rec.fill("Sau khi sao lưu: dòng này sẽ mất khi khôi phục.");
  await saved(page);
  // Restored underneath the open page, as another window would.
  await finished(page, (await rpc(page, "restore.start", { path: backup.path })).id);
  // The open screen shows the restored text before the next edit …
  await expect(rec).toHaveValue(kept, { timeout: 3_000 });
  // … and an edit of another field saves that field only.
  await next.fill("Bước tiếp theo sau khôi phục: đo điện riêng cho lò.");
  await saved(page);
  const doc = await rpc(page, "assessment.open", { id: aid });
  expect(doc.assessment.focus_recommendation).toBe(kept);
  expect(doc.assessment.next_steps).toBe("Bước tiếp theo sau khôi phục: đo điện riêng cho lò.");
  // And after a reload too.
  await page.reload();
  await expect(rec).toHaveValue(kept);
});

test("a refused edit stays visible across a stage switch, the header says so with a link back, and the stored value is kept", async ({ page }) => {
  const [pottery] = await rpc(page, "assessment.recent", { query: "Đào Việt Bình" });
  const aid: string = pottery.assessment.id;
  await reopen(page, aid);
  const stored = async () => (await rpc(page, "assessment.open", { id: aid })).flows as any[];
  const flow = (await stored()).find((f) => f.unit_price_vnd !== null);
  await open(page, `/assessment/${aid}/a`);
  const row = page.locator(`[data-flow-id="${flow.id}"]`);
  const price = row.getByTestId("flow-price");
  // Rust's cost of the stored row, once the figures are in.
  await expect(row.getByTestId("flow-cost")).toContainText("đ");
  const cost = await row.getByTestId("flow-cost").textContent();
  await price.fill("-5");
  await price.blur();
  await expect(row.getByTestId("flow-price-error")).toBeVisible();
  await expect(byId(page, "save-state")).toHaveAttribute("data-state", "error");
  // The row's amount is Rust's figure of the stored row, never one of the refused value.
  await expect(row.getByTestId("flow-cost")).toHaveText(cost!);
  // Another stage: the header still says not saved, with the count and a link back.
  await byId(page, "stage-b").click();
  await expect(byId(page, "stage-view-b")).toBeVisible();
  await expect(byId(page, "save-state")).toHaveAttribute("data-state", "error");
  await expect(byId(page, "save-state")).toContainText("Chưa lưu — 1 lỗi");
  expect((await stored()).find((f) => f.id === flow.id).unit_price_vnd).toBe(flow.unit_price_vnd);
  // The link brings the field back with the text typed and its error.
  await byId(page, "save-refused-link").click();
  await expect(price).toHaveValue("-5");
  await expect(row.getByTestId("flow-price-error")).toBeVisible();
  // A reload keeps it too.
  await page.reload();
  await expect(price).toHaveValue("-5");
  await expect(row.getByTestId("flow-price-error")).toBeVisible();
  await expect(byId(page, "save-state")).toHaveAttribute("data-state", "error");
  // Fixed: saved, and the header says so.
  await price.fill("4.600");
  await price.blur();
  await saved(page);
  expect((await stored()).find((f) => f.id === flow.id).unit_price_vnd).toBe(4600);
  await expect(byId(page, "save-refused-link")).toHaveCount(0);
});

test("a completed assessment is read-only until «Mở lại để sửa», which says who reopened it and when", async ({ page }) => {
  const aid = DA_SY_DEMO;
  const settings = await rpc(page, "settings.get", {});
  await rpc(page, "settings.save", { settings: { ...settings, consultant: "Trần Thu Hà" } });
  await open(page, `/assessment/${aid}/a`);
  await expect(byId(page, "assessment-locked")).toContainText("Đánh giá đã hoàn thành — chỉ xem.");
  for (const s of ["a", "b", "c", "d", "e", "f"]) await expect(byId(page, `stage-${s}`)).toHaveAttribute("data-status", "done");
  await expect(byId(page, "assessment-form-title")).toBeDisabled();
  await expect(byId(page, "stage-mark-done")).toHaveCount(0);
  // The walk-through is shown, its tools work, its answers and notes are not editable.
  await byId(page, "stage-b").click();
  const item = page.locator("[data-walk-item]").first();
  await expect(item.locator(".seg").first()).toBeDisabled();
  await expect(byId(page, "observation-new")).toBeDisabled();
  await byId(page, "walk-filter-no").click();
  await expect(byId(page, "walk-filter-no")).toHaveAttribute("aria-checked", "true");
  await byId(page, "stage-c").click();
  await expect(byId(page, "flow-new-in")).toBeDisabled();
  // Rust refuses the edit whatever sends it, and nothing changes.
  const before = await rpc(page, "assessment.open", { id: aid });
  const refused = await page.request.post("/api/call", {
    headers: { "x-sxsh-token": "e2e-token" },
    data: { method: "row.patch", params: { entity: "flow", id: before.flows[0].id, fields: { quantity: 1 }, base: before.flows[0].versions } },
  });
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.code).toBe("ASSESSMENT_COMPLETED");
  expect(await rpc(page, "assessment.open", { id: aid })).toEqual(before);

  await byId(page, "assessment-reopen").click();
  await expect(byId(page, "assessment-reopened")).toContainText("Đã mở lại để sửa bởi Trần Thu Hà lúc");
  await expect(byId(page, "assessment-locked")).toHaveCount(0);
  await expect(byId(page, "assessment-status")).toContainText("Đang thực hiện");
  await expect(byId(page, "flow-new-in")).toBeEnabled();
  // Reopened, each stage shows where it really stands: the walk answered 11 of 29 items.
  await byId(page, "stage-b").click();
  await expect(byId(page, "stage-b")).toHaveAttribute("data-status", "in_progress");
  await expect(byId(page, "stage-missing")).toContainText("Còn 18 mục chưa trả lời");
  await byId(page, "stage-a").click();
  await byId(page, "assessment-form-title").fill("Đánh giá nhanh SXSH – Hộ rèn Đa Sỹ (mở lại)");
  await saved(page);
  expect((await rpc(page, "assessment.open", { id: aid })).assessment.title).toBe("Đánh giá nhanh SXSH – Hộ rèn Đa Sỹ (mở lại)");
  await page.reload();
  await expect(byId(page, "assessment-reopened")).toContainText("Trần Thu Hà");
  await shot(page, "reopened", "assessment-reopened");
  await rpc(page, "settings.save", { settings });
});

test("stages are marked done in order, each saying what it still needs; a note and a photo may come before the answer", async ({ page }) => {
  const created = await rpc(page, "assessment.create", { enterprise_id: KIM_LAN_ENTERPRISE, kind: "quick" });
  const aid: string = created.id;
  await open(page, `/assessment/${aid}/a`);
  await expect(byId(page, "stage-a")).toHaveAttribute("data-status", "in_progress");
  await expect(byId(page, "stage-mark-done")).toBeDisabled();
  await expect(byId(page, "stage-missing")).toContainText("Ít nhất một đầu vào");
  // Production and an input flow arrive (as from another window): the list follows.
  await expect(byId(page, "stage-missing")).toContainText("Sản lượng trong kỳ và đơn vị");
  await byId(page, "assessment-form-production").fill("120");
  await byId(page, "assessment-form-production-unit").selectOption("t");
  await saved(page);
  await rpc(page, "row.create", {
    entity: "flow",
    row: { id: "", assessment_id: aid, step_id: null, direction: "in", category: "fuel", name: "Than cám", quantity: 30, unit: "t", period: "baseline", unit_price_vnd: 2_500_000, fuel_code: "anthracite", source: "records", note: "", coal_grade: "" },
  });
  await expect(byId(page, "stage-missing")).toHaveCount(0);
  await expect(byId(page, "stage-a")).toHaveAttribute("data-status", "ready");
  await byId(page, "stage-mark-done").click();
  await expect(byId(page, "stage-a")).toHaveAttribute("data-status", "done");
  await expect(byId(page, "stage-mark")).toContainText("Đã xong");

  // The flows stage has what it needs but waits for the walk-through before it.
  await rpc(page, "row.create", {
    entity: "flow",
    row: { id: "", assessment_id: aid, step_id: null, direction: "out", category: "product", name: "Gốm mỹ nghệ", quantity: 100, unit: "t", period: "baseline", unit_price_vnd: null, fuel_code: "", source: "records", note: "", coal_grade: "" },
  });
  await byId(page, "stage-c").click();
  await expect(byId(page, "stage-missing")).toContainText("Bước «Khảo sát hiện trường» chưa xong");
  await expect(byId(page, "stage-mark-done")).toBeDisabled();
  await byId(page, "stage-f").click();
  await expect(byId(page, "assessment-complete")).toBeDisabled();

  // A note and a photo before the item is answered; it stays unanswered.
  await byId(page, "stage-b").click();
  await byId(page, "checklist-pick-pottery_kiln").check();
  const item = page.locator("[data-walk-item]").first();
  const code = (await item.getAttribute("data-walk-item"))!;
  await byId(page, `item-${code}-note`).fill("Cửa lò hở khe lớn, chưa hỏi được chủ lò");
  await byId(page, `item-${code}-photos-input`).setInputFiles(photo);
  await expect(item.getByTestId("photo")).toHaveCount(1);
  await saved(page);
  await expect(item).toHaveAttribute("data-answer", "open");
  await page.reload();
  await expect(byId(page, `item-${code}-note`)).toHaveValue("Cửa lò hở khe lớn, chưa hỏi được chủ lò");
  const doc = await rpc(page, "assessment.open", { id: aid });
  const response = doc.checklist_responses.find((r: any) => r.item_code === code);
  expect(response.answer).toBeNull();
  expect(doc.attachments.filter((a: any) => a.owner_id === response.id)).toHaveLength(1);
  await expect(byId(page, "walk-progress")).toContainText("0/31");
  await byId(page, `item-${code}-no`).click();
  await expect(byId(page, "walk-progress")).toContainText("1/31");
  await shot(page, "stage-marks", "stepper");
});

test("a deleted photo, flow or observation comes back with Hoàn tác, in the screen and in Rust", async ({ page }) => {
  const aid = KIM_LAN_DEMO;
  await reopen(page, aid);
  const doc = async () => rpc(page, "assessment.open", { id: aid });
  const observation = (await doc()).observations[0];
  const stored = await rpc(page, "attachment.import", {
    input: { owner_entity: "observation", owner_id: observation.id, caption: "Vết nứt vỏ lò", original_name: "kiln.jpg", taken_at: null },
    name: "kiln.jpg",
    data_base64: readFileSync(photo).toString("base64"),
  });
  await open(page, `/assessment/${aid}/b`);
  // The screen lists the observations in the document's order.
  const obs = byId(page, "observation-row").first();
  await expect(obs.getByTestId("observation-text")).toHaveValue(observation.text);
  await expect(obs.getByTestId("photo")).toHaveCount(1);
  await obs.getByTestId("photo-remove").click();
  await expect(obs.getByTestId("photo")).toHaveCount(0);
  await expect(byId(page, "undo-toast")).toContainText("Đã xóa ảnh «Vết nứt vỏ lò»");
  expect((await doc()).attachments.some((a: any) => a.id === stored.id)).toBe(false);
  await byId(page, "undo-button").click();
  await expect(obs.getByTestId("photo")).toHaveCount(1);
  await expect(byId(page, "undo-toast")).toHaveCount(0);
  expect((await doc()).attachments.find((a: any) => a.id === stored.id)?.caption).toBe("Vết nứt vỏ lò");

  // A flow: gone from the table and from the figures, then back with its values.
  await byId(page, "stage-a").click();
  const flow = (await doc()).flows[0];
  const row = page.locator(`[data-flow-id="${flow.id}"]`);
  await row.getByTestId("flow-delete").click();
  await expect(row).toHaveCount(0);
  await expect(byId(page, "undo-toast")).toContainText(flow.name);
  expect((await doc()).flows.some((f: any) => f.id === flow.id)).toBe(false);
  await byId(page, "undo-button").click();
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("flow-name")).toHaveValue(flow.name);
  const back = (await doc()).flows.find((f: any) => f.id === flow.id);
  expect(back.quantity).toBe(flow.quantity);
  expect(back.unit_price_vnd).toBe(flow.unit_price_vnd);
});

test("the walk-through driven from the keyboard: ten answers, filters, jump, collapse, and a quick win that is no longer needed", async ({ page }) => {
  const created = await rpc(page, "assessment.create", { enterprise_id: "019582c9-8600-7ec6-9bdd-c2ba7a1153af", kind: "quick" });
  const aid: string = created.id;
  await open(page, `/assessment/${aid}/b`);
  await byId(page, "checklist-pick-pottery_kiln").check();
  const items = page.locator("[data-walk-item]");
  await expect(items).toHaveCount(31);
  // 1 / 2 / 3 answer có / không / không áp dụng; J moves to the next item.
  const keys = ["1", "2", "3", "1", "2", "1", "1", "2", "3", "1"];
  const expected = { "1": "yes", "2": "no", "3": "na" } as const;
  await items.first().focus();
  for (const [i, k] of keys.entries()) {
    await page.keyboard.press(k);
    await expect(items.nth(i)).toHaveAttribute("data-answer", expected[k as "1" | "2" | "3"]);
    if (i < keys.length - 1) await page.keyboard.press("j");
  }
  // K goes back one; the focus moved with the keys.
  await page.keyboard.press("k");
  await expect(items.nth(8)).toBeFocused();
  await saved(page);
  const ids = await items.evaluateAll((els) => els.slice(0, 10).map((e) => (e as HTMLElement).dataset.walkItem));
  const doc = await rpc(page, "assessment.open", { id: aid });
  const stored = new Map<string, string>(doc.checklist_responses.map((r: any) => [r.item_code, r.answer]));
  expect(ids.map((id) => stored.get(id!))).toEqual(keys.map((k) => expected[k as "1" | "2" | "3"]));
  await expect(byId(page, "walk-progress")).toContainText("10/31");

  // Filters: the "không" answers, then what is not answered yet.
  await byId(page, "walk-filter-no").click();
  await expect(items).toHaveCount(3);
  await byId(page, "walk-filter-open").click();
  await expect(items).toHaveCount(21);
  // An item answered under "chưa trả lời" stays until the filter is chosen again.
  await items.first().focus();
  await page.keyboard.press("1");
  await expect(items).toHaveCount(21);
  await byId(page, "walk-filter-open").click();
  await expect(items).toHaveCount(20);
  await byId(page, "walk-filter-all").click();
  await expect(items).toHaveCount(31);

  // Jump to an area: its first item takes the focus. Collapse it: its items are hidden.
  await byId(page, "walk-jump").selectOption({ label: "Nung" });
  const firing = page.locator('[data-area="pottery_kiln/firing"]');
  await expect(firing.locator("[data-walk-item]").first()).toBeFocused();
  await firing.getByTestId("area-toggle-firing").click();
  await expect(firing.locator("[data-walk-item]")).toHaveCount(0);
  await firing.getByTestId("area-toggle-firing").click();

  // A quick win made from a "không", then the item turns "có": flagged and removable.
  const second = items.nth(1);
  const code = await second.getAttribute("data-walk-item");
  await byId(page, `item-${code}-quickwin`).click();
  await expect(byId(page, `item-${code}-option-link`)).toBeVisible();
  await second.focus();
  await page.keyboard.press("1");
  await expect(byId(page, `item-${code}-orphan-win`)).toBeVisible();
  await saved(page);
  await byId(page, `item-${code}-orphan-remove`).click();
  await expect(byId(page, `item-${code}-orphan-win`)).toHaveCount(0);
  await expect(byId(page, "undo-toast").last()).toContainText("Đã xóa giải pháp");
  expect((await rpc(page, "assessment.open", { id: aid })).options).toHaveLength(0);
});

test("small dead ends: a new enterprise from the picker's search, and the photo viewer's previous, next and caption", async ({ page }) => {
  await open(page);
  await byId(page, "assessment-new").click();
  await byId(page, "enterprise-picker-search").fill("Hộ gốm Nguyễn Văn Tư");
  await expect(byId(page, "enterprise-pick-row")).toHaveCount(0);
  await byId(page, "enterprise-picker-add").click();
  await expect(byId(page, "page-enterprise-new")).toBeVisible();
  await expect(byId(page, "enterprise-form-name")).toHaveValue("Hộ gốm Nguyễn Văn Tư");

  const aid = KIM_LAN_DEMO;
  await reopen(page, aid);
  const observation = (await rpc(page, "assessment.open", { id: aid })).observations[0];
  const ids: string[] = [];
  for (const [i, caption] of ["Mặt sau lò", ""].entries()) {
    // Two different files (the same photo with a byte after its end).
    const bytes = Buffer.concat([readFileSync(photo), Buffer.from([i])]);
    const stored = await rpc(page, "attachment.import", {
      input: { owner_entity: "observation", owner_id: observation.id, caption, original_name: "IMG_2001.jpg", taken_at: null },
      name: "IMG_2001.jpg",
      data_base64: bytes.toString("base64"),
    });
    ids.push(stored.id);
  }
  // The observation may hold photos of earlier tests: ours are the last two.
  const total = (await rpc(page, "assessment.open", { id: aid })).attachments.filter((a: any) => a.owner_id === observation.id).length;
  await open(page, `/assessment/${aid}/b`);
  const obs = byId(page, "observation-row").first();
  await obs.getByTestId("photo-thumb").nth(total - 2).click();
  const viewer = byId(page, "photo-viewer");
  await expect(viewer.getByTestId("viewer-position")).toHaveText(`${total - 1} / ${total}`);
  await viewer.getByTestId("viewer-next").click();
  await expect(viewer.getByTestId("viewer-position")).toHaveText(`${total} / ${total}`);
  // The second has no caption: titled as such, never by its file name; captioned here.
  await expect(viewer).not.toContainText("IMG_2001");
  await viewer.getByTestId("photo-caption").fill("Cửa lò hở");
  await saved(page);
  const stored = (await rpc(page, "assessment.open", { id: aid })).attachments.find((a: any) => a.id === ids[1]);
  expect(stored.caption).toBe("Cửa lò hở");
  await viewer.getByTestId("viewer-prev").click();
  await expect(viewer.getByTestId("viewer-position")).toHaveText(`${total - 1} / ${total}`);
  await expect(viewer.getByTestId("photo-caption")).toHaveValue("Mặt sau lò");
});

test("in a browser a backup downloads as a file and a restore uploads one, with no path typed", async ({ page }) => {
  const aid = KIM_LAN_DEMO;
  await reopen(page, aid);
  const before = (await rpc(page, "assessment.open", { id: aid })).assessment.scope as string;
  await open(page, "/settings");
  await byId(page, "backup-start").click();
  await expect(byId(page, "backup-progress")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  const downloading = page.waitForEvent("download");
  await byId(page, "backup-download").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.sxshbak$/);
  const file = path.join(root, "target/e2e-results/downloaded.sxshbak");
  await download.saveAs(file);
  expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
  // A change after the backup; restoring the downloaded file takes it away.
  const a = (await rpc(page, "assessment.open", { id: aid })).assessment;
  await rpc(page, "row.patch", { entity: "assessment", id: aid, fields: { scope: "Đổi sau khi sao lưu" }, base: a.versions });
  await byId(page, "restore-file").setInputFiles(file);
  await byId(page, "restore-start").click();
  await byId(page, "confirm-ok").click();
  await expect(byId(page, "restore-progress")).toHaveAttribute("data-state", "done", { timeout: 30_000 });
  expect((await rpc(page, "assessment.open", { id: aid })).assessment.scope).toBe(before);
});
