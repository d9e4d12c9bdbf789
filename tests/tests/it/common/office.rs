//! A real `sxsh-server` process for the sync tests, on SQLite or (when the test script started
//! one) PostgreSQL, and devices (data directories opened through `sxsh-api`) that sync with it.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use sxsh_api::Api;

/// The password of every test account.
pub const PASSWORD: &str = "mật khẩu thử 123";

/// The databases the server suite runs on: SQLite always; PostgreSQL when `SXSH_TEST_POSTGRES`
/// names a server (`postgres://user@host:port`, set by scripts/test.sh), each test on a fresh
/// database of it.
pub fn backends() -> Vec<&'static str> {
    let mut v = vec!["sqlite"];
    if std::env::var("SXSH_TEST_POSTGRES").is_ok() {
        v.push("postgres");
    }
    v
}

pub struct Office {
    pub dir: tempfile::TempDir,
    pub db: String,
    pub url: String,
    child: Option<Child>,
    stdout: Option<BufReader<ChildStdout>>,
}

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_office-server"))
}

impl Office {
    /// A new office (with its admin `admin`) on `backend`, not started yet.
    pub fn new(backend: &str) -> Office {
        let dir = tempfile::tempdir().unwrap();
        let db = match backend {
            "sqlite" => format!("sqlite:{}", dir.path().join("office.db").display()),
            "postgres" => fresh_postgres_database(),
            other => panic!("backend {other}"),
        };
        let office = Office {
            dir,
            db,
            url: String::new(),
            child: None,
            stdout: None,
        };
        office.run(&[
            "init",
            "--office",
            "Sở Công Thương Hà Nội",
            "--admin",
            "admin",
        ]);
        office
    }

    /// Runs a server command on this office's database; its stdout. Panics when it fails.
    pub fn run(&self, args: &[&str]) -> String {
        let out = bin()
            .args(args)
            .arg("--db")
            .arg(&self.db)
            .env("SXSH_SERVER_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "sxsh-server {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn add_user(&self, login: &str, role: &str, programmes: &[&str]) {
        let mut args = vec![
            "user", "add", "--login", login, "--name", login, "--role", role,
        ];
        for p in programmes {
            args.extend(["--programme", p]);
        }
        self.run(&args);
    }

    /// Starts serving (on a free port the first time, on the same one after) with `env` set
    /// (e.g. a fault) and extra `args`, and waits until it listens.
    pub fn start_with(&mut self, env: &[(&str, &str)], args: &[&str]) {
        assert!(self.child.is_none(), "already running");
        // A restart listens where the first start did, so devices keep their server address.
        let listen = self
            .url
            .split_once("://")
            .map_or("127.0.0.1:0", |(_, addr)| addr)
            .to_string();
        let mut cmd = bin();
        cmd.args(["serve", "--listen", &listen, "--db", &self.db, "--blobs"])
            .arg(self.blobs())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let url = line
            .strip_prefix("listening on ")
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| panic!("server said {line:?}"));
        self.url = url.to_string();
        self.child = Some(child);
        self.stdout = Some(stdout);
    }

    pub fn start(&mut self) {
        self.start_with(&[], &[]);
    }

    /// The peak resident memory of the running server process, in MB (`VmHWM`).
    pub fn peak_mb(&self) -> f64 {
        let pid = self.child.as_ref().expect("running").id();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
        let kb: f64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap();
        kb / 1024.0
    }

    /// The server's photo folder.
    pub fn blobs(&self) -> std::path::PathBuf {
        self.dir.path().join("blobs")
    }

    /// Reads the server's output until a line starting with `prefix`.
    pub fn wait_line(&mut self, prefix: &str) {
        let out = self.stdout.as_mut().expect("running");
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                out.read_line(&mut line).unwrap() > 0,
                "server ended before {prefix:?}"
            );
            if line.starts_with(prefix) {
                return;
            }
        }
    }

