// Smoke test of the real desktop binary: tauri-driver + WebKitWebDriver under Xvfb (run by
// scripts/desktop-smoke.sh inside xvfb-run and dbus-run-session). Launches the app on a fresh
// data folder, creates an enterprise with a Vietnamese name through the UI and checks that it is
// listed — a click goes through the Tauri command into sxsh-api and SQLite and back. Then the
// shell's second command: switching to another data folder (the demo data), and refusing a
// folder whose database is damaged while the current one stays in use. Last, the last keystroke:
// typed, then the window is closed at once as a window manager's close button does
// (close-window.py), and the text is in the database afterwards.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { click, find, launch, root, screenshot, startDriver, texts, type, wd } from './wd.mjs';

const app = process.env.SXSH_DESKTOP_BIN ?? path.join(root, 'target/debug/sxsh-field');
const sxsh = process.env.SXSH_BIN ?? path.join(root, 'target/debug/sxsh');
const tmp = mkdtempSync(path.join(tmpdir(), 'sxsh-desktop-'));
const dataDir = path.join(tmp, 'data');
const started = Date.now();
// XDG_CONFIG_HOME: the folder the app remembers is written here, not into the real home.
const driver = await startDriver({ SXSH_DATA_DIR: dataDir, XDG_CONFIG_HOME: path.join(tmp, 'config') });

/** Calls a Tauri command from inside the window, as the UI does. */
async function invoke(session, command, args) {
  return wd('POST', `/session/${session}/execute/async`, {
    script:
      'const done = arguments[arguments.length - 1];' +
      'window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((ok) => done({ ok }), (error) => done({ error }));',
    args: [command, args],
  });
}
let session;
let failed = false;
try {
  session = await launch(app);
  await click(session, 'nav-enterprises');
  await click(session, 'enterprise-new');
  const name = 'Hộ rèn Nguyễn Văn Đức — Đa Sỹ';
  await type(session, 'enterprise-form-name', name);
  screenshot('new-enterprise');
  await click(session, 'enterprise-save');
  await click(session, 'nav-enterprises');
  await find(session, 'enterprise-row');
  const rows = await texts(session, 'enterprise-row');
  screenshot('enterprises');
  if (!rows.some((t) => t.normalize('NFC').includes(name))) {
    throw new Error(`the new enterprise is not listed; rows: ${JSON.stringify(rows)}`);
  }

  // Another data folder: the demo data, opened by the shell and used from then on.
  const demo = path.join(tmp, 'demo');
  execFileSync(sxsh, ['--data-dir', demo, 'demo'], { stdio: 'ignore' });
  const switched = await invoke(session, 'switch_data_dir', { path: demo });
  if (!switched.ok || switched.ok.data_dir !== demo) throw new Error(`switch failed: ${JSON.stringify(switched)}`);
  await wd('POST', `/session/${session}/refresh`, {});
  await click(session, 'nav-enterprises');
  await find(session, 'enterprise-row');
  const demoRows = await texts(session, 'enterprise-row');
  if (demoRows.length !== 3 || !demoRows.some((t) => t.includes('Đa Sỹ'))) {
    throw new Error(`the demo folder is not in use; rows: ${JSON.stringify(demoRows)}`);
  }
  // A folder whose database is not a database is refused; the demo folder stays in use.
  const damaged = path.join(tmp, 'damaged');
  mkdirSync(damaged);
  writeFileSync(path.join(damaged, 'sxsh.db'), 'this is no SQLite database '.repeat(200));
  const refused = await invoke(session, 'switch_data_dir', { path: damaged });
  if (refused.error?.code !== 'DB_NOT_A_DATABASE') throw new Error(`damaged folder: ${JSON.stringify(refused)}`);
  const info = await invoke(session, 'call', { method: 'info', params: {} });
  if (info.ok?.data_dir !== demo) throw new Error(`the data folder changed: ${JSON.stringify(info)}`);

  // The last keystroke survives closing the window right after it.
  await type(session, 'enterprise-search', 'da sy');
  const rowCount = () =>
    wd('POST', `/session/${session}/execute/sync`, {
      script: 'return document.querySelectorAll(\'[data-testid="enterprise-row"]\').length;',
      args: [],
    });
  for (let i = 0; (await rowCount()) !== 1; i++) {
    if (i > 80) throw new Error('the search "da sy" did not narrow the list to one row');
    await new Promise((r) => setTimeout(r, 100));
  }
  const link = await wd('POST', `/session/${session}/element`, {
    using: 'css selector',
    value: '[data-testid="enterprise-row"] a',
  });
  await wd('POST', `/session/${session}/element/${Object.values(link)[0]}/click`, {});
  const typed = ' — ghi ngay trước khi đóng cửa sổ';
  await type(session, 'enterprise-form-products', typed);
  execFileSync(path.join(root, 'ui/e2e-desktop/close-window.py'), [], { stdio: 'inherit' });
  for (let i = 0; ; i++) {
    try {
      execFileSync('pgrep', ['-f', `^${app}`], { stdio: 'ignore' });
    } catch {
      break; // the app has exited
    }
    if (i > 100) throw new Error('the app did not close');
    await new Promise((r) => setTimeout(r, 100));
  }
  session = undefined;
  const stored = JSON.parse(
    execFileSync(sxsh, ['--data-dir', demo, '--json', 'enterprise', 'search', 'da sy'], { encoding: 'utf8' }),
  );
  if (!stored[0].main_products.endsWith(typed)) {
    throw new Error(`the last keystroke was lost on close: ${JSON.stringify(stored[0].main_products)}`);
  }
  console.log(
    'desktop smoke: ok (new enterprise listed; data folder switched; damaged folder refused; ' +
      `last keystroke kept on close) in ${Date.now() - started} ms`,
  );
} catch (e) {
  failed = true;
  console.error(`desktop smoke FAILED: ${e.message}`);
  screenshot('failure');
} finally {
  if (session) await wd('DELETE', `/session/${session}`, undefined, 10000).catch(() => {});
  driver.kill();
}
process.exit(failed ? 1 : 0);
