// The UI benchmark (ui/e2e-bench): like playwright.config.ts (Debian's Chromium against
// `sxsh serve-ui` serving ui/dist), but on its own port and data folder, with the demo data
// plus a large detailed assessment (ui/e2e-bench/make-large.mjs: 40 steps, 400 flows, 60 waste
// streams, 100 options) imported before the server starts. It prints figures (`BENCH …`
// lines) rather than passing or failing on time. Run: scripts/bench-ui.sh, or from ui/:
// `npx playwright test -c playwright.bench.config.ts`.
import { defineConfig } from "@playwright/test";
import path from "node:path";
import { chromium } from "./playwright.config";

const root = path.resolve(import.meta.dirname, "..");
const sxsh = process.env.SXSH_BIN ?? path.join(root, "target/debug/sxsh");
const data = path.join(root, "target/bench-data");
const large = path.join(root, "target/bench-large.json");
const port = Number(process.env.SXSH_BENCH_PORT ?? 8778);
export const token = "bench-token";

export default defineConfig({
  testDir: "./e2e-bench",
  testMatch: /.*\.bench\.ts$/,
  outputDir: path.join(root, "target/bench-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    locale: "vi-VN",
    launchOptions: chromium,
    // No trace or video: they would weigh on the figures.
    trace: "off",
    screenshot: "only-on-failure",
  },
  webServer: {
    command:
      `rm -rf "${data}" && "${sxsh}" --data-dir "${data}" demo >/dev/null && ` +
      `node "${path.join(root, "ui/e2e-bench/make-large.mjs")}" > "${large}" && ` +
      `"${sxsh}" --data-dir "${data}" import "${large}" >/dev/null && ` +
      `exec "${sxsh}" --data-dir "${data}" serve-ui --port ${port} --token ${token} --ui-dir "${path.join(root, "ui/dist")}"`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
  },
});
