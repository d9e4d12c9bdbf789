//! Reference data as typed values: fuels, grid emission factors, MOIT TOE factors, unit
//! conversions, benchmarks, CP techniques, the 18 tasks, programme targets and GWP sets.
//! Parsed from the product's JSON files (`assets/reference/`) given as text; no IO here.
//! Every factor keeps its source, and parsing refuses a factor without one.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why reference data could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("reference data {file}: {problem}")]
pub struct ReferenceError {
    pub file: &'static str,
    pub problem: String,
}

fn err(file: &'static str, problem: impl Into<String>) -> ReferenceError {
    ReferenceError {
        file,
        problem: problem.into(),
    }
}

/// A factor value with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Sourced {
    pub value: f64,
    pub verified: bool,
    pub source: String,
}

/// A fuel with its IPCC 2006 factors (manufacturing-industry CH4/N2O defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Fuel {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub biogenic: bool,
    /// Net calorific value, GJ/t; none when it must be measured (biogas).
    pub ncv_gj_per_t: Option<Sourced>,
    /// kg CO2 per TJ (NCV basis).
    pub co2_kg_per_tj: Sourced,
    pub ch4_kg_per_tj: Sourced,
    pub n2o_kg_per_tj: Sourced,
    pub density_kg_per_l: Option<Sourced>,
    /// MOIT TOE carrier and unit used for this fuel, if there is one.
    pub toe_carrier: Option<(String, String)>,
}

/// Vietnam's grid emission factor for one data year, tCO2/MWh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct GridFactor {
    pub year: i64,
    pub value: f64,
    pub official: bool,
    pub verified: bool,
    pub publisher: String,
    pub document: Option<String>,
    pub source: String,
}

/// A MOIT TOE factor: TOE per `unit` of `carrier` (a range when the source gives one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ToeFactor {
    pub carrier: String,
    pub name_vi: String,
    pub name_en: String,
    /// Unit as written by the source: `kWh`, `MWh`, `t`, `1000 L`, `1000 m3`, `million m3`.
    pub unit: String,
    pub min: f64,
    pub max: f64,
    pub verified: bool,
    pub source: String,
    /// The document the factors come from.
    pub document: String,
}

impl ToeFactor {
    /// The value used: the midpoint when the source gives a range.
    pub fn value(&self) -> f64 {
        (self.min + self.max) / 2.0
    }
}

/// A standard conversion factor between two unit names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Conversion {
    pub from: String,
    pub to: String,
    pub factor: f64,
    pub exact: bool,
}

/// The indicators a benchmark may measure: the first six are computed by the engine and compared;
/// the others are shown as reference only.
pub const BENCHMARK_INDICATORS: &[&str] = &[
    "electricity",
    "total_energy",
    "water_intake",
    "wastewater",
    "raw_material",
    "fuel",
    "process_electricity",
    "firing_energy",
    "solid_waste",
    "specific_ghg",
    "share",
    "yield",
    "improvement",
    "investment",
    "village_total",
    "wastewater_quality",
];

/// A sourced benchmark or norm of a sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Benchmark {
    pub id: String,
    pub sector: String,
    pub indicator_vi: String,
    pub indicator_en: String,
    /// What the value measures (one of [`BENCHMARK_INDICATORS`]); compared only with a
    /// specific-consumption line of the same indicator.
    pub indicator: String,
    /// What the value is per: `product`, `raw_material` or `other`; only `product` values are
    /// compared with a consumption per unit of production.
    pub basis: String,
    pub unit: String,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub kind: String,
    pub year: Option<i64>,
    /// Where the value was read.
    pub source: String,
    /// The id of the publication it comes from (in [`Reference::publications`]).
    pub publication: String,
}

/// One of the 8 CP techniques.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Technique {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub group: String,
}

/// A category of waste causes (C-RM, C-TECH, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CauseCategory {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
}

/// One of the 18 tasks NV1–NV18.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Task {
    pub id: String,
    pub number: i64,
    pub step: i64,
    pub name_vi: String,
    pub name_en: String,
}

