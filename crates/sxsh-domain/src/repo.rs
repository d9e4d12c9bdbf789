//! The rows every figure is computed from, and the [`Repository`] trait through which the
//! calculation engine reads them. The device's SQLite store implements it; the office server's
//! storage (SQLite or PostgreSQL) implements it too, so both compute the same figures with the
//! same code. Plain data only: no SQL here.

use crate::model::{
    Assessment, AssessmentKind, AwarenessSurvey, CpOption, Enterprise, Flow, ProcessStep,
    Programme, SupportRecord, TrainingEvent, WasteStream,
};

pub use crate::calc::breakdown::Place;

/// Everything the figures of one assessment rest on: its live rows.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentRows {
    pub assessment: Assessment,
    /// The enterprise's sector code (benchmarks are per sector); empty when unknown.
    pub sector: String,
    pub steps: Vec<ProcessStep>,
    pub flows: Vec<Flow>,
    pub waste_streams: Vec<WasteStream>,
    pub options: Vec<CpOption>,
    /// The monitored indicators (NV16).
    pub monitoring: Vec<crate::model::MonitoringRecord>,
}

/// Which assessments a roll-up covers. Every field narrows the set; `None` is no filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RollupFilter {
    pub programme_id: Option<String>,
    /// The enterprise's areas. Compared accent- and case-insensitively ("ha noi" = "Hà Nội").
    pub province: Option<String>,
    pub district: Option<String>,
    pub commune: Option<String>,
    pub craft_village: Option<String>,
    pub sector: Option<String>,
    /// Year of the assessment's start date.
    pub year: Option<i64>,
}

/// Where an enterprise is: its areas (as written) and sector.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnterprisePlace {
    pub province: String,
    pub district: String,
    pub commune: String,
    pub craft_village: String,
    pub sector: String,
}

impl EnterprisePlace {
    pub fn of(e: &Enterprise) -> EnterprisePlace {
        EnterprisePlace {
            province: e.province.clone(),
            district: e.district.clone(),
            commune: e.commune.clone(),
            craft_village: e.craft_village.clone(),
            sector: e.sector.clone(),
        }
    }
}

/// Whether `name` is the area `want` names, if it names one (accents and case aside).
fn same_area(want: &Option<String>, name: &str) -> bool {
    want.as_ref()
        .is_none_or(|w| crate::text::fold(name) == crate::text::fold(w))
}

impl RollupFilter {
    /// The same filter with its areas folded (`text::fold`) once: every comparison folds both
    /// sides, and folding folded text costs next to nothing, so a filter compared with
    /// thousands of places is folded first.
    pub fn folded(self) -> RollupFilter {
        let fold = |v: Option<String>| v.map(|v| crate::text::fold(&v));
        RollupFilter {
            province: fold(self.province),
            district: fold(self.district),
            commune: fold(self.commune),
            craft_village: fold(self.craft_village),
            ..self
        }
    }

    /// Whether a roll-up with this filter covers assessment `a` of enterprise `e` (for a
    /// repository that holds rows, not SQL: the store's query says the same).
    pub fn covers(&self, a: &Assessment, e: &Enterprise) -> bool {
        self.matches(
            a.programme_id.as_deref(),
            &crate::text::fold(&e.province),
            &crate::text::fold(&e.district),
            &e.sector,
            start_year(a),
        ) && self.in_commune_and_village(&e.commune, &e.craft_village)
    }

    /// Whether an assessment of `programme`, started in `year`, of an enterprise of `sector`
    /// in the province and district whose folded names (`text::fold`) are `province` and
    /// `district`, is covered — the commune and craft village filters aside
    /// ([`RollupFilter::by_commune_or_village`]).
    pub fn matches(
        &self,
        programme: Option<&str>,
        province: &str,
        district: &str,
        sector: &str,
        year: Option<i64>,
    ) -> bool {
        self.programme_id
            .as_deref()
            .is_none_or(|p| programme == Some(p))
            && self
                .province
                .as_ref()
                .is_none_or(|p| province == crate::text::fold(p))
            && self
                .district
                .as_ref()
                .is_none_or(|d| district == crate::text::fold(d))
            && self.sector.as_deref().is_none_or(|s| sector == s)
            && self.year.is_none_or(|y| year == Some(y))
    }

    /// Whether the filter names a commune or a craft village (which
    /// [`RollupFilter::matches`] does not compare).
    pub fn by_commune_or_village(&self) -> bool {
        self.commune.is_some() || self.craft_village.is_some()
    }

    /// Whether the commune and craft village filters, if any, name these.
    pub fn in_commune_and_village(&self, commune: &str, craft_village: &str) -> bool {
        same_area(&self.commune, commune) && same_area(&self.craft_village, craft_village)
    }

    /// Whether an enterprise at `p` is in the filter's areas and sector.
    pub fn covers_place(&self, p: &EnterprisePlace) -> bool {
        self.covers_enterprise_fields(
            &p.province,
            &p.district,
            &p.commune,
            &p.craft_village,
            &p.sector,
        )
    }

    /// Whether enterprise `e` is in the filter's areas and sector.
    pub fn covers_enterprise(&self, e: &Enterprise) -> bool {
        self.covers_enterprise_fields(
            &e.province,
            &e.district,
            &e.commune,
            &e.craft_village,
            &e.sector,
        )
    }

    fn covers_enterprise_fields(
        &self,
        province: &str,
        district: &str,
        commune: &str,
        craft_village: &str,
        sector: &str,
    ) -> bool {
        same_area(&self.province, province)
            && same_area(&self.district, district)
            && self.in_commune_and_village(commune, craft_village)
            && self.sector.as_deref().is_none_or(|s| sector == s)
    }
}

