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
    Action, AdminArea, Assessment, AwarenessSurvey, CaseStudy, Cause, ChecklistResponse, CpOption,
    Enterprise, Flow, MonitoringRecord, Observation, ProcessStep, Programme, Review, SupportRecord,
    TeamMember, TrainingEvent, WasteStream,
};
use sxsh_domain::repo::{
    AssessmentRows, MonitoringRow, OfficeRecords, OptionRow, Repository, RollupAssessmentRow,
    RollupFilter,
};

/// Every live row the figures read, as of one moment.
#[derive(Debug, Default, Clone)]
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
    /// The office's list of administrative areas (reference data: every account reads it).
    areas: Vec<AdminArea>,
    /// The case studies enterprises agreed to publish.
    case_studies: Vec<CaseStudy>,
}

/// The live rows of `entity` the account may see (all with `None`), by id: each field's
/// winning value.
fn live_rows(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
) -> Result<BTreeMap<String, Map<String, Value>>> {
    live_rows_of(tx, entity, scope, None)
}

/// As [`live_rows`], of the rows `only` names when given (read 500 ids a query).
pub(crate) fn live_rows_of(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
    only: Option<&[String]>,
) -> Result<BTreeMap<String, Map<String, Value>>> {
    let Some(ids) = only else {
        return live_rows_in(tx, entity, scope, None);
    };
    let mut out = BTreeMap::new();
    for chunk in ids.chunks(500) {
        out.extend(live_rows_in(tx, entity, scope, Some(chunk))?);
    }
    Ok(out)
}