/// One indicator of a programme's targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TargetItem {
    pub code: String,
    pub indicator_vi: String,
    pub indicator_en: String,
    pub kind: String,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: String,
    pub verified: bool,
}

/// National or provincial CP targets of one plan or decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TargetSet {
    pub id: String,
    pub level: String,
    pub province: String,
    pub document: String,
    pub period_start: i64,
    pub period_end: i64,
    pub targets: Vec<TargetItem>,
    pub source: String,
}

/// Global-warming potentials used to express CH4 and N2O as CO2e.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct GwpSet {
    pub code: String,
    pub ch4: f64,
    pub n2o: f64,
    pub source: String,
}

/// The product's reference files, embedded at build time (the same on devices and the office
/// server, so both compute the same figures).
pub const BUILTIN_FILES: ReferenceFiles<'static> = ReferenceFiles {
    emission_factors: include_str!("../../../assets/reference/emission_factors.json"),
    toe_factors: include_str!("../../../assets/reference/toe_factors.json"),
    fuel_map: include_str!("../../../assets/reference/fuel_map.json"),
    benchmarks: include_str!("../../../assets/reference/benchmarks.json"),
    techniques: include_str!("../../../assets/reference/techniques.json"),
    methodology: include_str!("../../../assets/reference/methodology.json"),
    targets: include_str!("../../../assets/reference/targets.json"),
    sources: include_str!("../../../assets/reference/sources.json"),
};

/// Sector codes an enterprise may have, in the order the app and the portal list them; names
/// come from the report catalogs (`sector.*`).
pub const SECTORS: [&str; 12] = [
    "pottery",
    "forging",
    "seafood",
    "cassava_starch",
    "beer",
    "food",
    "soft_drinks",
    "starch_other",
    "paper",
    "textiles",
    "cement",
    "coffee",
];

/// [`BUILTIN_FILES`] parsed, once per process. The embedded files are checked by tests, so a
/// parse failure here is a build defect and panics with the file and problem.
pub fn builtin() -> &'static Reference {
    static REFERENCE: std::sync::OnceLock<Reference> = std::sync::OnceLock::new();
    REFERENCE
        .get_or_init(|| Reference::parse(BUILTIN_FILES).unwrap_or_else(|e| panic!("embedded {e}")))
}

/// The text of every reference file, as shipped in `assets/reference/`.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceFiles<'a> {
    pub emission_factors: &'a str,
    pub toe_factors: &'a str,
    pub fuel_map: &'a str,
    pub benchmarks: &'a str,
    pub techniques: &'a str,
    pub methodology: &'a str,
    pub targets: &'a str,
    /// The publications every source address above belongs to.
    pub sources: &'a str,
}

/// All reference data, parsed and checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Reference {
    /// Version of the data set: the `updated` dates of its files, joined.
    pub version: String,
    pub fuels: Vec<Fuel>,
    pub grid_factors: Vec<GridFactor>,
    /// The suggested default grid year (the latest official one).
    pub default_grid_year: i64,
    pub toe_factors: Vec<ToeFactor>,
    pub conversions: Vec<Conversion>,
    pub benchmarks: Vec<Benchmark>,
    pub techniques: Vec<Technique>,
    pub cause_categories: Vec<CauseCategory>,
    pub tasks: Vec<Task>,
    pub targets: Vec<TargetSet>,
    pub gwp_sets: Vec<GwpSet>,
    /// The publications behind the benchmarks and factors (`sources.json`).
    pub publications: Vec<Publication>,
}

/// A publication a benchmark or factor comes from: what a report cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Publication {
    pub id: String,
    /// Title in Vietnamese where the publication has one, else empty.
    pub title_vi: String,
    pub title_en: String,
    pub publisher_vi: String,
    pub publisher_en: String,
    pub year: Option<i64>,
    /// The publisher's own address (or a DOI, or a legal database), empty when none was found.
    pub url: String,
    /// `url` is the publisher's own address.
    pub primary: bool,
    /// False when the publication cannot be named (an anonymous page, a mirror of an
    /// encyclopaedia): its values stay out of client reports.
    pub citable: bool,
    /// Where our figures were read (sometimes a copy or a news report); never cited.
    pub seen_at: Vec<String>,
}

