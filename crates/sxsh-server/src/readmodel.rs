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
    /// dashboard merges the groups its query selects, whole when the account sees every
    /// assessment of the group, else assessment by assessment.
    groups: Vec<Group>,
    /// The live enterprises' ids; the groups name their enterprises by their index here.
    enterprise_ids: Vec<String>,
    /// Each live enterprise's name and places, folded (`text::fold`): what the enterprise
    /// search compares, folded once per change instead of once per request.
    search_text: HashMap<String, String>,
    /// The ids of each live enterprise's live assessments.
    by_enterprise: HashMap<String, Vec<String>>,
    /// Where every live enterprise is (the outreach figures of an account that sees all).
    places: sxsh_domain::repo::Places,
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
    /// Its parts merged, but for the sets of enterprises (`Rollup::merge_counts`): those are
    /// its members' marks, united per request in [`Marked`].
    rollup: Rollup,
    uncomputed: usize,
    members: Vec<Member>,
}

/// A live assessment of a group: what a scoped account's dashboard checks and merges.
#[derive(Debug, Clone)]
struct Member {
    assessment: String,
    /// Its enterprise, by index in `Model::enterprise_ids`.
    enterprise: u32,
    /// The ids of its reviews.
    reviews: Vec<String>,
    /// Where its part puts its enterprise.
    marks: Marks,
}

/// Which of a roll-up's sets of enterprises one assessment's part puts its enterprise in.
#[derive(Debug, Clone, Copy, Default)]
struct Marks {
    counted: bool,
    quick: bool,
    detailed: bool,
    applying: bool,
}

impl Marks {
    /// The marks of the part of one assessment.
    fn of(part: &Rollup) -> Marks {
        Marks {
            counted: !part.enterprises.is_empty(),
            quick: !part.enterprises_quick.is_empty(),
            detailed: !part.enterprises_detailed.is_empty(),
            applying: !part.enterprises_applying.is_empty(),
        }
    }
}

/// The sets of enterprises of a roll-up being merged, one bit per enterprise (by index):
/// uniting thousands of groups is a few bit operations each, not string sets.
struct Marked {
    counted: Vec<u64>,
    quick: Vec<u64>,
    detailed: Vec<u64>,
    applying: Vec<u64>,
}

impl Marked {
    fn new(enterprises: usize) -> Marked {
        let words = enterprises.div_ceil(64);
        Marked {
            counted: vec![0; words],
            quick: vec![0; words],
            detailed: vec![0; words],
            applying: vec![0; words],
        }
    }

    fn add(&mut self, enterprise: u32, m: Marks) {
        let (word, bit) = (enterprise as usize / 64, 1u64 << (enterprise % 64));
        for (set, on) in [
            (&mut self.counted, m.counted),
            (&mut self.quick, m.quick),
            (&mut self.detailed, m.detailed),
            (&mut self.applying, m.applying),
        ] {
            if on && let Some(w) = set.get_mut(word) {
                *w |= bit;
            }
        }
    }

    /// Puts the enterprises marked into `r`'s sets, by id.
    fn fill(&self, ids: &[String], r: &mut Rollup) {
        let of = |set: &[u64]| -> std::collections::BTreeSet<String> {
            ids.iter()
                .enumerate()
                .filter(|(i, _)| set.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0))
                .map(|(_, id)| id.clone())
                .collect()
        };
        r.enterprises = of(&self.counted);
        r.enterprises_quick = of(&self.quick);
        r.enterprises_detailed = of(&self.detailed);
        r.enterprises_applying = of(&self.applying);
    }
}

/// The read model a server keeps (built on the first request that needs it).
#[derive(Debug, Default)]
pub struct ReadModel {
    state: Mutex<Option<Arc<Model>>>,
    /// The rows scoped accounts may see, by account id (see [`ReadModel::visible`]).
    visible: Mutex<HashMap<String, KeptRows>>,
    /// The public page's programmes as of a sequence number (the page needs no login: it
    /// is made once per change, not once per request).
    public: Mutex<Option<(i64, Arc<Vec<crate::public::PublicProgramme>>)>>,
}

/// The rows an account may see, by entity.
pub type Rows = HashMap<String, HashSet<String>>;

/// The rows an account may see, by entity; `None`: everything.
pub type Visible = Option<Arc<Rows>>;

/// How many scoped accounts' visible rows are kept at most (the least recently asked for
/// are dropped first): the ids of a national office's 10,000 enterprises, 50,000 assessments
/// and their reviews take about 10 MB for an account that sees all of them.
pub const VISIBLE_KEPT: usize = 16;

