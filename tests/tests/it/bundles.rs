//! Bundle files (`.sxshb`) where there is no network: a device's work carried to another
//! device and to the office server (as the consultant's push), the server's data carried to a
//! device that never reached it; importing twice changes nothing; a damaged, foreign, newer
//! or special file is refused with its own code and changes nothing (data compared before and
//! after).

use crate::common;

use common::office::{Device, add_photo, world};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use sxsh_api::dto::*;
use sxsh_api::error::ErrorCode;
use sxsh_tests::{assert_same_dump, synced_dump};

/// An enterprise, a quick assessment (in `programme`, if any) with three flows and a photo,
/// one flow edited and one deleted, made on `d`; the assessment's id and the photo's hash.
fn work(d: &Device, programme: Option<&str>, name: &str, seed: u32) -> (String, String) {
    let e = d.api.create(common::enterprise(name)).unwrap();
    let mut a = common::assessment(&e.data.id);
    a.programme_id = programme.map(str::to_string);
    let a = d.api.create(a).unwrap();
    let mut flows = Vec::new();
    for (n, q) in [
        ("Than cám", 42.0),
        ("Điện lưới", 9_500.0),
        ("Đất sét", 60.0),
    ] {
        flows.push(d.api.create(common::flow(&a.data.id, n, q)).unwrap());
    }
    let mut f = flows[0].data.clone();
    f.quantity = 38.5;
    d.api.update(f).unwrap();
    d.api.delete::<Flow>(&flows[2].data.id).unwrap();
    let sha = add_photo(d, &a.data.id, seed);
    (a.data.id, sha)
}

fn photo_file(d: &Device, sha: &str) -> PathBuf {
    sxsh_store::attachments::path_for(d.dir.path(), sha)
}

/// Every file under `dir`, for "nothing was added".
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// What becomes of one entry of a bundle (its name and bytes): new bytes, or `None` to drop it.
type Edit<'a> = &'a dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>;

/// A copy of the bundle `src` at `dst` with its entries passed through `edit` and `extra`
/// entries added.
fn rewrite(src: &Path, dst: &Path, edit: Edit, extra: &[(&str, &[u8])]) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if let Some(b) = edit(&name, bytes) {
            zout.start_file(name, opts).unwrap();
            zout.write_all(&b).unwrap();
        }
    }
    for (name, bytes) in extra {
        zout.start_file(*name, opts).unwrap();
        zout.write_all(bytes).unwrap();
    }
    zout.finish().unwrap();
}

/// The manifest of `src` changed by `f`.
fn with_manifest(src: &Path, dst: &Path, f: &dyn Fn(&mut serde_json::Value)) {
    rewrite(
        src,
        dst,
        &|name, bytes| {
            if name != "manifest.json" {
                return Some(bytes);
            }
            let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            f(&mut m);
            Some(serde_json::to_vec(&m).unwrap())
        },
        &[],
    );
}

#[test]
fn a_bundle_carries_a_devices_work_to_another_device_and_importing_twice_changes_nothing() {
    let (a, b) = (Device::new(), Device::new());
    a.api.set_user("Nguyễn Thị Lan").unwrap();
    let (aid, sha) = work(&a, None, "Gốm Kim Lan — hộ ông Tuấn", 3);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("lan.sxshb");

    let e = a.api.bundle_export(&file, 0).unwrap();
    assert!(e.ops >= 8, "{e:?}");
    assert_eq!((e.photos, e.photos_missing), (1, 0));

    let i = b.api.bundle_import(&file).unwrap();
    assert_eq!(i.made_by, "device");
    assert_eq!(i.applied as u64, e.ops, "{i:?}");
    assert_eq!((i.duplicates, i.rejected, i.pending), (0, 0, 0));
    assert_eq!(i.photos_added, 1);
    assert_same_dump(&synced_dump(b.dir.path()), &synced_dump(a.dir.path()));
    assert_eq!(
        std::fs::read(photo_file(&b, &sha)).unwrap(),
        std::fs::read(photo_file(&a, &sha)).unwrap()
    );

    // Again: every op is a duplicate, nothing changes.
    let before = synced_dump(b.dir.path());
    let again = b.api.bundle_import(&file).unwrap();
    assert_eq!((again.applied, again.photos_added), (0, 0));
    assert_eq!(again.duplicates as u64, e.ops);
    assert_eq!(synced_dump(b.dir.path()), before);

    // Only what is newer, from the cursor the first export gave.
    let mut asmt = a.api.get::<Assessment>(&aid).unwrap().data;
    asmt.next_steps = "Thay lò than bằng lò gas — bàn với chủ hộ tuần sau".into();
    a.api.update(asmt).unwrap();
    let more = out.path().join("lan-2.sxshb");
    let e2 = a.api.bundle_export(&more, e.until).unwrap();
    assert_eq!((e2.ops, e2.photos), (1, 0), "{e2:?}");
    let i2 = b.api.bundle_import(&more).unwrap();
    assert_eq!(i2.applied, 1);
    assert_same_dump(&synced_dump(b.dir.path()), &synced_dump(a.dir.path()));

    // What B received goes on to a third device in B's own bundle.
    let c = Device::new();
    let from_b = out.path().join("b.sxshb");
    b.api.bundle_export(&from_b, 0).unwrap();
    c.api.bundle_import(&from_b).unwrap();
    assert_same_dump(&synced_dump(c.dir.path()), &synced_dump(a.dir.path()));
    assert!(photo_file(&c, &sha).exists());
}

