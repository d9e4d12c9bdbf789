//! The stepper's facts: where each stage of an assessment stands (computed by
//! [`sxsh_domain::progress`]), the consultant's marks on them, completing an assessment and
//! reopening it.

use crate::dto::*;
use crate::error::{ApiError, ErrorCode, Result};
use crate::{Api, completed_error, document, prepare_entity, reference, uuid_v7};
use serde::{Deserialize, Serialize};
use sxsh_domain::model::{DETAILED_TASKS, QUICK_STAGES};
use sxsh_domain::progress::{
    self, DetailedRows, MarkRecord, QuickRows, StageProgress, StageStatus,
};
use sxsh_store::{Store, Table, WriteTx};

/// Who did something to an assessment, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StatusEvent {
    /// The user's name as set on the device that did it (empty when none was set).
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

/// Every stage of an assessment and who completed or reopened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AssessmentProgress {
    pub stages: Vec<StageProgress>,
    /// While it is completed: who completed it and when (none for an assessment completed
    /// before completions were recorded).
    pub completed: Option<StatusEvent>,
    /// While it is open again after being completed: who reopened it and when.
    pub reopened: Option<StatusEvent>,
}

/// `assessment.mark_stage`: mark a stage (a task NV1–NV18 of a detailed assessment) done, not
/// applicable (with a reason) or open again. Marking the report stage done completes the
/// assessment; opening it again reopens it.
#[derive(Debug, Clone, Deserialize, ts_rs::TS)]
pub struct MarkStageParams {
    pub assessment_id: String,
    /// A quick-assessment stage (`profile`, `walk`, `flows`, `options`, `focus`), a task of a
    /// detailed one (`NV1`…`NV18`), or `report`.
    pub stage: String,
    pub state: StageState,
    #[serde(default)]
    pub reason: String,
}

/// The name part of an `updated_by` (`user@device`); empty when no user was set (a bare device
/// id means nothing to a reader: the UI then gives the time alone).
fn author_name(updated_by: &str) -> String {
    match updated_by.rsplit_once('@') {
        Some((user, _)) => user.to_string(),
        None => String::new(),
    }
}

/// The data of stored rows.
fn data<T: Clone>(rows: &[Stored<T>]) -> Vec<T> {
    rows.iter().map(|r| r.data.clone()).collect()
}

/// The progress of the assessment a document holds.
fn progress_of(doc: &AssessmentDocument) -> AssessmentProgress {
    let a = &doc.assessment.data;
    let chosen: Vec<String> = reference::checklist_codes()
        .zip(reference::checklists())
        .filter(|(code, _)| a.checklists.iter().any(|c| c == code))
        .flat_map(|(_, c)| c.items.iter().map(|i| i.id.clone()))
        .collect();
    let flows: Vec<Flow> = data(&doc.flows);
    let options: Vec<CpOption> = data(&doc.options);
    let responses: Vec<ChecklistResponse> = data(&doc.checklist_responses);
    let authors: Vec<String> = doc
        .stage_marks
        .iter()
        .map(|m| author_name(&m.meta.updated_by))
        .collect();
    let marks: Vec<MarkRecord> = doc
        .stage_marks
        .iter()
        .zip(&authors)
        .map(|(m, by)| MarkRecord {
            mark: &m.data,
            at: &m.meta.updated_at,
            by,
        })
        .collect();
    let stages = match a.kind {
        AssessmentKind::Quick => progress::quick_progress(&QuickRows {
            assessment: a,
            flows: &flows,
            options: &options,
            responses: &responses,
            items: &chosen,
            marks: &marks,
        }),
        AssessmentKind::Detailed => progress::detailed_progress(&DetailedRows {
            assessment: a,
            team: &data(&doc.team_members),
            steps: &data(&doc.process_steps),
            flows: &flows,
            waste_streams: &data(&doc.waste_streams),
            causes: &data(&doc.causes),
            options: &options,
            actions: &data(&doc.actions),
            monitoring: &data(&doc.monitoring_records),
            marks: &marks,
        }),
    };
    let report = progress::latest_marks(&marks).get("report").map(|m| {
        (
            m.mark.state,
            StatusEvent {
                by: m.by.to_string(),
                at: m.at.to_string(),
            },
        )
    });
    let completed = a.status == AssessmentStatus::Completed;
    let (completed_by, reopened_by) = match report {
        Some((StageState::Done, e)) if completed => (Some(e), None),
        Some((StageState::Open, e)) if !completed => (None, Some(e)),
        _ => (None, None),
    };
    AssessmentProgress {
        stages,
        completed: completed_by,
        reopened: reopened_by,
    }
}

