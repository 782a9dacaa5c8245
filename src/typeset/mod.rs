//! Typesetting the brief's Markdown: [`blocks`] reads it, [`layout`] places
//! it on pages as plain data, measured with the embedded [`fonts`]. The PDF
//! writer (`backend::pdf`) only draws what the layout placed, so layout is
//! tested without a PDF.

pub mod blocks;
pub mod fonts;
pub mod layout;

pub use layout::{Item, Layout, Page, PageSize};

/// Lays out Markdown on pages of `size`.
pub fn typeset(markdown: &str, size: PageSize) -> Layout {
    let fonts = fonts::Fonts::new();
    layout::layout(&blocks::parse(markdown), &fonts, size)
}
