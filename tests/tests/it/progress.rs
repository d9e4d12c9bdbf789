//! The quick assessment's stages: what each needs before it can be marked done, stages ticking
//! in order, notes and photos before an answer, and a completed assessment read-only until it
//! is reopened (recording who reopened it and when).

use crate::common;
use common::*;
use sxsh_api::dto::*;
use sxsh_api::progress::{AssessmentProgress, MarkStageParams};
use sxsh_api::{Api, ErrorCode};
use sxsh_domain::model::{Answer, Direction, FlowCategory, ImplStatus};
use sxsh_domain::progress::{Missing, StageStatus};
use sxsh_tests::dump_db;

const KIM_LAN: &str = "019582ce-19e0-7f35-bcef-81f0b907e3b4";

fn mark(
    api: &Api,
    aid: &str,
    stage: &str,
    state: StageState,
    reason: &str,
) -> sxsh_api::Result<AssessmentProgress> {
    api.mark_stage(&MarkStageParams {
        assessment_id: aid.into(),
        stage: stage.into(),
        state,
        reason: reason.into(),
    })
}

fn status_of(p: &AssessmentProgress, stage: &str) -> StageStatus {
    p.stages.iter().find(|s| s.stage == stage).unwrap().status
}

fn missing_of(p: &AssessmentProgress, stage: &str) -> Vec<Missing> {
    p.stages
        .iter()
        .find(|s| s.stage == stage)
        .unwrap()
        .missing
        .clone()
}

fn photo() -> Vec<u8> {
    sxsh_tests::phone_photo(7)
}

