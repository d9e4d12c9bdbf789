// UI benchmark of a large detailed assessment (ui/e2e-bench/make-large.mjs: 40 steps, 400
// flows, 60 waste streams, 100 options), in Chromium against `sxsh serve-ui`
// (playwright.bench.config.ts). It prints figures — one `BENCH <name> median= p90= max= n=`
// line each, in ms — and fails only when the app does not get there at all.
//
// Times are taken in the page (performance.now()): a MutationObserver notes when the DOM
// holds what is waited for (the commit, before paint), capture listeners note the click or
// the input event, and a wrapper around fetch notes when each `/api/call` leaves and when its
// answer's headers arrive. An edit is one `fill()` (one input event, as a paste or the last
// keystroke); autosave debounces it (saveQueue.ts DEFAULT_DELAY_MS = 500 ms), so
// "key→…" includes the debounce and "save→…" starts when the save request leaves.
//
// BENCH_N sets the repetitions (default 10, at least 10 are advised); BENCH_OUT the file the
// lines are appended to (default target/bench-ui.txt); BENCH_NV5=1 also measures the NV2 edit
// seen on NV5 when the step balance (`step-balance`) exists.
import { expect, test, type Page } from "@playwright/test";
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const TOKEN = "bench-token";
const TITLE = "Nhà máy tinh bột sắn — bộ dữ liệu lớn";
const N = Number(process.env.BENCH_N ?? 10);
const WARMUP = 1;
const OUT = process.env.BENCH_OUT ?? path.join(root, "target/bench-ui.txt");
/** The step whose flows are edited on NV2, and the waste stream edited on NV6. */
const STEP_NAME = "Công đoạn 12: Lọc tinh";
const WASTE_NAME = "Nước thải tiếp nhận củ sắn tươi (CĐ 1)";

test.describe.configure({ mode: "serial" });

// ---- the in-page instruments ---------------------------------------------------------------

type Until = { kind: "changed"; from?: string | null } | { kind: "atLeast"; n: number };
type Call = { method: string; start: number; end: number | null };

/** Runs in the page before the app: the fetch wrapper, the input/click listeners, the probes
 * and `watch`, and a watch kept in sessionStorage for the next full load (`bench.cold`). */
function instrument() {
  const w = window as any;
  const b: any = (w.__bench = { calls: [] as Call[], lastInput: null, lastClick: null, hits: {}, bases: {} });
  const orig = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes("/api/call")) return orig(input, init);
    let method = "?";
    try {
      method = JSON.parse(String(init?.body)).method;
    } catch {
      /* not JSON */
    }
    const rec: Call = { method, start: performance.now(), end: null };
    b.calls.push(rec);
    try {
      return await orig(input, init);
    } finally {
      rec.end = performance.now();
    }
  };
  document.addEventListener("input", () => (b.lastInput = performance.now()), true);
  document.addEventListener("click", () => (b.lastClick = performance.now()), true);
  b.probes = {
    /** 1 when every [selector, n] has at least n matches. */
    ready: (specs: [string, number][]) => (specs.every(([s, n]) => document.querySelectorAll(s).length >= n) ? 1 : 0),
    /** 1 when `ready` and no row in view is still plain text (a long worksheet's rows get
     * their editors near the screen, lib/nearView.ts). */
    editable: (specs: [string, number][]) => {
      if (!b.probes.ready(specs)) return 0;
      for (const el of document.querySelectorAll("[data-plain]")) {
        const r = el.getBoundingClientRect();
        if (r.bottom > 0 && r.top < window.innerHeight) return 0;
      }
      return 1;
    },
    text: (sel: string) => document.querySelector(sel)?.textContent ?? null,
    /** The text of the first `sel` whose text contains `part`. */
    rowText: (sel: string, part: string) => {
      for (const r of document.querySelectorAll(sel)) if ((r.textContent ?? "").includes(part)) return r.textContent;
      return null;
    },
    /** The cost shown in the ranked bar of the waste stream named `name`. */
    wasteCost: (name: string) => {
      for (const li of document.querySelectorAll('[data-testid="waste-cost"]')) {
        if (li.querySelector(".bars__label")?.textContent === name) return li.querySelector(".bars__value")?.textContent ?? null;
      }
      return null;
    },
  };
  b.watch = (id: string, probe: string, args: unknown[], until: Until) => {
    delete b.hits[id];
    const read = () => b.probes[probe](...args);
    const base = until.kind === "changed" ? (until.from !== undefined ? until.from : read()) : null;
    b.bases[id] = base;
    let obs: MutationObserver | null = null;
    const check = () => {
      const v = read();
      const ok = until.kind === "atLeast" ? v >= until.n : v !== null && v !== base;
      if (ok && !b.hits[id]) {
        b.hits[id] = { t: performance.now(), v };
        obs?.disconnect();
      }
      return ok;
    };
    if (!check()) {
      obs = new MutationObserver(check);
      obs.observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    }
    return base;
  };
  const cold = sessionStorage.getItem("bench.cold");
  if (cold) {
    sessionStorage.removeItem("bench.cold");
    const { probe, args, until } = JSON.parse(cold);
    b.watch("cold", probe, args, until);
  }
}

