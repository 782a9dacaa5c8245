//! The `brief` command line: parse flags into settings, run a command over
//! its datasets, print, and map the outcome to an exit status (0 clean, 1
//! findings or recipients not reached, 2 unusable input or a failed dataset).

use brief::calendar::Period;
use brief::commands::{check, render};
use brief::deliver::{self, smtp};
use brief::error::InputError;
use brief::typeset::PageSize;
use brief::{backend, batch, output};
use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Turns a company's quarterly figures into a tied-out investor brief.
#[derive(Parser)]
#[command(name = "brief", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Ties out every figure of each dataset and reports what disagrees.
    ///
    /// Also renders each brief in memory (writing nothing), so that a
    /// template error is found here, and warns about the narrative: numbers
    /// typed in where a figure exists, and non-GAAP measures cited without a
    /// reconciliation or before their GAAP counterpart. Exit status: 0 when
    /// everything ties out (warnings or not), 1 when there are findings, 2
    /// when a dataset or a template cannot be used.
    Check {
        #[command(flatten)]
        common: Common,
        /// How to print findings (JSON: one object, or for several datasets an array of one entry each).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Writes the brief (Markdown, PDF and charts) of each dataset into a briefs folder.
    ///
    /// Each brief goes to <out>/<company>/<quarter>.md with its PDF and
    /// charts beside it, and <out>/index.md lists every brief in the folder.
    /// A file whose bytes would not change is not rewritten. Findings in a
    /// dataset's printed figures are reported on stderr and the brief uses
    /// the values that tie out. Exit status: 0 when written, 1 with
    /// --deny-findings and findings, 2 when a dataset or a template cannot
    /// be used (the other datasets are still rendered).
    Render {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        output: OutputArgs,
        /// Which files to write, comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = backend::NAMES.map(String::from), value_parser = clap::builder::PossibleValuesParser::new(backend::NAMES))]
        format: Vec<String>,
        /// Write nothing for a dataset with findings, and exit 1.
        #[arg(long)]
        deny_findings: bool,
    },
    /// Emails each brief's PDF to the distribution list its dataset declares.
    ///
    /// The PDF must be in the briefs folder and be exactly what the dataset
    /// renders now (--render renders it first), and the dataset must have
    /// no findings (--allow-findings). Each recipient is sent it once: the
    /// send log beside the brief (<quarter>.sent.toml) records every
    /// delivery, and a re-run sends only to those who did not get it. SMTP
    /// settings come from --smtp FILE or BRIEF_SMTP_CONFIG, and the
    /// environment (BRIEF_SMTP_URL, BRIEF_SMTP_PASSWORD or
    /// BRIEF_SMTP_PASSWORD_FILE, BRIEF_SMTP_CA_FILE). Exit status: 0 when
    /// everyone has it, 1 when a recipient was not reached (re-run later),
    /// 2 when a dataset or the settings cannot be used.
    Send {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        output: OutputArgs,
        /// Render each brief (as `render` would) before sending it.
        #[arg(long)]
        render: bool,
        /// Send a brief even though its dataset has findings.
        #[arg(long)]
        allow_findings: bool,
        /// Send again to recipients who may already have it (a run that lost
        /// its connection after the whole message was sent).
        #[arg(long)]
        resend_unconfirmed: bool,
        /// Write each message as an .eml file in --outbox instead of sending it.
        #[arg(long)]
        dry_run: bool,
        /// Where --dry-run writes its messages.
        #[arg(long, default_value = "output/outbox")]
        outbox: PathBuf,
        /// The SMTP settings file ([smtp] url, password_file or password_env, ca_file).
        #[arg(long)]
        smtp: Option<PathBuf>,
    },
}

/// Flags every command takes.
#[derive(Args)]
struct Common {
    /// Dataset folders (company.toml, model.toml, figures.csv or figures.toml),
    /// or folders holding dataset folders.
    #[arg(required = true, value_name = "DATASET")]
    datasets: Vec<PathBuf>,
    /// The quarter to report, such as FY2004-Q1; the latest the figures cover by default.
    #[arg(long, value_parser = parse_period)]
    quarter: Option<Period>,
    /// A folder of templates that override the defaults by name.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// No progress bar, and no line per file written.
    #[arg(long, short)]
    quiet: bool,
}

