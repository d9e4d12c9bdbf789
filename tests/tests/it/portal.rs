//! The office portal's JSON (`/portal/api`, crates/sxsh-server/src/portal.rs) on a real
//! `sxsh-server` process, on every backend of `common::office::backends`: a cookie session
//! over the server's accounts, CSRF and origin checks on every change, the dashboard equal to
//! `sxsh-server rollup` as the same account, each account's scope, accent-insensitive search,
//! the security headers, and forged, missing or ended sessions refused with nothing changed.

use crate::common;

use common::office::{Device, Office, PASSWORD, world};
use serde_json::{Value, json};
use sxsh_domain::model::{AssessmentKind, ImplStatus, Resource, ResourceSaving};

/// An answer: status, headers we look at, JSON body (`null` when empty or not JSON).
struct Answer {
    status: u16,
    set_cookie: Option<String>,
    csp: Option<String>,
    body: Value,
    text: String,
}

/// One request to the portal with `cookie` (`name=value`), and extra headers.
fn call(
    method: &str,
    url: &str,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let resp = if method == "GET" {
        let mut r = agent.get(url);
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.call()
    } else {
        let mut r = agent.post(url).header("content-type", "application/json");
        if let Some(c) = cookie {
            r = r.header("cookie", c);
        }
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        r.send(body.map(|b| b.to_string()).unwrap_or_default())
    };
    let mut resp = resp.unwrap();
    let header = |n: &str| {
        resp.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (status, set_cookie, csp) = (
        resp.status().as_u16(),
        header("set-cookie"),
        header("content-security-policy"),
    );
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    Answer {
        status,
        set_cookie,
        csp,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

/// The origin a page of this server sends.
fn origin(office: &Office) -> String {
    office.url.clone()
}

/// Logs `who` into the portal: the cookie (`sxsh_portal=…`) and the session's CSRF token.
fn portal_login(office: &Office, who: &str) -> (String, String) {
    let a = call(
        "POST",
        &format!("{}/portal/api/login", office.url),
        None,
        &[("origin", &origin(office))],
        Some(&json!({"login": who, "password": PASSWORD})),
    );
    assert_eq!(a.status, 200, "{who}: {}", a.text);
    let set = a.set_cookie.expect("a session cookie");
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attr), "cookie without {attr}: {set}");
    }
    let cookie = set.split(';').next().unwrap().to_string();
    assert!(
        cookie.starts_with("sxsh_portal=") && cookie.len() > 30,
        "{cookie}"
    );
    (cookie, a.body["csrf"].as_str().unwrap().to_string())
}

fn get(office: &Office, path: &str, cookie: &str) -> Answer {
    call(
        "GET",
        &format!("{}{path}", office.url),
        Some(cookie),
        &[],
        None,
    )
}

/// An enterprise, an assessment in `programme` with two good-housekeeping options saving
/// electricity (one implemented), made on `d`.
fn seed(d: &Device, programme: &str, name: &str, kwh: f64) -> String {
    let e = d.api.create(common::enterprise(name)).unwrap();
    let mut a = common::assessment(&e.data.id);
    a.programme_id = Some(programme.to_string());
    let a = d.api.create(a).unwrap();
    for (i, status) in [ImplStatus::Done, ImplStatus::NotStarted]
        .into_iter()
        .enumerate()
    {
        let mut o = common::option(&a.data.id, &format!("Giải pháp {i} của {name}"));
        o.investment_vnd = Some(10_000_000);
        o.selected = true;
        o.status = status;
        o.savings = vec![ResourceSaving {
            resource: Resource::Electricity,
            name: "Điện".into(),
            fuel_code: String::new(),
            quantity: kwh * (i + 1) as f64,
            unit: "kWh".into(),
            unit_price_vnd: Some(2_000),
            added: false,
            coal_grade: String::new(),
        }];
        d.api.create(o).unwrap();
    }
    a.data.id
}

/// The headline figures of a roll-up (portal or `sxsh-server rollup`), to compare.
fn headline(r: &Value) -> Value {
    json!({
        "assessments": r["assessments"],
        "enterprises": r["enterprises"],
        "options_identified": r["options_identified"],
        "options_implemented": r["options_implemented"],
        "identified": r["identified"],
        "implemented": r["implemented"],
        "grid_years": r["grid_years"],
    })
}

/// Whether two JSON values are equal, numbers within a relative 1e-9 (a device folds the
/// options in two workers, the server in one: sums of the same figures in another order).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn cli_rollup(office: &Office, login: Option<&str>) -> Value {
    let mut args = vec!["rollup"];
    if let Some(l) = login {
        args.extend(["--login", l]);
    }
    serde_json::from_str(&office.run(&args)).unwrap()
}

#[test]
fn the_portal_shows_each_account_its_scope_with_the_same_figures_as_the_rollup_command() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let an = Device::logged_in(&w.office, "an");
        seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        seed(&an, &w.p2, "Lò rèn Đa Sỹ", 3_000.0);
        lan.sync();
        an.sync();

        // The admin sees both programmes; the figures are the roll-up command's.
        let (admin, _) = portal_login(&w.office, "admin");
        let all = get(&w.office, "/portal/api/dashboard?review=all", &admin);
        assert_eq!(all.status, 200, "{backend}: {}", all.text);
        assert_eq!(
            headline(&all.body),
            headline(&cli_rollup(&w.office, None)),
            "{backend}"
        );
        assert_eq!(all.body["assessments"], 2, "{backend}");
        assert_eq!(all.body["options_implemented"], 2, "{backend}");
        // 12 000 + 24 000 + 3 000 + 6 000 kWh a year identified.
        assert_eq!(
            all.body["identified"]["electricity_kwh"], 45_000.0,
            "{backend}"
        );
        assert!(
            all.csp
                .as_deref()
                .is_some_and(|c| c.contains("script-src 'self'")),
            "{backend}: {:?}",
            all.csp
        );
        // One programme, by its id.
        let one = get(
            &w.office,
            &format!("/portal/api/dashboard?review=all&programme_id={}", w.p2),
            &admin,
        );
        assert_eq!(one.body["assessments"], 1, "{backend}");
        assert_eq!(
            one.body["identified"]["electricity_kwh"], 9_000.0,
            "{backend}"
        );

        // A viewer of P1 sees P1 only, as the roll-up command does for that login.
        let (vy, _) = portal_login(&w.office, "vy");
        let seen = get(&w.office, "/portal/api/dashboard?review=all", &vy);
        assert_eq!(
            headline(&seen.body),
            headline(&cli_rollup(&w.office, Some("vy"))),
            "{backend}"
        );
        assert_eq!(seen.body["assessments"], 1, "{backend}");
        assert_eq!(
            seen.body["identified"]["electricity_kwh"], 36_000.0,
            "{backend}"
        );
        let names: Vec<String> = get(&w.office, "/portal/api/enterprises", &vy)
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(names, vec!["Hộ gốm Đào Việt Bình"], "{backend}");
        let programmes = get(&w.office, "/portal/api/programmes", &vy).body;
        assert_eq!(
            programmes.as_array().unwrap().len(),
            1,
            "{backend}: {programmes}"
        );

        // An assessment's report, made at the office: for the admin and the viewer of its
        // programme, not for a consultant of another programme.
        let aid = get(&w.office, "/portal/api/assessments", &vy).body[0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let pdf_of = |cookie: &str| {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into();
            let mut r = agent
                .get(&format!(
                    "{}/portal/api/assessments/{aid}/report.pdf",
                    w.office.url
                ))
                .header("cookie", cookie)
                .call()
                .unwrap();
            let status = r.status().as_u16();
            (
                status,
                r.body_mut()
                    .with_config()
                    .limit(50 << 20)
                    .read_to_vec()
                    .unwrap(),
            )
        };
        for cookie in [&admin, &vy] {
            let (status, bytes) = pdf_of(cookie);
            assert_eq!(status, 200, "{backend}");
            let text = sxsh_tests::pdftotext(&bytes);
            assert!(text.contains("Hộ gốm Đào Việt Bình"), "{backend}: {text}");
            assert!(
                text.contains("Giải pháp 1 của Hộ gốm Đào Việt Bình"),
                "{backend}: {text}"
            );
            assert!(
                text.contains("24.000"),
                "{backend}: the second option's kWh: {text}"
            );
        }
        let (an, _) = portal_login(&w.office, "an");
        assert_eq!(
            pdf_of(&an).0,
            404,
            "{backend}: another programme's assessment"
        );

        // Search without diacritics, in any case.
        let found = get(&w.office, "/portal/api/enterprises?q=DA%20SY", &admin).body;
        assert_eq!(found.as_array().unwrap().len(), 1, "{backend}: {found}");
        assert_eq!(found[0]["name"], "Lò rèn Đa Sỹ", "{backend}");
        assert_eq!(found[0]["assessments"], 1, "{backend}");
        let found = get(&w.office, "/portal/api/enterprises?q=kim%20lan", &admin).body;
        assert_eq!(
            found.as_array().unwrap().len(),
            2,
            "{backend}: both are in Kim Lan commune by the common fixture"
        );
    }
}

#[test]
fn the_enterprise_list_gives_each_enterprise_its_stage_and_filters_by_it() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        // Applying: a quick assessment with an implemented option.
        let applying = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        // Detailed and quick assessments, no option implemented.
        for (name, kind) in [
            ("Lò rèn Đa Sỹ", AssessmentKind::Detailed),
            ("Xưởng bún Phú Đô", AssessmentKind::Quick),
        ] {
            let e = lan.api.create(common::enterprise(name)).unwrap();
            let mut a = common::assessment(&e.data.id);
            a.programme_id = Some(w.p1.clone());
            a.kind = kind;
            lan.api.create(a).unwrap();
        }
        // Not assessed: only the enterprise, shared with nobody's programme.
        lan.api
            .create(common::enterprise("Cơ sở dệt Vạn Phúc"))
            .unwrap();
        lan.sync();

        let (admin, csrf) = portal_login(&w.office, "admin");
        let stages = |cookie: &str, q: &str| -> Vec<(String, String)> {
            let list = get(&w.office, &format!("/portal/api/enterprises?{q}"), cookie);
            assert_eq!(list.status, 200, "{backend}: {}", list.text);
            list.body
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["name"].as_str().unwrap().to_string(),
                        e["stage"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        };
        let pair = |n: &str, s: &str| (n.to_string(), s.to_string());
        let all = vec![
            pair("Cơ sở dệt Vạn Phúc", "not_assessed"),
            pair("Hộ gốm Đào Việt Bình", "applying"),
            pair("Lò rèn Đa Sỹ", "detailed"),
            pair("Xưởng bún Phú Đô", "quick"),
        ];
        assert_eq!(stages(&admin, ""), all, "{backend}");
        // Each stage's filter gives exactly the enterprises at that stage.
        for (name, stage) in &all {
            assert_eq!(
                stages(&admin, &format!("stage={stage}")),
                vec![pair(name, stage)],
                "{backend}: {stage}"
            );
        }
        // With the area and the text search.
        assert_eq!(
            stages(&admin, "stage=detailed&q=da%20sy"),
            vec![pair("Lò rèn Đa Sỹ", "detailed")],
            "{backend}"
        );
        assert!(
            stages(&admin, "stage=detailed&q=phu%20do").is_empty(),
            "{backend}"
        );
        // An unknown stage is a clear error.
        let bad = get(&w.office, "/portal/api/enterprises?stage=done", &admin);
        assert_eq!(bad.status, 400, "{backend}: {}", bad.text);
        assert_eq!(bad.body["code"], "bad_request", "{backend}: {}", bad.text);

        // A viewer of P1 (its rows read per request) sees the same stages of its enterprises.
        let (vy, _) = portal_login(&w.office, "vy");
        assert_eq!(stages(&vy, ""), all[1..].to_vec(), "{backend}");

        // A rejected assessment does not count: the enterprise is not assessed any more.
        let r = post_review(
            &w.office,
            &admin,
            &csrf,
            &applying,
            "rejected",
            "Số liệu sai",
        );
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(
            stages(&admin, "stage=not_assessed"),
            vec![
                pair("Cơ sở dệt Vạn Phúc", "not_assessed"),
                pair("Hộ gốm Đào Việt Bình", "not_assessed"),
            ],
            "{backend}"
        );
        assert!(stages(&admin, "stage=applying").is_empty(), "{backend}");
    }
}

