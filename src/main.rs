//! The `brief` command line: parse flags, run a stage, map the outcome to an
//! exit status (0 clean, 1 findings, 2 unusable input).

use brief::calendar::Period;
use brief::error::InputError;
use brief::typeset::PageSize;
use brief::{backend, output, pipeline, report};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turns a company's quarterly figures into a tied-out investor brief.
#[derive(Parser)]
#[command(name = "brief", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ties out every figure of a dataset and reports what disagrees.
    ///
    /// Also renders the brief in memory (writing nothing), so that a template
    /// error is found here, and warns about the narrative: numbers typed in
    /// where a figure exists, and non-GAAP measures cited without a
    /// reconciliation or before their GAAP counterpart. Exit status: 0 when
    /// everything ties out (warnings or not), 1 when there are findings, 2
    /// when the dataset or a template cannot be used.
    Check {
        /// The dataset folder (company.toml, model.toml, figures.csv or figures.toml).
        dataset: PathBuf,
        /// The quarter to report, such as FY2004-Q1; the latest the figures cover by default.
        #[arg(long, value_parser = parse_period)]
        quarter: Option<Period>,
        /// How to print findings.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// A folder of templates that override the defaults by name, as for `render`.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Writes the brief (Markdown, and PDF) for a quarter.
    ///
    /// Every figure is tied out first; findings in the dataset's printed
    /// figures are reported on stderr and the brief uses the values that tie
    /// out. Exit status: 0 when written, 1 with --deny-findings and findings,
    /// 2 when the dataset or a template cannot be used.
    Render {
        /// The dataset folder.
        dataset: PathBuf,
        /// The quarter to report, such as FY2004-Q1; the latest the figures cover by default.
        #[arg(long, value_parser = parse_period)]
        quarter: Option<Period>,
        /// Where to write; output/<company>/<quarter>/ by default.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Which files to write, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = backend::NAMES.map(String::from), value_parser = clap::builder::PossibleValuesParser::new(backend::NAMES))]
        format: Vec<String>,
        /// A folder of templates that override the defaults by name.
        #[arg(long)]
        templates: Option<PathBuf>,
        /// The PDF's paper size.
        #[arg(long, value_enum, default_value_t = Paper::Letter)]
        paper: Paper,
        /// Write nothing, and exit 1, when the dataset has findings.
        #[arg(long)]
        deny_findings: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Paper {
    /// US Letter, 8.5 x 11 in.
    Letter,
    /// ISO A4, 210 x 297 mm.
    A4,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people.
    Text,
    /// For CI and other programs.
    Json,
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, InputError> {
    match cli.command {
        Command::Check {
            dataset,
            quarter,
            format,
            templates,
        } => {
            let job = pipeline::prepare(&dataset, quarter)?;
            // Render every backend in memory, so that a dataset which checks
            // without an input error is one `render` can write.
            let artifacts = job.render(
                templates.as_deref(),
                &backend::NAMES.map(String::from),
                backend::Options {
                    page_size: PageSize::LETTER,
                },
            )?;
            // What typesetting could not do (a character the fonts lack) is
            // said as `render` says it, on stderr.
            for w in backend::warnings(&artifacts) {
                eprintln!("warning: {w}");
            }
            let warnings = &job.warnings;
            let text = match format {
                Format::Text => {
                    report::warnings(warnings)
                        + &report::notices(&job.notices)
                        + &report::text(&job.model, &job.findings)
                }
                Format::Json => report::json(&job.model, &job.findings, &job.notices, warnings),
            };
            write_stdout(&text);
            Ok(if job.findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Render {
            dataset,
            quarter,
            out,
            format,
            templates,
            paper,
            deny_findings,
        } => {
            let job = pipeline::prepare(&dataset, quarter)?;
            let model = &job.model;
            if deny_findings && !job.findings.is_empty() {
                eprint!("{}", report::text(model, &job.findings));
                eprintln!("nothing written (--deny-findings)");
                return Ok(ExitCode::from(1));
            }
            eprint!("{}", report::warnings(&job.warnings));
            // Every backend runs before anything is written: all files or none.
            let options = backend::Options {
                page_size: match paper {
                    Paper::Letter => PageSize::LETTER,
                    Paper::A4 => PageSize::A4,
                },
            };
            let artifacts = job.render(templates.as_deref(), &format, options)?;
            for w in backend::warnings(&artifacts) {
                eprintln!("warning: {w}");
            }
            let dir = out.unwrap_or_else(|| output::default_dir(model));
            for path in output::write_all(&dir, &artifacts)? {
                eprintln!("wrote {}", path.display());
            }
            if !job.findings.is_empty() {
                eprintln!(
                    "warning: {}; the brief uses the values that tie out (see `brief check {}`)",
                    report::summary(model, &job.findings),
                    dataset.display()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes to stdout; a closed pipe (`brief check x | head`) is not an error.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
