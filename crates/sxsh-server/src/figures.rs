//! The office server's synced rows as the calculation engine's [`Repository`], so the office
//! computes every figure and roll-up with the same `sxsh_domain::calc` code as the devices.
//!
//! The server keeps field versions, not tables: a row is the winner of each of its fields
//! (the greatest stamp among the field's own heads and the row's inserts no op of that field
//! replaced), exactly as `storage::winner` decides one field. [`Snapshot::load`] reads the
//! heads of every entity the figures need in one read transaction, materialises the live rows
//! (those whose `deleted` is not true) the account may see, and parses them as the domain's
//! model types.

use crate::db::{Backend, Tx};
use crate::error::{Result, ServerError};
use crate::storage::Account;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use sxsh_domain::model::{
    Action, Assessment, AwarenessSurvey, Cause, ChecklistResponse, CpOption, Enterprise, Flow,
    MonitoringRecord, Observation, ProcessStep, Programme, Review, SupportRecord, TeamMember,
    TrainingEvent, WasteStream,
};
use sxsh_domain::repo::{
    AssessmentRows, MonitoringRow, OfficeRecords, OptionRow, Repository, RollupAssessmentRow,
    RollupFilter,
};

/// Every live row the figures read, as of one moment.
#[derive(Debug, Default)]
pub struct Snapshot {
    enterprises: BTreeMap<String, Enterprise>,
    programmes: BTreeMap<String, Programme>,
    assessments: BTreeMap<String, Assessment>,
    steps: HashMap<String, Vec<ProcessStep>>,
    flows: HashMap<String, Vec<Flow>>,
    waste_streams: HashMap<String, Vec<WasteStream>>,
    options: HashMap<String, Vec<CpOption>>,
    /// Per option, in the stored form a roll-up reads: assessment, techniques and savings as
    /// JSON text, the status code.
    option_rows: Vec<(String, String, String, &'static str, CpOption)>,
    monitoring: Vec<MonitoringRow>,
    monitoring_records: HashMap<String, Vec<MonitoringRecord>>,
    /// The office's reviews, by assessment.
    reviews: HashMap<String, Vec<Review>>,
    /// The office's training events, awareness surveys and support records.
    trainings: Vec<TrainingEvent>,
    surveys: Vec<AwarenessSurvey>,
    support: Vec<SupportRecord>,
}

/// The live rows of `entity` the account may see (all with `None`), by id: each field's
/// winning value.
fn live_rows(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
) -> Result<BTreeMap<String, Map<String, Value>>> {
    let (account, all) = match scope {
        Some(a) => (a.id.clone(), i64::from(a.sees_all())),
        None => (String::new(), 1),
    };
    // An insert's head whose row is its op's fields (see `storage::head_value`) comes with
    // that op's body.
    let heads = tx.query(
        &format!(
            "SELECT h.row_id, h.field, h.hlc, h.value, o.body FROM field_heads h
             LEFT JOIN ops o ON h.field = '*' AND h.value = '' AND o.op_id = h.op_id
             WHERE h.entity = $1 AND {}",
            crate::storage::visible("h")
        ),
        &[entity.into(), account.into(), all.into()],
    )?;
    let superseded: HashSet<(String, String, String)> = tx
        .query(
            "SELECT row_id, field, hlc FROM field_superseded WHERE entity = $1",
            &[entity.into()],
        )?
        .into_iter()
        .map(|r| {
            let mut r = r.into_iter().map(|v| v.into_text());
            (
                r.next().unwrap_or_default(),
                r.next().unwrap_or_default(),
                r.next().unwrap_or_default(),
            )
        })
        .collect();

    /// The versions of one row: its inserts (whole rows) and each field's latest head.
    #[derive(Default)]
    struct Versions {
        inserts: Vec<(String, Map<String, Value>)>,
        fields: HashMap<String, (String, Value)>,
    }
    let mut rows: BTreeMap<String, Versions> = BTreeMap::new();
    for r in heads {
        let body = r[4].text().map(str::to_string);
        let mut r = r.into_iter().map(|v| v.into_text());
        let (row_id, field, hlc, value) = (
            r.next().unwrap_or_default(),
            r.next().unwrap_or_default(),
            r.next().unwrap_or_default(),
            r.next().unwrap_or_default(),
        );
        let value: Value = match body {
            Some(body) => crate::storage::insert_fields(&body)?,
            None => serde_json::from_str(&value)?,
        };
        let v = rows.entry(row_id).or_default();
        if field == crate::storage::ROW {
            if let Value::Object(m) = value {
                v.inserts.push((hlc, m));
            }
        } else if v.fields.get(&field).is_none_or(|(best, _)| *best < hlc) {
            v.fields.insert(field, (hlc, value));
        }
    }
    let mut out = BTreeMap::new();
    for (row_id, v) in rows {
        let mut names: Vec<&String> = v.fields.keys().collect();
        for (_, m) in &v.inserts {
            names.extend(m.keys());
        }
        names.sort();
        names.dedup();
        let mut row = Map::new();
        for name in names
            .into_iter()
            .chain(std::iter::once(&"deleted".to_string()))
        {
            let mut best: Option<(&str, Value)> = v
                .fields
                .get(name)
                .map(|(hlc, value)| (hlc.as_str(), value.clone()));
            for (hlc, m) in &v.inserts {
                let replaced = superseded.contains(&(row_id.clone(), name.clone(), hlc.clone()));
                if !replaced && best.as_ref().is_none_or(|(b, _)| *b < hlc.as_str()) {
                    let value = m.get(name).cloned().unwrap_or(if name == "deleted" {
                        Value::Bool(false)
                    } else {
                        Value::Null
                    });
                    best = Some((hlc, value));
                }
            }
            if let Some((_, value)) = best {
                row.insert(name.clone(), value);
            }
        }
        if row.remove("deleted") != Some(Value::Bool(true)) && !row.is_empty() {
            out.insert(row_id, row);
        }
    }
    Ok(out)
}

/// The live rows of `T`'s entity as `T`, by id.
fn typed<T: DeserializeOwned>(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
) -> Result<BTreeMap<String, T>> {
    live_rows(tx, entity, scope)?
        .into_iter()
        .map(|(id, row)| {
            serde_json::from_value(Value::Object(row))
                .map(|t| (id.clone(), t))
                .map_err(|e| ServerError::internal(format!("{entity} {id} as stored: {e}")))
        })
        .collect()
}

/// Every live row of `entity` as `T` (all accounts' rows), in one read transaction.
pub fn live_of<T: DeserializeOwned>(db: &impl Backend, entity: &str) -> Result<Vec<T>> {
    db.read(|tx| Ok(typed::<T>(tx, entity, None)?.into_values().collect()))
}

/// The rows of a child entity grouped by their assessment, each group ordered by id.
fn by_assessment<T: DeserializeOwned>(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
    assessment_of: impl Fn(&T) -> &str,
) -> Result<HashMap<String, Vec<T>>> {
    let mut out: HashMap<String, Vec<T>> = HashMap::new();
    for (_, row) in typed::<T>(tx, entity, scope)? {
        out.entry(assessment_of(&row).to_string())
            .or_default()
            .push(row);
    }
    Ok(out)
}

/// The live rows of `entity` under assessment `id`, as `scope` may see them, ordered by id.
fn under_assessment<T: DeserializeOwned>(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
    id: &str,
    assessment_of: impl Fn(&T) -> &str,
) -> Result<Vec<T>> {
    Ok(typed::<T>(tx, entity, scope)?
        .into_values()
        .filter(|r| assessment_of(r) == id)
        .collect())
}

/// The rows a report of assessment `id` reads, as `scope` may see them, and the figures'
/// rows of it (`None` when the scope holds no live assessment `id`).
pub fn report_rows(
    db: &impl Backend,
    scope: Option<&Account>,
    id: &str,
) -> Result<Option<(sxsh_report::build::ReportRows, AssessmentRows)>> {
    let snap = Snapshot::load(db, scope)?;
    let Ok(Some(rows)) = snap.assessment_rows(id) else {
        return Ok(None);
    };
    let Some(enterprise) = snap
        .enterprises
        .get(&rows.assessment.enterprise_id)
        .cloned()
    else {
        return Ok(None);
    };
    let programme = rows
        .assessment
        .programme_id
        .as_ref()
        .and_then(|p| snap.programmes.get(p))
        .map(|p| p.name.clone());
    db.read(|tx| {
        let report = sxsh_report::build::ReportRows {
            programme,
            enterprise,
            assessment: rows.assessment.clone(),
            team: under_assessment(tx, "team_member", scope, id, |r: &TeamMember| {
                &r.assessment_id
            })?,
            steps: rows.steps.clone(),
            flows: rows.flows.clone(),
            waste_streams: rows.waste_streams.clone(),
            causes: under_assessment(tx, "cause", scope, id, |r: &Cause| &r.assessment_id)?,
            options: rows.options.clone(),
            actions: under_assessment(tx, "action", scope, id, |r: &Action| &r.assessment_id)?,
            monitoring: rows.monitoring.clone(),
            checklist_responses: under_assessment(
                tx,
                "checklist_response",
                scope,
                id,
                |r: &ChecklistResponse| &r.assessment_id,
            )?,
            observations: under_assessment(tx, "observation", scope, id, |r: &Observation| {
                &r.assessment_id
            })?,
        };
        Ok(Some((report, rows.clone())))
    })
}

impl Snapshot {
    /// Reads every live row the figures need, as `scope` may see them (everything with
    /// `None`), in one read transaction.
    pub fn load(db: &impl Backend, scope: Option<&Account>) -> Result<Snapshot> {
        db.read(|tx| {
            let options = by_assessment(tx, "option", scope, |o: &CpOption| &o.assessment_id)?;
            let monitoring_records =
                by_assessment(tx, "monitoring_record", scope, |m: &MonitoringRecord| {
                    &m.assessment_id
                })?;
            let mut option_rows = Vec::new();
            for list in options.values() {
                for o in list {
                    option_rows.push((
                        o.assessment_id.clone(),
                        serde_json::to_string(&o.techniques)?,
                        serde_json::to_string(&o.savings)?,
                        o.status.code(),
                        o.clone(),
                    ));
                }
            }
            Ok(Snapshot {
                enterprises: typed(tx, "enterprise", scope)?,
                programmes: typed(tx, "programme", scope)?,
                assessments: typed(tx, "assessment", scope)?,
                steps: by_assessment(tx, "process_step", scope, |s: &ProcessStep| {
                    &s.assessment_id
                })?,
                flows: by_assessment(tx, "flow", scope, |f: &Flow| &f.assessment_id)?,
                waste_streams: by_assessment(tx, "waste_stream", scope, |w: &WasteStream| {
                    &w.assessment_id
                })?,
                monitoring: monitoring_records
                    .values()
                    .flatten()
                    .map(|m| MonitoringRow {
                        assessment_id: m.assessment_id.clone(),
                        unit: m.unit.clone(),
                        baseline: m.baseline,
                        after: m.after,
                    })
                    .collect(),
                monitoring_records,
                reviews: by_assessment(tx, "review", scope, |r: &Review| &r.assessment_id)?,
                trainings: typed(tx, "training_event", scope)?.into_values().collect(),
                surveys: typed(tx, "awareness_survey", scope)?
                    .into_values()
                    .collect(),
                support: typed(tx, "support_record", scope)?.into_values().collect(),
                options,
                option_rows,
            })
        })
    }

