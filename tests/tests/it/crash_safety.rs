//! Crash safety: a child process writes small rows in a loop and reports each committed id; we
//! kill it with SIGKILL at random moments, at least 20 times, and check after each kill that
//! SQLite's integrity check passes and every reported write is there.

use rand::RngExt;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use sxsh_api::Api;
use sxsh_api::dto::Enterprise;

#[test]
fn killed_writer_loses_no_committed_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut reported: Vec<String> = Vec::new();
    let mut rng = rand::rng();
    let kills = 24;
    for round in 0..kills {
        let mut child = Command::new(env!("CARGO_BIN_EXE_crash-writer"))
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start crash-writer");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => {
                        if tx.send(l).is_err() {
                            break;
                        }
                    }
                    Err(_) => break,
                }
            }
        });
        // Wait for the first committed write of this round, then a random while longer.
        let first = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("child wrote nothing");
        reported.push(first);
        std::thread::sleep(Duration::from_millis(rng.random_range(0..120)));
        child.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        reported.extend(rx.try_iter());

        sxsh_store::Store::open(dir.path())
            .unwrap()
            .integrity_check()
            .expect("integrity_check ok");
        let api = Api::open(dir.path()).expect("reopen after kill");
        for id in &reported {
            api.get::<Enterprise>(id)
                .unwrap_or_else(|e| panic!("round {round}: committed write {id} lost: {e}"));
        }
    }
    assert!(
        reported.len() > kills,
        "the child made progress ({} writes)",
        reported.len()
    );
    // Every stored enterprise has exactly one insert in the change log.
    let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    let (rows, logs): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM enterprises), (SELECT count(*) FROM change_log WHERE op = 'insert')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(rows, logs);
    assert!(rows as usize >= reported.len());
}
