//! Figures in the dataset's own words (issue 10): the headline and
//! sub-headlines, row labels and table footnotes may cite figures as
//! passages do, computed by the same filters. On `tests/fixtures/nine_months`.

mod common;

use common::{copy_of, render_md, replace, root, try_render_md};
use std::path::PathBuf;

fn fixture() -> PathBuf {
    root().join("tests/fixtures/nine_months")
}

#[test]
fn the_headline_and_subheadline_come_from_the_dataset() {
    let md = render_md(&fixture());
    assert!(
        md.starts_with("# Ninemo Reports Third Quarter Revenue of \\$1.2 million\n\n*Nine-month revenue grew 13.8% to \\$3.3 million*\n"),
        "{md}"
    );
    // Without one, the template's own.
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "headline = \"Ninemo Reports Third Quarter Revenue of {{ f.revenue | amount }}\"",
        "",
    );
    let md = render_md(tmp.path());
    assert!(
        md.starts_with("# Ninemo Announces Third Quarter 2024 Financial Results\n"),
        "{md}"
    );
}

#[test]
fn row_labels_and_footnotes_cite_figures() {
    let md = render_md(&fixture());
    assert!(
        md.contains("| Revenue (nine months: \\$3.3 million) | \\$1,200 |"),
        "{md}"
    );
    assert!(
        md.contains("Gross margin for the first nine months was 48.5%."),
        "{md}"
    );
    // A title is a caption that may cite figures too.
    assert!(
        md.contains(
            "**Condensed Statements of Cash Flows (cash of \\$2.6 million at September 30, 2024)**"
        ),
        "{md}"
    );
    // The document's label is plain text, not escaped Markdown.
    let job = brief::pipeline::prepare(&fixture(), None).unwrap();
    let doc = brief::render::render(
        &job.model,
        &job.brief,
        &brief::render::templates(&fixture(), None).unwrap(),
    )
    .unwrap();
    let labels: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            brief::document::Block::Table(t) if t.id == "key_metrics" => {
                Some(t.rows[0].label.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["Revenue (nine months: $3.3 million)"]);
}

/// A label's template error points at the row's line.
#[test]
fn a_broken_label_is_an_error_at_its_row() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "{{ f.revenue.ytd0 | amount }})",
        "{{ f.revenue.ytd9 | amount }})",
    );
    let e = try_render_md(tmp.path()).unwrap_err().to_string();
    assert!(e.contains("model.toml:"), "{e}");
    assert!(e.contains("ytd9"), "{e}");
}

/// A figure typed into a label or footnote goes stale next quarter, as one
/// typed into a passage does: `check` warns, naming where.
#[test]
fn a_typed_figure_in_a_label_or_footnote_is_warned_about() {
    let tmp = copy_of(&fixture());
    replace(
        tmp.path(),
        "model.toml",
        "{{ f.revenue.ytd0 | amount }})",
        "$3.3 million)",
    );
    replace(
        tmp.path(),
        "model.toml",
        "{{ f.gross_margin_pct.ytd0 | amount }}.",
        "48.5%.",
    );
    let job = brief::pipeline::prepare(tmp.path(), None).unwrap();
    let messages: Vec<&str> = job.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m
                .starts_with("`$3.3 million` is typed into a row label of table `key_metrics`")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`48.5%` is typed into a footnote of table `key_metrics`")),
        "{messages:#?}"
    );
}
