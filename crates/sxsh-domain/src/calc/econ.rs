//! Option economics: annual net savings, simple payback, NPV, IRR and a one-factor sensitivity.

use serde::{Deserialize, Serialize};

/// Lowest rate the IRR search considers (−99 %).
pub const IRR_MIN: f64 = -0.99;
/// Highest rate the IRR search considers (1000 %).
pub const IRR_MAX: f64 = 10.0;

/// Most years a cash-flow series may cover after year 0.
pub const MAX_CASH_FLOW_YEARS: usize = 100;

/// One resource line of an option: quantity per year × price per unit (whole VND). A line
/// marked `added` is a resource the option uses more of (the new fuel of a fuel switch, a
/// pump's electricity): its cost counts against the savings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SavingLine {
    pub quantity: f64,
    pub unit_price_vnd: i64,
    #[serde(default)]
    pub added: bool,
}

impl SavingLine {
    /// `quantity × price`, negative for an added resource.
    pub fn value(&self) -> f64 {
        let v = self.quantity * self.unit_price_vnd as f64;
        if self.added { -v } else { v }
    }
}

/// What the economics of an option need. Money in whole VND.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct EconInput {
    /// None when the investment is not known (many published results give savings only):
    /// payback, NPV and IRR are then not computable.
    pub investment_vnd: Option<i64>,
    pub savings: Vec<SavingLine>,
    /// Change in yearly operating cost (positive = the option costs more to run).
    pub opex_change_vnd: i64,
    pub life_years: u32,
    /// Discount rate as a fraction (0.10 = 10 %).
    pub discount_rate: f64,
    /// Profit tax as a fraction; 0 = not applied.
    pub tax_rate: f64,
    /// An explicit cash-flow series, year 0..n (investment, savings, a mid-life replacement, a
    /// salvage value, a grant), whole VND: when given, NPV, IRR and payback come from it
    /// instead of the investment and the annual savings.
    #[serde(default)]
    pub cash_flows_vnd: Option<Vec<i64>>,
    /// The two trial rates of the interpolated ("textbook") IRR, when the user chose them;
    /// none: the 1-point grid's pair that brackets the root.
    #[serde(default)]
    pub irr_trial_rates: Option<(f64, f64)>,
}

/// Simple payback: years, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payback {
    Years {
        years: f64,
    },
    /// Net savings ≤ 0: the investment is never paid back.
    Undefined {
        reason: String,
    },
    /// The investment is not known: payback cannot be computed (never shown as 0).
    NoInvestment,
    /// The option has no saving line (and no cash-flow series) yet: nothing to pay back with,
    /// which is "no data yet", not "never paid back".
    NoSavings,
}

/// The internal rate of return, or why there is no single one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Irr {
    /// Exactly one rate in −99 %…1000 % makes NPV zero.
    Unique { rate: f64 },
    /// Several rates make NPV zero: IRR is ambiguous; all are listed.
    Multiple { rates: Vec<f64> },
    /// No rate does: `reason` says why (no sign change, or no root in the range).
    None { reason: String },
    /// The one root lies above 1000 % (a tiny investment against large savings).
    AboveMax,
    /// The investment is not known.
    NoInvestment,
    /// The option has no saving line (and no cash-flow series) yet.
    NoSavings,
}

/// The IRR by linear interpolation between two trial rates, as Vietnamese CP reports and bank
/// appraisals quote it: `IRR = r1 + (r2 − r1)·NPV1 / (NPV1 − NPV2)` with `NPV1 > 0 > NPV2`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct InterpolatedIrr {
    /// Trial rates as fractions (0.15 = 15 %).
    pub r1: f64,
    pub r2: f64,
    /// NPV at each trial rate, whole VND.
    pub npv1_vnd: i64,
    pub npv2_vnd: i64,
    pub rate: f64,
    /// True when the user chose the rates; false for the 1-point grid.
    pub chosen: bool,
}