#[test]
fn forged_missing_or_ended_sessions_and_cross_site_changes_are_refused_and_change_nothing() {
    for backend in common::office::backends() {
        let w = world(backend);
        let url = |p: &str| format!("{}{p}", w.office.url);
        let before = w.office.dump();

        // No cookie, a forged one, a wrong password.
        assert_eq!(
            call("GET", &url("/portal/api/session"), None, &[], None).status,
            401,
            "{backend}"
        );
        let forged = call(
            "GET",
            &url("/portal/api/dashboard"),
            Some("sxsh_portal=ZmFrZS10b2tlbi1mb3ItdGhlLXBvcnRhbA"),
            &[],
            None,
        );
        assert_eq!(forged.status, 401, "{backend}: {}", forged.text);
        let wrong = call(
            "POST",
            &url("/portal/api/login"),
            None,
            &[],
            Some(&json!({"login": "admin", "password": "nope"})),
        );
        assert_eq!(
            (wrong.status, wrong.body["code"].as_str()),
            (401, Some("bad_credentials")),
            "{backend}"
        );
        assert!(wrong.set_cookie.is_none(), "{backend}");
        // A login posted from another site's page.
        let cross = call(
            "POST",
            &url("/portal/api/login"),
            None,
            &[("origin", "https://evil.example")],
            Some(&json!({"login": "admin", "password": PASSWORD})),
        );
        assert_eq!(cross.status, 403, "{backend}: {}", cross.text);
        assert!(cross.set_cookie.is_none(), "{backend}");

        let (cookie, csrf) = portal_login(&w.office, "admin");
        let session = get(&w.office, "/portal/api/session", &cookie);
        assert_eq!(session.body["csrf"], csrf.as_str(), "{backend}");
        assert_eq!(session.body["account"]["role"], "admin", "{backend}");
        assert_eq!(session.body["office"], "Sở Công Thương Hà Nội", "{backend}");

        // A change without the CSRF token, with another session's, or from another origin is
        // refused, and the session still works.
        let (_, other_csrf) = portal_login(&w.office, "vy");
        for headers in [
            vec![],
            vec![("x-csrf-token", other_csrf.as_str())],
            vec![
                ("x-csrf-token", csrf.as_str()),
                ("origin", "http://evil.example"),
            ],
        ] {
            let r = call(
                "POST",
                &url("/portal/api/logout"),
                Some(&cookie),
                &headers,
                None,
            );
            assert_eq!(
                (r.status, r.body["code"].as_str()),
                (403, Some("forbidden")),
                "{backend}: {headers:?}"
            );
            assert_eq!(
                get(&w.office, "/portal/api/session", &cookie).status,
                200,
                "{backend}: {headers:?}"
            );
        }
        // The real logout ends the session on the server: the old cookie is refused after.
        let out = call(
            "POST",
            &url("/portal/api/logout"),
            Some(&cookie),
            &[("x-csrf-token", &csrf), ("origin", &origin(&w.office))],
            None,
        );
        assert_eq!(out.status, 204, "{backend}: {}", out.text);
        assert!(
            out.set_cookie
                .as_deref()
                .is_some_and(|c| c.contains("Max-Age=0")),
            "{backend}"
        );
        let ended = get(&w.office, "/portal/api/dashboard", &cookie);
        assert_eq!(
            (ended.status, ended.body["code"].as_str()),
            (401, Some("token_expired")),
            "{backend}: {}",
            ended.text
        );

        // A query that is not one is a clear error.
        let (cookie, _) = portal_login(&w.office, "admin");
        let bad = get(&w.office, "/portal/api/dashboard?year=twenty", &cookie);
        assert_eq!(
            (bad.status, bad.body["code"].as_str()),
            (400, Some("bad_request")),
            "{backend}: {}",
            bad.text
        );

        // A 40 MB body (a login, a new account, a review) is refused from its length, with
        // memory bounded; so is a body that is not JSON.
        let (cookie, csrf) = portal_login(&w.office, "admin");
        let huge = Value::String("x".repeat(40 << 20));
        let o = origin(&w.office);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        for path in [
            "/portal/api/login",
            "/portal/api/users",
            "/portal/api/reviews",
        ] {
            let sent = agent
                .post(&url(path))
                .header("cookie", &cookie)
                .header("x-csrf-token", &csrf)
                .header("origin", &o)
                .header("content-type", "application/json")
                .send(huge.to_string());
            // The server answers 413 from the length and may close before the body is sent.
            match sent {
                Ok(mut r) => {
                    let text = r.body_mut().read_to_string().unwrap_or_default();
                    assert_eq!(r.status().as_u16(), 413, "{backend}: {path}: {text}");
                    assert!(text.contains("too_large"), "{backend}: {path}: {text}");
                }
                Err(ureq::Error::Io(e)) => assert!(
                    matches!(
                        e.kind(),
                        std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
                    ),
                    "{backend}: {path}: {e}"
                ),
                Err(e) => panic!("{backend}: {path}: {e}"),
            }
        }
        assert_eq!(
            get(&w.office, "/portal/api/session", &cookie).status,
            200,
            "{backend}: the server still answers"
        );
        let r = call(
            "POST",
            &url("/portal/api/users"),
            Some(&cookie),
            &[("x-csrf-token", &csrf), ("origin", &o)],
            Some(&Value::String("{not json".into())),
        );
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (400, Some("bad_request")),
            "{backend}: {}",
            r.text
        );
        let peak = w.office.peak_mb();
        assert!(
            peak < 200.0,
            "{backend}: server peak {peak:.0} MB after 40 MB bodies"
        );

        // None of it changed the synced data (sessions are not in the dump).
        assert_eq!(w.office.dump(), before, "{backend}");
    }
}

#[test]
fn the_portal_pages_are_served_from_the_folder_given_and_the_server_says_how_when_none_is() {
    let mut office = Office::new("sqlite");
    office.start();
    let none = call("GET", &format!("{}/", office.url), None, &[], None);
    assert_eq!(none.status, 404);
    assert!(none.text.contains("--portal"), "{}", none.text);
    office.kill();

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("portal.html"),
        "<!doctype html><title>Cổng SXSH</title>",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/portal-1.js"), "console.log('sxsh')").unwrap();
    office.start_with(&[], &["--portal", dir.path().to_str().unwrap()]);
    let page = call("GET", &format!("{}/", office.url), None, &[], None);
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Cổng SXSH"), "{}", page.text);
    assert!(page.csp.is_some());
    let js = call(
        "GET",
        &format!("{}/assets/portal-1.js", office.url),
        None,
        &[],
        None,
    );
    assert_eq!((js.status, js.text.as_str()), (200, "console.log('sxsh')"));
    // Nothing outside the folder.
    let out = call(
        "GET",
        &format!("{}/assets/../../office.db", office.url),
        None,
        &[],
        None,
    );
    assert_eq!(out.status, 404);
}

/// `POST /portal/api/reviews` as the session of `cookie`/`csrf`.
fn post_review(
    office: &Office,
    cookie: &str,
    csrf: &str,
    aid: &str,
    state: &str,
    comment: &str,
) -> Answer {
    call(
        "POST",
        &format!("{}/portal/api/reviews", office.url),
        Some(cookie),
        &[("x-csrf-token", csrf), ("origin", &origin(office))],
        Some(&json!({"assessment_id": aid, "state": state, "comment": comment})),
    )
}

fn cli_rollup_review(office: &Office, review: &str) -> Value {
    serde_json::from_str(&office.run(&["rollup", "--review", review])).unwrap()
}

