//! Where an assessment stands, stage by stage: what each stage of the quick assessment needs
//! before the consultant may mark it done, and which stages count as done. A stage is done
//! when the consultant has marked it so, what it needs is there, and every stage before it is
//! done (or not applicable): stages tick in order. The last stage, the report, is done when the
//! assessment is completed; while it is, every stage not marked not applicable counts as done.

use crate::model::{
    Action, Assessment, AssessmentStatus, Cause, ChecklistResponse, CpOption, DETAILED_TASKS,
    Direction, Flow, ImplStatus, MonitoringRecord, ProcessStep, QUICK_STAGES, Screening, StageMark,
    StageState, TeamMember, WasteStream,
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
    /// At least one member of the CP team (NV1).
    TeamMember,
    /// At least one process step (NV2).
    ProcessStep,
    /// Process steps with no input or output entered (NV2).
    StepsWithoutFlows { count: usize },
    /// The focus chosen among the steps (NV3).
    Focus,
    /// An input of the focus step, for its balance (NV5).
    FocusInput,
    /// An output of the focus step, for its balance (NV5).
    FocusOutput,
    /// At least one waste stream (NV6).
    WasteStream,
    /// Waste streams with no cause (NV7).
    WasteWithoutCause { count: usize },
    /// Options not screened (NV9).
    Unscreened { count: usize },
    /// Rejected options with no reason given (NV9).
    RejectedWithoutReason { count: usize },
    /// Options needing study with no technical assessment (NV10): neither notes nor the
    /// whole checklist.
    NoTechnicalNotes { count: usize },
    /// Options (not rejected) whose investment is not known (NV11).
    NoInvestment { count: usize },
    /// Options (not rejected) with no saving entered (NV11, NV12).
    NoSavings { count: usize },
    /// No option selected for implementation (NV13).
    NoSelection,
    /// Options (not rejected) not scored on every selection criterion (NV13).
    Unscored { count: usize },
    /// Selected options with no action planned (NV14).
    SelectedWithoutAction { count: usize },
    /// Selected options not started (NV15).
    NotStarted { count: usize },
    /// At least one monitored indicator, before and after (NV16).
    Monitoring,
    /// The measures that keep CP going (NV17).
    SustainingMeasures,
    /// The next focus, for the next cycle (NV18).
    NextFocus,
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

/// One stage's progress from its mark and needs. `report` is the report stage's state (done
/// exactly when the assessment is completed) instead of its mark's; `None` for other stages.
fn stage_progress(
    stage: &str,
    mark: Option<&MarkRecord>,
    report: Option<Option<StageState>>,
    completed: bool,
    missing: Vec<Missing>,
    started: bool,
) -> StageProgress {
    let state = report.unwrap_or_else(|| mark.map(|m| m.mark.state));
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
    StageProgress {
        stage: stage.to_string(),
        status,
        missing,
        reason: mark.map(|m| m.mark.reason.clone()).unwrap_or_default(),
        marked_by: mark.map(|m| m.by.to_string()).unwrap_or_default(),
        marked_at: mark.map(|m| m.at.to_string()).unwrap_or_default(),
    }
}

/// Whether a stage of `out` is done or not applicable.
fn settled(out: &[StageProgress], code: &str) -> bool {
    out.iter().any(|p| {
        p.stage == code && matches!(p.status, StageStatus::Done | StageStatus::NotApplicable)
    })
}

/// Every stage of a quick assessment, in order.
pub fn quick_progress(r: &QuickRows) -> Vec<StageProgress> {
    let marks = latest_marks(r.marks);
    let completed = r.assessment.status == AssessmentStatus::Completed;
    let mut out: Vec<StageProgress> = Vec::with_capacity(QUICK_STAGES.len());
    for stage in QUICK_STAGES {
        let (mut missing, started) = own_needs(stage, r);
        // The first earlier stage that is not done holds this one back.
        if let Some(before) = QUICK_STAGES
            .iter()
            .take_while(|s| **s != stage)
            .find(|s| !settled(&out, s))
        {
            missing.push(Missing::Stage {
                stage: before.to_string(),
            });
        }
        // The report is done when the assessment is completed; its marks record who
        // completed or reopened it.
        let report = (stage == "report").then_some(completed.then_some(StageState::Done));
        out.push(stage_progress(
            stage,
            marks.get(stage),
            report,
            completed,
            missing,
            started,
        ));
    }
    out
}

/// The rows the detailed-assessment progress is computed from.
#[derive(Debug, Clone, Copy)]
pub struct DetailedRows<'a> {
    pub assessment: &'a Assessment,
    pub team: &'a [TeamMember],
    pub steps: &'a [ProcessStep],
    pub flows: &'a [Flow],
    pub waste_streams: &'a [WasteStream],
    pub causes: &'a [Cause],
    pub options: &'a [CpOption],
    pub actions: &'a [Action],
    pub monitoring: &'a [MonitoringRecord],
    pub marks: &'a [MarkRecord<'a>],
}