/// The rows one account may see, as of a sequence number and its scope epoch.
#[derive(Debug)]
struct KeptRows {
    seq: i64,
    scope_epoch: i64,
    /// When it was last asked for (a counter), to drop the least recent.
    used: u64,
    rows: Arc<Rows>,
}

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
        let visible = self.visible(db, account, model.seq)?;
        Ok(model.rollup(reference, query, &visible))
    }

    /// The public page's programmes of `model`: made by `make` once per sequence number.
    pub(crate) fn public(
        &self,
        model: &Model,
        make: impl FnOnce(&Model) -> Vec<crate::public::PublicProgramme>,
    ) -> Result<Arc<Vec<crate::public::PublicProgramme>>> {
        let mut kept = self
            .public
            .lock()
            .map_err(|_| ServerError::internal("public page lock"))?;
        match &*kept {
            Some((seq, p)) if *seq == model.seq => Ok(p.clone()),
            _ => {
                let made = Arc::new(make(model));
                *kept = Some((model.seq, made.clone()));
                Ok(made)
            }
        }
    }

    /// The rows `account` may see (`None`: everything), as of sequence number `seq`: read
    /// with `visible_rows` once per account, sequence number and scope epoch, and kept for
    /// the next requests. What an account sees changes only with ops (a row granted to a
    /// programme is re-sequenced, see `storage::grant`) or with its programmes and role
    /// (its scope epoch moves on), so kept rows are never stale.
    pub fn visible<B: Backend>(&self, db: &B, account: &Account, seq: i64) -> Result<Visible> {
        if account.sees_all() {
            return Ok(None);
        }
        let lock = || {
            self.visible
                .lock()
                .map_err(|_| ServerError::internal("visible rows lock"))
        };
        {
            let mut kept = lock()?;
            let used = kept.values().map(|k| k.used).max().unwrap_or(0) + 1;
            if let Some(k) = kept
                .get_mut(&account.id)
                .filter(|k| k.seq == seq && k.scope_epoch == account.scope_epoch)
            {
                k.used = used;
                return Ok(Some(k.rows.clone()));
            }
        }
        // Read outside the lock (other accounts' requests go on). Rows read after more ops
        // came than `seq` are not kept: they may hold rows the model does not have yet.
        let (now, rows) = db.read(|tx| Ok((storage::last_seq(tx)?, visible_rows(tx, account)?)))?;
        let rows = Arc::new(rows);
        if now == seq {
            let mut kept = lock()?;
            let used = kept.values().map(|k| k.used).max().unwrap_or(0) + 1;
            kept.insert(
                account.id.clone(),
                KeptRows {
                    seq,
                    scope_epoch: account.scope_epoch,
                    used,
                    rows: rows.clone(),
                },
            );
            while kept.len() > VISIBLE_KEPT {
                let Some(oldest) = kept
                    .iter()
                    .min_by_key(|(_, k)| k.used)
                    .map(|(id, _)| id.clone())
                else {
                    break;
                };
                kept.remove(&oldest);
            }
        }
        Ok(Some(rows))
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

    /// The model the pages come from.
    pub fn model(&self) -> &Model {
        match self {
            Pages::All(m) | Pages::Scoped(m, _) => m,
        }
    }

    /// Where the enterprises the pages hold are: the model's own for an account that sees
    /// everything (made once per change), else those of its enterprises.
    pub fn places(&self) -> sxsh_domain::repo::Places {
        match self {
            Pages::All(m) => m.places.clone(),
            Pages::Scoped(_, s) => OfficeRecords::places(s.enterprises()),
        }
    }

    /// The roll-up of assessment `id` alone (its part), if it is live.
    pub fn part(&self, id: &str) -> Option<&AssessmentPart> {
        self.model().parts.get(id)
    }
}

impl ReadModel {
    /// The rows the portal's lists read (enterprises, assessments with their reviews, the
    /// office's records), as `account` sees them.
    pub fn pages<B: Backend>(&self, db: &B, account: &Account) -> Result<Pages> {
        let model = self.current(db)?;
        let Some(visible) = self.visible(db, account, model.seq)? else {
            return Ok(Pages::All(model));
        };
        let snap = model
            .snap
            .restricted(|entity, id| visible.get(entity).is_some_and(|ids| ids.contains(id)));
        Ok(Pages::Scoped(model, Box::new(snap)))
    }
}