impl Publication {
    /// The citation in `lang` (`vi` or `en`): "Publisher (year). Title. address".
    pub fn cite(&self, vi: bool) -> String {
        let (publisher, title) = if vi {
            (
                &self.publisher_vi,
                if self.title_vi.is_empty() {
                    &self.title_en
                } else {
                    &self.title_vi
                },
            )
        } else {
            (&self.publisher_en, &self.title_en)
        };
        let mut out = publisher.clone();
        if let Some(y) = self.year {
            out.push_str(&format!(" ({y})"));
        }
        out.push_str(". ");
        out.push_str(title);
        if !self.url.is_empty() {
            out.push_str(". ");
            out.push_str(&self.url);
        }
        out
    }
}

impl Reference {
    /// The publication a source text belongs to: the one whose address (`seen_at` or `url`)
    /// appears in `source` (a bare address or "publisher (address)").
    pub fn publication_of(&self, source: &str) -> Option<&Publication> {
        publication_in(&self.publications, source)
    }
}

/// [`Reference::publication_of`] over a list, for the loader (before the reference is built).
fn publication_in<'a>(publications: &'a [Publication], source: &str) -> Option<&'a Publication> {
    if source.is_empty() {
        return None;
    }
    publications.iter().find(|p| {
        p.seen_at
            .iter()
            .chain((!p.url.is_empty()).then_some(&p.url))
            .any(|u| source.contains(u.as_str()))
    })
}

fn parse_json(file: &'static str, text: &str) -> Result<Value, ReferenceError> {
    serde_json::from_str(text).map_err(|e| err(file, format!("not valid JSON: {e}")))
}

fn s(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn f(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn first_source(v: &Value) -> String {
    if let Some(u) = v.get("source").and_then(Value::as_str) {
        return u.to_string();
    }
    for key in ["source_url", "source_urls"] {
        match v.get(key) {
            Some(Value::String(u)) => return u.clone(),
            Some(Value::Array(a)) => {
                if let Some(u) = a.first().and_then(Value::as_str) {
                    return u.to_string();
                }
            }
            _ => {}
        }
    }
    String::new()
}

/// Reads `{value, verified, source}`; with `sub` first descends into that key (e.g. the
/// manufacturing-industry default of a CH4 factor).
fn sourced(
    file: &'static str,
    owner: &str,
    v: &Value,
    key: &str,
    sub: Option<&str>,
) -> Result<Option<Sourced>, ReferenceError> {
    let Some(mut node) = v.get(key) else {
        return Ok(None);
    };
    if let Some(sub) = sub {
        node = node
            .get(sub)
            .ok_or_else(|| err(file, format!("{owner}.{key} has no {sub}")))?;
    }
    if node.is_null() {
        return Ok(None);
    }
    let Some(value) = f(node, "value") else {
        return Ok(None);
    };
    let source = first_source(node);
    if source.is_empty() {
        return Err(err(file, format!("{owner}.{key} has no source")));
    }
    Ok(Some(Sourced {
        value,
        verified: node
            .get("verified")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        source,
    }))
}

fn required(
    file: &'static str,
    owner: &str,
    key: &str,
    v: Option<Sourced>,
) -> Result<Sourced, ReferenceError> {
    v.ok_or_else(|| err(file, format!("{owner}: {key} is missing")))
}

fn array<'v>(
    file: &'static str,
    v: &'v Value,
    key: &str,
) -> Result<&'v Vec<Value>, ReferenceError> {
    v.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| err(file, format!("{key} is missing")))
}

