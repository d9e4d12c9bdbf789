//! `sxsh calc`: one option from a JSON file, or a roll-up of the data directory, printed as a
//! readable table (labels from the catalogs, vi-VN numbers by default) or as JSON.

use std::path::Path;
use sxsh_api::calc::{
    Irr, OptionCalcInput, OptionCalcResult, Payback, RollupQuery, RollupReport, TargetStatus,
};
use sxsh_api::i18n::{Catalog, Lang, cli, format_number, significant_decimals};
use sxsh_api::{Api, ApiError, ErrorCode};

struct Out<'a> {
    c: &'a Catalog,
    lang: Lang,
}

impl Out<'_> {
    fn n(&self, v: f64, decimals: usize) -> String {
        format_number(v, decimals, self.lang)
    }

    /// A whole-VND amount.
    fn money(&self, v: i64) -> String {
        format_number(v as f64, 0, self.lang)
    }

    fn row(&self, key: &str, value: String) {
        crate::outln!("  {:<46} {value}", self.c.t(key));
    }

    fn payback(&self, p: &Payback) -> String {
        match p {
            Payback::Years { years } if *years == 0.0 => self.c.t("option.payback_now").to_string(),
            Payback::Years { years } => format!("{} {}", self.n(*years, 2), self.c.t("unit.years")),
            Payback::Undefined { reason } => {
                format!("{} ({reason})", self.c.t("option.payback_undefined"))
            }
            Payback::NoInvestment => self.c.t("option.no_investment").to_string(),
            Payback::NoSavings => self.c.t("option.no_savings").to_string(),
        }
    }

    fn irr(&self, irr: &Irr) -> String {
        match irr {
            Irr::Unique { rate } => format!("{} %", self.n(rate * 100.0, 2)),
            Irr::Multiple { rates } => format!(
                "{}: {}",
                self.c.t("option.irr_multiple"),
                rates
                    .iter()
                    .map(|r| format!("{} %", self.n(r * 100.0, 2)))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            Irr::None { reason } => format!("{} ({reason})", self.c.t("option.irr_none")),
            Irr::AboveMax => self.c.t("option.irr_above_max").to_string(),
            Irr::NoInvestment => self.c.t("option.no_investment").to_string(),
            Irr::NoSavings => self.c.t("option.no_savings").to_string(),
        }
    }

    /// An amount that may not be known: "… VND", or `missing` from the catalog.
    fn money_or(&self, v: Option<i64>, missing: &str) -> String {
        match v {
            Some(v) => format!("{} VND", self.money(v)),
            None => self.c.t(missing).to_string(),
        }
    }

    /// Energy and emissions of one side of an option.
    fn impact(&self, key: &str, i: &sxsh_api::calc::Impact) {
        self.row(
            key,
            format!(
                "{} GJ; {} TOE; {} tCO2",
                self.n(i.gj, 1),
                self.n(i.toe, 2),
                self.n(i.tco2, 2)
            ),
        );
    }
}

/// Reads a JSON input file of the calculations (bounded, a regular file, UTF-8 with or without
/// a byte-order mark); a file that does not match its format is `INVALID_INPUT`, naming where.
fn read_input<T: serde::de::DeserializeOwned>(input: &Path) -> Result<T, ApiError> {
    let bytes = sxsh_api::read_import_file(input)?;
    serde_json::from_slice(sxsh_api::strip_bom(&bytes))
        .map_err(|e| ApiError::new(ErrorCode::InvalidInput, format!("{}: {e}", input.display())))
}

/// Reads a balance input file and prints the balance.
pub fn balance(api: &Api, input: &Path, lang: Lang, json: bool) -> Result<(), ApiError> {
    let b = api.calc_balance(&read_input(input)?)?;
    if json {
        crate::print_json(&b);
        return Ok(());
    }
    let o = Out { c: cli(lang), lang };
    let q = |x: f64| format!("{} {}", o.n(x, 2), b.unit);
    let pct = |x: Option<f64>| {
        x.map_or_else(
            || o.c.t("no_data").to_string(),
            |v| format!("{} %", o.n(v, 1)),
        )
    };
    crate::outln!("{}", o.c.t("balance.title"));
    o.row("balance.in", q(b.total_in));
    o.row("balance.out", q(b.total_out));
    if b.stock_change != 0.0 {
        o.row("balance.stock_change", q(b.stock_change));
    }
    o.row("balance.closure", pct(b.closure_pct));
    o.row(
        "balance.unidentified",
        format!("{} ({})", q(b.unidentified), pct(b.unidentified_pct)),
    );
    if b.measurement_error {
        o.row(
            "balance.warning",
            o.c.t("balance.measurement_error").to_string(),
        );
    }
    if !b.incompatible.is_empty() {
        o.row("balance.incompatible", b.incompatible.join(", "));
    }
    Ok(())
}