#[test]
fn a_completed_assessment_is_read_only_until_reopened_and_says_who_reopened_it() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let doc = api.export_assessment(KIM_LAN).unwrap();
    assert_eq!(doc.assessment.data.status, AssessmentStatus::Completed);
    // Completed before any stage was marked: completing took every stage as done.
    let p = api.progress(KIM_LAN).unwrap();
    for s in &p.stages {
        assert_eq!(s.status, StageStatus::Done, "{s:?}");
    }
    assert_eq!(p.completed, None, "the demo records no completion");

    let before = dump_db(dir.path());
    let refused = |r: sxsh_api::Result<()>| {
        assert_eq!(r.unwrap_err().code, ErrorCode::AssessmentCompleted);
    };
    let mut a = doc.assessment.data.clone();
    a.title = "Sửa khi đã hoàn thành".into();
    refused(api.update(a).map(drop));
    let mut f = flow(KIM_LAN, "Than cám thêm", 1.0);
    f.id = String::new();
    refused(api.create(f).map(drop));
    let mut f = doc.flows[0].data.clone();
    f.quantity += 1.0;
    refused(api.update(f).map(drop));
    refused(
        api.patch::<Flow>(
            &doc.flows[0].data.id,
            &Default::default(),
            &["quantity".into()],
            |old| {
                let mut f = old.data;
                f.quantity += 1.0;
                Ok(f)
            },
        )
        .map(drop),
    );
    refused(api.delete::<Flow>(&doc.flows[0].data.id));
    refused(
        api.import_attachment(
            AttachmentInput {
                owner_entity: "observation".into(),
                owner_id: doc.observations[0].data.id.clone(),
                caption: String::new(),
                original_name: "a.jpg".into(),
                taken_at: None,
            },
            &photo(),
        )
        .map(drop),
    );
    refused(mark(&api, KIM_LAN, "walk", StageState::Open, "").map(drop));
    assert_eq!(
        dump_db(dir.path()),
        before,
        "nothing of a refused edit is written"
    );

    // Reopening is the one change allowed, and it is recorded with who and when.
    api.set_user("Lê Minh Đức").unwrap();
    let p = mark(&api, KIM_LAN, "report", StageState::Open, "").unwrap();
    let reopened = p.reopened.clone().expect("who reopened it");
    assert_eq!(reopened.by, "Lê Minh Đức");
    assert!(
        chrono::DateTime::parse_from_rfc3339(&reopened.at).is_ok(),
        "{reopened:?}"
    );
    assert_eq!(p.completed, None);
    assert_eq!(
        api.get::<Assessment>(KIM_LAN).unwrap().data.status,
        AssessmentStatus::InProgress
    );
    // Open again, no stage counts as done until marked; edits go through.
    assert_eq!(status_of(&p, "profile"), StageStatus::Ready);
    let mut f = doc.flows[0].data.clone();
    f.quantity += 1.0;
    api.update(f).unwrap();
    // The reopening travels as ops like any change (the mark is a synced row).
    let after = api.export_assessment(KIM_LAN).unwrap();
    assert_eq!(after.stage_marks.len(), 1);
    assert_eq!(after.stage_marks[0].data.state, StageState::Open);
    assert_eq!(
        after.stage_marks[0].meta.updated_by.split('@').next(),
        Some("Lê Minh Đức")
    );

    // Completing is the report stage's mark, never a status typed in.
    let mut a = api.get::<Assessment>(KIM_LAN).unwrap().data;
    a.status = AssessmentStatus::Completed;
    assert_eq!(api.update(a).unwrap_err().code, ErrorCode::InvalidInput);
    let e = mark(&api, KIM_LAN, "report", StageState::Done, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete, "{e:?}");
    // The demo's walk-through answered the notable items only: the rest must be answered
    // (here "không áp dụng") before the walk can be marked done.
    let e = mark(&api, KIM_LAN, "profile", StageState::Done, "")
        .and_then(|_| mark(&api, KIM_LAN, "walk", StageState::Done, ""))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete);
    assert!(e.message.contains("unanswered"), "{e:?}");
    let answered: Vec<String> = after
        .checklist_responses
        .iter()
        .map(|r| r.data.item_code.clone())
        .collect();
    for (list, code) in sxsh_api::reference::checklists()
        .iter()
        .zip(sxsh_api::reference::checklist_codes())
    {
        if !after.assessment.data.checklists.iter().any(|c| c == code) {
            continue;
        }
        for item in list.items.iter().filter(|i| !answered.contains(&i.id)) {
            api.create(ChecklistResponse {
                id: String::new(),
                assessment_id: KIM_LAN.into(),
                item_code: item.id.clone(),
                answer: Some(Answer::Na),
                note: String::new(),
                reading: None,
                reading_unit: String::new(),
                option_id: None,
            })
            .unwrap();
        }
    }
    for stage in ["walk", "flows", "options", "focus"] {
        mark(&api, KIM_LAN, stage, StageState::Done, "").unwrap();
    }
    api.set_user("Nguyễn Thị Hoa").unwrap();
    let p = mark(&api, KIM_LAN, "report", StageState::Done, "").unwrap();
    assert_eq!(
        p.completed.as_ref().map(|e| e.by.as_str()),
        Some("Nguyễn Thị Hoa")
    );
    assert_eq!(p.reopened, None);
    assert!(
        p.stages.iter().all(|s| s.status == StageStatus::Done),
        "{p:?}"
    );
    let mut a = api.get::<Assessment>(KIM_LAN).unwrap().data;
    a.next_steps = "Sửa sau khi hoàn thành".into();
    assert_eq!(
        api.update(a).unwrap_err().code,
        ErrorCode::AssessmentCompleted
    );
}

