//! Typesetting the brief's document: [`layout`] places its blocks on pages
//! as plain data, measured with the embedded [`fonts`]. The PDF writer
//! (`backend::pdf`) only draws what the layout placed, so layout is tested
//! without a PDF.

pub mod chart;
pub mod fonts;
pub mod layout;
pub mod svg;

pub use layout::{Item, Layout, Page, PageSize};

use crate::document::Document;

/// Lays out a document on pages of `size`.
pub fn typeset(document: &Document, size: PageSize) -> Layout {
    fonts::Fonts::with(|fonts| layout::layout(&document.blocks, &document.meta.title, fonts, size))
}
