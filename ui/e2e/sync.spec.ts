// Two devices syncing through one office server, in Chromium: two `sxsh serve-ui` hosts on
// fresh data folders and a real `sxsh-server` (SQLite) started here. An enterprise and a quick
// assessment made on device A appear on device B after "Đồng bộ ngay"; the same field changed
// on both shows up on the conflict screen and, resolved there, converges on both. Screenshots
// of Settings → sync, the status badge and the conflict screen go to docs/screenshots/.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

const root = path.resolve(import.meta.dirname, "../..");
const sxsh = process.env.SXSH_BIN ?? path.join(root, "target/debug/sxsh");
const server = process.env.SXSH_SERVER_BIN ?? path.join(root, "target/debug/sxsh-server");
const shots = path.join(root, "docs/screenshots");
mkdirSync(shots, { recursive: true });
const PASSWORD = "mật khẩu thử 123";

let work: string;
let office: ChildProcess;
let officeUrl = "";
const hosts: ChildProcess[] = [];

/** Starts a process and resolves with the first stdout line that matches. */
function startAndRead(cmd: string, args: string[], match: RegExp, env: NodeJS.ProcessEnv = {}): Promise<[ChildProcess, RegExpMatchArray]> {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const m = line.match(match);
      if (m) resolve([child, m]);
    });
    child.on("exit", (code) => reject(new Error(`${cmd} exited with ${code}`)));
  });
}

async function device(port: number, name: string): Promise<string> {
  const dir = path.join(work, name);
  const [child] = await startAndRead(
    sxsh,
    ["--data-dir", dir, "serve-ui", "--port", String(port), "--token", `device-token-${name}`, "--ui-dir", path.join(root, "ui/dist")],
    /127\.0\.0\.1/,
  );
  hosts.push(child);
  return `http://127.0.0.1:${port}/#token=device-token-${name}`;
}

const byId = (page: Page, id: string) => page.getByTestId(id);

/** The token each page's host was started with (the UI drops it from the address). */
const tokens = new WeakMap<Page, string>();

async function rpc<T = any>(page: Page, method: string, params: unknown): Promise<T> {
  const base = new URL(page.url());
  const token = tokens.get(page)!;
  const res = await page.request.post(`${base.origin}/api/call`, { headers: { "x-sxsh-token": token }, data: { method, params } });
  const body = await res.json();
  expect(res.ok(), JSON.stringify(body)).toBe(true);
  return body.ok as T;
}

async function openPage(browser: Browser, url: string): Promise<[Page, string]> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "vi-VN" });
  const page = await ctx.newPage();
  await page.goto(url);
  tokens.set(page, url.split("#token=")[1]);
  await expect(byId(page, "save-state")).toBeVisible();
  return [page, url];
}

async function signIn(page: Page) {
  await byId(page, "nav-settings").click();
  await byId(page, "sync-server").fill(officeUrl);
  await byId(page, "sync-login").fill("lan");
  await byId(page, "sync-password").fill(PASSWORD);
  await byId(page, "sync-sign-in").click();
  await expect(byId(page, "sync-account")).toContainText("Nguyễn Thị Lan");
  await expect(byId(page, "sync-done")).toBeVisible();
}

async function syncNow(page: Page) {
  await byId(page, "nav-settings").click();
  await byId(page, "sync-now").click();
  await expect(byId(page, "sync-progress")).toHaveAttribute("data-state", "done");
}

test.describe.configure({ mode: "serial" });

/** Device A's address and the assessment the first test makes there (the review test uses
 * them). */
let deviceA = "";
let madeOnA = "";

test.beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), "sxsh-sync-e2e-"));
  const db = `sqlite:${path.join(work, "office.db")}`;
  const env = { ...process.env, SXSH_SERVER_PASSWORD: PASSWORD };
  execFileSync(server, ["init", "--db", db, "--office", "Sở Công Thương Hà Nội", "--admin", "admin"], { env });
  execFileSync(server, ["user", "add", "--db", db, "--login", "lan", "--name", "Nguyễn Thị Lan", "--role", "consultant", "--programme", "P-HN-2026"], { env });
  const [child, m] = await startAndRead(server, ["serve", "--db", db, "--listen", "127.0.0.1:0"], /listening on (\S+)/);
  office = child;
  officeUrl = m[1];
});

test.afterAll(() => {
  for (const h of hosts) h.kill();
  office?.kill();
  rmSync(work, { recursive: true, force: true });
});