/// Where briefs are and how they were typeset.
#[derive(Args)]
struct OutputArgs {
    /// The briefs folder: <out>/<company>/<quarter>.md, and <out>/index.md.
    #[arg(long, default_value = output::DEFAULT_ROOT)]
    out: PathBuf,
    /// The PDF's paper size.
    #[arg(long, value_enum, default_value_t = Paper::Letter)]
    paper: Paper,
}

#[derive(Clone, Copy, ValueEnum)]
enum Paper {
    /// US Letter, 8.5 x 11 in.
    Letter,
    /// ISO A4, 210 x 297 mm.
    A4,
}

impl Paper {
    fn size(self) -> PageSize {
        match self {
            Paper::Letter => PageSize::LETTER,
            Paper::A4 => PageSize::A4,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
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
        Command::Check { common, format } => Ok(run_check(&common, format)),
        Command::Render {
            common,
            output,
            format,
            deny_findings,
        } => {
            let settings = render::Settings {
                quarter: common.quarter,
                root: output.out.clone(),
                formats: format,
                templates: common.templates.clone(),
                options: backend::Options {
                    page_size: output.paper.size(),
                },
                deny_findings,
            };
            Ok(ExitCode::from(run_render(&common, &settings)))
        }
        Command::Send {
            common,
            output,
            render,
            allow_findings,
            resend_unconfirmed,
            dry_run,
            outbox,
            smtp,
        } => {
            // Settings first: a send that cannot connect should not render.
            let client = if dry_run {
                None
            } else {
                Some(smtp::Client::new(smtp::Settings::resolve(
                    smtp.as_deref(),
                    &|k| std::env::var(k).ok(),
                )?))
            };
            let mut code = 0;
            if render {
                let settings = render::Settings {
                    quarter: common.quarter,
                    root: output.out.clone(),
                    formats: backend::NAMES.map(String::from).to_vec(),
                    templates: common.templates.clone(),
                    options: backend::Options {
                        page_size: output.paper.size(),
                    },
                    deny_findings: !allow_findings,
                };
                code = run_render(&common, &settings);
            }
            let settings = deliver::Settings {
                quarter: common.quarter,
                root: output.out.clone(),
                templates: common.templates.clone(),
                page_size: output.paper.size(),
                allow_findings,
                resend_unconfirmed,
            };
            let sent = run_send(
                &common,
                &settings,
                client,
                dry_run.then_some(outbox.as_path()),
            );
            Ok(ExitCode::from(code.max(sent)))
        }
    }
}

/// A progress bar on a terminal, for a batch; hidden otherwise.
fn progress(n: usize, quiet: bool, what: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr());
    if quiet || n < 2 || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_prefix(what.to_string());
    bar
}

/// Prints to stderr above the progress bar.
fn say(bar: &ProgressBar, text: &str) {
    if text.is_empty() {
        return;
    }
    bar.suspend(|| {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = err.write_all(b"\n");
        }
    });
}