/// Reads a specific-consumption input file and prints the result.
pub fn specific(api: &Api, input: &Path, lang: Lang, json: bool) -> Result<(), ApiError> {
    let r = api.calc_specific(&read_input(input)?)?;
    if json {
        crate::print_json(&r);
        return Ok(());
    }
    let o = Out { c: cli(lang), lang };
    crate::outln!("{}", o.c.t("specific.title"));
    o.row(
        "specific.value",
        format!("{} {}", o.n(r.value, significant_decimals(r.value)), r.unit),
    );
    if let Some(b) = &r.benchmark {
        let position = match b.position {
            sxsh_api::calc::Position::Below => "specific.below",
            sxsh_api::calc::Position::Within => "specific.within",
            sxsh_api::calc::Position::Above => "specific.above",
        };
        o.row(
            "specific.benchmark",
            format!("{} ({:+} %)", o.c.t(position), o.n(b.gap_pct, 1)),
        );
    }
    if let Some(s) = &r.realised {
        o.row(
            "specific.after",
            format!(
                "{} {}",
                o.n(s.sc_after, significant_decimals(s.sc_after)),
                s.sc_unit
            ),
        );
        let unit = s.sc_unit.split('/').next().unwrap_or_default();
        o.row(
            "specific.realised",
            format!(
                "{} {unit}{}",
                o.n(s.saving, significant_decimals(s.saving)),
                s.cut_pct
                    .map(|c| format!(" ({} %)", o.n(c, 1)))
                    .unwrap_or_default()
            ),
        );
    }
    Ok(())
}

/// Reads an energy input file and prints GJ, TOE and tCO2 per carrier, in total and per unit.
pub fn energy(api: &Api, input: &Path, lang: Lang, json: bool) -> Result<(), ApiError> {
    let e = api.calc_energy(&read_input(input)?)?;
    if json {
        crate::print_json(&e);
        return Ok(());
    }
    let o = Out { c: cli(lang), lang };
    crate::outln!("{}", o.c.t("energy.title"));
    for l in &e.lines {
        crate::outln!(
            "  {:<46} {} GJ; {} TOE; {} tCO2",
            l.name,
            o.n(l.impact.gj, 2),
            o.n(l.impact.toe, 3),
            o.n(l.impact.tco2, 3)
        );
    }
    o.impact("energy.total", &e.total);
    if let Some(x) = e.total.tco2e {
        o.row("option.co2e", format!("{} tCO2e", o.n(x, 3)));
    }
    if e.total.biogenic_tco2 > 0.0 {
        o.row(
            "option.biogenic",
            format!("{} tCO2", o.n(e.total.biogenic_tco2, 3)),
        );
    }
    if let Some(s) = &e.specific {
        o.row(
            "energy.specific",
            format!(
                "{} GJ/{p}; {} TOE/{p}; {} kWh/{p} ({}); {} tCO2/{p}",
                o.n(s.gj, significant_decimals(s.gj)),
                o.n(s.toe, significant_decimals(s.toe)),
                o.n(s.electricity_kwh, significant_decimals(s.electricity_kwh)),
                o.c.t("energy.electricity_only"),
                o.n(s.tco2, significant_decimals(s.tco2)),
                p = s.per
            ),
        );
    }
    print_factors(&o, &e.total.factors);
    Ok(())
}

