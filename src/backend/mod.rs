//! Backends: each turns the rendered brief into one file, behind one
//! two-method trait, so adding a format is adding a module. Backends only
//! produce bytes; `output` writes them, all or nothing.

pub mod markdown;
pub mod pdf;

use crate::error::InputError;
use crate::model::QuarterModel;

/// What every backend is given: the brief's Markdown and the model it came from.
pub struct RenderContext<'a> {
    /// The model, for metadata (company, quarter, release date).
    pub model: &'a QuarterModel,
    /// The brief, as the Markdown backend writes it.
    pub markdown: &'a str,
}

/// A file a backend produced, not yet written.
#[derive(Debug, Clone)]
pub struct Artifact {
    /// File extension, without the dot.
    pub extension: &'static str,
    /// Contents.
    pub bytes: Vec<u8>,
    /// What the user should know that does not stop the run (characters
    /// the PDF's fonts cannot draw).
    pub warnings: Vec<String>,
}

/// A way to publish the brief.
pub trait Backend {
    /// The name `--format` selects it by.
    fn name(&self) -> &'static str;
    /// Produces the file.
    fn render(&self, ctx: &RenderContext<'_>) -> Result<Artifact, InputError>;
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
