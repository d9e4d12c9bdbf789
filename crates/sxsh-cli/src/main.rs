//! `sxsh`: the command-line host of sxsh-api. Every command opens the data directory, makes
//! one or a few calls into [`sxsh_api::Api`] and prints the result as text or, with `--json`,
//! as JSON. On error it prints one line naming the problem and its code, and exits non-zero.

mod calc;
mod out;
mod serve;

use out::outln;

use clap::{Args, Parser, Subcommand};
use serde_json::json;
use std::io::Write;
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
    /// Bundle files (.sxshb) for offices without a network: `export` what this device holds,
    /// `import` a bundle from a device or the office server (checked whole first; importing
    /// twice changes nothing).
    #[command(subcommand)]
    Bundle(BundleCmd),
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
    /// Sync with the programme office's server: `sxsh sync` pushes what was made here, then
    /// pulls what others made; `login`, `status`, `logout`.
    #[command(args_conflicts_with_subcommands = true)]
    Sync {
        #[command(subcommand)]
        cmd: Option<SyncCmd>,
    },
}

#[derive(Subcommand)]
enum BundleCmd {
    /// Write the changes this device holds (its own and those it received) and their photos.
    Export {
        /// Only what came after this cursor (the `until` of an earlier export); default all.
        #[arg(long, default_value_t = 0)]
        since: i64,
        #[arg(short, long, value_name = "FILE.sxshb")]
        output: PathBuf,
    },
    /// Check a bundle whole, then apply it as a sync would.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum SyncCmd {
    /// Log in to a server (the password from $SXSH_PASSWORD or the first line of standard
    /// input).
    Login {
        /// The server, e.g. https://192.168.1.10:8470 (plain http:// on this computer only).
        #[arg(long)]
        server: String,
        #[arg(long)]
        login: String,
        /// The fingerprint of the server's certificate (SHA256:…), after comparing it with the
        /// one the office gives (`sxsh-server tls`); pinned from then on.
        #[arg(long)]
        fingerprint: Option<String>,
    },
    /// Server, account, changes waiting, conflicts, refused changes, the last sync.
    Status,
    /// End the session with the server.
    Logout,
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
    /// Roll-up of the assessments in the data directory, or of the options of a file
    /// (`--input`, as an office pastes them from a spreadsheet; format: docs/calc.md).
    Rollup {
        #[command(flatten)]
        filter: Box<RollupFilter>,
        #[arg(long, value_name = "FILE.json", conflicts_with_all = ["programme", "province", "district", "commune", "craft_village", "sector", "year", "technique", "recompute_year"])]
        input: Option<PathBuf>,
    },
    /// Material or energy balance of flows, with a stock change (format: docs/calc.md).
    Balance {
        #[arg(long, value_name = "FILE.json")]
        input: PathBuf,
    },
    /// Specific consumption, against a benchmark, with the realised saving of a later period.
    Specific {
        #[arg(long, value_name = "FILE.json")]
        input: PathBuf,
    },
    /// GJ, TOE, tCO2 of quantities of electricity and fuels in any unit, per unit of product.
    Energy {
        #[arg(long, value_name = "FILE.json")]
        input: PathBuf,
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
    /// District, commune, craft village: compared as the province is.
    #[arg(long)]
    district: Option<String>,
    #[arg(long)]
    commune: Option<String>,
    #[arg(long)]
    craft_village: Option<String>,
    /// Sector code (pottery, forging, seafood, …).
    #[arg(long)]
    sector: Option<String>,
    /// Year of the assessments' start date.
    #[arg(long)]
    year: Option<i64>,
    /// Count only options of this CP technique (GH, IM, PC, EM, TC, RR, BP, PM).
    #[arg(long)]
    technique: Option<String>,
    /// Also give the savings with every electricity figure at this grid-factor year.
    #[arg(long, value_name = "YEAR")]
    recompute_year: Option<i64>,
    /// Which assessments count by the programme office's review (synced to this device):
    /// all (default), approved, with_pending (approved, not reviewed yet, or sent back).
    #[arg(long, default_value = "all", value_parser = parse_review)]
    review: sxsh_api::calc::ReviewScope,
}

impl RollupFilter {
    fn query(&self) -> sxsh_api::calc::RollupQuery {
        sxsh_api::calc::RollupQuery {
            programme_id: self.programme.clone(),
            province: self.province.clone(),
            district: self.district.clone(),
            commune: self.commune.clone(),
            craft_village: self.craft_village.clone(),
            sector: self.sector.clone(),
            year: self.year,
            technique: self.technique.clone(),
            recompute_year: self.recompute_year,
            review: self.review,
        }
    }
}

fn parse_review(s: &str) -> Result<sxsh_api::calc::ReviewScope, String> {
    sxsh_api::calc::ReviewScope::parse(s)
        .ok_or_else(|| format!("{s:?}: all, approved or with_pending"))
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
    /// Design capacity, written as in --lang: vi `1.234,5`, en `1,234.5`.
    #[arg(long, allow_hyphen_values = true)]
    capacity: Option<String>,
    #[arg(long, default_value = "")]
    capacity_unit: String,
    /// Number of employees (a whole number).
    #[arg(long, allow_hyphen_values = true)]
    employees: Option<String>,
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

/// Exit code when the command's own work was done but its output could not be written (a
/// closed pipe, a full disk): distinct from 1, a failed command.
const EXIT_OUTPUT_FAILED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    sxsh_api::set_program(&format!("sxsh {}", cli.command.name()));
    let result = run(&cli);
    if let Err(e) = &result
        && cli.json
    {
        out::json_line(&json!({ "error": e }).to_string());
    }
    if let Err(e) = out::flush()
        && result.is_ok()
    {
        // A reader that went away (`| head`) wants no message; any other failure says why.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = writeln!(
                std::io::stderr(),
                "error[OUTPUT_FAILED]: standard output could not be written: {e}"
            );
        }
        return ExitCode::from(EXIT_OUTPUT_FAILED);
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
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
            let _ = writeln!(
                std::io::stderr(),
                "error[{}]: {}",
                e.code.as_str(),
                sxsh_api::text_for_terminal(&detail)
            );
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn print_json(v: &impl serde::Serialize) {
    out::json_line(&serde_json::to_string_pretty(v).expect("DTOs serialise"));
}

impl Command {
    /// The command's name, as a holder of the data folder is named to other processes.
    fn name(&self) -> &'static str {
        match self {
            Command::Init => "init",
            Command::Demo => "demo",
            Command::Enterprise(_) => "enterprise",
            Command::Assessment(_) => "assessment",
            Command::Export { .. } => "export",
            Command::Import { .. } => "import",
            Command::Backup { .. } => "backup",
            Command::Restore { .. } => "restore",
            Command::Bundle(_) => "bundle",
            Command::Calc(_) => "calc",
            Command::ExportXlsx { .. } => "export-xlsx",
            Command::ExportCsv { .. } => "export-csv",
            Command::Report(_) => "report",
            Command::ServeUi { .. } => "serve-ui",
            Command::Sync { .. } => "sync",
        }
    }