/// The rows `account` may see, of the entities a dashboard and the lists read.
pub fn visible_rows(tx: &mut dyn Tx, account: &Account) -> Result<Rows> {
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
        enterprise_ids: Vec::new(),
        search_text: HashMap::new(),
        by_enterprise: HashMap::new(),
        places: Default::default(),
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
    /// The review state of each reviewed assessment.
    fn states(&self) -> HashMap<String, sxsh_domain::model::ReviewState> {
        sxsh_domain::model::review_states(self.snap.all_reviews())
            .into_iter()
            .collect()
    }

    /// Makes the groups (and the enterprises' index and search texts) again from the parts.
    fn regroup(&mut self) {
        let states = self.states();
        self.enterprise_ids = self.snap.enterprises().map(|e| e.id.clone()).collect();
        let index: HashMap<&str, u32> = self
            .enterprise_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i as u32))
            .collect();
        let mut reviews: HashMap<&str, Vec<String>> = HashMap::new();
        for r in self.snap.all_reviews() {
            reviews
                .entry(r.assessment_id.as_str())
                .or_default()
                .push(r.id.clone());
        }
        let mut groups: HashMap<Key, Group> = HashMap::new();
        for a in self.snap.assessments() {
            let (Some(e), Some(&enterprise)) = (
                self.snap.enterprise(&a.enterprise_id),
                index.get(a.enterprise_id.as_str()),
            ) else {
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
                members: Vec::new(),
            });
            g.assessments += 1;
            let part = self.parts.get(&a.id);
            if let Some(p) = part {
                g.rollup.merge_counts(&p.rollup);
                g.uncomputed += p.uncomputed;
            }
            g.members.push(Member {
                assessment: a.id.clone(),
                enterprise,
                reviews: reviews.remove(a.id.as_str()).unwrap_or_default(),
                marks: part.map(|p| Marks::of(&p.rollup)).unwrap_or_default(),
            });
        }
        self.groups = groups.into_values().collect();
        self.places = OfficeRecords::places(self.snap.enterprises());
        self.by_enterprise = HashMap::new();
        for a in self.snap.assessments() {
            self.by_enterprise
                .entry(a.enterprise_id.clone())
                .or_default()
                .push(a.id.clone());
        }
        self.search_text = self
            .snap
            .enterprises()
            .map(|e| {
                let text = [
                    &e.name,
                    &e.province,
                    &e.district,
                    &e.commune,
                    &e.craft_village,
                ]
                .map(|f| sxsh_domain::text::fold(f))
                .join("\n");
                (e.id.clone(), text)
            })
            .collect();
    }

    /// The ids of enterprise `id`'s live assessments.
    pub fn assessments_of(&self, id: &str) -> &[String] {
        self.by_enterprise.get(id).map_or(&[], Vec::as_slice)
    }

    /// Enterprise `id`'s name and places folded, one per line (`None`: not a live one).
    pub fn search_text(&self, id: &str) -> Option<&str> {
        self.search_text.get(id).map(String::as_str)
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
        let mut marked = Marked::new(self.enterprise_ids.len());
        let mut breakdown = BreakdownSum::default();
        let mut uncomputed = 0;
        // The groups the query's key selects: whole when the account sees every assessment
        // in it (with its enterprise and reviews) and the filter names no commune or
        // village (which the key does not hold); else assessment by assessment.
        let by_rows = filter.by_commune_or_village();
        let seen = |m: &Member| {
            sees("assessment", &m.assessment)
                && sees("enterprise", &self.enterprise_ids[m.enterprise as usize])
                && m.reviews.iter().all(|r| sees("review", r))
        };
        for g in &self.groups {
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
            if !by_rows && (visible.is_none() || g.members.iter().all(seen)) {
                reviews.add_many(k.review, g.assessments);
                if query.review.counts(k.review) {
                    rollup.merge_counts(&g.rollup);
                    uncomputed += g.uncomputed;
                    breakdown.add_rollup(&g.place, &g.rollup);
                    for m in &g.members {
                        marked.add(m.enterprise, m.marks);
                    }
                }
                continue;
            }
            for m in &g.members {
                // The account's rows first (a hash each), then the snapshot's.
                if !sees("assessment", &m.assessment)
                    || !sees("enterprise", &self.enterprise_ids[m.enterprise as usize])
                {
                    continue;
                }
                let Some(a) = snap.assessment(&m.assessment) else {
                    continue;
                };
                let Some(e) = snap.enterprise(&a.enterprise_id) else {
                    continue;
                };
                if by_rows && !filter.in_commune_and_village(&e.commune, &e.craft_village) {
                    continue;
                }
                // The review state by the reviews the account sees.
                let state = sxsh_domain::model::latest_review(
                    snap.reviews_of(&a.id)
                        .into_iter()
                        .filter(|r| sees("review", &r.id)),
                )
                .map(|r| r.state);
                reviews.add(state);
                if !query.review.counts(state) {
                    continue;
                }
                if let Some(p) = self.parts.get(&a.id) {
                    rollup.merge_counts(&p.rollup);
                    uncomputed += p.uncomputed;
                    breakdown.add_rollup(&g.place, &p.rollup);
                    marked.add(m.enterprise, m.marks);
                }
            }
        }
        marked.fill(&self.enterprise_ids, &mut rollup);
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
            places: match visible {
                None => self.places.clone(),
                Some(_) => {
                    OfficeRecords::places(snap.enterprises().filter(|e| sees("enterprise", &e.id)))
                }
            },
        };
        let districts = query.shows_districts();
        let mut out = finish(reference, query, &rollup, uncomputed, programme, &records);
        out.reviews = reviews;
        out.breakdowns = breakdown.finish(districts);
        out
    }
}