async function watch(page: Page, id: string, probe: string, args: unknown[], until: Until): Promise<string | null> {
  return page.evaluate(([i, p, a, u]) => (window as any).__bench.watch(i, p, a, u), [id, probe, args, until] as const);
}

async function hit(page: Page, id: string, timeout = 60_000): Promise<{ t: number; v: unknown }> {
  try {
    await page.waitForFunction((i) => !!(window as any).__bench.hits[i], id, { timeout });
  } catch (e) {
    const base = await page.evaluate((i) => (window as any).__bench.bases[i], id).catch(() => undefined);
    throw new Error(`«${id}» did not happen within ${timeout / 1000} s (watched from: ${JSON.stringify(base)}): ${e}`);
  }
  return page.evaluate((i) => (window as any).__bench.hits[i], id);
}

const bench = (page: Page) => page.evaluate(() => {
  const b = (window as any).__bench;
  return { calls: b.calls as Call[], lastInput: b.lastInput as number | null, lastClick: b.lastClick as number | null };
});

/** Waits until every save has reached Rust, no call is on its way (but the long poll for
 * changes, `changes.wait`), and 250 ms went by quietly. */
async function settle(page: Page) {
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-state", "saved");
  const idle = () => page.waitForFunction(() => (window as any).__bench.calls.every((c: Call) => c.end !== null || c.method === "changes.wait"), null, { timeout: 60_000 });
  await idle();
  await page.waitForTimeout(250);
  await idle();
}

// ---- figures -------------------------------------------------------------------------------

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const p90 = s[Math.min(n - 1, Math.ceil(0.9 * n) - 1)];
  return { median, p90, max: s[n - 1], n };
}

function report(name: string, xs: number[]) {
  if (xs.length === 0) return;
  const s = stats(xs);
  const f = (x: number) => x.toFixed(0).padStart(6);
  const line = `BENCH ${name.padEnd(38)} median=${f(s.median)} p90=${f(s.p90)} max=${f(s.max)} n=${s.n}`;
  console.log(line);
  appendFileSync(OUT, line + "\n");
}

class Figures {
  private m = new Map<string, number[]>();
  add(name: string, x: number | null | undefined) {
    if (x === null || x === undefined || !Number.isFinite(x)) return;
    if (!this.m.has(name)) this.m.set(name, []);
    this.m.get(name)!.push(x);
  }
  print() {
    for (const [k, v] of this.m) report(k, v);
  }
}

/** What happened between an edit and the figure it changed: the save leaving and coming back,
 * the calculations it brought (the last `assessment.calcs` answered before the DOM changed:
 * react-query drops a fetch that a second invalidation restarts) and the DOM showing the new
 * figure; and how many calls of each kind the edit caused until all was quiet again. */
function timeline(calls: Call[], from: number, input: number, dom: number) {
  const later = calls.slice(from).filter((c) => c.start >= input);
  const save = later.find((c) => c.method.startsWith("row."));
  const calcs = save
    ? later.filter((c) => c.method === "assessment.calcs" && c.start >= save.start && c.end !== null && c.end <= dom).at(-1)
    : undefined;
  if (process.env.BENCH_DEBUG === "1") {
    console.log(`input=${input.toFixed(0)} dom=${dom.toFixed(0)} ` + later.map((c) => `${c.method}@${c.start.toFixed(0)}-${c.end?.toFixed(0)}`).join(" "));
  }
  const count = (m: string) => later.filter((c) => c.method === m).length;
  return {
    keyToDom: dom - input,
    saveToDom: save ? dom - save.start : null,
    debounce: save ? save.start - input : null,
    saveRtt: save && save.end !== null ? save.end - save.start : null,
    calcsRtt: calcs && calcs.end !== null ? calcs.end - calcs.start : null,
    calcsToDom: calcs && calcs.end !== null ? dom - calcs.end : null,
    calcsCalls: count("assessment.calcs"),
    progressCalls: count("assessment.progress"),
  };
}

