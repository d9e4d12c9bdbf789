//! The feasibility, selection and monitoring worksheets of the detailed assessment (NV10, NV12,
//! NV13, NV16) on the seafood demo: the weighted selection ranked by the engine, weights that
//! do not add up to 100 % refused on every weight with nothing written, each resource before
//! and after with its tCO2 and the factor's year, realised against expected savings, photos on
//! any worksheet row, and the detailed PDF and workbook holding what the worksheets hold.

use sxsh_api::dto::*;
use sxsh_api::{Api, ErrorCode};
use sxsh_domain::FieldErrorCode;
use sxsh_domain::model::{
    CheckState, CriterionScore, Resource, SelectionCriterion, TechnicalCheck,
};
use sxsh_tests::dump_db;

const SEAFOOD: &str = "019511ab-64c0-7310-910a-0ab227ff8d49";

/// The last six hex digits of the seafood options' ids, as the ranking should order them.
fn short(id: &str) -> &str {
    &id[id.len() - 6..]
}

fn api() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    sxsh_tests::load_demo_for_editing(&api);
    (dir, api)
}

#[test]
fn the_seafood_options_are_ranked_by_their_weighted_scores_and_a_rejected_one_is_left_out() {
    let (_dir, api) = api();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    let ranked: Vec<(&str, f64, Option<usize>)> = calcs
        .selection_ranking
        .iter()
        .map(|r| (short(&r.option_id), r.score.unwrap(), r.rank))
        .collect();
    // Weights 40 / 30 / 30 %; e.g. 0,4 × 9 + 0,3 × 9 + 0,3 × 8,5 = 8,85 (worked by hand).
    let expected = [
        ("aff908", 8.85, 1),
        ("abfc96", 8.4, 2),
        ("408aea", 8.15, 3),
        ("762b38", 7.8, 4),
        ("8cc2c4", 7.65, 5),
        ("ea79a9", 7.45, 6),
        ("864816", 6.15, 7),
    ];
    assert_eq!(ranked.len(), expected.len(), "{ranked:?}");
    for ((id, score, rank), (eid, escore, erank)) in ranked.iter().zip(expected) {
        assert_eq!(*id, eid);
        assert!((score - escore).abs() < 1e-9, "{id}: {score} ≠ {escore}");
        assert_eq!(*rank, Some(erank));
    }

    // A tie shares its rank; an option missing a score is listed after, unranked.
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let by = |s: &str| {
        doc.options
            .iter()
            .find(|o| short(&o.data.id) == s)
            .unwrap()
            .data
            .clone()
    };
    let mut o = by("408aea");
    o.selection_scores = by("abfc96").selection_scores;
    api.update(o).unwrap();
    let mut o = by("864816");
    o.selection_scores.pop();
    api.update(o).unwrap();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    let rank_of = |s: &str| {
        calcs
            .selection_ranking
            .iter()
            .find(|r| short(&r.option_id) == s)
            .unwrap()
            .clone()
    };
    assert_eq!(rank_of("abfc96").rank, Some(2));
    assert_eq!(rank_of("408aea").rank, Some(2));
    assert_eq!(rank_of("762b38").rank, Some(4));
    let open = rank_of("864816");
    assert_eq!((open.score, open.rank), (None, None));
    assert_eq!(open.unscored, vec!["moi-truong".to_string()]);
    assert_eq!(
        short(&calcs.selection_ranking.last().unwrap().option_id),
        "864816"
    );
    // NV13 says an option is not fully scored.
    let p = api.progress(SEAFOOD).unwrap();
    let nv13 = p.stages.iter().find(|s| s.stage == "NV13").unwrap();
    assert!(
        nv13.missing
            .contains(&sxsh_domain::progress::Missing::Unscored { count: 1 }),
        "{:?}",
        nv13.missing
    );
}

