//! Reading a dataset folder into raw, located records.
//!
//! Nothing here interprets figures beyond reading their text: every value
//! keeps its file, line and column so that later stages can point back at it.
//! The model stage validates and links what is read here.

mod figures;
pub mod raw;

use crate::error::{InputError, Loc, did_you_mean};
use serde::de::DeserializeOwned;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use figures::RawFigure;

/// A value read from a file, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub loc: Loc,
}

/// A file's text, kept to turn byte spans into lines and columns.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
    /// Byte offset where each line starts, so a position is found by binary
    /// search rather than by rescanning the file for every figure.
    line_starts: Vec<usize>,
}

impl Source {
    /// A file's text, as read from `path`.
    pub fn new(path: PathBuf, text: String) -> Source {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source {
            path,
            text,
            line_starts,
        }
    }

    /// Reads a file; a missing or unreadable file is an input error.
    pub fn read(path: &Path) -> Result<Source, InputError> {
        let text = fs::read_to_string(path)
            .map_err(|e| InputError::file(path, format!("cannot read the file: {e}")))?;
        Ok(Source::new(path.to_path_buf(), text))
    }

    /// The line and column of a byte offset.
    pub fn loc_at(&self, offset: usize) -> Loc {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        Loc {
            path: self.path.clone(),
            line,
            col: self.text[start..offset].chars().count() + 1,
        }
    }

    /// The line and column where a byte span starts.
    pub fn loc(&self, span: Range<usize>) -> Loc {
        self.loc_at(span.start)
    }

    /// The position of the first character inside a quoted TOML string whose
    /// span includes its quotes, moved on by `offset` characters.
    pub fn loc_in_string(&self, span: Range<usize>, offset: usize) -> Loc {
        let mut loc = self.loc(span);
        loc.col += 1 + offset;
        loc
    }

    /// Deserialises a TOML file, turning serde's message into one that names
    /// the line and, for a misspelt key or value, the nearest valid one.
    pub fn parse_toml<T: DeserializeOwned>(&self) -> Result<T, InputError> {
        toml::from_str(&self.text).map_err(|e| {
            let loc = match e.span() {
                Some(span) => self.loc(span),
                None => Loc {
                    path: self.path.clone(),
                    line: 1,
                    col: 1,
                },
            };
            let message = e.message().trim().to_string();
            let help = misspelt_name_help(&message);
            InputError::at(loc, message).maybe_help(help)
        })
    }
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (and the same
/// for enum variants), the nearest expected name.
fn misspelt_name_help(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))?;
    let (name, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    did_you_mean(name, candidates.iter().copied())
}

/// Every file of a dataset, read but not yet interpreted.
#[derive(Debug)]
pub struct RawDataset {
    /// The dataset folder.
    pub dir: PathBuf,
    /// `company.toml`.
    pub company: Located<raw::CompanyFile>,
    /// `model.toml`.
    pub model: raw::ModelFile,
    /// The model file's text, for locating spans inside it.
    pub model_source: Source,
    /// The company file's text.
    pub company_source: Source,
    /// Every row of `figures.csv` or `figures.toml`.
    pub figures: Vec<RawFigure>,
    /// `corrections.toml`, if the dataset has one.
    pub corrections: Option<(Source, raw::CorrectionsFile)>,
}

/// File names a dataset folder may hold.
pub const COMPANY_FILE: &str = "company.toml";
/// The structure: items, measures, tables, passages, checks.
pub const MODEL_FILE: &str = "model.toml";
/// Figures, one row per item per period.
pub const FIGURES_CSV: &str = "figures.csv";
/// Figures, a table per item.
pub const FIGURES_TOML: &str = "figures.toml";
/// Declared corrections to printed figures.
pub const CORRECTIONS_FILE: &str = "corrections.toml";

/// Reads every file of the dataset in `dir`.
pub fn load(dir: &Path) -> Result<RawDataset, InputError> {
    if !dir.is_dir() {
        return Err(InputError::file(dir, "not a dataset folder").help(format!(
            "a dataset is a folder holding {COMPANY_FILE}, {MODEL_FILE} and {FIGURES_CSV} or {FIGURES_TOML}"
        )));
    }
    let company_source = Source::read(&dir.join(COMPANY_FILE))?;
    let company = Located {
        value: company_source.parse_toml()?,
        loc: company_source.loc(0..0),
    };
    let model_source = Source::read(&dir.join(MODEL_FILE))?;
    let model = model_source.parse_toml()?;
    let csv = dir.join(FIGURES_CSV);
    let toml = dir.join(FIGURES_TOML);
    let figures = match (csv.exists(), toml.exists()) {
        (true, true) => {
            return Err(InputError::file(
                dir,
                format!("has both {FIGURES_CSV} and {FIGURES_TOML}"),
            )
            .help("keep one: a figure written twice could disagree"));
        }
        (true, false) => figures::read_csv(&Source::read(&csv)?)?,
        (false, true) => figures::read_toml(&Source::read(&toml)?)?,
        (false, false) => {
            return Err(InputError::file(
                dir,
                format!("has no figures: expected {FIGURES_CSV} or {FIGURES_TOML}"),
            ));
        }
    };
    let corrections_path = dir.join(CORRECTIONS_FILE);
    let corrections = if corrections_path.exists() {
        let source = Source::read(&corrections_path)?;
        let file = source.parse_toml()?;
        Some((source, file))
    } else {
        None
    };
    Ok(RawDataset {
        dir: dir.to_path_buf(),
        company,
        model,
        model_source,
        company_source,
        figures,
        corrections,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_line_and_column() {
        let source = Source::new(PathBuf::from("f.toml"), "a = 1\nbé = x\n".to_string());
        assert_eq!(source.loc_at(10).to_string(), "f.toml:2:4");
        assert_eq!(source.loc_at(0).to_string(), "f.toml:1:1");
        assert_eq!(source.loc_at(6).to_string(), "f.toml:2:1");
        assert_eq!(source.loc_at(99).to_string(), "f.toml:3:1");
    }

    #[test]
    fn suggests_the_nearest_key() {
        let help =
            misspelt_name_help("unknown field `lable`, expected one of `id`, `label`, `kind`");
        assert_eq!(help.as_deref(), Some("did you mean `label`?"));
        assert_eq!(misspelt_name_help("invalid type: integer"), None);
    }
}