/// Everything computed for one option. Money in whole VND, each figure rounded once from the
/// unrounded computation (payback, NPV and IRR use the unrounded savings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Economics {
    /// Σ quantity × price.
    pub gross_savings_vnd: i64,
    /// Before tax: gross savings − opex change.
    pub net_savings_before_tax_vnd: i64,
    /// After tax: net − tax × max(0, net − investment / life) (straight-line depreciation).
    pub annual_net_savings_vnd: i64,
    pub payback: Payback,
    /// None when the investment is not known.
    pub npv_vnd: Option<i64>,
    pub irr: Irr,
    /// The interpolated IRR beside the exact one; none when no pair of rates brackets a root.
    pub irr_interpolated: Option<InterpolatedIrr>,
    /// True when NPV, IRR and payback come from the option's own cash-flow series.
    pub from_cash_flows: bool,
}

/// A money figure in whole VND: rounded half away from zero, once, where a computed amount
/// becomes a figure; a non-finite value (which checked inputs never give) is 0, and a value
/// beyond ±9.2·10¹⁸ saturates.
pub fn round_vnd(x: f64) -> i64 {
    if x.is_finite() { x.round() as i64 } else { 0 }
}

/// NPV of cash flows `flows[t]` at the end of year t (t = 0 is now):
/// `NPV = Σ flows[t] / (1 + r)^t`.
pub fn npv(rate: f64, flows: &[f64]) -> f64 {
    let factor = 1.0 / (1.0 + rate);
    let mut discount = 1.0;
    let mut total = 0.0;
    for cf in flows {
        total += cf * discount;
        discount *= factor;
    }
    total
}

/// Cash flows of an option: `−I` now, then the annual net savings for `life` years.
pub fn cash_flows(investment: f64, annual: f64, life: u32) -> Vec<f64> {
    std::iter::once(-investment)
        .chain(std::iter::repeat_n(annual, life as usize))
        .collect()
}

fn sign_changes(flows: &[f64]) -> usize {
    let signs: Vec<bool> = flows
        .iter()
        .filter(|c| **c != 0.0)
        .map(|c| *c > 0.0)
        .collect();
    signs.windows(2).filter(|w| w[0] != w[1]).count()
}

