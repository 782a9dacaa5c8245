//! Backends: each turns the brief's typed document into files, behind one
//! two-method trait, so adding a format is adding a module. A backend reads
//! only the document, never the model, the view or another backend's
//! output. Backends only produce bytes; `output` writes them, all or nothing.

pub mod markdown;
pub mod pdf;
mod truetype;

use crate::document::Document;
use crate::error::InputError;

/// What every backend is given: the document, and the stem its files are
/// named with (`icc-FY2004-Q1`).
pub struct RenderContext<'a> {
    /// The brief.
    pub document: &'a Document,
    /// The file name stem, so files that link to each other agree.
    pub stem: &'a str,
}

/// A file a backend produced, not yet written.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// File name, in the output folder: `icc-FY2004-Q1.pdf`.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
    /// What the user should know that does not stop the run (characters
    /// the PDF's fonts cannot draw).
    pub warnings: Vec<String>,
}

/// The artifacts' warnings, each once (the Markdown's SVG and the PDF
/// draw the same chart, and say the same of it), in the order first said.
pub fn warnings(artifacts: &[Artifact]) -> Vec<&str> {
    let mut seen = std::collections::BTreeSet::new();
    artifacts
        .iter()
        .flat_map(|a| &a.warnings)
        .map(String::as_str)
        .filter(|w| seen.insert(*w))
        .collect()
}

/// A way to publish the brief.
pub trait Backend {
    /// The name `--format` selects it by.
    fn name(&self) -> &'static str;
    /// Produces its files.
    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<Artifact>, InputError>;
}

/// Settings a backend may use.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The PDF's page size.
    pub page_size: crate::typeset::PageSize,
}

/// Every backend, by name.
pub fn by_name(name: &str, options: Options) -> Option<Box<dyn Backend>> {
    match name {
        "md" => Some(Box::new(markdown::Markdown)),
        "pdf" => Some(Box::new(pdf::Pdf {
            size: options.page_size,
        })),
        _ => None,
    }
}

/// The names `--format` accepts.
pub const NAMES: [&str; 2] = ["md", "pdf"];
