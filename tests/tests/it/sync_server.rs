//! Sync through a real `sxsh-server` process, on every backend of `common::office::backends`:
//! three devices converge under duplicates, restarts and a server killed between applying a
//! push and answering it; the authorization matrix; bad input refused with its own code and
//! the server's data unchanged.

use crate::common;

use common::office::{Device, Office, PASSWORD, add_photo, world};
use serde_json::{Value, json};
use sxsh_api::dto::*;
use sxsh_tests::{assert_same_dump, synced_dump};

/// An enterprise, a quick assessment in `programme` and three flows, made on `d`.
fn seed(d: &Device, programme: &str, name: &str) -> String {
    let e = d.api.create(common::enterprise(name)).unwrap();
    let mut a = common::assessment(&e.data.id);
    a.programme_id = Some(programme.to_string());
    let a = d.api.create(a).unwrap();
    for (n, q) in [
        ("Than cám", 42.0),
        ("Điện lưới", 9_500.0),
        ("Đất sét", 60.0),
    ] {
        d.api.create(common::flow(&a.data.id, n, q)).unwrap();
    }
    a.data.id
}

fn set_next_steps(d: &Device, aid: &str, text: &str) {
    let mut a = d.api.get::<Assessment>(aid).unwrap().data;
    a.next_steps = text.into();
    d.api.update(a).unwrap();
}

#[test]
fn three_devices_converge_through_a_real_server_under_duplicates_and_a_kill_between_apply_and_answer()
 {
    for backend in common::office::backends() {
        let mut w = world(backend);
        let devices: Vec<Device> = ["lan", "minh", "hoa"]
            .iter()
            .map(|l| Device::logged_in(&w.office, l))
            .collect();
        let aid = seed(&devices[0], &w.p1, "Hộ gốm Đào Việt Bình");
        for d in &devices {
            d.sync();
        }
        for d in &devices[1..] {
            assert_eq!(d.api.children::<Flow>(&aid).unwrap().len(), 3, "{backend}");
        }

        // Offline: random edits on each, and the same field changed on two of them.
        for (i, d) in devices.iter().enumerate() {
            common::edit_offline(&d.api, &aid, 40 + i as u64, 25);
        }
        set_next_steps(&devices[0], &aid, "Lắp biến tần cho quạt lò");
        set_next_steps(&devices[1], &aid, "Thay lò than bằng lò gas");

        // Device 0 syncs normally; device 1's push is applied and then the server is killed
        // (SIGKILL) before it answers.
        devices[0].sync();
        w.office.kill();
        w.office
            .start_with(&[("SXSH_SERVER_FAULT", "hold-after-push-commit")], &[]);
        let before_kill = std::thread::scope(|s| {
            let pushing = s.spawn(|| devices[1].api.sync_now(&mut |_| {}));
            w.office.wait_line("fault: push committed");
            let dump = w.office.dump();
            w.office.kill();
            let outcome = pushing.join().unwrap();
            assert_eq!(
                outcome.unwrap_err().code,
                sxsh_api::error::ErrorCode::SyncOffline,
                "{backend}: the push got no answer"
            );
            dump
        });
        w.office.start();
        assert_eq!(
            w.office.dump(),
            before_kill,
            "{backend}: the committed push survived the kill"
        );
        let retry = devices[1].sync();
        assert!(
            retry.push_duplicates > 0 && retry.pushed == 0,
            "{backend}: the retry of the unanswered push is a no-op: {retry:?}"
        );

        // A push sent twice changes nothing the second time.
        let dump = w.office.dump();
        let again = devices[2].sync();
        let twice = devices[2].sync();
        assert_eq!(
            twice.pushed + twice.push_rejected,
            0,
            "{backend}: {twice:?}"
        );
        assert!(again.push_rejected == 0, "{backend}: {again:?}");
        assert_ne!(dump, w.office.dump(), "{backend}: device 2's edits arrived");

        // Two more rounds: everyone has everything.
        for _ in 0..2 {
            for d in &devices {
                d.sync();
            }
        }
        let first = synced_dump(devices[0].dir.path());
        for d in &devices[1..] {
            assert_same_dump(&synced_dump(d.dir.path()), &first);
        }
        for d in &devices {
            let c = d.api.conflicts().unwrap();
            let next: Vec<_> = c.iter().filter(|c| c.field == "next_steps").collect();
            assert_eq!(
                next.len(),
                1,
                "{backend}: one conflict on next_steps: {c:?}"
            );
            let values: Vec<&Value> = next[0].heads.iter().map(|h| &h.value).collect();
            assert!(
                values.contains(&&json!("Lắp biến tần cho quạt lò")),
                "{values:?}"
            );
            assert!(
                values.contains(&&json!("Thay lò than bằng lò gas")),
                "{values:?}"
            );
        }
        let mut on_devices: Vec<String> = devices[0]
            .api
            .conflicts()
            .unwrap()
            .iter()
            .map(|c| format!("{}/{}/{}", c.entity, c.row_id, c.field))
            .collect();
        on_devices.sort();
        assert_eq!(
            w.office.conflicts(),
            on_devices,
            "{backend}: the server holds the same conflicts as the devices"
        );

        // A person resolves it on one device; after a sync round it is gone everywhere.
        devices[2]
            .api
            .resolve_conflict(
                "assessment",
                &aid,
                "next_steps",
                json!("Thay lò than bằng lò gas"),
            )
            .unwrap();
        for _ in 0..2 {
            for d in &devices {
                d.sync();
            }
        }
        for d in &devices {
            assert!(
                d.api
                    .conflicts()
                    .unwrap()
                    .iter()
                    .all(|c| c.field != "next_steps"),
                "{backend}"
            );
            assert_eq!(
                d.api.get::<Assessment>(&aid).unwrap().data.next_steps,
                "Thay lò than bằng lò gas"
            );
        }
        assert!(
            w.office
                .conflicts()
                .iter()
                .all(|c| !c.ends_with("/next_steps")),
            "{backend}: the resolution ended the conflict on the server too"
        );
        let first = synced_dump(devices[0].dir.path());
        for d in &devices[1..] {
            assert_same_dump(&synced_dump(d.dir.path()), &first);
        }
        // Every op of every device is on the server.
        let server = w.office.dump();
        for d in &devices {
            for op in common::office::local_op_ids(d.dir.path()) {
                assert!(
                    server.contains(&op),
                    "{backend}: op {op} of a device is on the server"
                );
            }
        }
        let _ = (&w.admin, &w.p2);
    }
}

