//! Report benchmarks; they print figures and assert nothing.
//! Run: `cargo bench -p sxsh-tests --bench report`.
//!
//! 1. The quick report of the Kim Lan demo. Target ≤ 150 ms.
//! 2. The detailed report of a large assessment (the seafood demo grown to 30+ pages, with 20
//!    phone-size photos whose print copies are already cached). Target peak memory ≤ 150 MB.
//!
//! 3. With `scripts/bench-reports.sh` (which installs Chromium and Typst): the same large report
//!    rendered by headless Chromium print-to-PDF from equivalent HTML (target: ours ≤ 0.25× its
//!    time) and by Typst from an equivalent .typ document (target ≤ 0.5×), each measured as a
//!    whole process, start-up included, by `scripts/measure.py`.
//!
//! Each figure is measured in a fresh child process (this bench re-runs itself), so the peak
//! resident memory (VmHWM) is the report's own, not the set-up's.

use std::process::Command;
use std::time::Instant;
use sxsh_api::dto::*;
use sxsh_api::i18n::Lang;
use sxsh_api::{Api, AssessmentReport};

const KIM_LAN: &str = "019582ce-19e0-7f35-bcef-81f0b907e3b4";
const SEAFOOD: &str = "019511ab-64c0-7310-910a-0ab227ff8d49";
const RUNS: usize = 7;

/// Peak resident memory of this process so far, in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Child: open the data dir, render the report RUNS times, print "median_ms pages_bytes peak_mb".
fn child(dir: &str, which: &str) {
    let api = Api::open(std::path::Path::new(dir)).unwrap();
    let (id, kind) = match which {
        "quick" => (KIM_LAN, AssessmentReport::Quick),
        _ => (SEAFOOD, AssessmentReport::Detailed),
    };
    if which == "once" {
        let pdf = api.assessment_report(id, kind, Lang::Vi).unwrap();
        std::fs::write(std::path::Path::new(dir).join("cmp/ours.pdf"), pdf).unwrap();
        return;
    }
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        let pdf = api.assessment_report(id, kind, Lang::Vi).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
        bytes = pdf.len();
        if which != "quick" {
            std::fs::write(std::path::Path::new(dir).join("large.pdf"), &pdf).unwrap();
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{:.1} {:.1} {bytes} {:.1}",
        times[RUNS / 2],
        times[0],
        peak_mb()
    );
}

/// Grows the seafood assessment: ×12 flows and waste streams, ×6 options, ×10 actions, 20 photos.
fn grow(api: &Api) {
    let doc = api.export_assessment(SEAFOOD).unwrap();
    for i in 1..12 {
        for f in &doc.flows {
            let mut f = f.data.clone();
            f.id = String::new();
            f.name = format!("{} (lô {i})", f.name);
            api.create(f).unwrap();
        }
        for w in &doc.waste_streams {
            let mut w = w.data.clone();
            w.id = String::new();
            w.name = format!("{} (lô {i})", w.name);
            api.create(w).unwrap();
        }
    }
    for i in 1..6 {
        for o in &doc.options {
            let mut o = o.data.clone();
            o.id = String::new();
            o.title = format!("{} — phương án {i}", o.title);
            api.create(o).unwrap();
        }
    }
    for i in 1..10 {
        for a in &doc.actions {
            let mut a = a.data.clone();
            a.id = String::new();
            a.option_id = None;
            a.title = format!("{} (đợt {i})", a.title);
            api.create(a).unwrap();
        }
    }
    for i in 0..20 {
        api.import_attachment(
            AttachmentInput {
                owner_entity: "assessment".into(),
                owner_id: SEAFOOD.into(),
                caption: format!("Ảnh hiện trường số {}: khu sơ chế, bàn lặt đầu", i + 1),
                original_name: format!("IMG_{i:04}.jpg"),
                taken_at: None,
            },
            &sxsh_tests::phone_photo(i),
        )
        .unwrap();
    }
}