    /// Whether the command only reads the data folder (it then shares the folder with other
    /// readers and works on a read-only folder, but not while a writer has it).
    fn reads_only(&self) -> bool {
        match self {
            Command::Enterprise(EnterpriseCmd::List | EnterpriseCmd::Search { .. })
            | Command::Assessment(AssessmentCmd::List { .. } | AssessmentCmd::Show { .. })
            | Command::Export { .. }
            | Command::Backup { .. }
            | Command::Bundle(BundleCmd::Export { .. })
            | Command::Calc(_)
            | Command::ExportXlsx { .. }
            | Command::ExportCsv { .. }
            | Command::Report(_) => true,
            Command::Init
            | Command::Demo
            | Command::Enterprise(EnterpriseCmd::Add(_))
            | Command::Assessment(AssessmentCmd::New { .. })
            | Command::Import { .. }
            | Command::Restore { .. }
            | Command::Bundle(BundleCmd::Import { .. })
            | Command::ServeUi { .. }
            | Command::Sync { .. } => false,
        }
    }
}

fn run(cli: &Cli) -> Result<(), ApiError> {
    let dir = match &cli.data_dir {
        Some(d) => d.clone(),
        None => default_data_dir()?,
    };
    let api = if cli.command.reads_only() {
        Api::open_read_only(&dir)?
    } else {
        Api::open(&dir)?
    };
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
                outln!(
                    "data directory {} (schema {})",
                    info.data_dir,
                    info.schema_version
                );
            }
        }
        Command::Demo => {
            let r = api.load_demo()?;
            if cli.json {
                print_json(&r);
            } else {
                outln!(
                    "demo loaded: {} rows written, {} already present",
                    r.written,
                    r.unchanged
                );
            }
        }
        Command::Enterprise(cmd) => enterprise(&api, cmd, cli.lang, cli.json)?,
        Command::Assessment(cmd) => assessment(&api, cmd, cli.json)?,
        Command::Export { id, output } => {
            let doc = api.export_assessment(id)?;
            let text = serde_json::to_string_pretty(&doc).expect("documents serialise");
            api.write_output(output, text.as_bytes())?;
            if cli.json {
                print_json(&json!({ "file": output, "assessment_id": id }));
            } else {
                outln!("exported {id} to {}", output.display());
            }
        }
        Command::Import { file } => {
            let r = api.import_bytes(&sxsh_api::read_import_file(file)?)?;
            if cli.json {
                print_json(&r);
            } else {
                outln!(
                    "imported: {} rows written, {} unchanged",
                    r.written,
                    r.unchanged
                );
            }
        }
        Command::Backup { output } => {
            let info = api.backup(output, &mut |_, _| {})?;
            if cli.json {
                print_json(&info);
            } else {
                outln!(
                    "backup written to {} ({} files, {} bytes)",
                    output.display(),
                    info.files,
                    info.bytes
                );
            }
        }
        Command::Calc(CalcCmd::Option { input }) => calc::option(&api, input, cli.lang, cli.json)?,
        Command::Calc(CalcCmd::Rollup {
            filter,
            input: None,
        }) => calc::rollup(&api, filter.query(), cli.lang, cli.json)?,
        Command::Calc(CalcCmd::Rollup {
            input: Some(input), ..
        }) => calc::rollup_file(&api, input, cli.lang, cli.json)?,
        Command::Calc(CalcCmd::Balance { input }) => {
            calc::balance(&api, input, cli.lang, cli.json)?
        }
        Command::Calc(CalcCmd::Specific { input }) => {
            calc::specific(&api, input, cli.lang, cli.json)?
        }
        Command::Calc(CalcCmd::Energy { input }) => calc::energy(&api, input, cli.lang, cli.json)?,
        Command::ExportXlsx { id, output } => {
            let bytes = api.worksheets_xlsx(id, cli.lang)?;
            api.write_output(output, &bytes)?;
            report_written(output, bytes.len(), cli.json);
        }
        Command::ExportCsv { id, output } => {
            // Checked before the folder is made, so nothing appears inside the data folder.
            let probe = if output.exists() {
                output.join("flows.csv")
            } else {
                output.clone()
            };
            api.check_output(&probe)?;
            std::fs::create_dir_all(output).map_err(|e| ApiError::io(output, e))?;
            let files = api.worksheets_csv(id, cli.lang)?;
            for (name, bytes) in &files {
                api.write_output(&output.join(name), bytes)?;
            }
            if cli.json {
                print_json(
                    &json!({ "dir": output, "files": files.iter().map(|f| &f.0).collect::<Vec<_>>() }),
                );
            } else {
                outln!("{} CSV files written to {}", files.len(), output.display());
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
            api.write_output(output, &pdf)?;
            report_written(output, pdf.len(), cli.json);
        }
        Command::Sync { cmd } => sync(&api, cmd.as_ref(), cli.json)?,
        Command::Restore { file } => {
            let info = api.restore(file)?;
            if cli.json {
                print_json(&info);
            } else {
                outln!(
                    "restored backup of {} ({} files)",
                    info.created_at,
                    info.files
                );
            }
        }
        Command::Bundle(BundleCmd::Export { since, output }) => {
            let e = api.bundle_export(output, *since)?;
            if cli.json {
                print_json(&e);
            } else {
                outln!(
                    "bundle written to {}: {} changes, {} photos ({} photos not on this device); next time --since {}",
                    output.display(),
                    e.ops,
                    e.photos,
                    e.photos_missing,
                    e.until
                );
            }
        }
        Command::Bundle(BundleCmd::Import { file }) => {
            let i = api.bundle_import(file)?;
            if cli.json {
                print_json(&i);
            } else {
                outln!(
                    "bundle of {} {} ({}): {} changes applied, {} already here, {} waiting for their parent, {} refused; {} conflicts; {} photos added",
                    i.made_by,
                    i.origin,
                    i.created_at,
                    i.applied,
                    i.duplicates,
                    i.pending,
                    i.rejected,
                    i.conflicts,
                    i.photos_added
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
        outln!("report written to {} ({bytes} bytes)", output.display());
    }
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
        outln!(
            "{}  {:<15}  {}  ({place})",
            e.data.id,
            e.data.kind.code(),
            e.data.name
        );
    }
    outln!("{} enterprise(s)", rows.len());
}

/// Parses a number given on the command line the way the UI parses a typed one: in `lang`
/// (vi `1.234,5`, en `1,234.5`), with the same `not_a_number` field error.
fn cli_number(field: &str, text: &Option<String>, lang: Lang) -> Result<Option<f64>, ApiError> {
    let Some(text) = text else { return Ok(None) };
    sxsh_api::parse_number(text, lang).map_err(|_| not_a_number(field, text))
}

fn not_a_number(field: &str, text: &str) -> ApiError {
    ApiError::field(
        field,
        FieldErrorCode::NotANumber,
        &format!("{text:?} is not a number"),
    )
}

/// Like [`cli_number`] for a whole number.
fn cli_integer(field: &str, text: &Option<String>, lang: Lang) -> Result<Option<i64>, ApiError> {
    match cli_number(field, text, lang)? {
        None => Ok(None),
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => Ok(Some(v as i64)),
        Some(_) => Err(not_a_number(field, text.as_deref().unwrap_or_default())),
    }
}

fn enterprise(api: &Api, cmd: &EnterpriseCmd, lang: Lang, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        EnterpriseCmd::Add(a) => {
            let design_capacity = cli_number("design_capacity", &a.capacity, lang)?;
            let employees = cli_integer("employees", &a.employees, lang)?;
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
                design_capacity,
                capacity_unit: a.capacity_unit.clone(),
                employees,
                contact_name: a.contact_name.clone(),
                contact_phone: a.phone.clone(),
                contact_email: a.email.clone(),
            })?;
            if as_json {
                print_json(&row);
            } else {
                outln!("{}", row.data.id);
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
                sustaining_measures: String::new(),
                selection_criteria: Vec::new(),
            })?;
            if as_json {
                print_json(&row);
            } else {
                outln!("{}", row.data.id);
            }
        }
        AssessmentCmd::List { enterprise } => {
            let rows = api.list_assessments(enterprise.as_deref())?;
            if as_json {
                print_json(&rows);
            } else {
                for r in &rows {
                    let a = &r.assessment.data;
                    outln!(
                        "{}  {:<8}  {:<11}  {}  [{}]",
                        a.id,
                        a.kind.code(),
                        a.status.code(),
                        a.title,
                        r.enterprise_name
                    );
                }
                outln!("{} assessment(s)", rows.len());
            }
        }
        AssessmentCmd::Show { id } => {
            let doc = api.export_assessment(id)?;
            if as_json {
                print_json(&doc);
            } else {
                let a = &doc.assessment.data;
                outln!(
                    "{}  ({}, {}, cycle {})",
                    a.title,
                    a.kind.code(),
                    a.status.code(),
                    a.cycle
                );
                outln!("enterprise: {}", doc.enterprise.data.name);
                if let Some(p) = &doc.programme {
                    outln!("programme:  {}", p.data.name);
                }
                if let (Some(v), u) = (a.production_volume, &a.production_unit) {
                    outln!("production: {v} {u}");
                }
                /// Prints how many rows each child list holds.
                struct Counts;
                impl sxsh_api::dto::ReadLists for Counts {
                    fn list<T: sxsh_api::dto::Table>(
                        &mut self,
                        field: &'static str,
                        rows: &[sxsh_api::dto::Stored<T>],
                    ) -> sxsh_api::Result<()> {
                        outln!("  {:<20} {}", field.replace('_', " "), rows.len());
                        Ok(())
                    }
                }
                doc.each_list(&mut Counts)?;
                for o in &doc.options {
                    outln!(
                        "  option: {} [{}] investment {}",
                        o.data.title,
                        o.data.techniques.join(","),
                        o.data
                            .investment_vnd
                            .map_or("not known".to_string(), |i| format!("{i} VND"))
                    );
                }
            }
        }
    }
    Ok(())
}

