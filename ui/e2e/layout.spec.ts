// Nothing clipped: every screen and every stage of the quick assessment, at 1280×800 and at
// 1024×640, in Debian's Chromium against the real backend on the demo data. A text or an input
// wider than its box fails the test with the element named; a table may scroll sideways only
// inside its own scroll box, with its first column sticky. Screenshots of every stage at both
// sizes, and two pages of the Vietnamese quick report, go to docs/screenshots/.
import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const shots = path.join(root, "docs/screenshots/layout");
mkdirSync(shots, { recursive: true });

const KIM_LAN = "019582ce-19e0-7f35-bcef-81f0b907e3b4";
const KIM_LAN_ENTERPRISE = "019582c9-8600-7ec6-9bdd-c2ba7a1153af";
const SEAFOOD = "019511ab-64c0-7310-910a-0ab227ff8d49";

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
];

/** Every screen, with the test id that says it has loaded. */
const SCREENS: { name: string; route: string; ready: string; show?: string }[] = [
  { name: "home", route: "/", ready: "assessment-row" },
  { name: "enterprises", route: "/enterprises", ready: "enterprise-row" },
  { name: "enterprise", route: `/enterprises/${KIM_LAN_ENTERPRISE}`, ready: "enterprise-form" },
  { name: "stage-a", route: `/assessment/${KIM_LAN}/a`, ready: "stage-view-a" },
  { name: "stage-b", route: `/assessment/${KIM_LAN}/b`, ready: "stage-view-b" },
  { name: "stage-c", route: `/assessment/${KIM_LAN}/c`, ready: "stage-view-c" },
  { name: "stage-d", route: `/assessment/${KIM_LAN}/d`, ready: "stage-view-d" },
  { name: "stage-e", route: `/assessment/${KIM_LAN}/e`, ready: "stage-view-e" },
  { name: "stage-f", route: `/assessment/${KIM_LAN}/f`, ready: "stage-view-f" },
  ...["nv1", "nv2", "nv3", "nv4", "nv5", "nv6", "nv7", "nv8", "nv10", "nv11", "nv12", "nv14", "nv15", "nv16", "nv17", "nv18"].map((t) => ({
    name: `detailed-${t}`,
    route: `/assessment/${SEAFOOD}/${t}`,
    ready: `task-view-${t.toUpperCase()}`,
  })),
  // NV13's ranked matrix, NV16's realised-against-expected chart and NV11's tornado sit below
  // their forms: the screenshot shows them.
  { name: "detailed-nv13", route: `/assessment/${SEAFOOD}/nv13`, ready: "task-view-NV13", show: "selection-matrix" },
  { name: "detailed-nv16-chart", route: `/assessment/${SEAFOOD}/nv16`, ready: "task-view-NV16", show: "monitoring-chart" },
  { name: "detailed-nv12-table", route: `/assessment/${SEAFOOD}/nv12`, ready: "task-view-NV12", show: "environment" },
  { name: "detailed-trace", route: `/assessment/${SEAFOOD}/trace`, ready: "task-view-trace" },
  { name: "detailed-report", route: `/assessment/${SEAFOOD}/report`, ready: "task-view-report" },
  { name: "settings", route: "/settings", ready: "settings-form" },
  { name: "conflicts", route: "/conflicts", ready: "page-conflicts" },
];

const byId = (page: Page, id: string) => page.getByTestId(id);

/**
 * Every element whose content is wider than its box (a clipped or spilling text, an input too
 * narrow for its value), a page that scrolls sideways, and a table that scrolls without a sticky
 * first column. Boxes that scroll on purpose (overflow-x auto or scroll) are not faults
 * themselves; what is inside them is still checked.
 */
async function overflows(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const name = (el: Element) => {
      const h = el as HTMLElement;
      const id = h.dataset.testid ? `[data-testid=${h.dataset.testid}]` : "";
      const cls = typeof h.className === "string" && h.className ? `.${h.className.trim().split(/\s+/).join(".")}` : "";
      const text = (h.innerText ?? (h as HTMLInputElement).value ?? "").replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth + 1) {
      out.push(`the page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
    }
    const skip = new Set(["svg", "g", "path", "text", "tspan", "line", "rect", "circle", "option", "img", "canvas", "table", "thead", "tbody", "tr", "colgroup", "col"]);
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const h = el as HTMLElement;
      if (skip.has(el.tagName.toLowerCase())) continue;
      const style = getComputedStyle(h);
      if (style.display === "none" || style.visibility === "hidden" || h.getClientRects().length === 0) continue;
      if (style.overflowX === "auto" || style.overflowX === "scroll") {
        // A table that scrolls keeps its first column in view.
        if (h.scrollWidth > h.clientWidth + 1) {
          const first = h.querySelector("tbody tr > :first-child, thead tr > :first-child");
          if (first && getComputedStyle(first).position !== "sticky") {
            out.push(`${name(h)} scrolls sideways without a sticky first column`);
          }
        }
        continue;
      }
      if (h.clientWidth === 0) continue;
      if (h.scrollWidth > h.clientWidth + 1) {
        out.push(`${name(h)}: content ${h.scrollWidth}px in a ${h.clientWidth}px box`);
      }
    }
    return out;
  });
}

async function visit(page: Page, route: string, ready: string) {
  await page.goto(`/#token=e2e-token`);
  await expect(byId(page, "save-state")).toBeVisible();
  await page.evaluate((h) => (window.location.hash = h), `#${route}`);
  await expect(byId(page, ready).first()).toBeVisible();
  await page.waitForTimeout(300); // figures, thumbnails and fonts settle
}

test.describe.configure({ mode: "serial" });

for (const size of SIZES) {
  test(`nothing is clipped at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    const faults: string[] = [];
    for (const s of SCREENS) {
      await visit(page, s.route, s.ready);
      if (s.show) await byId(page, s.show).evaluate((el) => el.scrollIntoView({ block: "start" }));
      for (const f of await overflows(page)) faults.push(`${s.name}: ${f}`);
      await page.screenshot({ path: path.join(shots, `${s.name}-${size.width}x${size.height}.png`) });
    }
    expect(faults, faults.join("\n")).toEqual([]);
  });
}

test("two pages of the quick report, as the owner sees them", async ({ page }) => {
  const res = await page.request.post("/api/call", {
    headers: { "x-sxsh-token": "e2e-token" },
    data: { method: "report.pdf", params: { assessment_id: KIM_LAN, kind: "quick", lang: "vi" } },
  });
  expect(res.ok()).toBe(true);
  const file = (await res.json()).ok as { file_name: string; data_base64: string };
  expect(file.file_name).toMatch(/^bao-cao-danh-gia-nhanh-/);
  const pdf = path.join(root, "target/e2e-results/quick-report.pdf");
  mkdirSync(path.dirname(pdf), { recursive: true });
  writeFileSync(pdf, Buffer.from(file.data_base64, "base64"));
  // Poppler (installed by scripts/setup.sh) renders the cover and the findings page.
  for (const p of [1, 3]) {
    execFileSync("pdftoppm", ["-png", "-r", "80", "-f", String(p), "-l", String(p), "-singlefile", pdf, path.join(shots, `report-page-${p}`)]);
  }
  const english = await page.request.post("/api/call", {
    headers: { "x-sxsh-token": "e2e-token" },
    data: { method: "report.file_name", params: { assessment_id: KIM_LAN, kind: "quick", lang: "en" } },
  });
  expect(((await english.json()).ok as string).startsWith("cp-quick-assessment-")).toBe(true);
});