fn incomplete(stage: &StageProgress) -> ApiError {
    let missing: Vec<String> = stage
        .missing
        .iter()
        .map(|m| serde_json::to_value(m).map_or_else(|_| String::new(), |v| v["code"].to_string()))
        .collect();
    ApiError::new(
        ErrorCode::StageIncomplete,
        format!(
            "stage {} cannot be marked done: missing {}",
            stage.stage,
            missing.join(", ")
        ),
    )
}

/// Writes the stage's mark: its newest mark row changed, or a new row.
fn put_mark(
    tx: &mut WriteTx,
    doc: &AssessmentDocument,
    stage: &str,
    state: StageState,
    reason: &str,
) -> Result<()> {
    let newest = doc
        .stage_marks
        .iter()
        .filter(|m| m.data.stage == stage)
        .max_by(|x, y| (&x.meta.updated_at, &x.data.id).cmp(&(&y.meta.updated_at, &y.data.id)));
    let reason = if state == StageState::NotApplicable {
        reason
    } else {
        ""
    };
    match newest {
        Some(m) => {
            let row = prepare_entity(
                StageMark {
                    state,
                    reason: reason.to_string(),
                    ..m.data.clone()
                },
                false,
            )?;
            tx.update(&row)?;
        }
        None => {
            let row = prepare_entity(
                StageMark {
                    id: uuid_v7(),
                    assessment_id: doc.assessment.data.id.clone(),
                    stage: stage.to_string(),
                    state,
                    reason: reason.to_string(),
                },
                true,
            )?;
            tx.insert(&row)?;
        }
    }
    Ok(())
}

/// Sets the assessment's status (completing or reopening it).
fn put_status(tx: &mut WriteTx, doc: &AssessmentDocument, status: AssessmentStatus) -> Result<()> {
    let row = Assessment {
        status,
        ..doc.assessment.data.clone()
    };
    tx.update(&row)?;
    Ok(())
}

fn mark(store: &mut Store, p: &MarkStageParams) -> Result<AssessmentProgress> {
    let doc = document::export(store, &p.assessment_id)?;
    let now = progress_of(&doc);
    let Some(stage) = now.stages.iter().find(|s| s.stage == p.stage) else {
        let known = match doc.assessment.data.kind {
            AssessmentKind::Quick => QUICK_STAGES.join(", "),
            AssessmentKind::Detailed => format!("{}, report", DETAILED_TASKS.join(", ")),
        };
        return Err(ApiError::new(
            ErrorCode::InvalidInput,
            format!("unknown stage {:?}; the stages are {known}", p.stage),
        ));
    };
    let completed = doc.assessment.data.status == AssessmentStatus::Completed;
    match (p.stage.as_str(), p.state) {
        ("report", StageState::Done) => {
            if completed {
                return Ok(now);
            }
            if !stage.missing.is_empty() {
                return Err(incomplete(stage));
            }
            store.write(|tx| {
                put_status(tx, &doc, AssessmentStatus::Completed)?;
                put_mark(tx, &doc, "report", StageState::Done, "")
            })?;
        }
        ("report", StageState::Open) => {
            if !completed {
                return Ok(now);
            }
            // The status first: the mark is a row of an assessment open again.
            store.write(|tx| {
                put_status(tx, &doc, AssessmentStatus::InProgress)?;
                put_mark(tx, &doc, "report", StageState::Open, "")
            })?;
        }
        ("report", StageState::NotApplicable) => {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "the report stage cannot be not applicable",
            ));
        }
        (_, state) => {
            if completed {
                return Err(completed_error(&p.assessment_id));
            }
            if state == StageState::Done
                && stage.status != StageStatus::Done
                && !stage.missing.is_empty()
            {
                return Err(incomplete(stage));
            }
            store.write(|tx| put_mark(tx, &doc, &p.stage, state, &p.reason))?;
        }
    }
    Ok(progress_of(&document::export(store, &p.assessment_id)?))
}