fn run_child(dir: &std::path::Path, which: &str) -> Vec<String> {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("SXSH_BENCH_CHILD", which)
        .env("SXSH_BENCH_DIR", dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// Runs `cmd` through scripts/measure.py; returns (median ms, best ms, peak MB).
fn measure(runs: usize, cmd: &[&str]) -> (f64, f64, f64) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/measure.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(runs.to_string())
        .args(cmd)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Vec<f64> = String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|x| x.parse().unwrap())
        .collect();
    (v[0], v[1], v[2])
}

/// Ours, Chromium and Typst on the same large report, side by side.
fn compare(dir: &std::path::Path, chromium: &str, typst_py: &str) {
    let api = Api::open(dir).unwrap();
    let model = api
        .assessment_report_model(SEAFOOD, AssessmentReport::Detailed, Lang::Vi)
        .unwrap();
    drop(api);
    let cmp = dir.join("cmp");
    std::fs::create_dir_all(&cmp).unwrap();
    sxsh_tests::compare::write_photos(&model, &cmp);
    let fonts = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/fonts"))
        .canonicalize()
        .unwrap();
    std::fs::write(
        cmp.join("report.html"),
        sxsh_tests::compare::to_html(&model, &fonts),
    )
    .unwrap();
    std::fs::write(
        cmp.join("report.typ"),
        sxsh_tests::compare::to_typst(&model),
    )
    .unwrap();

    let exe = std::env::current_exe().unwrap();
    let ours = {
        let script = format!(
            "SXSH_BENCH_CHILD=once SXSH_BENCH_DIR={} exec {}",
            dir.display(),
            exe.display()
        );
        measure(5, &["sh", "-c", &script])
    };
    let pdf = cmp.join("chromium.pdf");
    let html = format!("file://{}", cmp.join("report.html").display());
    let chrome = measure(
        3,
        &[
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &html,
        ],
    );
    let typst_code = format!(
        "import typst; typst.compile({:?}, output={:?}, root={:?}, font_paths=[{:?}])",
        cmp.join("report.typ").display().to_string(),
        cmp.join("typst.pdf").display().to_string(),
        cmp.display().to_string(),
        fonts.display().to_string()
    );
    let typst = measure(3, &[typst_py, "-c", &typst_code]);
    let pages = |f: &str| sxsh_tests::pdf_pages(&std::fs::read(cmp.join(f)).unwrap());
    println!(
        "side by side, the same detailed report with 20 photos, whole processes (start-up included):"
    );
    println!(
        "  SXSH Field (printpdf): median {:.0} ms, best {:.0} ms, peak RSS {:.1} MB, {} pages",
        ours.0,
        ours.1,
        ours.2,
        pages("ours.pdf")
    );
    println!(
        "  headless Chromium print-to-PDF: median {:.0} ms, best {:.0} ms, peak RSS of its largest process {:.1} MB, {} pages",
        chrome.0,
        chrome.1,
        chrome.2,
        pages("chromium.pdf")
    );
    println!(
        "  Typst (PyPI typst): median {:.0} ms, best {:.0} ms, peak RSS {:.1} MB, {} pages",
        typst.0,
        typst.1,
        typst.2,
        pages("typst.pdf")
    );
    println!(
        "  ours / Chromium = {:.3} (target ≤ 0.25); ours / Typst = {:.3} (target ≤ 0.5)",
        ours.0 / chrome.0,
        ours.0 / typst.0
    );
    // Keep the three PDFs and their sources to look at.
    let keep = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/bench-report"
    ));
    std::fs::create_dir_all(keep).unwrap();
    for f in [
        "ours.pdf",
        "chromium.pdf",
        "typst.pdf",
        "report.html",
        "report.typ",
    ] {
        std::fs::copy(cmp.join(f), keep.join(f)).unwrap();
    }
    println!("  the three PDFs and their sources are in target/bench-report/");
}

