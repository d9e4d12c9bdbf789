//! The office's read model: what the portal's dashboard reads, kept in memory and brought up
//! to date from the op log, so a request does not materialise every field version again.
//!
//! It holds a light [`Snapshot`] of every account's rows (enterprises, programmes,
//! assessments, reviews, the office's records) and, per assessment, its
//! [`AssessmentPart`]: the roll-up of that assessment alone. Roll-ups are additive, so a
//! dashboard merges the parts of the assessments its query and the account's scope select
//! (`calc::programme::finish` then makes the same report as `calc::programme::rollup`).
//!
//! The model is keyed by the server's last sequence number. A request reads that number (one
//! query); when ops came since, the rows they touched are read again and the parts of the
//! assessments they belong to computed again; past [`REBUILD_AFTER`] changed rows (a bulk
//! push, a restore) it is built again whole. Several server processes over one PostgreSQL
//! each keep their own, all following the same log, so none serves stale figures.
//!
//! A query by technique or recomputed at one grid year needs the options themselves: it goes
//! through the full `calc::programme::rollup` over the account's snapshot.

use crate::db::{Backend, Tx};
use crate::error::{Result, ServerError};
use crate::figures::{Snapshot, typed_of};
use crate::storage::{self, Account};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use sxsh_domain::calc::breakdown::{BreakdownSum, Place};
use sxsh_domain::calc::programme::{
    AssessmentPart, ReviewCounts, RollupQuery, RollupReport, assessment_part, finish,
};
use sxsh_domain::calc::rollup::Rollup;
use sxsh_domain::model::{CpOption, MonitoringRecord};
use sxsh_domain::reference::Reference;
use sxsh_domain::repo::{MonitoringRow, OfficeRecords, RollupAssessmentRow};

/// Past this many rows changed since the model's sequence, it is built again whole.
pub const REBUILD_AFTER: usize = 20_000;

/// The model as of one sequence number.
#[derive(Debug, Clone)]
pub struct Model {
    pub seq: i64,
    /// Every account's rows the pages read (no options or worksheets).
    pub snap: Snapshot,
    /// Per live assessment, its roll-up alone.
    pub parts: HashMap<String, AssessmentPart>,
    /// The parts merged by everything a query filters on (made again after each change): a
    /// dashboard of an account that sees everything merges the groups its query selects.
    groups: Vec<Group>,
}

/// What a dashboard's query filters an assessment on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    programme: Option<String>,
    /// The enterprise's province, folded (`text::fold`).
    province: String,
    /// The enterprise's district, folded (a breakdown's group).
    district: String,
    sector: String,
    year: Option<i64>,
    review: Option<sxsh_domain::model::ReviewState>,
}

/// The parts of the live assessments (of live enterprises) with one key, merged.
#[derive(Debug, Clone)]
struct Group {
    key: Key,
    /// The place of its first assessment, as written (the breakdowns' labels).
    place: Place,
    assessments: usize,
    rollup: Rollup,
    uncomputed: usize,
}

/// The read model a server keeps (built on the first request that needs it).
#[derive(Debug, Default)]
pub struct ReadModel {
    state: Mutex<Option<Arc<Model>>>,
}

/// The rows an account may see, by entity; `None`: everything.
pub type Visible = Option<HashMap<String, HashSet<String>>>;

impl ReadModel {
    /// The model as of the database's last sequence number.
    pub fn current<B: Backend>(&self, db: &B) -> Result<Arc<Model>> {
        let reference = sxsh_domain::reference::builtin();
        let mut guard = self
            .state
            .lock()
            .map_err(|_| ServerError::internal("read model lock"))?;
        let next = db.read(|tx| {
            let seq = storage::last_seq(tx)?;
            match guard.take() {
                Some(m) if m.seq == seq => Ok(m),
                Some(mut m) => {
                    update(tx, reference, Arc::make_mut(&mut m), seq)?;
                    Ok(m)
                }
                None => Ok(Arc::new(build(tx, reference, seq)?)),
            }
        })?;
        *guard = Some(next.clone());
        Ok(next)
    }

