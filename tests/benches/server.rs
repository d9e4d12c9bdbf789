//! Office-server benchmarks, on SQLite and on PostgreSQL (a throwaway cluster this bench starts
//! with `scripts/pg-cluster.sh`, fsync on; or the one named by `SXSH_BENCH_POSTGRES`). They
//! print figures and assert nothing. Run: `cargo bench -p sxsh-tests --bench server`.
//!
//! 1. The server's apply of a 10,000-op push (new flows with all their fields) in one write
//!    transaction, against a bulk insert of 10,000 rows into a plain table of the same database
//!    in one transaction. Target: ≤ 5×. Also the same ops through HTTP (10 pushes of 1,000).
//! 2. 50 concurrent clients × 1,000 ops each (pushes of 100) to a real server process on
//!    loopback: throughput, p50 and p99 push latency, errors. Target: 0 errors.
//! 3. Initial sync of a programme of 2,000 assessments (each with 5 flows) by a new device:
//!    time, and peak memory of the device process and of the server process.
//!
//! 4. The office portal's dashboard over 10,000 enterprises (in 63 provinces, 693 districts,
//!    12 sectors), 50,000 assessments (5 each over six years, 3 of them approved, in four
//!    programmes) and 250,000 options (5 each, with an electricity saving): server time per
//!    request (the read model brought up to date and the roll-up, as
//!    `GET /portal/api/dashboard` runs them), p50 and p99, and the answer's size, for the
//!    admin, for a viewer of one programme and for one province; the enterprise search over
//!    the 10,000 names (the search itself, and with the pages a request loads). Targets:
//!    ≤ 300 ms on PostgreSQL; search ≤ 50 ms. `SXSH_BENCH_DASH_ENTERPRISES` sets the size (default 10,000),
//!    `SXSH_BENCH_DASH_N` the requests (default 100, fewer when one takes over 2 s).
//!
//! `SXSH_BENCH_ONLY=apply,clients,initial,dashboard` runs only those parts;
//! `SXSH_BENCH_BACKENDS=sqlite` only the SQLite backend.

use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use sxsh_server::db::{AnyDb, Backend, Val};
use sxsh_server::portal::SearchQuery;
use sxsh_server::{Config, Server, storage};
use sxsh_sync_proto::ChangeOp;

#[path = "../tests/it/common/mod.rs"]
mod common;

const PASSWORD: &str = "mật khẩu thử 123";

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// A row id as devices make them (a UUID), fixed by the kind of row (`f`, `a`, `e`, `p`), the
/// device and a number.
fn uid(kind: char, device: &str, n: u64) -> String {
    let d = device.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ b as u32).wrapping_mul(0x0100_0193)
    });
    format!("{d:08x}-{:04x}-7000-8000-{n:012x}", kind as u32)
}

/// A whole row as a device pushes a new one: `row` (a domain struct) with `id` and the given
/// fields set.
fn whole(row: impl serde::Serialize, id: &str, set: Value) -> Value {
    let mut v = serde_json::to_value(row).unwrap();
    v["id"] = json!(id);
    for (k, x) in set.as_object().unwrap() {
        v[k] = x.clone();
    }
    v
}

/// A new flow under `aid`, every field set, as a device would push it.
fn flow_op(n: u64, aid: &str, device: &str) -> ChangeOp {
    let row_id = uid('f', device, n);
    let mut f = common::flow(aid, &format!("Than cám đợt {n}"), n as f64 * 1.5);
    f.note = "Cân tại kho".into();
    let fields = whole(f, &row_id, json!({}));
    op(&uid('g', device, n), "flow", &row_id, fields, n, device)
}

fn op(op_id: &str, entity: &str, row_id: &str, fields: Value, n: u64, device: &str) -> ChangeOp {
    ChangeOp {
        op_id: op_id.into(),
        entity: entity.into(),
        row_id: row_id.into(),
        kind: sxsh_sync_proto::OpKind::Upsert,
        fields: fields.as_object().unwrap().clone(),
        hlc: format!("{:015}-{:010}-{device}", now_ms(), n),
        base: Default::default(),
        device_id: device.into(),
        author: format!("bench@{device}"),
        at: "2026-12-03T08:00:00.000Z".into(),
        created_at: None,
        schema_version: sxsh_domain::schema::SCHEMA_VERSION,
    }
}

