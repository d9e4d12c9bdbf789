//! The store as the calculation engine's [`Repository`]: the rows the figures and roll-ups are
//! computed from. The roll-up's options are read by two workers on two connections (the
//! machine has two cores), each over half of the options table's rowid range.

use crate::Store;
use crate::error::{Result, StoreError};
use crate::repo::{assessments, enterprises, monitoring_records, options};
use crate::table::{Stored, Table, get_live, list_by};
use sxsh_domain::model::{
    Assessment, AwarenessSurvey, Enterprise, Programme, Review, SupportRecord, TrainingEvent,
};
use sxsh_domain::repo::{
    AssessmentRows, MonitoringRow, OfficeRecords, OptionRow, Repository, RollupAssessmentRow,
    RollupFilter,
};

fn data<T: Table>(rows: Vec<Stored<T>>) -> Vec<T> {
    rows.into_iter().map(|r| r.data).collect()
}

impl Repository for Store {
    type Error = StoreError;

    fn assessment_rows(&self, id: &str) -> Result<Option<AssessmentRows>> {
        let conn = self.conn();
        let Some(a) = get_live::<Assessment>(conn, id)? else {
            return Ok(None);
        };
        let sector = get_live::<Enterprise>(conn, &a.data.enterprise_id)?
            .map(|e| e.data.sector)
            .unwrap_or_default();
        Ok(Some(AssessmentRows {
            sector,
            steps: data(list_by(conn, "assessment_id", id)?),
            flows: data(list_by(conn, "assessment_id", id)?),
            waste_streams: data(list_by(conn, "assessment_id", id)?),
            options: data(list_by(conn, "assessment_id", id)?),
            monitoring: data(list_by(conn, "assessment_id", id)?),
            assessment: a.data,
        }))
    }

    fn programme(&self, id: &str) -> Result<Option<Programme>> {
        Ok(get_live::<Programme>(self.conn(), id)?.map(|p| p.data))
    }

    fn sectors(&self) -> Result<Vec<String>> {
        let sectors: std::collections::BTreeSet<String> = enterprises::list(self.conn())?
            .into_iter()
            .map(|e| e.data.sector)
            .collect();
        Ok(sectors.into_iter().collect())
    }

    fn rollup_assessments(&self, filter: &RollupFilter) -> Result<Vec<RollupAssessmentRow>> {
        assessments::rollup_rows(self.conn(), filter)
    }

    fn rollup_monitoring(&self) -> Result<Vec<MonitoringRow>> {
        monitoring_records::rollup_rows(self.conn())
    }

    fn rollup_reviews(&self) -> Result<Vec<(String, sxsh_domain::model::ReviewState)>> {
        let reviews = data(crate::table::list_all::<Review>(self.conn())?);
        Ok(sxsh_domain::model::review_states(&reviews))
    }

    fn office_records(&self) -> Result<OfficeRecords> {
        let conn = self.conn();
        let places = OfficeRecords::places(&data(enterprises::list(conn)?));
        Ok(OfficeRecords {
            trainings: data(crate::table::list_all::<TrainingEvent>(conn)?),
            surveys: data(crate::table::list_all::<AwarenessSurvey>(conn)?),
            support: data(crate::table::list_all::<SupportRecord>(conn)?),
            places,
        })
    }

    fn fold_options<A: Send>(
        &self,
        init: &(dyn Fn() -> A + Sync),
        fold: &(dyn Fn(&mut A, OptionRow<'_>) + Sync),
    ) -> Result<Vec<A>> {
        let conn = self.conn();
        let (first, last) = options::rowid_range(conn)?;
        let mid = first + (last - first) / 2;
        let reader = self.open_reader()?;
        let scan = |conn: &rusqlite::Connection, from: i64, to: i64| -> Result<A> {
            let mut acc = init();
            options::for_each_rollup_row(conn, from, to, |o| fold(&mut acc, o))?;
            Ok(acc)
        };
        let (mine, theirs) = std::thread::scope(|s| {
            let other = s.spawn(move || scan(&reader, mid + 1, last));
            let mine = scan(conn, first, mid);
            (mine, other.join().expect("roll-up worker panicked"))
        });
        Ok(vec![mine?, theirs?])
    }
}
