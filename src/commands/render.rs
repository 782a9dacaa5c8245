//! `brief render`: one dataset's brief rendered in memory and written into
//! its company's folder under the briefs root.

use crate::backend::{self, Options};
use crate::calendar::Period;
use crate::error::InputError;
use crate::output::{self, Written};
use crate::{load, model::QuarterModel, pipeline, report};
use std::path::{Path, PathBuf};

/// What `render` was asked to do, resolved from its flags.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The quarter to report; the latest the figures cover by default.
    pub quarter: Option<Period>,
    /// The briefs folder: `<root>/<company>/<quarter>.md`, and `index.md`.
    pub root: PathBuf,
    /// Which backends to run.
    pub formats: Vec<String>,
    /// Templates overriding the defaults and the dataset's own.
    pub templates: Option<PathBuf>,
    /// Backend settings.
    pub options: Options,
    /// Write nothing for a dataset with findings.
    pub deny_findings: bool,
}

/// Where a dataset's brief goes, without computing it: the folder and the
/// stem, read from the model.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Destination {
    /// The company's folder under the root.
    pub dir: PathBuf,
    /// The file stem: the quarter.
    pub stem: String,
}

impl Destination {
    /// The brief's Markdown file.
    pub fn markdown(&self) -> PathBuf {
        self.dir.join(format!("{}.md", self.stem))
    }
    /// The brief's PDF.
    pub fn pdf(&self) -> PathBuf {
        self.dir.join(format!("{}.pdf", self.stem))
    }
}

/// Where `model`'s brief goes under `root`.
pub fn destination(root: &Path, model: &QuarterModel) -> Destination {
    Destination {
        dir: output::brief_dir(root, model),
        stem: output::stem(model),
    }
}

/// Reads just enough of a dataset to know where its brief goes.
pub fn locate(
    dataset: &Path,
    quarter: Option<Period>,
    root: &Path,
) -> Result<Destination, InputError> {
    let model = QuarterModel::build(load::load(dataset)?, quarter)?;
    Ok(destination(root, &model))
}

/// The company folder a dataset's brief goes to, read from company.toml
/// alone: two datasets of different companies cannot write the same brief,
/// so only those sharing a folder need [`locate`]. `None` when the file
/// cannot be read; the full run says why.
pub fn company_folder(dataset: &Path) -> Option<String> {
    let source = load::Source::read(&dataset.join(load::COMPANY_FILE)).ok()?;
    let file: load::raw::CompanyFile = source.parse_toml().ok()?;
    Some(output::slug(&file.company.short_name))
}

/// What rendering one dataset did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The company's name, for the index.
    pub company: String,
    /// The company's folder name under the root.
    pub folder: String,
    /// Where the brief went.
    pub destination: Destination,
    /// How many findings its printed figures have.
    pub findings: usize,
    /// Nothing was written because of findings (`--deny-findings`).
    pub denied: bool,
    /// The files written, left unchanged and removed.
    pub written: Written,
    /// What to tell the user on stderr before the files (warnings, and the
    /// findings in full when they stopped the run).
    pub said: Vec<String>,
    /// The findings' one-line summary, when there are findings.
    pub summary: Option<String>,
}

/// Renders `dataset` into its folder under `settings.root`.
pub fn run(dataset: &Path, settings: &Settings) -> Result<Report, InputError> {
    let job = pipeline::prepare(dataset, settings.quarter)?;
    let model = &job.model;
    let destination = destination(&settings.root, model);
    let folder = output::slug(&model.company.short_name);
    let mut report = Report {
        company: model.company.name.clone(),
        folder,
        destination,
        findings: job.findings.len(),
        denied: false,
        written: Written::default(),
        said: Vec::new(),
        summary: (!job.findings.is_empty()).then(|| report::summary(model, &job.findings)),
    };
    if settings.deny_findings && !job.findings.is_empty() {
        report.said.push(report::text(model, &job.findings));
        report.denied = true;
        return Ok(report);
    }
    let warnings = report::warnings(&job.warnings);
    if !warnings.is_empty() {
        report.said.push(warnings);
    }
    // Every backend runs before anything is written: all files or none.
    let artifacts = job.render(
        settings.templates.as_deref(),
        &settings.formats,
        settings.options,
    )?;
    for w in backend::warnings(&artifacts) {
        report.said.push(format!("warning: {w}\n"));
    }
    report.written = output::write_all(
        &report.destination.dir,
        &report.destination.stem,
        &artifacts,
    )?;
    Ok(report)
}