/// The tasks a task waits for: the methodology's order where one needs another's result (a
/// focus is chosen before its balance, options are screened before their feasibility…).
pub const TASK_PREREQUISITES: [(&str, &[&str]); 18] = [
    ("NV1", &[]),
    ("NV2", &[]),
    ("NV3", &["NV2"]),
    ("NV4", &["NV3"]),
    ("NV5", &["NV4"]),
    ("NV6", &["NV5"]),
    ("NV7", &["NV6"]),
    ("NV8", &["NV7"]),
    ("NV9", &["NV8"]),
    ("NV10", &["NV9"]),
    ("NV11", &["NV9"]),
    ("NV12", &["NV11"]),
    ("NV13", &["NV10", "NV11", "NV12"]),
    ("NV14", &["NV13"]),
    ("NV15", &["NV14"]),
    ("NV16", &["NV15"]),
    ("NV17", &["NV16"]),
    ("NV18", &["NV17"]),
];

/// What a task of the detailed assessment itself needs, and whether anything of it is there.
fn task_needs(task: &str, r: &DetailedRows) -> (Vec<Missing>, bool) {
    let mut missing = Vec::new();
    let mut need = |ok: bool, m: Missing| {
        if !ok {
            missing.push(m);
        }
    };
    let count = |n: usize, m: fn(usize) -> Missing| (n == 0, m(n));
    let live: Vec<&CpOption> = r
        .options
        .iter()
        .filter(|o| o.screening != Some(Screening::Reject))
        .collect();
    let selected: Vec<&CpOption> = r.options.iter().filter(|o| o.selected).collect();
    let started = match task {
        "NV1" => {
            need(!r.team.is_empty(), Missing::TeamMember);
            !r.team.is_empty()
        }
        "NV2" | "NV4" => {
            need(!r.steps.is_empty(), Missing::ProcessStep);
            let bare = r
                .steps
                .iter()
                .filter(|s| !r.flows.iter().any(|f| f.step_id.as_deref() == Some(&s.id)))
                .count();
            let (ok, m) = count(bare, |count| Missing::StepsWithoutFlows { count });
            need(ok, m);
            !r.steps.is_empty()
        }
        "NV3" => {
            let chosen = r.steps.iter().any(|s| s.is_focus);
            need(chosen, Missing::Focus);
            chosen || r.steps.iter().any(|s| !s.focus_scores.is_empty())
        }
        "NV5" => {
            let focus: Vec<&str> = r
                .steps
                .iter()
                .filter(|s| s.is_focus)
                .map(|s| s.id.as_str())
                .collect();
            let at_focus = |d: Direction| {
                r.flows.iter().any(|f| {
                    f.direction == d && f.step_id.as_deref().is_some_and(|s| focus.contains(&s))
                })
            };
            need(at_focus(Direction::In), Missing::FocusInput);
            need(at_focus(Direction::Out), Missing::FocusOutput);
            at_focus(Direction::In) || at_focus(Direction::Out)
        }
        "NV6" => {
            need(!r.waste_streams.is_empty(), Missing::WasteStream);
            !r.waste_streams.is_empty()
        }
        "NV7" => {
            need(!r.waste_streams.is_empty(), Missing::WasteStream);
            let bare = r
                .waste_streams
                .iter()
                .filter(|w| {
                    !r.causes
                        .iter()
                        .any(|c| c.waste_stream_id.as_deref() == Some(&w.id))
                })
                .count();
            let (ok, m) = count(bare, |count| Missing::WasteWithoutCause { count });
            need(ok, m);
            !r.causes.is_empty()
        }
        "NV8" => {
            need(!r.options.is_empty(), Missing::Option);
            !r.options.is_empty()
        }
        "NV9" => {
            need(!r.options.is_empty(), Missing::Option);
            let open = r.options.iter().filter(|o| o.screening.is_none()).count();
            let (ok, m) = count(open, |count| Missing::Unscreened { count });
            need(ok, m);
            let silent = r
                .options
                .iter()
                .filter(|o| {
                    o.screening == Some(Screening::Reject) && o.screening_reason.trim().is_empty()
                })
                .count();
            let (ok, m) = count(silent, |count| Missing::RejectedWithoutReason { count });
            need(ok, m);
            r.options.iter().any(|o| o.screening.is_some())
        }
        "NV10" => {
            let open = live
                .iter()
                .filter(|o| {
                    o.screening == Some(Screening::NeedsStudy)
                        && o.technical_notes.trim().is_empty()
                        && o.technical_checks.len() < crate::model::TECHNICAL_CHECK_CODES.len()
                })
                .count();
            let (ok, m) = count(open, |count| Missing::NoTechnicalNotes { count });
            need(ok, m);
            live.iter()
                .any(|o| !o.technical_notes.trim().is_empty() || !o.technical_checks.is_empty())
        }
        "NV11" | "NV12" => {
            let no_money = live
                .iter()
                .filter(|o| o.investment_vnd.is_none() && o.cash_flows_vnd.is_none())
                .count();
            let no_savings = live.iter().filter(|o| o.savings.is_empty()).count();
            let (ok, m) = count(no_money, |count| Missing::NoInvestment { count });
            need(ok, m);
            let (ok, m) = count(no_savings, |count| Missing::NoSavings { count });
            need(ok, m);
            need(!live.is_empty(), Missing::Option);
            live.iter().any(|o| !o.savings.is_empty())
        }
        "NV13" => {
            need(!selected.is_empty(), Missing::NoSelection);
            let criteria = &r.assessment.selection_criteria;
            let unscored = live
                .iter()
                .filter(|o| {
                    criteria
                        .iter()
                        .any(|c| !o.selection_scores.iter().any(|s| s.criterion_id == c.id))
                })
                .count();
            let (ok, m) = count(unscored, |count| Missing::Unscored { count });
            need(ok, m);
            !selected.is_empty()
                || r.options
                    .iter()
                    .any(|o| o.score.is_some() || !o.selection_scores.is_empty())
        }
        "NV14" => {
            need(!selected.is_empty(), Missing::NoSelection);
            let bare = selected
                .iter()
                .filter(|o| {
                    !r.actions
                        .iter()
                        .any(|a| a.option_id.as_deref() == Some(&o.id))
                })
                .count();
            let (ok, m) = count(bare, |count| Missing::SelectedWithoutAction { count });
            need(ok, m);
            !r.actions.is_empty()
        }
        "NV15" => {
            need(!selected.is_empty(), Missing::NoSelection);
            let waiting = selected
                .iter()
                .filter(|o| o.status == ImplStatus::NotStarted)
                .count();
            let (ok, m) = count(waiting, |count| Missing::NotStarted { count });
            need(ok, m);
            selected.iter().any(|o| o.status != ImplStatus::NotStarted)
        }
        "NV16" => {
            need(!r.monitoring.is_empty(), Missing::Monitoring);
            !r.monitoring.is_empty()
        }
        "NV17" => {
            let there = !r.assessment.sustaining_measures.trim().is_empty();
            need(there, Missing::SustainingMeasures);
            there
        }
        "NV18" => {
            let there = !r.assessment.next_steps.trim().is_empty();
            need(there, Missing::NextFocus);
            there
        }
        _ => false,
    };
    (missing, started)
}