    /// The live enterprises it holds.
    pub fn enterprises(&self) -> impl Iterator<Item = &Enterprise> {
        self.enterprises.values()
    }

    /// A live enterprise.
    pub fn enterprise(&self, id: &str) -> Option<&Enterprise> {
        self.enterprises.get(id)
    }

    /// The live programmes it holds.
    pub fn programmes(&self) -> impl Iterator<Item = &Programme> {
        self.programmes.values()
    }

    /// The live assessments it holds.
    pub fn assessments(&self) -> impl Iterator<Item = &Assessment> {
        self.assessments.values()
    }

    /// The office's reviews of assessment `id`, oldest first.
    pub fn reviews_of(&self, id: &str) -> Vec<&Review> {
        let mut v: Vec<&Review> = self
            .reviews
            .get(id)
            .map(|r| r.iter().collect())
            .unwrap_or_default();
        v.sort_by(|a, b| (&a.reviewed_at, &a.id).cmp(&(&b.reviewed_at, &b.id)));
        v
    }

    /// The office's training events it holds.
    pub fn trainings(&self) -> &[TrainingEvent] {
        &self.trainings
    }

    /// The office's awareness surveys it holds.
    pub fn surveys(&self) -> &[AwarenessSurvey] {
        &self.surveys
    }

