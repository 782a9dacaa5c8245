//! The whole job for one dataset, in memory: load, build the model, compute
//! the figures once, tie them out, and render every backend. `brief check`
//! and `brief render` run the same steps (check discards the files), so a
//! dataset that checks without an input error renders.

use crate::backend::{self, Artifact, Options, RenderContext};
use crate::calendar::Period;
use crate::check::narrative::{self, Warning};
use crate::check::{self, Finding, Notice};
use crate::compute::Brief;
use crate::error::InputError;
use crate::model::QuarterModel;
use crate::{load, render};
use std::path::Path;
use std::sync::Arc;

/// A dataset read, computed and tied out.
pub struct Prepared {
    /// The model.
    pub model: QuarterModel,
    /// Its figures, computed once.
    pub brief: Arc<Brief>,
    /// Tie-out findings.
    pub findings: Vec<Finding>,
    /// What the checks could not verify, and why.
    pub notices: Vec<Notice>,
    /// Narrative warnings.
    pub warnings: Vec<Warning>,
}

/// Loads `dataset`, builds its model for `quarter`, computes its figures
/// and runs every check.
pub fn prepare(dataset: &Path, quarter: Option<Period>) -> Result<Prepared, InputError> {
    let model = QuarterModel::build(load::load(dataset)?, quarter)?;
    let brief = Arc::new(Brief::compute(&model));
    let check::Checked { findings, notices } = check::check(&model, &brief)?;
    let warnings = narrative::check(&model, &brief);
    Ok(Prepared {
        model,
        brief,
        findings,
        notices,
        warnings,
    })
}

impl Prepared {
    /// Renders the brief with the dataset's templates (and `extra`
    /// overrides) through every backend named in `formats`, in memory.
    pub fn render(
        &self,
        extra_templates: Option<&Path>,
        formats: &[String],
        options: Options,
    ) -> Result<Vec<Artifact>, InputError> {
        let templates = render::templates(&self.model.dir, extra_templates)?;
        let document = render::render(&self.model, &self.brief, &templates)?;
        let stem = crate::output::stem(&self.model);
        let ctx = RenderContext {
            document: &document,
            stem: &stem,
        };
        let mut artifacts = Vec::new();
        for backend in formats
            .iter()
            .filter_map(|name| backend::by_name(name, options))
        {
            artifacts.extend(backend.render(&ctx)?);
        }
        Ok(artifacts)
    }
}