/// Reads a file of options and prints their roll-up, as recorded and recomputed at one year.
pub fn rollup_file(api: &Api, input: &Path, lang: Lang, json: bool) -> Result<(), ApiError> {
    let r = api.calc_rollup_file(&read_input(input)?)?;
    if json {
        crate::print_json(&r);
        return Ok(());
    }
    let o = Out { c: cli(lang), lang };
    let print = |title: String, t: &sxsh_api::calc::FileRollupTotals| {
        crate::outln!("{title}");
        let f = &t.figures;
        o.row(
            "rollup.options",
            format!(
                "{} / {} / {}",
                f.options_identified, f.options_selected, f.options_implemented
            ),
        );
        if f.options_rejected > 0 {
            o.row("rollup.rejected", f.options_rejected.to_string());
        }
        for (key, s, payback) in [
            ("rollup.identified", &f.identified, &t.payback_identified),
            ("rollup.implemented", &f.implemented, &t.payback_implemented),
        ] {
            o.row(
                key,
                format!(
                    "{} VND; {} kWh; {} TOE; {} tCO2",
                    o.money(s.net_vnd),
                    o.n(s.electricity_kwh, 0),
                    o.n(s.toe, 2),
                    o.n(s.tco2, 2)
                ),
            );
            o.row(
                "rollup.investment_known",
                format!("{} VND", o.money(s.investment_vnd)),
            );
            o.row("rollup.payback", o.payback(payback));
            if s.options_without_investment > 0 {
                o.row(
                    "rollup.without_investment",
                    s.options_without_investment.to_string(),
                );
            }
        }
        o.row(
            "rollup.grid_years",
            t.grid_years
                .iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        );
    };
    print(o.c.t("rollup.as_recorded").to_string(), &r.as_recorded);
    if r.mixed_grid_years {
        o.row(
            "rollup.warning",
            o.c.t("rollup.warning.MIXED_GRID_FACTORS").to_string(),
        );
    }
    if let Some(t) = &r.recomputed {
        let year = t.grid_years.first().copied().unwrap_or_default();
        print(
            o.c.t("rollup.recomputed")
                .replace("{year}", &year.to_string()),
            t,
        );
    }
    if r.uncomputed_lines > 0 {
        o.row(
            "rollup.warning",
            o.c.t("rollup.warning.UNCOMPUTED_OPTIONS").to_string(),
        );
    }
    Ok(())
}

/// Reads an option input file and prints its calculation.
pub fn option(api: &Api, input: &Path, lang: Lang, json: bool) -> Result<(), ApiError> {
    let parsed: OptionCalcInput = read_input(input)?;
    let result = api.calc_option(&parsed)?;
    if json {
        crate::print_json(&result);
    } else {
        print_option(&parsed, &result, lang);
    }
    Ok(())
}

