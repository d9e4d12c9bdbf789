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
use sxsh_store::{Store, WriteTx};

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