#[test]
fn weights_that_do_not_add_up_to_100_are_refused_on_every_weight_and_nothing_is_written() {
    let (dir, api) = api();
    let before = dump_db(dir.path());
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let mut a = doc.assessment.data.clone();
    a.selection_criteria[0].weight = 30.0; // 30 + 30 + 30 = 90 %
    let e = api.update(a.clone()).unwrap_err();
    assert_eq!(e.code, ErrorCode::ValidationFailed);
    let fields: Vec<(String, FieldErrorCode)> = e
        .field_errors
        .iter()
        .map(|f| (f.field.clone(), f.code))
        .collect();
    assert_eq!(
        fields,
        (0..3)
            .map(|i| (
                format!("selection_criteria[{i}].weight"),
                FieldErrorCode::WeightsSum
            ))
            .collect::<Vec<_>>()
    );
    assert!(e.field_errors[0].message.contains("90"), "{e:?}");

    // A negative weight, the same key twice, a score above 10 and a checklist point twice.
    a.selection_criteria = vec![
        SelectionCriterion {
            id: "a".into(),
            name: "Kinh tế".into(),
            weight: -10.0,
        },
        SelectionCriterion {
            id: "a".into(),
            name: "Kỹ thuật".into(),
            weight: 110.0,
        },
    ];
    let e = api.update(a).unwrap_err();
    let has =
        |f: &str, c: FieldErrorCode| e.field_errors.iter().any(|x| x.field == f && x.code == c);
    assert!(
        has("selection_criteria[0].weight", FieldErrorCode::OutOfRange),
        "{e:?}"
    );
    assert!(
        has("selection_criteria[1].id", FieldErrorCode::Duplicate),
        "{e:?}"
    );
    let mut o = doc.options[0].data.clone();
    o.selection_scores = vec![CriterionScore {
        criterion_id: "kinh-te".into(),
        score: 11.0,
    }];
    o.technical_checks = vec![
        TechnicalCheck {
            criterion: "space".into(),
            state: CheckState::Ok,
            note: String::new(),
        },
        TechnicalCheck {
            criterion: "space".into(),
            state: CheckState::Concern,
            note: String::new(),
        },
        TechnicalCheck {
            criterion: "paint".into(),
            state: CheckState::Ok,
            note: String::new(),
        },
    ];
    let e = api.update(o).unwrap_err();
    let has =
        |f: &str, c: FieldErrorCode| e.field_errors.iter().any(|x| x.field == f && x.code == c);
    assert!(
        has("selection_scores[0].score", FieldErrorCode::OutOfRange),
        "{e:?}"
    );
    assert!(
        has("technical_checks[1].criterion", FieldErrorCode::Duplicate),
        "{e:?}"
    );
    assert!(
        has("technical_checks[2].criterion", FieldErrorCode::InvalidCode),
        "{e:?}"
    );
    assert_eq!(dump_db(dir.path()), before, "a refused edit writes nothing");
}

#[test]
fn each_resource_an_option_changes_is_shown_before_and_after_with_its_factor_year() {
    let (_dir, api) = api();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    let line = |s: &str, r: Resource| {
        calcs
            .environment
            .iter()
            .find(|e| short(&e.option_id) == s && e.resource == r)
            .unwrap_or_else(|| panic!("{s} {r:?}"))
    };
    // Condenser cleaning saves 112 000 kWh of the 5 304 000 kWh the plant's input flows take
    // per year (8 step meters and 2 site-level lines, added by hand from the demo).
    let e = line("762b38", Resource::Electricity);
    assert_eq!(e.before, Some(5_304_000.0));
    assert_eq!(e.change, -112_000.0);
    assert_eq!(e.after, Some(5_192_000.0));
    assert!((e.cut_pct.unwrap() - 112_000.0 / 5_304_000.0 * 100.0).abs() < 1e-9);
    let grid = e
        .factors
        .iter()
        .find(|f| f.year.is_some())
        .expect("the grid factor with its year");
    assert_eq!(grid.year, Some(2023), "the assessment's grid year");
    assert!(!grid.source.is_empty());
    // tCO2 = MWh × the factor in tCO2/MWh.
    assert!((e.tco2 - 112.0 * grid.value).abs() < 1e-9, "{e:?}");
    // Water: 46 500 m³ a year before; no CO2 and no factor.
    let w = line("408aea", Resource::Water);
    assert_eq!((w.before, w.after), (Some(46_500.0), Some(42_300.0)));
    assert_eq!((w.tco2, w.factors.len()), (0.0, 0));
    // A saved material the baseline does not name has no "before": no data, not 0.
    let m = line("aff908", Resource::Material);
    assert_eq!((m.before, m.after, m.cut_pct), (None, None, None));
    // The rejected semi-automatic peeler is not in NV12.
    assert!(
        !calcs
            .environment
            .iter()
            .any(|e| short(&e.option_id) == "95aa5d")
    );
}

