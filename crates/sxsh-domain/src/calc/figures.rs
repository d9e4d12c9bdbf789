//! The figures of one assessment from its rows: balances per step, for the focus and the site;
//! specific consumption against the sector's benchmarks; the cost of each waste stream; and the
//! options (see [`super::option`]). The CP rules of which flows count where are here, once.

use super::CalcError;
use super::balance::{BalanceFlow, StockChange, balance, balance_with_stock};
use super::econ::{Payback, payback, round_vnd};
use super::option::{StoredOptionResult, assessment_options};
use super::specific::{against_benchmark, specific_consumption};
use super::waste::{WasteCostInput, waste_cost};
use crate::error::DomainError;
use crate::model::{Flow, FlowCategory, Period};
use crate::reference::Reference;
use crate::repo::AssessmentRows;
use crate::units::{Dimension, RatioUnit, Unit, convert, convert_ratio};
use serde::{Deserialize, Serialize};

/// A balance of one scope of an assessment: a process step, the focus steps together, or the
/// site (flows not tied to a step).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScopeBalance {
    /// `step`, `focus` or `site`.
    pub scope: String,
    pub step_id: Option<String>,
    pub name: String,
    /// Materials, products, by-products, solid waste and losses, in t.
    pub material: crate::calc::balance::Balance,
    /// Water in and wastewater out, in m³.
    pub water: crate::calc::balance::Balance,
}

/// A benchmark compared with a specific consumption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct BenchmarkComparison {
    pub id: String,
    pub indicator_vi: String,
    pub indicator_en: String,
    /// The benchmark's unit as its source writes it (e.g. `kWh/t product`).
    pub unit: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Our value in the benchmark's unit.
    pub value: f64,
    pub position: crate::calc::specific::BenchmarkPosition,
    pub source: String,
    /// The publication can be named (else the value stays out of client reports).
    pub citable: bool,
    /// The publication the benchmark comes from, cited in Vietnamese and in English
    /// ([`crate::reference::Publication::cite`]), for the UI and the reports alike.
    pub citation_vi: String,
    pub citation_en: String,
    /// The benchmark's kind in the reference data: `regulatory_norm` (a legal norm, định mức)
    /// or a typical value (`survey_average`, `typical_range`, `plant_value`, …: giá trị tham
    /// chiếu).
    pub kind: String,
}

/// Specific consumption of one input against production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SpecificLine {
    /// Flow category: `electricity`, `water`, `fuel`, `raw_material`, `wastewater`, or
    /// `total_energy` for every energy carrier together.
    pub category: String,
    /// What the value measures, as benchmarks name it (`electricity`, `water_intake`, `fuel`,
    /// `raw_material`, `wastewater`, `total_energy`): a benchmark is compared only with a line
    /// of its own indicator.
    pub indicator: String,
    /// Fuel code for fuels, else empty.
    pub fuel_code: String,
    /// Total input over the baseline, in the numerator unit.
    pub total: f64,
    pub value: f64,
    /// e.g. `kWh/t`.
    pub unit: String,
    pub benchmarks: Vec<BenchmarkComparison>,
}

/// The cost of one waste stream.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct WasteCostLine {
    pub waste_stream_id: String,
    pub name: String,
    pub cost: crate::calc::waste::WasteCost,
}

/// Every figure of one stored assessment, computed by the calculation engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct AssessmentCalcs {
    pub balances: Vec<ScopeBalance>,
    pub specific: Vec<SpecificLine>,
    pub waste_costs: Vec<WasteCostLine>,
    /// The cost of each flow that has a price, in the flow's period.
    pub flow_costs: Vec<FlowCost>,
    pub options: Vec<StoredOptionResult>,
    /// The options together.
    pub option_totals: OptionTotals,
    /// Energy of every carrier (electricity and each fuel, as flows of the baseline or per
    /// year) per unit of production: GJ, TOE and kWh per unit beside each other. None without
    /// energy flows or production ("no data yet", never a misleading 0).
    pub specific_energy: Option<crate::calc::energy::SpecificEnergy>,
    /// The process steps scored for the focus selection (NV3), highest total first.
    pub focus_ranking: Vec<crate::calc::score::FocusRank>,
    /// The options scored against the selection criteria (NV13), highest score first.
    pub selection_ranking: Vec<crate::calc::feasibility::OptionRank>,
    /// Each resource the options change, before and after (NV12).
    pub environment: Vec<crate::calc::feasibility::EnvironmentLine>,
    /// Each monitored indicator, realised against expected (NV16).
    pub monitoring: Vec<crate::calc::feasibility::MonitoringLine>,
}

