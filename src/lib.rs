//! `brief` turns a company's quarterly figures into a tied-out investor brief.
//!
//! The data path runs one way (see `ARCHITECTURE.md`): [`load`] reads a
//! dataset folder into located records; [`model`] validates and links them
//! into a [`model::QuarterModel`]; [`compute`] derives exact figures from it;
//! [`check`] ties every printed figure out and reports [`check::Finding`]s.

pub mod arith;
pub mod backend;
pub mod calendar;
pub mod check;
pub mod compute;
pub mod error;
pub mod formula;
pub mod load;
pub mod model;
pub mod number;
pub mod output;
pub mod phrase;
pub mod render;
pub mod report;
pub mod typeset;
pub mod view;
