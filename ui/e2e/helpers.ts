// What the specs against the demo `serve-ui` (playwright.config.ts) share: finding by test id,
// opening a screen with the token, waiting for saves, and calling Rust directly as another
// window or a sync pull would.
import { expect, type Page } from "@playwright/test";

export const byId = (page: Page, id: string) => page.getByTestId(id);

/** Opens the app with the test token, then `route` (a hash route). */
export async function open(page: Page, route = "/") {
  await page.goto(`/#token=e2e-token`);
  await expect(byId(page, "save-state")).toBeVisible();
  if (route !== "/") await page.evaluate((h) => (window.location.hash = h), `#${route}`);
}

/** Waits until every queued save has reached Rust. */
export async function saved(page: Page) {
  await expect(byId(page, "save-state")).toHaveAttribute("data-state", "saved");
}

/** Calls one JSON method of the backend, as another window or a sync pull would. */
export async function rpc<T = any>(page: Page, method: string, params: unknown): Promise<T> {
  const res = await page.request.post("/api/call", { headers: { "x-sxsh-token": "e2e-token" }, data: { method, params } });
  const body = await res.json();
  expect(res.ok(), JSON.stringify(body)).toBe(true);
  return body.ok as T;
}