test("what device A makes appears on device B; a conflict is resolved on the review screen", async ({ browser }) => {
  test.setTimeout(120_000);
  deviceA = await device(8791, "a");
  const [a] = await openPage(browser, deviceA);
  const [b] = await openPage(browser, await device(8792, "b"));
  await expect(byId(a, "sync-status")).toHaveAttribute("data-state", "off");
  await signIn(a);
  await a.screenshot({ path: path.join(shots, "settings-sync.png"), fullPage: true });
  await signIn(b);

  // Device A: an enterprise and a quick assessment, through the UI.
  const name = "Cơ sở tinh bột sắn Đồng Xuân";
  await byId(a, "nav-enterprises").click();
  await byId(a, "enterprise-new").click();
  await byId(a, "enterprise-form-name").fill(name);
  await byId(a, "enterprise-form-sector").selectOption({ index: 1 });
  await byId(a, "enterprise-save").click();
  await expect(byId(a, "page-enterprise")).toBeVisible();
  await byId(a, "assessment-new-for-enterprise").click();
  await expect(byId(a, "page-assessment")).toBeVisible();
  await byId(a, "assessment-form-production").fill("120");
  await byId(a, "assessment-form-production-unit").selectOption({ index: 1 });
  await expect(byId(a, "save-state")).toHaveAttribute("data-state", "saved");
  await syncNow(a);

  // Device B: "Đồng bộ ngay", and they are there.
  await syncNow(b);
  await byId(b, "nav-enterprises").click();
  await expect(byId(b, "enterprise-row").filter({ hasText: name })).toHaveCount(1);
  await byId(b, "nav-home").click();
  await expect(byId(b, "assessment-row").filter({ hasText: name })).toHaveCount(1);

  // The same field changed on both devices before either syncs.
  const [row] = await rpc(b, "assessment.recent", { query: name });
  const aid: string = row.assessment.id;
  madeOnA = aid;
  const docA = await rpc(a, "assessment.open", { id: aid });
  const docB = await rpc(b, "assessment.open", { id: aid });
  await rpc(a, "row.patch", { entity: "assessment", id: aid, fields: { next_steps: "Thu hồi nước rửa củ" }, base: docA.assessment.versions });
  await rpc(b, "row.patch", { entity: "assessment", id: aid, fields: { next_steps: "Lắp biogas cho nước thải" }, base: docB.assessment.versions });
  await syncNow(a);
  await syncNow(b);
  await syncNow(a);
  for (const p of [a, b]) {
    await p.reload();
    await expect(byId(p, "sync-conflicts")).toBeVisible();
  }
  await byId(b, "sync-status").screenshot({ path: path.join(shots, "sync-badge.png") });

  // Resolved on B's review screen: keep A's version.
  await byId(b, "sync-conflicts").click();
  await expect(byId(b, "conflict")).toHaveCount(1);
  await expect(byId(b, "conflict-version")).toHaveCount(2);
  await b.screenshot({ path: path.join(shots, "conflicts.png"), fullPage: true });
  await byId(b, "conflict-keep-theirs").click();
  await expect(byId(b, "conflicts-none")).toBeVisible();
  await syncNow(b);
  await syncNow(a);
  for (const p of [a, b]) {
    expect(await rpc(p, "conflicts.list", {})).toEqual([]);
    const doc = await rpc(p, "assessment.open", { id: aid });
    expect(doc.assessment.next_steps).toBe("Thu hồi nước rửa củ");
  }
});

test("over HTTPS with the office's own certificate, the fingerprint is shown, confirmed and pinned", async ({ browser }) => {
  test.setTimeout(60_000);
  const db = `sqlite:${path.join(work, "office-tls.db")}`;
  const env = { ...process.env, SXSH_SERVER_PASSWORD: PASSWORD };
  execFileSync(server, ["init", "--db", db, "--office", "Sở Công Thương Sơn La", "--admin", "admin"], { env });
  execFileSync(server, ["user", "add", "--db", db, "--login", "lan", "--name", "Nguyễn Thị Lan", "--role", "consultant", "--programme", "P-SL-2026"], { env });
  // What the office's administrator reads out to the consultant.
  const fingerprint = execFileSync(server, ["tls", "--db", db], { env }).toString().match(/certificate fingerprint (\S+)/)![1];
  const [child, m] = await startAndRead(server, ["serve", "--db", db, "--listen", "127.0.0.1:0", "--tls"], /listening on (https:\S+)/);
  hosts.push(child);
  const [c] = await openPage(browser, await device(8793, "c"));
  await byId(c, "nav-settings").click();
  await byId(c, "sync-server").fill(m[1]);
  await byId(c, "sync-login").fill("lan");
  await byId(c, "sync-password").fill(PASSWORD);
  await byId(c, "sync-sign-in").click();
  // Not logged in yet: the fingerprint to compare, as SSH shows it at a first connection.
  await expect(byId(c, "sync-trust")).toHaveAttribute("data-changed", "false");
  await expect(byId(c, "sync-fingerprint")).toHaveText(fingerprint);
  await expect(byId(c, "sync-account")).toHaveCount(0);
  await byId(c, "sync-settings").screenshot({ path: path.join(shots, "settings-sync-certificate.png") });
  await byId(c, "sync-trust-confirm").click();
  await expect(byId(c, "sync-account")).toContainText("Nguyễn Thị Lan");
  await expect(byId(c, "sync-pinned")).toHaveText(fingerprint);
  await expect(byId(c, "sync-done")).toBeVisible();
});

