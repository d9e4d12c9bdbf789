//! Where an assessment stands, stage by stage: what each stage of the quick assessment needs
//! before the consultant may mark it done, and which stages count as done. A stage is done
//! when the consultant has marked it so, what it needs is there, and every stage before it is
//! done (or not applicable): stages tick in order. The last stage, the report, is done when the
//! assessment is completed; while it is, every stage not marked not applicable counts as done.

use crate::model::{
    Assessment, AssessmentStatus, ChecklistResponse, CpOption, Direction, Flow, QUICK_STAGES,
    StageMark, StageState,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A stage's mark with who made it and when (the row's bookkeeping).
#[derive(Debug, Clone, Copy)]
pub struct MarkRecord<'a> {
    pub mark: &'a StageMark,
    /// `updated_at` of the mark's row (RFC 3339, so text order is time order).
    pub at: &'a str,
    /// Who made it.
    pub by: &'a str,
}

/// How far one stage is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum StageStatus {
    /// Nothing of it entered yet.
    NotStarted,
    /// Some of it entered; something it needs is missing.
    InProgress,
    /// Everything it needs is there; the consultant has not marked it done.
    Ready,
    /// Marked done, with everything it needs and every stage before it done.
    Done,
    /// Marked not applicable, with a reason.
    NotApplicable,
    /// Marked done, but something it needs is missing now (e.g. a flow deleted since, or an
    /// earlier stage reopened).
    MarkedIncomplete,
}

/// Something a stage needs before it can be marked done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Missing {
    /// The assessment's title.
    Title,
    /// The production of the baseline period, with its unit.
    Production,
    /// At least one input flow (material, water, energy).
    InputFlow,
    /// At least one output flow (product, waste).
    OutputFlow,
    /// At least one checklist chosen for the walk-through.
    Checklist,
    /// Checklist items not answered yet.
    Unanswered { count: usize },
    /// At least one CP option.
    Option,
    /// The recommended focus for a detailed assessment.
    FocusRecommendation,
    /// The next steps agreed with the enterprise.
    NextSteps,
    /// An earlier stage not done (nor marked not applicable).
    Stage { stage: String },
}

/// One stage as the stepper shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct StageProgress {
    /// A [`QUICK_STAGES`] code.
    pub stage: String,
    pub status: StageStatus,
    /// What it needs before it can be marked done (empty when it can be).
    pub missing: Vec<Missing>,
    /// The reason given for "not applicable".
    pub reason: String,
    /// Who last marked it (done, not applicable or open again) and when; empty when unmarked.
    pub marked_by: String,
    pub marked_at: String,
}

/// The rows the quick-assessment progress is computed from.
#[derive(Debug, Clone, Copy)]
pub struct QuickRows<'a> {
    pub assessment: &'a Assessment,
    pub flows: &'a [Flow],
    pub options: &'a [CpOption],
    pub responses: &'a [ChecklistResponse],
    /// Codes of the items of the checklists the assessment has chosen.
    pub items: &'a [String],
    pub marks: &'a [MarkRecord<'a>],
}

/// The newest mark of each stage. Two devices may each have marked a stage offline; the
/// newer mark counts (ties go to the greater row id, so every device picks the same one).
pub fn latest_marks<'a>(marks: &[MarkRecord<'a>]) -> BTreeMap<&'a str, MarkRecord<'a>> {
    let mut out: BTreeMap<&str, MarkRecord> = BTreeMap::new();
    for m in marks {
        let newer = out
            .get(m.mark.stage.as_str())
            .is_none_or(|o| (m.at, m.mark.id.as_str()) > (o.at, o.mark.id.as_str()));
        if newer {
            out.insert(m.mark.stage.as_str(), *m);
        }
    }
    out
}

/// What a stage itself needs, and whether anything of it has been entered.
fn own_needs(stage: &str, r: &QuickRows) -> (Vec<Missing>, bool) {
    let a = r.assessment;
    let has_in = r.flows.iter().any(|f| f.direction == Direction::In);
    let has_out = r.flows.iter().any(|f| f.direction == Direction::Out);
    let mut missing = Vec::new();
    let started = match stage {
        "profile" => {
            if a.title.trim().is_empty() {
                missing.push(Missing::Title);
            }
            if a.production_volume.is_none() || a.production_unit.is_empty() {
                missing.push(Missing::Production);
            }
            if !has_in {
                missing.push(Missing::InputFlow);
            }
            true
        }
        "walk" => {
            if r.items.is_empty() {
                missing.push(Missing::Checklist);
            }
            let answered: std::collections::HashSet<&str> = r
                .responses
                .iter()
                .filter(|x| x.answer.is_some())
                .map(|x| x.item_code.as_str())
                .collect();
            let open = r
                .items
                .iter()
                .filter(|i| !answered.contains(i.as_str()))
                .count();
            if open > 0 {
                missing.push(Missing::Unanswered { count: open });
            }
            !r.responses.is_empty()
        }
        "flows" => {
            if !has_in {
                missing.push(Missing::InputFlow);
            }
            if !has_out {
                missing.push(Missing::OutputFlow);
            }
            !r.flows.is_empty()
        }
        "options" => {
            if r.options.is_empty() {
                missing.push(Missing::Option);
            }
            !r.options.is_empty()
        }
        "focus" => {
            let rec = !a.focus_recommendation.trim().is_empty();
            let next = !a.next_steps.trim().is_empty();
            if !rec {
                missing.push(Missing::FocusRecommendation);
            }
            if !next {
                missing.push(Missing::NextSteps);
            }
            rec || next
        }
        _ => false,
    };
    (missing, started)
}

/// Every stage of a quick assessment, in order.
pub fn quick_progress(r: &QuickRows) -> Vec<StageProgress> {
    let marks = latest_marks(r.marks);
    let completed = r.assessment.status == AssessmentStatus::Completed;
    let mut out: Vec<StageProgress> = Vec::with_capacity(QUICK_STAGES.len());
    for stage in QUICK_STAGES {
        let (mut missing, started) = own_needs(stage, r);
        // The first earlier stage that is not done holds this one back.
        if let Some(before) = out
            .iter()
            .find(|p| !matches!(p.status, StageStatus::Done | StageStatus::NotApplicable))
        {
            missing.push(Missing::Stage {
                stage: before.stage.clone(),
            });
        }
        let mark = marks.get(stage);
        let state = if stage == "report" {
            // The report is done when the assessment is completed; its marks record who
            // completed or reopened it.
            completed.then_some(StageState::Done)
        } else {
            mark.map(|m| m.mark.state)
        };
        let status = match state {
            Some(StageState::NotApplicable) => StageStatus::NotApplicable,
            // Completing is the consultant's word that every stage is done, and a completed
            // assessment does not change (an assessment completed before stages were marked,
            // too). Reopened, each stage shows where it really stands.
            _ if completed => StageStatus::Done,
            Some(StageState::Done) if missing.is_empty() => StageStatus::Done,
            Some(StageState::Done) => StageStatus::MarkedIncomplete,
            _ if missing.is_empty() => StageStatus::Ready,
            _ if started => StageStatus::InProgress,
            _ => StageStatus::NotStarted,
        };
        out.push(StageProgress {
            stage: stage.to_string(),
            status,
            missing,
            reason: mark.map(|m| m.mark.reason.clone()).unwrap_or_default(),
            marked_by: mark.map(|m| m.by.to_string()).unwrap_or_default(),
            marked_at: mark.map(|m| m.at.to_string()).unwrap_or_default(),
        });
    }
    out
}