fn live_rows_in(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
    only: Option<&[String]>,
) -> Result<BTreeMap<String, Map<String, Value>>> {
    let (account, all) = match scope {
        Some(a) => (a.id.clone(), i64::from(a.sees_all())),
        None => (String::new(), 1),
    };
    // `AND h.row_id IN ($4, …)` for the rows asked for.
    let (ids, marks) = match only {
        Some(ids) => (
            ids.iter()
                .map(|i| crate::db::Val::from(i.clone()))
                .collect::<Vec<_>>(),
            (0..ids.len())
                .map(|i| format!("${}", i + 4))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        None => (Vec::new(), String::new()),
    };
    let rows_in = |col: &str| {
        if only.is_some() {
            format!(" AND {col} IN ({marks})")
        } else {
            String::new()
        }
    };
    let mut params: Vec<crate::db::Val> = vec![entity.into(), account.into(), all.into()];
    params.extend(ids.iter().cloned());
    // An insert's head whose row is its op's fields (see `storage::head_value`) comes with
    // that op's body.
    let heads = tx.query(
        &format!(
            "SELECT h.row_id, h.field, h.hlc, h.value, o.body FROM field_heads h
             LEFT JOIN ops o ON h.field = '*' AND h.value = '' AND o.op_id = h.op_id
             WHERE h.entity = $1 AND {}{}",
            crate::storage::visible("h"),
            rows_in("h.row_id")
        ),
        &params,
    )?;
    // The superseded query has no account: its ids start at $2.
    let sup_marks = (0..ids.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let mut sup_params: Vec<crate::db::Val> = vec![entity.into()];
    sup_params.extend(ids);
    let superseded: HashSet<(String, String, String)> = tx
        .query(
            &format!(
                "SELECT row_id, field, hlc FROM field_superseded WHERE entity = $1{}",
                if only.is_some() {
                    format!(" AND row_id IN ({sup_marks})")
                } else {
                    String::new()
                }
            ),
            &sup_params,
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
    parsed(entity, live_rows(tx, entity, scope)?)
}

/// Rows of `entity` (each field's winning value) as `T`, by id.
fn parsed<T: DeserializeOwned>(
    entity: &str,
    rows: BTreeMap<String, Map<String, Value>>,
) -> Result<BTreeMap<String, T>> {
    rows.into_iter()
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

/// Everything the office shows of one assessment: its report's rows, its figures' rows, its
/// reviews and its photos' metadata. Only the rows under that assessment are read
/// (`row_scope.assessment_id`), so a page or a report does not wait for the whole office's rows.
pub struct AssessmentView {
    pub report: sxsh_report::build::ReportRows,
    pub figures: AssessmentRows,
    pub reviews: Vec<Review>,
    pub photos: Vec<sxsh_domain::model::Attachment>,
}

/// The rows of assessment `id` as `scope` may see them, read in `tx`.
pub fn assessment_view(
    tx: &mut dyn Tx,
    scope: Option<&Account>,
    id: &str,
) -> Result<Option<AssessmentView>> {
    let one = |id: &str| [id.to_string()];
    let Some(assessment) = typed_of::<Assessment>(tx, "assessment", scope, &one(id))?
        .into_values()
        .next()
    else {
        return Ok(None);
    };
    let Some(enterprise) =
        typed_of::<Enterprise>(tx, "enterprise", scope, &one(&assessment.enterprise_id))?
            .into_values()
            .next()
    else {
        return Ok(None);
    };
    let programme = match &assessment.programme_id {
        Some(p) => typed_of::<Programme>(tx, "programme", scope, &one(p))?
            .into_values()
            .next()
            .map(|p| p.name),
        None => None,
    };
    let mut under: HashMap<String, Vec<String>> = HashMap::new();
    for r in tx.query(
        "SELECT entity, row_id FROM row_scope WHERE assessment_id = $1 AND entity <> 'assessment'",
        &[id.into()],
    )? {
        let mut r = r.into_iter().map(|v| v.into_text());
        let (entity, row) = (r.next().unwrap_or_default(), r.next().unwrap_or_default());
        under.entry(entity).or_default().push(row);
    }
    // The live rows of `entity` under the assessment, ordered by id.
    fn rows<T: DeserializeOwned>(
        tx: &mut dyn Tx,
        scope: Option<&Account>,
        under: &HashMap<String, Vec<String>>,
        entity: &str,
    ) -> Result<Vec<T>> {
        match under.get(entity) {
            Some(ids) => Ok(typed_of::<T>(tx, entity, scope, ids)?
                .into_values()
                .collect()),
            None => Ok(Vec::new()),
        }
    }
    let figures = AssessmentRows {
        sector: enterprise.sector.clone(),
        steps: rows(tx, scope, &under, "process_step")?,
        flows: rows(tx, scope, &under, "flow")?,
        waste_streams: rows(tx, scope, &under, "waste_stream")?,
        options: rows(tx, scope, &under, "option")?,
        monitoring: rows(tx, scope, &under, "monitoring_record")?,
        assessment: assessment.clone(),
    };
    let report = sxsh_report::build::ReportRows {
        programme,
        enterprise,
        assessment,
        team: rows::<TeamMember>(tx, scope, &under, "team_member")?,
        steps: figures.steps.clone(),
        flows: figures.flows.clone(),
        waste_streams: figures.waste_streams.clone(),
        causes: rows::<Cause>(tx, scope, &under, "cause")?,
        options: figures.options.clone(),
        actions: rows::<Action>(tx, scope, &under, "action")?,
        monitoring: figures.monitoring.clone(),
        checklist_responses: rows::<ChecklistResponse>(tx, scope, &under, "checklist_response")?,
        observations: rows::<Observation>(tx, scope, &under, "observation")?,
    };
    let mut reviews: Vec<Review> = rows(tx, scope, &under, "review")?;
    reviews.sort_by(|a, b| (&a.reviewed_at, &a.id).cmp(&(&b.reviewed_at, &b.id)));
    Ok(Some(AssessmentView {
        report,
        figures,
        reviews,
        photos: rows(tx, scope, &under, "attachment")?,
    }))
}

impl Snapshot {
    /// Reads every live row the figures need, as `scope` may see them (everything with
    /// `None`), in one read transaction.
    pub fn load(db: &impl Backend, scope: Option<&Account>) -> Result<Snapshot> {
        db.read(|tx| Snapshot::load_in(tx, scope))
    }

    /// [`Snapshot::load`] in the read transaction `tx`.
    pub(crate) fn load_in(tx: &mut dyn Tx, scope: Option<&Account>) -> Result<Snapshot> {
        {
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
                // Reference data: read whole whatever the scope.
                areas: typed(tx, "admin_area", None)?.into_values().collect(),
                case_studies: typed(tx, "case_study", scope)?.into_values().collect(),
                options,
                option_rows,
            })
        }
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

    /// A live assessment.
    pub fn assessment(&self, id: &str) -> Option<&Assessment> {
        self.assessments.get(id)
    }

    /// A live programme.
    pub fn programme_row(&self, id: &str) -> Option<&Programme> {
        self.programmes.get(id)
    }

    /// Every review it holds.
    pub fn all_reviews(&self) -> impl Iterator<Item = &Review> {
        self.reviews.values().flatten()
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

    /// The office's list of administrative areas.
    pub fn areas(&self) -> &[AdminArea] {
        &self.areas
    }

    /// The case studies it holds.
    pub fn case_studies(&self) -> &[CaseStudy] {
        &self.case_studies
    }

    /// How many live assessments it holds.
    pub fn assessment_count(&self) -> usize {
        self.assessments.len()
    }
}

impl Snapshot {
    /// The rows of a light snapshot that `sees(entity, id)` lets through.
    pub(crate) fn restricted(&self, sees: impl Fn(&str, &str) -> bool) -> Snapshot {
        fn keep<T: Clone>(
            map: &BTreeMap<String, T>,
            entity: &str,
            sees: &impl Fn(&str, &str) -> bool,
        ) -> BTreeMap<String, T> {
            map.iter()
                .filter(|(id, _)| sees(entity, id))
                .map(|(id, r)| (id.clone(), r.clone()))
                .collect()
        }
        Snapshot {
            enterprises: keep(&self.enterprises, "enterprise", &sees),
            programmes: keep(&self.programmes, "programme", &sees),
            assessments: keep(&self.assessments, "assessment", &sees),
            reviews: self
                .reviews
                .iter()
                .map(|(aid, list)| {
                    let list: Vec<Review> = list
                        .iter()
                        .filter(|r| sees("review", &r.id))
                        .cloned()
                        .collect();
                    (aid.clone(), list)
                })
                .filter(|(_, list)| !list.is_empty())
                .collect(),
            trainings: self
                .trainings
                .iter()
                .filter(|r| sees("training_event", &r.id))
                .cloned()
                .collect(),
            surveys: self
                .surveys
                .iter()
                .filter(|r| sees("awareness_survey", &r.id))
                .cloned()
                .collect(),
            support: self
                .support
                .iter()
                .filter(|r| sees("support_record", &r.id))
                .cloned()
                .collect(),
            areas: self.areas.clone(),
            case_studies: self
                .case_studies
                .iter()
                .filter(|r| sees("case_study", &r.id))
                .cloned()
                .collect(),
            ..Snapshot::default()
        }
    }

    /// Drops the rows only figures of single assessments and full roll-ups read (steps,
    /// flows, waste streams, options, monitoring): what stays is what the portal's pages and
    /// the read model's roll-ups read (enterprises, programmes, assessments, reviews, the
    /// office's records).
    pub(crate) fn lighten(&mut self) {
        self.steps = HashMap::new();
        self.flows = HashMap::new();
        self.waste_streams = HashMap::new();
        self.options = HashMap::new();
        self.option_rows = Vec::new();
        self.monitoring = Vec::new();
        self.monitoring_records = HashMap::new();
    }

    /// The part of every live assessment (its roll-up alone, see
    /// `calc::programme::assessment_part`), from the options and monitoring it holds.
    pub(crate) fn parts(
        &self,
        reference: &sxsh_domain::reference::Reference,
    ) -> HashMap<String, sxsh_domain::calc::programme::AssessmentPart> {
        let mut options: HashMap<&str, Vec<OptionRow<'_>>> = HashMap::new();
        for (aid, techniques, savings, status, o) in &self.option_rows {
            options
                .entry(aid)
                .or_default()
                .push(option_row(aid, techniques, savings, status, o));
        }
        let mut monitoring: HashMap<&str, Vec<MonitoringRow>> = HashMap::new();
        for m in &self.monitoring {
            monitoring
                .entry(&m.assessment_id)
                .or_default()
                .push(m.clone());
        }
        self.assessments
            .values()
            .map(|a| {
                let part = sxsh_domain::calc::programme::assessment_part(
                    reference,
                    &RollupAssessmentRow::of(a, self.enterprises.get(&a.enterprise_id)),
                    monitoring.get(a.id.as_str()).map_or(&[][..], |v| v),
                    options.get(a.id.as_str()).map_or(&[][..], |v| v),
                );
                (a.id.clone(), part)
            })
            .collect()
    }

    /// Reads again the rows `ids` of `entity` (one of those a light snapshot holds): each
    /// live one replaced, each gone removed.
    pub(crate) fn reload(&mut self, tx: &mut dyn Tx, entity: &str, ids: &[String]) -> Result<()> {
        fn patch<T: DeserializeOwned>(
            map: &mut BTreeMap<String, T>,
            tx: &mut dyn Tx,
            entity: &str,
            ids: &[String],
        ) -> Result<()> {
            let rows = typed_of::<T>(tx, entity, None, ids)?;
            for id in ids {
                map.remove(id);
            }
            map.extend(rows);
            Ok(())
        }
        fn patch_list<T: DeserializeOwned>(
            list: &mut Vec<T>,
            tx: &mut dyn Tx,
            entity: &str,
            ids: &[String],
            id_of: impl Fn(&T) -> &str,
        ) -> Result<()> {
            let gone: HashSet<&str> = ids.iter().map(String::as_str).collect();
            list.retain(|r| !gone.contains(id_of(r)));
            list.extend(typed_of::<T>(tx, entity, None, ids)?.into_values());
            Ok(())
        }
        match entity {
            "enterprise" => patch(&mut self.enterprises, tx, entity, ids),
            "programme" => patch(&mut self.programmes, tx, entity, ids),
            "assessment" => patch(&mut self.assessments, tx, entity, ids),
            "review" => {
                for list in self.reviews.values_mut() {
                    list.retain(|r| !ids.contains(&r.id));
                }
                for r in typed_of::<Review>(tx, entity, None, ids)?.into_values() {
                    self.reviews
                        .entry(r.assessment_id.clone())
                        .or_default()
                        .push(r);
                }
                Ok(())
            }
            "training_event" => patch_list(&mut self.trainings, tx, entity, ids, |r| &r.id),
            "awareness_survey" => patch_list(&mut self.surveys, tx, entity, ids, |r| &r.id),
            "support_record" => patch_list(&mut self.support, tx, entity, ids, |r| &r.id),
            "admin_area" => patch_list(&mut self.areas, tx, entity, ids, |r| &r.id),
            "case_study" => patch_list(&mut self.case_studies, tx, entity, ids, |r| &r.id),
            _ => Ok(()),
        }
    }
}

/// The live rows `ids` of `entity` as `T`, as `scope` may see them (all with `None`), by id.
pub(crate) fn typed_of<T: DeserializeOwned>(
    tx: &mut dyn Tx,
    entity: &str,
    scope: Option<&Account>,
    ids: &[String],
) -> Result<BTreeMap<String, T>> {
    parsed(entity, live_rows_of(tx, entity, scope, Some(ids))?)
}

/// An option as a roll-up reads it, borrowed from its stored form.
pub(crate) fn option_row<'a>(
    aid: &'a str,
    techniques: &'a str,
    savings: &'a str,
    status: &'a str,
    o: &CpOption,
) -> OptionRow<'a> {
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
            .filter_map(|a| {
                let e = self.enterprises.get(&a.enterprise_id)?;
                f.covers(a, e).then(|| RollupAssessmentRow::of(a, Some(e)))
            })
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
            places: OfficeRecords::places(self.enterprises.values()),
        })
    }

    fn fold_options<A: Send>(
        &self,
        init: &(dyn Fn() -> A + Sync),
        fold: &(dyn Fn(&mut A, OptionRow<'_>) + Sync),
    ) -> std::result::Result<Vec<A>, Self::Error> {
        let mut acc = init();
        for (aid, techniques, savings, status, o) in &self.option_rows {
            fold(&mut acc, option_row(aid, techniques, savings, status, o));
        }
        Ok(vec![acc])
    }
}