#[test]
fn a_review_made_in_the_portal_reaches_the_consultant_and_decides_what_the_official_rollup_counts()
{
    use sxsh_api::calc::{ReviewScope, RollupQuery};
    use sxsh_domain::model::{Review, ReviewState};
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let minh = Device::logged_in(&w.office, "minh");
        let a1 = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        let a2 = seed(&minh, &w.p1, "Hộ gốm Nguyễn Văn Tâm", 3_000.0);
        lan.sync();
        minh.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");

        // Received, not reviewed: the official figures count none, "with pending" both.
        let list = get(&w.office, "/portal/api/assessments", &admin).body;
        assert_eq!(list.as_array().unwrap().len(), 2, "{backend}: {list}");
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .all(|a| a["review_state"].is_null()),
            "{backend}"
        );
        let official = get(&w.office, "/portal/api/dashboard", &admin).body;
        assert_eq!(official["query"]["review"], "approved", "{backend}");
        assert_eq!(official["assessments"], 0, "{backend}");
        assert_eq!(official["reviews"]["received"], 2, "{backend}");
        let pending = get(
            &w.office,
            "/portal/api/dashboard?review=with_pending",
            &admin,
        )
        .body;
        assert_eq!(pending["assessments"], 2, "{backend}");

        // Refused, and nothing written: no comment when sending back, a viewer, no CSRF token,
        // an unknown assessment, a state that is not one.
        let before = w.office.dump();
        let r = post_review(&w.office, &admin, &csrf, &a2, "needs_changes", "  ");
        assert_eq!(r.status, 400, "{backend}: {}", r.text);
        assert!(r.text.contains("comment"), "{backend}: {}", r.text);
        let (vy, vy_csrf) = portal_login(&w.office, "vy");
        assert_eq!(
            post_review(&w.office, &vy, &vy_csrf, &a1, "approved", "").status,
            403,
            "{backend}"
        );
        assert_eq!(
            post_review(&w.office, &admin, "", &a1, "approved", "").status,
            403,
            "{backend}"
        );
        assert_eq!(
            post_review(
                &w.office,
                &admin,
                &csrf,
                "019a0000-0000-7000-8000-000000000000",
                "approved",
                ""
            )
            .status,
            404,
            "{backend}"
        );
        assert_eq!(
            post_review(&w.office, &admin, &csrf, &a1, "maybe", "").status,
            400,
            "{backend}"
        );
        assert_eq!(w.office.dump(), before, "{backend}");

        // A1 approved; A2 sent back with a comment.
        let ok = post_review(&w.office, &admin, &csrf, &a1, "approved", "");
        assert_eq!(ok.status, 200, "{backend}: {}", ok.text);
        assert_eq!(ok.body["reviewer"], "admin", "{backend}");
        let back = post_review(
            &w.office,
            &admin,
            &csrf,
            &a2,
            "needs_changes",
            "Bổ sung số liệu điện tháng 3 và ảnh công tơ.",
        );
        assert_eq!(back.status, 200, "{backend}: {}", back.text);

        let official = get(&w.office, "/portal/api/dashboard", &admin).body;
        assert_eq!(official["assessments"], 1, "{backend}");
        assert_eq!(
            official["identified"]["electricity_kwh"], 36_000.0,
            "{backend}"
        );
        assert_eq!(
            official["reviews"],
            json!({"received": 0, "needs_changes": 1, "approved": 1, "rejected": 0}),
            "{backend}"
        );
        assert_eq!(
            headline(&official),
            headline(&cli_rollup_review(&w.office, "approved")),
            "{backend}"
        );
        let pending = get(
            &w.office,
            "/portal/api/dashboard?review=with_pending",
            &admin,
        )
        .body;
        assert_eq!(pending["assessments"], 2, "{backend}");
        assert_eq!(
            headline(&pending),
            headline(&cli_rollup_review(&w.office, "with_pending")),
            "{backend}"
        );

        // The roll-up report (PDF) of the official figures, as the portal's one click gets it.
        let text = {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into();
            let mut r = agent
                .get(&format!(
                    "{}/portal/api/rollup.pdf?review=approved",
                    w.office.url
                ))
                .header("cookie", &admin)
                .call()
                .unwrap();
            assert_eq!(r.status().as_u16(), 200, "{backend}");
            assert_eq!(r.headers().get("content-type").unwrap(), "application/pdf");
            sxsh_tests::pdftotext(
                &r.body_mut()
                    .with_config()
                    .limit(50 << 20)
                    .read_to_vec()
                    .unwrap(),
            )
        };
        assert!(
            text.contains("chỉ các đánh giá văn phòng đã duyệt"),
            "{backend}: {text}"
        );
        assert!(
            text.contains("72.000.000"),
            "{backend}: the approved net saving: {text}"
        );
        let forged = call(
            "GET",
            &format!("{}/portal/api/rollup.pdf", w.office.url),
            Some("sxsh_portal=forged"),
            &[],
            None,
        );
        assert_eq!(forged.status, 401, "{backend}");

        // The consultants' next sync brings the office's decisions to their apps; the device's
        // own roll-up (`sxsh calc rollup --review …`) then equals the office's.
        lan.sync();
        minh.sync();
        let mine = minh.api.children::<Review>(&a2).unwrap();
        assert_eq!(mine.len(), 1, "{backend}");
        assert_eq!(mine[0].data.state, ReviewState::NeedsChanges, "{backend}");
        assert_eq!(
            mine[0].data.comment, "Bổ sung số liệu điện tháng 3 và ảnh công tơ.",
            "{backend}"
        );
        assert_eq!(
            lan.api.children::<Review>(&a1).unwrap()[0].data.state,
            ReviewState::Approved,
            "{backend}"
        );
        for (scope, office) in [
            (ReviewScope::Approved, &official),
            (ReviewScope::WithPending, &pending),
        ] {
            let device = lan
                .api
                .rollup(RollupQuery {
                    review: scope,
                    ..Default::default()
                })
                .unwrap();
            let (d, o) = (
                headline(&serde_json::to_value(&device).unwrap()),
                headline(office),
            );
            assert!(same(&d, &o), "{backend}: {scope:?}: device {d} office {o}");
        }

        // A consultant cannot make or change a review, in the app or by pushing one.
        let forged = Review {
            id: String::new(),
            assessment_id: a2.clone(),
            state: ReviewState::Approved,
            comment: String::new(),
            reviewer: "lan".into(),
            reviewed_at: "2026-12-06T10:00:00Z".into(),
        };
        let e = lan.api.create(forged).unwrap_err();
        assert_eq!(e.code, sxsh_api::error::ErrorCode::OfficeOnly, "{backend}");
        let list = get(&w.office, "/portal/api/assessments", &admin).body;
        let a2_row = list
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == a2.as_str())
            .unwrap()
            .clone();
        assert_eq!(a2_row["review_state"], "needs_changes", "{backend}");
        assert_eq!(a2_row["reviews"].as_array().unwrap().len(), 1, "{backend}");

        // Minh deletes A2: its review is the office's and stays; the sync refuses nothing.
        minh.api.delete::<sxsh_api::dto::Assessment>(&a2).unwrap();
        minh.sync();
        assert!(
            minh.api.sync_state().unwrap().rejected.is_empty(),
            "{backend}"
        );
        let list = get(&w.office, "/portal/api/assessments", &admin).body;
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .all(|a| a["id"] != a2.as_str()),
            "{backend}: A2 is gone from the office's list"
        );
    }
}

#[test]
fn the_review_of_an_assessment_without_a_programme_reaches_the_consultant_who_made_it_only() {
    use sxsh_domain::model::Review;
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let minh = Device::logged_in(&w.office, "minh");
        // An assessment with no programme: only lan (who made it) and the office see it.
        let e = lan
            .api
            .create(common::enterprise("Hộ gốm Lê Văn Hòa"))
            .unwrap();
        let a = lan
            .api
            .create(common::assessment(&e.data.id))
            .unwrap()
            .data
            .id;
        lan.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let r = post_review(
            &w.office,
            &admin,
            &csrf,
            &a,
            "rejected",
            "Không thuộc chương trình nào: gắn vào chương trình SXSH Hà Nội 2026 rồi đồng bộ lại.",
        );
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        lan.sync();
        minh.sync();
        let seen = lan.api.children::<Review>(&a).unwrap();
        assert_eq!(seen.len(), 1, "{backend}");
        assert!(
            seen[0].data.comment.starts_with("Không thuộc chương trình"),
            "{backend}"
        );
        assert!(
            minh.api.get::<sxsh_api::dto::Assessment>(&a).is_err(),
            "{backend}: minh does not see lan's assessment"
        );
        assert!(
            minh.api
                .children::<Review>(&a)
                .unwrap_or_default()
                .is_empty(),
            "{backend}: nor its review"
        );
        // Rejected: counted in no official or pending figure, only in `all`.
        let dash = |q: &str| {
            get(
                &w.office,
                &format!("/portal/api/dashboard?review={q}"),
                &admin,
            )
            .body
        };
        assert_eq!(dash("approved")["assessments"], 0, "{backend}");
        assert_eq!(dash("with_pending")["assessments"], 0, "{backend}");
        assert_eq!(dash("all")["assessments"], 1, "{backend}");
        assert_eq!(dash("all")["reviews"]["rejected"], 1, "{backend}");
    }
}

#[test]
fn an_admin_makes_a_consultant_in_the_portal_who_then_syncs_and_bad_accounts_are_refused() {
    for backend in common::office::backends() {
        let w = world(backend);
        let url = format!("{}/portal/api/users", w.office.url);
        let (admin, csrf) = portal_login(&w.office, "admin");
        let o = origin(&w.office);
        let post = |cookie: &str, csrf: &str, body: Value| {
            call(
                "POST",
                &url,
                Some(cookie),
                &[("x-csrf-token", csrf), ("origin", &o)],
                Some(&body),
            )
        };
        let user = |login: &str, role: &str, password: &str, programmes: Vec<&str>| json!({"login": login, "display_name": "Phạm Thu Hà", "role": role, "password": password, "programmes": programmes});
        let before = w.office.dump();
        let listed = get(&w.office, "/portal/api/users", &admin).body;
        let n = listed.as_array().unwrap().len();
        // Refused: a login with spaces or capitals, a short password, an unknown role or
        // programme, a consultant without a programme, a login taken; a viewer; no CSRF token.
        for (body, why) in [
            (
                user("Thu Ha", "consultant", "mật khẩu dài đủ", vec![&w.p1]),
                "login",
            ),
            (user("thuha", "consultant", "ngắn", vec![&w.p1]), "password"),
            (
                user("thuha", "boss", "mật khẩu dài đủ", vec![&w.p1]),
                "role",
            ),
            (
                user("thuha", "consultant", "mật khẩu dài đủ", vec!["P-NONE"]),
                "programme",
            ),
            (
                user("thuha", "consultant", "mật khẩu dài đủ", vec![]),
                "programme",
            ),
            (
                user("lan", "consultant", "mật khẩu dài đủ", vec![&w.p1]),
                "taken",
            ),
        ] {
            let r = post(&admin, &csrf, body);
            assert_eq!(r.status, 400, "{backend}: {why}: {}", r.text);
            assert!(r.text.contains(why), "{backend}: {why}: {}", r.text);
        }
        let (vy, vy_csrf) = portal_login(&w.office, "vy");
        assert_eq!(
            post(
                &vy,
                &vy_csrf,
                user("thuha", "consultant", "mật khẩu dài đủ", vec![&w.p1])
            )
            .status,
            403,
            "{backend}"
        );
        assert_eq!(
            get(&w.office, "/portal/api/users", &vy).status,
            403,
            "{backend}"
        );
        assert_eq!(
            post(
                &admin,
                "",
                user("thuha", "consultant", "mật khẩu dài đủ", vec![&w.p1])
            )
            .status,
            403,
            "{backend}"
        );
        assert_eq!(w.office.dump(), before, "{backend}");
        assert_eq!(
            get(&w.office, "/portal/api/users", &admin)
                .body
                .as_array()
                .unwrap()
                .len(),
            n,
            "{backend}"
        );

        // Made: listed with its programme, and it logs in and syncs from a device.
        let made = post(
            &admin,
            &csrf,
            user("thuha", "consultant", "mật khẩu dài đủ", vec![&w.p1]),
        );
        assert_eq!(made.status, 200, "{backend}: {}", made.text);
        assert_eq!(made.body["role"], "consultant", "{backend}");
        let listed = get(&w.office, "/portal/api/users", &admin).body;
        let row = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["login"] == "thuha")
            .unwrap()
            .clone();
        assert_eq!(row["programmes"], json!([w.p1]), "{backend}");
        let d = Device::new();
        d.api
            .sync_login(&w.office.url, "thuha", "mật khẩu dài đủ", None)
            .unwrap();
        d.sync();
        let st = d.api.sync_state().unwrap();
        assert_eq!(st.login.as_deref(), Some("thuha"), "{backend}");
        assert_eq!(st.role.as_deref(), Some("consultant"), "{backend}");
    }
}

