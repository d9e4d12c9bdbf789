//! Sync through a real `sxsh-server` process, on every backend of `common::office::backends`:
//! three devices converge under duplicates, restarts and a server killed between applying a
//! push and answering it; the authorization matrix; bad input refused with its own code and
//! the server's data unchanged.

mod common;

use common::office::{Device, Office, PASSWORD};
use serde_json::{Value, json};
use sxsh_api::dto::*;
use sxsh_sync_proto::wire::*;
use sxsh_tests::{assert_same_dump, synced_dump};

fn programme(name: &str) -> Programme {
    Programme {
        id: String::new(),
        name: name.into(),
        funder: "Bộ Công Thương".into(),
        office: "Sở Công Thương Hà Nội".into(),
        province: "Hà Nội".into(),
        period_start: Some("2026-01-01".into()),
        period_end: Some("2030-12-31".into()),
        targets: Default::default(),
    }
}

/// A running office with two programmes (made on the admin's device and synced) and its
/// accounts: consultants lan, minh, hoa in P1 and an in P2; viewer vy in P1.
struct World {
    office: Office,
    admin: Device,
    p1: String,
    p2: String,
}

fn world(backend: &str) -> World {
    let mut office = Office::new(backend);
    office.start();
    let admin = Device::logged_in(&office, "admin");
    let p1 = admin
        .api
        .create(programme("SXSH Hà Nội 2026"))
        .unwrap()
        .data
        .id;
    let p2 = admin
        .api
        .create(programme("SXSH Sơn La 2026"))
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
        assert!(
            w.office.dump().contains("|next_steps|"),
            "{backend}: the server holds the conflict too"
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