/** Adds the edit's figures; `parts` also its breakdown (once per edit). */
function addTimeline(figs: Figures, prefix: string, what: string, t: ReturnType<typeof timeline>, parts = true) {
  figs.add(`${prefix} key→${what}`, t.keyToDom);
  figs.add(`${prefix} save→${what}`, t.saveToDom);
  if (!parts) return;
  figs.add(`${prefix}  debounce`, t.debounce);
  figs.add(`${prefix}  save rtt`, t.saveRtt);
  figs.add(`${prefix}  calcs rtt`, t.calcsRtt);
  figs.add(`${prefix}  calcs→dom`, t.calcsToDom);
  figs.add(`${prefix}  calcs calls (count)`, t.calcsCalls);
  figs.add(`${prefix}  progress calls (count)`, t.progressCalls);
}

// ---- the app -------------------------------------------------------------------------------

const view = (code: string) => `[data-testid="task-view-${code}"]`;
/** What a task shows once it is rendered, as [selector, at least]. */
function readySpecs(code: string): [string, number][] {
  const v = view(code);
  switch (code) {
    case "NV1":
      return [[`${v} [data-testid="team-row"]`, 6]];
    case "NV2":
      return [
        [`${v} [data-testid="steps-row"]`, 40],
        [`${v} [data-testid="flows-in"] [data-testid="flow-row"]`, 5],
        [`${v} [data-testid="flows-out"] [data-testid="flow-row"]`, 5],
      ];
    case "NV3":
      return [
        [`${v} [data-testid="matrix-row"]`, 40],
        [`${v} [data-testid="focus-row"]`, 40],
      ];
    case "NV4":
      return [[`${v} [data-testid="diagram-step"]`, 40]];
    case "NV5":
      return [[`${v} [data-testid="balance-row"]`, 40]];
    case "NV6":
      return [
        [`${v} [data-testid="waste-row"]`, 60],
        [`${v} [data-testid="waste-cost"]`, 60],
      ];
    case "NV7":
      return [[`${v} [data-testid="causes-row"]`, 60]];
    case "NV8":
    case "NV9":
    case "NV10":
    case "NV12":
    case "NV13":
      return [[`${v} [data-testid="option-row"]`, 100]];
    case "NV11":
      return [
        [`${v} [data-testid="tornado-option"]`, 1],
        [`${v} [data-testid="option-row"]`, 100],
      ];
    case "NV14":
      return [[`${v} [data-testid="actions-row"]`, 40]];
    case "NV15":
      return [[`${v} [data-testid="implementation-row"]`, 1]];
    case "NV16":
      return [[`${v} [data-testid="monitoring-row"]`, 12]];
    default:
      return [[v, 1]];
  }
}

async function waitReady(page: Page, code: string) {
  await watch(page, `ready-${code}`, "ready", [readySpecs(code)], { kind: "atLeast", n: 1 });
  await hit(page, `ready-${code}`);
}

/** Opens the app with the token (kept in sessionStorage for the tab) and finds the large
 * assessment in the home list; returns its id. */
async function openHome(page: Page): Promise<string> {
  await page.addInitScript(instrument);
  await page.goto(`/#token=${TOKEN}`);
  await expect(page.getByTestId("save-state")).toBeVisible();
  const link = page.getByTestId("assessment-link").filter({ hasText: TITLE });
  await expect(link).toHaveCount(1);
  const href = (await link.getAttribute("href")) ?? "";
  const m = /assessment\/([0-9a-f-]{36})/.exec(href);
  expect(m, `the large assessment's link: ${href}`).not.toBeNull();
  return m![1];
}

/** A full page load of `route` (the token is in sessionStorage), timed from navigation start
 * until `code` is rendered. */
async function coldOpen(page: Page, route: string, code: string, n: number): Promise<number> {
  await page.evaluate(
    (w) => sessionStorage.setItem("bench.cold", JSON.stringify(w)),
    { probe: "ready", args: [readySpecs(code)], until: { kind: "atLeast", n: 1 } },
  );
  await page.goto(`/?load=${n}#${route}`);
  const h = await hit(page, "cold");
  return h.t;
}

/** Calls one JSON method of the backend. */
async function rpc<T = any>(page: Page, method: string, params: unknown): Promise<T> {
  const res = await page.request.post("/api/call", { headers: { "x-sxsh-token": TOKEN }, data: { method, params } });
  const body = await res.json();
  expect(res.ok(), JSON.stringify(body)).toBe(true);
  return body.ok as T;
}