/// `sxsh sync …`.
fn sync(api: &Api, cmd: Option<&SyncCmd>, json: bool) -> Result<(), ApiError> {
    match cmd {
        Some(SyncCmd::Login {
            server,
            login,
            fingerprint,
        }) => {
            let password = match std::env::var("SXSH_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).map_err(|e| {
                        ApiError::new(sxsh_api::error::ErrorCode::Io, e.to_string())
                    })?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let account = match api.sync_login(server, login, &password, fingerprint.as_deref()) {
                Err(e) if e.code == sxsh_api::error::ErrorCode::SyncUnknownCertificate => {
                    // As SSH does at a first connection: show the fingerprint, trust nothing.
                    let fp = e.detail.clone().unwrap_or_default();
                    eprintln!(
                        "Không xác minh được máy chủ {server}: chứng chỉ của nó chưa được tin cậy.\n\
                         The server's certificate is not known yet.\n\
                         Dấu vân tay / fingerprint: {fp}\n\
                         So sánh với dấu vân tay quản trị viên văn phòng cung cấp (sxsh-server tls); \
                         nếu trùng khớp, chạy lại với --fingerprint {fp}"
                    );
                    return Err(e);
                }
                r => r?,
            };
            if json {
                print_json(&account);
            } else {
                outln!(
                    "logged in to {server} as {} ({})",
                    account.display_name,
                    account.role.as_str()
                );
            }
        }
        Some(SyncCmd::Status) => {
            let st = api.sync_status()?;
            if json {
                print_json(&st);
            } else {
                outln!(
                    "server {}; account {}",
                    st.server.as_deref().unwrap_or("-"),
                    st.account
                        .as_ref()
                        .map_or("- (not logged in)", |a| a.login.as_str())
                );
                outln!(
                    "{} changes waiting to be sent, {} conflicts, {} refused",
                    st.waiting,
                    st.conflicts,
                    st.rejected.len()
                );
                for r in &st.rejected {
                    outln!(
                        "  refused {} {}: {} ({})",
                        r.entity,
                        r.row_id,
                        r.code,
                        r.message
                    );
                }
                if let Some((at, _)) = &st.last {
                    outln!("last sync {at}");
                }
            }
        }
        Some(SyncCmd::Logout) => {
            api.sync_logout()?;
            outln!("logged out");
        }
        None => {
            let mut progress = |p: sxsh_api::sync::Progress| {
                if !json {
                    match p {
                        sxsh_api::sync::Progress::Push { done } => eprint!("\rsent {done}    "),
                        sxsh_api::sync::Progress::Pull { done, remaining } => {
                            eprint!("\rreceived {done}, {remaining} to go    ")
                        }
                        sxsh_api::sync::Progress::Photos { done, total } => {
                            eprint!("\rphoto {done} of {total}    ")
                        }
                    }
                }
            };
            let sum = api.sync_now(&mut progress)?;
            if json {
                print_json(&sum);
            } else {
                eprintln!();
                outln!(
                    "photos: {} sent, {} received, {} not on the server yet",
                    sum.photos_sent,
                    sum.photos_received,
                    sum.photos_waiting
                );
                outln!(
                    "sent {} ({} already there, {} refused), received {} ({} new, {} waiting for their parent), {} conflicts to review",
                    sum.pushed + sum.push_duplicates + sum.push_rejected,
                    sum.push_duplicates,
                    sum.push_rejected,
                    sum.pulled,
                    sum.pull_applied,
                    sum.pull_pending,
                    sum.conflicts
                );
            }
        }
    }
    Ok(())
}
