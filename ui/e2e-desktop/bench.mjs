// Desktop benchmark (scripts/bench-desktop.sh, under Xvfb): prints the release binary's size,
// the time from launching the process to the first interactive screen (Home listing the demo
// assessments read from SQLite), and resident memory after opening the demo database.
//
// The launch time is measured from the WebDriver "new session" request (which starts the app)
// to the moment the recent-assessments table is found, polling every 25 ms: it includes
// WebKitWebDriver's own start, so it is an upper bound of what a person waits.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { find, launch, root, screenshot, sleep, startDriver, wd } from './wd.mjs';

const app = process.env.SXSH_DESKTOP_BIN ?? path.join(root, 'target/release/sxsh-field');
const sxsh = process.env.SXSH_BIN ?? path.join(root, 'target/release/sxsh');
const runs = Number(process.env.RUNS ?? 5);
const dataDir = mkdtempSync(path.join(tmpdir(), 'sxsh-bench-'));
execFileSync(sxsh, ['--data-dir', dataDir, 'demo'], { stdio: 'ignore' });

const mb = (bytes) => (bytes / 1e6).toFixed(1);

/** VmRSS in bytes of a pid, 0 when gone. */
function rss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Proportional set size in bytes (shared pages divided among the processes sharing them). */
function pss(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every pid whose parent is `pid`, recursively. */
function descendants(pid) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d), ...descendants(Number(d)));
    } catch {
      /* process ended */
    }
  }
  return out;
}

function appPid() {
  const out = execFileSync('pgrep', ['-n', '-f', `^${app}`], { encoding: 'utf8' }).trim();
  return Number(out.split('\n')[0]);
}

const size = statSync(app).size;
const driver = await startDriver({ SXSH_DATA_DIR: dataDir });
const times = [];
let memory;
try {
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const session = await launch(app);
    await find(session, 'recent-table', 20000, 25);
    times.push(performance.now() - t0);
    if (i === runs - 1) {
      await sleep(2000); // let the first screen settle
      const pid = appPid();
      const kids = descendants(pid);
      const own = rss(pid);
      const all = own + kids.reduce((s, p) => s + rss(p), 0);
      const allPss = pss(pid) + kids.reduce((s, p) => s + pss(p), 0);
      memory = { own, all, ownPss: pss(pid), allPss, processes: 1 + kids.length };
      screenshot('bench-home');
    }
    await wd('DELETE', `/session/${session}`, undefined, 10000).catch(() => {});
    await sleep(500);
  }
} finally {
  driver.kill();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`binary            ${path.relative(root, app)}: ${mb(size)} MB (target <= 25 MB)`);
console.log(
  `first screen      median ${(median / 1000).toFixed(2)} s over ${runs} launches ` +
    `(min ${(times[0] / 1000).toFixed(2)}, max ${(times[times.length - 1] / 1000).toFixed(2)}) (target <= 2 s)`,
);
console.log(
  `resident memory   app process RSS ${mb(memory.own)} MB, PSS ${mb(memory.ownPss)} MB (target <= 200 MB)`,
);
console.log(
  `                  with its ${memory.processes - 1} WebKit processes: RSS sum ${mb(memory.all)} MB ` +
    `(shared libraries counted in each), PSS sum ${mb(memory.allPss)} MB`,
);