#[test]
fn a_monitored_indicator_sets_its_realised_saving_beside_what_its_option_expected() {
    let (_dir, api) = api();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let line = |indicator: &str| {
        let r = doc
            .monitoring_records
            .iter()
            .find(|m| m.data.indicator == indicator)
            .unwrap();
        calcs
            .monitoring
            .iter()
            .find(|l| l.figure.record_id == r.data.id)
            .unwrap()
            .clone()
    };
    // Wash water per month: 1 975 → 1 410 m³ realised 565 m³; the nozzles promised 4 200 m³ a
    // year, 350 m³ a month.
    let w = line("Nước dùng khu rửa và sơ chế");
    assert_eq!(w.unit, "m3");
    assert_eq!(w.realised, Some(565.0));
    assert!((w.expected.unwrap() - 350.0).abs() < 1e-9);
    assert!((w.realised_pct.unwrap() - 565.0 / 350.0 * 100.0).abs() < 1e-9);
    // Freezer electricity: 6 600 kWh realised in the month; 112 000 kWh a year expected.
    let e = line("Điện năng khu cấp đông");
    assert_eq!(e.realised, Some(6_600.0));
    assert!((e.expected.unwrap() - 112_000.0 / 12.0).abs() < 1e-9);
    // A daily indicator, and one whose option saves nothing in its unit, expect nothing.
    assert_eq!(line("Lưu lượng nước thải về trạm xử lý").expected, None);
    assert_eq!(line("Đá vảy cấp cho khu sơ chế").expected, None);
}

#[test]
fn photos_attach_to_any_worksheet_row_and_the_report_holds_the_new_worksheets() {
    let (dir, api) = api();
    let doc = api.export_assessment(SEAFOOD).unwrap();
    for (entity, id) in [
        ("process_step", doc.process_steps[0].data.id.clone()),
        ("cause", doc.causes[0].data.id.clone()),
        ("action", doc.actions[0].data.id.clone()),
        ("team_member", doc.team_members[0].data.id.clone()),
        ("flow", doc.flows[0].data.id.clone()),
    ] {
        let p = api
            .import_photo(
                AttachmentInput {
                    owner_entity: entity.into(),
                    owner_id: id.clone(),
                    caption: format!("Ảnh {entity}"),
                    original_name: "a.jpg".into(),
                    taken_at: None,
                },
                &sxsh_tests::phone_photo(3),
            )
            .unwrap();
        assert_eq!(
            (p.data.owner_entity.as_str(), p.data.owner_id.as_str()),
            (entity, id.as_str())
        );
    }
    // Not a row kind photos belong to, or no such row: refused, nothing written.
    let before = dump_db(dir.path());
    for (entity, id) in [
        ("stage_mark", doc.process_steps[0].data.id.clone()),
        ("cause", "0195e9ed-5500-7c6f-b144-000000000000".into()),
    ] {
        let e = api
            .import_photo(
                AttachmentInput {
                    owner_entity: entity.into(),
                    owner_id: id,
                    caption: String::new(),
                    original_name: "a.jpg".into(),
                    taken_at: None,
                },
                &sxsh_tests::phone_photo(4),
            )
            .unwrap_err();
        assert!(
            matches!(e.code, ErrorCode::ValidationFailed | ErrorCode::NotFound),
            "{e:?}"
        );
    }
    assert_eq!(dump_db(dir.path()), before);

    let pdf = api
        .assessment_report(
            SEAFOOD,
            sxsh_api::AssessmentReport::Detailed,
            sxsh_api::i18n::Lang::Vi,
        )
        .unwrap();
    let text = sxsh_tests::pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "Lựa chọn giải pháp theo tiêu chí có trọng số",
        "Hiệu quả kinh tế",
        "8,85",
        "Trước và sau theo từng tài nguyên",
        "5.304.000",
        "5.192.000",
        "Khả thi về kỹ thuật",
        "Cần lưu ý",
        "Cần khu giữ lạnh khoảng 20 m²",
        "Tiết kiệm kỳ vọng",
        "Biện pháp duy trì",
    ] {
        assert!(text.contains(needle), "the detailed PDF lacks {needle:?}");
    }
}