#[test]
fn stages_tick_in_order_and_only_when_what_they_need_is_there() {
    let (_dir, api, _e, aid) = seeded();
    let mut a = api.get::<Assessment>(&aid).unwrap().data;
    a.checklists = vec!["pottery_kiln".into()];
    api.update(a).unwrap();
    let p = api.progress(&aid).unwrap();
    assert_eq!(
        p.stages
            .iter()
            .map(|s| s.stage.as_str())
            .collect::<Vec<_>>(),
        ["profile", "walk", "flows", "options", "focus", "report"]
    );
    assert_eq!(missing_of(&p, "profile"), [Missing::InputFlow]);
    assert_eq!(status_of(&p, "profile"), StageStatus::InProgress);
    assert_eq!(status_of(&p, "options"), StageStatus::NotStarted);
    let items = sxsh_api::reference::checklists()
        .iter()
        .zip(sxsh_api::reference::checklist_codes())
        .find(|(_, code)| *code == "pottery_kiln")
        .unwrap()
        .0
        .items
        .len();
    assert!(missing_of(&p, "walk").contains(&Missing::Unanswered { count: items }));

    // Marking a stage that lacks something is refused and writes nothing.
    let e = mark(&api, &aid, "profile", StageState::Done, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete);
    assert!(e.message.contains("input_flow"), "{e:?}");
    assert!(api.export_assessment(&aid).unwrap().stage_marks.is_empty());

    let mut input = flow(&aid, "Đất sét", 300.0);
    input.id = String::new();
    let input = api.create(input).unwrap();
    let p = mark(&api, &aid, "profile", StageState::Done, "").unwrap();
    assert_eq!(status_of(&p, "profile"), StageStatus::Done);
    assert!(!p.stages[0].marked_at.is_empty());

    // Stages tick in order: the flows stage waits for the walk-through.
    let mut output = flow(&aid, "Gốm thành phẩm", 100.0);
    output.id = String::new();
    output.direction = Direction::Out;
    output.category = FlowCategory::Product;
    api.create(output).unwrap();
    let p = api.progress(&aid).unwrap();
    assert_eq!(
        missing_of(&p, "flows"),
        [Missing::Stage {
            stage: "walk".into()
        }]
    );
    let e = mark(&api, &aid, "flows", StageState::Done, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete);

    // Not applicable needs a reason, and then holds nothing back.
    let e = mark(&api, &aid, "walk", StageState::NotApplicable, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::ValidationFailed);
    assert_eq!(e.field_errors[0].field, "reason");
    let p = mark(
        &api,
        &aid,
        "walk",
        StageState::NotApplicable,
        "Xưởng nghỉ lò trong đợt khảo sát",
    )
    .unwrap();
    assert_eq!(status_of(&p, "walk"), StageStatus::NotApplicable);
    assert_eq!(status_of(&p, "flows"), StageStatus::Ready);
    let p = mark(&api, &aid, "flows", StageState::Done, "").unwrap();
    assert_eq!(status_of(&p, "flows"), StageStatus::Done);

    // A stage marked done whose data goes away says so; so do the stages after an earlier
    // one opened again.
    api.delete::<Flow>(&input.data.id).unwrap();
    let p = api.progress(&aid).unwrap();
    assert_eq!(status_of(&p, "profile"), StageStatus::MarkedIncomplete);
    assert_eq!(status_of(&p, "flows"), StageStatus::MarkedIncomplete);
    let mut input = flow(&aid, "Đất sét", 300.0);
    input.id = String::new();
    api.create(input).unwrap();
    let p = mark(&api, &aid, "profile", StageState::Open, "").unwrap();
    assert_eq!(status_of(&p, "profile"), StageStatus::Ready);
    assert_eq!(status_of(&p, "flows"), StageStatus::MarkedIncomplete);
    let p = mark(&api, &aid, "profile", StageState::Done, "").unwrap();
    assert_eq!(status_of(&p, "flows"), StageStatus::Done);
    // Marking again changes the stage's one mark row, never adds another.
    assert_eq!(
        api.export_assessment(&aid)
            .unwrap()
            .stage_marks
            .iter()
            .filter(|m| m.data.stage == "profile")
            .count(),
        1
    );
    let e = mark(&api, &aid, "nowhere", StageState::Done, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
}

#[test]
fn two_devices_marking_the_same_stage_count_the_newer_mark() {
    let (_dir, api, _e, aid) = seeded();
    let mut input = flow(&aid, "Đất sét", 300.0);
    input.id = String::new();
    api.create(input).unwrap();
    // Two rows for one stage, as two devices offline each make one.
    let first = api
        .create(StageMark {
            id: String::new(),
            assessment_id: aid.clone(),
            stage: "profile".into(),
            state: StageState::Done,
            reason: String::new(),
        })
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    api.create(StageMark {
        id: String::new(),
        assessment_id: aid.clone(),
        stage: "profile".into(),
        state: StageState::NotApplicable,
        reason: "Hồ sơ do văn phòng lập".into(),
    })
    .unwrap();
    let p = api.progress(&aid).unwrap();
    assert_eq!(status_of(&p, "profile"), StageStatus::NotApplicable);
    assert_eq!(p.stages[0].reason, "Hồ sơ do văn phòng lập");
    // A later change of the older row makes it the newer mark.
    std::thread::sleep(std::time::Duration::from_millis(5));
    let mut again = first.data;
    again.state = StageState::Done;
    again.reason = "đã kiểm".into();
    api.update(again).unwrap();
    assert_eq!(
        status_of(&api.progress(&aid).unwrap(), "profile"),
        StageStatus::Done
    );
}

#[test]
fn an_item_takes_a_note_and_a_photo_before_it_is_answered() {
    let (_dir, api, _e, aid) = seeded();
    let mut a = api.get::<Assessment>(&aid).unwrap().data;
    a.checklists = vec!["pottery_kiln".into()];
    api.update(a).unwrap();
    let item = sxsh_api::reference::checklists()
        .iter()
        .zip(sxsh_api::reference::checklist_codes())
        .find(|(_, code)| *code == "pottery_kiln")
        .unwrap()
        .0
        .items[0]
        .id
        .clone();
    let r = api
        .create(ChecklistResponse {
            id: String::new(),
            assessment_id: aid.clone(),
            item_code: item.clone(),
            answer: None,
            note: "Cửa lò hở, chưa kịp hỏi chủ lò".into(),
            reading: None,
            reading_unit: String::new(),
            option_id: None,
        })
        .unwrap();
    let photo = api
        .import_photo(
            AttachmentInput {
                owner_entity: "checklist_response".into(),
                owner_id: r.data.id.clone(),
                caption: String::new(),
                original_name: "cua-lo.jpg".into(),
                taken_at: None,
            },
            &photo(),
        )
        .unwrap();
    assert_eq!(photo.data.owner_id, r.data.id);
    // Not answered: the walk-through still counts it as open until it is.
    let p = api.progress(&aid).unwrap();
    let open = missing_of(&p, "walk")
        .into_iter()
        .find_map(|m| match m {
            Missing::Unanswered { count } => Some(count),
            _ => None,
        })
        .unwrap();
    let mut answered = r.data.clone();
    answered.answer = Some(Answer::No);
    api.update(answered).unwrap();
    let p = api.progress(&aid).unwrap();
    let after = missing_of(&p, "walk")
        .into_iter()
        .find_map(|m| match m {
            Missing::Unanswered { count } => Some(count),
            _ => None,
        })
        .unwrap_or(0);
    assert_eq!(after, open - 1);
    let doc = api.export_assessment(&aid).unwrap();
    assert_eq!(
        doc.checklist_responses[0].data.note,
        "Cửa lò hở, chưa kịp hỏi chủ lò"
    );
}

const SEAFOOD: &str = "019511ab-64c0-7310-910a-0ab227ff8d49";

#[test]
fn a_detailed_assessment_has_eighteen_tasks_each_saying_what_it_needs_and_waits_for() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let p = api.progress(SEAFOOD).unwrap();
    let codes: Vec<&str> = p.stages.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(codes.len(), 19);
    assert_eq!((codes[0], codes[17], codes[18]), ("NV1", "NV18", "report"));
    // The demo's lead consultant marked NV1–NV13 done; the action plan lacks an action for one
    // selected option, and no sustaining measures are written yet.
    for s in &p.stages[..13] {
        assert_eq!(s.status, StageStatus::Done, "{s:?}");
        assert_eq!(s.marked_by, "Phạm Hoàng Nam");
    }
    assert_eq!(status_of(&p, "NV14"), StageStatus::InProgress);
    assert_eq!(
        missing_of(&p, "NV14"),
        [Missing::SelectedWithoutAction { count: 1 }]
    );
    assert!(missing_of(&p, "NV17").contains(&Missing::SustainingMeasures));
    assert!(missing_of(&p, "NV15").contains(&Missing::Stage {
        stage: "NV14".into()
    }));
    let e = mark(&api, SEAFOOD, "NV14", StageState::Done, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete);
    assert!(e.message.contains("selected_without_action"), "{e:?}");
    let e = mark(&api, SEAFOOD, "report", StageState::Done, "").unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete);

    // The missing action planned: NV14 can be marked, and NV15 no longer waits for it.
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let bare = doc
        .options
        .iter()
        .find(|o| {
            o.data.selected
                && !doc
                    .actions
                    .iter()
                    .any(|a| a.data.option_id.as_deref() == Some(&o.data.id))
        })
        .unwrap();
    api.create(Action {
        id: String::new(),
        assessment_id: SEAFOOD.into(),
        option_id: Some(bare.data.id.clone()),
        title: "Lắp đồng hồ nước phụ cho khu sơ chế".into(),
        owner: "Trần Quốc Khánh".into(),
        start_date: Some("2025-07-01".into()),
        end_date: Some("2025-07-31".into()),
        budget_vnd: Some(12_000_000),
        status: ImplStatus::NotStarted,
    })
    .unwrap();
    let p = mark(&api, SEAFOOD, "NV14", StageState::Done, "").unwrap();
    assert_eq!(status_of(&p, "NV14"), StageStatus::Done);
    assert!(!missing_of(&p, "NV15").contains(&Missing::Stage {
        stage: "NV14".into()
    }));

    // A fresh detailed assessment: a focus must be chosen before the balance.
    let (_d2, api2, e2, _quick) = seeded();
    let mut a = assessment(&e2);
    a.kind = AssessmentKind::Detailed;
    let aid = api2.create(a).unwrap().data.id;
    let p = api2.progress(&aid).unwrap();
    assert_eq!(status_of(&p, "NV1"), StageStatus::NotStarted);
    assert_eq!(missing_of(&p, "NV1"), [Missing::TeamMember]);
    assert_eq!(
        missing_of(&p, "NV3"),
        [
            Missing::Focus,
            Missing::Stage {
                stage: "NV2".into()
            }
        ]
    );
    assert!(missing_of(&p, "NV5").contains(&Missing::Stage {
        stage: "NV4".into()
    }));
    // Not applicable, with its reason, lets what waits for it go on.
    let p = mark(
        &api2,
        &aid,
        "NV10",
        StageState::NotApplicable,
        "Mọi giải pháp đều thực hiện ngay",
    )
    .unwrap();
    assert_eq!(status_of(&p, "NV10"), StageStatus::NotApplicable);
    assert!(!missing_of(&p, "NV13").contains(&Missing::Stage {
        stage: "NV10".into()
    }));
    let e = mark(&api2, &aid, "walk", StageState::Done, "").unwrap_err();
    assert_eq!(
        e.code,
        ErrorCode::InvalidInput,
        "a quick stage is not a task: {e:?}"
    );
}