test.beforeAll(() => {
  mkdirSync(path.dirname(OUT), { recursive: true });
  appendFileSync(OUT, `# ${new Date().toISOString()} N=${N} (ms)\n`);
});

// ---- a. opening the assessment -------------------------------------------------------------

test("a. opening the large assessment: a full load of its NV1, from the home list, and again", async ({ page }) => {
  const id = await openHome(page);
  const figs = new Figures();
  for (let i = 0; i < WARMUP + N; i++) {
    const wall0 = Date.now();
    const t = await coldOpen(page, `/assessment/${id}/nv1`, "NV1", i);
    const wall = Date.now() - wall0;
    if (i >= WARMUP) {
      figs.add("open NV1 (full load)", t);
      figs.add("open NV1 (full load, wall)", wall);
    }
    await settle(page);
  }
  // A fresh start of the app on the home list (full load), then the assessment's link: the
  // document is fetched and rendered.
  const link = page.getByTestId("assessment-link").filter({ hasText: TITLE });
  for (let i = 0; i < WARMUP + N; i++) {
    await page.goto(`/?home=${i}#/`);
    await expect(link).toBeVisible();
    await settle(page);
    await watch(page, "open", "ready", [readySpecs("NV1")], { kind: "atLeast", n: 1 });
    const wall0 = Date.now();
    await link.click();
    const h = await hit(page, "open");
    const wall = Date.now() - wall0;
    const { lastClick } = await bench(page);
    if (i >= WARMUP) {
      figs.add("open NV1 from home list", h.t - (lastClick ?? h.t));
      figs.add("open NV1 from home list (wall)", wall);
    }
    await settle(page);
  }
  // Back to the home list (the crumb) and in again: the document is in the page's cache
  // (shown at once, fetched again behind it).
  for (let i = 0; i < WARMUP + N; i++) {
    await page.locator(".crumbs a").first().click();
    await expect(link).toBeVisible();
    await settle(page);
    await watch(page, "open", "ready", [readySpecs("NV1")], { kind: "atLeast", n: 1 });
    await link.click();
    const h = await hit(page, "open");
    const { lastClick } = await bench(page);
    if (i >= WARMUP) figs.add("open NV1 again (cached)", h.t - (lastClick ?? h.t));
    await settle(page);
  }
  figs.print();
});

// ---- b. switching tasks --------------------------------------------------------------------

test("b. switching tasks of the large assessment", async ({ page }) => {
  // 11 switches a round, each followed by a quiet pause: more than the default 300 s when busy.
  test.setTimeout(Math.max(300_000, (WARMUP + N) * 60_000));
  const id = await openHome(page);
  await coldOpen(page, `/assessment/${id}/nv1`, "NV1", 0);
  await settle(page);
  const order = ["NV2", "NV5", "NV6", "NV11", "NV8", "NV3", "NV4", "NV7", "NV14", "NV16", "NV1"];
  const figs = new Figures();
  for (let i = 0; i < WARMUP + N; i++) {
    for (const code of order) {
      await watch(page, "switch", "ready", [readySpecs(code)], { kind: "atLeast", n: 1 });
      await watch(page, "editable", "editable", [readySpecs(code)], { kind: "atLeast", n: 1 });
      await page.getByTestId(`task-${code}`).click();
      const h = await hit(page, "switch");
      const e = await hit(page, "editable");
      const { lastClick } = await bench(page);
      if (i >= WARMUP) {
        figs.add(`switch →${code}`, h.t - (lastClick ?? h.t));
        figs.add(`switch →${code}, in view editable`, e.t - (lastClick ?? e.t));
      }
      await settle(page);
    }
  }
  figs.print();
});

// ---- c. NV2: an input flow's quantity to the step's figures ---------------------------------

