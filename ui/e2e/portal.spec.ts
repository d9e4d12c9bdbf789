// The programme office's portal in Chromium against a real `sxsh-server` (scripts/e2e-office.sh:
// a fresh office on SQLite, and on PostgreSQL when the test script started a cluster, with the
// demo data and a second device's enterprise synced in through `sxsh sync`): the login, the
// review of assessments (approved; sent back with a comment), the dashboard's approved-only and
// with-pending figures each equal to `sxsh-server rollup --review …` over the same database,
// the enterprise search without diacritics, stored markup shown as text, a viewer of another
// programme seeing nothing, English, and the logout.
import { expect, test, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { offices } from "../playwright.config";

const root = path.resolve(import.meta.dirname, "../..");
const server = process.env.SXSH_SERVER_BIN ?? path.join(root, "target/debug/sxsh-server");
const PASSWORD = "mật khẩu văn phòng 2026";
const shots = path.join(root, "docs/screenshots");
mkdirSync(shots, { recursive: true });

const vi = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 0 });

async function logIn(page: Page, login: string, password = PASSWORD) {
  await page.getByTestId("portal-login-name").fill(login);
  await page.getByTestId("portal-login-password").fill(password);
  await page.getByTestId("portal-login-submit").click();
}

for (const office of offices) {
  test.describe(`the office portal on ${office.backend}`, () => {
    test.use({ baseURL: office.url });

    test(`login, the dashboard equal to sxsh-server rollup, search without diacritics, English, logout (${office.backend})`, async ({ page }) => {
      const db = readFileSync(path.join(office.dir, "db-url"), "utf8");
      const rollup = JSON.parse(execFileSync(server, ["rollup", "--db", db], { encoding: "utf8" }));
      expect(rollup.assessments).toBeGreaterThan(0);

      let alerted = false;
      page.on("dialog", (d) => {
        alerted = true;
        void d.dismiss();
      });
      await page.goto("/");
      await expect(page.getByTestId("portal-login")).toBeVisible();
      // A wrong password: the server's answer in Vietnamese, no session.
      await logIn(page, "admin", "sai mật khẩu");
      await expect(page.getByTestId("portal-login-error")).toHaveText("Sai tên đăng nhập hoặc mật khẩu.");
      await logIn(page, "admin");
      await expect(page.getByTestId("portal-dashboard")).toBeVisible();
      await expect(page.getByTestId("portal-office")).toHaveText("Sở Công Thương Hà Nội");

      // Nothing reviewed yet: the official figures count no assessment and say why.
      await expect(page.getByTestId("portal-tile-assessments-value")).toHaveText("0");
      await expect(page.getByTestId("portal-review-note")).toContainText(`Chưa tính: ${rollup.assessments} mới nhận`);

      // Review: the seafood plant's detailed assessment approved, Kim Lan's sent back with a
      // comment (required: refused without one).
      await page.getByTestId("portal-nav-assessments").click();
      const list = page.getByTestId("portal-assessment-row");
      await expect(list).toHaveCount(rollup.assessments);
      const seafood = list.filter({ hasText: "Mỹ Xuyên Xanh" }).first();
      await seafood.click();
      // Its report, made at the office from the synced rows by the app's report code.
      const [report] = await Promise.all([page.waitForEvent("download"), page.getByTestId("portal-assessment-pdf").click()]);
      const reportPdf = path.join(root, `target/portal-seafood-${office.backend}.pdf`);
      await report.saveAs(reportPdf);
      const reportText = execFileSync("pdftotext", ["-enc", "UTF-8", reportPdf, "-"], { encoding: "utf8" }).normalize("NFC");
      expect(reportText).toContain("Công ty TNHH Chế biến Thủy sản Mỹ Xuyên Xanh");
      expect(reportText).toContain("5.304.000");
      await page.getByTestId("portal-review-approved").check();
      await page.getByTestId("portal-review-submit").click();
      await expect(seafood.getByTestId("portal-review-state")).toHaveText("Đã duyệt");
      await seafood.click();
      const kimLan = list.filter({ hasText: "Đào Việt Bình" }).first();
      await kimLan.click();
      await page.getByTestId("portal-review-needs_changes").check();
      await page.getByTestId("portal-review-submit").click();
      await expect(page.getByTestId("portal-review-error")).toHaveText("Bắt buộc khi yêu cầu bổ sung hoặc từ chối");
      await page.getByTestId("portal-review-comment").fill("Bổ sung số liệu than tháng 3 và ảnh lò nung <b>mới</b>.");
      await page.getByTestId("portal-review-submit").click();
      await expect(kimLan.getByTestId("portal-review-state")).toHaveText("Cần bổ sung");
      await expect(page.getByTestId("portal-review-history")).toContainText("Bổ sung số liệu than tháng 3 và ảnh lò nung <b>mới</b>.");
      await page.screenshot({ path: path.join(shots, `portal-assessments-${office.backend}.png`) });

      // The dashboard: approved only, then with the pending ones; each equal to the roll-up
      // command over the same database, in vi-VN format.
      const approved = JSON.parse(execFileSync(server, ["rollup", "--db", db, "--review", "approved"], { encoding: "utf8" }));
      const withPending = JSON.parse(execFileSync(server, ["rollup", "--db", db, "--review", "with_pending"], { encoding: "utf8" }));
      expect(approved.assessments).toBe(1);
      expect(withPending.assessments).toBe(rollup.assessments);
      await page.getByTestId("portal-nav-dashboard").click();
      for (const [scope, r] of [["approved", approved], ["with_pending", withPending]] as const) {
        await page.getByTestId("portal-filter-review").selectOption(scope);
        await expect(page.getByTestId("portal-tile-assessments-value")).toHaveText(vi.format(r.assessments));
        await expect(page.getByTestId("portal-tile-enterprises-value")).toHaveText(vi.format(r.enterprises));
        await expect(page.getByTestId("portal-tile-options-value")).toHaveText(vi.format(r.options_identified));
        await expect(page.getByTestId("portal-saving-net").locator("td").nth(1)).toHaveText(`${vi.format(r.identified.net_vnd)} đ`);
        await expect(page.getByTestId("portal-saving-investment").locator("td").nth(1)).toHaveText(`${vi.format(r.identified.investment_vnd)} đ`);
        await expect(page.getByTestId("portal-grid-years")).toContainText(r.grid_years.join(", "));
      }
      await expect(page.getByTestId("portal-review-note")).toContainText("1 đã duyệt");
      await page.getByTestId("portal-filter-review").selectOption("approved");
      await expect(page.getByTestId("portal-review-note")).toContainText("Số liệu chính thức");
      await page.screenshot({ path: path.join(shots, `portal-dashboard-${office.backend}.png`) });

      // The roll-up report of the official figures in one click: its text names which
      // assessments count and holds the same totals.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("portal-rollup-pdf").click()]);
      const pdf = path.join(root, `target/portal-rollup-${office.backend}.pdf`);
      await download.saveAs(pdf);
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).normalize("NFC");
      expect(text).toContain("chỉ các đánh giá văn phòng đã duyệt");
      expect(text).toContain(vi.format(approved.identified.net_vnd));
      expect(text).toContain(vi.format(approved.identified.investment_vnd));

      // Enterprises: all of them, then "da sy" finds Đa Sỹ.
      await page.getByTestId("portal-nav-enterprises").click();
      const rows = page.getByTestId("portal-enterprise-row");
      await expect(rows.first()).toBeVisible();
      const all = await rows.count();
      expect(all).toBeGreaterThanOrEqual(4);
      // The second device's enterprise, its name holding a script tag, shown as text.
      await expect(rows.filter({ hasText: "Hợp tác xã gốm Bát Tràng <script>alert(1)</script>" })).toHaveCount(1);
      // Sectors by name, from the report catalogs.
      await expect(rows.filter({ hasText: "Mỹ Xuyên Xanh" })).toContainText("Chế biến thủy sản");
      await page.getByTestId("portal-search").fill("da sy");
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText("Đa Sỹ");
      await page.getByTestId("portal-search").fill("");
      await expect(rows).toHaveCount(all);
      await page.screenshot({ path: path.join(shots, `portal-enterprises-${office.backend}.png`) });
      expect(alerted, "no stored text ran as a script").toBe(false);

      // Administration: a consultant made with a programme (a short password refused first).
      await page.getByTestId("portal-nav-admin").click();
      await expect(page.getByTestId("portal-user-row")).toHaveCount(2);
      await page.getByTestId("portal-user-login").fill("thuha");
      await page.getByTestId("portal-user-name").fill("Phạm Thu Hà");
      await page.getByTestId("portal-user-role").selectOption("consultant");
      await page.getByTestId("portal-user-programme").first().check();
      await page.getByTestId("portal-user-password").fill("ngắn");
      await page.getByTestId("portal-user-submit").click();
      await expect(page.getByTestId("portal-user-error")).toContainText("password");
      await page.getByTestId("portal-user-password").fill("mật khẩu của Hà 2026");
      await page.getByTestId("portal-user-submit").click();
      await expect(page.getByTestId("portal-user-row")).toHaveCount(3);
      await expect(page.getByTestId("portal-user-row").filter({ hasText: "thuha" })).toContainText("Tư vấn viên");
      await page.screenshot({ path: path.join(shots, `portal-admin-${office.backend}.png`) });

      // English, and back.
      await page.getByTestId("portal-lang").click();
      await page.getByTestId("portal-nav-dashboard").click();
      await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
      await page.getByTestId("portal-lang").click();
      await expect(page.getByRole("heading", { name: "Tổng quan" })).toBeVisible();

      // The logout ends the session: a reload shows the login.
      await page.getByTestId("portal-logout").click();
      await expect(page.getByTestId("portal-login")).toBeVisible();
      await page.reload();
      await expect(page.getByTestId("portal-login")).toBeVisible();
    });

    test(`a viewer of another programme sees none of the office's figures or enterprises (${office.backend})`, async ({ page }) => {
      await page.goto("/");
      await logIn(page, "vy");
      await expect(page.getByTestId("portal-dashboard")).toBeVisible();
      await expect(page.getByTestId("portal-account")).toContainText("Người xem");
      await expect(page.getByTestId("portal-tile-assessments-value")).toHaveText("0");
      await expect(page.getByTestId("portal-tile-applying")).toContainText("chưa có số liệu");
      await page.getByTestId("portal-nav-enterprises").click();
      await expect(page.getByText("Không có doanh nghiệp nào khớp.")).toBeVisible();
      await expect(page.getByTestId("portal-enterprise-row")).toHaveCount(0);
    });
  });
}
