// Playwright drives Debian's Chromium (/usr/bin/chromium, installed by scripts/setup.sh; no
// browser download) against the real backend: `sxsh serve-ui` on a fresh data folder with the
// demo data, serving the built UI (ui/dist). Run from ui/: `npx playwright test`.
import { defineConfig } from "@playwright/test";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const sxsh = process.env.SXSH_BIN ?? path.join(root, "target/debug/sxsh");
const data = path.join(root, "target/e2e-data");
const port = Number(process.env.SXSH_E2E_PORT ?? 8777);
export const token = "e2e-token";

/** The office servers the portal spec (e2e/portal.spec.ts) runs against: SQLite always,
 * PostgreSQL when the test script started a cluster (SXSH_TEST_POSTGRES). Each is made by
 * scripts/e2e-office.sh: a fresh office, two devices synced into it through `sxsh sync`. */
export const offices = [
  { backend: "sqlite", port: 8779 },
  ...(process.env.SXSH_TEST_POSTGRES ? [{ backend: "postgres", port: 8780 }] : []),
].map((o) => ({ ...o, url: `http://127.0.0.1:${o.port}`, dir: path.join(root, `target/e2e-office-${o.backend}`) }));

/** Debian's Chromium, quiet: the suite's and the UI benchmark's browser. */
export const chromium = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(root, "target/e2e-results"),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    locale: "vi-VN",
    launchOptions: chromium,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: [
    {
      command:
        `rm -rf "${data}" && "${sxsh}" --data-dir "${data}" demo >/dev/null && ` +
        `exec "${sxsh}" --data-dir "${data}" serve-ui --port ${port} --token ${token} --ui-dir "${path.join(root, "ui/dist")}"`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "pipe",
    },
    ...offices.map((o) => ({
      command: `"${path.join(root, "scripts/e2e-office.sh")}" "${o.dir}" ${o.port} ${o.backend}`,
      // Answers once the devices have synced (the pages are served from the start).
      url: `${o.url}/api/v1/info`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe" as const,
    })),
  ],
});