fn assessment_op(n: u64, programme: &str, device: &str) -> ChangeOp {
    let id = uid('a', device, n);
    let mut a = common::assessment(&uid('e', device, n));
    a.programme_id = Some(programme.into());
    a.title = format!("Đánh giá nhanh số {n}");
    let fields = whole(a, &id, json!({}));
    op(&uid('h', device, n), "assessment", &id, fields, n, device)
}

/// A programme, an enterprise and an assessment `n` of `device` in it: the rows the flows of
/// `flow_op(_, &uid('a', device, n), _)` belong to (the server places a new row only under a
/// parent it holds).
fn parent_ops(n: u64, device: &str) -> Vec<ChangeOp> {
    let programme_id = uid('p', device, n);
    let programme = op(
        &uid('q', device, n),
        "programme",
        &programme_id,
        whole(
            common::programme("SXSH Hà Nội 2026"),
            &programme_id,
            json!({}),
        ),
        n,
        device,
    );
    vec![
        programme,
        enterprise_op(n, device),
        assessment_op(n, &programme_id, device),
    ]
}

/// Enterprise `n` of a national office: one of 63 provinces, 11 districts in each, one of
/// the reference's sectors (the dashboard bench's groups as a real office's are).
fn varied_enterprise_op(n: u64, device: &str) -> ChangeOp {
    let id = uid('e', device, n);
    let sectors = sxsh_domain::reference::SECTORS;
    let mut e = common::enterprise(&format!("Hộ gốm số {n}"));
    e.province = format!("Tỉnh {:02}", n % 63);
    e.district = format!("Huyện {:02}", (n / 63) % 11);
    e.commune = format!("Xã {:02}", (n / 693) % 7);
    e.sector = sectors[(n as usize / 7) % sectors.len()].to_string();
    let fields = whole(e, &id, json!({}));
    op(&uid('i', device, n), "enterprise", &id, fields, n, device)
}

fn enterprise_op(n: u64, device: &str) -> ChangeOp {
    let id = uid('e', device, n);
    let fields = whole(
        common::enterprise(&format!("Hộ gốm số {n}")),
        &id,
        json!({}),
    );
    op(&uid('i', device, n), "enterprise", &id, fields, n, device)
}

/// A PostgreSQL server for the run: `SXSH_BENCH_POSTGRES`, or a cluster started here.
struct Pg {
    url: String,
    dir: Option<tempfile::TempDir>,
}