/// One HTTP call to the server: its status and JSON body (`null` when empty).
fn call(method: &str, url: &str, token: Option<&str>, body: Option<&str>) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let auth = token.map(|t| format!("Bearer {t}"));
    let resp = match (method, body) {
        ("GET", _) => {
            let mut r = agent.get(url);
            if let Some(a) = &auth {
                r = r.header("authorization", a);
            }
            r.call()
        }
        (_, b) => {
            let mut r = agent.post(url).header("content-type", "application/json");
            if let Some(a) = &auth {
                r = r.header("authorization", a);
            }
            r.send(b.unwrap_or(""))
        }
    };
    let mut resp = resp.unwrap();
    let status = resp.status().as_u16();
    let text = resp
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn login(office: &Office, who: &str, password: &str) -> (u16, Value) {
    let body = json!({"login": who, "password": password, "device_id": "d-test", "client_version": "0.1.0"});
    call(
        "POST",
        &format!("{}/api/v1/login", office.url),
        None,
        Some(&body.to_string()),
    )
}

fn token(office: &Office, who: &str) -> String {
    let (status, body) = login(office, who, PASSWORD);
    assert_eq!(status, 200, "{who}: {body}");
    body["token"].as_str().unwrap().to_string()
}

/// Every op the account of `token` may pull, from 0.
fn pull_all(office: &Office, token: &str) -> Vec<ChangeOpLite> {
    let mut after = 0;
    let mut out = Vec::new();
    loop {
        let (status, page) = call(
            "GET",
            &format!("{}/api/v1/pull?after={after}&limit=50", office.url),
            Some(token),
            None,
        );
        assert_eq!(status, 200, "{page}");
        for o in page["ops"].as_array().unwrap() {
            out.push(ChangeOpLite {
                entity: o["op"]["entity"].as_str().unwrap().into(),
                row_id: o["op"]["row_id"].as_str().unwrap().into(),
            });
        }
        after = page["next"].as_i64().unwrap();
        if !page["more"].as_bool().unwrap() {
            return out;
        }
    }
}

#[derive(Debug, PartialEq, Eq, Hash, Clone)]
struct ChangeOpLite {
    entity: String,
    row_id: String,
}

fn stamp_now(device: &str, ahead_ms: u64) -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
        + ahead_ms;
    format!("{ms:015}-{:010}-{device}", 0)
}

/// An op changing one field of a row, made "now" on device `d-test`.
fn op(n: &str, entity: &str, row_id: &str, fields: Value) -> Value {
    json!({
        "op_id": format!("op-{n}"), "entity": entity, "row_id": row_id, "kind": "upsert",
        "fields": fields, "hlc": stamp_now("d-test", 0), "base": {}, "device_id": "d-test",
        "author": "test@d-test", "at": "2026-12-03T10:00:00.000Z", "schema_version": 5
    })
}

fn push(office: &Office, token: &str, ops: &[Value], client_version: &str) -> (u16, Value) {
    let body = json!({"device_id": "d-test", "client_version": client_version, "ops": ops});
    call(
        "POST",
        &format!("{}/api/v1/push", office.url),
        Some(token),
        Some(&body.to_string()),
    )
}

