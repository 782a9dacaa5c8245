//! Errors for humans: every problem with a dataset names the file, line and
//! column, says what was expected and, for a misspelt name, the nearest valid one.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a dataset file, 1-based, as editors show it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Loc {
    /// The file, as the user named it (relative paths stay relative).
    pub path: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// A dataset that cannot be used, and why. Reported with exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where the problem is; `None` for problems with the dataset as a whole
    /// (a missing file) that have no line.
    pub loc: Option<Loc>,
    /// The path when there is no line to point at.
    pub path: PathBuf,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion: the nearest valid name, or how to fix it.
    pub help: Option<String>,
}

impl InputError {
    /// An error at a position in a file.
    pub fn at(loc: Loc, message: impl Into<String>) -> InputError {
        InputError {
            path: loc.path.clone(),
            loc: Some(loc),
            message: message.into(),
            help: None,
        }
    }

    /// An error about a file or folder as a whole.
    pub fn file(path: &Path, message: impl Into<String>) -> InputError {
        InputError {
            loc: None,
            path: path.to_path_buf(),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a suggestion.
    pub fn help(mut self, help: impl Into<String>) -> InputError {
        self.help = Some(help.into());
        self
    }

    /// Adds a suggestion when there is one.
    pub fn maybe_help(self, help: Option<String>) -> InputError {
        match help {
            Some(h) => self.help(h),
            None => self,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = printable(&self.message);
        match &self.loc {
            Some(loc) => write!(f, "{}: {message}", printable(&loc.to_string()))?,
            None => write!(
                f,
                "{}: {message}",
                printable(&self.path.display().to_string())
            )?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", printable(help))?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Text made safe for a terminal: every control character but a line break
/// (ESC, BEL, NUL, a carriage return, C1 controls) written as `\u{1b}`, so
/// that an error quoting a hostile dataset cannot drive the terminal. The
/// one home of that rule for terminal messages.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The first control character in `text` that a dataset may not hold (any
/// but a tab and a line break), with its byte offset.
pub fn forbidden_control(text: &str) -> Option<(usize, char)> {
    // Control characters are C0 (bytes below 0x20), DEL and C1 (U+0080 to
    // U+009F, 0xC2 then 0x80 to 0x9F in UTF-8); a byte scan finds any of
    // them far faster than decoding every character of a dataset.
    let bytes = text.as_bytes();
    let at = bytes.iter().enumerate().position(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7F => true,
        0xC2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xA0).contains(n)),
        _ => false,
    })?;
    text[at..].chars().next().map(|c| (at, c))
}

/// The nearest of `candidates` to `name`, as "did you mean `x`?", when one is
/// close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    nearest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `name` by edit distance, if it is plausibly a typo.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(dist, c)| *dist <= (c.chars().count().max(3) / 3).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

/// A word or phrase with its indefinite article: "an operating loss", "a
/// net loss", "an integer". The one place the choice is made, for messages
/// and the brief's own sentences.
pub fn with_article(phrase: &str) -> String {
    let first = phrase.trim_start().chars().next().unwrap_or('x');
    // Words that start with a vowel letter but not a vowel sound.
    let consonant_sound = ["uni", "use", "usu", "one", "eu"]
        .iter()
        .any(|p| phrase.trim_start().to_lowercase().starts_with(p));
    let an = matches!(first.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u') && !consonant_sound;
    format!("{} {phrase}", if an { "an" } else { "a" })
}

impl From<crate::document::markdown::TooDeep> for InputError {
    fn from(e: crate::document::markdown::TooDeep) -> InputError {
        InputError::file(Path::new("<rendered brief>"), e.to_string()).help(
            "a passage or template nests `>` quotes or lists too deep; a release needs a few levels at most",
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_byte_scan_finds_exactly_the_control_characters() {
        // Every character of the first two planes' start, alone and after
        // a two-byte and a three-byte character, against char::is_control.
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let expected = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
            for prefix in ["", "é", "€"] {
                let text = format!("{prefix}{c}x");
                let found = super::forbidden_control(&text);
                assert_eq!(found, expected.then_some((prefix.len(), c)), "{c:?}");
            }
        }
    }

    #[test]
    fn terminal_messages_carry_no_control_characters() {
        let e = super::InputError::file(std::path::Path::new("a\u{1b}b"), "x\u{7}\u{0}\u{9b}y\nz");
        assert_eq!(e.to_string(), "a\\u{1b}b: x\\u{7}\\u{0}\\u{9b}y\nz");
    }

    use super::*;

    #[test]
    fn articles_follow_the_sound() {
        assert_eq!(with_article("operating loss"), "an operating loss");
        assert_eq!(with_article("net loss"), "a net loss");
        assert_eq!(with_article("integer"), "an integer");
        assert_eq!(with_article("undefined value"), "an undefined value");
        assert_eq!(with_article("unit"), "a unit");
    }

    #[test]
    fn suggests_near_names_only() {
        let names = ["revenue", "cost_of_services", "net_loss"];
        assert_eq!(nearest("revenu", names), Some("revenue"));
        assert_eq!(nearest("cost_of_service", names), Some("cost_of_services"));
        assert_eq!(nearest("goodwill", names), None);
    }
}