#[test]
fn an_admin_changes_an_accounts_role_and_programmes_resets_its_password_and_disables_it() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        lan.sync();
        let an = Device::logged_in(&w.office, "an");
        seed(&an, &w.p2, "Lò rèn Đa Sỹ", 3_000.0);
        an.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let o = origin(&w.office);
        let users = get(&w.office, "/portal/api/users", &admin).body;
        let id_of = |login: &str| {
            users
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["login"] == login)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let edit = |cookie: &str, csrf: &str, id: &str, body: Value| {
            call(
                "POST",
                &format!("{}/portal/api/users/{id}", w.office.url),
                Some(cookie),
                &[("x-csrf-token", csrf), ("origin", &o)],
                Some(&body),
            )
        };
        let names = |cookie: &str| -> Vec<String> {
            get(&w.office, "/portal/api/enterprises", cookie)
                .body
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["name"].as_str().unwrap().to_string())
                .collect()
        };
        let (vy_id, admin_id) = (id_of("vy"), id_of("admin"));
        let (vy, vy_csrf) = portal_login(&w.office, "vy");
        assert_eq!(names(&vy), ["Hộ gốm Đào Việt Bình"], "{backend}");

        // Refused, nothing changed: no CSRF token, a viewer, an unknown account, a bad role,
        // a short password, an unknown programme, a consultant without one, an empty name,
        // and the admin demoting or disabling its own account.
        let before = w.office.dump();
        let viewer = |programmes: Vec<&str>| json!({"display_name": "Vy", "role": "viewer", "programmes": programmes});
        for (who, id, body, status, why) in [
            (
                (&admin, ""),
                vy_id.as_str(),
                viewer(vec![&w.p2]),
                403,
                "csrf",
            ),
            (
                (&vy, vy_csrf.as_str()),
                vy_id.as_str(),
                viewer(vec![&w.p2]),
                403,
                "administrators",
            ),
            (
                (&admin, csrf.as_str()),
                "no-such-id",
                viewer(vec![&w.p2]),
                404,
                "no account",
            ),
            (
                (&admin, csrf.as_str()),
                vy_id.as_str(),
                json!({"display_name": "Vy", "role": "boss"}),
                400,
                "role",
            ),
            (
                (&admin, csrf.as_str()),
                vy_id.as_str(),
                json!({"display_name": "Vy", "role": "viewer", "password": "ngắn"}),
                400,
                "password",
            ),
            (
                (&admin, csrf.as_str()),
                vy_id.as_str(),
                viewer(vec!["P-NONE"]),
                400,
                "programme",
            ),
            (
                (&admin, csrf.as_str()),
                vy_id.as_str(),
                json!({"display_name": "Vy", "role": "consultant"}),
                400,
                "programme",
            ),
            (
                (&admin, csrf.as_str()),
                vy_id.as_str(),
                json!({"display_name": "  ", "role": "viewer"}),
                400,
                "display_name",
            ),
            (
                (&admin, csrf.as_str()),
                admin_id.as_str(),
                json!({"display_name": "Admin", "role": "viewer"}),
                400,
                "own account",
            ),
            (
                (&admin, csrf.as_str()),
                admin_id.as_str(),
                json!({"display_name": "Admin", "role": "admin", "disabled": true}),
                400,
                "own account",
            ),
        ] {
            let r = edit(who.0, who.1, id, body);
            assert_eq!(r.status, status, "{backend}: {why}: {}", r.text);
            assert!(
                r.text.to_lowercase().contains(why),
                "{backend}: {why}: {}",
                r.text
            );
        }
        assert_eq!(w.office.dump(), before, "{backend}");

        // The viewer moves to P2, with a new name (sent decomposed, kept in NFC): it now sees
        // P2's enterprise and not P1's, in the session it already had.
        let r = edit(
            &admin,
            &csrf,
            &vy_id,
            json!({"display_name": "Nguye\u{302}\u{303}n Vy", "role": "viewer", "programmes": [w.p2]}),
        );
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        assert_eq!(r.body["display_name"], "Nguyễn Vy", "{backend}");
        assert_eq!(r.body["programmes"], json!([w.p2]), "{backend}");
        assert_eq!(names(&vy), ["Lò rèn Đa Sỹ"], "{backend}");
        let seen = get(&w.office, "/portal/api/dashboard?review=all", &vy).body;
        assert_eq!(
            headline(&seen),
            headline(&cli_rollup(&w.office, Some("vy"))),
            "{backend}"
        );
        assert_eq!(seen["identified"]["electricity_kwh"], 9_000.0, "{backend}");

        // A new password for lan: its device's token and portal sessions end; the new one
        // logs in, the old one does not.
        let (lan_portal, _) = portal_login(&w.office, "lan");
        let r = edit(
            &admin,
            &csrf,
            &id_of("lan"),
            json!({"display_name": "Lan", "role": "consultant", "programmes": [w.p1], "password": "mật khẩu mới rất dài"}),
        );
        assert_eq!(r.status, 200, "{backend}: {}", r.text);
        let ended = get(&w.office, "/portal/api/dashboard", &lan_portal);
        assert_eq!(
            (ended.status, ended.body["code"].as_str()),
            (401, Some("token_expired")),
            "{backend}"
        );
        assert!(
            lan.api.sync_now(&mut |_| {}).is_err(),
            "{backend}: the old token"
        );
        let login = |who: &str, password: &str| {
            call(
                "POST",
                &format!("{}/portal/api/login", w.office.url),
                None,
                &[("origin", &o)],
                Some(&json!({"login": who, "password": password})),
            )
            .status
        };
        assert_eq!(login("lan", PASSWORD), 401, "{backend}");
        assert_eq!(login("lan", "mật khẩu mới rất dài"), 200, "{backend}");

        // Disabled: an's device and the viewer's session end and neither logs in again;
        // what an synced stays on the server.
        for (login_of, name) in [("an", "An"), ("vy", "Vy")] {
            let role = if login_of == "an" {
                "consultant"
            } else {
                "viewer"
            };
            let r = edit(
                &admin,
                &csrf,
                &id_of(login_of),
                json!({"display_name": name, "role": role, "programmes": [w.p2], "disabled": true}),
            );
            assert_eq!(r.status, 200, "{backend}: {}", r.text);
            assert_eq!(r.body["disabled"], true, "{backend}");
        }
        assert!(an.api.sync_now(&mut |_| {}).is_err(), "{backend}: disabled");
        let ended = get(&w.office, "/portal/api/dashboard", &vy);
        assert_eq!(
            (ended.status, ended.body["code"].as_str()),
            (401, Some("token_expired")),
            "{backend}"
        );
        assert_eq!(login("vy", PASSWORD), 401, "{backend}");
        assert_eq!(
            get(&w.office, "/portal/api/dashboard?review=all", &admin).body["assessments"],
            2,
            "{backend}"
        );
        // Enabled again, it logs in with its password; its old session stays ended.
        let r = edit(
            &admin,
            &csrf,
            &vy_id,
            json!({"display_name": "Vy", "role": "viewer", "programmes": [w.p2]}),
        );
        assert_eq!(r.body["disabled"], false, "{backend}: {}", r.text);
        assert_eq!(
            get(&w.office, "/portal/api/dashboard", &vy).status,
            401,
            "{backend}"
        );
        assert_eq!(login("vy", PASSWORD), 200, "{backend}");
    }
}

/// `POST /portal/api/records/{entity}` as the session of `cookie`/`csrf`.
fn post_record(office: &Office, cookie: &str, csrf: &str, entity: &str, body: &Value) -> Answer {
    call(
        "POST",
        &format!("{}/portal/api/records/{entity}", office.url),
        Some(cookie),
        &[("x-csrf-token", csrf), ("origin", &origin(office))],
        Some(body),
    )
}