    /// SIGKILL: the process ends at once, whatever it was doing.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
        self.stdout = None;
    }

    /// The server's logical dump of its synced data (see `sxsh-server dump`).
    pub fn dump(&self) -> String {
        self.run(&["dump"])
    }

    /// The fields the server holds in conflict, as `entity/row_id/field`, read from its
    /// database directly.
    pub fn conflicts(&self) -> Vec<String> {
        use sxsh_server::db::{AnyDb, Backend};
        let db = AnyDb::open(&self.db).unwrap();
        let mut list: Vec<String> = db
            .read(sxsh_server::storage::conflicts)
            .unwrap()
            .into_iter()
            .map(|(entity, row, field, _)| format!("{entity}/{row}/{field}"))
            .collect();
        list.sort();
        list
    }
}

impl Drop for Office {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A new, empty database on the PostgreSQL server of `SXSH_TEST_POSTGRES`.
pub fn fresh_postgres_database() -> String {
    let base = std::env::var("SXSH_TEST_POSTGRES").unwrap();
    let name = format!("t_{}", uuid_like());
    let out = Command::new("psql")
        .args([
            &format!("{base}/postgres"),
            "-qc",
            &format!("CREATE DATABASE {name}"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "createdb: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    format!("{base}/{name}")
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{:x}{:x}", n, std::process::id())
}

/// A device: its own data directory, opened through the facade.
pub struct Device {
    pub dir: tempfile::TempDir,
    pub api: Api,
}

impl Device {
    pub fn new() -> Device {
        let dir = tempfile::tempdir().unwrap();
        let api = Api::open(dir.path()).unwrap();
        Device { dir, api }
    }

    /// A device logged in to `office` as `login`, after its first sync.
    pub fn logged_in(office: &Office, login: &str) -> Device {
        let d = Device::logged_in_only(office, login);
        d.sync();
        d
    }

    /// A device logged in to `office` as `login` that has not synced yet.
    pub fn logged_in_only(office: &Office, login: &str) -> Device {
        let d = Device::new();
        d.api.set_user(login).unwrap();
        d.api
            .sync_login(&office.url, login, PASSWORD, None)
            .unwrap();
        d
    }

    /// Closes the device's data folder (so another process may open it) and keeps the folder.
    pub fn close(self) -> tempfile::TempDir {
        let Device { dir, api } = self;
        drop(api);
        dir
    }

    pub fn sync(&self) -> sxsh_api::sync::Summary {
        self.api.sync_now(&mut |_| {}).unwrap()
    }
}

/// The ids of the ops made on the device in `dir` (read beside the open app).
pub fn local_op_ids(dir: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("sxsh.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT op_id FROM change_log WHERE origin = 'local' ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A photo of the assessment `aid` imported on `d` (bytes `phone_photo(seed)`); its hash.
pub fn add_photo(d: &Device, aid: &str, seed: u32) -> String {
    let photo = sxsh_tests::phone_photo(seed);
    let input = sxsh_api::dto::AttachmentInput {
        owner_entity: "assessment".into(),
        owner_id: aid.to_string(),
        caption: format!("Ảnh {seed}"),
        original_name: format!("IMG_{seed:04}.jpg"),
        taken_at: None,
    };
    d.api.import_attachment(input, &photo).unwrap();
    sxsh_tests::sha256_hex(&photo)
}

/// A running office with two programmes (made on the admin's device and synced) and its
/// accounts: consultants lan, minh, hoa in P1 and an in P2; viewer vy in P1.
pub struct World {
    pub office: Office,
    pub admin: Device,
    pub p1: String,
    pub p2: String,
}

pub fn world(backend: &str) -> World {
    let mut office = Office::new(backend);
    office.start();
    let admin = Device::logged_in(&office, "admin");
    let p1 = admin
        .api
        .create(super::programme("SXSH Hà Nội 2026"))
        .unwrap()
        .data
        .id;
    let p2 = admin
        .api
        .create(super::programme("SXSH Sơn La 2026"))
        .unwrap()
        .data
        .id;
    admin.sync();
    for login in ["lan", "minh", "hoa"] {
        office.add_user(login, "consultant", &[&p1]);
    }
    office.add_user("an", "consultant", &[&p2]);
    office.add_user("vy", "viewer", &[&p1]);
    World {
        office,
        admin,
        p1,
        p2,
    }
}