/// What one flow costs (or, for an output, is worth) in its period: quantity × unit price.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct FlowCost {
    pub flow_id: String,
    /// Whole VND, rounded once.
    pub cost_vnd: i64,
}

/// The options of an assessment added up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OptionTotals {
    /// Σ investment of the options whose investment is known, whole VND.
    pub investment_vnd: i64,
    /// Options whose investment is not known (left out of the investment, NPV and payback).
    pub options_without_investment: usize,
    /// Σ annual net savings after tax, whole VND (the sum of the figures shown per option).
    pub annual_net_savings_vnd: i64,
    /// Σ NPV of the options whose NPV can be computed, whole VND; none when no option's can.
    pub npv_vnd: Option<i64>,
    /// Σ investment / Σ annual net savings of the options with a known investment.
    pub payback: Payback,
    /// Σ tCO2 avoided per year.
    pub tco2: f64,
    /// Σ TOE saved per year.
    pub toe: f64,
    /// Annual net savings per CP technique code, in the reference data's order of codes met:
    /// an option with several techniques is shared equally among them (whole VND); techniques
    /// with no positive savings are left out.
    pub by_technique: Vec<TechniqueSavings>,
}

/// The annual net savings of one CP technique (see [`OptionTotals::by_technique`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TechniqueSavings {
    pub code: String,
    pub annual_net_savings_vnd: i64,
}

/// Adds up the options of an assessment (`options` with their techniques, in the same order as
/// `results`); `techniques` are the reference data's technique codes in display order.
pub fn option_totals(
    options: &[crate::model::CpOption],
    results: &[StoredOptionResult],
    techniques: &[String],
) -> OptionTotals {
    let investment_vnd: i64 = options.iter().filter_map(|o| o.investment_vnd).sum();
    let annual: i64 = results
        .iter()
        .map(|o| o.result.economics.annual_net_savings_vnd)
        .sum();
    // The payback basis: options with a known investment and savings data.
    let basis: Vec<(i64, i64)> = options
        .iter()
        .zip(results)
        .filter(|(_, r)| r.result.economics.payback != Payback::NoSavings)
        .filter_map(|(o, r)| Some((o.investment_vnd?, r.result.economics.annual_net_savings_vnd)))
        .collect();
    let without = options
        .iter()
        .filter(|o| o.investment_vnd.is_none())
        .count();
    let npvs: Vec<i64> = results
        .iter()
        .filter_map(|o| o.result.economics.npv_vnd)
        .collect();
    let by_technique = techniques
        .iter()
        .filter_map(|code| {
            let share: f64 = options
                .iter()
                .zip(results)
                .filter(|(o, _)| o.techniques.contains(code))
                .map(|(o, r)| {
                    r.result.economics.annual_net_savings_vnd as f64
                        / o.techniques.len().max(1) as f64
                })
                .sum();
            (share > 0.0).then(|| TechniqueSavings {
                code: code.clone(),
                annual_net_savings_vnd: round_vnd(share),
            })
        })
        .collect();
    OptionTotals {
        investment_vnd,
        options_without_investment: without,
        annual_net_savings_vnd: annual,
        npv_vnd: (!npvs.is_empty()).then(|| npvs.iter().sum()),
        payback: if without == options.len() {
            Payback::NoInvestment
        } else if basis.is_empty() {
            Payback::NoSavings
        } else {
            payback(
                basis.iter().map(|b| b.0).sum::<i64>() as f64,
                basis.iter().map(|b| b.1).sum::<i64>() as f64,
            )
        },
        tco2: results.iter().map(|o| o.result.impact.tco2).sum(),
        toe: results.iter().map(|o| o.result.impact.toe).sum(),
        by_technique,
    }
}

/// The indicator of the line of every energy carrier together.
pub const TOTAL_ENERGY: &str = "total_energy";

/// The benchmark indicator a specific-consumption line of `category` measures.
fn indicator_of(category: FlowCategory) -> &'static str {
    match category {
        FlowCategory::Electricity => "electricity",
        FlowCategory::Water => "water_intake",
        FlowCategory::Wastewater => "wastewater",
        FlowCategory::RawMaterial => "raw_material",
        _ => "fuel",
    }
}