#[test]
fn the_seafood_trace_runs_from_each_waste_stream_to_its_monitored_savings_and_lists_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let t = api.trace(SEAFOOD).unwrap();
    let streams: Vec<&str> = t
        .chains
        .iter()
        .map(|c| c.waste_stream.text.as_str())
        .collect();
    assert_eq!(streams.len(), 4);
    assert_eq!(streams[0], "Nước thải sản xuất về trạm xử lý");
    // Wastewater ← taps left running ← dry cleaning first → its action → its monitored flow.
    let taps = &t.chains[0].causes[0];
    assert!(taps.cause.text.starts_with("Vòi nước để chảy liên tục"));
    assert_eq!(taps.category, "C-OP");
    let dry = &taps.options[0];
    assert!(dry.option.text.starts_with("Gom khô đầu, vỏ"));
    assert!(dry.selected);
    assert!(
        dry.actions[0]
            .text
            .starts_with("Ban hành quy trình vệ sinh khô trước")
    );
    assert_eq!(dry.monitoring[0].text, "Lưu lượng nước thải về trạm xử lý");
    // An option not yet chosen has no action, and that is no gap.
    assert!(
        taps.options
            .iter()
            .any(|o| !o.selected && o.actions.is_empty())
    );
    // The gaps: the condenser cleaning addresses no cause and, selected, has no action.
    let names = |xs: &[sxsh_domain::trace::TraceItem]| {
        xs.iter().map(|x| x.text.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&t.options_without_cause).len(), 1);
    assert!(
        t.options_without_cause[0]
            .text
            .starts_with("Vệ sinh dàn ngưng")
    );
    assert_eq!(
        names(&t.selected_without_action),
        names(&t.options_without_cause)
    );
    assert!(t.causes_without_option.is_empty());
    // A new cause with no option is a gap until an option addresses it.
    let stream = api.export_assessment(SEAFOOD).unwrap().waste_streams[3]
        .data
        .id
        .clone();
    let cause = api
        .create(Cause {
            id: String::new(),
            assessment_id: SEAFOOD.into(),
            waste_stream_id: Some(stream),
            category: "C-EQ".into(),
            description: "Thùng đá không có nắp".into(),
        })
        .unwrap();
    let t = api.trace(SEAFOOD).unwrap();
    assert_eq!(names(&t.causes_without_option), ["Thùng đá không có nắp"]);
    let mut o = common::option(SEAFOOD, "Thay thùng đá có nắp cách nhiệt");
    o.cause_ids = vec![cause.data.id];
    api.create(o).unwrap();
    assert!(api.trace(SEAFOOD).unwrap().causes_without_option.is_empty());
}