test("c. NV2: keystroke in an input flow's quantity to the updated step balance", async ({ page }) => {
  const id = await openHome(page);
  const doc = await rpc(page, "assessment.open", { id });
  const step = doc.process_steps.find((s: any) => s.name === STEP_NAME);
  const flow = doc.flows.find((f: any) => f.step_id === step.id && f.direction === "in" && f.category === "raw_material");
  expect(flow, "the step's main input").toBeTruthy();
  // Two values in turn, 5 % and 10 % above the stored one: each edit changes the step's totals
  // and its closure at any rounding.
  const values = [Math.round(flow.quantity * 1.05), Math.round(flow.quantity * 1.1)];
  let edits = 0;
  const nextValue = () => values[edits++ % 2];

  const pickStep = async () => {
    await page.getByTestId("step-pick").selectOption(step.id);
    await expect(page.locator(`tr[data-flow-id="${flow.id}"]`)).toBeVisible();
  };
  await coldOpen(page, `/assessment/${id}/nv2`, "NV2", 0);
  await pickStep();
  await settle(page);
  const hasStepBalance = (await page.getByTestId("step-balance").count()) > 0;
  console.log(`step-balance ${hasStepBalance ? "found: measuring it" : "not found: measuring the flow's cost on NV2 and the balance on NV5"}`);
  const input = page.locator(`tr[data-flow-id="${flow.id}"] [data-testid="flow-quantity"]`);
  const costSel = `tr[data-flow-id="${flow.id}"] [data-testid="flow-cost"]`;
  const figs = new Figures();

  // On NV2 itself: the flow's cost (from Rust's calculations), and the step balance if shown.
  for (let i = 0; i < WARMUP + N; i++) {
    const value = nextValue();
    const from = (await bench(page)).calls.length;
    await watch(page, "cost", "text", [costSel], { kind: "changed" });
    if (hasStepBalance) await watch(page, "balance", "text", [`${view("NV2")} [data-testid="step-balance"]`], { kind: "changed" });
    await input.fill(String(value));
    const cost = await hit(page, "cost");
    const bal = hasStepBalance ? await hit(page, "balance") : null;
    await settle(page);
    const { calls, lastInput } = await bench(page);
    if (i >= WARMUP && lastInput !== null) {
      // The breakdown once, against the figure shown last.
      const last = bal && bal.t > cost.t ? "balance" : "cost";
      if (bal) addTimeline(figs, "NV2", "step-balance", timeline(calls, from, lastInput, bal.t), last === "balance");
      addTimeline(figs, "NV2", "flow-cost", timeline(calls, from, lastInput, cost.t), last === "cost");
    }
  }

  // Without the step balance: the same edit, then straight to NV5, until the step's balance row
  // there shows the new total.
  if (!hasStepBalance || process.env.BENCH_NV5 === "1") {
    const rowSel = `${view("NV5")} [data-testid="balance-row"]`;
    for (let i = 0; i < WARMUP + N; i++) {
      await page.getByTestId("task-NV5").click();
      await waitReady(page, "NV5");
      await settle(page);
      const before = await page.evaluate(([s, p]) => (window as any).__bench.probes.rowText(s, p), [rowSel, STEP_NAME]);
      expect(before, `a balance row of «${STEP_NAME}» on NV5`).not.toBeNull();
      await page.getByTestId("task-NV2").click();
      await waitReady(page, "NV2");
      await pickStep();
      await settle(page);
      const value = nextValue();
      const from = (await bench(page)).calls.length;
      await watch(page, "nv5", "rowText", [rowSel, STEP_NAME], { kind: "changed", from: before });
      await input.fill(String(value));
      await page.getByTestId("task-NV5").click();
      const h = await hit(page, "nv5");
      await settle(page);
      const { calls, lastInput } = await bench(page);
      if (i >= WARMUP && lastInput !== null) addTimeline(figs, "NV2→NV5", "balance-row", timeline(calls, from, lastInput, h.t));
    }
  }
  figs.print();
});

// ---- d. NV6: a waste stream's quantity to its cost -------------------------------------------

test("d. NV6: keystroke in a waste stream's quantity to its updated cost", async ({ page }) => {
  const id = await openHome(page);
  const doc = await rpc(page, "assessment.open", { id });
  const waste = doc.waste_streams.find((w: any) => w.name === WASTE_NAME);
  expect(waste, WASTE_NAME).toBeTruthy();
  await coldOpen(page, `/assessment/${id}/nv6`, "NV6", 0);
  await settle(page);
  const input = page.locator(`[data-testid="waste-row"][data-row-id="${waste.id}"] [data-testid="waste-quantity"]`);
  await expect(input).toBeVisible();
  const figs = new Figures();
  const values = [Math.round(waste.quantity * 1.05), Math.round(waste.quantity * 1.1)];
  for (let i = 0; i < WARMUP + N; i++) {
    const value = values[i % 2];
    const from = (await bench(page)).calls.length;
    const before = await watch(page, "cost", "wasteCost", [WASTE_NAME], { kind: "changed" });
    expect(before, `the ranked cost of «${WASTE_NAME}»`).not.toBeNull();
    await input.fill(String(value));
    const h = await hit(page, "cost");
    await settle(page);
    const { calls, lastInput } = await bench(page);
    if (i >= WARMUP && lastInput !== null) addTimeline(figs, "NV6", "waste-cost", timeline(calls, from, lastInput, h.t));
  }
  figs.print();
});