#[test]
fn the_offices_training_surveys_and_support_move_the_dashboard_and_bad_records_change_nothing() {
    for backend in common::office::backends() {
        let w = world(backend);
        // P1's own targets: 90 % aware, 4 extension officers all trained, ≥ 15 quick.
        let mut p1 = w
            .admin
            .api
            .list_programmes()
            .unwrap()
            .into_iter()
            .find(|p| p.data.id == w.p1)
            .unwrap()
            .data;
        p1.targets.facilities_aware_pct = Some(90.0);
        p1.targets.extension_staff = Some(4);
        p1.targets.extension_staff_trained_pct = Some(100.0);
        p1.targets.quick_assessments_min = Some(15);
        w.admin.api.update(p1).unwrap();
        w.admin.sync();
        let lan = Device::logged_in(&w.office, "lan");
        let an = Device::logged_in(&w.office, "an");
        seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        seed(&an, &w.p2, "Cơ sở rèn Đa Sỹ", 3_000.0);
        lan.sync();
        an.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let enterprise = |name: &str| {
            get(&w.office, "/portal/api/enterprises", &admin)
                .body
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["name"] == name)
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (e1, e2) = (
            enterprise("Hộ gốm Đào Việt Bình"),
            enterprise("Cơ sở rèn Đa Sỹ"),
        );
        let dash = |cookie: &str| {
            get(
                &w.office,
                &format!(
                    "/portal/api/dashboard?programme_id={}&review=with_pending",
                    w.p1
                ),
                cookie,
            )
            .body
        };
        let progress = |d: &Value, code: &str| {
            d["progress"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["code"] == code)
                .cloned()
                .unwrap_or(Value::Null)
        };
        let before = dash(&admin);
        assert_eq!(before["outreach"]["training_events"], 0, "{backend}");
        assert_eq!(
            before["outreach"]["aware_share_pct"],
            Value::Null,
            "{backend}"
        );
        assert_eq!(
            progress(&before, "aware_pct")["status"],
            "no_data",
            "{backend}"
        );
        assert_eq!(
            progress(&before, "quick_assessments_min")["actual"],
            1.0,
            "{backend}"
        );
        assert_eq!(
            progress(&before, "quick_assessments_min")["unit"],
            "enterprises"
        );
        assert_eq!(
            progress(&before, "quick_assessments_min")["status"],
            "below"
        );

        // Refused, nothing written: a script-free but bad form (no topic, a date that is not
        // one, an attendee without a name), a loan without its lender, a survey of an unknown
        // enterprise, a viewer, a consultant, no CSRF token, an unknown kind of record.
        let dump = w.office.dump();
        let bad = post_record(
            &w.office,
            &admin,
            &csrf,
            "training_event",
            &json!({"programme_id": w.p1, "date": "31/02/2026", "topic": " ",
                    "attendees": [{"name": "", "organisation": "TT Khuyến công", "role": "extension_staff"}]}),
        );
        assert_eq!(bad.status, 400, "{backend}: {}", bad.text);
        let fields: Vec<(String, String)> = bad.body["field_errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_string(),
                    f["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        for want in [
            ("date", "invalid_date"),
            ("topic", "required"),
            ("attendees[0].name", "required"),
        ] {
            assert!(
                fields.contains(&(want.0.to_string(), want.1.to_string())),
                "{backend}: {want:?} in {fields:?}"
            );
        }
        let loan = json!({"enterprise_id": e1, "programme_id": w.p1, "kind": "loan",
                          "date": "2026-05-04", "amount_vnd": 500_000_000, "lender": ""});
        let r = post_record(&w.office, &admin, &csrf, "support_record", &loan);
        assert_eq!(r.status, 400, "{backend}: {}", r.text);
        assert_eq!(r.body["field_errors"][0]["field"], "lender", "{backend}");
        let ghost = json!({"enterprise_id": "0190a000-0000-7000-8000-000000000000",
                           "programme_id": w.p1, "survey_date": "2026-03-02",
                           "aware": true, "applying": false, "planning": false});
        assert_eq!(
            post_record(&w.office, &admin, &csrf, "awareness_survey", &ghost).status,
            404,
            "{backend}"
        );
        let survey = json!({"enterprise_id": e1, "programme_id": w.p1, "survey_date": "2026-03-02",
                            "aware": true, "applying": false, "planning": true,
                            "note": "<script>alert(1)</script>"});
        for who in ["vy", "lan"] {
            let (c, x) = portal_login(&w.office, who);
            let r = post_record(&w.office, &c, &x, "awareness_survey", &survey);
            assert_eq!(r.status, 403, "{backend}: {who}: {}", r.text);
        }
        assert_eq!(
            post_record(&w.office, &admin, "", "awareness_survey", &survey).status,
            403,
            "{backend}"
        );
        assert_eq!(
            post_record(&w.office, &admin, &csrf, "review", &survey).status,
            404,
            "{backend}"
        );
        assert_eq!(w.office.dump(), dump, "{backend}");
        assert_eq!(dash(&admin)["outreach"], before["outreach"], "{backend}");

        // Recorded: a training with 2 of P1's 4 officers (one listed twice, written without
        // accents the second time), a survey of each enterprise, a loan.
        let training = json!({"programme_id": w.p1, "date": "2026-04-10",
            "topic": "Sản xuất sạch hơn trong làng nghề gốm", "place": "UBND xã Bát Tràng",
            "province": "Hà Nội", "trainers": "TS. Nguyễn Văn Hải",
            "attendees": [
                {"name": "Lò Văn Minh", "organisation": "TT Khuyến công Hà Nội", "role": "extension_staff"},
                {"name": "Lo Van Minh", "organisation": "TT Khuyen cong Ha Noi", "role": "extension_staff"},
                {"name": "Trần Thị Hoa", "organisation": "TT Khuyến công Hà Nội", "role": "extension_staff"},
                {"name": "Đào Việt Bình", "organisation": "Hộ gốm Đào Việt Bình", "role": "enterprise"}]});
        let made = post_record(&w.office, &admin, &csrf, "training_event", &training);
        assert_eq!(made.status, 200, "{backend}: {}", made.text);
        let training_id = made.body["id"].as_str().unwrap().to_string();
        assert_eq!(
            post_record(&w.office, &admin, &csrf, "awareness_survey", &survey).status,
            200,
            "{backend}"
        );
        let mut later = survey.clone();
        later["enterprise_id"] = json!(e2);
        later["programme_id"] = json!(w.p2);
        later["aware"] = json!(false);
        assert_eq!(
            post_record(&w.office, &admin, &csrf, "awareness_survey", &later).status,
            200,
            "{backend}"
        );
        let mut loan = loan.clone();
        loan["lender"] = json!("Quỹ Bảo vệ môi trường Việt Nam");
        assert_eq!(
            post_record(&w.office, &admin, &csrf, "support_record", &loan).status,
            200,
            "{backend}"
        );

        let after = dash(&admin);
        let o = &after["outreach"];
        assert_eq!(o["training_events"], 1, "{backend}: {o}");
        assert_eq!(o["attendees"], 4, "{backend}");
        assert_eq!(o["extension_staff_trained"], 2, "{backend}");
        assert_eq!(o["extension_staff_trained_pct"], 50.0, "{backend}");
        // P1's dashboard counts P1's survey only.
        assert_eq!(o["enterprises_surveyed"], 1, "{backend}");
        assert_eq!(o["aware_share_pct"], 100.0, "{backend}");
        assert_eq!(o["planning_share_pct"], 100.0, "{backend}");
        let lent = o["support"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["kind"] == "loan")
            .unwrap();
        assert_eq!(lent["amount_vnd"], 500_000_000, "{backend}");
        assert_eq!(progress(&after, "aware_pct")["status"], "met", "{backend}");
        assert_eq!(
            progress(&after, "extension_staff_trained_pct")["status"],
            "below",
            "{backend}"
        );
        // Everything: both surveys, one aware.
        let all = get(
            &w.office,
            "/portal/api/dashboard?review=with_pending",
            &admin,
        )
        .body;
        assert_eq!(all["outreach"]["enterprises_surveyed"], 2, "{backend}");
        assert_eq!(all["outreach"]["aware_share_pct"], 50.0, "{backend}");
        // The records page in an area lists what the dashboard counts there: the training by
        // its own province and district (it names no district), the surveys and support by
        // their enterprise's place (Gia Lâm, Hà Nội).
        for (q, trainings, surveys) in [
            ("province=ha%20noi", 1, 2),
            ("province=H%C3%A0%20N%E1%BB%99i&district=gia%20lam", 0, 2),
            ("province=S%C6%A1n%20La", 0, 0),
        ] {
            let page = get(&w.office, &format!("/portal/api/records?{q}"), &admin);
            assert_eq!(page.status, 200, "{backend}: {}", page.text);
            let counted = get(
                &w.office,
                &format!("/portal/api/dashboard?review=with_pending&{q}"),
                &admin,
            )
            .body;
            let o = &counted["outreach"];
            let len = |k: &str| page.body[k].as_array().unwrap().len();
            assert_eq!(len("trainings"), trainings, "{backend}: {q}");
            assert_eq!(o["training_events"], trainings, "{backend}: {q}");
            assert_eq!(len("surveys"), surveys, "{backend}: {q}");
            assert_eq!(o["enterprises_surveyed"], surveys, "{backend}: {q}");
            let support: u64 = o["support"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["records"].as_u64().unwrap())
                .sum();
            assert_eq!(len("support") as u64, support, "{backend}: {q}");
        }
        // The same as `sxsh-server rollup` for the same filter.
        let cli: Value = serde_json::from_str(&w.office.run(&[
            "rollup",
            "--programme",
            &w.p1,
            "--review",
            "with_pending",
        ]))
        .unwrap();
        assert_eq!(cli["outreach"], after["outreach"], "{backend}");

        // Scope: a viewer of P1 sees P1's records; a consultant of P2 sees P2's survey only;
        // the script tag is text.
        let (vy, _) = portal_login(&w.office, "vy");
        let seen = get(&w.office, "/portal/api/records", &vy).body;
        assert_eq!(seen["trainings"].as_array().unwrap().len(), 1, "{backend}");
        assert_eq!(seen["surveys"].as_array().unwrap().len(), 1, "{backend}");
        assert_eq!(
            seen["surveys"][0]["row"]["note"], "<script>alert(1)</script>",
            "{backend}"
        );
        let (an_c, _) = portal_login(&w.office, "an");
        let theirs = get(&w.office, "/portal/api/records", &an_c).body;
        assert_eq!(
            theirs["trainings"].as_array().unwrap().len(),
            0,
            "{backend}"
        );
        assert_eq!(theirs["surveys"].as_array().unwrap().len(), 1, "{backend}");
        assert_eq!(
            theirs["surveys"][0]["enterprise_name"], "Cơ sở rèn Đa Sỹ",
            "{backend}"
        );
        // The records reach the devices of their programme: the device's own roll-up of P1
        // counts them as the office's does.
        lan.sync();
        let on_lan = lan
            .api
            .rollup(sxsh_api::calc::RollupQuery {
                programme_id: Some(w.p1.clone()),
                ..Default::default()
            })
            .unwrap();
        let on_lan = serde_json::to_value(&on_lan.outreach).unwrap();
        assert_eq!(on_lan, after["outreach"], "{backend}");

        // Deleted: the indicators go back.
        let del = call(
            "POST",
            &format!(
                "{}/portal/api/records/training_event/{training_id}/delete",
                w.office.url
            ),
            Some(&admin),
            &[("x-csrf-token", &csrf), ("origin", &origin(&w.office))],
            None,
        );
        assert_eq!(del.status, 200, "{backend}: {}", del.text);
        assert_eq!(dash(&admin)["outreach"]["training_events"], 0, "{backend}");
    }
}

/// `POST /portal/api/enterprises/import?{query}` with `bytes` as the body.
fn post_file(office: &Office, cookie: &str, csrf: &str, query: &str, bytes: &[u8]) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent
        .post(format!(
            "{}/portal/api/enterprises/import?{query}",
            office.url
        ))
        .header("content-type", "application/octet-stream")
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .header("origin", origin(office))
        .send(bytes);
    match resp {
        Ok(mut resp) => {
            let status = resp.status().as_u16();
            let text = resp.body_mut().read_to_string().unwrap_or_default();
            Answer {
                status,
                set_cookie: None,
                csp: None,
                body: serde_json::from_str(&text).unwrap_or(Value::Null),
                text,
            }
        }
        // The server may close the connection on a body over its limit before reading it.
        Err(e) => Answer {
            status: 0,
            set_cookie: None,
            csp: None,
            body: Value::Null,
            text: e.to_string(),
        },
    }
}

#[test]
fn an_enterprise_list_of_200_rows_with_3_bad_is_refused_by_row_number_whole_then_imported_whole() {
    use sxsh_tests::fixtures::{enterprise_list, xlsx};
    for backend in common::office::backends() {
        let w = world(backend);
        let (admin, csrf) = portal_login(&w.office, "admin");
        let bad = xlsx(&enterprise_list(200, &[17, 58, 133]));
        let before = w.office.dump();

        // The preview: every row read, the 3 bad ones by row number with the field refused.
        let p = post_file(&w.office, &admin, &csrf, "format=xlsx", &bad);
        assert_eq!(p.status, 200, "{backend}: {}", p.text);
        assert_eq!(
            (p.body["ok"].as_u64(), p.body["refused"].as_u64()),
            (Some(197), Some(3))
        );
        let refused: Vec<(u64, String, String)> = p.body["rows"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| !r["errors"].as_array().unwrap().is_empty())
            .map(|r| {
                (
                    r["row"].as_u64().unwrap(),
                    r["errors"][0]["field"].as_str().unwrap().to_string(),
                    r["errors"][0]["code"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            refused,
            vec![
                (17, "name".into(), "required".into()),
                (58, "tax_code".into(), "invalid_tax_code".into()),
                (133, "contact_email".into(), "invalid_email".into()),
            ],
            "{backend}"
        );
        assert_eq!(p.body["imported"], 0);
        // Committed with bad rows: refused whole.
        let c = post_file(&w.office, &admin, &csrf, "format=xlsx&commit=true", &bad);
        assert_eq!(c.status, 400, "{backend}: {}", c.text);
        assert!(c.text.contains("nothing imported"), "{backend}: {}", c.text);

        // Hostile or wrong files: a PDF called .xlsx, a zip bomb, bytes that are not UTF-8 as
        // CSV, 50 MB; a viewer; no CSRF token. Nothing is written.
        let code = |a: &Answer| {
            a.body["field_errors"][0]["code"]
                .as_str()
                .unwrap_or("")
                .to_string()
        };
        let pdf = post_file(
            &w.office,
            &admin,
            &csrf,
            "format=xlsx",
            b"%PDF-1.7\n%\xe2\xe3\n1 0 obj",
        );
        assert_eq!(
            (pdf.status, code(&pdf)),
            (400, "not_xlsx".into()),
            "{backend}: {}",
            pdf.text
        );
        let mut bomb = std::io::Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut bomb);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            let zeros = vec![b' '; 1 << 20];
            for _ in 0..200 {
                std::io::Write::write_all(&mut z, &zeros).unwrap();
            }
            z.finish().unwrap();
        }
        let b = post_file(&w.office, &admin, &csrf, "format=xlsx", bomb.get_ref());
        assert_eq!(
            (b.status, code(&b)),
            (400, "too_large_unpacked".into()),
            "{backend}: {}",
            b.text
        );
        let latin = post_file(
            &w.office,
            &admin,
            &csrf,
            "format=csv",
            b"T\xean;T\xecnh\nA;B\n",
        );
        assert_eq!(
            (latin.status, code(&latin)),
            (400, "not_utf8_csv".into()),
            "{backend}"
        );
        let huge = vec![b'a'; 50 * 1024 * 1024];
        let h = post_file(&w.office, &admin, &csrf, "format=csv", &huge);
        assert!(
            h.status == 413 && h.body["code"] == "too_large" || h.status == 0,
            "{backend}: {} {}",
            h.status,
            h.text
        );
        let (vy, vy_csrf) = portal_login(&w.office, "vy");
        let fixed = xlsx(&enterprise_list(200, &[]));
        assert_eq!(
            post_file(&w.office, &vy, &vy_csrf, "format=xlsx&commit=true", &fixed).status,
            403
        );
        assert_eq!(
            post_file(&w.office, &admin, "", "format=xlsx&commit=true", &fixed).status,
            403
        );
        assert_eq!(w.office.dump(), before, "{backend}");
        // The bomb was unpacked into a capped sink, the 50 MB body never read whole.
        let peak = w.office.peak_mb();
        assert!(
            peak < 250.0,
            "{backend}: server peak {peak:.0} MB after the hostile files"
        );

        // Mended: all 200 imported in one go, shared with P1, so its consultant's device
        // receives them.
        let ok = post_file(
            &w.office,
            &admin,
            &csrf,
            &format!("format=xlsx&commit=true&programme_id={}", w.p1),
            &fixed,
        );
        assert_eq!(ok.status, 200, "{backend}: {}", ok.text);
        assert_eq!(ok.body["imported"], 200, "{backend}");
        let listed = get(
            &w.office,
            "/portal/api/enterprises?q=co%20so%20san%20xuat",
            &admin,
        )
        .body;
        assert_eq!(listed.as_array().unwrap().len(), 200, "{backend}");
        let lan = Device::logged_in(&w.office, "lan");
        lan.sync();
        let on_lan = lan.api.list_enterprises().unwrap();
        assert_eq!(on_lan.len(), 200, "{backend}");
        let bat_trang = on_lan
            .iter()
            .find(|e| e.data.name == "Cơ sở sản xuất số 002 Bát Tràng")
            .unwrap();
        assert_eq!(bat_trang.data.sector, "pottery", "{backend}");
        assert_eq!(bat_trang.data.kind.code(), "craft_household", "{backend}");
        // The same list again: every row is a tax code held already.
        let again = post_file(&w.office, &admin, &csrf, "format=xlsx", &fixed);
        assert_eq!(again.body["refused"], 200, "{backend}");
        assert_eq!(again.body["rows"][0]["errors"][0]["code"], "duplicate");

        // Exported as XLSX, with the import's headers: read back as the same 200 names.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut resp = agent
            .get(format!(
                "{}/portal/api/enterprises.xlsx?q=co%20so",
                w.office.url
            ))
            .header("cookie", &admin)
            .call()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{backend}");
        let file = resp
            .body_mut()
            .with_config()
            .limit(50 << 20)
            .read_to_vec()
            .unwrap();
        let back = post_file(&w.office, &admin, &csrf, "format=xlsx", &file);
        assert_eq!(back.status, 200, "{backend}: {}", back.text);
        assert_eq!(
            back.body["rows"].as_array().unwrap().len(),
            200,
            "{backend}"
        );
        assert!(
            back.body["columns"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["field"].is_string())
                .count()
                >= 14,
            "{backend}: {}",
            back.body["columns"]
        );
        // A viewer of P1 gets the list of P1 (the 200), not the admin's own rows.
        let mut resp = agent
            .get(format!("{}/portal/api/assessments.xlsx", w.office.url))
            .header("cookie", &vy)
            .call()
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200, "{backend}");
        assert!(resp.body_mut().read_to_vec().unwrap().starts_with(b"PK"));
    }
}