    /// The office's support records it holds.
    pub fn support(&self) -> &[SupportRecord] {
        &self.support
    }

    /// How many live assessments it holds.
    pub fn assessment_count(&self) -> usize {
        self.assessments.len()
    }
}

impl Repository for Snapshot {
    type Error = std::convert::Infallible;

    fn assessment_rows(
        &self,
        id: &str,
    ) -> std::result::Result<Option<AssessmentRows>, Self::Error> {
        let Some(a) = self.assessments.get(id) else {
            return Ok(None);
        };
        Ok(Some(AssessmentRows {
            sector: self
                .enterprises
                .get(&a.enterprise_id)
                .map(|e| e.sector.clone())
                .unwrap_or_default(),
            steps: self.steps.get(id).cloned().unwrap_or_default(),
            flows: self.flows.get(id).cloned().unwrap_or_default(),
            waste_streams: self.waste_streams.get(id).cloned().unwrap_or_default(),
            options: self.options.get(id).cloned().unwrap_or_default(),
            monitoring: self.monitoring_records.get(id).cloned().unwrap_or_default(),
            assessment: a.clone(),
        }))
    }

    fn programme(&self, id: &str) -> std::result::Result<Option<Programme>, Self::Error> {
        Ok(self.programmes.get(id).cloned())
    }

