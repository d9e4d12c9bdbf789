// A small W3C WebDriver client for the real desktop binary through tauri-driver (which runs
// WebKitWebDriver). Every request has a timeout: WebKitWebDriver can hang under Xvfb
// (../shared/notes/tauri-linux.md). Screenshots are taken with ImageMagick's `import`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');
export const shots = path.join(root, 'target/e2e-desktop');
mkdirSync(shots, { recursive: true });
const PORT = 4444;
const base = `http://127.0.0.1:${PORT}`;

export async function wd(method, url, body, timeoutMs = 30000) {
  const res = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function screenshot(name) {
  try {
    execFileSync('/usr/bin/import', ['-window', 'root', path.join(shots, `${name}.png`)], { timeout: 15000 });
  } catch (e) {
    console.warn(`screenshot ${name} failed: ${e.message}`);
  }
}

// A W3C element reference is an object with one key (element-6066-…); take its value.
const ref = (el) => Object.values(el)[0];

/** Waits for the element with this data-testid and returns its reference. */
export async function find(session, testid, timeoutMs = 20000, pollMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const el = await wd('POST', `/session/${session}/element`, {
        using: 'css selector',
        value: `[data-testid="${testid}"]`,
      });
      return ref(el);
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no element ${testid}: ${e.message}`);
      await sleep(pollMs);
    }
  }
}

export async function click(session, testid) {
  await wd('POST', `/session/${session}/element/${await find(session, testid)}/click`, {});
}

export async function type(session, testid, text) {
  await wd('POST', `/session/${session}/element/${await find(session, testid)}/value`, { text });
}

/** The visible texts of every element with this data-testid. */
export async function texts(session, testid) {
  const els = await wd('POST', `/session/${session}/elements`, {
    using: 'css selector',
    value: `[data-testid="${testid}"]`,
  });
  const out = [];
  for (const el of els) out.push(await wd('GET', `/session/${session}/element/${ref(el)}/text`));
  return out;
}

/** Starts tauri-driver with `env` added and waits until it answers. */
export async function startDriver(env) {
  const driverBin = path.join(root, 'target/tools/bin/tauri-driver');
  const driver = spawn(driverBin, ['--port', String(PORT), '--native-port', '4445'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
  });
  for (let i = 0; ; i++) {
    try {
      await wd('GET', '/status', undefined, 2000);
      return driver;
    } catch (e) {
      if (i > 80) throw new Error(`tauri-driver did not start: ${e.message}`);
      await sleep(250);
    }
  }
}

/** Launches the app binary in a new session; returns the session id. */
export async function launch(app) {
  const created = await wd(
    'POST',
    '/session',
    { capabilities: { alwaysMatch: { 'tauri:options': { application: app } } } },
    90000,
  );
  return created.sessionId;
}