    /// The dashboard of `query` as `account` sees it: the model's parts merged, or for a query
    /// by technique or at one grid year the full roll-up over the account's snapshot.
    pub fn dashboard<B: Backend>(
        &self,
        db: &B,
        account: &Account,
        query: RollupQuery,
    ) -> Result<RollupReport> {
        let reference = sxsh_domain::reference::builtin();
        if query.technique.is_some() || query.recompute_year.is_some() {
            let snap = Snapshot::load(db, Some(account))?;
            let Ok(r) = sxsh_domain::calc::programme::rollup(&snap, reference, query);
            return Ok(r);
        }
        let model = self.current(db)?;
        let visible = if account.sees_all() {
            None
        } else {
            Some(db.read(|tx| visible_rows(tx, account))?)
        };
        Ok(model.rollup(reference, query, &visible))
    }
}

/// The pages' rows as one account sees them: the model's own snapshot for an account that
/// sees everything, else a copy restricted to the account's rows.
pub enum Pages {
    All(Arc<Model>),
    Scoped(Arc<Model>, Box<Snapshot>),
}

impl Pages {
    pub fn snap(&self) -> &Snapshot {
        match self {
            Pages::All(m) => &m.snap,
            Pages::Scoped(_, s) => s,
        }
    }

    /// The roll-up of assessment `id` alone (its part), if it is live.
    pub fn part(&self, id: &str) -> Option<&AssessmentPart> {
        match self {
            Pages::All(m) | Pages::Scoped(m, _) => m.parts.get(id),
        }
    }
}

impl ReadModel {
    /// The rows the portal's lists read (enterprises, assessments with their reviews, the
    /// office's records), as `account` sees them.
    pub fn pages<B: Backend>(&self, db: &B, account: &Account) -> Result<Pages> {
        let model = self.current(db)?;
        if account.sees_all() {
            return Ok(Pages::All(model));
        }
        let visible = db.read(|tx| visible_rows(tx, account))?;
        let snap = model
            .snap
            .restricted(|entity, id| visible.get(entity).is_some_and(|ids| ids.contains(id)));
        Ok(Pages::Scoped(model, Box::new(snap)))
    }
}

/// The rows `account` may see, of the entities a dashboard and the lists read.
pub fn visible_rows(
    tx: &mut dyn Tx,
    account: &Account,
) -> Result<HashMap<String, HashSet<String>>> {
    storage::visible_rows(
        tx,
        account,
        &[
            "enterprise",
            "programme",
            "assessment",
            "review",
            "training_event",
            "awareness_survey",
            "support_record",
            "case_study",
        ],
    )
}

/// The whole model, read in `tx`.
fn build(tx: &mut dyn Tx, reference: &Reference, seq: i64) -> Result<Model> {
    let mut snap = Snapshot::load_in(tx, None)?;
    let parts = snap.parts(reference);
    snap.lighten();
    let mut m = Model {
        seq,
        snap,
        parts,
        groups: Vec::new(),
    };
    m.regroup();
    Ok(m)
}

/// Brings `m` up to `seq`: the rows the ops since touched read again, the parts of their
/// assessments computed again (or the whole model built again after many changes).
fn update(tx: &mut dyn Tx, reference: &Reference, m: &mut Model, seq: i64) -> Result<()> {
    let changed = tx.query(
        "SELECT DISTINCT entity, row_id FROM ops WHERE seq > $1 AND seq <= $2",
        &[m.seq.into(), seq.into()],
    )?;
    if changed.len() > REBUILD_AFTER || seq < m.seq {
        *m = build(tx, reference, seq)?;
        return Ok(());
    }
    let mut by_entity: HashMap<String, Vec<String>> = HashMap::new();
    for r in changed {
        let mut r = r.into_iter().map(|v| v.into_text());
        let (entity, id) = (r.next().unwrap_or_default(), r.next().unwrap_or_default());
        by_entity.entry(entity).or_default().push(id);
    }
    let mut affected: HashSet<String> = HashSet::new();
    for (entity, ids) in &by_entity {
        m.snap.reload(tx, entity, ids)?;
        match entity.as_str() {
            "assessment" => affected.extend(ids.iter().cloned()),
            "option" | "monitoring_record" => {
                for chunk in ids.chunks(500) {
                    let marks = marks(2, chunk.len());
                    let mut params = vec![entity.clone().into()];
                    params.extend(chunk.iter().map(|i| i.clone().into()));
                    for r in tx.query(
                        &format!(
                            "SELECT assessment_id FROM row_scope
                             WHERE entity = $1 AND row_id IN ({marks}) AND assessment_id IS NOT NULL"
                        ),
                        &params,
                    )? {
                        affected.extend(r.into_iter().next().map(|v| v.into_text()));
                    }
                }
            }
            _ => {}
        }
    }
    let affected: Vec<String> = affected.into_iter().collect();
    for aid in &affected {
        m.parts.remove(aid);
    }
    m.parts.extend(parts_of(tx, reference, &m.snap, &affected)?);
    m.seq = seq;
    m.regroup();
    Ok(())
}