#[test]
fn a_damaged_foreign_newer_or_special_bundle_is_refused_and_changes_nothing() {
    let (a, b) = (Device::new(), Device::new());
    work(&a, None, "Rèn Đa Sỹ — hộ bà Hạnh", 5);
    let out = tempfile::tempdir().unwrap();
    let good = out.path().join("good.sxshb");
    a.api.bundle_export(&good, 0).unwrap();
    // B holds work of its own, which must stay exactly as it is.
    work(&b, None, "Hải sản Cát Hải", 6);
    let dump = synced_dump(b.dir.path());
    let held = files(b.dir.path());

    let bytes = std::fs::read(&good).unwrap();
    let mut cases: Vec<(&str, PathBuf, ErrorCode)> = Vec::new();
    let mut case = |name: &'static str, code: ErrorCode, make: &dyn Fn(&Path)| {
        let p = out.path().join(format!("{name}.sxshb"));
        make(&p);
        cases.push((name, p, code));
    };
    case("truncated", ErrorCode::BundleDamaged, &|p| {
        std::fs::write(p, &bytes[..bytes.len() / 2]).unwrap()
    });
    case("one op altered", ErrorCode::BundleDamaged, &|p| {
        rewrite(
            &good,
            p,
            &|name, b| {
                if name != "ops.jsonl" {
                    return Some(b);
                }
                let t = String::from_utf8(b)
                    .unwrap()
                    .replacen("Than cám", "Than cục", 1);
                Some(t.into_bytes())
            },
            &[],
        )
    });
    case("an op dropped", ErrorCode::BundleDamaged, &|p| {
        rewrite(
            &good,
            p,
            &|name, b| {
                if name != "ops.jsonl" {
                    return Some(b);
                }
                let t = String::from_utf8(b).unwrap();
                Some(
                    t.split_inclusive('\n')
                        .skip(1)
                        .collect::<String>()
                        .into_bytes(),
                )
            },
            &[],
        )
    });
    case("a photo's bytes swapped", ErrorCode::BundleDamaged, &|p| {
        rewrite(
            &good,
            p,
            &|name, b| {
                if name.starts_with("photos/") {
                    Some(sxsh_tests::phone_photo(99))
                } else {
                    Some(b)
                }
            },
            &[],
        )
    });
    case("a photo missing", ErrorCode::BundleDamaged, &|p| {
        rewrite(
            &good,
            p,
            &|name, b| (!name.starts_with("photos/")).then_some(b),
            &[],
        )
    });
    case(
        "an entry not in the manifest",
        ErrorCode::BundleDamaged,
        &|p| rewrite(&good, p, &|_, b| Some(b), &[("../../.bashrc", b"rm -rf ~")]),
    );
    case("another format", ErrorCode::BundleForeign, &|p| {
        with_manifest(&good, p, &|m| m["format"] = "sxsh-server-backup".into())
    });
    case("no manifest", ErrorCode::BundleForeign, &|p| {
        rewrite(
            &good,
            p,
            &|name, b| (name != "manifest.json").then_some(b),
            &[],
        )
    });
    case("not a zip", ErrorCode::BundleForeign, &|p| {
        std::fs::write(p, "Báo cáo đánh giá nhanh.pdf").unwrap()
    });
    case("a newer schema", ErrorCode::BundleNewerVersion, &|p| {
        with_manifest(&good, p, &|m| m["schema_version"] = 99.into())
    });
    case("a newer format", ErrorCode::BundleNewerVersion, &|p| {
        with_manifest(&good, p, &|m| m["version"] = 2.into())
    });
    case("a folder", ErrorCode::NotARegularFile, &|p| {
        std::fs::create_dir(p).unwrap()
    });
    case("a FIFO", ErrorCode::NotARegularFile, &|p| {
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: a valid C string; mkfifo only makes a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    });
    for (name, path, code) in cases {
        let e = b.api.bundle_import(&path).unwrap_err();
        assert_eq!(e.code, code, "{name}: {e}");
        assert_eq!(synced_dump(b.dir.path()), dump, "{name}: the data changed");
        assert_eq!(files(b.dir.path()), held, "{name}: files were added");
    }
    // The good one still goes in.
    b.api.bundle_import(&good).unwrap();
    assert_ne!(synced_dump(b.dir.path()), dump);
}

