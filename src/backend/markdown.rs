//! The Markdown backend: the rendered brief as it is, GitHub-flavoured.

use super::{Artifact, Backend, RenderContext};
use crate::error::InputError;

/// Writes the brief's Markdown.
pub struct Markdown;

impl Backend for Markdown {
    fn name(&self) -> &'static str {
        "md"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Artifact, InputError> {
        Ok(Artifact {
            extension: "md",
            bytes: ctx.markdown.as_bytes().to_vec(),
            warnings: Vec::new(),
        })
    }
}