#[test]
fn the_dashboards_read_model_follows_every_change_as_the_full_rollup_computes_it() {
    use sxsh_domain::model::{Assessment, CpOption, Enterprise};
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let an = Device::logged_in(&w.office, "an");
        let a1 = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        let a2 = seed(&an, &w.p2, "Lò rèn Đa Sỹ", 3_000.0);
        // Two assessments in no programme, at the same place, sector and year: one group of
        // the model, of which each consultant sees its own only.
        for (d, name) in [(&lan, "Xưởng mộc Chàng Sơn"), (&an, "Xưởng mộc Thạch Thất")]
        {
            let e = d.api.create(common::enterprise(name)).unwrap();
            let a = d.api.create(common::assessment(&e.data.id)).unwrap();
            let mut o = common::option(&a.data.id, &format!("Giải pháp của {name}"));
            o.status = ImplStatus::Done;
            d.api.create(o).unwrap();
        }
        lan.sync();
        an.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let (vy, _) = portal_login(&w.office, "vy");
        let (lan_portal, _) = portal_login(&w.office, "lan");
        // The portal's figures (read model) against `sxsh-server rollup` (the full roll-up
        // over a fresh snapshot), for the admin, a viewer and a consultant, for several
        // filters.
        let check = |step: &str| {
            for (cookie, login) in [
                (&admin, None),
                (&vy, Some("vy")),
                (&lan_portal, Some("lan")),
            ] {
                for (q, args) in [
                    ("review=all", vec![]),
                    ("review=all&province=Ha%20Noi", vec!["--province", "Ha Noi"]),
                    ("review=approved", vec!["--review", "approved"]),
                    (
                        "review=with_pending&year=2025",
                        vec!["--review", "with_pending", "--year", "2025"],
                    ),
                ] {
                    let portal = get(&w.office, &format!("/portal/api/dashboard?{q}"), cookie).body;
                    let mut cli = vec!["rollup"];
                    if let Some(l) = login {
                        cli.extend(["--login", l]);
                    }
                    let review_given = args.contains(&"--review");
                    cli.extend(args.iter().copied());
                    if !review_given {
                        cli.extend(["--review", "all"]);
                    }
                    let full: Value = serde_json::from_str(&w.office.run(&cli)).unwrap();
                    assert!(
                        same(&headline(&portal), &headline(&full))
                            && portal["reviews"] == full["reviews"]
                            && portal["progress"] == full["progress"],
                        "{backend}: {step}: {q} as {login:?}:\n{}\n{}",
                        headline(&portal),
                        headline(&full)
                    );
                    // The charts' breakdowns too; each adds up to the totals. Districts come
                    // with a province chosen, the provinces always.
                    assert!(
                        same(&portal["breakdowns"], &full["breakdowns"]),
                        "{backend}: {step}: {q} as {login:?}:\n{}\n{}",
                        portal["breakdowns"],
                        full["breakdowns"]
                    );
                    let by_province = q.contains("province=");
                    assert_eq!(
                        portal["breakdowns"]["by_district"]
                            .as_array()
                            .unwrap()
                            .is_empty(),
                        !by_province,
                        "{backend}: {q}"
                    );
                    let mut breakdowns = vec!["by_sector", "by_province", "by_year"];
                    if by_province {
                        breakdowns.push("by_district");
                    }
                    for by in breakdowns {
                        let lines = portal["breakdowns"][by].as_array().unwrap();
                        let sum: u64 = lines
                            .iter()
                            .map(|l| l["assessments"].as_u64().unwrap())
                            .sum();
                        assert_eq!(Some(sum), portal["assessments"].as_u64(), "{by}");
                        let vnd: i64 = lines
                            .iter()
                            .map(|l| l["implemented"]["net_vnd"].as_i64().unwrap())
                            .sum();
                        assert_eq!(Some(vnd), portal["implemented"]["net_vnd"].as_i64(), "{by}");
                    }
                }
            }
        };
        check("first");
        // An option's saving changed, another deleted, a new one added.
        let options: Vec<CpOption> = lan
            .api
            .export_assessment(&a1)
            .unwrap()
            .options
            .into_iter()
            .map(|o| o.data)
            .collect();
        let mut o = options[0].clone();
        o.savings[0].quantity = 50_000.0;
        lan.api.update(o).unwrap();
        lan.api.delete::<CpOption>(&options[1].id).unwrap();
        let mut extra = common::option(&a1, "Thu hồi nhiệt khí thải lò");
        extra.investment_vnd = Some(5_000_000);
        lan.api.create(extra).unwrap();
        lan.sync();
        check("options changed");
        // The enterprise moves province; the other assessment moves to P1; a review.
        let mut e: Enterprise = lan.api.list_enterprises().unwrap()[0].data.clone();
        e.province = "Sơn La".into();
        lan.api.update(e).unwrap();
        lan.sync();
        // (The office's admin moves Đa Sỹ's assessment into P1: the viewer of P1 now sees it.)
        w.admin.sync();
        let mut a: Assessment = w.admin.api.export_assessment(&a2).unwrap().assessment.data;
        a.programme_id = Some(w.p1.clone());
        w.admin.api.update(a).unwrap();
        w.admin.sync();
        assert_eq!(
            post_review(&w.office, &admin, &csrf, &a1, "approved", "").status,
            200
        );
        check("moved and reviewed");
        // The assessment deleted.
        lan.api.delete::<Assessment>(&a1).unwrap();
        lan.sync();
        check("assessment deleted");
    }
}

#[test]
fn an_assessment_page_shows_the_devices_figures_its_photos_and_worksheets_to_its_programme_only() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let an = Device::logged_in(&w.office, "an");
        let a1 = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        let sha = common::office::add_photo(&lan, &a1, 7);
        let a2 = seed(&an, &w.p2, "Lò rèn Đa Sỹ", 3_000.0);
        lan.sync();
        an.sync();
        let (vy, _) = portal_login(&w.office, "vy");
        let page = get(&w.office, &format!("/portal/api/assessments/{a1}"), &vy);
        assert_eq!(page.status, 200, "{backend}: {}", page.text);
        // The figures are the device's own.
        let own = serde_json::to_value(lan.api.assessment_calcs(&a1).unwrap()).unwrap();
        assert!(
            same(&page.body["calcs"]["option_totals"], &own["option_totals"]),
            "{backend}: {} vs {}",
            page.body["calcs"]["option_totals"],
            own["option_totals"]
        );
        assert_eq!(page.body["calcs"]["options"].as_array().unwrap().len(), 2);
        assert_eq!(page.body["enterprise"]["name"], "Hộ gốm Đào Việt Bình");
        assert_eq!(page.body["review_state"], Value::Null, "{backend}");
        assert_eq!(page.body["photos"][0]["sha256"], sha.as_str(), "{backend}");
        // The photo's thumbnail and original, as images, for the session.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let fetch = |path: &str, cookie: &str| {
            let mut r = agent
                .get(format!("{}{path}", w.office.url))
                .header("cookie", cookie)
                .call()
                .unwrap();
            let ct = r
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            let status = r.status().as_u16();
            let bytes = r
                .body_mut()
                .with_config()
                .limit(50 << 20)
                .read_to_vec()
                .unwrap_or_default();
            (status, ct, bytes)
        };
        let (st, ct, thumb) = fetch(&format!("/portal/api/photos/{sha}/thumb"), &vy);
        assert_eq!((st, ct.as_str()), (200, "image/jpeg"), "{backend}");
        let img = image::load_from_memory(&thumb).unwrap();
        assert!(img.width() <= 320 && img.height() <= 320, "{backend}");
        let (st, _, original) = fetch(&format!("/portal/api/photos/{sha}"), &vy);
        assert_eq!(st, 200, "{backend}");
        assert_eq!(sxsh_tests::sha256_hex(&original), sha, "{backend}");
        // The PDF report prints the photo, as the app's does (from the uploaded original).
        let (st, _, pdf) = fetch(&format!("/portal/api/assessments/{a1}/report.pdf"), &vy);
        assert_eq!(st, 200, "{backend}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let images = std::process::Command::new("pdfimages")
            .arg("-list")
            .arg(&path)
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&images.stdout);
        assert!(
            listed.lines().skip(2).any(|l| l.contains("image")),
            "{backend}: no image in the office's PDF:\n{listed}"
        );
        let (st, ct, xlsx) = fetch(
            &format!("/portal/api/assessments/{a1}/worksheets.xlsx"),
            &vy,
        );
        assert_eq!(st, 200, "{backend}");
        assert!(
            ct.contains("spreadsheetml") && xlsx.starts_with(b"PK"),
            "{backend}: {ct}"
        );
        // Another programme's assessment and photo: not found; no session: unauthorized.
        assert_eq!(
            get(&w.office, &format!("/portal/api/assessments/{a2}"), &vy).status,
            404,
            "{backend}"
        );
        let (an_c, _) = portal_login(&w.office, "an");
        assert_eq!(
            fetch(&format!("/portal/api/photos/{sha}/thumb"), &an_c).0,
            404
        );
        assert_eq!(
            fetch(&format!("/portal/api/photos/{sha}"), "sxsh_portal=forged").0,
            401
        );
        assert_eq!(fetch("/portal/api/photos/not-a-hash/thumb", &vy).0, 404);
    }
}

/// `POST /portal/api/programmes` as `cookie`.
fn post_programme(office: &Office, cookie: &str, csrf: &str, body: &Value) -> Answer {
    call(
        "POST",
        &format!("{}/portal/api/programmes", office.url),
        Some(cookie),
        &[("x-csrf-token", csrf), ("origin", &origin(office))],
        Some(body),
    )
}