/// `$from, $from+1, …` for `n` parameters.
fn marks(from: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", i + from))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ids of the rows of `entity` under the assessments `aids`.
fn under(tx: &mut dyn Tx, entity: &str, aids: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for chunk in aids.chunks(500) {
        let mut params = vec![entity.into()];
        params.extend(chunk.iter().map(|i| i.clone().into()));
        for r in tx.query(
            &format!(
                "SELECT row_id FROM row_scope WHERE entity = $1 AND assessment_id IN ({})",
                marks(2, chunk.len())
            ),
            &params,
        )? {
            out.extend(r.into_iter().next().map(|v| v.into_text()));
        }
    }
    Ok(out)
}

/// The parts of the live assessments among `aids`, from their live options and monitoring.
fn parts_of(
    tx: &mut dyn Tx,
    reference: &Reference,
    snap: &Snapshot,
    aids: &[String],
) -> Result<HashMap<String, AssessmentPart>> {
    let option_ids = under(tx, "option", aids)?;
    let options = typed_of::<CpOption>(tx, "option", None, &option_ids)?;
    let monitoring_ids = under(tx, "monitoring_record", aids)?;
    let monitoring = typed_of::<MonitoringRecord>(tx, "monitoring_record", None, &monitoring_ids)?;
    // The stored forms a roll-up reads, per assessment.
    let mut stored: HashMap<&str, Vec<(String, String, &'static str, &CpOption)>> = HashMap::new();
    for o in options.values() {
        stored.entry(&o.assessment_id).or_default().push((
            serde_json::to_string(&o.techniques)?,
            serde_json::to_string(&o.savings)?,
            o.status.code(),
            o,
        ));
    }
    let mut monitored: HashMap<&str, Vec<MonitoringRow>> = HashMap::new();
    for m in monitoring.values() {
        monitored
            .entry(&m.assessment_id)
            .or_default()
            .push(MonitoringRow {
                assessment_id: m.assessment_id.clone(),
                unit: m.unit.clone(),
                baseline: m.baseline,
                after: m.after,
            });
    }
    let mut out = HashMap::new();
    for aid in aids {
        let Some(a) = snap.assessment(aid) else {
            continue;
        };
        let rows: Vec<_> = stored
            .get(aid.as_str())
            .map(|list| {
                list.iter()
                    .map(|(t, s, st, o)| crate::figures::option_row(aid, t, s, st, o))
                    .collect()
            })
            .unwrap_or_default();
        let part = assessment_part(
            reference,
            &RollupAssessmentRow::of(a, snap.enterprise(&a.enterprise_id)),
            monitored.get(aid.as_str()).map_or(&[][..], |v| v),
            &rows,
        );
        out.insert(aid.clone(), part);
    }
    Ok(out)
}

impl Model {
    /// The review state of each reviewed assessment, among the reviews `sees` lets through.
    fn states(
        &self,
        sees: impl Fn(&str) -> bool,
    ) -> HashMap<String, sxsh_domain::model::ReviewState> {
        sxsh_domain::model::review_states(self.snap.all_reviews().filter(|r| sees(&r.id)))
            .into_iter()
            .collect()
    }

    /// Makes the groups again from the parts.
    fn regroup(&mut self) {
        let states = self.states(|_| true);
        let mut groups: HashMap<Key, Group> = HashMap::new();
        for a in self.snap.assessments() {
            let Some(e) = self.snap.enterprise(&a.enterprise_id) else {
                continue;
            };
            let key = Key {
                programme: a.programme_id.clone(),
                province: sxsh_domain::text::fold(&e.province),
                district: sxsh_domain::text::fold(&e.district),
                sector: e.sector.clone(),
                year: sxsh_domain::repo::start_year(a),
                review: states.get(&a.id).copied(),
            };
            let g = groups.entry(key.clone()).or_insert_with(|| Group {
                key,
                place: Place::of(a, Some(e)),
                assessments: 0,
                rollup: Rollup::default(),
                uncomputed: 0,
            });
            g.assessments += 1;
            if let Some(p) = self.parts.get(&a.id) {
                g.rollup.merge(&p.rollup);
                g.uncomputed += p.uncomputed;
            }
        }
        self.groups = groups.into_values().collect();
    }

    /// The roll-up of `query` over the rows `visible` holds (all with `None`): the parts of
    /// the assessments it selects merged, reviewed as the query asks, with the office's
    /// records and the programme's targets.
    pub fn rollup(
        &self,
        reference: &Reference,
        query: RollupQuery,
        visible: &Visible,
    ) -> RollupReport {
        let sees = |entity: &str, id: &str| {
            visible
                .as_ref()
                .is_none_or(|v| v.get(entity).is_some_and(|ids| ids.contains(id)))
        };
        let snap = &self.snap;
        let filter = query.filter();
        let mut reviews = ReviewCounts::default();
        let mut rollup = Rollup::default();
        let mut breakdown = BreakdownSum::default();
        let mut uncomputed = 0;
        // Everything visible and a filter the groups answer: the groups it selects; else
        // assessment by assessment.
        let by_rows = visible.is_some() || filter.by_commune_or_village();
        let groups = if by_rows { &[] } else { &self.groups[..] };
        for g in groups {
            let k = &g.key;
            if !filter.matches(
                k.programme.as_deref(),
                &k.province,
                &k.district,
                &k.sector,
                k.year,
            ) {
                continue;
            }
            reviews.add_many(k.review, g.assessments);
            if query.review.counts(k.review) {
                rollup.merge(&g.rollup);
                uncomputed += g.uncomputed;
                breakdown.add_rollup(&g.place, &g.rollup);
            }
        }
        let states = if by_rows {
            self.states(|id| sees("review", id))
        } else {
            HashMap::new()
        };
        let assessments = by_rows.then(|| snap.assessments());
        for a in assessments.into_iter().flatten() {
            if !sees("assessment", &a.id) {
                continue;
            }
            let Some(e) = snap.enterprise(&a.enterprise_id) else {
                continue;
            };
            if !sees("enterprise", &e.id) || !filter.covers(a, e) {
                continue;
            }
            let state = states.get(&a.id).copied();
            reviews.add(state);
            if !query.review.counts(state) {
                continue;
            }
            if let Some(p) = self.parts.get(&a.id) {
                rollup.merge(&p.rollup);
                uncomputed += p.uncomputed;
                breakdown.add_rollup(&Place::of(a, Some(e)), &p.rollup);
            }
        }
        let programme = query
            .programme_id
            .as_deref()
            .and_then(|id| snap.programme_row(id))
            .filter(|p| sees("programme", &p.id));
        let records = OfficeRecords {
            trainings: snap
                .trainings()
                .iter()
                .filter(|r| sees("training_event", &r.id))
                .cloned()
                .collect(),
            surveys: snap
                .surveys()
                .iter()
                .filter(|r| sees("awareness_survey", &r.id))
                .cloned()
                .collect(),
            support: snap
                .support()
                .iter()
                .filter(|r| sees("support_record", &r.id))
                .cloned()
                .collect(),
            places: OfficeRecords::places(snap.enterprises().filter(|e| sees("enterprise", &e.id))),
        };
        let mut out = finish(reference, query, &rollup, uncomputed, programme, &records);
        out.reviews = reviews;
        out.breakdowns = breakdown.finish();
        out
    }
}
