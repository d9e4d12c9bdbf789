//! `sxsh`: the command-line host of sxsh-api. Every command opens the data directory, makes
//! one or a few calls into [`sxsh_api::Api`] and prints the result as text or, with `--json`,
//! as JSON. On error it prints one line naming the problem and its code, and exits non-zero.

mod calc;
mod serve;

use clap::{Args, Parser, Subcommand};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use sxsh_api::dto::*;
use sxsh_api::i18n::Lang;
use sxsh_api::{Api, ApiError, AssessmentReport, ErrorCode};

#[derive(Parser)]
#[command(
    name = "sxsh",
    version,
    about = "SXSH Field: cleaner-production assessments, offline"
)]
struct Cli {
    /// Data directory (database and attachments). Default: the platform data directory,
    /// or $SXSH_DATA_DIR when set.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Language of text output: vi (default) or en.
    #[arg(long, global = true, default_value = "vi", value_parser = parse_lang)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create (or migrate) the data directory and print where it is.
    Init,
    /// Load the demo data (Kim Lan pottery, Đa Sỹ forging, a seafood plant); safe to repeat.
    Demo,
    /// Enterprises, craft households and cooperatives.
    #[command(subcommand)]
    Enterprise(EnterpriseCmd),
    /// Quick and detailed assessments.
    #[command(subcommand)]
    Assessment(AssessmentCmd),
    /// Export one whole assessment as a JSON document.
    Export {
        id: String,
        #[arg(short, long, value_name = "FILE.json")]
        output: PathBuf,
    },
    /// Import an assessment document; importing the same file again creates nothing new.
    Import { file: PathBuf },
    /// Write a backup of the whole data directory to one file.
    Backup {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Replace the data with a backup, after checking every checksum.
    Restore { file: PathBuf },
    /// Calculations: one option from a JSON file, or a roll-up of the data directory.
    #[command(subcommand)]
    Calc(CalcCmd),
    /// The worksheets of an assessment (flows, waste streams, options, actions, monitoring)
    /// as an XLSX workbook.
    ExportXlsx {
        id: String,
        #[arg(short, long, value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// The same worksheets as CSV files (UTF-8), one per worksheet, in a directory.
    ExportCsv {
        id: String,
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// PDF reports for the enterprise owner and the programme office.
    #[command(subcommand)]
    Report(ReportCmd),
    /// Serve the built UI and its JSON methods on 127.0.0.1 (browser tests, demos). Prints
    /// the URL to open, with the access token.
    ServeUi {
        /// TCP port; 0 picks a free one.
        #[arg(long, default_value_t = 8765)]
        port: u16,
        /// The built UI (`npm --prefix ui run build`).
        #[arg(long, value_name = "DIR", default_value = "ui/dist")]
        ui_dir: PathBuf,
        /// Access token; default: a new random one. Also read from $SXSH_UI_TOKEN.
        #[arg(long, env = "SXSH_UI_TOKEN")]
        token: Option<String>,
    },
}

#[derive(Subcommand)]
enum ReportCmd {
    /// The quick-assessment report of an assessment (4–8 pages).
    Quick {
        id: String,
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// The detailed CP report of an assessment, following the Vietnamese CP report.
    Detailed {
        id: String,
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// The programme roll-up report over the assessments in the data directory.
    Rollup {
        #[command(flatten)]
        filter: RollupFilter,
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum CalcCmd {
    /// Economics, sensitivity, energy and CO2 of one option (format: docs/calc.md).
    Option {
        #[arg(long, value_name = "FILE.json")]
        input: PathBuf,
    },
    /// Roll-up of the assessments in the data directory.
    Rollup {
        #[command(flatten)]
        filter: RollupFilter,
    },
}

/// Which assessments a roll-up covers.
#[derive(Args)]
struct RollupFilter {
    #[arg(long, value_name = "ID")]
    programme: Option<String>,
    /// Province, compared without accents ("ha noi" = "Hà Nội").
    #[arg(long)]
    province: Option<String>,
    /// Sector code (pottery, forging, seafood, …).
    #[arg(long)]
    sector: Option<String>,
    /// Year of the assessments' start date.
    #[arg(long)]
    year: Option<i64>,
    /// Count only options of this CP technique (GH, IM, PC, EM, TC, RR, BP, PM).
    #[arg(long)]
    technique: Option<String>,
}

impl RollupFilter {
    fn query(&self) -> sxsh_api::calc::RollupQuery {
        sxsh_api::calc::RollupQuery {
            programme_id: self.programme.clone(),
            province: self.province.clone(),
            sector: self.sector.clone(),
            year: self.year,
            technique: self.technique.clone(),
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?} (vi or en)"))
}

#[derive(Subcommand)]
enum EnterpriseCmd {
    /// Register an enterprise.
    Add(Box<EnterpriseArgs>),
    /// List enterprises in Vietnamese order.
    List,
    /// Accent-insensitive search ("da sy" finds "Đa Sỹ").
    Search { text: String },
}

#[derive(Args)]
struct EnterpriseArgs {
    #[arg(long)]
    name: String,
    /// enterprise | craft_household | cooperative
    #[arg(long, default_value = "enterprise", value_parser = parse_code::<EnterpriseKind>)]
    kind: EnterpriseKind,
    #[arg(long, default_value = "")]
    tax_code: String,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    province: String,
    #[arg(long, default_value = "")]
    district: String,
    #[arg(long, default_value = "")]
    commune: String,
    #[arg(long, default_value = "")]
    craft_village: String,
    /// Sector code: pottery, forging, seafood, cassava_starch, beer, …
    #[arg(long, default_value = "")]
    sector: String,
    #[arg(long, default_value = "")]
    products: String,
    #[arg(long, allow_negative_numbers = true)]
    capacity: Option<f64>,
    #[arg(long, default_value = "")]
    capacity_unit: String,
    #[arg(long, allow_negative_numbers = true)]
    employees: Option<i64>,
    #[arg(long, default_value = "")]
    contact_name: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    email: String,
}

#[derive(Subcommand)]
enum AssessmentCmd {
    /// Start an assessment of an enterprise.
    New {
        #[arg(long, value_name = "ID")]
        enterprise: String,
        /// quick | detailed
        #[arg(long, default_value = "quick", value_parser = parse_code::<AssessmentKind>)]
        kind: AssessmentKind,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_name = "ID")]
        programme: Option<String>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start_date: Option<String>,
        #[arg(long, default_value = "")]
        consultant: String,
    },
    /// List assessments, newest first.
    List {
        #[arg(long, value_name = "ID")]
        enterprise: Option<String>,
    },
    /// Show an assessment with its rows.
    Show { id: String },
}

/// Parses a stable code of one of the domain's code enums.
fn parse_code<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| format!("unknown value {s:?}"))
}

fn default_data_dir() -> Result<PathBuf, ApiError> {
    if let Some(dir) = std::env::var_os("SXSH_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("vn", "SXSH", "SXSH Field")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| ApiError::new(ErrorCode::Io, "no home directory; pass --data-dir"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if cli.json {
                println!("{}", json!({ "error": e }));
            }
            let fields = e
                .field_errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.code.as_str()))
                .collect::<Vec<_>>();
            let detail = if fields.is_empty() {
                e.message.clone()
            } else {
                format!("invalid {}", fields.join(", "))
            };
            eprintln!("error[{}]: {}", e.code.as_str(), detail.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn print_json(v: &impl serde::Serialize) {
    println!(
        "{}",
        serde_json::to_string_pretty(v).expect("DTOs serialise")
    );
}

fn run(cli: &Cli) -> Result<(), ApiError> {
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => default_data_dir()?,
    };
    let api = Api::open(&dir)?;
    if let Command::ServeUi {
        port,
        ui_dir,
        token,
    } = &cli.command
    {
        return serve::serve(api, *port, ui_dir.clone(), token.clone());
    }
    match &cli.command {
        Command::Init => {
            let info = api.info()?;
            if cli.json {
                print_json(&info);
            } else {
                println!(
                    "data directory {} (schema {})",
                    info.data_dir, info.schema_version
                );
            }
        }
        Command::Demo => {
            let r = api.load_demo()?;
            if cli.json {
                print_json(&r);
            } else {
                println!(
                    "demo loaded: {} rows written, {} already present",
                    r.written, r.unchanged
                );
            }
        }
        Command::Enterprise(cmd) => enterprise(&api, cmd, cli.json)?,
        Command::Assessment(cmd) => assessment(&api, cmd, cli.json)?,
        Command::Export { id, output } => {
            let doc = api.export_assessment(id)?;
            let text = serde_json::to_string_pretty(&doc).expect("documents serialise");
            write_file(output, text.as_bytes())?;
            if cli.json {
                print_json(&json!({ "file": output, "assessment_id": id }));
            } else {
                println!("exported {id} to {}", output.display());
            }
        }
        Command::Import { file } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", file.display())))?;
            let r = api.import_json(&text)?;
            if cli.json {
                print_json(&r);
            } else {
                println!(
                    "imported: {} rows written, {} unchanged",
                    r.written, r.unchanged
                );
            }
        }
        Command::Backup { output } => {
            let info = api.backup(output, &mut |_, _| {})?;
            if cli.json {
                print_json(&info);
            } else {
                println!(
                    "backup written to {} ({} files, {} bytes)",
                    output.display(),
                    info.files,
                    info.bytes
                );
            }
        }
        Command::Calc(CalcCmd::Option { input }) => calc::option(&api, input, cli.lang, cli.json)?,
        Command::Calc(CalcCmd::Rollup { filter }) => {
            calc::rollup(&api, filter.query(), cli.lang, cli.json)?
        }
        Command::ExportXlsx { id, output } => {
            let bytes = api.worksheets_xlsx(id, cli.lang)?;
            write_file(output, &bytes)?;
            report_written(output, bytes.len(), cli.json);
        }
        Command::ExportCsv { id, output } => {
            std::fs::create_dir_all(output)
                .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", output.display())))?;
            let files = api.worksheets_csv(id, cli.lang)?;
            for (name, bytes) in &files {
                write_file(&output.join(name), bytes)?;
            }
            if cli.json {
                print_json(
                    &json!({ "dir": output, "files": files.iter().map(|f| &f.0).collect::<Vec<_>>() }),
                );
            } else {
                println!("{} CSV files written to {}", files.len(), output.display());
            }
        }
        Command::Report(cmd) => {
            let (pdf, output) = match cmd {
                ReportCmd::Quick { id, output } => (
                    api.assessment_report(id, AssessmentReport::Quick, cli.lang)?,
                    output,
                ),
                ReportCmd::Detailed { id, output } => (
                    api.assessment_report(id, AssessmentReport::Detailed, cli.lang)?,
                    output,
                ),
                ReportCmd::Rollup { filter, output } => {
                    (api.rollup_report(filter.query(), cli.lang)?, output)
                }
            };
            write_file(output, &pdf)?;
            report_written(output, pdf.len(), cli.json);
        }
        Command::Restore { file } => {
            let info = api.restore(file)?;
            if cli.json {
                print_json(&info);
            } else {
                println!(
                    "restored backup of {} ({} files)",
                    info.created_at, info.files
                );
            }
        }
        Command::ServeUi { .. } => unreachable!("served above"),
    }
    Ok(())
}

fn report_written(output: &Path, bytes: usize, as_json: bool) {
    if as_json {
        print_json(&json!({ "file": output, "bytes": bytes }));
    } else {
        println!("report written to {} ({bytes} bytes)", output.display());
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    std::fs::write(path, bytes)
        .map_err(|e| ApiError::new(ErrorCode::Io, format!("{}: {e}", path.display())))
}

fn print_enterprises(rows: &[Stored<Enterprise>], as_json: bool) {
    if as_json {
        print_json(&rows);
        return;
    }
    for e in rows {
        let place = [&e.data.craft_village, &e.data.district, &e.data.province]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        println!(
            "{}  {:<15}  {}  ({place})",
            e.data.id,
            e.data.kind.code(),
            e.data.name
        );
    }
    println!("{} enterprise(s)", rows.len());
}

fn enterprise(api: &Api, cmd: &EnterpriseCmd, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        EnterpriseCmd::Add(a) => {
            let row = api.create(Enterprise {
                id: String::new(),
                kind: a.kind,
                name: a.name.clone(),
                tax_code: a.tax_code.clone(),
                address: a.address.clone(),
                province: a.province.clone(),
                district: a.district.clone(),
                commune: a.commune.clone(),
                craft_village: a.craft_village.clone(),
                sector: a.sector.clone(),
                main_products: a.products.clone(),
                design_capacity: a.capacity,
                capacity_unit: a.capacity_unit.clone(),
                employees: a.employees,
                contact_name: a.contact_name.clone(),
                contact_phone: a.phone.clone(),
                contact_email: a.email.clone(),
            })?;
            if as_json {
                print_json(&row);
            } else {
                println!("{}", row.data.id);
            }
        }
        EnterpriseCmd::List => print_enterprises(&api.list_enterprises()?, as_json),
        EnterpriseCmd::Search { text } => {
            print_enterprises(&api.search_enterprises(text)?, as_json)
        }
    }
    Ok(())
}

fn assessment(api: &Api, cmd: &AssessmentCmd, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        AssessmentCmd::New {
            enterprise,
            kind,
            title,
            programme,
            start_date,
            consultant,
        } => {
            let ent = api.get::<Enterprise>(enterprise)?;
            let title = title.clone().unwrap_or_else(|| {
                let k = match kind {
                    AssessmentKind::Quick => "Đánh giá nhanh",
                    AssessmentKind::Detailed => "Đánh giá chi tiết",
                };
                format!("{k} — {}", ent.data.name)
            });
            let row = api.create(Assessment {
                id: String::new(),
                enterprise_id: ent.data.id.clone(),
                programme_id: programme.clone(),
                kind: *kind,
                cycle: 1,
                title,
                status: AssessmentStatus::Draft,
                start_date: start_date.clone(),
                end_date: None,
                consultant: consultant.clone(),
                baseline_start: None,
                baseline_end: None,
                production_volume: None,
                production_unit: String::new(),
                discount_rate: 0.10,
                life_years: 5,
                tax_rate: 0.0,
                grid_ef_year: Some(2023),
                custom_grid_ef: None,
                custom_grid_ef_source: String::new(),
                checklists: Vec::new(),
                scope: String::new(),
                focus_recommendation: String::new(),
                next_steps: String::new(),
            })?;
            if as_json {
                print_json(&row);
            } else {
                println!("{}", row.data.id);
            }
        }
        AssessmentCmd::List { enterprise } => {
            let rows = api.list_assessments(enterprise.as_deref())?;
            if as_json {
                print_json(&rows);
            } else {
                for r in &rows {
                    let a = &r.assessment.data;
                    println!(
                        "{}  {:<8}  {:<11}  {}  [{}]",
                        a.id,
                        a.kind.code(),
                        a.status.code(),
                        a.title,
                        r.enterprise_name
                    );
                }
                println!("{} assessment(s)", rows.len());
            }
        }
        AssessmentCmd::Show { id } => {
            let doc = api.export_assessment(id)?;
            if as_json {
                print_json(&doc);
            } else {
                let a = &doc.assessment.data;
                println!(
                    "{}  ({}, {}, cycle {})",
                    a.title,
                    a.kind.code(),
                    a.status.code(),
                    a.cycle
                );
                println!("enterprise: {}", doc.enterprise.data.name);
                if let Some(p) = &doc.programme {
                    println!("programme:  {}", p.data.name);
                }
                if let (Some(v), u) = (a.production_volume, &a.production_unit) {
                    println!("production: {v} {u}");
                }
                for (label, n) in [
                    ("team members", doc.team_members.len()),
                    ("process steps", doc.process_steps.len()),
                    ("flows", doc.flows.len()),
                    ("waste streams", doc.waste_streams.len()),
                    ("causes", doc.causes.len()),
                    ("options", doc.options.len()),
                    ("actions", doc.actions.len()),
                    ("monitoring records", doc.monitoring_records.len()),
                    ("checklist answers", doc.checklist_responses.len()),
                    ("observations", doc.observations.len()),
                    ("attachments", doc.attachments.len()),
                ] {
                    println!("  {label:<20} {n}");
                }
                for o in &doc.options {
                    println!(
                        "  option: {} [{}] investment {} VND",
                        o.data.title,
                        o.data.techniques.join(","),
                        o.data.investment_vnd
                    );
                }
            }
        }
    }
    Ok(())
}
