//! The Markdown backend: the document serialised as GitHub-flavoured
//! Markdown, for a docs repository, and each chart as an SVG file beside
//! it, linked by a relative path with the chart's text alternative.

use super::{Artifact, Backend, RenderContext};
use crate::document::{Chart, markdown};
use crate::error::InputError;
use crate::typeset::{chart, fonts::Fonts, svg};

/// Writes the brief's Markdown and its charts.
pub struct Markdown;

/// The file a chart is written to, beside the Markdown.
fn chart_file(stem: &str, c: &Chart) -> String {
    format!("{stem}-{}.svg", c.id)
}

impl Backend for Markdown {
    fn name(&self) -> &'static str {
        "md"
    }

    fn render(&self, ctx: &RenderContext<'_>) -> Result<Vec<Artifact>, InputError> {
        let stem = ctx.stem;
        let text = markdown::write(&ctx.document.blocks, &|c| chart_file(stem, c));
        let mut files = vec![Artifact {
            name: format!("{stem}.md"),
            bytes: text.into_bytes(),
            warnings: Vec::new(),
        }];
        let charts = ctx.document.charts();
        if !charts.is_empty() {
            for c in charts {
                let drawing = Fonts::with(|fonts| chart::draw(c, chart::WIDTH, fonts));
                files.push(Artifact {
                    name: chart_file(stem, c),
                    bytes: svg::write(&drawing, &c.alt).into_bytes(),
                    warnings: chart::omitted_warning(c, &drawing),
                });
            }
        }
        Ok(files)
    }
}
