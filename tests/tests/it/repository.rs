//! The figures through a second implementation of the domain's `Repository` — plain vectors,
//! as the office server's storage will hold the same rows — give what the app's store gives:
//! the same roll-up for every filter and the same figures of every assessment.

use sxsh_api::Api;
use sxsh_domain::calc::{figures, programme};
use sxsh_domain::model::{Enterprise, ImplStatus, Programme};
use sxsh_domain::repo::{
    AssessmentRows, MonitoringRow, OfficeRecords, OptionRow, Repository, RollupAssessmentRow,
    RollupFilter,
};
use sxsh_tests::{assert_same_figures as assert_same, rollup_queries};

fn data<T: Clone>(rows: &[sxsh_api::dto::Stored<T>]) -> Vec<T> {
    rows.iter().map(|r| r.data.clone()).collect()
}

/// Every row of the demo, held in memory.
struct MemRepo {
    enterprises: Vec<Enterprise>,
    programmes: Vec<Programme>,
    assessments: Vec<AssessmentRows>,
    monitoring: Vec<MonitoringRow>,
    reviews: Vec<sxsh_domain::model::Review>,
    /// Per option: assessment id, techniques JSON, savings JSON, and the option.
    options: Vec<(String, String, String, sxsh_domain::model::CpOption)>,
}

impl MemRepo {
    fn of(api: &Api) -> MemRepo {
        let mut repo = MemRepo {
            enterprises: api
                .list_enterprises()
                .unwrap()
                .into_iter()
                .map(|e| e.data)
                .collect(),
            programmes: api
                .list_programmes()
                .unwrap()
                .into_iter()
                .map(|p| p.data)
                .collect(),
            assessments: Vec::new(),
            monitoring: Vec::new(),
            reviews: Vec::new(),
            options: Vec::new(),
        };
        for s in api.recent_assessments(100).unwrap() {
            let doc = api.export_assessment(&s.assessment.data.id).unwrap();
            repo.reviews
                .extend(doc.reviews.iter().map(|r| r.data.clone()));
            for m in &doc.monitoring_records {
                repo.monitoring.push(MonitoringRow {
                    assessment_id: m.data.assessment_id.clone(),
                    unit: m.data.unit.clone(),
                    baseline: m.data.baseline,
                    after: m.data.after,
                });
            }
            for o in &doc.options {
                let o = o.data.clone();
                repo.options.push((
                    o.assessment_id.clone(),
                    serde_json::to_string(&o.techniques).unwrap(),
                    serde_json::to_string(&o.savings).unwrap(),
                    o,
                ));
            }
            repo.assessments.push(AssessmentRows {
                sector: doc.enterprise.data.sector.clone(),
                steps: data(&doc.process_steps),
                flows: data(&doc.flows),
                waste_streams: data(&doc.waste_streams),
                options: data(&doc.options),
                monitoring: data(&doc.monitoring_records),
                assessment: doc.assessment.data,
            });
        }
        repo
    }
}

impl Repository for MemRepo {
    type Error = std::convert::Infallible;

    fn assessment_rows(&self, id: &str) -> Result<Option<AssessmentRows>, Self::Error> {
        Ok(self
            .assessments
            .iter()
            .find(|a| a.assessment.id == id)
            .cloned())
    }

    fn programme(&self, id: &str) -> Result<Option<Programme>, Self::Error> {
        Ok(self.programmes.iter().find(|p| p.id == id).cloned())
    }

    fn sectors(&self) -> Result<Vec<String>, Self::Error> {
        let mut s: Vec<String> = self.enterprises.iter().map(|e| e.sector.clone()).collect();
        s.sort();
        s.dedup();
        Ok(s)
    }

    fn rollup_assessments(
        &self,
        f: &RollupFilter,
    ) -> Result<Vec<RollupAssessmentRow>, Self::Error> {
        Ok(self
            .assessments
            .iter()
            .map(|rows| &rows.assessment)
            .filter_map(|a| {
                let e = self.enterprises.iter().find(|e| e.id == a.enterprise_id)?;
                f.covers(a, e).then(|| RollupAssessmentRow::of(a, Some(e)))
            })
            .collect())
    }

    fn rollup_monitoring(&self) -> Result<Vec<MonitoringRow>, Self::Error> {
        Ok(self.monitoring.clone())
    }

    fn rollup_reviews(
        &self,
    ) -> Result<Vec<(String, sxsh_domain::model::ReviewState)>, Self::Error> {
        Ok(sxsh_domain::model::review_states(&self.reviews))
    }

    /// The demo has no office records: the places of its enterprises only.
    fn office_records(&self) -> Result<OfficeRecords, Self::Error> {
        Ok(OfficeRecords {
            places: OfficeRecords::places(&self.enterprises),
            ..Default::default()
        })
    }

    fn fold_options<A: Send>(
        &self,
        init: &(dyn Fn() -> A + Sync),
        fold: &(dyn Fn(&mut A, OptionRow<'_>) + Sync),
    ) -> Result<Vec<A>, Self::Error> {
        // One worker, in reverse order: the result may not depend on either.
        let mut acc = init();
        for (aid, techniques, savings, o) in self.options.iter().rev() {
            let status = match o.status {
                ImplStatus::Done => "done",
                _ => "not_started",
            };
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

#[test]
fn a_second_repository_gives_the_same_rollups_and_figures_as_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let mem = MemRepo::of(&api);
    let refs = api.reference();
    assert_eq!(mem.assessments.len(), 3);
    assert!(mem.options.len() >= 4, "the demo has options to roll up");

    let programmes: Vec<String> = mem.programmes.iter().map(|p| p.id.clone()).collect();
    let queries = rollup_queries(&mem.sectors().unwrap(), &programmes);
    let mut counted = 0;
    for q in queries {
        let from_store = api.rollup(q.clone()).unwrap();
        let from_mem = programme::rollup(&mem, refs, q.clone()).unwrap();
        assert_same(&from_mem, &from_store, &format!("{q:?}"));
        counted += from_store.figures.assessments;
    }
    assert!(counted > 3, "the filters select assessments");

    for rows in &mem.assessments {
        let id = &rows.assessment.id;
        let from_store = api.assessment_calcs(id).unwrap();
        let from_mem = figures::assessment_calcs(refs, rows).unwrap();
        assert_same(&from_mem, &from_store, &format!("assessment {id}"));
        assert!(!from_store.balances.is_empty() || !from_store.options.is_empty());
    }
}