impl Api {
    /// The chains from each waste stream to its causes, options, actions and monitored
    /// indicators, and the gaps in them (see [`sxsh_domain::trace`]).
    pub fn trace(&self, assessment_id: &str) -> Result<sxsh_domain::trace::Traceability> {
        self.with(|s| {
            let doc = document::export(s, assessment_id)?;
            Ok(sxsh_domain::trace::trace(&sxsh_domain::trace::TraceRows {
                waste_streams: &data(&doc.waste_streams),
                causes: &data(&doc.causes),
                options: &data(&doc.options),
                actions: &data(&doc.actions),
                monitoring: &data(&doc.monitoring_records),
            }))
        })
    }

    /// Where each stage (quick) or task (detailed) of an assessment stands, and who completed
    /// or reopened it.
    pub fn progress(&self, assessment_id: &str) -> Result<AssessmentProgress> {
        self.with(|s| Ok(progress_of(&document::export(s, assessment_id)?)))
    }

    /// Marks a stage (see [`MarkStageParams`]) and returns the progress after it.
    /// `STAGE_INCOMPLETE` when a stage marked done lacks something it needs (an earlier stage
    /// not done, for one); `ASSESSMENT_COMPLETED` for a stage of a completed assessment other
    /// than reopening it.
    pub fn mark_stage(&self, p: &MarkStageParams) -> Result<AssessmentProgress> {
        self.with(|s| mark(s, p))
    }
}

/// New ids for copied rows: every old id of `rows` mapped to a new UUIDv7.
fn new_ids<T: Table>(rows: &[Stored<T>], ids: &mut std::collections::HashMap<String, String>) {
    for r in rows {
        ids.insert(r.data.id().to_string(), uuid_v7());
    }
}

