// Screenshots of the running UI for a look at the layout (not a test):
//   node scripts/shot.mjs http://127.0.0.1:8765 out-dir route1 route2 …
// Routes are hash routes ("/", "/enterprises", "/assessment/<id>/b"); the token is `dev-token`
// unless $SXSH_UI_TOKEN says otherwise.
import { chromium } from "playwright-core";

const [base = "http://127.0.0.1:8765", out = "/tmp/shots", ...routes] = process.argv.slice(2);
const token = process.env.SXSH_UI_TOKEN ?? "dev-token";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
page.on("console", (m) => {
  if (m.type() === "error" || m.type() === "warning") console.log(`[console.${m.type()}] ${m.text()}`);
});
page.on("pageerror", (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(`${base}/#token=${token}`);
await page.waitForSelector('[data-testid="save-state"]');
let i = 0;
for (const r of routes.length ? routes : ["/"]) {
  await page.evaluate((h) => (window.location.hash = h), `#${r}`);
  await page.waitForTimeout(900);
  const name = `${out}/${String(i++).padStart(2, "0")}-${r.replace(/[^a-z0-9]+/gi, "_")}.png`;
  await page.screenshot({ path: name, fullPage: process.env.FULL === "1" });
  console.log(name);
}
await browser.close();