/// Saves (autosave-sized edits) made while `work` runs again and again on another thread: the
/// median, 99th-percentile and longest wait. Only reading the rows (or copying the database)
/// holds the store's lock.
fn saves_while(api: &std::sync::Arc<Api>, what: &str, work: fn(&Api)) {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let worker = {
        let (api, stop) = (api.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                work(&api);
                n += 1;
            }
            n
        })
    };
    let mut a = api.get::<sxsh_api::dto::Assessment>(SEAFOOD).unwrap().data;
    let mut waits = Vec::new();
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 6.0 {
        a.next_steps = format!("Bước tiếp theo {}", waits.len());
        let t = Instant::now();
        api.update(a.clone()).unwrap();
        waits.push(t.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(std::time::Duration::from_millis(15));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let runs = worker.join().unwrap();
    waits.sort_by(f64::total_cmp);
    println!(
        "saves while {what} ({runs} runs): {} saves, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} over 50 ms  [target: max ≤ 50 ms]",
        waits.len(),
        waits[waits.len() / 2],
        waits[waits.len() * 99 / 100],
        waits[waits.len() - 1],
        waits.iter().filter(|w| **w > 50.0).count()
    );
}

fn render_detailed(api: &Api) {
    api.assessment_report(SEAFOOD, AssessmentReport::Detailed, Lang::Vi)
        .unwrap();
}

fn back_up(api: &Api) {
    let out = api.data_dir().join("backups").join("bench.sxshbak");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    api.backup(&out, &mut |_, _| {}).unwrap();
}

fn main() {
    if let (Ok(which), Ok(dir)) = (
        std::env::var("SXSH_BENCH_CHILD"),
        std::env::var("SXSH_BENCH_DIR"),
    ) {
        return child(&dir, &which);
    }
    let dir = tempfile::tempdir().unwrap();
    Api::open(dir.path()).unwrap().load_demo().unwrap();
    // The child opens the folder itself: this process lets go of it first (one process per
    // data folder).
    let q = run_child(dir.path(), "quick");
    let api = Api::open(dir.path()).unwrap();
    println!(
        "quick report (Kim Lan demo): median {} ms, best {} ms, {} bytes, peak RSS {} MB  [target ≤ 150 ms]",
        q[0], q[1], q[2], q[3]
    );

    let t = Instant::now();
    grow(&api);
    println!(
        "set-up: large assessment with 20 phone photos (4000×3000) in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    api.assessment_report(SEAFOOD, AssessmentReport::Detailed, Lang::Vi)
        .unwrap();
    println!(
        "first detailed report, making the 20 print copies (1200 px): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    // `cargo test` runs this bench as a smoke test; the 6 s of concurrent saves only in `cargo bench`.
    if std::env::args().any(|a| a == "--bench") {
        let api = std::sync::Arc::new(api);
        // The control: the same saves with nothing else running (this disk's own fsync stalls).
        saves_while(&api, "nothing else runs (control)", |_| {
            std::thread::sleep(std::time::Duration::from_millis(5))
        });
        saves_while(&api, "the detailed report renders", render_detailed);
        saves_while(&api, "a backup with 20 photos is written", back_up);
    } else {
        drop(api);
    }
    let d = run_child(dir.path(), "large");
    let pages = sxsh_tests::pdf_pages(&std::fs::read(dir.path().join("large.pdf")).unwrap());
    println!(
        "detailed report, {pages} pages, 20 photos: median {} ms, best {} ms, {} bytes, peak RSS {} MB  [target ≤ 150 MB]",
        d[0], d[1], d[2], d[3]
    );
    match (
        std::env::var("SXSH_BENCH_CHROMIUM"),
        std::env::var("SXSH_BENCH_TYPST_PY"),
    ) {
        (Ok(chromium), Ok(typst_py)) => compare(dir.path(), &chromium, &typst_py),
        _ => println!("comparison with Chromium and Typst skipped: run ./scripts/bench-reports.sh"),
    }
}