#[test]
fn the_office_imports_a_consultants_bundle_as_their_push_and_gives_an_offline_device_its_data() {
    for backend in common::office::backends() {
        // Lan (P1) and an (P2), consultants; vy, a viewer of P1 (see `world`).
        let common::office::World { office, p1, p2, .. } = world(backend);
        let dir = tempfile::tempdir().unwrap();
        let blobs = office.blobs();
        let blobs = blobs.to_str().unwrap();
        let path = |n: &str| dir.path().join(n).to_str().unwrap().to_string();

        // Lan's laptop never reaches the server: it starts from the office's bundle for her.
        let start = path("lan-start.sxshb");
        let said = office.run(&[
            "bundle", "export", "--blobs", blobs, "--login", "lan", "-o", &start,
        ]);
        assert!(said.contains("bundle for lan written"), "{said}");
        let laptop = Device::new();
        laptop.api.set_user("lan").unwrap();
        let i = laptop.api.bundle_import(Path::new(&start)).unwrap();
        assert_eq!(i.made_by, "server");
        assert!(
            laptop.api.get::<Programme>(&p1).is_ok(),
            "{backend}: her programme"
        );
        assert!(
            laptop.api.get::<Programme>(&p2).is_err(),
            "{backend}: no other programme reaches her"
        );

        let (aid, sha) = work(&laptop, Some(&p1), "Tinh bột sắn Đồng Xuân", 11);
        let bundle = path("lan.sxshb");
        laptop.api.bundle_export(Path::new(&bundle), 0).unwrap();

        // Refused whole, the server unchanged: damaged; another office's; in the name of (a viewer).
        let before = office.dump();
        let blobs_before = files(Path::new(blobs));
        let damaged = path("damaged.sxshb");
        let b = std::fs::read(&bundle).unwrap();
        std::fs::write(&damaged, &b[..b.len() - 200]).unwrap();
        let foreign = path("foreign.sxshb");
        with_manifest(Path::new(&bundle), Path::new(&foreign), &|m| {
            m["office"] = "0193a000-0000-7000-8000-00000000ffff".into()
        });
        for (file, code) in [(&damaged, "DamagedBundle"), (&foreign, "ForeignBundle")] {
            let out = common::office::bin()
                .args(["bundle", "import", "--db", &office.db, "--blobs", blobs])
                .args(["--login", "lan", file])
                .output()
                .unwrap();
            assert!(!out.status.success(), "{backend}: {file}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(code), "{backend}: {err}");
            assert_eq!(
                office.dump(),
                before,
                "{backend}: {code} changed the server"
            );
            assert_eq!(files(Path::new(blobs)), blobs_before, "{backend}: {code}");
        }
        // A viewer's name cannot carry writes in.
        let out = common::office::bin()
            .args(["bundle", "import", "--db", &office.db, "--blobs", blobs])
            .args(["--login", "vy", &bundle])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{backend}: a viewer imported");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Forbidden"));
        assert_eq!(
            office.dump(),
            before,
            "{backend}: the viewer's import wrote"
        );

        // As Lan: applied; again: all duplicates.
        let said = office.run(&[
            "bundle", "import", "--blobs", blobs, "--login", "lan", &bundle,
        ]);
        assert!(said.contains(" 0 refused, 0 waiting"), "{backend}: {said}");
        assert!(said.contains("; 1 photos added"), "{backend}: {said}");
        let after = office.dump();
        let again = office.run(&[
            "bundle", "import", "--blobs", blobs, "--login", "lan", &bundle,
        ]);
        assert!(again.contains(" 0 changes applied"), "{backend}: {again}");
        assert_eq!(
            office.dump(),
            after,
            "{backend}: a second import changed the server"
        );

        // A colleague online receives Lan's work and its photo's thumbnail by an ordinary
        // sync, and the original when the photo is opened.
        let minh = Device::logged_in(&office, "minh");
        let thumb = sxsh_store::attachments::copy_path(minh.dir.path(), &sha, 320, false);
        assert!(thumb.exists(), "{backend}: the thumbnail came along");
        let att = minh.api.children::<Attachment>(&aid).unwrap();
        assert_eq!(
            minh.api.attachment_bytes(&att[0].data.id).unwrap(),
            std::fs::read(photo_file(&laptop, &sha)).unwrap(),
            "{backend}: the original, on opening"
        );
        assert_same_dump(
            &synced_dump(minh.dir.path()),
            &synced_dump(laptop.dir.path()),
        );
    }
}