#[test]
fn a_quick_assessment_continues_as_a_detailed_one_and_a_finished_cycle_starts_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let quick = api.export_assessment(KIM_LAN).unwrap();
    let before = dump_db(dir.path());
    let detailed = api.continue_detailed(KIM_LAN).unwrap();
    assert_eq!(detailed.data.kind, AssessmentKind::Detailed);
    assert_eq!(
        detailed.data.enterprise_id,
        quick.assessment.data.enterprise_id
    );
    assert_eq!(
        detailed.data.production_volume,
        quick.assessment.data.production_volume
    );
    let d = api.export_assessment(&detailed.data.id).unwrap();
    let names = |rows: &[Stored<Flow>]| {
        let mut v: Vec<String> = rows.iter().map(|f| f.data.name.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(names(&d.flows), names(&quick.flows));
    assert_eq!(d.options.len(), quick.options.len());
    assert_eq!(d.checklist_responses.len(), quick.checklist_responses.len());
    assert_eq!(d.attachments.len(), quick.attachments.len());
    // Copies, not moves: new ids, links kept inside the copy.
    for r in &d.checklist_responses {
        assert!(
            quick
                .checklist_responses
                .iter()
                .all(|q| q.data.id != r.data.id)
        );
        if let Some(o) = &r.data.option_id {
            assert!(
                d.options.iter().any(|x| &x.data.id == o),
                "a finding's quick win is the copied option"
            );
        }
    }
    // The quick assessment is as it was (only rows were added elsewhere).
    assert_eq!(api.export_assessment(KIM_LAN).unwrap().flows, quick.flows);
    assert_ne!(dump_db(dir.path()), before);

    // Cycle 2 only once every task of cycle 1 is settled.
    let e = api.next_cycle(SEAFOOD).unwrap_err();
    assert_eq!(e.code, ErrorCode::StageIncomplete);
    let e = api.next_cycle(KIM_LAN).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidInput);
    let seafood = api.export_assessment(SEAFOOD).unwrap();
    for task in sxsh_domain::model::DETAILED_TASKS {
        mark(
            &api,
            SEAFOOD,
            task,
            StageState::NotApplicable,
            "Kiểm thử chu kỳ mới",
        )
        .unwrap();
    }
    api.set_user("Phạm Hoàng Nam").unwrap();
    let next = api.next_cycle(SEAFOOD).unwrap();
    assert_eq!(next.data.cycle, 2);
    assert!(next.data.title.ends_with("chu kỳ 2"), "{}", next.data.title);
    let cycle1 = api.progress(SEAFOOD).unwrap();
    assert_eq!(cycle1.completed.unwrap().by, "Phạm Hoàng Nam");
    assert_eq!(
        api.get::<Assessment>(SEAFOOD).unwrap().data.status,
        AssessmentStatus::Completed
    );
    let n = api.export_assessment(&next.data.id).unwrap();
    assert_eq!(n.team_members.len(), seafood.team_members.len());
    assert_eq!(n.process_steps.len(), seafood.process_steps.len());
    assert_eq!(n.flows.len(), seafood.flows.len());
    assert!(n.process_steps.iter().all(|s| !s.data.is_focus));
    assert!(n.options.is_empty() && n.waste_streams.is_empty());
    // Every step flow points at a copied step.
    for f in &n.flows {
        if let Some(step) = &f.data.step_id {
            assert!(n.process_steps.iter().any(|s| &s.data.id == step));
        }
    }
    assert_eq!(
        n.assessment.data.baseline_start,
        seafood.assessment.data.baseline_start
    );
    // Cycle 1 is read-only now.
    let mut a = api.get::<Assessment>(SEAFOOD).unwrap().data;
    a.scope = "sửa sau khi sang chu kỳ 2".into();
    assert_eq!(
        api.update(a).unwrap_err().code,
        ErrorCode::AssessmentCompleted
    );
}