fn seconds(start: Instant) -> String {
    format!("{:.2} s", start.elapsed().as_secs_f64())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn run_check(common: &Common, format: Format) -> ExitCode {
    let start = Instant::now();
    let datasets = batch::datasets(&common.datasets);
    let is_batch = batch::is_batch(&common.datasets);
    let settings = check::Settings {
        quarter: common.quarter,
        templates: common.templates.clone(),
    };
    let bar = progress(datasets.len(), common.quiet, "checking");
    let (mut clean, mut with_findings, mut failed) = (0, 0, 0);
    let mut entries = Vec::new();
    let mut out = String::new();
    batch::run_ordered(
        datasets.len(),
        |i| check::run(&datasets[i], &settings),
        || bar.inc(1),
        |i, result| match result {
            Ok(report) => {
                for w in &report.typeset_warnings {
                    say(&bar, &format!("warning: {w}"));
                }
                if report.findings == 0 {
                    clean += 1;
                } else {
                    with_findings += 1;
                }
                match format {
                    Format::Json => entries.push(report.json),
                    Format::Text if is_batch => {
                        write_stdout(&format!(
                            "==> {} <==\n{}\n",
                            datasets[i].display(),
                            report.text
                        ));
                    }
                    Format::Text => out.push_str(&report.text),
                }
            }
            Err(e) => {
                failed += 1;
                say(&bar, &format!("error: {e}"));
                if format == Format::Json && is_batch {
                    entries.push(brief::report::json_error(&datasets[i], &e));
                }
            }
        },
    );
    bar.finish_and_clear();
    match format {
        Format::Json if is_batch => {
            let mut s = serde_json::to_string_pretty(&entries).expect("reports serialise");
            s.push('\n');
            write_stdout(&s);
        }
        Format::Json => {
            if let Some(e) = entries.first() {
                let mut s = serde_json::to_string_pretty(e).expect("reports serialise");
                s.push('\n');
                write_stdout(&s);
            }
        }
        Format::Text => write_stdout(&out),
    }
    if is_batch {
        eprintln!(
            "checked {} in {}: {} clean, {} with findings, {} failed",
            plural(datasets.len(), "dataset", "datasets"),
            seconds(start),
            clean,
            with_findings,
            failed
        );
    }
    ExitCode::from(if failed > 0 {
        2
    } else if with_findings > 0 {
        1
    } else {
        0
    })
}

/// Renders every dataset; returns the exit status.
fn run_render(common: &Common, settings: &render::Settings) -> u8 {
    let start = Instant::now();
    let datasets = batch::datasets(&common.datasets);
    let is_batch = batch::is_batch(&common.datasets);
    // A run killed part-way through writing a brief left a journal: its
    // renames are finished first, whichever briefs this run renders.
    output::recover(&settings.root);
    let bar = progress(datasets.len(), common.quiet, "rendering");
    // Two datasets making the same brief would overwrite each other: both
    // are refused, whichever finished first.
    let mut refused: HashMap<usize, InputError> = HashMap::new();
    if datasets.len() > 1 {
        // Only datasets that share a company folder can collide; only they
        // are loaded twice to learn their quarter.
        let mut by_folder: HashMap<Option<String>, Vec<usize>> = HashMap::new();
        for (i, d) in datasets.iter().enumerate() {
            by_folder
                .entry(render::company_folder(d))
                .or_default()
                .push(i);
        }
        let suspects: Vec<usize> = by_folder
            .into_iter()
            .filter(|(folder, users)| folder.is_none() || users.len() > 1)
            .flat_map(|(_, users)| users)
            .collect::<std::collections::BTreeSet<usize>>()
            .into_iter()
            .collect();
        let mut by_destination: BTreeMap<render::Destination, Vec<usize>> = BTreeMap::new();
        batch::run_ordered(
            suspects.len(),
            |k| render::locate(&datasets[suspects[k]], settings.quarter, &settings.root),
            || {},
            |k, r| match r {
                Ok(d) => by_destination.entry(d).or_default().push(suspects[k]),
                Err(e) => {
                    refused.insert(suspects[k], e);
                }
            },
        );
        for (dest, users) in by_destination.into_iter().filter(|(_, u)| u.len() > 1) {
            let names: Vec<String> = users
                .iter()
                .map(|&i| datasets[i].display().to_string())
                .collect();
            for &i in &users {
                refused.insert(
                    i,
                    InputError::file(
                        &datasets[i],
                        format!(
                            "{} would be written by {} datasets ({}); none of them is written",
                            dest.markdown().display(),
                            users.len(),
                            names.join(", ")
                        ),
                    )
                    .help("give each company its own short_name, or render them into different --out folders"),
                );
            }
        }
    }
    let (mut written, mut unchanged, mut with_findings, mut failed, mut denied) = (0, 0, 0, 0, 0);
    let mut names = BTreeMap::new();
    batch::run_ordered(
        datasets.len(),
        |i| match refused.get(&i) {
            Some(e) => Err(e.clone()),
            None => render::run(&datasets[i], settings),
        },
        || bar.inc(1),
        |i, result| match result {
            Ok(report) => {
                for s in &report.said {
                    say(&bar, s);
                }
                if report.denied {
                    denied += 1;
                    say(
                        &bar,
                        &format!(
                            "{}: nothing written (--deny-findings)",
                            datasets[i].display()
                        ),
                    );
                    return;
                }
                names.insert(report.folder.clone(), report.company.clone());
                if report.written.changed.is_empty() && report.written.removed.is_empty() {
                    unchanged += 1;
                } else {
                    written += 1;
                }
                if !common.quiet {
                    if is_batch {
                        let w = &report.written;
                        say(
                            &bar,
                            &format!(
                                "{}: {}",
                                report.destination.markdown().display(),
                                if w.changed.is_empty() && w.removed.is_empty() {
                                    "unchanged".to_string()
                                } else {
                                    format!("{} written", plural(w.changed.len(), "file", "files"))
                                }
                            ),
                        );
                    } else {
                        for p in &report.written.changed {
                            say(&bar, &format!("wrote {}", p.display()));
                        }
                        for p in &report.written.unchanged {
                            say(&bar, &format!("unchanged {}", p.display()));
                        }
                        for p in &report.written.removed {
                            say(&bar, &format!("removed {}", p.display()));
                        }
                    }
                }
                if let Some(summary) = &report.summary {
                    with_findings += 1;
                    say(
                        &bar,
                        &format!(
                            "warning: {summary}; the brief uses the values that tie out (see `brief check {}`)",
                            datasets[i].display()
                        ),
                    );
                }
            }
            Err(e) => {
                failed += 1;
                say(&bar, &format!("error: {e}"));
            }
        },
    );
    bar.finish_and_clear();
    if written + unchanged > 0 {
        match output::index::update(&settings.root, &names) {
            Ok(true) if !common.quiet => {
                eprintln!(
                    "wrote {}",
                    settings.root.join(output::index::FILE).display()
                )
            }
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    if is_batch {
        eprintln!(
            "rendered {} in {}: {} written, {} unchanged, {} with findings, {} failed{}",
            plural(datasets.len(), "dataset", "datasets"),
            seconds(start),
            written,
            unchanged,
            with_findings,
            failed,
            if denied > 0 {
                format!(", {denied} not written (--deny-findings)")
            } else {
                String::new()
            }
        );
    }
    if failed > 0 {
        2
    } else if denied > 0 {
        1
    } else {
        0
    }
}

/// What a send run has done so far, for its summary.
#[derive(Default)]
struct Tally {
    delivered: usize,
    had: usize,
    failed: usize,
    unconfirmed: usize,
    refused: usize,
}

/// Sends every dataset's brief; returns the exit status.
fn run_send(
    common: &Common,
    settings: &deliver::Settings,
    mut client: Option<smtp::Client>,
    outbox: Option<&Path>,
) -> u8 {
    let start = Instant::now();
    let datasets = batch::datasets(&common.datasets);
    let bar = progress(datasets.len(), common.quiet, "sending");
    let mut t = Tally::default();
    let mut stop: Option<InputError> = None;
    let mut seen: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    // Briefs are checked on every core; the messages go out one at a time,
    // in the order the datasets were given, over one connection.
    batch::run_ordered(
        datasets.len(),
        |i| deliver::prepare(&datasets[i], settings),
        || {},
        |i, result| {
            bar.inc(1);
            let out = match result {
                Ok(o) => o,
                Err(e) => {
                    t.refused += 1;
                    say(&bar, &format!("error: {e}"));
                    return;
                }
            };
            if let Some(first) = seen.get(&out.destination.pdf()) {
                t.refused += 1;
                say(
                    &bar,
                    &format!(
                        "error: {}: {} is the brief of {} too; it is sent once",
                        datasets[i].display(),
                        out.destination.pdf().display(),
                        first.display()
                    ),
                );
                return;
            }
            seen.insert(out.destination.pdf(), datasets[i].clone());
            if stop.is_some() {
                say(
                    &bar,
                    &format!(
                        "{}: not sent (the run stopped: see the error above)",
                        out.label
                    ),
                );
                t.failed += out.recipients.len();
                return;
            }
            let Some(client) = client.as_mut() else {
                dry_run(&bar, &out, outbox.expect("a dry run has an outbox"), &mut t);
                return;
            };
            let sent = deliver::send(&out, client);
            report_sent(&bar, &out, &sent, common.quiet, &mut t);
            if let Some(e) = sent.error {
                stop = Some(e);
            }
        },
    );
    bar.finish_and_clear();
    if let Some(c) = client.as_mut() {
        c.quit();
    }
    if let Some(e) = &stop {
        eprintln!("error: {e}");
    }
    if outbox.is_none() {
        eprintln!(
            "sent {} in {}: {} delivered, {} already had it, {} not delivered, {} unconfirmed, {} refused",
            plural(datasets.len(), "brief", "briefs"),
            seconds(start),
            t.delivered,
            t.had,
            t.failed,
            t.unconfirmed,
            t.refused
        );
    }
    if stop.is_some() || t.refused > 0 {
        2
    } else if t.failed > 0 || t.unconfirmed > 0 {
        1
    } else {
        0
    }
}

/// What the log said before a brief went: who already has it.
fn report_skipped(
    bar: &ProgressBar,
    label: &str,
    skipped: &[(String, deliver::log::Status)],
    quiet: bool,
    t: &mut Tally,
) {
    for (who, status) in skipped {
        match status {
            deliver::log::Status::Delivered => {
                t.had += 1;
                if !quiet {
                    say(bar, &format!("{label}: {who} already has it"));
                }
            }
            _ => {
                t.unconfirmed += 1;
                say(
                    bar,
                    &format!(
                        "warning: {label}: {who} may already have it (a send was not confirmed); not sent again without --resend-unconfirmed"
                    ),
                );
            }
        }
    }
}

/// What happened to each recipient of one brief.
fn report_sent(
    bar: &ProgressBar,
    out: &deliver::Outgoing,
    sent: &deliver::Sent,
    quiet: bool,
    t: &mut Tally,
) {
    let label = &out.label;
    for n in &sent.notes {
        say(bar, &format!("{label}: {n}"));
    }
    report_skipped(bar, label, &sent.skipped, quiet, t);
    for who in &sent.delivered {
        t.delivered += 1;
        if !quiet {
            say(bar, &format!("{label}: sent to {who}"));
        }
    }
    for (who, why) in &sent.unconfirmed {
        t.unconfirmed += 1;
        say(
            bar,
            &format!("warning: {label}: {who} may or may not have it: {why}"),
        );
    }
    for (who, why) in &sent.failed {
        t.failed += 1;
        say(
            bar,
            &format!("error: {label}: not delivered to {who}: {why}"),
        );
    }
    for who in &sent.not_tried {
        t.failed += 1;
        say(
            bar,
            &format!("error: {label}: not sent to {who} (the run stopped)"),
        );
    }
}

/// Writes one brief's message into the outbox instead of sending it.
fn dry_run(bar: &ProgressBar, out: &deliver::Outgoing, outbox: &Path, t: &mut Tally) {
    let plan = match deliver::log::Log::open(&out.log_path()) {
        Ok(log) => out.plan(&log),
        Err(e) => {
            t.refused += 1;
            say(bar, &format!("error: {e}"));
            return;
        }
    };
    for n in &plan.notes {
        say(bar, &format!("{}: {n}", out.label));
    }
    report_skipped(bar, &out.label, &plan.skipped, false, t);
    match deliver::dry_run(out, outbox) {
        Ok(path) => {
            let who: Vec<String> = plan
                .pending
                .iter()
                .map(|a| a.mailbox.email.to_string())
                .collect();
            say(
                bar,
                &format!(
                    "{}: wrote {} (\"{}\"), which would go to {}",
                    out.label,
                    path.display(),
                    out.subject,
                    if who.is_empty() {
                        "nobody new".to_string()
                    } else {
                        who.join(", ")
                    }
                ),
            );
        }
        Err(e) => {
            t.refused += 1;
            say(bar, &format!("error: {e}"));
        }
    }
}

/// Writes to stdout; a closed pipe (`brief check x | head`) is not an error.
fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