impl Pg {
    fn start() -> Option<Pg> {
        if let Ok(url) = std::env::var("SXSH_BENCH_POSTGRES") {
            return Some(Pg { url, dir: None });
        }
        let dir = tempfile::tempdir().unwrap();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/pg-cluster.sh");
        let out = Command::new(script)
            .args(["start", dir.path().to_str().unwrap()])
            .env("PG_FSYNC", "on")
            .output()
            .unwrap();
        if !out.status.success() {
            eprintln!("no PostgreSQL: {}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        let url = String::from_utf8(out.stdout).unwrap().trim().to_string();
        Some(Pg {
            url,
            dir: Some(dir),
        })
    }

    /// A new empty database of this server.
    fn database(&self, name: &str) -> String {
        let out = Command::new("psql")
            .args([
                &format!("{}/postgres", self.url),
                "-q",
                "-c",
                &format!("DROP DATABASE IF EXISTS {name}"),
                "-c",
                &format!("CREATE DATABASE {name}"),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        format!("{}/{name}", self.url)
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        if let Some(d) = &self.dir {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/pg-cluster.sh");
            let _ = Command::new(script)
                .args(["stop", d.path().to_str().unwrap()])
                .status();
        }
    }
}

/// The databases of this run: (name, `--db` value) — SQLite in a temp dir, PostgreSQL.
fn databases(pg: &Option<Pg>, name: &str, tmp: &std::path::Path) -> Vec<(&'static str, String)> {
    let mut v = vec![(
        "sqlite",
        format!("sqlite:{}", tmp.join(format!("{name}.db")).display()),
    )];
    if let Some(pg) = pg {
        v.push(("postgres", pg.database(name)));
    }
    v
}

fn init(db: &str) -> Arc<Server<AnyDb>> {
    let server = Server::open(AnyDb::open(db).unwrap(), Config::default()).unwrap();
    server.init("Văn phòng thử", "admin", PASSWORD).unwrap();
    server
}

fn apply_vs_bulk(pg: &Option<Pg>, tmp: &std::path::Path) {
    for (kind, db) in databases(pg, "bench_apply", tmp) {
        let server = init(&db);
        let admin = server
            .db
            .read(|tx| storage::account_by_login(tx, "admin"))
            .unwrap()
            .unwrap()
            .0;
        server
            .db
            .write(|tx| storage::push(tx, &admin, &parent_ops(1, "dev1"), now_ms()))
            .unwrap();
        let ops: Vec<ChangeOp> = (0..10_000)
            .map(|i| flow_op(i, &uid('a', "dev1", 1), "dev1"))
            .collect();
        let t = Instant::now();
        server
            .db
            .write(|tx| storage::push(tx, &admin, &ops, now_ms()))
            .unwrap();
        let apply = t.elapsed();

        server
            .db
            .write(|tx| {
                tx.exec(
                    "CREATE TABLE bench_rows (id TEXT PRIMARY KEY, body TEXT NOT NULL)",
                    &[],
                )
                .map(|_| ())
            })
            .unwrap();
        let t = Instant::now();
        server
            .db
            .write(|tx| {
                for op in &ops {
                    tx.exec(
                        "INSERT INTO bench_rows (id, body) VALUES ($1, $2)",
                        &[
                            Val::from(op.row_id.as_str()),
                            Val::from(serde_json::to_string(&op.fields).unwrap()),
                        ],
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let bulk = t.elapsed();
        println!(
            "[{kind}] server apply of a 10,000-op push: {:.0} ms; bulk insert of 10,000 rows: {:.0} ms; ratio {:.2}x (target <= 5x)",
            apply.as_secs_f64() * 1e3,
            bulk.as_secs_f64() * 1e3,
            apply.as_secs_f64() / bulk.as_secs_f64()
        );
    }
}

/// A real server process on `db`, serving on a free loopback port; its URL.
fn serve(db: &str, blobs: &std::path::Path) -> (Child, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_office-server"))
        .args(["serve", "--listen", "127.0.0.1:0", "--db", db, "--blobs"])
        .arg(blobs)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .strip_prefix("listening on ")
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    (child, url)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn login(agent: &ureq::Agent, url: &str, who: &str) -> String {
    let mut r = agent
        .post(&format!("{url}/api/v1/login"))
        .send_json(json!({"login": who, "password": PASSWORD, "device_id": who, "client_version": "0.1.0"}))
        .unwrap();
    let v: Value = r.body_mut().read_json().unwrap();
    v["token"].as_str().unwrap().to_string()
}

/// Pushes `ops` in one request; whether every op was applied.
fn push(agent: &ureq::Agent, url: &str, token: &str, ops: &[ChangeOp]) -> bool {
    let body = json!({"device_id": "bench", "client_version": "0.1.0", "ops": ops});
    let Ok(mut r) = agent
        .post(&format!("{url}/api/v1/push"))
        .header("authorization", &format!("Bearer {token}"))
        .send_json(body)
    else {
        return false;
    };
    if r.status() != 200 {
        return false;
    }
    let v: Value = r.body_mut().read_json().unwrap_or(Value::Null);
    v["results"]
        .as_array()
        .is_some_and(|a| a.len() == ops.len() && a.iter().all(|x| x["status"] == "applied"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn peak_mb_of(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|k| k.parse::<f64>().ok())
        .map_or(0.0, |k| k / 1024.0)
}

fn http_and_clients(pg: &Option<Pg>, tmp: &std::path::Path) {
    for (kind, db) in databases(pg, "bench_clients", tmp) {
        drop(init(&db));
        let (mut child, url) = serve(&db, &tmp.join(format!("{kind}-client-blobs")));
        // The same 10,000 ops as above through HTTP, 10 pushes of 1,000.
        let a = agent();
        let token = login(&a, &url, "admin");
        assert!(push(&a, &url, &token, &parent_ops(1, "http")));
        assert!(push(&a, &url, &token, &parent_ops(2, "clients")));
        let ops: Vec<ChangeOp> = (0..10_000)
            .map(|i| flow_op(i, &uid('a', "http", 1), "http"))
            .collect();
        let t = Instant::now();
        let ok = ops.chunks(1000).all(|c| push(&a, &url, &token, c));
        println!(
            "[{kind}] the 10,000 ops through HTTP (10 pushes of 1,000): {:.0} ms{}; server peak memory {:.0} MB",
            t.elapsed().as_secs_f64() * 1e3,
            if ok { "" } else { " (ERRORS)" },
            peak_mb_of(child.id())
        );

        // 50 clients × 1,000 ops in pushes of 100, all at once.
        let clients = 50;
        let t = Instant::now();
        let results: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..clients)
                .map(|c| {
                    let url = url.clone();
                    s.spawn(move || {
                        let a = agent();
                        let token = login(&a, &url, "admin");
                        let device = format!("c{c:02}");
                        let ops: Vec<ChangeOp> = (0..1000)
                            .map(|i| flow_op(i, &uid('a', "clients", 2), &device))
                            .collect();
                        let mut lat = Vec::new();
                        let mut errors = 0;
                        for chunk in ops.chunks(100) {
                            let t = Instant::now();
                            if !push(&a, &url, &token, chunk) {
                                errors += 1;
                            }
                            lat.push(t.elapsed());
                        }
                        (lat, errors)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let wall = t.elapsed();
        let mut lat: Vec<Duration> = results.iter().flat_map(|r| r.0.iter().copied()).collect();
        lat.sort();
        let errors: usize = results.iter().map(|r| r.1).sum();
        println!(
            "[{kind}] {clients} concurrent clients x 1,000 ops (pushes of 100): {:.1} s, {:.0} ops/s, push latency p50 {:.0} ms, p99 {:.0} ms, {errors} errors; server peak memory {:.0} MB",
            wall.as_secs_f64(),
            (clients * 1000) as f64 / wall.as_secs_f64(),
            percentile(&lat, 0.5).as_secs_f64() * 1e3,
            percentile(&lat, 0.99).as_secs_f64() * 1e3,
            peak_mb_of(child.id())
        );
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// Photos in the initial-sync programme.
const PHOTOS: u64 = 200;

/// A photo row on assessment `n`, as a device pushes it.
fn attachment_op(n: u64, sha: &str, size: usize, device: &str) -> ChangeOp {
    let id = uid('t', device, n);
    let aid = uid('a', device, n);
    let row = sxsh_domain::model::Attachment {
        id: id.clone(),
        sha256: sha.into(),
        mime: "image/jpeg".into(),
        size: size as i64,
        caption: format!("Lò nung số {n}"),
        taken_at: None,
        owner_entity: "assessment".into(),
        owner_id: aid.clone(),
        assessment_id: Some(aid),
        original_name: format!("IMG_{n:04}.jpg"),
    };
    let fields = whole(row, &id, json!({}));
    op(&uid('u', device, n), "attachment", &id, fields, n, device)
}

fn initial_sync(pg: &Option<Pg>, tmp: &std::path::Path) {
    let base_photos: Vec<Vec<u8>> = (0..4).map(sxsh_tests::phone_photo).collect();
    for (kind, db) in databases(pg, "bench_initial", tmp) {
        let server = init(&db);
        let admin = server
            .db
            .read(|tx| storage::account_by_login(tx, "admin"))
            .unwrap()
            .unwrap()
            .0;
        // The programme, 2,000 enterprises with an assessment each, 5 flows per assessment,
        // and a phone photo (12 MP, a few MB) on each of the first 200 assessments.
        let programme_id = uid('p', "office", 1);
        let programme = op(
            &uid('q', "office", 1),
            "programme",
            &programme_id,
            whole(
                common::programme("SXSH Hà Nội 2026"),
                &programme_id,
                json!({}),
            ),
            0,
            "office",
        );
        let mut ops = vec![programme];
        for n in 0..2_000u64 {
            ops.push(enterprise_op(n, "dev"));
            ops.push(assessment_op(n, &programme_id, "dev"));
            for f in 0..5 {
                ops.push(flow_op(n * 10 + f, &uid('a', "dev", n), "dev"));
            }
        }
        let blob_dir = tmp.join(format!("{kind}-blobs"));
        let blobs = sxsh_server::blobs::Blobs::new(&blob_dir);
        let mut photo_bytes = 0;
        for n in 0..PHOTOS {
            // Four real photos, each made distinct by bytes after its end (which decoders
            // ignore), so every one has its own hash as phone photos do.
            let mut photo = base_photos[n as usize % base_photos.len()].clone();
            photo.extend_from_slice(&n.to_be_bytes());
            let sha = sxsh_tests::sha256_hex(&photo);
            blobs.put(&sha, &mut &photo[..]).unwrap();
            // As an upload does: the thumbnail is made as the photo arrives (see
            // `Blobs::append`), unless `SXSH_BENCH_LAZY_THUMBS` leaves it to the first request.
            if std::env::var_os("SXSH_BENCH_LAZY_THUMBS").is_none() {
                blobs.thumbnail(&sha).unwrap();
            }
            photo_bytes += photo.len();
            ops.push(attachment_op(n, &sha, photo.len(), "dev"));
        }
        for chunk in ops.chunks(5_000) {
            server
                .db
                .write(|tx| storage::push(tx, &admin, chunk, now_ms()))
                .unwrap();
        }
        let hash = sxsh_server::auth::hash_password(PASSWORD).unwrap();
        server
            .db
            .write(|tx| {
                storage::create_account(
                    tx,
                    "lan",
                    "Lan",
                    sxsh_sync_proto::wire::Role::Consultant,
                    &hash,
                    std::slice::from_ref(&programme_id),
                )
                .map(|_| ())
            })
            .unwrap();
        drop(server);
        let (mut child, url) = serve(&db, &tmp.join(format!("{kind}-blobs")));
        let dev = tempfile::tempdir().unwrap();
        {
            let api = sxsh_api::Api::open(dev.path()).unwrap();
            api.sync_login(&url, "lan", PASSWORD, None).unwrap();
        }
        let t = Instant::now();
        let device = Command::new(env!("CARGO_BIN_EXE_sync-client"))
            .arg(dev.path())
            .arg("--once")
            .stdout(Stdio::from(
                std::fs::File::create(dev.path().join("client.log")).unwrap(),
            ))
            .spawn()
            .unwrap();
        let (device_mb, status) = sxsh_tests::wait_peak_mb(device);
        let took = t.elapsed();
        let server_mb = peak_mb_of(child.id());
        let log = std::fs::read_to_string(dev.path().join("client.log")).unwrap_or_default();
        let said = log
            .lines()
            .rfind(|l| !l.starts_with("progress"))
            .unwrap_or("")
            .to_string();
        let api = sxsh_api::Api::open(dev.path()).unwrap();
        let got = api.list_assessments(None).map(|l| l.len()).unwrap_or(0);
        let thumbs = std::fs::read_dir(dev.path().join("cache/display"))
            .map(|d| d.count())
            .unwrap_or(0);
        let thumb_bytes: u64 = std::fs::read_dir(dev.path().join("cache/display"))
            .map(|d| {
                d.flatten()
                    .filter_map(|e| e.metadata().ok())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0);
        // Opening one photo afterwards fetches its original.
        let ids: Vec<String> = api
            .list_assessments(None)
            .unwrap_or_default()
            .into_iter()
            .map(|a| a.assessment.data.id)
            .collect();
        let with_photo = ids.iter().find_map(|aid| {
            api.children::<sxsh_api::dto::Attachment>(aid)
                .ok()?
                .into_iter()
                .next()
        });
        let open_ms = with_photo.map(|a| {
            let t = Instant::now();
            api.attachment_bytes(&a.data.id).unwrap();
            t.elapsed().as_secs_f64() * 1e3
        });
        child.kill().unwrap();
        child.wait().unwrap();
        let refused = api.sync_status().map(|s| s.rejected).unwrap_or_default();
        if !refused.is_empty() {
            println!(
                "[{kind}] the device refused {} ops, e.g. {:?}; it said: {said}",
                refused.len(),
                refused[0]
            );
        }
        println!(
            "[{kind}] initial sync of a programme of 2,000 assessments and {PHOTOS} photos ({} ops, {:.0} MB of originals on the server): {:.1} s, {got} assessments and {thumbs} thumbnails ({:.1} MB) on the device (exit {status}); peak memory device {device_mb:.0} MB, server {server_mb:.0} MB; opening one photo afterwards fetched its original in {:.0} ms",
            ops.len(),
            photo_bytes as f64 / 1e6,
            took.as_secs_f64(),
            thumb_bytes as f64 / 1e6,
            open_ms.unwrap_or(f64::NAN)
        );
    }
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let only = std::env::var("SXSH_BENCH_ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only.split(',').any(|p| p == part);
    let tmp = tempfile::tempdir().unwrap();
    // `SXSH_BENCH_BACKENDS=sqlite` leaves PostgreSQL out (to profile one backend).
    let pg = match std::env::var("SXSH_BENCH_BACKENDS").as_deref() {
        Ok("sqlite") => None,
        _ => Pg::start(),
    };
    if run("apply") {
        apply_vs_bulk(&pg, tmp.path());
    }
    if run("clients") {
        http_and_clients(&pg, tmp.path());
    }
    if run("initial") {
        initial_sync(&pg, tmp.path());
    }
    if run("dashboard") {
        dashboard(&pg, tmp.path());
    }
}

/// Part 4: the portal's dashboard and enterprise search over a national-size office.
fn dashboard(pg: &Option<Pg>, tmp: &std::path::Path) {
    use sxsh_domain::calc::programme::{ReviewScope, RollupQuery, rollup};
    use sxsh_domain::model::{Resource, ResourceSaving, ReviewState};
    use sxsh_server::figures::Snapshot;
    let enterprises: u64 = std::env::var("SXSH_BENCH_DASH_ENTERPRISES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let want_n: usize = std::env::var("SXSH_BENCH_DASH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let device = "dash";
    println!(
        "\n== 4. dashboard: {enterprises} enterprises, {} assessments, {} options",
        enterprises * 5,
        enterprises * 25
    );
    for (backend, db) in databases(pg, "bench_dashboard", tmp) {
        let server = init(&db);
        let admin = server
            .db
            .read(|tx| storage::account_by_login(tx, "admin"))
            .unwrap()
            .unwrap()
            .0;
        // Four programmes; enterprise `e` works in programme `e % 4`.
        let programmes: Vec<String> = (0..4).map(|p| uid('p', device, p)).collect();
        let mut ops: Vec<ChangeOp> = programmes
            .iter()
            .enumerate()
            .map(|(p, id)| {
                op(
                    &uid('q', device, p as u64),
                    "programme",
                    id,
                    whole(
                        common::programme(&format!("SXSH vùng {}", p + 1)),
                        id,
                        json!({}),
                    ),
                    p as u64,
                    device,
                )
            })
            .collect();
        let programme_id = programmes[0].clone();
        let t0 = Instant::now();
        let mut pushed = 0usize;
        let flush = |ops: &mut Vec<ChangeOp>, pushed: &mut usize| {
            server
                .db
                .write(|tx| storage::push(tx, &admin, ops, now_ms()))
                .unwrap();
            *pushed += ops.len();
            ops.clear();
        };
        for e in 0..enterprises {
            ops.push(varied_enterprise_op(e, device));
            for k in 0..5u64 {
                let n = e * 5 + k;
                let aid = uid('a', device, n);
                let mut a = common::assessment(&uid('e', device, e));
                a.programme_id = Some(programmes[(e % 4) as usize].clone());
                a.title = format!("Đánh giá nhanh số {n}");
                // Spread over six years.
                a.start_date = Some(format!("{}-03-10", 2021 + (e + k) % 6));
                ops.push(op(
                    &uid('h', device, n),
                    "assessment",
                    &aid,
                    whole(a, &aid, json!({})),
                    n,
                    device,
                ));
                for j in 0..5u64 {
                    let m = n * 5 + j;
                    let oid = uid('o', device, m);
                    let mut o = common::option(&aid, &format!("Giải pháp {m}"));
                    o.investment_vnd = Some(10_000_000);
                    o.savings = vec![ResourceSaving {
                        resource: Resource::Electricity,
                        name: "Điện".into(),
                        fuel_code: String::new(),
                        quantity: 1_000.0 + j as f64,
                        unit: "kWh".into(),
                        unit_price_vnd: Some(2_000),
                        added: false,
                        coal_grade: String::new(),
                    }];
                    ops.push(op(
                        &uid('r', device, m),
                        "option",
                        &oid,
                        whole(o, &oid, json!({})),
                        m,
                        device,
                    ));
                }
                if k % 2 == 0 {
                    let rid = uid('v', device, n);
                    let review = sxsh_domain::model::Review {
                        id: rid.clone(),
                        assessment_id: aid.clone(),
                        state: ReviewState::Approved,
                        comment: String::new(),
                        reviewer: "admin".into(),
                        reviewed_at: "2026-12-06T08:00:00.000Z".into(),
                    };
                    ops.push(op(
                        &uid('w', device, n),
                        "review",
                        &rid,
                        whole(review, &rid, json!({})),
                        n,
                        device,
                    ));
                }
            }
            if ops.len() >= 5_000 {
                flush(&mut ops, &mut pushed);
            }
        }
        flush(&mut ops, &mut pushed);
        println!(
            "{backend}: {pushed} ops applied in {:.1} s",
            t0.elapsed().as_secs_f64()
        );
        let refs = sxsh_domain::reference::builtin();
        let query = RollupQuery {
            review: ReviewScope::Approved,
            ..Default::default()
        };
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        // What `GET /portal/api/dashboard` runs: the read model brought up to date (built
        // whole on the first request), the parts merged.
        let request = |account: &storage::Account| {
            let t = Instant::now();
            let report = server
                .read_model
                .dashboard(&server.db, account, query.clone())
                .unwrap();
            let bytes = serde_json::to_vec(&report).unwrap().len();
            (t.elapsed(), bytes, report)
        };
        let (first, bytes, report) = request(&admin);
        println!(
            "{backend}: first dashboard request (the read model built whole): {:.0} ms",
            ms(first)
        );
        // The same figures as the full roll-up over a fresh snapshot (the CLI's path).
        let t = Instant::now();
        let snap = Snapshot::load(&server.db, Some(&admin)).unwrap();
        let Ok(full) = rollup(&snap, refs, query.clone());
        let full_ms = ms(t.elapsed());
        assert_eq!(report.figures.assessments, full.figures.assessments);
        assert_eq!(
            report.figures.identified.net_vnd,
            full.figures.identified.net_vnd
        );
        assert!(
            (report.figures.identified.tco2 - full.figures.identified.tco2).abs()
                <= 1e-9 * full.figures.identified.tco2.abs()
        );
        let mut times = Vec::new();
        for _ in 0..want_n {
            times.push(request(&admin).0);
        }
        times.sort();
        println!(
            "{backend}: dashboard (approved: {} assessments) over {want_n} requests: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; answer {bytes} bytes of JSON (the full roll-up over a fresh snapshot: {full_ms:.0} ms)",
            report.figures.assessments,
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap()),
        );
        // A viewer of one programme (a quarter of the office).
        let viewer = server
            .db
            .write(|tx| {
                storage::create_account(
                    tx,
                    "xem",
                    "Người xem",
                    sxsh_sync_proto::wire::Role::Viewer,
                    "x",
                    std::slice::from_ref(&programme_id),
                )
            })
            .unwrap();
        let t = Instant::now();
        let visible = server
            .db
            .read(|tx| sxsh_server::readmodel::visible_rows(tx, &viewer))
            .unwrap();
        println!(
            "{backend}: the rows a viewer of one programme may see ({} assessments) read in {:.0} ms",
            visible.get("assessment").map_or(0, |v| v.len()),
            ms(t.elapsed())
        );
        let (first_scoped, _, seen) = request(&viewer);
        let mut scoped = Vec::new();
        for _ in 0..want_n {
            scoped.push(request(&viewer).0);
        }
        scoped.sort();
        println!(
            "{backend}: dashboard as a viewer of one programme (approved: {} assessments): first {:.0} ms, then over {} requests: p50 {:.1} ms, p99 {:.1} ms",
            seen.figures.assessments,
            ms(first_scoped),
            scoped.len(),
            ms(percentile(&scoped, 0.5)),
            ms(percentile(&scoped, 0.99)),
        );
        // Its figures are the full roll-up's over its own snapshot.
        let snap = Snapshot::load(&server.db, Some(&viewer)).unwrap();
        let Ok(full) = rollup(&snap, refs, query.clone());
        assert_eq!(seen.figures.assessments, full.figures.assessments);
        assert_eq!(seen.figures.enterprises, full.figures.enterprises);
        assert_eq!(
            seen.figures.identified.net_vnd,
            full.figures.identified.net_vnd
        );
        // A province's dashboard as the admin (a filter the groups answer).
        let province = RollupQuery {
            province: Some("Tỉnh 07".into()),
            ..query.clone()
        };
        let mut by_province = Vec::new();
        for _ in 0..want_n {
            let t = Instant::now();
            server
                .read_model
                .dashboard(&server.db, &admin, province.clone())
                .unwrap();
            by_province.push(t.elapsed());
        }
        by_province.sort();
        println!(
            "{backend}: one province's dashboard as the admin over {want_n} requests: p50 {:.1} ms, p99 {:.1} ms",
            ms(percentile(&by_province, 0.5)),
            ms(percentile(&by_province, 0.99)),
        );
        // After a device pushes 100 changed options: the next request brings the model up.
        let mut changes = Vec::new();
        for j in 0..100u64 {
            let m = j * 97;
            let oid = uid('o', device, m);
            changes.push(op(
                &uid('z', device, j),
                "option",
                &oid,
                json!({"opex_change_vnd": 1_000}),
                enterprises * 25 + j,
                device,
            ));
        }
        server
            .db
            .write(|tx| storage::push(tx, &admin, &changes, now_ms()))
            .unwrap();
        let (after_push, _, _) = request(&admin);
        println!(
            "{backend}: the first request after 100 options changed (read again, their assessments' parts computed again): {:.0} ms",
            ms(after_push)
        );
        let pages = server.read_model.pages(&server.db, &admin).unwrap();
        let mut search = Vec::new();
        for _ in 0..100 {
            let t = Instant::now();
            let hits = pages
                .enterprise_list(&SearchQuery {
                    q: Some("hộ gốm số 1234".into()),
                    ..Default::default()
                })
                .unwrap();
            search.push(t.elapsed());
            assert!(!hits.is_empty());
        }
        search.sort();
        let mut whole_search = Vec::new();
        for _ in 0..want_n.min(20) {
            let t = Instant::now();
            let pages = server.read_model.pages(&server.db, &admin).unwrap();
            assert!(
                !pages
                    .enterprise_list(&SearchQuery {
                        q: Some("ho gom so 1234".into()),
                        ..Default::default()
                    })
                    .unwrap()
                    .is_empty()
            );
            whole_search.push(t.elapsed());
        }
        whole_search.sort();
        println!(
            "{backend}: enterprise search over {enterprises} names: p50 {:.1} ms, p99 {:.1} ms; with the read model's check per request (as GET /portal/api/enterprises runs): p50 {:.1} ms, p99 {:.1} ms",
            ms(percentile(&search, 0.5)),
            ms(percentile(&search, 0.99)),
            ms(percentile(&whole_search, 0.5)),
            ms(percentile(&whole_search, 0.99)),
        );
    }
}
