//! What the fuzz targets run (`fuzz/`), kept in the library so that the
//! test suite runs every input a fuzzer ever crashed on
//! (`tests/fuzz_regressions.rs`) through exactly the same code.
//!
//! Each function takes the fuzzer's bytes and must return, never panic nor
//! abort: an input error is a correct answer. docs/fuzzing.md says how to
//! run them.

use crate::backend::Options;
use crate::typeset::PageSize;
use std::path::Path;

/// The tiny fixture, the dataset the loader and template targets mutate.
const TINY: [(&str, &str); 3] = [
    (
        "company.toml",
        include_str!("../tests/fixtures/tiny/company.toml"),
    ),
    (
        "model.toml",
        include_str!("../tests/fixtures/tiny/model.toml"),
    ),
    (
        "figures.csv",
        include_str!("../tests/fixtures/tiny/figures.csv"),
    ),
];

/// The dataset files a first byte chooses between.
const FILES: [&str; 5] = [
    "company.toml",
    "model.toml",
    "figures.csv",
    "corrections.toml",
    "figures.toml",
];

/// The loader and everything after it: the first byte picks a dataset
/// file, the rest replaces it in the tiny dataset (`figures.toml` replaces
/// `figures.csv`), then the whole job runs (check, Markdown, PDF).
pub fn dataset(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if write_tiny(dir.path()).is_err() {
        return;
    }
    let file = FILES[usize::from(pick) % FILES.len()];
    if file == "figures.toml" {
        let _ = std::fs::remove_file(dir.path().join("figures.csv"));
    }
    if std::fs::write(dir.path().join(file), rest).is_err() {
        return;
    }
    whole_job(dir.path());
}

/// A template: the bytes, as text, are the brief's main template over the
/// tiny dataset; then the whole job runs.
pub fn template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    if write_tiny(dir.path()).is_err()
        || std::fs::create_dir(dir.path().join("templates")).is_err()
        || std::fs::write(dir.path().join("templates/brief.md"), text).is_err()
    {
        return;
    }
    whole_job(dir.path());
}

/// The formula parser, and evaluation of what it accepts is left to the
/// dataset target (it needs a model).
pub fn formula(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::formula::Expr::parse(text);
    }
}

/// The parser of figures as printed.
pub fn number(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::number::parse_figure(text);
    }
}

/// Markdown to blocks, blocks to pages, pages to PDF.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let blocks = crate::document::markdown::read_plain(text);
    let document = crate::document::Document {
        meta: crate::document::Meta {
            title: "Fuzz".to_string(),
            author: String::new(),
            subject: String::new(),
            keywords: Vec::new(),
            timestamp: 0,
        },
        blocks,
    };
    let layout = crate::typeset::typeset(&document, PageSize::LETTER);
    let _ = crate::backend::pdf::write(&layout, &document.meta);
}

fn write_tiny(dir: &Path) -> std::io::Result<()> {
    for (name, text) in TINY {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

fn whole_job(dir: &Path) {
    let Ok(job) = crate::pipeline::prepare(dir, None) else {
        return;
    };
    let formats = ["md".to_string(), "pdf".to_string()];
    let _ = job.render(
        None,
        &formats,
        Options {
            page_size: PageSize::LETTER,
        },
    );
}