fn updated(v: &Value) -> String {
    v.pointer("/meta/updated")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

impl Reference {
    /// Parses and checks every file. Refuses a factor without a source or a value that is not a
    /// finite positive number.
    pub fn parse(files: ReferenceFiles) -> Result<Reference, ReferenceError> {
        const EF: &str = "emission_factors.json";
        const TOE: &str = "toe_factors.json";
        const MAP: &str = "fuel_map.json";
        let ef = parse_json(EF, files.emission_factors)?;
        let toe = parse_json(TOE, files.toe_factors)?;
        let map = parse_json(MAP, files.fuel_map)?;
        let bm = parse_json("benchmarks.json", files.benchmarks)?;
        let src = parse_json("sources.json", files.sources)?;
        let tech = parse_json("techniques.json", files.techniques)?;
        let meth = parse_json("methodology.json", files.methodology)?;
        let tgt = parse_json("targets.json", files.targets)?;

        let carriers: Vec<(String, String, String)> = array(MAP, &map, "fuel_toe_carrier")?
            .iter()
            .map(|m| (s(m, "fuel"), s(m, "carrier"), s(m, "unit")))
            .collect();

        let mut fuels = Vec::new();
        for v in array(EF, &ef, "fuels")? {
            let code = s(v, "code");
            fuels.push(Fuel {
                name_vi: s(v, "name_vi"),
                name_en: s(v, "name_en"),
                biogenic: v.get("biogenic").and_then(Value::as_bool).unwrap_or(false),
                ncv_gj_per_t: sourced(EF, &code, v, "ncv_gj_per_t", None)?,
                co2_kg_per_tj: required(
                    EF,
                    &code,
                    "co2_kg_per_tj",
                    sourced(EF, &code, v, "co2_kg_per_tj", None)?,
                )?,
                ch4_kg_per_tj: required(
                    EF,
                    &code,
                    "ch4",
                    sourced(
                        EF,
                        &code,
                        v,
                        "ch4_kg_per_tj",
                        Some("manufacturing_industries"),
                    )?,
                )?,
                n2o_kg_per_tj: required(
                    EF,
                    &code,
                    "n2o",
                    sourced(
                        EF,
                        &code,
                        v,
                        "n2o_kg_per_tj",
                        Some("manufacturing_industries"),
                    )?,
                )?,
                density_kg_per_l: sourced(EF, &code, v, "density_kg_per_l", None)?,
                toe_carrier: carriers
                    .iter()
                    .find(|c| c.0 == code)
                    .map(|c| (c.1.clone(), c.2.clone())),
                code,
            });
        }

        let grid = ef
            .get("grid_emission_factor")
            .ok_or_else(|| err(EF, "grid_emission_factor is missing"))?;
        let mut grid_factors = Vec::new();
        for v in array(EF, grid, "values")? {
            let year = v
                .get("data_year")
                .and_then(Value::as_i64)
                .ok_or_else(|| err(EF, "grid factor without data_year"))?;
            let source = first_source(v);
            if source.is_empty() {
                return Err(err(EF, format!("grid factor {year} has no source")));
            }
            grid_factors.push(GridFactor {
                year,
                value: f(v, "value")
                    .ok_or_else(|| err(EF, format!("grid factor {year} has no value")))?,
                official: v.get("official").and_then(Value::as_bool).unwrap_or(false),
                verified: v.get("verified").and_then(Value::as_bool).unwrap_or(false),
                publisher: s(v, "publisher"),
                document: v
                    .get("issuing_document")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                source,
            });
        }
        let default_grid_year = grid
            .get("default_year_suggestion")
            .and_then(Value::as_i64)
            .ok_or_else(|| err(EF, "default_year_suggestion is missing"))?;

        let document = toe
            .pointer("/meta/document/primary")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let mut toe_factors = Vec::new();
        for v in array(TOE, &toe, "toe_factors")? {
            let carrier = s(v, "carrier");
            let (min, max) = match v.get("toe_per_unit") {
                Some(Value::Number(n)) => (
                    n.as_f64().unwrap_or(f64::NAN),
                    n.as_f64().unwrap_or(f64::NAN),
                ),
                Some(r) => (
                    f(r, "min").unwrap_or(f64::NAN),
                    f(r, "max").unwrap_or(f64::NAN),
                ),
                None => (f64::NAN, f64::NAN),
            };
            let source = first_source(v);
            if source.is_empty() {
                return Err(err(TOE, format!("{carrier} has no source")));
            }
            toe_factors.push(ToeFactor {
                name_vi: s(v, "name_vi"),
                name_en: s(v, "name_en"),
                unit: s(v, "unit"),
                min,
                max,
                verified: v.get("verified").and_then(Value::as_bool).unwrap_or(false),
                source,
                document: document.clone(),
                carrier,
            });
        }
        let conversions = array(TOE, &toe, "unit_conversions")?
            .iter()
            .map(|v| Conversion {
                from: s(v, "from"),
                to: s(v, "to"),
                factor: f(v, "factor").unwrap_or(f64::NAN),
                exact: v.get("exact").and_then(Value::as_bool).unwrap_or(false),
            })
            .collect();

        let mut publications = Vec::new();
        for v in array("sources.json", &src, "publications")? {
            let strings = |key: &str| -> Vec<String> {
                v.get(key)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let p = Publication {
                id: s(v, "id"),
                title_vi: s(v, "title_vi"),
                title_en: s(v, "title_en"),
                publisher_vi: s(v, "publisher_vi"),
                publisher_en: s(v, "publisher_en"),
                year: v.get("year").and_then(Value::as_i64),
                url: s(v, "url"),
                primary: v.get("primary").and_then(Value::as_bool).unwrap_or(false),
                citable: v.get("citable").and_then(Value::as_bool).unwrap_or(false),
                seen_at: strings("seen_at"),
            };
            if p.citable && (p.publisher_vi.is_empty() || p.title_en.is_empty()) {
                return Err(err(
                    "sources.json",
                    format!("{} is citable but has no publisher or title", p.id),
                ));
            }
            publications.push(p);
        }

        let mut benchmarks = Vec::new();
        for v in array("benchmarks.json", &bm, "benchmarks")? {
            let id = s(v, "id");
            let source = first_source(v);
            if source.is_empty() {
                return Err(err("benchmarks.json", format!("{id} has no source")));
            }
            let indicator = s(v, "indicator");
            if !BENCHMARK_INDICATORS.contains(&indicator.as_str()) {
                return Err(err(
                    "benchmarks.json",
                    format!("{id} has an unknown indicator '{indicator}'"),
                ));
            }
            let basis = s(v, "basis");
            if !["product", "raw_material", "other"].contains(&basis.as_str()) {
                return Err(err(
                    "benchmarks.json",
                    format!("{id} has an unknown basis '{basis}'"),
                ));
            }
            let publication = publication_in(&publications, &source)
                .map(|p| p.id.clone())
                .ok_or_else(|| {
                    err(
                        "benchmarks.json",
                        format!("{id}'s source {source} is in no publication of sources.json"),
                    )
                })?;
            benchmarks.push(Benchmark {
                publication,
                indicator,
                basis,
                sector: s(v, "sector"),
                indicator_vi: s(v, "indicator_vi"),
                indicator_en: s(v, "indicator_en"),
                unit: s(v, "unit"),
                value: f(v, "value"),
                min: f(v, "min"),
                max: f(v, "max"),
                kind: s(v, "type"),
                year: v.get("year").and_then(Value::as_i64),
                source,
                id,
            });
        }

        let techniques = array("techniques.json", &tech, "techniques")?
            .iter()
            .map(|v| Technique {
                code: s(v, "code"),
                name_vi: s(v, "name_vi"),
                name_en: s(v, "name_en"),
                group: s(v, "group"),
            })
            .collect();
        let cause_categories = array("techniques.json", &tech, "cause_categories")?
            .iter()
            .map(|v| CauseCategory {
                code: s(v, "code"),
                name_vi: s(v, "vi"),
                name_en: s(v, "en"),
            })
            .collect();
        let tasks = array("methodology.json", &meth, "tasks")?
            .iter()
            .map(|v| Task {
                id: s(v, "id"),
                number: v.get("number").and_then(Value::as_i64).unwrap_or(0),
                step: v.get("step").and_then(Value::as_i64).unwrap_or(0),
                name_vi: s(v, "name_vi"),
                name_en: s(v, "name_en"),
            })
            .collect();

        let mut targets = Vec::new();
        for level in ["national", "provincial"] {
            for v in array("targets.json", &tgt, level)? {
                targets.push(TargetSet {
                    id: s(v, "id"),
                    level: level.to_string(),
                    province: s(v, "province_vi"),
                    document: s(v, "document"),
                    period_start: v.get("period_start").and_then(Value::as_i64).unwrap_or(0),
                    period_end: v.get("period_end").and_then(Value::as_i64).unwrap_or(0),
                    targets: v
                        .get("targets")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .map(|t| TargetItem {
                                    code: s(t, "code"),
                                    indicator_vi: s(t, "indicator_vi"),
                                    indicator_en: s(t, "indicator_en"),
                                    kind: s(t, "kind"),
                                    value: f(t, "value"),
                                    min: f(t, "min"),
                                    max: f(t, "max"),
                                    unit: s(t, "unit"),
                                    verified: t
                                        .get("verified")
                                        .and_then(Value::as_bool)
                                        .unwrap_or(false),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    source: first_source(v),
                });
            }
        }

        let gwp_sets = array(MAP, &map, "gwp_sets")?
            .iter()
            .map(|v| GwpSet {
                code: s(v, "code"),
                ch4: f(v, "ch4").unwrap_or(f64::NAN),
                n2o: f(v, "n2o").unwrap_or(f64::NAN),
                source: s(v, "source"),
            })
            .collect();

        let reference = Reference {
            version: [&ef, &toe, &map, &bm, &tech, &meth, &tgt]
                .iter()
                .map(|v| updated(v))
                .collect::<Vec<_>>()
                .join("+"),
            fuels,
            grid_factors,
            default_grid_year,
            toe_factors,
            conversions,
            benchmarks,
            techniques,
            cause_categories,
            tasks,
            targets,
            gwp_sets,
            publications,
        };
        reference.check()?;
        Ok(reference)
    }

    /// Every factor is a finite positive number with a source.
    fn check(&self) -> Result<(), ReferenceError> {
        let positive = |x: f64| x.is_finite() && x > 0.0;
        for fuel in &self.fuels {
            let mut all = vec![
                &fuel.co2_kg_per_tj,
                &fuel.ch4_kg_per_tj,
                &fuel.n2o_kg_per_tj,
            ];
            all.extend(fuel.ncv_gj_per_t.as_ref());
            all.extend(fuel.density_kg_per_l.as_ref());
            if all
                .iter()
                .any(|s| !positive(s.value) || s.source.is_empty())
            {
                return Err(err(
                    "emission_factors.json",
                    format!("fuel {} has a bad factor", fuel.code),
                ));
            }
            if let Some((carrier, unit)) = &fuel.toe_carrier
                && !self
                    .toe_factors
                    .iter()
                    .any(|t| &t.carrier == carrier && &t.unit == unit)
            {
                return Err(err(
                    "fuel_map.json",
                    format!(
                        "{} maps to unknown TOE carrier {carrier} per {unit}",
                        fuel.code
                    ),
                ));
            }
        }
        if let Some(g) = self.grid_factors.iter().find(|g| !positive(g.value)) {
            return Err(err(
                "emission_factors.json",
                format!("grid factor {} is not positive", g.year),
            ));
        }
        if !self
            .grid_factors
            .iter()
            .any(|g| g.year == self.default_grid_year)
        {
            return Err(err(
                "emission_factors.json",
                "default grid year has no factor",
            ));
        }
        if let Some(t) = self
            .toe_factors
            .iter()
            .find(|t| !positive(t.min) || !positive(t.max))
        {
            return Err(err(
                "toe_factors.json",
                format!("{} per {} is not positive", t.carrier, t.unit),
            ));
        }
        if let Some(c) = self.conversions.iter().find(|c| !positive(c.factor)) {
            return Err(err(
                "toe_factors.json",
                format!("conversion {} → {} is not positive", c.from, c.to),
            ));
        }
        if let Some(g) = self
            .gwp_sets
            .iter()
            .find(|g| !positive(g.ch4) || !positive(g.n2o) || g.source.is_empty())
        {
            return Err(err(
                "fuel_map.json",
                format!("GWP set {} is incomplete", g.code),
            ));
        }
        if self.techniques.len() != 8 || self.tasks.len() != 18 {
            return Err(err("techniques.json", "expected 8 techniques and 18 tasks"));
        }
        let causes: Vec<&str> = self
            .cause_categories
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        if causes != crate::model::CAUSE_CODES {
            return Err(err(
                "techniques.json",
                "cause categories differ from the model's CAUSE_CODES",
            ));
        }
        Ok(())
    }

    /// The fuel with this code.
    pub fn fuel(&self, code: &str) -> Option<&Fuel> {
        self.fuels.iter().find(|f| f.code == code)
    }

    /// The grid factor of a data year.
    pub fn grid_factor(&self, year: i64) -> Option<&GridFactor> {
        self.grid_factors.iter().find(|g| g.year == year)
    }

    /// The MOIT TOE factor of a carrier per unit.
    pub fn toe_factor(&self, carrier: &str, unit: &str) -> Option<&ToeFactor> {
        self.toe_factors
            .iter()
            .find(|t| t.carrier == carrier && t.unit == unit)
    }

    /// The GWP set with this code (`AR5`, `AR4`).
    pub fn gwp(&self, code: &str) -> Option<&GwpSet> {
        self.gwp_sets.iter().find(|g| g.code == code)
    }
}

/// One item of a walk-through checklist; `yes` is good practice, a `no` proposes its quick win.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChecklistItem {
    pub id: String,
    pub area: String,
    pub question_vi: String,
    pub question_en: String,
    /// What to look at on site.
    #[serde(default)]
    pub hint_vi: String,
    #[serde(default)]
    pub hint_en: String,
    #[serde(default)]
    pub techniques_if_no: Vec<String>,
    #[serde(default)]
    pub quick_win_vi: Option<String>,
    #[serde(default)]
    pub quick_win_en: Option<String>,
    /// A reading to record with the answer, when the item asks for one.
    #[serde(default)]
    pub measure: Option<Measure>,
}

/// A reading a checklist item asks for, e.g. brewhouse efficiency in %.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Measure {
    pub label_vi: String,
    pub label_en: String,
    pub unit: String,
}

/// A sector checklist (`pottery_kiln`, `forging`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Checklist {
    pub id: String,
    pub title_vi: String,
    pub title_en: String,
    pub items: Vec<ChecklistItem>,
}

/// Parses one checklist file.
pub fn parse_checklist(text: &str) -> Result<Checklist, ReferenceError> {
    const FILE: &str = "checklists/*.json";
    let v = parse_json(FILE, text)?;
    let items: Vec<ChecklistItem> =
        serde_json::from_value(v.get("items").cloned().unwrap_or(Value::Null))
            .map_err(|e| err(FILE, format!("items: {e}")))?;
    Ok(Checklist {
        id: v
            .pointer("/meta/checklist_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        title_vi: v
            .pointer("/meta/title_vi")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        title_en: v
            .pointer("/meta/title_en")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        items,
    })
}

macro_rules! checklist_files {
    ($($code:literal),+ $(,)?) => {
        [$(($code, include_str!(concat!("../../../assets/reference/checklists/", $code, ".json")))),+]
    };
}

/// The sector checklists shipped in `assets/reference/checklists`, by file code (the code an
/// assessment's `checklists` holds).
const CHECKLISTS: [(&str, &str); 7] = checklist_files!(
    "pottery_kiln",
    "forging",
    "seafood",
    "cassava_starch",
    "beer",
    "good_housekeeping",
    "energy_crosscutting",
);

/// Every sector checklist, parsed once per process, in the order of [`checklist_codes`].
pub fn checklists() -> &'static [Checklist] {
    static LISTS: std::sync::OnceLock<Vec<Checklist>> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        CHECKLISTS
            .iter()
            .map(|(_, t)| parse_checklist(t).unwrap_or_else(|e| panic!("embedded {e}")))
            .collect()
    })
}

/// The file codes of the checklists (`pottery_kiln`, …), in the order of [`checklists`].
pub fn checklist_codes() -> impl Iterator<Item = &'static str> {
    CHECKLISTS.iter().map(|(code, _)| *code)
}

/// The checklist item with this code, from any checklist.
pub fn checklist_item(code: &str) -> Option<&'static ChecklistItem> {
    checklists()
        .iter()
        .flat_map(|c| &c.items)
        .find(|i| i.id == code)
}