/// A copy of `row` in assessment `aid`: its id and every reference to a copied row (a step, an
/// option, the owner of a photo, …) replaced by the copy's; `edit` changes it further.
fn copied<T: Table>(
    row: &T,
    aid: &str,
    ids: &std::collections::HashMap<String, String>,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> Result<T> {
    use serde_json::Value;
    let bad = |e: serde_json::Error| ApiError::new(ErrorCode::Internal, e.to_string());
    let Value::Object(mut m) = serde_json::to_value(row).map_err(bad)? else {
        return Err(ApiError::new(ErrorCode::Internal, "a row is not an object"));
    };
    let map = |v: &mut Value| {
        if let Value::String(s) = v
            && let Some(n) = ids.get(s.as_str())
        {
            *s = n.clone();
        }
    };
    for v in m.values_mut() {
        match v {
            Value::Array(items) => items.iter_mut().for_each(map),
            v => map(v),
        }
    }
    m.insert("assessment_id".into(), Value::String(aid.to_string()));
    edit(&mut m);
    serde_json::from_value(Value::Object(m)).map_err(bad)
}

/// Inserts copies of `rows` into assessment `aid` (see [`copied`]).
fn copy_all<T: Table>(
    tx: &mut WriteTx,
    rows: &[Stored<T>],
    aid: &str,
    ids: &std::collections::HashMap<String, String>,
    edit: impl Fn(&mut serde_json::Map<String, serde_json::Value>),
) -> Result<()> {
    for r in rows {
        let row = prepare_entity(copied(&r.data, aid, ids, &edit)?, false)?;
        tx.insert(&row)?;
    }
    Ok(())
}

/// The title of the new assessment: `what — enterprise, cycle n`.
fn cycle_title(
    lang: crate::i18n::Lang,
    kind: AssessmentKind,
    enterprise: &str,
    cycle: i64,
) -> String {
    use crate::i18n::Lang;
    match (lang, kind) {
        (Lang::Vi, AssessmentKind::Detailed) => {
            format!("Đánh giá SXSH chi tiết — {enterprise}, chu kỳ {cycle}")
        }
        (Lang::En, AssessmentKind::Detailed) => {
            format!("Detailed CP assessment — {enterprise}, cycle {cycle}")
        }
        (Lang::Vi, AssessmentKind::Quick) => format!("Đánh giá nhanh — {enterprise}"),
        (Lang::En, AssessmentKind::Quick) => format!("Quick assessment — {enterprise}"),
    }
}

impl Api {
    /// NV18: completes this cycle of a detailed assessment (every task done or not applicable,
    /// as completing asks) and starts the next, with the team, the process steps and the
    /// baseline (the assessment's baseline fields and every flow) copied; no step is the
    /// focus yet. This cycle is then read-only. One transaction: all of it or nothing.
    pub fn next_cycle(&self, assessment_id: &str) -> Result<Stored<Assessment>> {
        let lang = self.lang()?;
        self.with(|s| {
            let doc = document::export(s, assessment_id)?;
            let a = &doc.assessment.data;
            if a.kind != AssessmentKind::Detailed {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    "only a detailed assessment has cycles",
                ));
            }
            let now = progress_of(&doc);
            let report = now.stages.iter().find(|s| s.stage == "report");
            if let Some(r) = report
                && a.status != AssessmentStatus::Completed
                && !r.missing.is_empty()
            {
                return Err(incomplete(r));
            }
            let mut ids = std::collections::HashMap::new();
            new_ids(&doc.team_members, &mut ids);
            new_ids(&doc.process_steps, &mut ids);
            new_ids(&doc.flows, &mut ids);
            let next = prepare_entity(
                Assessment {
                    id: uuid_v7(),
                    cycle: (a.cycle + 1).min(100),
                    title: cycle_title(lang, a.kind, &doc.enterprise.data.name, a.cycle + 1),
                    status: AssessmentStatus::InProgress,
                    start_date: None,
                    end_date: None,
                    focus_recommendation: String::new(),
                    next_steps: String::new(),
                    sustaining_measures: String::new(),
                    ..a.clone()
                },
                true,
            )?;
            let aid = next.id.clone();
            let stored = s.write(|tx| {
                if a.status != AssessmentStatus::Completed {
                    put_status(tx, &doc, AssessmentStatus::Completed)?;
                    put_mark(tx, &doc, "report", StageState::Done, "")?;
                }
                let stored = tx.insert(&next)?;
                copy_all(tx, &doc.team_members, &aid, &ids, |_| {})?;
                copy_all(tx, &doc.process_steps, &aid, &ids, |m| {
                    m.insert("is_focus".into(), false.into());
                })?;
                copy_all(tx, &doc.flows, &aid, &ids, |_| {})?;
                Ok::<_, ApiError>(stored)
            })?;
            Ok(stored)
        })
    }

    /// Continues a quick assessment as a detailed one of the same enterprise and cycle,
    /// carrying its baseline (fields and site flows), team, checklist findings with their
    /// notes and photos, observations and options. The quick assessment stays as it is.
    pub fn continue_detailed(&self, quick_id: &str) -> Result<Stored<Assessment>> {
        let lang = self.lang()?;
        self.with(|s| {
            let doc = document::export(s, quick_id)?;
            let a = &doc.assessment.data;
            if a.kind != AssessmentKind::Quick {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    "only a quick assessment continues as a detailed one",
                ));
            }
            let mut ids = std::collections::HashMap::new();
            new_ids(&doc.team_members, &mut ids);
            new_ids(&doc.flows, &mut ids);
            new_ids(&doc.options, &mut ids);
            new_ids(&doc.checklist_responses, &mut ids);
            new_ids(&doc.observations, &mut ids);
            new_ids(&doc.attachments, &mut ids);
            let next = prepare_entity(
                Assessment {
                    id: uuid_v7(),
                    kind: AssessmentKind::Detailed,
                    title: cycle_title(
                        lang,
                        AssessmentKind::Detailed,
                        &doc.enterprise.data.name,
                        a.cycle,
                    ),
                    status: AssessmentStatus::InProgress,
                    start_date: None,
                    end_date: None,
                    next_steps: String::new(),
                    sustaining_measures: String::new(),
                    ..a.clone()
                },
                true,
            )?;
            let aid = next.id.clone();
            // Photos of the assessment itself (the site) come along too.
            ids.insert(a.id.clone(), aid.clone());
            let site_flows: Vec<Stored<Flow>> = doc
                .flows
                .iter()
                .filter(|f| f.data.step_id.is_none())
                .cloned()
                .collect();
            // Photos of the rows carried over (the files are shared: stored once by content).
            let photos: Vec<Stored<Attachment>> = doc
                .attachments
                .iter()
                .filter(|p| ids.contains_key(&p.data.owner_id))
                .cloned()
                .collect();
            s.write(|tx| {
                let stored = tx.insert(&next)?;
                copy_all(tx, &doc.team_members, &aid, &ids, |_| {})?;
                copy_all(tx, &site_flows, &aid, &ids, |_| {})?;
                copy_all(tx, &doc.options, &aid, &ids, |_| {})?;
                copy_all(tx, &doc.checklist_responses, &aid, &ids, |_| {})?;
                copy_all(tx, &doc.observations, &aid, &ids, |_| {})?;
                copy_all(tx, &photos, &aid, &ids, |_| {})?;
                Ok::<_, ApiError>(stored)
            })
        })
    }
}