/// The `(field, code)` pairs of a refusal's `field_errors`.
fn field_errors(a: &Answer) -> Vec<(String, String)> {
    a.body["field_errors"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|f| {
                    (
                        f["field"].as_str().unwrap_or_default().to_string(),
                        f["code"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_admin_sets_a_programmes_targets_in_the_portal_the_dashboard_and_the_devices_follow() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        lan.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let (viewer, viewer_csrf) = portal_login(&w.office, "vy");
        let programmes = |cookie: &str| get(&w.office, "/portal/api/programmes", cookie).body;
        assert_eq!(programmes(&admin).as_array().unwrap().len(), 2, "{backend}");
        let seen = programmes(&viewer);
        assert_eq!(seen.as_array().unwrap().len(), 1, "{backend}: {seen}");
        assert_eq!(seen[0]["id"], w.p1.as_str());
        let dash = || {
            get(
                &w.office,
                &format!(
                    "/portal/api/dashboard?programme_id={}&review=with_pending",
                    w.p1
                ),
                &admin,
            )
            .body
        };
        let progress = |d: &Value, code: &str| {
            d["progress"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["code"] == code)
                .cloned()
                .unwrap_or(Value::Null)
        };
        assert_eq!(progress(&dash(), "quick_assessments_min"), Value::Null);
        let p1 = programmes(&admin)
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == w.p1.as_str())
            .unwrap()
            .clone();

        // Refused, nothing written: bounds the wrong way round, a share over 100 %, a trained
        // share without the officers it is a share of, no name, a period ending before it
        // starts; a viewer; no CSRF token; a programme that does not exist.
        let dump = w.office.dump();
        let mut bad = p1.clone();
        bad["name"] = json!("  ");
        bad["period_start"] = json!("2026-06-01");
        bad["period_end"] = json!("2026-01-31");
        bad["targets"]["saving_pct_min"] = json!(9.0);
        bad["targets"]["saving_pct_max"] = json!(5.0);
        bad["targets"]["facilities_aware_pct"] = json!(150.0);
        bad["targets"]["extension_staff_trained_pct"] = json!(100.0);
        let a = post_programme(&w.office, &admin, &csrf, &bad);
        assert_eq!(a.status, 400, "{backend}: {}", a.text);
        let fields = field_errors(&a);
        for want in [
            ("name", "required"),
            ("period_end", "end_before_start"),
            ("targets.saving_pct_max", "out_of_range"),
            ("targets.facilities_aware_pct", "out_of_range"),
            ("targets.extension_staff", "required"),
        ] {
            assert!(
                fields.contains(&(want.0.to_string(), want.1.to_string())),
                "{backend}: {want:?} not in {fields:?}"
            );
        }
        let mut good = p1.clone();
        good["targets"]["quick_assessments_min"] = json!(15);
        let a = post_programme(&w.office, &viewer, &viewer_csrf, &good);
        assert_eq!(a.status, 403, "{backend}: a viewer: {}", a.text);
        let a = post_programme(&w.office, &admin, "", &good);
        assert_eq!(a.status, 403, "{backend}: no CSRF token: {}", a.text);
        let mut ghost = good.clone();
        ghost["id"] = json!("0190aaaa-0000-7000-8000-000000000000");
        let a = post_programme(&w.office, &admin, &csrf, &ghost);
        assert_eq!(a.status, 404, "{backend}: {}", a.text);
        assert_eq!(a.body["code"], "not_found");
        assert!(
            w.office.dump() == dump,
            "{backend}: a refused save changed the database"
        );

        // Saved: the name in decomposed Unicode is stored in NFC; the dashboard's progress
        // is measured against the new targets; the consultant's device receives them.
        good["name"] = json!("SXSH Ha\u{300} Nội 2026\u{2013}2030");
        good["targets"]["facilities_aware_pct"] = json!(90.0);
        good["targets"]["reference"] = json!("Kế hoạch 889/QĐ-TTg");
        let a = post_programme(&w.office, &admin, &csrf, &good);
        assert_eq!(a.status, 200, "{backend}: {}", a.text);
        assert_eq!(a.body["name"], "SXSH Hà Nội 2026–2030");
        let d = dash();
        let quick = progress(&d, "quick_assessments_min");
        assert_eq!(quick["target_min"], 15.0, "{backend}: {quick}");
        assert_eq!(quick["actual"], 1.0, "{backend}: {quick}");
        assert_eq!(quick["status"], "below", "{backend}: {quick}");
        assert_eq!(progress(&d, "aware_pct")["status"], "no_data");
        lan.sync();
        let on_device = lan
            .api
            .list_programmes()
            .unwrap()
            .into_iter()
            .find(|p| p.data.id == w.p1)
            .unwrap()
            .data;
        assert_eq!(on_device.name, "SXSH Hà Nội 2026–2030", "{backend}");
        assert_eq!(on_device.targets.quick_assessments_min, Some(15));
        assert_eq!(on_device.targets.facilities_aware_pct, Some(90.0));
        assert_eq!(on_device.targets.reference, "Kế hoạch 889/QĐ-TTg");

        // A new programme: the server gives its id; it reaches the admin's device.
        let a = post_programme(
            &w.office,
            &admin,
            &csrf,
            &json!({"name": "SXSH Sóc Trăng 2027", "province": "Sóc Trăng",
                    "period_start": "2027-01-01", "period_end": "2027-12-31",
                    "targets": {"quick_assessments_min": 10, "reference": ""}}),
        );
        assert_eq!(a.status, 200, "{backend}: {}", a.text);
        let id = a.body["id"].as_str().unwrap().to_string();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(programmes(&admin).as_array().unwrap().len(), 3);
        assert_eq!(programmes(&viewer).as_array().unwrap().len(), 1);
        w.admin.sync();
        assert!(
            w.admin
                .api
                .list_programmes()
                .unwrap()
                .iter()
                .any(|p| p.data.id == id && p.data.province == "Sóc Trăng"),
            "{backend}"
        );
    }
}

/// An enterprise at a place, with an assessment in `programme` saving `kwh`, made on `d`.
fn seed_at(d: &Device, programme: &str, name: &str, place: [&str; 4], kwh: f64) {
    let mut e = common::enterprise(name);
    e.province = place[0].into();
    e.district = place[1].into();
    e.commune = place[2].into();
    e.craft_village = place[3].into();
    let e = d.api.create(e).unwrap();
    let mut a = common::assessment(&e.data.id);
    a.programme_id = Some(programme.to_string());
    let a = d.api.create(a).unwrap();
    let mut o = common::option(&a.data.id, &format!("Giải pháp của {name}"));
    o.status = ImplStatus::Done;
    o.selected = true;
    o.savings = vec![ResourceSaving {
        resource: Resource::Electricity,
        name: "Điện".into(),
        fuel_code: String::new(),
        quantity: kwh,
        unit: "kWh".into(),
        unit_price_vnd: Some(2_000),
        added: false,
        coal_grade: String::new(),
    }];
    d.api.create(o).unwrap();
}

#[test]
fn the_area_tree_joins_the_offices_list_with_the_enterprises_and_filters_the_dashboard_and_lists() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        seed_at(
            &lan,
            &w.p1,
            "Hộ gốm Kim Lan 1",
            ["Hà Nội", "Gia Lâm", "Kim Lan", "Làng gốm Kim Lan"],
            10_000.0,
        );
        seed_at(
            &lan,
            &w.p1,
            "Hộ gốm Kim Lan 2",
            ["ha noi", "gia lam", "kim lan", "lang gom kim lan"],
            5_000.0,
        );
        seed_at(
            &lan,
            &w.p1,
            "Cơ sở Bát Tràng",
            ["Hà Nội", "Gia Lâm", "Bát Tràng", ""],
            3_000.0,
        );
        seed_at(
            &lan,
            &w.p1,
            "Lò rèn Đa Sỹ",
            ["Hà Nội", "Hà Đông", "", "Làng rèn Đa Sỹ"],
            2_000.0,
        );
        lan.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let (vy, vy_csrf) = portal_login(&w.office, "vy");
        let post = |cookie: &str, csrf: &str, body: &Value| {
            call(
                "POST",
                &format!("{}/portal/api/areas", w.office.url),
                Some(cookie),
                &[("x-csrf-token", csrf), ("origin", &origin(&w.office))],
                Some(body),
            )
        };

        // The office's list: Hà Nội and a district with no enterprise yet.
        for body in [
            json!({"level": "province", "name": "Hà Nội"}),
            json!({"level": "district", "name": "Ứng Hòa", "province": "Hà Nội"}),
        ] {
            let a = post(&admin, &csrf, &body);
            assert_eq!(a.status, 200, "{backend}: {}", a.text);
        }
        // Refused, nothing written: the same province again (accents aside), a province in a
        // district, a district without its province, a viewer, no CSRF token.
        let dump = w.office.dump();
        let a = post(
            &admin,
            &csrf,
            &json!({"level": "province", "name": "HA NOI"}),
        );
        assert_eq!(a.status, 400, "{backend}: {}", a.text);
        assert_eq!(
            field_errors(&a),
            [("name".to_string(), "duplicate".to_string())]
        );
        let a = post(
            &admin,
            &csrf,
            &json!({"level": "province", "name": "Sơn La", "district": "Mai Sơn"}),
        );
        assert_eq!(
            field_errors(&a),
            [("district".to_string(), "not_allowed".to_string())]
        );
        let a = post(
            &admin,
            &csrf,
            &json!({"level": "district", "name": "Mỹ Xuyên"}),
        );
        assert_eq!(
            field_errors(&a),
            [("province".to_string(), "required".to_string())]
        );
        let a = post(
            &vy,
            &vy_csrf,
            &json!({"level": "province", "name": "Sơn La"}),
        );
        assert_eq!(a.status, 403, "{backend}");
        let a = post(&admin, "", &json!({"level": "province", "name": "Sơn La"}));
        assert_eq!(a.status, 403, "{backend}");
        assert!(
            w.office.dump() == dump,
            "{backend}: a refused area changed the database"
        );

        // The tree: the list's spelling names the province; the enterprises' places fill it,
        // spellings without accents joined; Ứng Hòa listed with nothing under it.
        let tree = get(&w.office, "/portal/api/areas", &admin).body;
        let hn = &tree[0];
        assert_eq!(hn["name"], "Hà Nội", "{backend}: {tree}");
        assert_eq!(
            (hn["enterprises"].as_u64(), hn["assessments"].as_u64()),
            (Some(4), Some(4))
        );
        assert!(hn["area_id"].is_string());
        let kids: Vec<(String, u64, bool)> = hn["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["name"].as_str().unwrap().to_string(),
                    n["enterprises"].as_u64().unwrap(),
                    n["area_id"].is_string(),
                )
            })
            .collect();
        assert_eq!(
            kids,
            [
                ("Gia Lâm".to_string(), 3, false),
                ("Hà Đông".to_string(), 1, false),
                ("Ứng Hòa".to_string(), 0, true),
            ],
            "{backend}"
        );
        let village = &hn["children"][0]["children"][1]["children"][0];
        assert_eq!(village["name"], "Làng gốm Kim Lan", "{backend}: {tree}");
        assert_eq!(village["enterprises"], 2);
        // A viewer of the programme sees the same areas and its own enterprises in them.
        assert_eq!(
            get(&w.office, "/portal/api/areas", &vy).body[0]["enterprises"],
            4
        );

        // Filtered by an area, the dashboard equals `sxsh-server rollup` with the same area,
        // for the admin and the viewer; the lists narrow the same way.
        for (q, args, n) in [
            ("district=gia%20lam", vec!["--district", "gia lam"], 3),
            (
                "district=Gia%20L%C3%A2m&commune=Kim%20Lan",
                vec!["--district", "Gia Lâm", "--commune", "Kim Lan"],
                2,
            ),
            (
                "craft_village=L%C3%A0ng%20r%C3%A8n%20%C4%90a%20S%E1%BB%B9",
                vec!["--craft-village", "Làng rèn Đa Sỹ"],
                1,
            ),
        ] {
            for (cookie, login) in [(&admin, None), (&vy, Some("vy"))] {
                let portal = get(
                    &w.office,
                    &format!("/portal/api/dashboard?review=all&{q}"),
                    cookie,
                )
                .body;
                let mut cli = vec!["rollup", "--review", "all"];
                if let Some(l) = login {
                    cli.extend(["--login", l]);
                }
                cli.extend(args.iter().copied());
                let full: Value = serde_json::from_str(&w.office.run(&cli)).unwrap();
                assert_eq!(portal["assessments"], n, "{backend}: {q} as {login:?}");
                assert!(
                    same(&headline(&portal), &headline(&full))
                        && same(&portal["breakdowns"], &full["breakdowns"]),
                    "{backend}: {q} as {login:?}:\n{}\n{}",
                    headline(&portal),
                    headline(&full)
                );
                let list = get(&w.office, &format!("/portal/api/enterprises?{q}"), cookie).body;
                assert_eq!(list.as_array().unwrap().len(), n as usize, "{backend}: {q}");
                let list = get(&w.office, &format!("/portal/api/assessments?{q}"), cookie).body;
                assert_eq!(list.as_array().unwrap().len(), n as usize, "{backend}: {q}");
            }
        }

        // Taken off the list: Ứng Hòa leaves the tree; Gia Lâm stays (its enterprises give it).
        let id = hn["children"][2]["area_id"].as_str().unwrap().to_string();
        let del = |cookie: &str, csrf: &str| {
            call(
                "POST",
                &format!("{}/portal/api/areas/{id}/delete", w.office.url),
                Some(cookie),
                &[("x-csrf-token", csrf), ("origin", &origin(&w.office))],
                None,
            )
        };
        assert_eq!(del(&vy, &vy_csrf).status, 403, "{backend}");
        assert_eq!(del(&admin, &csrf).status, 200, "{backend}");
        assert_eq!(del(&admin, &csrf).status, 404, "{backend}");
        let tree = get(&w.office, "/portal/api/areas", &admin).body;
        assert_eq!(
            tree[0]["children"].as_array().unwrap().len(),
            2,
            "{backend}: {tree}"
        );

        // The admin's device receives the office's list: Hà Nội live, Ứng Hòa deleted.
        w.admin.sync();
        let db = rusqlite::Connection::open(w.admin.dir.path().join("sxsh.db")).unwrap();
        let rows: Vec<(String, i64)> = db
            .prepare("SELECT name, deleted FROM admin_areas ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            rows,
            [("Hà Nội".to_string(), 0), ("Ứng Hòa".to_string(), 1)],
            "{backend}"
        );
    }
}