#[test]
fn work_carried_between_devices_by_bundle_syncs_in_either_order_and_nothing_is_claimed_or_lost() {
    for backend in common::office::backends() {
        // Lan and Minh, consultants of P1 (see `world`).
        let common::office::World { office, p1, .. } = world(backend);
        let lan = Device::logged_in(&office, "lan");
        let minh = Device::logged_in(&office, "minh");

        // Lan works offline at the mill; her bundle reaches Minh's laptop there, and Minh
        // corrects one of her flows and adds one.
        let (aid, _) = work(&lan, Some(&p1), "Tinh bột sắn Phước Hòa", 21);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lan.sxshb");
        lan.api.bundle_export(&file, 0).unwrap();
        minh.api.bundle_import(&file).unwrap();
        let mut f = minh.api.children::<Flow>(&aid).unwrap()[0].data.clone();
        f.quantity = 77.0;
        minh.api.update(f.clone()).unwrap();
        minh.api
            .create(common::flow(&aid, "Nước giếng khoan", 310.0))
            .unwrap();

        // Minh reaches the office first: his changes wait for Lan's rows, nothing is refused
        // and the server keeps nothing of them (no one claims Lan's rows through them).
        let sum = minh.sync();
        assert_eq!(sum.push_rejected, 0, "{backend}: {sum:?}");
        assert_eq!(sum.push_waiting, 2, "{backend}: {sum:?}");
        let st = minh.api.sync_state().unwrap();
        assert!(st.rejected.is_empty(), "{backend}: {:?}", st.rejected);
        assert_eq!(st.waiting, 2, "{backend}");
        assert!(
            !office.dump().contains(&aid),
            "{backend}: Lan's rows are not there yet"
        );

        // Lan syncs; Minh's next sync places his changes; everyone converges.
        lan.sync();
        let sum = minh.sync();
        assert_eq!(
            (sum.push_waiting, sum.push_rejected),
            (0, 0),
            "{backend}: {sum:?}"
        );
        assert_eq!(sum.pushed, 2, "{backend}: {sum:?}");
        assert_eq!(minh.api.sync_state().unwrap().waiting, 0, "{backend}");
        lan.sync();
        assert_same_dump(&synced_dump(lan.dir.path()), &synced_dump(minh.dir.path()));
        assert_eq!(lan.api.get::<Flow>(&f.id).unwrap().data.quantity, 77.0);
        assert_eq!(
            lan.api.children::<Flow>(&aid).unwrap().len(),
            3,
            "{backend}"
        );
    }
}