/// The year of an assessment's start date, which a roll-up's year filter compares.
pub fn start_year(a: &Assessment) -> Option<i64> {
    start_year_of(a.start_date.as_deref())
}

/// The year of a start date (`2024-03-01` → 2024).
pub fn start_year_of(date: Option<&str>) -> Option<i64> {
    date.and_then(|d| d.get(..4)?.parse().ok())
}

impl RollupAssessmentRow {
    /// What a roll-up needs of assessment `a` of enterprise `e` (its place in the breakdowns
    /// is the enterprise's; without it, only the year is known).
    pub fn of(a: &Assessment, e: Option<&Enterprise>) -> RollupAssessmentRow {
        RollupAssessmentRow {
            place: Place::of(a, e),
            id: a.id.clone(),
            enterprise_id: a.enterprise_id.clone(),
            kind: a.kind,
            grid_ef_year: a.grid_ef_year,
            custom_grid_ef: a.custom_grid_ef,
            custom_grid_ef_source: a.custom_grid_ef_source.clone(),
            tax_rate: a.tax_rate,
            life_years: a.life_years,
            discount_rate: a.discount_rate,
        }
    }
}

/// What a roll-up needs of one live assessment of a live enterprise.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupAssessmentRow {
    pub id: String,
    pub enterprise_id: String,
    pub kind: AssessmentKind,
    pub grid_ef_year: Option<i64>,
    pub custom_grid_ef: Option<f64>,
    pub custom_grid_ef_source: String,
    pub tax_rate: f64,
    pub life_years: i64,
    pub discount_rate: f64,
    /// Where it falls in the roll-up's breakdowns.
    pub place: Place,
}

/// What a roll-up needs of one live monitoring record.
#[derive(Debug, Clone, PartialEq)]
pub struct MonitoringRow {
    pub assessment_id: String,
    /// The indicator's unit (a ratio such as `kWh/t` counts toward the mean cut).
    pub unit: String,
    pub baseline: f64,
    pub after: f64,
}

/// The office's live records a roll-up's outreach indicators read (training events, awareness
/// surveys, support), with where each surveyed or supported enterprise is. The engine filters
/// them (`calc::outreach`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfficeRecords {
    pub trainings: Vec<TrainingEvent>,
    pub surveys: Vec<AwarenessSurvey>,
    pub support: Vec<SupportRecord>,
    /// Where each live enterprise a survey or a support record names is, by id (shared: a
    /// server keeps one for every roll-up until the enterprises change).
    pub places: Places,
}

/// Where each enterprise is, by id.
pub type Places = std::sync::Arc<std::collections::HashMap<String, EnterprisePlace>>;

impl OfficeRecords {
    /// The `places` of `enterprises`, by id.
    pub fn places<'a>(enterprises: impl IntoIterator<Item = &'a Enterprise>) -> Places {
        std::sync::Arc::new(
            enterprises
                .into_iter()
                .map(|e| (e.id.clone(), EnterprisePlace::of(e)))
                .collect(),
        )
    }
}

/// What a roll-up needs of one live option, borrowed from the row being read (a roll-up reads
/// hundreds of thousands). The two lists are in their stored form, JSON text, which the
/// engine reads without copying.
#[derive(Debug, Clone, Copy)]
pub struct OptionRow<'a> {
    pub assessment_id: &'a str,
    /// JSON array of technique codes.
    pub techniques: &'a str,
    pub selected: bool,
    /// The option's status code (`done` = implemented).
    pub status: &'a str,
    /// The screening code (`reject` keeps the option out of the identified ones).
    pub screening: Option<&'a str>,
    /// None when not known.
    pub investment_vnd: Option<i64>,
    /// JSON array of resource savings.
    pub savings: &'a str,
    pub opex_change_vnd: i64,
    pub life_years: Option<i64>,
}

/// Where the figures read their rows: the device's store, or the office server's storage.
pub trait Repository {
    type Error;

    /// The live rows of assessment `id`; `None` when there is no live assessment with that id.
    fn assessment_rows(&self, id: &str) -> Result<Option<AssessmentRows>, Self::Error>;

    /// A live programme.
    fn programme(&self, id: &str) -> Result<Option<Programme>, Self::Error>;

    /// The sector codes of the live enterprises, each once.
    fn sectors(&self) -> Result<Vec<String>, Self::Error>;

    /// Live assessments of live enterprises matching `filter`.
    fn rollup_assessments(
        &self,
        filter: &RollupFilter,
    ) -> Result<Vec<RollupAssessmentRow>, Self::Error>;

    /// Every live monitoring record.
    fn rollup_monitoring(&self) -> Result<Vec<MonitoringRow>, Self::Error>;

    /// The office's review state of each reviewed live assessment: the state of its latest
    /// live review ([`crate::model::latest_review`]); assessments without one are not listed.
    fn rollup_reviews(&self) -> Result<Vec<(String, crate::model::ReviewState)>, Self::Error>;

    /// The office's live records (training events, surveys, support) and the places of the
    /// live enterprises they name.
    fn office_records(&self) -> Result<OfficeRecords, Self::Error>;

    /// Folds every live option into accumulators made by `init`: one, or one per worker when
    /// the storage reads in parallel. The caller merges them; the order of the options is not
    /// defined.
    fn fold_options<A: Send>(
        &self,
        init: &(dyn Fn() -> A + Sync),
        fold: &(dyn Fn(&mut A, OptionRow<'_>) + Sync),
    ) -> Result<Vec<A>, Self::Error>;
}