/// Finds the root of `npv(·, flows)` in `[lo, hi]`, where it changes sign, by bisection
/// (robust; 200 halvings reach machine precision on this range).
fn bisect(flows: &[f64], mut lo: f64, mut hi: f64) -> f64 {
    let mut f_lo = npv(lo, flows);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        let f_mid = npv(mid, flows);
        if f_mid == 0.0 || (hi - lo) < 1e-13 {
            return mid;
        }
        if (f_mid > 0.0) == (f_lo > 0.0) {
            lo = mid;
            f_lo = f_mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// IRR of `flows` over −99 %…1000 %.
///
/// No sign change in the cash flows → no IRR. One sign change → by Descartes' rule of signs at
/// most one root, found by bisection on the whole range. Several sign changes → the range is
/// scanned on a fine grid (denser near 0) and every bracketed root refined; more than one root
/// is reported as [`Irr::Multiple`].
pub fn irr(flows: &[f64]) -> Irr {
    if flows.iter().any(|c| !c.is_finite()) {
        return Irr::None {
            reason: "cash flows are not finite numbers".into(),
        };
    }
    let changes = sign_changes(flows);
    if changes == 0 {
        return Irr::None {
            reason: "cash flows never change sign".into(),
        };
    }
    if changes == 1 {
        let (a, b) = (npv(IRR_MIN, flows), npv(IRR_MAX, flows));
        if (a > 0.0) == (b > 0.0) && a != 0.0 && b != 0.0 {
            // As r grows, NPV tends to the first flow: still of the other sign at 1000 %, the
            // root lies above it.
            let first = flows.iter().copied().find(|c| *c != 0.0).unwrap_or(0.0);
            if (b > 0.0) != (first > 0.0) {
                return Irr::AboveMax;
            }
            return Irr::None {
                reason: "the rate that makes NPV zero lies below −99 %".into(),
            };
        }
        return Irr::Unique {
            rate: bisect(flows, IRR_MIN, IRR_MAX),
        };
    }
    // Several sign changes: scan. Grid in ln(1 + r) so small rates are sampled finely.
    let n = 4000;
    let (lo, hi) = ((1.0 + IRR_MIN).ln(), (1.0 + IRR_MAX).ln());
    let rate_at = |i: usize| (lo + (hi - lo) * i as f64 / n as f64).exp() - 1.0;
    let mut roots: Vec<f64> = Vec::new();
    let mut prev_r = rate_at(0);
    let mut prev_v = npv(prev_r, flows);
    for i in 1..=n {
        let r = rate_at(i);
        let v = npv(r, flows);
        if v == 0.0 {
            roots.push(r);
        } else if prev_v != 0.0 && (v > 0.0) != (prev_v > 0.0) {
            roots.push(bisect(flows, prev_r, r));
        }
        prev_r = r;
        prev_v = v;
    }
    roots.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
    match roots.len() {
        0 => Irr::None {
            reason: "no rate in −99 %…1000 % makes NPV zero".into(),
        },
        1 => Irr::Unique { rate: roots[0] },
        _ => Irr::Multiple { rates: roots },
    }
}

/// Why an input cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct InputError {
    pub field: String,
    pub problem: &'static str,
}

fn field_err(field: impl Into<String>, problem: &'static str) -> InputError {
    InputError {
        field: field.into(),
        problem,
    }
}

impl EconInput {
    /// Refuses NaN, infinities, a negative investment, quantity or price, a life of 0 years, a
    /// discount rate outside 0–100 % and a tax rate outside 0–100 %.
    pub fn check(&self) -> Result<(), Vec<InputError>> {
        let mut errors = Vec::new();
        let mut non_negative = |field: String, x: f64| {
            if !x.is_finite() {
                errors.push(field_err(field, "not_finite"));
            } else if x < 0.0 {
                errors.push(field_err(field, "negative"));
            }
        };
        if let Some(i) = self.investment_vnd {
            non_negative("investment_vnd".into(), i as f64);
        }
        for (i, s) in self.savings.iter().enumerate() {
            non_negative(format!("savings[{i}].quantity"), s.quantity);
            non_negative(
                format!("savings[{i}].unit_price_vnd"),
                s.unit_price_vnd as f64,
            );
        }
        if self.life_years == 0 || self.life_years > 50 {
            errors.push(field_err("life_years", "out_of_range"));
        }
        if let Some(flows) = &self.cash_flows_vnd
            && !(2..=MAX_CASH_FLOW_YEARS + 1).contains(&flows.len())
        {
            errors.push(field_err("cash_flows_vnd", "out_of_range"));
        }
        if let Some((r1, r2)) = self.irr_trial_rates {
            for (name, r) in [("irr_trial_rates[0]", r1), ("irr_trial_rates[1]", r2)] {
                if !r.is_finite() {
                    errors.push(field_err(name, "not_finite"));
                } else if !(IRR_MIN..=IRR_MAX).contains(&r) {
                    errors.push(field_err(name, "out_of_range"));
                }
            }
            if r1.is_finite() && r2.is_finite() && r1 >= r2 {
                errors.push(field_err("irr_trial_rates[1]", "out_of_range"));
            }
        }
        for (name, x) in [
            ("discount_rate", self.discount_rate),
            ("tax_rate", self.tax_rate),
        ] {
            if !x.is_finite() {
                errors.push(field_err(name, "not_finite"));
            } else if !(0.0..=1.0).contains(&x) {
                errors.push(field_err(name, "out_of_range"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Annual savings, unrounded: gross `Σ qᵢ·pᵢ`, before tax `gross − opex`, and after tax
/// `before − tax·max(0, before − I/life)`.
pub fn annual_net_savings(input: &EconInput) -> (f64, f64, f64) {
    scaled_savings(input, Scale::NONE)
}

/// Multipliers of investment, saved quantities and unit prices (1 = as entered), for the
/// sensitivity table: the moved figures are computed unrounded, as the others.
#[derive(Clone, Copy)]
struct Scale {
    investment: f64,
    quantity: f64,
    price: f64,
}

impl Scale {
    const NONE: Scale = Scale {
        investment: 1.0,
        quantity: 1.0,
        price: 1.0,
    };
}

fn scaled_savings(input: &EconInput, k: Scale) -> (f64, f64, f64) {
    let gross: f64 = input
        .savings
        .iter()
        .map(|s| s.value() * k.quantity * k.price)
        .sum();
    let before_tax = gross - input.opex_change_vnd as f64;
    // Unknown investment: no depreciation to deduct.
    let investment = input.investment_vnd.unwrap_or(0) as f64 * k.investment;
    let depreciation = investment / f64::from(input.life_years.max(1));
    let taxable = (before_tax - depreciation).max(0.0);
    (gross, before_tax, before_tax - input.tax_rate * taxable)
}

/// Simple payback = investment / annual net savings; undefined when savings ≤ 0.
pub fn payback(investment: f64, annual_net: f64) -> Payback {
    if annual_net <= 0.0 {
        Payback::Undefined {
            reason: if annual_net == 0.0 {
                "annual net savings are zero".into()
            } else {
                "annual net savings are negative".into()
            },
        }
    } else {
        Payback::Years {
            years: investment / annual_net,
        }
    }
}

/// NPV of a constant annuity without allocating: `−I + S·(1 − (1+r)^−n)/r` (`S·n` at r = 0).
pub fn npv_annuity(investment: f64, annual: f64, rate: f64, life: u32) -> f64 {
    if rate.abs() < 1e-12 {
        return -investment + annual * f64::from(life);
    }
    -investment + annual * (1.0 - (1.0 + rate).powi(-(life as i32))) / rate
}

/// IRR of `−I` then `S` for `n` years, without allocating. One sign change at most, so the
/// root is unique when it exists. Safeguarded Newton: Newton steps on the annuity formula,
/// falling back to bisection whenever a step would leave the bracket [−99 %, 1000 %] that
/// holds the root; typically 4–8 evaluations.
pub fn irr_annuity(investment: f64, annual: f64, life: u32) -> Irr {
    if investment == 0.0 || annual == 0.0 || (investment > 0.0) == (annual < 0.0) {
        return Irr::None {
            reason: "cash flows never change sign".into(),
        };
    }
    let n = f64::from(life);
    let f = |r: f64| npv_annuity(investment, annual, r, life);
    // d/dr of S·(1 − (1+r)^−n)/r, with its limit at r = 0.
    let df = |r: f64| {
        if r.abs() < 1e-9 {
            return -annual * n * (n + 1.0) / 2.0;
        }
        let v = (1.0 + r).powf(-n);
        annual * (n * v / (1.0 + r) * r - (1.0 - v)) / (r * r)
    };
    let (mut lo, mut hi) = (IRR_MIN, IRR_MAX);
    let f_lo = f(lo);
    let f_hi = f(hi);
    if (f_lo > 0.0) == (f_hi > 0.0) {
        // NPV tends to −I as r grows: still of the other sign at 1000 %, the root is above.
        if (f_hi > 0.0) != (-investment > 0.0) {
            return Irr::AboveMax;
        }
        return Irr::None {
            reason: "the rate that makes NPV zero lies below −99 %".into(),
        };
    }
    let lo_positive = f_lo > 0.0;
    // For a long life the IRR tends to S / I; a good first guess.
    let mut r = (annual / investment).clamp(lo + 1e-6, hi - 1e-6);
    for _ in 0..200 {
        let v = f(r);
        if v == 0.0 {
            break;
        }
        if (v > 0.0) == lo_positive {
            lo = r;
        } else {
            hi = r;
        }
        let d = df(r);
        let newton = r - v / d;
        let next = if d != 0.0 && newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let done = (next - r).abs() <= 1e-13 * (1.0 + r.abs()) || hi - lo <= 1e-13;
        r = next;
        if done {
            break;
        }
    }
    Irr::Unique { rate: r }
}

/// Payback from cumulative cash flows: the point after which the cumulative sum stays ≥ 0,
/// interpolated within its year (`t − 1 + deficit / flow_t`); 0 when it never goes below 0;
/// undefined when it ends below 0.
pub fn payback_of_flows(flows: &[f64]) -> Payback {
    let mut cumulative = 0.0;
    let mut last_negative: Option<(usize, f64)> = None;
    for (t, cf) in flows.iter().enumerate() {
        let before = cumulative;
        cumulative += cf;
        if cumulative < 0.0 {
            last_negative = None;
            continue;
        }
        if before < 0.0 && last_negative.is_none() {
            last_negative = Some((t, before));
        }
    }
    if cumulative < 0.0 {
        return Payback::Undefined {
            reason: "the cumulative cash flows end below zero".into(),
        };
    }
    match last_negative {
        None => Payback::Years { years: 0.0 },
        Some((t, deficit)) => Payback::Years {
            years: (t - 1) as f64 + (-deficit) / flows[t],
        },
    }
}

/// The interpolated IRR between `r1` and `r2` of the NPV function `npv_at`, if
/// `NPV(r1) > 0 > NPV(r2)`.
pub fn interpolated_irr(
    npv_at: impl Fn(f64) -> f64,
    r1: f64,
    r2: f64,
    chosen: bool,
) -> Option<InterpolatedIrr> {
    let (n1, n2) = (npv_at(r1), npv_at(r2));
    if !(n1 > 0.0 && n2 < 0.0) {
        return None;
    }
    Some(InterpolatedIrr {
        r1,
        r2,
        npv1_vnd: round_vnd(n1),
        npv2_vnd: round_vnd(n2),
        rate: r1 + (r2 - r1) * n1 / (n1 - n2),
        chosen,
    })
}

/// The textbook IRR with trial rates on a 1-point grid: the first whole percent `k` from 0 %
/// to 999 % with `NPV(k %) > 0 > NPV(k + 1 %)`; none when no such pair exists. `exact` (the
/// exact IRR) gives the pair at once when it is unique; otherwise the grid is scanned.
pub fn textbook_irr(npv_at: impl Fn(f64) -> f64, exact: &Irr) -> Option<InterpolatedIrr> {
    match exact {
        Irr::Unique { rate } if (0.0..IRR_MAX).contains(rate) => {
            let k = (rate * 100.0).floor();
            for k in [k, k - 1.0, k + 1.0] {
                if (0.0..1000.0).contains(&k) {
                    let found = interpolated_irr(&npv_at, k / 100.0, (k + 1.0) / 100.0, false);
                    if found.is_some() {
                        return found;
                    }
                }
            }
            None
        }
        Irr::Multiple { .. } => {
            let mut prev = npv_at(0.0);
            for k in 1..=1000 {
                let r = f64::from(k) / 100.0;
                let v = npv_at(r);
                if prev > 0.0 && v < 0.0 {
                    return interpolated_irr(&npv_at, r - 0.01, r, false);
                }
                prev = v;
            }
            None
        }
        _ => None,
    }
}

/// Economics of one option. The caller checks the input first ([`EconInput::check`]).
pub fn economics(input: &EconInput) -> Economics {
    scaled_economics(input, Scale::NONE)
}

/// The option's own cash-flow series, scaled for the sensitivity table: its negative flow of
/// year 0 moved with the investment, its positive flows after year 0 with savings and prices.
fn scaled_flows(input: &EconInput, k: Scale) -> Option<Vec<f64>> {
    let series = input.cash_flows_vnd.as_ref()?;
    Some(
        series
            .iter()
            .enumerate()
            .map(|(t, &cf)| {
                let cf = cf as f64;
                if t == 0 && cf < 0.0 {
                    cf * k.investment
                } else if t > 0 && cf > 0.0 {
                    cf * k.quantity * k.price
                } else {
                    cf
                }
            })
            .collect(),
    )
}

fn scaled_economics(input: &EconInput, k: Scale) -> Economics {
    let (gross, before_tax, net) = scaled_savings(input, k);
    let mut e = Economics {
        gross_savings_vnd: round_vnd(gross),
        net_savings_before_tax_vnd: round_vnd(before_tax),
        annual_net_savings_vnd: round_vnd(net),
        payback: Payback::NoInvestment,
        npv_vnd: None,
        irr: Irr::NoInvestment,
        irr_interpolated: None,
        from_cash_flows: input.cash_flows_vnd.is_some(),
    };
    // No saving line and no series: "no data yet" — not "never paid back", not an NPV of −I.
    if input.savings.is_empty() && input.cash_flows_vnd.is_none() {
        e.payback = Payback::NoSavings;
        e.irr = Irr::NoSavings;
        return e;
    }
    let rate = input.discount_rate;
    if let Some(flows) = scaled_flows(input, k) {
        e.payback = payback_of_flows(&flows);
        e.npv_vnd = Some(round_vnd(npv(rate, &flows)));
        e.irr = irr(&flows);
        e.irr_interpolated = interpolated(input, |r| npv(r, &flows), &e.irr);
    } else if let Some(i) = input.investment_vnd {
        // A constant annuity: computed without building the flows (roll-ups compute many).
        let (investment, life) = (i as f64 * k.investment, input.life_years);
        e.payback = payback(investment, net);
        e.npv_vnd = Some(round_vnd(npv_annuity(investment, net, rate, life)));
        e.irr = irr_annuity(investment, net, life);
        e.irr_interpolated = interpolated(input, |r| npv_annuity(investment, net, r, life), &e.irr);
    }
    e
}

/// The interpolated IRR at the user's trial rates, else on the 1-point grid.
fn interpolated(
    input: &EconInput,
    npv_at: impl Fn(f64) -> f64,
    exact: &Irr,
) -> Option<InterpolatedIrr> {
    match input.irr_trial_rates {
        Some((r1, r2)) => interpolated_irr(npv_at, r1, r2, true),
        None => textbook_irr(npv_at, exact),
    }
}

/// One line of the sensitivity table: a factor moved by −20 % and +20 %.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SensitivityCase {
    /// `investment`, `savings` (quantities) or `price` (unit prices).
    pub factor: String,
    pub change_pct: f64,
    /// None when the investment is not known.
    pub npv_vnd: Option<i64>,
    pub payback: Payback,
}

/// One-factor sensitivity: NPV and payback with investment, saved quantities and prices each
/// moved by −20 % and +20 %, the others held (for a cash-flow series: its negative flow of year
/// 0, and its positive flows after year 0).
pub fn sensitivity(input: &EconInput) -> Vec<SensitivityCase> {
    let mut out = Vec::new();
    for factor in ["investment", "savings", "price"] {
        for change in [-0.2, 0.2] {
            let mut k = Scale::NONE;
            match factor {
                "investment" => k.investment += change,
                "savings" => k.quantity += change,
                _ => k.price += change,
            }
            let e = scaled_economics(input, k);
            out.push(SensitivityCase {
                factor: factor.into(),
                change_pct: change * 100.0,
                npv_vnd: e.npv_vnd,
                payback: e.payback,
            });
        }
    }
    out
}