#[test]
fn the_focus_matrix_ranks_the_steps_by_weighted_score_with_ties_sharing_a_rank() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let calcs = api.assessment_calcs(SEAFOOD).unwrap();
    let doc = api.export_assessment(SEAFOOD).unwrap();
    let name = |id: &str| {
        doc.process_steps
            .iter()
            .find(|s| s.data.id == id)
            .unwrap()
            .data
            .name
            .clone()
    };
    let r: Vec<(String, f64, usize)> = calcs
        .focus_ranking
        .iter()
        .map(|f| (name(&f.step_id), f.total, f.rank))
        .collect();
    // Σ weight × score by hand from the demo's matrix (weights 3, 2, 3, 2, 1, 1, 1).
    assert_eq!(r.len(), 8);
    assert_eq!(r[0], ("Sơ chế (lặt đầu, bóc vỏ, rút chỉ)".into(), 54.0, 1));
    assert_eq!((r[1].1, r[1].2, r[2].1, r[2].2), (32.0, 2, 32.0, 2));
    assert_eq!((r[3].1, r[3].2, r[4].1, r[4].2), (24.0, 4, 24.0, 4));
    assert_eq!((r[7].1, r[7].2), (22.0, 8));
    // The report's focus (the demo's text) is the first-ranked step.
    let focus = doc.process_steps.iter().find(|s| s.data.is_focus).unwrap();
    assert_eq!(calcs.focus_ranking[0].step_id, focus.data.id);
}

