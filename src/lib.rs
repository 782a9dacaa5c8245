//! `brief` turns a company's quarterly figures into a tied-out investor brief.
//!
//! The data path runs one way (see `ARCHITECTURE.md`): [`load`] reads a
//! dataset folder into located records; [`model`] validates and links them
//! into a [`model::QuarterModel`]; [`compute`] derives exact figures from it;
//! [`check`] ties every printed figure out and reports [`check::Finding`]s;
//! [`view`] and [`render`] put the figures through tera templates into the
//! brief's Markdown; the [`backend`]s write it as Markdown and, typeset by
//! [`typeset`], as PDF; [`output`] writes the files atomically.

#![warn(missing_docs)]

pub mod arith;
pub mod backend;
pub mod batch;
pub mod calendar;
pub mod check;
pub mod commands;
pub mod compute;
pub mod deliver;
pub mod document;
pub mod error;
pub mod formula;
#[doc(hidden)]
pub mod fuzz;
pub mod load;
pub mod model;
pub mod number;
pub mod output;
pub mod phrase;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod scale;
pub mod typeset;
pub mod view;
