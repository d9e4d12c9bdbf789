//! The reference data shipped in `assets/reference`, parsed once per process.

use std::sync::OnceLock;
use sxsh_domain::reference::{ChecklistItem, Reference};

/// The parsed reference data (see `sxsh_domain::reference::builtin`).
pub fn get() -> &'static Reference {
    sxsh_domain::reference::builtin()
}

pub use sxsh_domain::reference::{checklist_codes, checklist_item, checklists};

/// A sector checklist as the UI shows it: its file `code` (what an assessment's `checklists`
/// holds) with the parsed checklist.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct UiChecklist {
    pub code: String,
    pub id: String,
    pub title_vi: String,
    pub title_en: String,
    pub items: Vec<ChecklistItem>,
}

/// A code with its names in both languages.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Named {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// A grid emission factor year the UI offers.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct GridYear {
    pub year: i64,
    /// tCO2/MWh.
    pub value: f64,
    pub official: bool,
}

/// The reference data the UI needs: checklists, their areas, CP techniques, sectors, grid
/// factor years, fuels and unit codes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct UiReference {
    pub checklists: Vec<UiChecklist>,
    pub areas: Vec<Named>,
    pub techniques: Vec<sxsh_domain::reference::Technique>,
    pub sectors: Vec<Named>,
    pub grid_years: Vec<GridYear>,
    pub default_grid_year: i64,
    pub fuels: Vec<Named>,
    pub units: Vec<String>,
    /// Categories of waste causes (NV7).
    pub cause_categories: Vec<sxsh_domain::reference::CauseCategory>,
    /// The criteria of the focus selection matrix (NV3).
    pub focus_criteria: Vec<Named>,
    /// The 6 steps of the detailed assessment, with their tasks.
    pub steps: Vec<UiStep>,
    /// The 18 tasks NV1–NV18 as the methodology words them.
    pub tasks: Vec<UiTask>,
}

/// One of the 6 steps of the detailed assessment (`methodology.json`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct UiStep {
    pub step: i64,
    pub name_vi: String,
    pub name_en: String,
    /// Task ids, in order.
    pub tasks: Vec<String>,
}

/// One task NV1–NV18: what it is for, its worksheet and what it gives (`methodology.json`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct UiTask {
    pub id: String,
    pub step: i64,
    pub name_vi: String,
    pub name_en: String,
    pub purpose_vi: String,
    pub purpose_en: String,
    pub worksheet_vi: String,
    pub worksheet_en: String,
    pub output_vi: String,
    pub output_en: String,
}