#[test]
fn a_hostile_mark_is_refused_with_its_code_and_writes_nothing() {
    let (dir, api, _e, aid) = seeded();
    let before = dump_db(dir.path());
    for (stage, state, reason, code) in [
        (
            "walk",
            StageState::NotApplicable,
            "x".repeat(2_000_000),
            ErrorCode::ValidationFailed,
        ),
        (
            "walk",
            StageState::NotApplicable,
            "lý do\u{202E}ẩn".to_string(),
            ErrorCode::ValidationFailed,
        ),
        (
            "walk",
            StageState::NotApplicable,
            "   ".to_string(),
            ErrorCode::ValidationFailed,
        ),
        (
            "../../etc",
            StageState::Done,
            String::new(),
            ErrorCode::InvalidInput,
        ),
        (
            "NV5",
            StageState::Done,
            String::new(),
            ErrorCode::InvalidInput,
        ),
    ] {
        let e = mark(&api, &aid, stage, state, &reason).unwrap_err();
        assert_eq!(e.code, code, "{stage}: {e:?}");
    }
    let e = mark(
        &api,
        "0195ffff-0000-7000-8000-000000000000",
        "walk",
        StageState::Done,
        "",
    )
    .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(dump_db(dir.path()), before, "a refused mark writes nothing");
}
