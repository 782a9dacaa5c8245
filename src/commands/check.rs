//! `brief check`: one dataset tied out, and its brief rendered in memory so
//! that a template error is found before anyone runs `render`.

use crate::backend::{self, Options};
use crate::calendar::Period;
use crate::error::InputError;
use crate::typeset::PageSize;
use crate::{pipeline, report};
use std::path::{Path, PathBuf};

/// What `check` was asked to do.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The quarter to report.
    pub quarter: Option<Period>,
    /// Templates overriding the defaults and the dataset's own.
    pub templates: Option<PathBuf>,
}

/// One dataset checked.
#[derive(Debug, Clone)]
pub struct Report {
    /// Warnings, notices and findings as text.
    pub text: String,
    /// The same as a JSON value.
    pub json: serde_json::Value,
    /// What typesetting could not do (a character the fonts lack).
    pub typeset_warnings: Vec<String>,
    /// How many findings.
    pub findings: usize,
    /// The one-line summary.
    pub summary: String,
}

/// Checks `dataset`.
pub fn run(dataset: &Path, settings: &Settings) -> Result<Report, InputError> {
    let job = pipeline::prepare(dataset, settings.quarter)?;
    // Render every backend in memory, so that a dataset which checks
    // without an input error is one `render` can write.
    let artifacts = job.render(
        settings.templates.as_deref(),
        &backend::NAMES.map(String::from),
        Options {
            page_size: PageSize::LETTER,
        },
    )?;
    let text = report::warnings(&job.warnings)
        + &report::notices(&job.notices)
        + &report::text(&job.model, &job.findings);
    Ok(Report {
        text,
        json: report::json_value(&job.model, &job.findings, &job.notices, &job.warnings),
        typeset_warnings: backend::warnings(&artifacts)
            .into_iter()
            .map(String::from)
            .collect(),
        findings: job.findings.len(),
        summary: report::summary(&job.model, &job.findings),
    })
}