/// The criteria of NV3's focus selection (`methodology.json`).
fn focus_criteria() -> Vec<Named> {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../../../assets/reference/methodology.json"))
            .expect("methodology.json is checked by the reference loader");
    v["tasks"]
        .as_array()
        .and_then(|a| a.iter().find(|t| t["id"] == "NV3"))
        .and_then(|t| t["focus_criteria"].as_array())
        .map(|cs| {
            cs.iter()
                .map(|c| Named {
                    code: c["code"].as_str().unwrap_or_default().to_string(),
                    name_vi: c["vi"].as_str().unwrap_or_default().to_string(),
                    name_en: c["en"].as_str().unwrap_or_default().to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The steps and tasks of `assets/reference/methodology.json`.
fn methodology() -> (Vec<UiStep>, Vec<UiTask>) {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("../../../assets/reference/methodology.json"))
            .expect("methodology.json is checked by the reference loader");
    let text = |x: &serde_json::Value, k: &str| x[k].as_str().unwrap_or_default().to_string();
    let steps = v["steps"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| UiStep {
                    step: s["step"].as_i64().unwrap_or_default(),
                    name_vi: text(s, "name_vi"),
                    name_en: text(s, "name_en"),
                    tasks: s["tasks"]
                        .as_array()
                        .map(|t| {
                            t.iter()
                                .filter_map(|x| x.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let tasks = v["tasks"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|t| UiTask {
                    id: text(t, "id"),
                    step: t["step"].as_i64().unwrap_or_default(),
                    name_vi: text(t, "name_vi"),
                    name_en: text(t, "name_en"),
                    purpose_vi: text(t, "purpose_vi"),
                    purpose_en: text(t, "purpose_en"),
                    worksheet_vi: text(t, "worksheet_vi"),
                    worksheet_en: text(t, "worksheet_en"),
                    output_vi: text(t, "output_vi"),
                    output_en: text(t, "output_en"),
                })
                .collect()
        })
        .unwrap_or_default();
    (steps, tasks)
}

pub use sxsh_domain::reference::SECTORS;

/// Names of the checklist areas (`assets/reference/checklist_areas.json`).
fn areas() -> Vec<Named> {
    let v: serde_json::Value = serde_json::from_str(include_str!(
        "../../../assets/reference/checklist_areas.json"
    ))
    .expect("checklist_areas.json is checked by tests");
    v["areas"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(code, names)| Named {
                    code: code.clone(),
                    name_vi: names[0].as_str().unwrap_or(code).to_string(),
                    name_en: names[1].as_str().unwrap_or(code).to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The reference data for the UI, built once per process.
pub fn ui() -> &'static UiReference {
    static UI: OnceLock<UiReference> = OnceLock::new();
    UI.get_or_init(|| {
        use sxsh_domain::format::Lang;
        let r = get();
        UiReference {
            checklists: checklist_codes()
                .zip(checklists())
                .map(|(code, c)| UiChecklist {
                    code: code.to_string(),
                    id: c.id.clone(),
                    title_vi: c.title_vi.clone(),
                    title_en: c.title_en.clone(),
                    items: c.items.clone(),
                })
                .collect(),
            areas: areas(),
            techniques: r.techniques.clone(),
            sectors: SECTORS
                .iter()
                .map(|code| Named {
                    code: code.to_string(),
                    name_vi: sxsh_report::catalog::sector_name(Lang::Vi, code),
                    name_en: sxsh_report::catalog::sector_name(Lang::En, code),
                })
                .collect(),
            grid_years: r
                .grid_factors
                .iter()
                .map(|g| GridYear {
                    year: g.year,
                    value: g.value,
                    official: g.official,
                })
                .collect(),
            default_grid_year: r.default_grid_year,
            fuels: r
                .fuels
                .iter()
                .map(|f| Named {
                    code: f.code.clone(),
                    name_vi: f.name_vi.clone(),
                    name_en: f.name_en.clone(),
                })
                .collect(),
            units: sxsh_domain::units::Unit::ALL
                .iter()
                .map(|u| u.code().to_string())
                .collect(),
            cause_categories: r.cause_categories.clone(),
            focus_criteria: focus_criteria(),
            steps: methodology().0,
            tasks: methodology().1,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_checklist_area_and_sector_has_names() {
        let ui = ui();
        assert_eq!(ui.checklists.len(), 7);
        for c in &ui.checklists {
            for item in &c.items {
                assert!(
                    ui.areas.iter().any(|a| a.code == item.area),
                    "area {} of {} has no name",
                    item.area,
                    item.id
                );
            }
        }
        for s in &ui.sectors {
            assert_ne!(
                s.name_vi, s.code,
                "sector {} has no Vietnamese name",
                s.code
            );
            assert_ne!(s.name_en, s.code, "sector {} has no English name", s.code);
        }
        assert!(ui.grid_years.iter().any(|g| g.year == ui.default_grid_year));
        let beer = ui.checklists.iter().find(|c| c.code == "beer").unwrap();
        let measured = beer.items.iter().find(|i| i.id == "BE-BH-02").unwrap();
        assert_eq!(measured.measure.as_ref().unwrap().unit, "%");
    }

    #[test]
    fn the_six_steps_hold_the_eighteen_tasks_in_order_each_with_its_worksheet() {
        let ui = ui();
        assert_eq!(ui.steps.len(), 6);
        let listed: Vec<&str> = ui
            .steps
            .iter()
            .flat_map(|s| s.tasks.iter().map(String::as_str))
            .collect();
        assert_eq!(listed, sxsh_domain::model::DETAILED_TASKS);
        assert_eq!(ui.focus_criteria.len(), 8);
        assert!(
            ui.focus_criteria
                .iter()
                .all(|c| !c.name_vi.is_empty() && !c.name_en.is_empty())
        );
        for t in &ui.tasks {
            assert!(
                !t.name_vi.is_empty() && !t.purpose_vi.is_empty() && !t.worksheet_vi.is_empty(),
                "{t:?}"
            );
            assert!(!t.name_en.is_empty() && !t.worksheet_en.is_empty(), "{t:?}");
            let step = ui.steps.iter().find(|s| s.step == t.step).unwrap();
            assert!(
                step.tasks.contains(&t.id),
                "{} not in step {}",
                t.id,
                t.step
            );
        }
    }
}