#[test]
fn a_preview_lays_typed_rows_over_the_stored_ones_and_writes_nothing() {
    let (dir, api) = api();
    let before = dump_db(dir.path());
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    // The wastewater stream's quantity doubled, as typed: its cost moves; nothing is stored.
    let w = &doc.waste_streams[0].data;
    let cost = |c: &sxsh_api::calc::AssessmentCalcs| {
        c.waste_costs
            .iter()
            .find(|x| x.waste_stream_id == w.id)
            .unwrap()
            .cost
            .total_vnd
    };
    let mut typed = w.clone();
    typed.quantity *= 2.0;
    let edit = |row: serde_json::Value| vec![("waste_stream".to_string(), row)];
    let preview = api
        .assessment_calcs_preview(SEAFOOD, &edit(serde_json::to_value(&typed).unwrap()))
        .unwrap();
    assert!(
        cost(&preview) > cost(&calcs),
        "{} ≤ {}",
        cost(&preview),
        cost(&calcs)
    );
    // A row not valid yet (no name), a row of another assessment and an entity outside the
    // figures leave the stored figures as they are.
    let mut blank = typed.clone();
    blank.name = String::new();
    let mut foreign = typed.clone();
    foreign.assessment_id = "019582ce-19e0-7f35-bcef-81f0b907e3b4".into();
    for (entity, row) in [
        ("waste_stream", serde_json::to_value(&blank).unwrap()),
        ("waste_stream", serde_json::to_value(&foreign).unwrap()),
        ("cause", serde_json::to_value(&typed).unwrap()),
        (
            "waste_stream",
            serde_json::json!({"id": 1, "assessment_id": SEAFOOD}),
        ),
    ] {
        let same = api
            .assessment_calcs_preview(SEAFOOD, &[(entity.to_string(), row)])
            .unwrap();
        assert_eq!(cost(&same), cost(&calcs), "{entity}");
    }
    assert_eq!(dump_db(dir.path()), before, "a preview writes nothing");
}

#[test]
fn a_hostile_preview_is_refused_or_ignored_and_changes_nothing() {
    use std::sync::Arc;
    let (dir, api) = api();
    let before = dump_db(dir.path());
    let rpc = sxsh_api::rpc::Rpc::new(Arc::new(api));
    let calcs = rpc.api().assessment_calcs(SEAFOOD).unwrap();
    let doc = rpc.api().export_assessment(SEAFOOD).unwrap();
    let w = serde_json::to_value(&doc.waste_streams[0].data).unwrap();
    // More rows than a preview takes: INVALID_INPUT, before any is read.
    let many: Vec<_> = (0..201)
        .map(|_| serde_json::json!({"entity": "waste_stream", "row": w}))
        .collect();
    let e = rpc
        .call(
            "assessment.calcs_preview",
            serde_json::json!({"assessment_id": SEAFOOD, "rows": many}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput, "{e}");
    // A 2 MB name, a NaN-like quantity, a row that is not an object, an unknown entity: the
    // stored figures, unchanged.
    let mut long = w.clone();
    long["name"] = serde_json::json!("ô".repeat(1_000_000));
    long["quantity"] = serde_json::json!(1e300);
    let mut text_qty = w.clone();
    text_qty["quantity"] = serde_json::json!("NaN");
    let out = rpc
        .call(
            "assessment.calcs_preview",
            serde_json::json!({"assessment_id": SEAFOOD, "rows": [
                {"entity": "waste_stream", "row": long},
                {"entity": "waste_stream", "row": text_qty},
                {"entity": "waste_stream", "row": [1, 2, 3]},
                {"entity": "no_such_entity", "row": w},
            ]}),
        )
        .unwrap();
    let out: sxsh_api::calc::AssessmentCalcs = serde_json::from_value(out).unwrap();
    assert_eq!(out.waste_costs, calcs.waste_costs);
    // An unknown assessment is NOT_FOUND.
    let e = rpc
        .call(
            "assessment.calcs_preview",
            serde_json::json!({"assessment_id": "0195e9ed-5500-7c6f-b144-000000000000", "rows": []}),
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{e}");
    assert_eq!(dump_db(dir.path()), before, "a preview writes nothing");
}
