// Smoke test of the real desktop binary: tauri-driver + WebKitWebDriver under Xvfb (run by
// scripts/desktop-smoke.sh inside xvfb-run and dbus-run-session). Launches the app on a fresh
// data folder, creates an enterprise with a Vietnamese name through the UI and checks that it is
// listed — a click goes through the Tauri command into sxsh-api and SQLite and back.
//
// Speaks the W3C WebDriver JSON protocol with fetch; every request has a timeout, because
// WebKitWebDriver can hang (../shared/notes/tauri-linux.md). Screenshots: `import -window root`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const app = process.env.SXSH_DESKTOP_BIN ?? path.join(root, 'target/debug/sxsh-field');
const driverBin = path.join(root, 'target/tools/bin/tauri-driver');
const shots = path.join(root, 'target/e2e-desktop');
mkdirSync(shots, { recursive: true });
const dataDir = mkdtempSync(path.join(tmpdir(), 'sxsh-desktop-'));
const PORT = 4444;
const base = `http://127.0.0.1:${PORT}`;

async function wd(method, url, body, timeoutMs = 30000) {
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function screenshot(name) {
  try {
    execFileSync('/usr/bin/import', ['-window', 'root', path.join(shots, `${name}.png`)], { timeout: 15000 });
  } catch (e) {
    console.warn(`screenshot ${name} failed: ${e.message}`);
  }
}

const ELEMENT = 'element-6066-11e4-a6c6-4a4b0f4e4f4f';

async function find(session, testid, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const el = await wd('POST', `/session/${session}/element`, {
        using: 'css selector',
        value: `[data-testid="${testid}"]`,
      });
      return el[ELEMENT];
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`no element ${testid}: ${e.message}`);
      await sleep(250);
    }
  }
}

async function texts(session, testid) {
  const els = await wd('POST', `/session/${session}/elements`, {
    using: 'css selector',
    value: `[data-testid="${testid}"]`,
  });
  const out = [];
  for (const el of els) out.push(await wd('GET', `/session/${session}/element/${el[ELEMENT]}/text`));
  return out;
}

const driver = spawn(driverBin, ['--port', String(PORT), '--native-port', '4445'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, SXSH_DATA_DIR: dataDir },
});
let session;
let failed = false;
const started = Date.now();
try {
  for (let i = 0; ; i++) {
    try {
      await wd('GET', '/status', undefined, 2000);
      break;
    } catch (e) {
      if (i > 80) throw new Error(`tauri-driver did not start: ${e.message}`);
      await sleep(250);
    }
  }
  const created = await wd(
    'POST',
    '/session',
    { capabilities: { alwaysMatch: { 'tauri:options': { application: app } } } },
    90000,
  );
  session = created.sessionId;
  console.log(`desktop smoke: session after ${Date.now() - started} ms`);

  await wd('POST', `/session/${session}/element/${await find(session, 'nav-enterprises')}/click`, {});
  await wd('POST', `/session/${session}/element/${await find(session, 'enterprise-new')}/click`, {});
  const name = 'Hộ rèn Nguyễn Văn Đức — Đa Sỹ';
  await wd('POST', `/session/${session}/element/${await find(session, 'enterprise-form-name')}/value`, {
    text: name,
  });
  screenshot('new-enterprise');
  await wd('POST', `/session/${session}/element/${await find(session, 'enterprise-save')}/click`, {});
  await wd('POST', `/session/${session}/element/${await find(session, 'nav-enterprises')}/click`, {});
  await find(session, 'enterprise-row');
  const rows = await texts(session, 'enterprise-row');
  screenshot('enterprises');
  if (!rows.some((t) => t.normalize('NFC').includes(name))) {
    throw new Error(`the new enterprise is not listed; rows: ${JSON.stringify(rows)}`);
  }
  console.log(`desktop smoke: ok (${rows.length} enterprise(s) listed) in ${Date.now() - started} ms`);
} catch (e) {
  failed = true;
  console.error(`desktop smoke FAILED: ${e.message}`);
  screenshot('failure');
} finally {
  if (session) await wd('DELETE', `/session/${session}`, undefined, 10000).catch(() => {});
  driver.kill();
}
process.exit(failed ? 1 : 0);
