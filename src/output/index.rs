//! `index.md` at the root of a briefs folder: every brief in the folder, by
//! company, newest quarter first, with relative links that work on GitHub
//! and in mdBook. It is made from what the folder holds (so a brief rendered
//! in an earlier run, or removed by hand, is listed or dropped as it should
//! be), and written only when its bytes change.

use crate::calendar::Period;
use crate::document::escape::escape_str;
use crate::error::InputError;
use std::collections::BTreeMap;
use std::path::Path;

/// The index's file name.
pub const FILE: &str = "index.md";

/// One brief found in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The company's folder name (its slug).
    pub folder: String,
    /// The quarter, from the file name.
    pub quarter: Period,
    /// The brief's headline, from its first heading.
    pub title: String,
    /// Whether its PDF is beside it.
    pub pdf: bool,
}

/// Rebuilds `<root>/index.md` from the briefs under `root`. `names` gives
/// company names by folder for the companies rendered now; a company not
/// rendered now keeps the name the old index gave it (or its folder name).
/// Returns whether the file was written.
pub fn update(root: &Path, names: &BTreeMap<String, String>) -> Result<bool, InputError> {
    let path = root.join(FILE);
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let mut known = names_in(&old);
    known.extend(names.iter().map(|(k, v)| (k.clone(), v.clone())));
    let entries = scan(root)?;
    crate::output::write_if_changed(&path, write(&entries, &known).as_bytes())
}

/// The briefs under `root`: `<folder>/<quarter>.md` whose name is a quarter.
pub fn scan(root: &Path) -> Result<Vec<Entry>, InputError> {
    let mut entries = Vec::new();
    let folders = match std::fs::read_dir(root) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(entries),
        Err(e) => {
            return Err(InputError::file(
                root,
                format!("cannot read the briefs folder: {e}"),
            ));
        }
    };
    for folder in folders.filter_map(|e| e.ok()) {
        let name = folder.file_name().to_string_lossy().into_owned();
        // Only folders `render` makes (a slug), whose names need no
        // escaping in a link.
        if name != crate::output::slug(&name) || !folder.path().is_dir() {
            continue;
        }
        let Ok(files) = std::fs::read_dir(folder.path()) else {
            continue;
        };
        for file in files.filter_map(|e| e.ok()) {
            let file_name = file.file_name().to_string_lossy().into_owned();
            let Some(stem) = file_name.strip_suffix(".md") else {
                continue;
            };
            // Only the names `render` writes: `FY2004-Q1.md`, not `FY2004.md`.
            let Ok(quarter) = stem.parse::<Period>() else {
                continue;
            };
            if quarter.to_string() != stem || !quarter.is_quarter() {
                continue;
            }
            let text = std::fs::read_to_string(file.path()).unwrap_or_default();
            entries.push(Entry {
                folder: name.clone(),
                quarter,
                title: title_of(&text).unwrap_or_else(|| stem.to_string()),
                pdf: folder.path().join(format!("{stem}.pdf")).is_file(),
            });
        }
    }
    Ok(entries)
}

/// The plain text of a brief's first heading. A brief begins with it, so
/// its first block (up to the first blank line) is read alone; only a file
/// that does not begin with a heading is read whole.
fn title_of(markdown: &str) -> Option<String> {
    let heading = |text: &str| {
        crate::document::markdown::read_plain(text)
            .iter()
            .find_map(|b| match b {
                crate::document::Block::Heading { text, .. } => Some(crate::document::plain(text)),
                _ => None,
            })
            .filter(|t| !t.trim().is_empty())
    };
    let first = markdown
        .split_once("\n\n")
        .map_or(markdown, |(first, _)| first);
    heading(first).or_else(|| heading(markdown))
}