/// Every task of a detailed assessment, NV1–NV18, then the report (done when the assessment
/// is completed). A task counts as done when marked done, with what it needs, and every task
/// it waits for ([`TASK_PREREQUISITES`]) done or not applicable; the report waits for all 18.
pub fn detailed_progress(r: &DetailedRows) -> Vec<StageProgress> {
    let marks = latest_marks(r.marks);
    let completed = r.assessment.status == AssessmentStatus::Completed;
    let mut out: Vec<StageProgress> = Vec::with_capacity(DETAILED_TASKS.len() + 1);
    for (task, before) in TASK_PREREQUISITES {
        let (mut missing, started) = task_needs(task, r);
        for b in before.iter().filter(|b| !settled(&out, b)) {
            missing.push(Missing::Stage {
                stage: b.to_string(),
            });
        }
        out.push(stage_progress(
            task,
            marks.get(task),
            None,
            completed,
            missing,
            started,
        ));
    }
    let missing: Vec<Missing> = DETAILED_TASKS
        .iter()
        .filter(|t| !settled(&out, t))
        .map(|t| Missing::Stage {
            stage: t.to_string(),
        })
        .collect();
    let report = completed.then_some(StageState::Done);
    out.push(stage_progress(
        "report",
        marks.get("report"),
        Some(report),
        completed,
        missing,
        false,
    ));
    out
}