/// The sector's benchmarks of `indicator` per unit of product, each with `value` (in `unit`,
/// e.g. `MJ/t`) converted to the benchmark's unit, the furthest above first. A benchmark of
/// another indicator (wastewater against water intake, one carrier against total energy), per
/// tonne of raw material, or in a unit that does not convert is never compared.
fn compare_benchmarks(
    reference: &Reference,
    sector: &str,
    indicator: &str,
    value: f64,
    unit: &str,
) -> Vec<BenchmarkComparison> {
    let Some(ours) = RatioUnit::parse(unit) else {
        return Vec::new();
    };
    let mut out: Vec<BenchmarkComparison> = reference
        .benchmarks
        .iter()
        .filter(|b| b.sector == sector && b.indicator == indicator && b.basis == "product")
        .filter_map(|b| {
            let their = RatioUnit::parse(b.unit.split_whitespace().next()?)?;
            let v = convert_ratio(value, ours, their).ok()?;
            let (min, max) = match (b.value, b.min, b.max) {
                (Some(x), None, None) => (None, Some(x)),
                (_, lo, hi) => (lo, hi),
            };
            let position = against_benchmark(v, min, max).ok()?;
            let publication = reference
                .publications
                .iter()
                .find(|p| p.id == b.publication)?;
            Some(BenchmarkComparison {
                citable: publication.citable,
                citation_vi: publication.cite(true),
                citation_en: publication.cite(false),
                id: b.id.clone(),
                indicator_vi: b.indicator_vi.clone(),
                indicator_en: b.indicator_en.clone(),
                unit: b.unit.clone(),
                min,
                max,
                value: v,
                position,
                source: b.source.clone(),
                kind: b.kind.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.position.gap_pct.total_cmp(&a.position.gap_pct));
    out
}

/// Energy per unit of production across every carrier: the electricity and fuel input flows
/// of the baseline or per year (each fuel with its MOIT factor and coal grade), at the
/// assessment's grid factor, over its production. None when there is no such flow, no
/// production, or a flow cannot be converted (a partial total would mislead).
fn specific_energy(
    reference: &Reference,
    a: &crate::model::Assessment,
    flows: &[Flow],
) -> Option<crate::calc::energy::SpecificEnergy> {
    use crate::calc::energy::{EnergyInput, EnergyItem, Production, energy};
    use crate::model::Resource;
    let items: Vec<EnergyItem> = flows
        .iter()
        .filter(|f| {
            f.direction == crate::model::Direction::In
                && matches!(f.period, Period::Year | Period::Baseline)
                && (f.category == FlowCategory::Electricity
                    || (f.category == FlowCategory::Fuel && !f.fuel_code.is_empty()))
        })
        .map(|f| EnergyItem {
            resource: if f.category == FlowCategory::Electricity {
                Resource::Electricity
            } else {
                Resource::Fuel
            },
            name: f.name.clone(),
            fuel_code: f.fuel_code.clone(),
            quantity: f.quantity,
            unit: f.unit.clone(),
            coal_grade: f.coal_grade.clone(),
        })
        .collect();
    let uncoded_fuel = flows.iter().any(|f| {
        f.direction == crate::model::Direction::In
            && matches!(f.period, Period::Year | Period::Baseline)
            && f.category == FlowCategory::Fuel
            && f.fuel_code.is_empty()
    });
    if items.is_empty() || uncoded_fuel {
        return None;
    }
    let input = EnergyInput {
        items,
        grid: Some(crate::calc::option::assessment_grid(
            reference,
            a.grid_ef_year,
            a.custom_grid_ef,
            &a.custom_grid_ef_source,
        )),
        gwp: None,
        production: Some(Production {
            quantity: a.production_volume?,
            unit: a.production_unit.clone(),
        }),
    };
    energy(reference, &input).ok()?.specific
}

/// Balances per step, for the focus and for the site; specific consumption of inputs per unit of
/// production (flows of the baseline period or per year) against the sector's benchmarks; cost of
/// each waste stream (electricity and water priced from the assessment's own flows); options.
pub fn assessment_calcs(
    reference: &Reference,
    rows: &AssessmentRows,
) -> Result<AssessmentCalcs, DomainError> {
    let AssessmentRows {
        assessment: a,
        sector,
        steps,
        flows,
        waste_streams,
        options,
        monitoring,
    } = rows;
    let material = |c: FlowCategory| {
        matches!(
            c,
            FlowCategory::RawMaterial
                | FlowCategory::Auxiliary
                | FlowCategory::Product
                | FlowCategory::ByProduct
                | FlowCategory::SolidWaste
                | FlowCategory::Loss
        )
    };
    let water = |c: FlowCategory| matches!(c, FlowCategory::Water | FlowCategory::Wastewater);
    let scope = |scope: &str,
                 step_id: Option<String>,
                 name: String,
                 stock_t: Option<f64>,
                 pick: &dyn Fn(&Flow) -> bool|
     -> Result<ScopeBalance, CalcError> {
        let of = |keep: &dyn Fn(FlowCategory) -> bool| -> Vec<BalanceFlow> {
            flows
                .iter()
                .filter(|f| pick(f) && keep(f.category))
                .map(|f| BalanceFlow {
                    name: f.name.clone(),
                    direction: f.direction,
                    quantity: f.quantity,
                    unit: f.unit.clone(),
                })
                .collect()
        };
        Ok(ScopeBalance {
            scope: scope.into(),
            step_id,
            name,
            material: balance_with_stock(
                &of(&material),
                "t",
                stock_t
                    .map(|q| StockChange {
                        quantity: q,
                        unit: "t".into(),
                    })
                    .as_ref(),
            )?,
            water: balance(&of(&water), "m3")?,
        })
    };
    let mut balances = Vec::new();
    let mut ordered = steps.clone();
    ordered.sort_by_key(|s| s.seq);
    for s in &ordered {
        if flows
            .iter()
            .any(|f| f.step_id.as_deref() == Some(s.id.as_str()))
        {
            let b = scope(
                "step",
                Some(s.id.clone()),
                s.name.clone(),
                s.stock_change_t,
                &|f: &Flow| f.step_id.as_deref() == Some(s.id.as_str()),
            )
            .map_err(|e| {
                // A stock change the balance refuses names the step's field.
                let e = match e {
                    CalcError::Input { field, problem } if field.starts_with("stock_change") => {
                        CalcError::Input {
                            field: "stock_change_t".into(),
                            problem,
                        }
                    }
                    other => other,
                };
                DomainError::of_input(e).prefixed(&format!("process_steps[{}].", s.id))
            })?;
            balances.push(b);
        }
    }
    let focus: Vec<&str> = steps
        .iter()
        .filter(|s| s.is_focus)
        .map(|s| s.id.as_str())
        .collect();
    if !focus.is_empty() {
        let names = ordered
            .iter()
            .filter(|s| s.is_focus)
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let stock: Option<f64> = steps
            .iter()
            .filter(|s| s.is_focus)
            .filter_map(|s| s.stock_change_t)
            .reduce(|a, b| a + b);
        balances.push(scope("focus", None, names, stock, &|f: &Flow| {
            f.step_id.as_deref().is_some_and(|s| focus.contains(&s))
        })?);
    }
    if flows.iter().any(|f| f.step_id.is_none()) {
        balances.push(scope("site", None, String::new(), None, &|f: &Flow| {
            f.step_id.is_none()
        })?);
    }

    // Specific consumption over the production of the baseline: utilities (electricity, water,
    // each fuel) summed over every input flow of the site and the steps, since utilities are not
    // passed between steps; raw materials from site-level flows, or else from the first step
    // (later steps take in what earlier ones put out). Flows per year or per baseline only.
    let mut specific = Vec::new();
    let first_step = ordered.first().map(|s| s.id.as_str());
    let site_raw = flows
        .iter()
        .any(|f| f.step_id.is_none() && f.category == FlowCategory::RawMaterial);
    let mut totals: Vec<(FlowCategory, String, &'static str, f64)> = Vec::new();
    for f in flows {
        let raw_ok = if site_raw {
            f.step_id.is_none()
        } else {
            f.step_id.as_deref() == first_step
        };
        let counted = matches!(f.period, Period::Year | Period::Baseline)
            && match (f.direction, f.category) {
                (
                    crate::model::Direction::In,
                    FlowCategory::Electricity | FlowCategory::Fuel | FlowCategory::Water,
                ) => true,
                (crate::model::Direction::In, FlowCategory::RawMaterial) => raw_ok,
                (crate::model::Direction::Out, FlowCategory::Wastewater) => true,
                _ => false,
            };
        let Some(unit) = counted.then(|| Unit::parse(&f.unit)).flatten() else {
            continue;
        };
        let (num, to) = match unit.dimension() {
            Dimension::Energy => ("kWh", Unit::Kwh),
            Dimension::Volume => ("m3", Unit::M3),
            Dimension::Mass => ("t", Unit::T),
            _ => continue,
        };
        let Ok(q) = convert(f.quantity, unit, to) else {
            continue;
        };
        let fuel = if f.category == FlowCategory::Fuel {
            f.fuel_code.clone()
        } else {
            String::new()
        };
        match totals
            .iter_mut()
            .find(|t| t.0 == f.category && t.1 == fuel && t.2 == num)
        {
            Some(t) => t.3 += q,
            None => totals.push((f.category, fuel, num, q)),
        }
    }
    if let Some(production) = a.production_volume.filter(|p| *p > 0.0) {
        for (category, fuel_code, num, total) in totals {
            let unit = format!("{num}/{}", a.production_unit);
            let Ok(value) = specific_consumption(total, num, production, &a.production_unit, &unit)
            else {
                continue;
            };
            let indicator = indicator_of(category);
            let benchmarks = compare_benchmarks(reference, sector, indicator, value, &unit);
            specific.push(SpecificLine {
                category: category.code().to_string(),
                indicator: indicator.to_string(),
                fuel_code,
                total,
                value,
                unit,
                benchmarks,
            });
        }
    }
    // Every energy carrier together (electricity and each fuel converted), in MJ per unit, so
    // that total-energy benchmarks and norms are compared with a total, never with one carrier.
    let specific_energy = specific_energy(reference, a, flows);
    if let Some(e) = &specific_energy {
        let unit = format!("MJ/{}", e.per);
        let value = e.gj * 1000.0;
        specific.push(SpecificLine {
            category: TOTAL_ENERGY.to_string(),
            indicator: TOTAL_ENERGY.to_string(),
            fuel_code: String::new(),
            total: value * a.production_volume.unwrap_or(0.0),
            benchmarks: compare_benchmarks(reference, sector, TOTAL_ENERGY, value, &unit),
            value,
            unit,
        });
    }

    // Waste streams, with electricity and water priced from the assessment's own input flows.
    let price_of = |c: FlowCategory| {
        flows
            .iter()
            .find(|f| {
                f.category == c
                    && f.direction == crate::model::Direction::In
                    && f.unit_price_vnd.is_some()
            })
            .and_then(|f| {
                let per = match c {
                    FlowCategory::Electricity => {
                        convert(1.0, Unit::Kwh, Unit::parse(&f.unit)?).ok()?
                    }
                    _ => convert(1.0, Unit::M3, Unit::parse(&f.unit)?).ok()?,
                };
                Some(f.unit_price_vnd? as f64 * per)
            })
    };
    let (kwh_price, water_price) = (
        price_of(FlowCategory::Electricity),
        price_of(FlowCategory::Water),
    );
    let mut waste_costs = Vec::new();
    for w in waste_streams {
        let cost = waste_cost(&WasteCostInput {
            quantity: w.quantity,
            material_value_per_unit_vnd: w.material_value_per_unit_vnd,
            embedded_energy_kwh: w.embedded_energy_kwh,
            electricity_price_vnd_per_kwh: kwh_price,
            embedded_water_m3: w.embedded_water_m3,
            water_price_vnd_per_m3: water_price,
            treatment_vnd: w.treatment_cost_vnd,
            disposal_vnd: w.disposal_cost_vnd,
            fees_vnd: w.fees_vnd,
        })?;
        waste_costs.push(WasteCostLine {
            waste_stream_id: w.id.clone(),
            name: w.name.clone(),
            cost,
        });
    }
    let flow_costs = flows
        .iter()
        .filter_map(|f| {
            Some(FlowCost {
                flow_id: f.id.clone(),
                cost_vnd: round_vnd(f.quantity * f.unit_price_vnd? as f64),
            })
        })
        .collect();
    let results = assessment_options(reference, a, options)?;
    let codes: Vec<String> = reference
        .techniques
        .iter()
        .map(|t| t.code.clone())
        .collect();
    Ok(AssessmentCalcs {
        balances,
        specific,
        waste_costs,
        flow_costs,
        option_totals: option_totals(options, &results, &codes),
        specific_energy,
        options: results,
        focus_ranking: crate::calc::score::focus_ranking(steps),
        selection_ranking: crate::calc::feasibility::selection_ranking(a, options),
        environment: crate::calc::feasibility::environment(reference, a, flows, options),
        monitoring: crate::calc::feasibility::monitoring(monitoring, options),
    })
}