test("with no network, a bundle saved on one device opens on another; a damaged one is refused", async ({ browser }) => {
  test.setTimeout(60_000);
  const [d] = await openPage(browser, await device(8794, "d"));
  const [e] = await openPage(browser, await device(8795, "e"));
  const name = "Làng gốm Bát Tràng — hộ bà Nguyệt";
  await byId(d, "nav-enterprises").click();
  await byId(d, "enterprise-new").click();
  await byId(d, "enterprise-form-name").fill(name);
  await byId(d, "enterprise-form-sector").selectOption({ index: 1 });
  await byId(d, "enterprise-save").click();
  await expect(byId(d, "page-enterprise")).toBeVisible();

  await byId(d, "nav-settings").click();
  await byId(d, "bundle-export").click();
  await expect(byId(d, "bundle-done")).toContainText("Đã lưu gói vào");
  const saved = (await byId(d, "bundle-done").textContent())!.match(/vào (\S+\.sxshb)/)![1];

  // A copy cut short on the way is refused, and nothing changes on E.
  const { readFileSync, writeFileSync } = await import("node:fs");
  const cut = path.join(work, "cut.sxshb");
  const whole = readFileSync(saved);
  writeFileSync(cut, whole.subarray(0, whole.length - 100));
  await byId(e, "nav-settings").click();
  await byId(e, "bundle-path").fill(cut);
  await byId(e, "bundle-import").click();
  await expect(byId(e, "bundles").getByTestId("error-box")).toHaveAttribute("data-code", "BUNDLE_DAMAGED");
  await expect(byId(e, "bundles").getByTestId("error-box")).toContainText("Tệp gói bị hỏng");

  await byId(e, "bundle-path").fill(saved);
  await byId(e, "bundle-import").click();
  await expect(byId(e, "bundle-done")).toContainText("Đã nhập gói");
  await byId(e, "bundles").screenshot({ path: path.join(shots, "settings-bundles.png") });
  await byId(e, "nav-enterprises").click();
  await expect(byId(e, "enterprise-row").filter({ hasText: name })).toHaveCount(1);

  // E reaches the office before D ever does, with a change to D's enterprise: it waits on
  // this computer (the server does not hold the row yet) and the app says why.
  await signIn(e);
  const list: any[] = await rpc(e, "enterprise.list", {});
  const ent = list.find((x) => x.name === name);
  await rpc(e, "row.patch", { entity: "enterprise", id: ent.id, fields: { main_products: "Bát đĩa men lam" }, base: ent.versions });
  await syncNow(e);
  await expect(byId(e, "sync-waiting-on-others")).toContainText("1 thay đổi của bạn nằm dưới bản ghi mà máy khác chưa đồng bộ");
  await expect(byId(e, "sync-rejected")).toHaveCount(0);
});

test("the office's review, made in its portal, reaches the consultant's app with the next sync", async ({ browser, playwright }) => {
  expect(madeOnA, "the first test made an assessment on device A").not.toBe("");
  // The office's admin sends the assessment back with a comment, through the portal's JSON
  // (the portal's pages are tested in portal.spec.ts): a cookie session and its CSRF token.
  const office = await playwright.request.newContext({ baseURL: officeUrl, extraHTTPHeaders: { origin: officeUrl } });
  const login = await office.post("/portal/api/login", { data: { login: "admin", password: PASSWORD } });
  expect(login.ok(), await login.text()).toBe(true);
  const { csrf } = await login.json();
  const comment = "Bổ sung sản lượng tinh bột tháng 3 và ảnh đồng hồ nước.";
  const made = await office.post("/portal/api/reviews", {
    headers: { "x-csrf-token": csrf },
    data: { assessment_id: madeOnA, state: "needs_changes", comment },
  });
  expect(made.ok(), await made.text()).toBe(true);
  await office.dispose();

  // Device A has not synced since: no review yet; after "Đồng bộ ngay" the assessment shows it.
  const [a] = await openPage(browser, deviceA);
  await a.goto(`${new URL(deviceA).origin}/#/assessment/${madeOnA}/a`);
  await expect(byId(a, "page-assessment")).toBeVisible();
  await expect(byId(a, "assessment-review")).toHaveCount(0);
  await syncNow(a);
  await a.goto(`${new URL(deviceA).origin}/#/assessment/${madeOnA}/a`);
  await a.reload();
  const banner = byId(a, "assessment-review");
  await expect(banner).toHaveAttribute("data-state", "needs_changes");
  await expect(banner).toContainText("Văn phòng chương trình yêu cầu bổ sung.");
  await expect(byId(a, "assessment-review-comment")).toHaveText(comment);
  await expect(banner).toContainText("admin");
  await a.screenshot({ path: path.join(shots, "assessment-review.png") });
  // The app does not make reviews: the office does.
  const res = await a.request.post(`${new URL(deviceA).origin}/api/call`, {
    headers: { "x-sxsh-token": tokens.get(a)! },
    data: { method: "row.create", params: { entity: "review", row: { id: "", assessment_id: madeOnA, state: "approved", comment: "", reviewer: "lan", reviewed_at: "2026-12-06T10:00:00Z" } } },
  });
  expect((await res.json()).error?.code).toBe("OFFICE_ONLY");
});