fn rows_of(dir: &std::path::Path) -> std::collections::HashSet<ChangeOpLite> {
    let conn = rusqlite::Connection::open(dir.join("sxsh.db")).unwrap();
    let mut stmt = conn
        .prepare("SELECT entity, row_id FROM change_log WHERE origin = 'local'")
        .unwrap();
    stmt.query_map([], |r| {
        Ok(ChangeOpLite {
            entity: r.get(0)?,
            row_id: r.get(1)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn authorization_matrix_every_role_every_endpoint_own_and_other_programme() {
    for backend in common::office::backends() {
        let mut w = world(backend);
        w.office.add_user("office", "viewer", &[]);
        let lan = Device::logged_in(&w.office, "lan");
        let an = Device::logged_in(&w.office, "an");
        let a1 = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình");
        let a2 = seed(&an, &w.p2, "Hộ rèn Nguyễn Đức Thuận");
        lan.sync();
        an.sync();
        let mut p1_rows = rows_of(lan.dir.path());
        p1_rows.insert(ChangeOpLite {
            entity: "programme".into(),
            row_id: w.p1.clone(),
        });
        let mut p2_rows = rows_of(an.dir.path());
        p2_rows.insert(ChangeOpLite {
            entity: "programme".into(),
            row_id: w.p2.clone(),
        });

        // info needs no login; every account logs in.
        let (s, info) = call("GET", &format!("{}/api/v1/info", w.office.url), None, None);
        assert_eq!(
            (s, info["protocol_version"].as_i64()),
            (200, Some(1)),
            "{backend}"
        );
        let tokens: Vec<(&str, String)> = ["admin", "lan", "an", "vy", "office"]
            .into_iter()
            .map(|who| (who, token(&w.office, who)))
            .collect();

        // Pull: each sees its programmes' rows and not one row of another programme.
        for (who, t) in &tokens {
            let seen: std::collections::HashSet<_> = pull_all(&w.office, t).into_iter().collect();
            let (own, other): (Vec<&std::collections::HashSet<ChangeOpLite>>, Vec<_>) = match *who {
                "admin" | "office" => (vec![&p1_rows, &p2_rows], vec![]),
                "lan" | "vy" => (vec![&p1_rows], vec![&p2_rows]),
                _ => (vec![&p2_rows], vec![&p1_rows]),
            };
            for set in own {
                let missing: Vec<_> = set.difference(&seen).collect();
                assert!(missing.is_empty(), "{backend} {who} misses {missing:?}");
            }
            for set in other {
                let leaked: Vec<_> = set.intersection(&seen).collect();
                assert!(
                    leaked.is_empty(),
                    "{backend} {who} reads another programme: {leaked:?}"
                );
            }
        }

        // Push: own programme applied, another's refused, programmes read-only, viewers 403.
        let before = w.office.dump();
        for (who, t) in &tokens {
            let ops = [
                op(
                    &format!("{who}-own"),
                    "assessment",
                    &a1,
                    json!({"scope": format!("{who} P1")}),
                ),
                op(
                    &format!("{who}-other"),
                    "assessment",
                    &a2,
                    json!({"scope": format!("{who} P2")}),
                ),
                op(
                    &format!("{who}-prog"),
                    "programme",
                    &w.p1,
                    json!({"name": format!("{who}")}),
                ),
            ];
            let (s, body) = push(&w.office, t, &ops, "0.1.0");
            let statuses: Vec<String> = body["results"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .map(|x| {
                            // Applied with a conflict is applied: these ops name no base.
                            let status =
                                x["status"].as_str().unwrap().replace("conflict", "applied");
                            format!(
                                "{status}{}",
                                x["code"]
                                    .as_str()
                                    .map(|c| format!(":{c}"))
                                    .unwrap_or_default()
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let want: (u16, Vec<&str>) = match *who {
                "admin" => (200, vec!["applied", "applied", "applied"]),
                "lan" => (
                    200,
                    vec!["applied", "rejected:out_of_scope", "rejected:read_only"],
                ),
                "an" => (
                    200,
                    vec!["rejected:out_of_scope", "applied", "rejected:read_only"],
                ),
                _ => (403, vec![]),
            };
            assert_eq!(
                (s, statuses.iter().map(String::as_str).collect::<Vec<_>>()),
                want,
                "{backend} {who}: {body}"
            );
            if s == 403 {
                assert_eq!(body["code"], "forbidden");
            }
        }
        // A new assessment in another programme is refused too.
        let t_lan = &tokens[1].1;
        let (_, body) = push(
            &w.office,
            t_lan,
            &[op(
                "lan-new",
                "assessment",
                "a-new",
                json!({"id": "a-new", "programme_id": w.p2, "title": "x"}),
            )],
            "0.1.0",
        );
        assert_eq!(
            body["results"][0]["code"], "out_of_scope",
            "{backend}: {body}"
        );
        let after = w.office.dump();
        for who in [
            "lan-other",
            "an-own",
            "lan-prog",
            "an-prog",
            "vy-own",
            "office-own",
            "lan-new",
        ] {
            assert!(
                !after.contains(&format!("op-{who}|")),
                "{backend}: refused op {who} is not stored"
            );
        }
        assert_ne!(before, after);

        // Tokens: forged, revoked, expired; a disabled account.
        let forged = "0".repeat(64);
        let (s, body) = call(
            "GET",
            &format!("{}/api/v1/pull", w.office.url),
            Some(&forged),
            None,
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (401, Some("unauthorized")),
            "{backend}"
        );
        let (s, body) = call("GET", &format!("{}/api/v1/pull", w.office.url), None, None);
        assert_eq!(
            (s, body["code"].as_str()),
            (401, Some("unauthorized")),
            "{backend}"
        );
        let t = token(&w.office, "lan");
        assert_eq!(
            call(
                "POST",
                &format!("{}/api/v1/logout", w.office.url),
                Some(&t),
                None
            )
            .0,
            204
        );
        let (s, body) = call(
            "GET",
            &format!("{}/api/v1/pull", w.office.url),
            Some(&t),
            None,
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (401, Some("token_expired")),
            "{backend} revoked"
        );
        w.office.run(&["user", "disable", "--login", "an"]);
        let (s, body) = call(
            "GET",
            &format!("{}/api/v1/pull", w.office.url),
            Some(&tokens[2].1),
            None,
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (401, Some("token_expired")),
            "{backend} disabled"
        );
        assert_eq!(
            login(&w.office, "an", PASSWORD).1["code"],
            "bad_credentials"
        );
        w.office.kill();
        w.office.start_with(&[], &["--token-days", "0"]);
        let t = token(&w.office, "lan");
        let (s, body) = call(
            "GET",
            &format!("{}/api/v1/pull", w.office.url),
            Some(&t),
            None,
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (401, Some("token_expired")),
            "{backend} expired"
        );

        // The 6th wrong password within a minute is refused, even a right one after it.
        for i in 0..5 {
            let (s, body) = login(&w.office, "minh", "sai mật khẩu");
            assert_eq!(
                (s, body["code"].as_str()),
                (401, Some("bad_credentials")),
                "{backend} try {i}"
            );
        }
        let (s, body) = login(&w.office, "minh", PASSWORD);
        assert_eq!(
            (s, body["code"].as_str()),
            (429, Some("rate_limited")),
            "{backend}"
        );
        assert!(body["retry_after_s"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn bad_input_gets_its_own_code_and_leaves_the_server_unchanged() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let aid = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình");
        lan.sync();
        let t = token(&w.office, "lan");
        let before = w.office.dump();
        let url = format!("{}/api/v1/push", w.office.url);

        let (s, body) = call(
            "POST",
            &url,
            Some(&t),
            Some(r#"{"device_id":"x","client_version":"0.1.0","ops":[{"op_id":"#),
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (400, Some("bad_request")),
            "{backend} truncated"
        );

        let many: Vec<Value> = (0..100_000)
            .map(|i| op(&format!("m{i}"), "flow", "f", json!({"note": "x"})))
            .collect();
        let (s, body) = push(&w.office, &t, &many, "0.1.0");
        assert_eq!(
            (s, body["code"].as_str()),
            (413, Some("too_large")),
            "{backend} 100,000 ops"
        );

        let (s, body) = push(
            &w.office,
            &t,
            &[op("old", "assessment", &aid, json!({"scope": "x"}))],
            "0.0.9",
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (426, Some("client_too_old")),
            "{backend}"
        );

        let mut newer = op("newer", "assessment", &aid, json!({"scope": "x"}));
        newer["schema_version"] = json!(99);
        let mut ahead = op("ahead", "assessment", &aid, json!({"scope": "x"}));
        ahead["hlc"] = json!(stamp_now("d-test", 366 * 24 * 3600 * 1000));
        let mut bad_stamp = op("stamp", "assessment", &aid, json!({"scope": "x"}));
        bad_stamp["hlc"] = json!("yesterday");
        // A whole new row the devices would refuse (a negative quantity).
        let flow_id = "01a2426b-6516-74f0-9632-99ef67075b88";
        let mut bad_row = serde_json::to_value(common::flow(&aid, "Than cám", -5.0)).unwrap();
        bad_row["id"] = json!(flow_id);
        let ops = [
            op("unknown", "spaceship", "s1", json!({"name": "x"})),
            op("negative", "flow", flow_id, bad_row),
            op("field", "assessment", &aid, json!({"colour": "đỏ"})),
            op(
                "kind",
                "assessment",
                &aid,
                json!({"checklists": "not a list"}),
            ),
            newer,
            ahead,
            bad_stamp,
        ];
        let (s, body) = push(&w.office, &t, &ops, "0.1.0");
        assert_eq!(s, 200, "{backend}: {body}");
        let codes: Vec<&str> = body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            [
                "unknown_entity",
                "invalid",
                "unknown_field",
                "invalid",
                "newer_schema",
                "clock_skew",
                "malformed"
            ],
            "{backend}"
        );
        assert_eq!(
            w.office.dump(),
            before,
            "{backend}: nothing of the refused input was stored"
        );
        // The same op id sent again with other content is refused, not applied.
        let first = op("reuse", "assessment", &aid, json!({"scope": "một"}));
        let status = push(&w.office, &t, &[first], "0.1.0").1["results"][0]["status"].clone();
        assert!(
            status == "applied" || status == "conflict",
            "{backend}: {status}"
        );
        let changed = w.office.dump();
        let second = op("reuse", "assessment", &aid, json!({"scope": "hai"}));
        assert_eq!(
            push(&w.office, &t, &[second], "0.1.0").1["results"][0]["code"],
            "id_reused"
        );
        assert_eq!(w.office.dump(), changed, "{backend}");

        let (s, body) = call(
            "GET",
            &format!("{}/api/v1/pull?after=abc", w.office.url),
            Some(&t),
            None,
        );
        assert_eq!(
            (s, body["code"].as_str()),
            (400, Some("bad_request")),
            "{backend}"
        );
        // Of all this, only the one good op was stored.
        assert_ne!(before, changed);
        let after = w.office.dump();
        assert_eq!(after, changed, "{backend}");
        for refused in [
            "unknown", "field", "kind", "newer", "ahead", "stamp", "old", "m0",
        ] {
            assert!(
                !after.contains(&format!("op-{refused}|")),
                "{backend}: {refused}"
            );
        }
    }
}

#[test]
fn the_server_suite_runs_on_postgresql_too() {
    assert!(
        common::office::backends().contains(&"postgres"),
        "SXSH_TEST_POSTGRES is not set, so the server suite ran on SQLite only: run \
         ./scripts/test.sh (it starts a throwaway PostgreSQL cluster), or start one with \
         `scripts/pg-cluster.sh start DIR` and export the URL it prints as SXSH_TEST_POSTGRES"
    );
}

/// Runs `sync-client` on `dir` until its output has a line starting with `until`, then kills
/// it (SIGKILL).
fn sync_client_killed_at(dir: &std::path::Path, until: &str) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sync-client"))
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = std::io::BufReader::new(child.stdout.take().unwrap());
    for line in out.lines() {
        let line = line.unwrap();
        assert!(!line.starts_with("error"), "{line}");
        if line.starts_with(until) {
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_client_killed_mid_push_and_mid_pull_loses_nothing() {
    for backend in common::office::backends() {
        let w = world(backend);
        // Device A: 2,600 flows, so its push takes three batches.
        let d = Device::logged_in(&w.office, "lan");
        let aid = seed(&d, &w.p1, "Hộ gốm Đào Việt Bình");
        // (Added in one import: 2,600 saves of their own would take most of the test's time.)
        let mut doc = serde_json::to_value(d.api.export_assessment(&aid).unwrap()).unwrap();
        let template = doc["flows"][0].clone();
        let flows = doc["flows"].as_array_mut().unwrap();
        for i in 0..2_600 {
            let mut f = template.clone();
            f["id"] = json!(format!("0190f5a2-7c1e-7a10-8000-{i:012}"));
            f["name"] = json!(format!("Dòng {i}"));
            f.as_object_mut().unwrap().remove("versions");
            flows.push(f);
        }
        d.api.import_bytes(doc.to_string().as_bytes()).unwrap();
        let a_dir = d.close();
        // Killed after its first batch was acknowledged, then a whole sync.
        sync_client_killed_at(a_dir.path(), "progress Push");
        let a = sxsh_api::Api::open(a_dir.path()).unwrap();
        let waiting = a.sync_status().unwrap().waiting;
        assert!(
            waiting > 0 && waiting < 2_600,
            "{backend}: killed mid-push ({waiting} waiting)"
        );
        let sum = a.sync_now(&mut |_| {}).unwrap();
        assert_eq!(sum.push_rejected, 0, "{backend}");
        assert_eq!(a.sync_status().unwrap().waiting, 0);

        // Device B (logged in, never synced): killed after its first pull page was applied,
        // then a whole sync.
        let b_dir = Device::logged_in_only(&w.office, "minh").close();
        sync_client_killed_at(b_dir.path(), "progress Pull");
        let b = sxsh_api::Api::open(b_dir.path()).unwrap();
        let partial = b.children::<Flow>(&aid).map(|f| f.len()).unwrap_or(0);
        assert!(
            partial < 2_603,
            "{backend}: killed mid-pull ({partial} flows)"
        );
        b.sync_now(&mut |_| {}).unwrap();
        assert_eq!(b.children::<Flow>(&aid).unwrap().len(), 2_603, "{backend}");
        assert_same_dump(&synced_dump(b_dir.path()), &synced_dump(a_dir.path()));
        let server = w.office.dump();
        for op in common::office::local_op_ids(a_dir.path()) {
            assert!(server.contains(&op), "{backend}: {op}");
        }
    }
}

fn put_chunk(
    office: &Office,
    token: &str,
    sha: &str,
    offset: usize,
    total: usize,
    chunk: &[u8],
) -> (u16, Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut r = agent
        .put(&format!("{}/api/v1/blobs/{sha}", office.url))
        .header("authorization", &format!("Bearer {token}"))
        .header("x-sxsh-offset", &offset.to_string())
        .header("x-sxsh-total", &total.to_string())
        .send(chunk)
        .unwrap();
    let status = r.status().as_u16();
    (status, r.body_mut().read_json().unwrap_or(Value::Null))
}

#[test]
fn photos_travel_by_hash_resume_after_a_cut_upload_and_stay_in_their_programme() {
    for backend in common::office::backends() {
        let mut w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let aid = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình");
        let photo = sxsh_tests::phone_photo(7);
        let sha = sxsh_tests::sha256_hex(&photo);
        let input = AttachmentInput {
            owner_entity: "assessment".into(),
            owner_id: aid.clone(),
            caption: "Lò nung than".into(),
            original_name: "IMG_0001.jpg".into(),
            taken_at: None,
        };
        lan.api.import_attachment(input, &photo).unwrap();

        // An upload cut at 50 % (the connection dropped after the first half).
        let t = token(&w.office, "lan");
        let half = photo.len() / 2;
        let (s, body) = put_chunk(&w.office, &t, &sha, 0, photo.len(), &photo[..half]);
        assert_eq!(
            (s, body["received"].as_u64(), body["complete"].as_bool()),
            (200, Some(half as u64), Some(false)),
            "{backend}"
        );
        // The device's sync goes on from there.
        let sum = lan.sync();
        assert_eq!(sum.photos_sent, 1, "{backend}: {sum:?}");
        let file = w.office.blobs().join(&sha[..2]).join(&sha);
        assert_eq!(
            std::fs::read(&file).unwrap(),
            photo,
            "{backend}: the server's file is the photo, named by its hash"
        );
        // Bytes live in files, not in the database.
        let dump = w.office.dump();
        assert!(
            dump.len() < photo.len() / 4,
            "{backend}: the database holds no photo bytes ({} bytes of dump)",
            dump.len()
        );

        // Another consultant of the programme gets the row and its thumbnail (kilobytes, not
        // the 12 MP original); the original comes when the photo is opened.
        let minh = Device::logged_in_only(&w.office, "minh");
        let sum = minh.sync();
        assert_eq!(
            (sum.thumbnails_received, sum.photos_received),
            (1, 0),
            "{backend}: {sum:?}"
        );
        let att = minh.api.children::<Attachment>(&aid).unwrap();
        assert_eq!(att.len(), 1, "{backend}");
        let original = sxsh_store::attachments::path_for(minh.dir.path(), &sha);
        let thumb = sxsh_store::attachments::copy_path(minh.dir.path(), &sha, 320, false);
        assert!(!original.exists(), "{backend}: no original yet");
        let jpeg = std::fs::read(&thumb).unwrap();
        assert!(
            jpeg.len() < photo.len() / 20,
            "{backend}: {} bytes",
            jpeg.len()
        );
        let img = image::load_from_memory(&jpeg).unwrap();
        assert_eq!(img.width().max(img.height()), 320, "{backend}");
        // Opened: the original is fetched, checked against its hash and kept.
        assert_eq!(
            minh.api.attachment_bytes(&att[0].data.id).unwrap(),
            photo,
            "{backend}"
        );
        assert!(original.exists(), "{backend}");
        assert_eq!(minh.sync().thumbnails_received, 0, "{backend}");
        // Offline, a photo not fetched yet says so; its thumbnail still shows.
        let vy = Device::logged_in(&w.office, "vy");
        w.office.kill();
        let e = vy.api.attachment_bytes(&att[0].data.id).unwrap_err();
        assert_eq!(
            e.code,
            sxsh_api::error::ErrorCode::AttachmentMissing,
            "{backend}: {e}"
        );
        assert!(sxsh_store::attachments::copy_path(vy.dir.path(), &sha, 320, false).exists());
        w.office.start();

        // A range read; the other programme cannot read it; wrong bytes are refused.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut r = agent
            .get(&format!("{}/api/v1/blobs/{sha}", w.office.url))
            .header("authorization", &format!("Bearer {t}"))
            .header("range", "bytes=100-199")
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 206, "{backend}");
        assert_eq!(
            r.body_mut().read_to_vec().unwrap(),
            photo[100..200].to_vec()
        );
        let t_an = token(&w.office, "an");
        for path in ["", "/thumb"] {
            let r = agent
                .get(&format!("{}/api/v1/blobs/{sha}{path}", w.office.url))
                .header("authorization", &format!("Bearer {t_an}"))
                .call()
                .unwrap();
            assert_eq!(
                r.status().as_u16(),
                404,
                "{backend}: another programme's photo is not readable ({path})"
            );
        }
        let fake = "0123456789abcdef".repeat(4);
        let before = w.office.dump();
        let (s, body) = put_chunk(&w.office, &t, &fake, 0, 5, b"bytes");
        assert_eq!(
            (s, body["code"].as_str()),
            (400, Some("hash_mismatch")),
            "{backend}"
        );
        let r = agent
            .head(&format!("{}/api/v1/blobs/{fake}", w.office.url))
            .header("authorization", &format!("Bearer {t}"))
            .call()
            .unwrap();
        assert_eq!(
            r.status().as_u16(),
            404,
            "{backend}: nothing kept of the wrong bytes"
        );
        assert_eq!(w.office.dump(), before);
    }
}

/// `sxsh-server restore` of `file` into `db` and `blobs`: its exit status and stderr.
fn restore(db: &str, blobs: &std::path::Path, file: &std::path::Path) -> (bool, String) {
    let out = common::office::bin()
        .args(["restore", "--db", db, "--blobs"])
        .arg(blobs)
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn a_server_restored_from_a_backup_gets_back_from_the_devices_what_came_after_it() {
    let all = common::office::backends();
    for backend in all.clone() {
        let mut w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let aid = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình");
        let first_photo = add_photo(&lan, &aid, 7);
        lan.sync();
        let file = w.office.dir.path().join("office.sxshsrv");
        let blobs = w.office.blobs();
        let said = w.office.run(&[
            "backup",
            "--blobs",
            blobs.to_str().unwrap(),
            "-o",
            file.to_str().unwrap(),
        ]);
        assert!(said.contains("1 photos"), "{said}");

        // After the backup: more work, synced; then the office loses its database and photos.
        set_next_steps(&lan, &aid, "Thay lò than bằng lò gas");
        let second_photo = add_photo(&lan, &aid, 8);
        lan.sync();
        w.office.kill();
        std::fs::remove_dir_all(&blobs).unwrap();

        // Restored into a new database: on the other backend when both run (the move from
        // SQLite to PostgreSQL), else on the same one.
        let target = if all.contains(&"postgres") {
            common::office::fresh_postgres_database()
        } else {
            format!(
                "sqlite:{}",
                w.office.dir.path().join("restored.db").display()
            )
        };

        // A damaged copy first: refused with its code, nothing written.
        let mut bytes = std::fs::read(&file).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x5a;
        let damaged = w.office.dir.path().join("damaged.sxshsrv");
        std::fs::write(&damaged, &bytes).unwrap();
        let (ok, err) = restore(&target, &blobs, &damaged);
        assert!(!ok && err.contains("DamagedBackup"), "{backend}: {err}");
        assert!(
            !blobs.exists() || std::fs::read_dir(&blobs).unwrap().count() == 0,
            "{backend}: a refused restore keeps no photo"
        );

        let (ok, err) = restore(&target, &blobs, &file);
        assert!(ok, "{backend}: {err}");
        let (ok, err) = restore(&target, &blobs, &file);
        assert!(
            !ok && err.contains("NotEmpty"),
            "{backend}: a second restore into the same database is refused: {err}"
        );
        w.office.db = target;
        w.office.start();
        let restored = w.office.dump();
        assert!(
            !restored.contains("Thay lò than bằng lò gas"),
            "{backend}: the backup predates the edit"
        );

        // Lan's next sync sends again what the backup lacked, the second photo included.
        let sum = lan.sync();
        assert!(sum.pushed > 0, "{backend}: {sum:?}");
        assert_eq!(sum.photos_sent, 1, "{backend}: {sum:?}");
        assert!(w.office.dump().contains("Thay lò than bằng lò gas"));

        // A new device gets everything (its login syncs): the edit and both photos' bytes.
        let minh = Device::logged_in(&w.office, "minh");
        assert_eq!(
            minh.api.get::<Assessment>(&aid).unwrap().data.next_steps,
            "Thay lò than bằng lò gas"
        );
        let mut shas: Vec<String> = minh
            .api
            .children::<Attachment>(&aid)
            .unwrap()
            .into_iter()
            .map(|a| sxsh_tests::sha256_hex(&minh.api.attachment_bytes(&a.data.id).unwrap()))
            .collect();
        shas.sort();
        let mut want = vec![first_photo.clone(), second_photo.clone()];
        want.sort();
        assert_eq!(shas, want, "{backend}");
    }
}

#[test]
fn a_first_sync_longer_than_one_pull_page_finishes_with_everything() {
    // One page is MAX_PULL_OPS (2,000) ops; a new device's first sync crosses two pages and a
    // scope epoch it has never seen (it used to start again from 0 at every page).
    let backend = common::office::backends()[0];
    let w = world(backend);
    let lan = Device::logged_in(&w.office, "lan");
    let aid = seed(&lan, &w.p1, "Cơ sở tinh bột sắn Đồng Xuân");
    let extra = sxsh_sync_proto::wire::MAX_PULL_OPS + 150;
    for i in 0..extra {
        lan.api
            .create(common::flow(&aid, &format!("Củ sắn lô {i}"), i as f64))
            .unwrap();
    }
    lan.sync();
    let (tx, rx) = std::sync::mpsc::channel();
    let office = w.office.url.clone();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    std::thread::spawn(move || {
        let api = sxsh_api::Api::open(&path).unwrap();
        api.sync_login(&office, "minh", PASSWORD, None).unwrap();
        let sum = api.sync_now(&mut |_| {});
        let _ = tx.send((
            sum.map_err(|e| e.message),
            api.children::<Flow>(&aid).map(|f| f.len()),
        ));
    });
    let (sum, flows) = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the first sync finishes (it looped before)");
    let sum = sum.unwrap();
    assert_eq!(flows.unwrap(), extra + 3, "{backend}: {sum:?}");
    assert_eq!(sum.pull_rejected, 0, "{sum:?}");
}

#[test]
fn forty_logins_at_once_keep_the_server_memory_bounded() {
    // Each password check takes 19 MiB (argon2id); at most two run at once, and their memory
    // goes back to the system (it reached ~900 MB for 50 logins before).
    let mut office = Office::new("sqlite");
    office.start();
    std::thread::scope(|s| {
        for _ in 0..40 {
            s.spawn(|| token(&office, "admin"));
        }
    });
    let peak = office.peak_mb();
    eprintln!("server peak memory after 40 concurrent logins: {peak:.0} MB");
    assert!(peak < 150.0, "{peak:.0} MB");
}

/// The fingerprint on the server's `certificate fingerprint …` line.
fn fingerprint_of(office: &Office, extra: &[&str]) -> String {
    let mut args = vec!["tls"];
    args.extend(extra);
    let out = office.run(&args);
    out.lines()
        .find_map(|l| l.strip_prefix("certificate fingerprint "))
        .unwrap_or_else(|| panic!("no fingerprint in {out:?}"))
        .trim()
        .to_string()
}

#[test]
fn a_device_pins_the_office_certificate_at_first_login_and_stops_when_it_changes() {
    use sxsh_api::error::ErrorCode;
    let mut office = Office::new("sqlite");
    let tls_dir = office.dir.path().join("office.tls");
    let tls_dir_arg = tls_dir.to_str().unwrap().to_string();

    // Plain HTTP is served on loopback only.
    let out = common::office::bin()
        .args(["serve", "--listen", "0.0.0.0:0", "--db", &office.db])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("loopback only"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The fingerprint the office reads out to its consultants, before the server first runs.
    let fp = fingerprint_of(&office, &["--tls-dir", &tls_dir_arg]);
    office.start_with(&[], &["--tls", "--tls-dir", &tls_dir_arg]);
    assert!(
        office.url.starts_with("https://127.0.0.1:"),
        "{}",
        office.url
    );

    let d = Device::new();
    d.api.set_user("admin").unwrap();
    // First login: the certificate is shown, nothing is sent or kept.
    let e = d
        .api
        .sync_login(&office.url, "admin", PASSWORD, None)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::SyncUnknownCertificate, "{e}");
    assert_eq!(e.detail.as_deref(), Some(fp.as_str()));
    assert_eq!(d.api.sync_state().unwrap().server, None);
    // A fingerprint that is not the server's is refused too.
    let wrong = format!("SHA256:{}", ["AB"; 32].join(":"));
    let e = d
        .api
        .sync_login(&office.url, "admin", PASSWORD, Some(&wrong))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::SyncCertificateChanged, "{e}");
    assert_eq!(e.detail.as_deref(), Some(fp.as_str()));
    assert_eq!(d.api.sync_state().unwrap().server, None);

    // Confirmed (typed as a person might, lower case without colons): logged in and pinned.
    let typed: String = fp[7..].replace(':', "").to_lowercase();
    d.api
        .sync_login(&office.url, "admin", PASSWORD, Some(&typed))
        .unwrap();
    assert_eq!(
        d.api.sync_state().unwrap().pinned.as_deref(),
        Some(fp.as_str())
    );
    let p = d
        .api
        .create(common::programme("SXSH Hà Nội 2026"))
        .unwrap()
        .data
        .id;
    seed(&d, &p, "Gốm Kim Lan — hộ ông Tuấn");
    let sum = d.api.sync_now(&mut |_| {}).unwrap();
    assert!(sum.pushed >= 5, "{sum:?}");
    // A second device that trusts the same certificate gets everything over HTTPS.
    let other = Device::new();
    other.api.set_user("admin").unwrap();
    other
        .api
        .sync_login(&office.url, "admin", PASSWORD, Some(&fp))
        .unwrap();
    other.api.sync_now(&mut |_| {}).unwrap();
    assert_same_dump(&synced_dump(other.dir.path()), &synced_dump(d.dir.path()));

    // The office's certificate is replaced (or someone else answers at that address).
    office.kill();
    std::fs::remove_dir_all(&tls_dir).unwrap();
    let fp2 = fingerprint_of(&office, &["--tls-dir", &tls_dir_arg]);
    assert_ne!(fp2, fp);
    office.start_with(&[], &["--tls", "--tls-dir", &tls_dir_arg]);
    let e0 = d
        .api
        .create(common::enterprise("Rèn Đa Sỹ — hộ bà Hạnh"))
        .unwrap();
    let server_before = office.dump();
    let waiting = d.api.sync_state().unwrap().waiting;
    assert!(waiting > 0);
    let e = d.api.sync_now(&mut |_| {}).unwrap_err();
    assert_eq!(e.code, ErrorCode::SyncCertificateChanged, "{e}");
    assert_eq!(e.detail.as_deref(), Some(fp2.as_str()));
    assert!(e.message.contains(&fp), "the pinned one is named: {e}");
    // Nothing went, nothing is lost: the server is unchanged, the change still waits.
    assert_eq!(office.dump(), server_before);
    assert_eq!(d.api.sync_state().unwrap().waiting, waiting);
    // Logging in again without a fingerprint keeps the pin: still refused.
    let e = d
        .api
        .sync_login(&office.url, "admin", PASSWORD, None)
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::SyncCertificateChanged, "{e}");

    // A person confirms the new fingerprint: sync goes on and the change arrives.
    d.api
        .sync_login(&office.url, "admin", PASSWORD, Some(&fp2))
        .unwrap();
    d.api.sync_now(&mut |_| {}).unwrap();
    assert_eq!(d.api.sync_state().unwrap().waiting, 0);
    assert!(office.dump().contains(&e0.data.id));
}

#[test]
fn the_office_computes_the_same_figures_and_rollups_as_the_devices_that_made_them() {
    use sxsh_domain::calc::{figures, programme};
    use sxsh_domain::repo::Repository;
    use sxsh_server::db::{AnyDb, Backend};
    use sxsh_server::figures::Snapshot;
    use sxsh_tests::{assert_same_figures, rollup_queries};
    for backend in common::office::backends() {
        let w = world(backend);
        let refs = sxsh_domain::reference::builtin();
        // The demo's three assessments, one of them moved into P1, an option deleted and a
        // flow edited after a first sync: the server's rows are the winners of field versions.
        sxsh_tests::load_demo_for_editing(&w.admin.api);
        w.admin.sync();
        let ids: Vec<String> = w
            .admin
            .api
            .recent_assessments(10)
            .unwrap()
            .into_iter()
            .map(|s| s.assessment.data.id)
            .collect();
        assert_eq!(ids.len(), 3);
        let mut a = w.admin.api.get::<Assessment>(&ids[0]).unwrap().data;
        a.programme_id = Some(w.p1.clone());
        w.admin.api.update(a).unwrap();
        let doc = w.admin.api.export_assessment(&ids[1]).unwrap();
        let mut f = doc.flows[0].data.clone();
        f.quantity *= 1.5;
        w.admin.api.update(f).unwrap();
        if let Some(o) = doc.options.first() {
            w.admin.api.delete::<CpOption>(&o.data.id).unwrap();
        }
        w.admin.sync();

        let db = AnyDb::open(&w.office.db).unwrap();
        let all = Snapshot::load(&db, None).unwrap();
        assert_eq!(all.assessment_count(), 3, "{backend}");
        let programmes = vec![w.p1.clone(), w.p2.clone()];
        let mut counted = 0;
        for q in rollup_queries(&all.sectors().unwrap(), &programmes) {
            let on_device = w.admin.api.rollup(q.clone()).unwrap();
            let at_office = programme::rollup(&all, refs, q.clone()).unwrap();
            assert_same_figures(&at_office, &on_device, &format!("{backend} {q:?}"));
            counted += on_device.figures.assessments;
        }
        assert!(counted > 3, "{backend}: the filters select assessments");
        for id in &ids {
            let rows = all.assessment_rows(id).unwrap().unwrap();
            let at_office = figures::assessment_calcs(refs, &rows).unwrap();
            let on_device = w.admin.api.assessment_calcs(id).unwrap();
            assert_same_figures(
                &at_office,
                &on_device,
                &format!("{backend} assessment {id}"),
            );
        }

        // The office's command prints the same roll-up.
        let printed: Value = serde_json::from_str(&w.office.run(&["rollup"])).unwrap();
        let on_device = w.admin.api.rollup(Default::default()).unwrap();
        assert_same_figures(
            &printed,
            &serde_json::to_value(&on_device).unwrap(),
            &format!("{backend} sxsh-server rollup"),
        );

        // A consultant's view holds only what their programme may see.
        let lan = db
            .read(|tx| sxsh_server::storage::account_by_login(tx, "lan"))
            .unwrap()
            .unwrap()
            .0;
        let theirs = Snapshot::load(&db, Some(&lan)).unwrap();
        assert_eq!(theirs.assessment_count(), 1, "{backend}");
        assert!(theirs.assessment_rows(&ids[0]).unwrap().is_some());
    }
}

/// A CONNECT proxy on loopback for at most `max` connections; the request lines it was sent.
fn connect_proxy(max: usize) -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().take(max).flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut first = String::new();
                reader.read_line(&mut first).unwrap();
                let mut line = String::new();
                while reader.read_line(&mut line).unwrap() > 2 {
                    line.clear();
                }
                log.lock().unwrap().push(first.trim().to_string());
                let target = first
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_string();
                let Ok(upstream) = std::net::TcpStream::connect(&target) else {
                    return;
                };
                let mut down = client;
                down.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .unwrap();
                let (mut up_r, mut up_w) = (upstream.try_clone().unwrap(), upstream);
                let mut down_w = down.try_clone().unwrap();
                let t = std::thread::spawn(move || {
                    let _ = std::io::copy(&mut reader, &mut up_w);
                    let _ = up_w.shutdown(std::net::Shutdown::Write);
                });
                let _ = std::io::copy(&mut up_r, &mut down_w);
                let _ = down_w.shutdown(std::net::Shutdown::Write);
                let _ = t.join();
            });
        }
    });
    (port, seen)
}

#[test]
fn a_sync_through_an_https_proxy_reaches_the_pinned_server() {
    let mut office = Office::new("sqlite");
    let tls_dir = office.dir.path().join("office.tls");
    let tls_dir_arg = tls_dir.to_str().unwrap().to_string();
    let fp = fingerprint_of(&office, &["--tls-dir", &tls_dir_arg]);
    office.start_with(&[], &["--tls", "--tls-dir", &tls_dir_arg]);
    let d = Device::new();
    d.api.set_user("admin").unwrap();
    d.api
        .sync_login(&office.url, "admin", PASSWORD, Some(&fp))
        .unwrap();
    let e = d
        .api
        .create(common::enterprise("Gốm Bát Tràng — hộ bà Nguyệt"))
        .unwrap();
    let dir = d.close();

    // The consultant's network sends HTTPS through a CONNECT proxy (HTTPS_PROXY).
    let (port, seen) = connect_proxy(16);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sync-client"))
        .arg(dir.path())
        .arg("--once")
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{port}"))
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.lines().any(|l| l.starts_with("synced")), "{said}");
    let server = office.url.trim_start_matches("https://");
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with(&format!("CONNECT {server}"))),
        "the proxy carried the sync: {:?}",
        seen.lock().unwrap()
    );
    assert!(office.dump().contains(&e.data.id));
}