#[test]
fn an_admin_resolves_a_conflict_in_the_portal_and_every_device_takes_the_choice() {
    use sxsh_domain::model::Assessment;
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let minh = Device::logged_in(&w.office, "minh");
        let aid = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        lan.sync();
        minh.sync();
        // Both change the next steps from the same version, offline.
        for (d, text) in [
            (&lan, "Lắp biến tần cho quạt lò"),
            (&minh, "Thay lò than bằng lò gas"),
        ] {
            let mut a = d.api.get::<Assessment>(&aid).unwrap().data;
            a.next_steps = text.into();
            d.api.update(a).unwrap();
        }
        lan.sync();
        minh.sync();
        lan.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let (vy, vy_csrf) = portal_login(&w.office, "vy");
        let list = get(&w.office, "/portal/api/conflicts", &admin);
        assert_eq!(list.status, 200, "{backend}: {}", list.text);
        let c = list
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == "next_steps")
            .cloned();
        let c = c.unwrap_or_else(|| panic!("{backend}: {}", list.text));
        assert_eq!(c["entity"], "assessment");
        assert_eq!(c["assessment_id"], aid.as_str());
        let values: Vec<&str> = c["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["value"].as_str().unwrap())
            .collect();
        assert!(
            values.contains(&"Lắp biến tần cho quạt lò")
                && values.contains(&"Thay lò than bằng lò gas"),
            "{values:?}"
        );
        assert_eq!(
            get(&w.office, "/portal/api/conflicts", &vy).status,
            403,
            "{backend}"
        );

        // Refused, nothing written: a value none of the devices wrote, a viewer, no CSRF
        // token, a field with no conflict.
        let resolve = |cookie: &str, csrf: &str, field: &str, value: &str| {
            call(
                "POST",
                &format!("{}/portal/api/conflicts/resolve", w.office.url),
                Some(cookie),
                &[("x-csrf-token", csrf), ("origin", &origin(&w.office))],
                Some(
                    &json!({"entity": "assessment", "row_id": aid, "field": field, "value": value}),
                ),
            )
        };
        let dump = w.office.dump();
        assert_eq!(
            resolve(&admin, &csrf, "next_steps", "Một giá trị khác").status,
            400,
            "{backend}"
        );
        assert_eq!(
            resolve(&vy, &vy_csrf, "next_steps", "Thay lò than bằng lò gas").status,
            403
        );
        assert_eq!(
            resolve(&admin, "", "next_steps", "Thay lò than bằng lò gas").status,
            403
        );
        assert_eq!(
            resolve(&admin, &csrf, "title", "Thay lò than bằng lò gas").status,
            404
        );
        assert!(
            w.office.dump() == dump,
            "{backend}: a refused resolution changed the database"
        );

        // Chosen: the conflict ends on the server, and on both devices after their sync.
        let a = resolve(&admin, &csrf, "next_steps", "Thay lò than bằng lò gas");
        assert_eq!(a.status, 200, "{backend}: {}", a.text);
        assert!(
            w.office
                .conflicts()
                .iter()
                .all(|c| !c.ends_with("/next_steps")),
            "{backend}"
        );
        assert_eq!(
            get(&w.office, "/portal/api/conflicts", &admin).body,
            json!([])
        );
        for d in [&lan, &minh] {
            d.sync();
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
                "Thay lò than bằng lò gas",
                "{backend}"
            );
        }
    }
}

#[test]
fn the_public_page_shows_only_published_programmes_approved_figures_and_consented_case_studies() {
    for backend in common::office::backends() {
        let w = world(backend);
        let lan = Device::logged_in(&w.office, "lan");
        let a1 = seed(&lan, &w.p1, "Hộ gốm Đào Việt Bình", 12_000.0);
        let a2 = seed(&lan, &w.p1, "Hộ gốm Lê Văn Tâm", 4_000.0);
        // The enterprise's private details, which must never reach the public page.
        let mut e = lan
            .api
            .list_enterprises()
            .unwrap()
            .into_iter()
            .find(|e| e.data.name == "Hộ gốm Đào Việt Bình")
            .unwrap()
            .data;
        e.tax_code = "0101234567".into();
        e.contact_phone = "0912 345 678".into();
        lan.api.update(e).unwrap();
        lan.sync();
        let (admin, csrf) = portal_login(&w.office, "admin");
        let public = || {
            call(
                "GET",
                &format!("{}/public/api/summary", w.office.url),
                None,
                &[],
                None,
            )
        };
        // Off by default: nothing is published, and no login is asked.
        let p = public();
        assert_eq!(p.status, 200, "{backend}: {}", p.text);
        assert_eq!(p.body["programmes"], json!([]), "{backend}");

        // The office publishes P1, approves a1 and records the consent of a1's and a2's
        // enterprises; a2 is not approved: its case study stays off the page.
        let mut p1 = get(&w.office, "/portal/api/programmes", &admin)
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == w.p1.as_str())
            .unwrap()
            .clone();
        p1["public"] = json!(true);
        assert_eq!(post_programme(&w.office, &admin, &csrf, &p1).status, 200);
        assert_eq!(
            post_review(&w.office, &admin, &csrf, &a1, "approved", "").status,
            200
        );
        let case = |aid: &str, summary: &str| {
            call(
                "POST",
                &format!("{}/portal/api/case-studies", w.office.url),
                Some(&admin),
                &[("x-csrf-token", &csrf), ("origin", &origin(&w.office))],
                Some(&json!({"assessment_id": aid, "consent_date": "2026-05-04",
                             "consent_ref": "CV 12/2026", "summary": summary})),
            )
        };
        assert_eq!(
            case(&a1, "Lò nung được cải tạo, giảm điện năng.").status,
            200
        );
        assert_eq!(case(&a2, "Chưa duyệt.").status, 200);
        // Refused: a second case study of a1, one without its account, a date that is not one.
        let dump = w.office.dump();
        assert_eq!(case(&a1, "Lần hai").status, 400, "{backend}");
        assert_eq!(case(&a1, " ").status, 400, "{backend}");
        let bad = call(
            "POST",
            &format!("{}/portal/api/case-studies", w.office.url),
            Some(&admin),
            &[("x-csrf-token", &csrf), ("origin", &origin(&w.office))],
            Some(&json!({"assessment_id": a1, "consent_date": "31/02/2026", "summary": "x"})),
        );
        assert_eq!(
            field_errors(&bad),
            [("consent_date".to_string(), "invalid_date".to_string())]
        );
        assert!(
            w.office.dump() == dump,
            "{backend}: a refused case study changed the database"
        );

        let p = public();
        let list = p.body["programmes"].as_array().unwrap();
        assert_eq!(list.len(), 1, "{backend}: {}", p.text);
        let pub1 = &list[0];
        assert_eq!(pub1["id"], w.p1.as_str());
        // The official figures: approved assessments only, as `sxsh-server rollup` gives them.
        let full: Value = serde_json::from_str(&w.office.run(&[
            "rollup",
            "--programme",
            &w.p1,
            "--review",
            "approved",
        ]))
        .unwrap();
        assert_eq!(pub1["report"]["assessments"], 1, "{backend}");
        assert!(
            same(&headline(&pub1["report"]), &headline(&full)),
            "{backend}"
        );
        let cases = pub1["case_studies"].as_array().unwrap();
        assert_eq!(cases.len(), 1, "{backend}: {cases:?}");
        assert_eq!(cases[0]["enterprise_name"], "Hộ gốm Đào Việt Bình");
        assert_eq!(cases[0]["options_implemented"], 1);
        // 12,000 kWh at 2,000 đ: the implemented option alone.
        assert_eq!(cases[0]["implemented"]["net_vnd"], 24_000_000, "{backend}");
        for secret in [
            "0101234567",
            "0912 345 678",
            "Hộ gốm Lê Văn Tâm",
            "CV 12/2026",
            "lan@",
        ] {
            assert!(
                !p.text.contains(secret),
                "{backend}: {secret} is on the public page"
            );
        }

        // Consent withdrawn, or the programme unpublished: gone.
        let id = get(&w.office, &format!("/portal/api/assessments/{a1}"), &admin).body["case_study"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let del = call(
            "POST",
            &format!("{}/portal/api/case-studies/{id}/delete", w.office.url),
            Some(&admin),
            &[("x-csrf-token", &csrf), ("origin", &origin(&w.office))],
            None,
        );
        assert_eq!(del.status, 200, "{backend}: {}", del.text);
        assert_eq!(public().body["programmes"][0]["case_studies"], json!([]));
        p1["public"] = json!(false);
        assert_eq!(post_programme(&w.office, &admin, &csrf, &p1).status, 200);
        assert_eq!(public().body["programmes"], json!([]), "{backend}");
    }
}
