//! The `brief` command line: parse flags, run a stage, map the outcome to an
//! exit status (0 clean, 1 findings, 2 unusable input).

use brief::calendar::Period;
use brief::check::check;
use brief::error::InputError;
use brief::model::QuarterModel;
use brief::{load, report};
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
    /// Exit status: 0 when everything ties out, 1 when there are findings,
    /// 2 when the dataset cannot be read.
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
            let text = match format {
                Format::Text => report::text(&model, &findings),
                Format::Json => report::json(&model, &findings),
            };
            write_stdout(&text);
            Ok(if findings.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

/// Writes to stdout; a closed pipe (`brief check x | head`) is not an error.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
