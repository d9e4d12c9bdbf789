// Smoke test of the real desktop binary: tauri-driver + WebKitWebDriver under Xvfb (run by
// scripts/desktop-smoke.sh inside xvfb-run and dbus-run-session). Launches the app on a fresh
// data folder, creates an enterprise with a Vietnamese name through the UI and checks that it is
// listed — a click goes through the Tauri command into sxsh-api and SQLite and back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { click, find, launch, root, screenshot, startDriver, texts, type, wd } from './wd.mjs';

const app = process.env.SXSH_DESKTOP_BIN ?? path.join(root, 'target/debug/sxsh-field');
const dataDir = mkdtempSync(path.join(tmpdir(), 'sxsh-desktop-'));
const started = Date.now();
const driver = await startDriver({ SXSH_DATA_DIR: dataDir });
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
