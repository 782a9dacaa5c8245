//! The work of each command on one dataset, as settings in and a report
//! out; `main.rs` parses flags into these settings, runs them over the
//! datasets (`batch`) and prints. Nothing here prints.

pub mod check;
pub mod render;