fn print_option(input: &OptionCalcInput, r: &OptionCalcResult, lang: Lang) {
    let o = Out { c: cli(lang), lang };
    let e = &r.economics;
    crate::outln!("{}", o.c.t("option.title"));
    o.row(
        "option.investment",
        o.money_or(input.investment_vnd, "option.investment_unknown"),
    );
    if let Some(flows) = &input.cash_flows_vnd {
        o.row(
            "option.cash_flows",
            flows
                .iter()
                .map(|cf| o.money(*cf))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    o.row(
        "option.gross",
        format!("{} VND", o.money(e.gross_savings_vnd)),
    );
    o.row(
        "option.net_before_tax",
        format!("{} VND", o.money(e.net_savings_before_tax_vnd)),
    );
    o.row(
        "option.net",
        format!("{} VND", o.money(e.annual_net_savings_vnd)),
    );
    o.row("option.payback", o.payback(&e.payback));
    o.row(
        "option.npv",
        match e.npv_vnd {
            Some(npv) if e.from_cash_flows => format!(
                "{} VND ({} %)",
                o.money(npv),
                o.n(input.discount_rate * 100.0, 1)
            ),
            Some(npv) => format!(
                "{} VND ({} %, {} {})",
                o.money(npv),
                o.n(input.discount_rate * 100.0, 1),
                input.life_years,
                o.c.t("unit.years")
            ),
            None => o.payback(&e.payback),
        },
    );
    o.row("option.irr", o.irr(&e.irr));
    if !matches!(e.irr, Irr::NoInvestment) {
        o.row(
            "option.irr_textbook",
            match &e.irr_interpolated {
                Some(t) => format!(
                    "{} % (r1 = {} %: NPV {} VND; r2 = {} %: NPV {} VND)",
                    o.n(t.rate * 100.0, 2),
                    o.n(t.r1 * 100.0, 2),
                    o.money(t.npv1_vnd),
                    o.n(t.r2 * 100.0, 2),
                    o.money(t.npv2_vnd)
                ),
                None => o.c.t("option.irr_textbook_none").to_string(),
            },
        );
    }
    if r.impact_added.gj != 0.0 || r.impact_added.tco2 != 0.0 || r.impact_added.biogenic_tco2 != 0.0
    {
        o.impact("option.saved_side", &r.impact_saved);
        o.impact("option.added_side", &r.impact_added);
        o.impact("option.net_side", &r.impact);
    }
    let i = &r.impact;
    o.row(
        "option.energy",
        format!("{} GJ; {} TOE", o.n(i.gj, 1), o.n(i.toe, 2)),
    );
    o.row("option.co2", format!("{} tCO2", o.n(i.tco2, 2)));
    if let Some(x) = i.tco2e {
        o.row("option.co2e", format!("{} tCO2e", o.n(x, 2)));
    }
    if r.impact_saved.biogenic_tco2 > 0.0 {
        o.row(
            "option.biogenic",
            format!("{} tCO2", o.n(r.impact_saved.biogenic_tco2, 2)),
        );
    }
    if r.impact_added.biogenic_tco2 > 0.0 {
        o.row(
            "option.biogenic_added",
            format!("{} tCO2", o.n(r.impact_added.biogenic_tco2, 2)),
        );
    }
    if !r.unpriced.is_empty() {
        o.row("option.unpriced", r.unpriced.join(", "));
    }
    crate::outln!("{}", o.c.t("option.sensitivity"));
    for s in &r.sensitivity {
        let label = format!(
            "{} {:+}%",
            o.c.t(&format!("option.factor.{}", s.factor)),
            s.change_pct
        );
        crate::outln!(
            "  {label:<24} NPV {:>24}   {}",
            s.npv_vnd
                .map_or_else(|| o.payback(&s.payback), |n| format!("{} VND", o.money(n))),
            o.payback(&s.payback)
        );
    }
    print_factors(&o, &i.factors);
}

/// The factors a result rests on: name, value, unit, year, verification and source.
fn print_factors(o: &Out, factors: &[sxsh_api::calc::FactorUsed]) {
    crate::outln!("{}", o.c.t("factors.title"));
    for f in factors {
        let year = f.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let flag = if f.verified {
            String::new()
        } else {
            format!(" [{}]", o.c.t("factors.unverified"))
        };
        crate::outln!(
            "  {} = {} {}{year}{flag} — {}",
            f.name,
            o.n(f.value, significant_decimals(f.value)),
            f.unit,
            f.source
        );
    }
}

/// Rolls up the data directory and prints the report.
pub fn rollup(api: &Api, query: RollupQuery, lang: Lang, json: bool) -> Result<(), ApiError> {
    let report = api.rollup(query)?;
    if json {
        crate::print_json(&report);
    } else {
        let fuel_name = |code: &str| {
            api.reference()
                .fuel(code)
                .map(|f| {
                    if lang == Lang::Vi {
                        f.name_vi.clone()
                    } else {
                        f.name_en.clone()
                    }
                })
                .unwrap_or_else(|| code.to_string())
        };
        print_rollup(&report, lang, &fuel_name);
    }
    Ok(())
}

fn print_rollup(r: &RollupReport, lang: Lang, fuel_name: &dyn Fn(&str) -> String) {
    let o = Out { c: cli(lang), lang };
    let pct = |x: Option<f64>| {
        x.map(|v| format!("{} %", o.n(v, 1)))
            .unwrap_or_else(|| o.c.t("no_data").to_string())
    };
    crate::outln!("{}", o.c.t("rollup.title"));
    o.row(
        "rollup.assessments",
        format!(
            "{} ({} / {})",
            r.figures.assessments, r.figures.quick_assessments, r.figures.detailed_assessments
        ),
    );
    o.row("rollup.enterprises", r.figures.enterprises.to_string());
    o.row(
        "rollup.enterprises_quick",
        r.figures.enterprises_with_quick.to_string(),
    );
    o.row(
        "rollup.enterprises_detailed",
        r.figures.enterprises_with_detailed.to_string(),
    );
    o.row(
        "rollup.applying",
        format!(
            "{} ({})",
            r.figures.enterprises_applying_cp,
            pct(r.applying_share_pct)
        ),
    );
    o.row(
        "rollup.options",
        format!(
            "{} / {} / {}",
            r.figures.options_identified, r.figures.options_selected, r.figures.options_implemented
        ),
    );
    if r.figures.options_rejected > 0 {
        o.row("rollup.rejected", r.figures.options_rejected.to_string());
    }
    o.row(
        "rollup.investment",
        format!("{} VND", o.money(r.figures.implemented.investment_vnd)),
    );
    for (title, s) in [
        ("rollup.identified", &r.figures.identified),
        ("rollup.implemented", &r.figures.implemented),
    ] {
        crate::outln!("{}", o.c.t(title));
        o.row("rollup.saving_vnd", format!("{} VND", o.money(s.net_vnd)));
        o.row("rollup.payback", o.payback(&s.payback()));
        if s.options_without_investment > 0 {
            o.row(
                "rollup.without_investment",
                s.options_without_investment.to_string(),
            );
        }
        o.row(
            "rollup.saving_kwh",
            format!("{} kWh", o.n(s.electricity_kwh, 0)),
        );
        o.row("rollup.saving_water", format!("{} m³", o.n(s.water_m3, 0)));
        o.row(
            "rollup.saving_material",
            format!("{} t", o.n(s.material_t, 2)),
        );
        for (fuel, t) in &s.fuel_t {
            o.row(
                "rollup.saving_fuel",
                format!("{} t {}", o.n(*t, 2), fuel_name(fuel)),
            );
        }
        o.row("rollup.saving_toe", format!("{} TOE", o.n(s.toe, 2)));
        o.row("rollup.saving_co2", format!("{} tCO2", o.n(s.tco2, 2)));
    }
    crate::outln!("{}", o.c.t("rollup.by_technique"));
    for t in &r.by_technique {
        let name = if lang == Lang::Vi {
            &t.name_vi
        } else {
            &t.name_en
        };
        crate::outln!(
            "  {:<4} {name:<40} {:>5} {:>5} {:>5}",
            t.code,
            t.identified,
            t.selected,
            t.implemented
        );
    }
    o.row(
        "rollup.grid_years",
        r.grid_years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(", "),
    );
    if let Some(x) = &r.recomputed {
        crate::outln!(
            "{}",
            o.c.t("rollup.recomputed")
                .replace("{year}", &x.year.to_string())
        );
        for (key, s) in [
            ("rollup.identified", &x.identified),
            ("rollup.implemented", &x.implemented),
        ] {
            o.row(
                key,
                format!(
                    "{} kWh; {} TOE; {} tCO2 ({} tCO2)",
                    o.n(s.electricity_kwh, 0),
                    o.n(s.toe, 2),
                    o.n(s.tco2, 2),
                    o.c.t("rollup.as_recorded_short").replace(
                        "{tco2}",
                        &o.n(
                            if key == "rollup.identified" {
                                r.figures.identified.tco2
                            } else {
                                r.figures.implemented.tco2
                            },
                            2
                        )
                    )
                ),
            );
        }
    }
    o.row("rollup.sc_cut", pct(r.avg_sc_cut_pct));
    if !r.progress.is_empty() {
        crate::outln!("{}", o.c.t("rollup.progress"));
        for p in &r.progress {
            let target = match (p.target_min, p.target_max) {
                (Some(a), Some(b)) => format!("{}–{} %", o.n(a, 0), o.n(b, 0)),
                (Some(a), None) => format!("≥ {} %", o.n(a, 0)),
                _ => String::new(),
            };
            let status = match p.status {
                TargetStatus::Below => "status.below",
                TargetStatus::Within => "status.within",
                TargetStatus::Met => "status.met",
                TargetStatus::Above => "status.above",
                TargetStatus::NoData => "status.no_data",
            };
            let indicator = if lang == Lang::Vi {
                &p.indicator_vi
            } else {
                &p.indicator_en
            };
            let label = o.c.get(&format!("target.{}", p.code)).unwrap_or(indicator);
            crate::outln!(
                "  {label} [{}]: {} / {target} — {}",
                p.target_set,
                pct(p.actual),
                o.c.t(status)
            );
        }
    }
    for w in &r.warnings {
        crate::outln!(
            "{}: {} ({})",
            o.c.t("rollup.warning"),
            o.c.t(&format!("rollup.warning.{}", w.code)),
            w.message
        );
    }
}