    fn sectors(&self) -> std::result::Result<Vec<String>, Self::Error> {
        let mut s: Vec<String> = self
            .enterprises
            .values()
            .map(|e| e.sector.clone())
            .collect();
        s.sort();
        s.dedup();
        Ok(s)
    }

    fn rollup_assessments(
        &self,
        f: &RollupFilter,
    ) -> std::result::Result<Vec<RollupAssessmentRow>, Self::Error> {
        Ok(self
            .assessments
            .values()
            .filter(|a| {
                self.enterprises
                    .get(&a.enterprise_id)
                    .is_some_and(|e| f.covers(a, e))
            })
            .map(RollupAssessmentRow::of)
            .collect())
    }

    fn rollup_monitoring(&self) -> std::result::Result<Vec<MonitoringRow>, Self::Error> {
        Ok(self.monitoring.clone())
    }

    fn rollup_reviews(
        &self,
    ) -> std::result::Result<Vec<(String, sxsh_domain::model::ReviewState)>, Self::Error> {
        Ok(sxsh_domain::model::review_states(
            self.reviews.values().flatten(),
        ))
    }

    fn office_records(&self) -> std::result::Result<OfficeRecords, Self::Error> {
        Ok(OfficeRecords {
            trainings: self.trainings.clone(),
            surveys: self.surveys.clone(),
            support: self.support.clone(),
            places: self
                .enterprises
                .values()
                .map(|e| (e.id.clone(), (e.province.clone(), e.sector.clone())))
                .collect(),
        })
    }

    fn fold_options<A: Send>(
        &self,
        init: &(dyn Fn() -> A + Sync),
        fold: &(dyn Fn(&mut A, OptionRow<'_>) + Sync),
    ) -> std::result::Result<Vec<A>, Self::Error> {
        let mut acc = init();
        for (aid, techniques, savings, status, o) in &self.option_rows {
            fold(
                &mut acc,
                OptionRow {
                    assessment_id: aid,
                    techniques,
                    selected: o.selected,
                    status,
                    screening: o.screening.map(|s| s.code()),
                    investment_vnd: o.investment_vnd,
                    savings,
                    opex_change_vnd: o.opex_change_vnd,
                    life_years: o.life_years,
                },
            );
        }
        Ok(vec![acc])
    }
}