/// The index's Markdown: companies by name, each company's briefs newest first.
pub fn write(entries: &[Entry], names: &BTreeMap<String, String>) -> String {
    let mut by_folder: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
    for e in entries {
        by_folder.entry(&e.folder).or_default().push(e);
    }
    let name = |folder: &str| {
        names
            .get(folder)
            .cloned()
            .unwrap_or_else(|| folder.to_string())
    };
    let mut companies: Vec<(&str, Vec<&Entry>)> = by_folder.into_iter().collect();
    companies.sort_by_key(|(folder, _)| (name(folder).to_lowercase(), folder.to_string()));
    let mut out = String::from("# Briefs\n\n");
    if companies.is_empty() {
        out += "No briefs yet.\n";
        return out;
    }
    out += "Every brief in this folder, newest first. Written by `brief render`; do not edit.\n";
    for (folder, mut briefs) in companies {
        briefs.sort_by_key(|b| std::cmp::Reverse(b.quarter));
        out += &format!("\n## {}\n\n", escape_str(&name(folder)));
        out += "| Quarter | Brief | PDF |\n|---|---|---|\n";
        for b in briefs {
            let link = format!("{}/{}", folder, b.quarter);
            let pdf = if b.pdf {
                format!("[PDF]({link}.pdf)")
            } else {
                String::new()
            };
            out += &format!(
                "| {} | [{}]({link}.md) | {pdf} |\n",
                b.quarter,
                escape_str(&b.title)
            );
        }
    }
    out
}

/// The company names an index gives, by folder: each `## Name` heading and
/// the folder its first link points into, read as Markdown (so a title
/// holding `](` cannot be taken for a link).
fn names_in(index: &str) -> BTreeMap<String, String> {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let mut names = BTreeMap::new();
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    let mut text = String::new();
    for event in Parser::new_ext(index, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => {
                in_heading = true;
                text.clear();
            }
            Event::Text(t) | Event::Code(t) if in_heading => text.push_str(&t),
            Event::End(TagEnd::Heading(_)) if in_heading => {
                in_heading = false;
                heading = Some(text.clone());
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let (Some(h), Some((folder, _))) = (&heading, dest_url.split_once('/')) {
                    names.insert(folder.to_string(), h.clone());
                    heading = None;
                }
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(folder: &str, quarter: &str, title: &str) -> Entry {
        Entry {
            folder: folder.into(),
            quarter: quarter.parse().unwrap(),
            title: title.into(),
            pdf: true,
        }
    }

    #[test]
    fn newest_first_and_names_read_back() {
        let names: BTreeMap<String, String> =
            [("icc".to_string(), "Internet Commerce | Corp".to_string())].into();
        let md = write(
            &[
                entry("icc", "FY2003-Q4", "Old"),
                entry("icc", "FY2004-Q1", "New $1"),
                entry("acme", "FY2025-Q2", "Acme"),
            ],
            &names,
        );
        let acme = md.find("## acme").unwrap();
        let icc = md.find("## Internet Commerce \\| Corp").unwrap();
        assert!(acme < icc, "companies by name:\n{md}");
        let new = md.find("FY2004-Q1").unwrap();
        let old = md.find("FY2003-Q4").unwrap();
        assert!(new < old, "newest first:\n{md}");
        assert!(md.contains("[New \\$1](icc/FY2004-Q1.md) | [PDF](icc/FY2004-Q1.pdf)"));
        assert_eq!(
            names_in(&md).get("icc").unwrap(),
            "Internet Commerce | Corp"
        );
        assert_eq!(names_in(&md).get("acme").unwrap(), "acme");
        // A title that looks like a link does not move a name.
        let md = write(&[entry("icc", "FY2004-Q1", "Record [Q3](up/down)")], &names);
        assert_eq!(
            names_in(&md).get("icc").unwrap(),
            "Internet Commerce | Corp"
        );
        assert!(!names_in(&md).contains_key("up"));
    }

    #[test]
    fn a_title_is_the_first_heading_read_as_plain_text() {
        let brief = "# ICC *Reports* \\$3.1 Million\n\nText.\n\n## Later\n";
        assert_eq!(title_of(brief).as_deref(), Some("ICC Reports $3.1 Million"));
        // A heading set off by an underline, and one after a paragraph.
        assert_eq!(title_of("Title\n=====\n\nx\n").as_deref(), Some("Title"));
        assert_eq!(
            title_of("A paragraph.\n\n# Second\n").as_deref(),
            Some("Second")
        );
        // A heading inside a fence is code, not a title.
        assert_eq!(
            title_of("```\n# not\n\n```\n\n# Real\n").as_deref(),
            Some("Real")
        );
        assert_eq!(title_of("No heading.\n"), None);
    }
}
