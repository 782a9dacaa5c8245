//! The `brief` command line: parse flags, run a stage, map the outcome to an
//! exit status (0 clean, 1 findings, 2 unusable input).

use brief::calendar::Period;
use brief::check::{check, narrative};
use brief::error::InputError;
use brief::model::QuarterModel;
use brief::typeset::PageSize;
use brief::{backend, load, output, render, report};
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
    /// Also warns about the narrative: numbers typed in where a figure exists,
    /// and non-GAAP measures cited without a reconciliation or before their
    /// GAAP counterpart. Exit status: 0 when everything ties out (warnings
    /// or not), 1 when there are findings, 2 when the dataset cannot be read.
    Check {
        /// The dataset folder (company.toml, model.toml, figures.csv or figures.toml).
        dataset: PathBuf,
        /// The quarter to report, such as FY2004-Q1; the latest the figures cover by default.
        #[arg(long, value_parser = parse_period)]
        quarter: Option<Period>,
        /// How to print findings.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
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
        } => {
            let model = QuarterModel::build(load::load(&dataset)?, quarter)?;
            let findings = check(&model)?;
            let warnings = narrative::check(&model);
            let text = match format {
                Format::Text => report::warnings(&warnings) + &report::text(&model, &findings),
                Format::Json => report::json(&model, &findings, &warnings),
            };
            write_stdout(&text);
            Ok(if findings.is_empty() {
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
            let model = QuarterModel::build(load::load(&dataset)?, quarter)?;
            let findings = check(&model)?;
            if deny_findings && !findings.is_empty() {
                eprint!("{}", report::text(&model, &findings));
                eprintln!("nothing written (--deny-findings)");
                return Ok(ExitCode::from(1));
            }
            eprint!("{}", report::warnings(&narrative::check(&model)));
            let templates = render::templates(&dataset, templates.as_deref())?;
            let markdown = render::render(&model, &templates)?;
            let ctx = backend::RenderContext {
                model: &model,
                markdown: &markdown,
            };
            // Every backend runs before anything is written: all files or none.
            let options = backend::Options {
                page_size: match paper {
                    Paper::Letter => PageSize::LETTER,
                    Paper::A4 => PageSize::A4,
                },
            };
            let artifacts = format
                .iter()
                .filter_map(|name| backend::by_name(name, options))
                .map(|b| b.render(&ctx))
                .collect::<Result<Vec<_>, _>>()?;
            for w in artifacts.iter().flat_map(|a| &a.warnings) {
                eprintln!("warning: {w}");
            }
            let dir = out.unwrap_or_else(|| output::default_dir(&model));
            for path in output::write_all(&dir, &output::stem(&model), &artifacts)? {
                eprintln!("wrote {}", path.display());
            }
            if !findings.is_empty() {
                eprintln!(
                    "warning: {}; the brief uses the values that tie out (see `brief check {}`)",
                    report::summary(&model, &findings),
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
