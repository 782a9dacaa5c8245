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
        Ok(Source::new(path.to_path_buf(), read_text(path)?))
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

    /// The text of line `n` (from 1), without its line break; empty past
    /// the end. Found from the line index, not by scanning the file.
    pub fn line(&self, n: usize) -> &str {
        let Some(&start) = n.checked_sub(1).and_then(|i| self.line_starts.get(i)) else {
            return "";
        };
        let end = self.line_starts.get(n).map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
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
        let value = toml::from_str(&self.text).map_err(|e| {
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
        })?;
        self.no_escaped_controls()?;
        Ok(value)
    }

    /// A control character written as a TOML escape (`"\u001b"`) is refused
    /// as a raw one is by [`read_text`]: it would reach the Markdown, the
    /// PDF and the terminal.
    pub fn no_escaped_controls(&self) -> Result<(), InputError> {
        use toml::de::{DeTable, DeValue};
        fn walk(src: &Source, table: &DeTable<'_>) -> Result<(), InputError> {
            for (k, v) in table {
                check(src, k.get_ref(), k.span())?;
                value(src, v)?;
            }
            Ok(())
        }
        fn value(src: &Source, v: &toml::Spanned<DeValue<'_>>) -> Result<(), InputError> {
            match v.get_ref() {
                DeValue::String(s) => check(src, s, v.span()),
                DeValue::Array(a) => a.iter().try_for_each(|x| value(src, x)),
                DeValue::Table(t) => walk(src, t),
                _ => Ok(()),
            }
        }
        fn check(src: &Source, s: &str, span: Range<usize>) -> Result<(), InputError> {
            match crate::error::forbidden_control(s) {
                Some((_, c)) => Err(control_error(src.loc(span), c)),
                None => Ok(()),
            }
        }
        // Only an escape can make a control character out of text that holds
        // none (read_text refused those): `\b`, `\f`, `\e`, `\xHH`,
        // `\uXXXX` or `\UXXXXXXXX`. Without one there is nothing to find, and
        // the second parse is skipped.
        let escapes = self
            .text
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\\' && matches!(w[1], b'b' | b'f' | b'e' | b'x' | b'u' | b'U'));
        if !escapes {
            return Ok(());
        }
        match DeTable::parse(&self.text) {
            Ok(root) => walk(self, root.get_ref()),
            // serde read it, so this cannot fail; if it did, serde's reading stands.
            Err(_) => Ok(()),
        }
    }
}

/// A control character where a dataset may not hold one.
fn control_error(loc: Loc, c: char) -> InputError {
    InputError::at(
        loc,
        format!(
            "a control character (U+{:04X}) is not allowed in a dataset",
            c as u32
        ),
    )
    .help("remove it: only tabs and line breaks may appear in text")
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

/// The largest input file read: a million figure rows are about 40 MB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Whether a dataset file is there at all: a symbolic link counts even when
/// it points nowhere, so that [`read_text`] says so instead of the file
/// being left out in silence.
pub fn present(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// The one way an input file is read: only a regular file (or a symbolic
/// link to one), at most [`MAX_FILE_BYTES`], as UTF-8. A dangling or looping
/// link, a folder, a FIFO or a device (`/dev/zero`) is an error that says
/// so, and invalid UTF-8 is an error at its line and column.
pub fn read_text(path: &Path) -> Result<String, InputError> {
    use std::io::Read;
    let fail = |m: String| InputError::file(path, m);
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            return Err(match fs::symlink_metadata(path) {
                Ok(link) if link.file_type().is_symlink() => {
                    if e.raw_os_error() == Some(40) {
                        fail("is a symbolic link that loops".into())
                    } else {
                        fail(format!("is a symbolic link to nothing ({})", target(path)))
                    }
                }
                _ => fail(format!("cannot read the file: {e}")),
            });
        }
    };
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(fail(format!(
            "is {what}; a dataset file must be a regular file"
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "is {} bytes; the largest file brief reads is {MAX_FILE_BYTES} bytes",
            meta.len()
        )));
    }
    let file = fs::File::open(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read is still cut off at the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(format!(
            "is larger than {MAX_FILE_BYTES} bytes, the largest file brief reads"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = String::from_utf8_lossy(&bytes[..good]);
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        InputError::at(
            Loc {
                path: path.to_path_buf(),
                line,
                col,
            },
            format!("not valid UTF-8 (byte 0x{:02X})", bytes[good]),
        )
        .help("save the file as UTF-8")
    })?;
    if let Some((at, c)) = crate::error::forbidden_control(&text) {
        return Err(control_error(
            Source::new(path.to_path_buf(), text).loc_at(at),
            c,
        ));
    }
    Ok(text)
}

fn target(path: &Path) -> String {
    fs::read_link(path).map_or_else(|_| "?".into(), |t| t.display().to_string())
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
    let figures = match (present(&csv), present(&toml)) {
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
    let corrections = if present(&corrections_path) {
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
    fn hostile_files_are_errors_that_say_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(p("nowhere"), p("dangling")).unwrap();
            assert!(
                read_text(&p("dangling"))
                    .unwrap_err()
                    .message
                    .contains("symbolic link to nothing")
            );
            std::os::unix::fs::symlink(p("loop"), p("loop")).unwrap();
            assert!(read_text(&p("loop")).unwrap_err().message.contains("loops"));
            assert!(
                read_text(Path::new("/dev/zero"))
                    .unwrap_err()
                    .message
                    .contains("not a regular file")
            );
            assert!(present(&p("dangling")));
        }
        assert!(
            read_text(dir.path())
                .unwrap_err()
                .message
                .contains("is a folder")
        );
        std::fs::write(p("bad"), b"a = 1\nb = \"x\xffy\"\n").unwrap();
        let e = read_text(&p("bad")).unwrap_err();
        assert_eq!(
            e.to_string().split(": ").next().unwrap(),
            format!("{}:2:7", p("bad").display())
        );
        assert!(e.message.contains("not valid UTF-8 (byte 0xFF)"));
    }

    #[test]
    fn suggests_the_nearest_key() {
        let help =
            misspelt_name_help("unknown field `lable`, expected one of `id`, `label`, `kind`");
        assert_eq!(help.as_deref(), Some("did you mean `label`?"));
        assert_eq!(misspelt_name_help("invalid type: integer"), None);
    }
}
